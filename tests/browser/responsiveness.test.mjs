// Kernels never run on the main thread: a timer on the page keeps ticking while a kernel of
// more than a second runs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './support/harness.mjs';

describe('main thread stays responsive', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  for (const [mode, isolated] of [['threads', true], ['single', false]]) {
    it(`${mode} mode: a 10 ms timer never stalls during a long mandelbrot`, async (t) => {
      const page = await browser.open({ isolated });
      const got = await page.evaluate(async () => {
        const engine = await wasmpar.createEngine();
        const [w, h] = [1600, 1200];
        const out = await engine.alloc('u8', w * h);
        const ticks = [];
        const timer = setInterval(() => ticks.push(performance.now()), 10);
        const start = performance.now();
        await engine.mandelbrot(out, w, h, 3000);
        const duration = performance.now() - start;
        clearInterval(timer);
        await engine.terminate();
        let maxGap = ticks.length ? ticks[0] - start : Infinity;
        for (let i = 1; i < ticks.length; i++) maxGap = Math.max(maxGap, ticks[i] - ticks[i - 1]);
        return { duration, ticks: ticks.length, maxGap };
      });
      t.diagnostic(`kernel ${got.duration.toFixed(0)} ms, ${got.ticks} ticks, longest gap ${got.maxGap.toFixed(1)} ms`);
      assert.ok(got.duration > 1000, `the kernel must run over a second to prove anything: ${got.duration} ms`);
      assert.ok(got.maxGap < 250, `longest gap between 10 ms ticks: ${got.maxGap} ms`);
      assert.ok(got.ticks > got.duration / 40, `${got.ticks} ticks in ${got.duration} ms`);
    });
  }
});
