// Pipelines (engine.pipeline()…run()): a chain of three steps equals the three calls made
// one by one, bit for bit, in threads and single mode, in Chromium and Firefox; a refused
// step is named by its index and writes nothing; an abort mid-chain rejects with an
// AbortError and the engine keeps working; progress rises over the whole chain.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBrowser } from './support/harness.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const README_EXAMPLE = readme.slice(readme.indexOf('### Chains of kernels')).match(/```js\n([\s\S]*?)```/)[1];

/** In the page: the README's chain on a 61×47 image, against the same three calls. */
async function readmeExample(code) {
  const engine = await wasmpar.createEngine();
  const [width, height] = [61, 47];
  const n = width * height * 4;
  const [image, edges, copy, blurredCopy, expected] = await Promise.all([n, n, n, n, n].map((len) => engine.alloc('u8', len)));
  image.view.forEach((_, i, v) => { v[i] = (i * 13 + ((i >> 9) & 7) * 40) & 255; });
  copy.view.set(image.view);
  const bar = { value: 0 };
  const signal = new AbortController().signal;
  const run = new Function('engine', 'image', 'width', 'height', 'edges', 'signal', 'bar', `return (async () => { ${code}; return results; })()`);
  const results = await run(engine, image, width, height, edges, signal, bar);
  await engine.grayscale(copy, width, height);
  await engine.gaussianBlur(copy, width, height, 1.5, blurredCopy);
  await engine.sobel(blurredCopy, width, height, expected);
  const out = { steps: results.length, bar: bar.value, same: edges.view.every((v, i) => v === expected.view[i]), edgesFound: edges.view.some((v, i) => i % 4 !== 3 && v > 0) };
  await engine.terminate();
  return out;
}

/** Runs in the page: the chain and the same calls one by one, on a 97×61 image. */
async function chainAgainstCalls(mode) {
  const engine = await wasmpar.createEngine({ mode });
  const [w, h] = [97, 61];
  const n = w * h * 4;
  const fill = (buf) => buf.view.forEach((_, i, v) => { v[i] = (i * 31 + (i >>> 8) * 17 + 5) & 255; });
  const [a, b, tmpA, outA, outB] = await Promise.all([n, n, n, n, n].map((len) => engine.alloc('u8', len)));
  fill(a);
  fill(b);
  // One by one: brightness in place, a blur into a buffer, Sobel of the blur.
  await engine.brightnessContrast(a, w, h, 20, 1.3);
  await engine.gaussianBlur(a, w, h, 2.5, tmpA);
  await engine.sobel(tmpA, w, h, outA);
  const chain = engine.pipeline();
  const blurred = chain.temp('u8', n);
  chain.brightnessContrast(b, w, h, 20, 1.3).gaussianBlur(b, w, h, 2.5, blurred).sobel(blurred, w, h, outB);
  const fractions = [];
  const results = await chain.run({ onProgress: (f) => fractions.push(f) });
  const same = (x, y) => x.view.every((v, i) => v === y.view[i]);
  let tempView = null;
  try {
    void blurred.view;
  } catch (e) {
    tempView = e.message;
  }
  // Run again: a pipeline is reusable (a frame at a time).
  fill(b);
  outB.view.fill(0);
  await chain.run();
  const again = same(outB, outA);
  await engine.terminate();
  const timings = chain.timings;
  return { mode: engine.info.mode, steps: chain.length, results, timings, sameImage: same(a, b), sameOutput: same(outA, outB), again, fractions, tempView };
}

/**
 * Runs in the page (Chromium, window.gc): a pipeline's temporary stays allocated between its
 * runs, so memory grows for a buffer of its size while the pipeline lives, and is freed once
 * the pipeline is collected, so a buffer of its size then fits without growth.
 */
async function tempsKeptThenFreed() {
  const engine = await wasmpar.createEngine({ mode: 'threads' });
  const big = 48 << 20;
  const xs = await engine.alloc('f32', 4);
  await (async () => {
    const chain = engine.pipeline();
    const t = chain.temp('u8', big);
    chain.invert(t, 4096, big / 4 / 4096).invert(t, 4096, big / 4 / 4096);
    await chain.run();
    await chain.run();
  })();
  const afterRuns = engine.info.memoryBytes;
  const whileKept = await engine.alloc('u8', big);
  const grewWhileKept = engine.info.memoryBytes - afterRuns;
  whileKept.free();
  await engine.sum(xs);
  const beforeDrop = engine.info.memoryBytes;
  for (let i = 0; i < 5; i++) {
    window.gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  await engine.sum(xs); // after the drop message
  const two = await Promise.all([engine.alloc('u8', big), engine.alloc('u8', big)]);
  const grewAfterDrop = engine.info.memoryBytes - beforeDrop;
  for (const b of two) b.free();
  await engine.terminate();
  return { grewWhileKept, grewAfterDrop, big };
}

/** Runs in the page: refusals, by index, before and after steps that write. */
async function refusals(mode) {
  const engine = await wasmpar.createEngine({ mode });
  const image = await engine.alloc('u8', 8 * 8 * 4);
  const small = await engine.alloc('u8', 4 * 4 * 4);
  image.view.forEach((_, i, v) => { v[i] = i & 255; });
  const before = image.view.slice();
  const refused = async (build) => {
    try {
      await build(engine.pipeline()).run();
      return null;
    } catch (e) {
      return { name: e.name, message: e.message };
    }
  };
  const got = {
    // Checked on the page before anything is sent.
    jsRule: await refused((p) => p.invert(image, 8, 8).threshold(image, 8, 8, 'high')),
    // Checked by Rust when step 2 runs, after two steps wrote `image` in place: put back.
    rustRule: await refused((p) => p.invert(image, 8, 8).grayscale(image, 8, 8).sobel(image, 8, 8, small)),
    badTemp: await refused((p) => p.gaussianBlur(image, 8, 8, 1, p.temp('f32', 256))),
    empty: await refused((p) => p),
    foreignTemp: await refused((p) => p.invert(engine.pipeline().temp('u8', 256), 8, 8)),
  };
  got.untouched = image.view.every((v, i) => v === before[i]);
  got.sum = await engine.sum(image); // the engine still works
  await engine.terminate();
  return got;
}

/**
 * Runs in the page: an abort between short steps (40 blurs in place), the way a single-mode
 * engine can be stopped: it reads the abort between steps.
 */
async function abortBetweenSteps(mode) {
  const engine = await wasmpar.createEngine({ mode });
  const [w, h] = [400, 300];
  const image = await engine.alloc('u8', w * h * 4);
  image.view.forEach((_, i, v) => { v[i] = (i * 7) & 255; });
  const xs = await engine.alloc('f64', 3);
  xs.view.set([1, 2, 3.5]);
  const chain = engine.pipeline().scale(xs, 2);
  for (let i = 0; i < 40; i++) chain.gaussianBlur(image, w, h, 2);
  chain.scale(xs, 10);
  const controller = new AbortController();
  const stepsSeen = [];
  const running = chain.run({ signal: controller.signal, onProgress: (f) => stepsSeen.push(f) });
  // Abort once a few blurs are done.
  await new Promise((resolve) => {
    const poll = () => (stepsSeen.some((f) => f >= 3 / 42) ? resolve() : setTimeout(poll, 1));
    poll();
  });
  const start = performance.now();
  controller.abort();
  const error = await running.then(() => null, (e) => ({ name: e.name, message: e.message }));
  const freed = performance.now() - start;
  const lastSeen = stepsSeen.at(-1);
  const sum = await engine.sum(xs);
  await engine.terminate();
  return { error, freed, lastSeen, sum };
}

/** Runs in the page: an abort while step 1 of 3 runs. */
async function abortMidway(mode) {
  const engine = await wasmpar.createEngine({ mode });
  const out = await engine.alloc('u8', 800 * 600);
  const xs = await engine.alloc('f64', 3);
  xs.view.set([1, 2, 3.5]);
  const controller = new AbortController();
  const steps = [];
  const running = engine
    .pipeline()
    .scale(xs, 2)
    .mandelbrot(out, 800, 600, 1_000_000, { xMin: -0.2, yMin: -0.1, xMax: 0.1, yMax: 0.1 })
    .scale(xs, 10)
    .run({ signal: controller.signal, onProgress: (f) => steps.push(f) });
  await new Promise((r) => setTimeout(r, 300));
  const start = performance.now();
  controller.abort();
  const error = await running.then(() => null, (e) => ({ name: e.name, message: e.message }));
  await engine.noop();
  const freed = performance.now() - start;
  const sum = await engine.sum(xs);
  await engine.terminate();
  return { error, freed, sum };
}

for (const browserName of ['chromium', 'firefox']) {
  describe(`pipelines in ${browserName}`, () => {
    let browser;
    before(async () => (browser = await startBrowser(browserName)));
    after(() => browser.close());

    it("runs the README's chain as written, and it equals the three calls", async () => {
      const page = await browser.open({ isolated: true });
      const got = await page.evaluate(readmeExample, README_EXAMPLE);
      assert.deepEqual(got, { steps: 3, bar: 1, same: true, edgesFound: true });
    });

    it('keeps a pipeline\'s temporaries between its runs and frees them once it is collected', { skip: browserName !== 'chromium' && 'needs window.gc (Chromium --expose-gc)' }, async () => {
      const page = await browser.open({ isolated: true });
      const got = await page.evaluate(tempsKeptThenFreed);
      // While the pipeline lives, its 48 MiB are taken: a second 48 MiB needs new memory.
      assert.ok(got.grewWhileKept >= got.big, JSON.stringify(got));
      // Once collected, its 48 MiB and the freed buffer's hold two buffers with little growth.
      assert.ok(got.grewAfterDrop < got.big, JSON.stringify(got));
    });

    for (const [mode, isolated] of [['threads', true], ['single', false]]) {
      it(`${mode} mode: three steps equal the three calls, bit for bit, with progress over the chain`, async () => {
        const page = await browser.open({ isolated });
        const got = await page.evaluate(chainAgainstCalls, mode);
        assert.equal(got.mode, mode);
        assert.equal(got.steps, 3);
        assert.equal(got.timings.length, 3);
        assert.ok(got.timings.every((ms) => ms >= 0 && ms < 10_000), JSON.stringify(got.timings));
        assert.deepEqual(got.results, [null, null, null].map(() => undefined));
        assert.ok(got.sameImage, 'the in-place step wrote the same image');
        assert.ok(got.sameOutput, 'the chain gave the same output');
        assert.ok(got.again, 'a second run gave it again');
        assert.match(got.tempView, /temporary buffer lives in the engine, for its steps/);
        assert.equal(got.fractions.at(-1), 1);
        assert.ok(got.fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= got.fractions[i - 1])), JSON.stringify(got.fractions));
        assert.ok(got.fractions.some((f) => f > 0 && f < 1), `fractions in between: ${JSON.stringify(got.fractions)}`);
      });

      it(`${mode} mode: a bad step is refused with its index and nothing is written`, async () => {
        const page = await browser.open({ isolated });
        const got = await page.evaluate(refusals, mode);
        assert.deepEqual(got.jsRule, { name: 'TypeError', message: 'step 1 (threshold): level must be a number, got string' });
        assert.deepEqual(got.rustRule, { name: 'RangeError', message: 'step 2 (sobel): output: width*height*4 = 8*8*4 = 256 but the buffer has 64 elements' });
        assert.deepEqual(got.badTemp, { name: 'TypeError', message: 'step 0 (gaussianBlur): output must be a u8 buffer, got a f32 buffer' });
        assert.deepEqual(got.empty, { name: 'TypeError', message: 'run: the pipeline has no steps' });
        assert.deepEqual(got.foreignTemp, { name: 'Error', message: 'step 0 (invert): image is a temporary buffer of another pipeline' });
        assert.ok(got.untouched, 'the caller’s buffer is as it was');
        assert.equal(got.sum, (8 * 8 * 4 / 256) * (255 * 256) / 2);
      });

      it(`${mode} mode: an abort between steps rejects with AbortError, and later steps do not run`, async () => {
        const page = await browser.open({ isolated });
        const got = await page.evaluate(abortBetweenSteps, mode);
        assert.deepEqual(got.error, { name: 'AbortError', message: 'the call was aborted' });
        // Step 41 of 42 never started (its MSG.step would have said 41/42).
        assert.ok(got.lastSeen < 41 / 42, `progress stopped at ${got.lastSeen}`);
        // Threads mode: step 0 doubled xs in place, and the last step never ran. Single mode
        // copies a run's results back only when it ends, so xs is as it was.
        assert.equal(got.sum, mode === 'threads' ? 13 : 6.5);
        assert.ok(got.freed < 5000, `the engine was free ${got.freed} ms after the abort`);
      });

      // Single mode cannot stop a running kernel (no shared memory reaches the worker), so
      // its abort waits for the step to end; the long step here is for threads mode.
      it(`${mode} mode: an abort inside a step rejects with AbortError and the engine keeps working`, { skip: mode === 'single' && 'single mode stops a run between steps, not inside one' }, async () => {
        const page = await browser.open({ isolated });
        const got = await page.evaluate(abortMidway, mode);
        assert.deepEqual(got.error, { name: 'AbortError', message: 'the call was aborted' });
        if (mode === 'threads') assert.ok(got.freed < 5000, `the engine was free ${got.freed} ms after the abort`);
        // Step 0 doubled xs; step 2 never ran.
        assert.equal(got.sum, 13);
      });
    }
  });
}
