// How soon the engine answers again after an abort, for each kernel that can be cancelled,
// at its largest allowed parameters: the kernel is started, left running for a while, then
// aborted, and the time runs from abort() until a no-op queued behind it is answered. The
// goal is 50 ms: each kernel checks for cancellation between units of work kept below that
// (a Mandelbrot pixel, a matmul column panel, a band of rows, a merge of 64 Ki keys).

import { createEngine } from '/pkg/engine.js';
import { measure } from './measure.js';

/** The kernels, at the largest parameters their argument rules allow. */
function longCalls({ width, height, matrix, sortLength }) {
  return [
    { kernel: 'mandelbrot', params: 'maxIter 1 000 000', inputs: { out: ['u8', width * height] },
      call: (e, b, signal) => e.mandelbrot(b.out, width, height, 1_000_000, { xMin: -0.2, yMin: -0.1, xMax: 0.1, yMax: 0.1 }, { signal }) },
    { kernel: 'gaussian_blur', params: 'sigma 20', inputs: { img: ['u8', width * height * 4] },
      call: (e, b, signal) => e.gaussianBlur(b.img, width, height, 20, { signal }) },
    { kernel: 'convolve', params: '15×15 kernel', inputs: { img: ['u8', width * height * 4], out: ['u8', width * height * 4], k: ['f32', 225] },
      call: (e, b, signal) => e.convolve(b.img, width, height, b.k, b.out, { signal }) },
    { kernel: 'gaussian_blur_f32', params: 'sigma 20', inputs: { img: ['f32', width * height] },
      call: (e, b, signal) => e.gaussianBlurF32(b.img, width, height, 20, { signal }) },
    { kernel: 'matmul', params: `${matrix}×${matrix}`, inputs: { a: ['f32', matrix * matrix], b: ['f32', matrix * matrix], c: ['f32', matrix * matrix] },
      call: (e, b, signal) => e.matmul(b.a, b.b, b.c, matrix, matrix, matrix, { signal }) },
    { kernel: 'sort', params: `${sortLength} u32`, inputs: { xs: ['u32', sortLength] },
      call: (e, b, signal) => e.sort(b.xs, { signal }), fill: (v) => v.forEach((_, i) => { v[i] = Math.imul(i, 2654435761) >>> 0; }) },
  ];
}

/** Rows of the calls scenario: abort → next call answered, per kernel. */
export async function abortLatencyRows(sizes, samples) {
  const engine = await createEngine();
  const threads = engine.info.threads;
  const rows = [];
  try {
    for (const c of longCalls(sizes.abort)) {
      const bufs = {};
      for (const [name, [type, length]] of Object.entries(c.inputs)) bufs[name] = await engine.alloc(type, length);
      bufs.k?.view.fill(1 / 225);
      let running = null;
      let controller = null;
      const result = await measure({
        setup: async () => {
          c.fill?.(bufs.xs.view);
          controller = new AbortController();
          running = c.call(engine, bufs, controller.signal).then(() => 'finished', (e) => e.name);
          await new Promise((r) => setTimeout(r, sizes.abort.runMs));
        },
        run: async () => {
          controller.abort();
          await engine.noop();
          return running;
        },
        // Whether a kernel was still running at the abort depends on timing, so the check
        // is only that the call settled (tests/browser/cancel.test.mjs checks the rejection).
        check: (outcome) => (outcome === 'finished' || outcome === 'AbortError' ? 'settled' : outcome),
        samples,
        loop: false,
      });
      Object.values(bufs).forEach((b) => { b.free(); });
      rows.push({
        scenario: 'calls', kernel: `abort ${c.kernel} (${c.params})`, variant: 'cancel', threads,
        elements: Object.values(c.inputs).reduce((s, [, n]) => s + n, 0), bytes: 0, ...result,
      });
    }
  } finally {
    await engine.terminate();
  }
  return rows;
}
