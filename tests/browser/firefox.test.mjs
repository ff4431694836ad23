// Firefox (Debian's firefox-esr over WebDriver BiDi): the isolated page runs threads mode on
// every core, the plain page falls back to single mode with the warning, and both give the
// native checksum for every case, as Chromium does (checksums.test.mjs).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { abortSequence, startBrowser } from './support/harness.mjs';

const native = JSON.parse(readFileSync(new URL('../../target/native-checksums.json', import.meta.url)));
const { cases } = JSON.parse(readFileSync(new URL('../cases.json', import.meta.url)));

describe('Firefox', () => {
  let browser;
  before(async () => (browser = await startBrowser('firefox')));
  after(() => browser.close());

  for (const [mode, isolated] of [['threads', true], ['single', false]]) {
    it(`${isolated ? 'isolated' : 'plain'} page: ${mode} mode gives the native checksum for all ${cases.length} cases`, async () => {
      const page = await browser.open({ isolated });
      const got = await page.evaluate(async () => {
        const engine = await wasmpar.createEngine();
        const out = { info: engine.info, isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency, ua: navigator.userAgent, sums: {} };
        for (const c of await loadCases()) out.sums[c.name] = await runCase(engine, c);
        await engine.terminate();
        return out;
      });
      assert.match(got.ua, /Firefox\//);
      assert.equal(got.isolated, isolated);
      assert.equal(got.info.mode, mode);
      assert.equal(got.info.threads, isolated ? got.cores : 1);
      assert.equal(got.info.sharedMemory, isolated);
      for (const c of cases) assert.equal(got.sums[c.name], native[c.name], `${mode}: ${c.name}`);
      if (!isolated) {
        const warning = page.consoleMessages.find((m) => m.type === 'warn' || m.type === 'warning');
        assert.match(warning?.text ?? '', /Cross-Origin-Embedder-Policy: require-corp/, JSON.stringify(page.consoleMessages));
      }
    });

    it(`${mode} mode: after an abort, alloc works`, async () => {
      const page = await browser.open({ isolated });
      const { answeredMs, ...got } = await page.evaluate(abortSequence, mode);
      assert.deepEqual(got, { mode, error: 'AbortError', allocs: [10, 10], sum: 0 });
    });
  }
});
