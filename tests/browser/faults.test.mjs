// Faults: memory exhaustion is an error and not a trap; a trap (on the engine thread or in
// a pool thread) marks the engine crashed and rejects its calls without hanging; a new
// engine works; terminate() during a kernel rejects that call.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './support/harness.mjs';

describe('faults', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  it('an allocation that does not fit rejects cleanly and the engine keeps its memory', async () => {
    const page = await browser.open({ isolated: true });
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const xs = await engine.alloc('f64', 4);
      xs.view.set([1, 2, 3, 4.5]);
      const error = await engine.alloc('f32', 2 ** 29).then(() => null, (e) => ({ name: e.name, message: e.message }));
      const out = { error, state: engine.info.state, sum: await engine.sum(xs), view: Array.from(xs.view) };
      const more = await engine.alloc('u8', 1 << 20);
      out.afterwards = more.view.length;
      await engine.terminate();
      return out;
    });
    assert.equal(got.error?.name, 'Error');
    assert.match(got.error.message, /^alloc: out of memory: 536870912 f32 elements \(2147483648 bytes\) do not fit/);
    assert.equal(got.state, 'ready');
    assert.equal(got.sum, 10.5);
    assert.deepEqual(got.view, [1, 2, 3, 4.5]);
    assert.equal(got.afterwards, 1 << 20);
  });

  for (const [where, inPool] of [['the engine thread', false], ['a pool thread', true]]) {
    it(`a trap in ${where} crashes the engine cleanly; a new engine works`, async () => {
      const page = await browser.open({ isolated: true });
      const got = await page.evaluate(async (inPool) => {
        // The test build (pkg-bench/) declares the debugTrap kernel; the package has none.
        const testing = await import('/pkg-bench/engine.js');
        const engine = await testing.createEngine();
        const xs = await engine.alloc('f32', 3);
        xs.view.set([1, 2, 3]);
        const timeout = new Promise((r) => setTimeout(() => r('hung'), 10000));
        const trap = engine._call('debugTrap', [inPool ? 1 : 0]).then(() => 'resolved', (e) => e.message);
        const pending = engine.sum(xs).then(() => 'resolved', (e) => e.message);
        const out = {
          trap: await Promise.race([trap, timeout]),
          pending: await Promise.race([pending, timeout]),
          state: engine.info.state,
          later: await engine.sum(xs).catch((e) => e.message),
        };
        const fresh = await wasmpar.createEngine();
        const ys = await fresh.alloc('f32', 3);
        ys.view.set([1, 2, 3]);
        out.fresh = await fresh.sum(ys);
        await fresh.terminate();
        return out;
      }, inPool);
      assert.match(got.trap, /^wasmpar engine crashed/);
      assert.match(got.pending, /^wasmpar engine crashed/);
      assert.equal(got.state, 'crashed');
      assert.match(got.later, /^wasmpar engine crashed/);
      assert.equal(got.fresh, 6);
    });
  }

  for (const [mode, isolated] of [['threads', true], ['single', false]]) {
    it(`${mode} mode: terminate() during a running kernel rejects it at once`, async () => {
      const page = await browser.open({ isolated });
      const got = await page.evaluate(async () => {
        const engine = await wasmpar.createEngine();
        const out = await engine.alloc('u8', 1600 * 1200);
        const start = performance.now();
        const running = engine.mandelbrot(out, 1600, 1200, 5000).then(() => 'resolved', (e) => e.message);
        await new Promise((r) => setTimeout(r, 50));
        await engine.terminate();
        const message = await running;
        return { message, ms: performance.now() - start, state: engine.info.state };
      });
      assert.equal(got.message, 'wasmpar engine was terminated; create a new one with createEngine()');
      assert.equal(got.state, 'terminated');
      assert.ok(got.ms < 1000, `rejected after ${got.ms} ms`);
    });
  }
});
