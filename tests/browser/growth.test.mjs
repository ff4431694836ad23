// Memory growth: allocating grows the shared memory many times; every live buffer's `view`
// is re-derived and keeps its data, and kernels still see the right data.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './support/harness.mjs';

describe('memory growth', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  it('views stay valid across several growths of shared memory', async () => {
    const page = await browser.open({ isolated: true });
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const first = await engine.alloc('f64', 1000);
      first.view.fill(1.5);
      const staleView = first.view;
      const sizes = [engine.info.memoryBytes];
      const buffers = [];
      for (let i = 0; i < 6; i++) {
        const b = await engine.alloc('f32', 4 * 1024 * 1024); // 16 MiB each
        b.view.fill(i);
        buffers.push(b);
        sizes.push(engine.info.memoryBytes);
      }
      const checks = buffers.map((b, i) => b.view.length === 4 * 1024 * 1024 && b.view[0] === i && b.view.at(-1) === i);
      const out = {
        sizes,
        checks,
        firstSum: await engine.sum(first),
        lastSum: await engine.sum(buffers[5]),
        reDerived: first.view !== staleView,
        staleLength: staleView.buffer.byteLength,
        currentLength: first.view.buffer.byteLength,
        firstStillThere: first.view[999],
      };
      await engine.terminate();
      return out;
    });
    const growths = got.sizes.filter((s, i) => i > 0 && s > got.sizes[i - 1]).length;
    assert.ok(growths >= 4, `memory grew ${growths} times: ${got.sizes}`);
    assert.ok(got.sizes.at(-1) >= 96 * 1024 * 1024);
    assert.deepEqual(got.checks, [true, true, true, true, true, true]);
    assert.equal(got.firstSum, 1500);
    assert.equal(got.lastSum, 5 * 4 * 1024 * 1024);
    assert.equal(got.reDerived, true, 'view is a new typed array after growth');
    assert.ok(got.staleLength < got.currentLength, 'a shared buffer keeps its old length after growth');
    assert.equal(got.firstStillThere, 1.5);
  });
});
