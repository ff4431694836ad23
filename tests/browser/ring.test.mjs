// The command ring (threads mode's call path) in Chromium and Firefox: the same results, in
// the same order, as the postMessage path; its fallbacks; the option's refusal.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSERS } from '../../scripts/browsers.mjs';
import { assertSameAsPosted } from '../model/ring-assert.mjs';
import { startBrowser } from './support/harness.mjs';

const checks = async (callPath) => (await import('/cases/model/ring-checks.mjs')).ringChecks(wasmpar.createEngine, callPath);

for (const name of BROWSERS) {
  describe(`command ring (${name})`, () => {
    let browser;
    before(async () => {
      browser = await startBrowser(name);
    });
    after(() => browser.close());

    it('gives what postMessage gives, in call order, past a full ring, an abort and an idle engine', async () => {
      const page = await browser.open({ isolated: true });
      const ring = await page.evaluate(checks, 'ring');
      const posted = await page.evaluate(checks, 'postMessage');
      assertSameAsPosted(ring, posted);
    });

    it('single mode posts its calls; a call path that is not one is refused by name', async () => {
      const page = await browser.open({ isolated: false });
      const got = await page.evaluate(async () => {
        const engine = await wasmpar.createEngine({ callPath: 'ring' });
        const info = engine.info;
        await engine.terminate();
        const refused = await (await import('/cases/model/ring-checks.mjs')).badCallPath(wasmpar.createEngine);
        return { mode: info.mode, callPath: info.callPath, refused };
      });
      assert.deepEqual(got, {
        mode: 'single',
        callPath: 'postMessage',
        refused: "TypeError: options.callPath must be one of 'ring', 'postMessage', got pigeon",
      });
    });
  });
}
