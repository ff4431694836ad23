// Threads mode in a cross-origin isolated page: rayon on every core, one shared memory,
// buffers seen by the main thread without a copy.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBrowser } from './support/harness.mjs';

describe('threads mode', () => {
  let browser;
  let page;
  before(async () => {
    browser = await startBrowser();
    page = await browser.open({ isolated: true });
  });
  after(() => browser.close());

  it('the threads build creates a shared, imported memory', () => {
    const glue = readFileSync(new URL('../../pkg/threads/wasmpar.js', import.meta.url), 'utf8');
    assert.match(glue, /new WebAssembly\.Memory\(\{[^}]*shared:\s*true/);
    const single = readFileSync(new URL('../../pkg/single/wasmpar.js', import.meta.url), 'utf8');
    assert.doesNotMatch(single, /shared:\s*true/);
  });

  it('runs on navigator.hardwareConcurrency threads over shared memory', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const xs = await engine.alloc('f32', 8);
      const out = {
        info: engine.info,
        isolated: crossOriginIsolated,
        cores: navigator.hardwareConcurrency,
        viewIsShared: xs.view.buffer instanceof SharedArrayBuffer,
      };
      await engine.terminate();
      return out;
    });
    assert.equal(got.isolated, true);
    assert.equal(got.info.mode, 'threads');
    assert.equal(got.info.reason, 'the page is cross-origin isolated and WebAssembly threads are supported');
    assert.equal(got.info.crossOriginIsolated, true);
    assert.equal(got.info.threads, got.cores);
    assert.equal(got.info.sharedMemory, true);
    assert.equal(got.info.simd, true);
    assert.equal(got.info.state, 'ready');
    assert.ok(got.info.memoryBytes >= 65536 && got.info.memoryBytes % 65536 === 0, `${got.info.memoryBytes}`);
    assert.equal(got.viewIsShared, true);
  });

  it('honours options.threads', async () => {
    const threads = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine({ threads: 1 });
      const n = engine.info.threads;
      await engine.terminate();
      return n;
    });
    assert.equal(threads, 1);
  });

  it('views are zero-copy: kernel writes appear in the same view object without a copy', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const xs = await engine.alloc('f64', 1001);
      const view = xs.view;
      view.fill(2);
      const before = await engine.sum(xs);
      await engine.scale(xs, 0.5);
      const out = { before, same: xs.view === view, first: view[0], last: view[1000], after: await engine.sum(xs) };
      await engine.terminate();
      return out;
    });
    assert.deepEqual(got, { before: 2002, same: true, first: 1, last: 1, after: 1001 });
  });

  it('aligns every buffer to its element size', async () => {
    const offsets = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const out = [];
      for (const [type, size] of [['u8', 1], ['u32', 4], ['i32', 4], ['f32', 4], ['f64', 8]]) {
        for (const length of [1, 3, 7]) {
          const b = await engine.alloc(type, length);
          out.push({ type, size, offset: b.byteOffset, viewOk: b.view.length === length });
        }
      }
      await engine.terminate();
      return out;
    });
    for (const o of offsets) {
      assert.equal(o.offset % o.size, 0, `${o.type} at ${o.offset}`);
      assert.ok(o.viewOk);
    }
  });

  it('engines are independent: a buffer of one is refused by another', async () => {
    const message = await page.evaluate(async () => {
      const [a, b] = await Promise.all([wasmpar.createEngine(), wasmpar.createEngine()]);
      const xs = await a.alloc('f32', 4);
      const m = await b.sum(xs).catch((e) => e.message);
      xs.view.set([1, 2, 3, 4]);
      const ok = await a.sum(xs);
      await a.terminate();
      await b.terminate();
      return `${m} | ${ok}`;
    });
    assert.equal(message, 'sum: xs belongs to another engine | 10');
  });
});
