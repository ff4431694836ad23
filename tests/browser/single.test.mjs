// Single mode, chosen automatically where the page is not cross-origin isolated: same API,
// buffers on the JS side, moved to the worker and back with each call.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './support/harness.mjs';

describe('single mode', () => {
  let browser;
  let page;
  before(async () => {
    browser = await startBrowser();
    page = await browser.open({ isolated: false });
  });
  after(() => browser.close());

  it('is chosen automatically without COOP/COEP, with a warning saying how to get threads', async () => {
    const info = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const info = engine.info;
      await engine.terminate();
      return info;
    });
    assert.equal(info.mode, 'single');
    assert.equal(info.reason, 'the page is not cross-origin isolated');
    assert.equal(info.crossOriginIsolated, false);
    assert.equal(info.threads, 1);
    assert.equal(info.sharedMemory, false);
    const warning = page.consoleMessages.find((m) => m.type === 'warning' && m.text.startsWith('wasmpar:'));
    assert.ok(warning, JSON.stringify(page.consoleMessages));
    assert.match(warning.text, /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(warning.text, /Cross-Origin-Embedder-Policy: require-corp/);
  });

  it("refuses mode 'threads' with a clear error", async () => {
    const message = await page.evaluate(() => wasmpar.createEngine({ mode: 'threads' }).catch((e) => e.message));
    assert.match(message, /^options\.mode 'threads' needs a cross-origin isolated page/);
  });

  it('moves buffers to the worker and back: views are plain ArrayBuffers, busy during a call; calls on it take turns', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const img = await engine.alloc('u8', 64 * 64 * 4);
      img.view.fill(10);
      const plain = img.view.buffer instanceof ArrayBuffer;
      const running = engine.invert(img, 64, 64);
      const busy = (() => {
        try {
          return img.view.length;
        } catch (e) {
          return e.message;
        }
      })();
      const second = await engine.invert(img, 64, 64).then(() => 'inverted again', (e) => e.message);
      await running;
      const out = { plain, busy, second, pixel: Array.from(img.view.slice(0, 4)) };
      await engine.terminate();
      return out;
    });
    assert.equal(got.plain, true);
    assert.match(got.busy, /in use by a running call/);
    assert.equal(got.second, 'inverted again'); // queued behind the first, as in threads mode
    assert.deepEqual(got.pixel, [10, 10, 10, 10]);
  });

  it('a buffer whose ArrayBuffer the page transferred away is refused by name; the engine keeps working', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const xs = await engine.alloc('f32', 4);
      const ys = await engine.alloc('f32', 4);
      ys.view.set([1, 2, 3, 4]);
      structuredClone(xs.view.buffer, { transfer: [xs.view.buffer] });
      const call = await engine.sum(xs).catch((e) => e.message);
      const view = (() => {
        try {
          return xs.view;
        } catch (e) {
          return e.message;
        }
      })();
      const after = await engine.sum(ys);
      await engine.terminate();
      return { call, view, after };
    });
    assert.equal(got.call, 'sum: xs was detached: its ArrayBuffer was transferred elsewhere; allocate a new buffer');
    assert.equal(got.view, 'this f32 buffer was detached: its ArrayBuffer was transferred elsewhere; allocate a new buffer');
    assert.equal(got.after, 10);
  });

  it('the same buffer may be passed twice (dot of x with itself)', async () => {
    const v = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const xs = await engine.alloc('f64', 3);
      xs.view.set([1, 2, 3]);
      const d = await engine.dot(xs, xs);
      await engine.terminate();
      return d;
    });
    assert.equal(v, 14);
  });
});
