// Every case of tests/cases.json gives the native checksum in threads mode and in single
// mode: wasm equals native, and both modes equal each other.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBrowser } from './support/harness.mjs';

const native = JSON.parse(readFileSync(new URL('../../target/native-checksums.json', import.meta.url)));
const { cases } = JSON.parse(readFileSync(new URL('../cases.json', import.meta.url)));

describe('kernel results equal native Rust', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  for (const [mode, isolated] of [['threads', true], ['single', false]]) {
    it(`${mode} mode gives the native checksum for all ${cases.length} cases`, async () => {
      const page = await browser.open({ isolated });
      const got = await page.evaluate(async (mode) => {
        const engine = await wasmpar.createEngine({ mode });
        const out = { mode: engine.info.mode };
        for (const c of await loadCases()) out[c.name] = await runCase(engine, c);
        await engine.terminate();
        return out;
      }, mode);
      assert.equal(got.mode, mode);
      for (const c of cases) assert.equal(got[c.name], native[c.name], `${mode}: ${c.name}`);
    });
  }
});
