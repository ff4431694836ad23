// Progress and cancellation: { signal, onProgress } as a kernel's last argument. Progress
// is read from shared memory without messages; an abort rejects with an AbortError, stops
// the running kernel at its next chunk (threads mode), and leaves the engine usable.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { abortSequence, startBrowser } from './support/harness.mjs';

describe('progress and cancellation', () => {
  let browser;
  let page;
  before(async () => {
    browser = await startBrowser();
    page = await browser.open({ isolated: true });
  });
  after(() => browser.close());

  it('reports rising progress fractions ending at 1', async () => {
    const fractions = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const out = await engine.alloc('u8', 1600 * 1200);
      const seen = [];
      await engine.mandelbrot(out, 1600, 1200, 3000, { onProgress: (f) => seen.push(f) });
      await engine.terminate();
      return seen;
    });
    assert.ok(fractions.length >= 3, JSON.stringify(fractions));
    assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])), JSON.stringify(fractions));
    assert.ok(fractions.some((f) => f > 0 && f < 1), 'some fraction in between');
    assert.equal(fractions.at(-1), 1);
  });

  it('an abort rejects with AbortError, stops the kernel early, and the engine keeps working', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const out = await engine.alloc('u8', 1600 * 1200);
      let start = performance.now();
      await engine.mandelbrot(out, 1600, 1200, 3000);
      const full = performance.now() - start;
      const controller = new AbortController();
      const seen = [];
      const running = engine.mandelbrot(out, 1600, 1200, 3000, { signal: controller.signal, onProgress: (f) => seen.push(f) });
      await new Promise((r) => setTimeout(r, full / 5));
      start = performance.now();
      controller.abort();
      const error = await running.then(() => null, (e) => ({ name: e.name, message: e.message }));
      await engine.noop(); // queued behind the aborted kernel: returns once it has stopped
      const freed = performance.now() - start;
      const xs = await engine.alloc('f64', 3);
      xs.view.set([1, 2, 3.5]);
      const sum = await engine.sum(xs);
      await engine.terminate();
      return { error, full, freed, sum, lastFraction: seen.at(-1) ?? 0 };
    });
    assert.deepEqual(got.error, { name: 'AbortError', message: 'the call was aborted' });
    assert.ok(got.freed < got.full / 2, `the worker was free ${got.freed} ms after the abort; a whole run takes ${got.full} ms`);
    assert.ok(got.lastFraction < 1, `progress stopped short: ${got.lastFraction}`);
    assert.equal(got.sum, 6.5);
  });

  it('sort reports progress, and an aborted sort stops early leaving every key in the buffer', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const n = 1 << 23;
      const keys = await engine.alloc('u32', n);
      const fill = () => keys.view.forEach((_, i, v) => { v[i] = Math.imul(i, 2654435761) >>> 0; });
      fill();
      const before = await engine.sum(keys);
      const seen = [];
      let start = performance.now();
      await engine.sort(keys, { onProgress: (f) => seen.push(f) });
      const full = performance.now() - start;
      const sorted = keys.view.every((v, i, a) => i === 0 || a[i - 1] <= v);
      fill();
      const controller = new AbortController();
      const running = engine.sort(keys, { signal: controller.signal }).then(() => 'done', (e) => e.name);
      await new Promise((r) => setTimeout(r, full / 4));
      start = performance.now();
      controller.abort();
      const error = await running;
      await engine.noop();
      const freed = performance.now() - start;
      const after = await engine.sum(keys);
      await engine.terminate();
      return { seen, sorted, error, full, freed, before, after };
    });
    assert.ok(got.sorted);
    assert.ok(got.seen.some((f) => f > 0 && f < 1), JSON.stringify(got.seen));
    assert.equal(got.seen.at(-1), 1);
    assert.equal(got.error, 'AbortError');
    assert.ok(got.freed < got.full, `the worker was free ${got.freed} ms after the abort; a whole sort takes ${got.full} ms`);
    assert.equal(got.after, got.before, 'an aborted sort keeps every key (same exact sum)');
  });

  it('a queued call aborted before it starts is skipped; the call ahead of it completes', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const a = await engine.alloc('u8', 800 * 600);
      const b = await engine.alloc('u8', 800 * 600);
      const controller = new AbortController();
      const first = engine.mandelbrot(a, 800, 600, 1000).then(() => 'done', (e) => e.name);
      const second = engine.mandelbrot(b, 800, 600, 1000, { signal: controller.signal }).then(() => 'done', (e) => e.name);
      controller.abort();
      const out = { first: await first, second: await second, untouched: b.view.every((v) => v === 0), drawn: a.view.some((v) => v > 0) };
      await engine.terminate();
      return out;
    });
    assert.deepEqual(got, { first: 'done', second: 'AbortError', untouched: true, drawn: true });
  });

  it('an already aborted signal rejects at once; a non-signal is a TypeError', async () => {
    const got = await page.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const out = await engine.alloc('u8', 64 * 64);
      const aborted = await engine.mandelbrot(out, 64, 64, 100, { signal: AbortSignal.abort() }).catch((e) => e.name);
      const wrong = await engine.mandelbrot(out, 64, 64, 100, { signal: 'stop' }).catch((e) => `${e.name}: ${e.message}`);
      const withRegion = await engine.mandelbrot(out, 64, 64, 100, { xMin: -2, yMin: -1, xMax: 1, yMax: 1 }).then(() => 'ok');
      await engine.terminate();
      return { aborted, wrong, withRegion };
    });
    assert.equal(got.aborted, 'AbortError');
    assert.equal(got.wrong, 'TypeError: mandelbrot: options.signal must be an AbortSignal, got string');
    assert.equal(got.withRegion, 'ok');
  });

  it('single mode: an aborted call rejects when the worker hands its buffer back', async () => {
    const single = await browser.open({ isolated: false });
    const got = await single.evaluate(async () => {
      const engine = await wasmpar.createEngine();
      const out = await engine.alloc('u8', 800 * 600);
      const controller = new AbortController();
      const running = engine.mandelbrot(out, 800, 600, 500, { signal: controller.signal }).catch((e) => e.name);
      controller.abort();
      const error = await running;
      const length = out.view.length; // no await needed: the buffer is back
      const again = await engine.alloc('f64', 10).then((b) => b.length);
      await engine.terminate();
      return { error, length, again };
    });
    assert.deepEqual(got, { error: 'AbortError', length: 800 * 600, again: 10 });
  });

  for (const mode of ['threads', 'single']) {
    it(`${mode} mode: after an abort, alloc works (the call state is the call's)`, async () => {
      const p = mode === 'threads' ? page : await browser.open({ isolated: false });
      const { answeredMs, ...got } = await p.evaluate(abortSequence, mode);
      assert.deepEqual(got, { mode, error: 'AbortError', allocs: [10, 10], sum: 0 });
      // Threads mode stops the kernel within one unit of work; the figure is the bench's.
      if (mode === 'threads') assert.ok(answeredMs < 1000, `the next call was answered ${answeredMs} ms after the abort`);
    });
  }
});
