// Load: many calls leave memory flat, concurrent calls are all right, and engines that are
// created and terminated leave no worker or memory behind. Figures go to docs/RELIABILITY.md.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './support/harness.mjs';

describe('load', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  for (const [mode, isolated] of [['threads', true], ['single', false]]) {
    it(`${mode} mode: 10 000 sequential calls keep wasm memory and the JS heap flat`, async (t) => {
      const page = await browser.open({ isolated });
      const got = await page.evaluate(async () => {
        const engine = await wasmpar.createEngine();
        const xs = await engine.alloc('f32', 1000);
        xs.view.fill(0.5);
        const img = await engine.alloc('u8', 16 * 16 * 4);
        const work = async (n) => {
          for (let i = 0; i < n; i++) {
            if ((await engine.sum(xs)) !== 500) throw new Error(`wrong sum at call ${i}`);
            await engine.invert(img, 16, 16);
          }
        };
        const heap = () => {
          window.gc();
          return performance.memory.usedJSHeapSize;
        };
        const start = performance.now();
        await work(1000); // warm-up
        const warm = { wasm: engine.info.memoryBytes, heap: heap() };
        await work(4000);
        const end = { wasm: engine.info.memoryBytes, heap: heap() };
        const ms = performance.now() - start;
        await engine.terminate();
        return { warm, end, ms, calls: 10000 };
      });
      t.diagnostic(`${mode}: ${got.calls} calls in ${got.ms.toFixed(0)} ms; wasm memory ${got.warm.wasm} → ${got.end.wasm} B; JS heap ${got.warm.heap} → ${got.end.heap} B`);
      assert.equal(got.end.wasm, got.warm.wasm, 'wasm memory grew');
      assert.ok(got.end.heap - got.warm.heap < 1 << 20, `JS heap grew by ${got.end.heap - got.warm.heap} B`);
    });

    it(`${mode} mode: 100 concurrent calls on different buffers are all right`, async () => {
      const page = await browser.open({ isolated });
      const got = await page.evaluate(async () => {
        const engine = await wasmpar.createEngine();
        const buffers = await Promise.all(Array.from({ length: 100 }, (_, i) => engine.alloc('f64', 100 + i)));
        buffers.forEach((b, i) => { b.view.fill(i); });
        const sums = await Promise.all(buffers.map((b) => engine.sum(b)));
        await Promise.all(buffers.map((b, i) => engine.scale(b, i % 2 ? 2 : -1)));
        const scaled = buffers.map((b) => b.view[0]);
        await engine.terminate();
        return { sums, scaled };
      });
      got.sums.forEach((s, i) => { assert.equal(s, i * (100 + i)); });
      got.scaled.forEach((v, i) => { assert.equal(v, i * (i % 2 ? 2 : -1)); });
    });
  }

  /** The worker count once it is at most `target`, polled for up to 10 s. */
  async function workerCountDownTo(page, target) {
    let count = await browser.workerCount(page);
    for (let i = 0; i < 100 && count > target; i++) {
      await new Promise((r) => setTimeout(r, 100));
      count = await browser.workerCount(page);
    }
    return count;
  }

  it('20 create → work → terminate cycles leave no worker and no heap behind', async (t) => {
    // The count is browser-wide: earlier tests' pages and their workers go first.
    await browser.closePages();
    const page = await browser.open({ isolated: true });
    const workersBefore = await workerCountDownTo(page, 0);
    const heapBefore = await page.evaluate(() => {
      window.gc();
      return performance.memory.usedJSHeapSize;
    });
    const ms = await page.evaluate(async () => {
      const start = performance.now();
      for (let i = 0; i < 20; i++) {
        const engine = await wasmpar.createEngine();
        const xs = await engine.alloc('f32', 1 << 20);
        xs.view.fill(1);
        if ((await engine.sum(xs)) !== 1 << 20) throw new Error(`cycle ${i}: wrong sum`);
        await engine.terminate();
      }
      return performance.now() - start;
    });
    const during = await browser.workerCount(page);
    // Terminated workers leave the target list once their threads have exited.
    const workersAfter = await workerCountDownTo(page, workersBefore);
    const heapAfter = await page.evaluate(() => {
      window.gc();
      return performance.memory.usedJSHeapSize;
    });
    t.diagnostic(`20 cycles in ${ms.toFixed(0)} ms; workers ${workersBefore} → ${workersAfter} (right after: ${during}); heap ${heapBefore} → ${heapAfter} B`);
    assert.equal(workersAfter, workersBefore);
    assert.ok(heapAfter - heapBefore < 2 << 20, `heap grew by ${heapAfter - heapBefore} B`);
  });
});
