// The compute kernels of the threads scenario, described once for every side that runs
// them: the engine (wasm, 1…N threads) and plain JS; examples/native_bench.rs mirrors the
// same list, inputs and sizes for native Rust.
//
// Each entry: inputs (typed buffers filled by a formula), which of them a run overwrites
// (`resets`: restored, untimed, before each run), the wasm call, the JS call, the same JS
// split over plain Workers (`workers(pool, arrays)`, arrays over one SharedArrayBuffer;
// `scratch`: the extra shared arrays it needs), the exact JS form where the timed one differs
// (`exact`, see exactness.js), and what to checksum (`check`: an input's name, or 'result').

import * as js from './js-kernels.js';
import { bands } from './js-workers.js';
import { fillImage, fillWhole } from './inputs.js';

/** Convolution weights: ((i % 7) − 3) / 25, computed in f64 and stored as f32. */
export const fillWeights = (view) => {
  for (let i = 0; i < view.length; i++) view[i] = ((i % 7) - 3) / 25;
  return view;
};

export function computeKernels(sizes) {
  const { mandelbrot: m, gaussian_blur: g, box_blur: bb, convolve: cv, grayscale: gs, matmul: mm, sum: s, axpy: ax } = sizes;
  const image = (w, h) => ({ type: 'u8', length: w * h * 4, fill: fillImage });
  const out = (type, length) => ({ type, length, fill: (v) => v });
  return [
    {
      kernel: 'mandelbrot', elements: m.width * m.height, bytes: m.width * m.height,
      inputs: { out: out('u8', m.width * m.height) }, check: 'out',
      wasm: (e, b) => e.mandelbrot(b.out, m.width, m.height, m.maxIter),
      js: (a) => js.mandelbrot(a.out, m.width, m.height, m.maxIter),
      workers: async (p, a) => {
        await p.bind({ out: a.out, width: m.width, height: m.height, maxIter: m.maxIter });
        await p.phase('mandelbrot', bands(m.height, p.threads));
      },
    },
    {
      kernel: 'gaussian_blur', elements: g.width * g.height, bytes: g.width * g.height * 4,
      inputs: { src: image(g.width, g.height), dst: out('u8', g.width * g.height * 4) }, check: 'dst',
      wasm: (e, b) => e.gaussianBlur(b.src, g.width, g.height, g.sigma, b.dst),
      js: (a) => js.gaussianBlur(a.src, a.dst, g.width, g.height, g.sigma),
      exact: (a) => js.gaussianBlurExact(a.src, a.dst, g.width, g.height, g.sigma),
      scratch: { tmp: ['f32', g.width * g.height * 4] },
      workers: async (p, a) => {
        await p.bind({ src: a.src, tmp: a.tmp, dst: a.dst, width: g.width, height: g.height, weights: js.gaussianWeights(g.sigma) });
        await p.phase('gaussianRows', bands(g.height, p.threads));
        await p.phase('gaussianColumns', bands(g.height, p.threads));
      },
    },
    {
      kernel: 'box_blur', elements: bb.width * bb.height, bytes: bb.width * bb.height * 4,
      inputs: { src: image(bb.width, bb.height), dst: out('u8', bb.width * bb.height * 4) }, check: 'dst',
      wasm: (e, b) => e.boxBlur(b.src, bb.width, bb.height, bb.radius, b.dst),
      js: (a) => js.boxBlur(a.src, a.dst, bb.width, bb.height, bb.radius),
      scratch: { sums: ['u32', bb.width * bb.height * 4] },
      workers: async (p, a) => {
        await p.bind({ src: a.src, sums: a.sums, dst: a.dst, width: bb.width, height: bb.height, radius: bb.radius });
        await p.phase('boxRows', bands(bb.height, p.threads));
        await p.phase('boxColumns', bands(bb.height, p.threads));
      },
    },
    {
      kernel: 'convolve', elements: cv.width * cv.height, bytes: cv.width * cv.height * 4,
      inputs: {
        src: image(cv.width, cv.height),
        weights: { type: 'f32', length: cv.size * cv.size, fill: fillWeights },
        dst: out('u8', cv.width * cv.height * 4),
      },
      check: 'dst',
      wasm: (e, b) => e.convolve(b.src, cv.width, cv.height, b.weights, b.dst),
      js: (a) => js.convolve(a.src, a.dst, cv.width, cv.height, a.weights, cv.size),
      exact: (a) => js.convolveExact(a.src, a.dst, cv.width, cv.height, a.weights, cv.size),
      scratch: { padded: ['f32', (cv.width + cv.size - 1) * (cv.height + cv.size - 1) * 4] },
      workers: async (p, a) => {
        const r = (cv.size - 1) / 2;
        await p.bind({ src: a.src, padded: a.padded, dst: a.dst, width: cv.width, height: cv.height, weights: a.weights, size: cv.size, r });
        await p.phase('pad', bands(cv.height + 2 * r, p.threads).map(([y0, y1]) => [y0 - r, y1 - r]));
        await p.phase('convolveRows', bands(cv.height, p.threads));
      },
    },
    {
      kernel: 'grayscale', elements: gs.width * gs.height, bytes: gs.width * gs.height * 4,
      inputs: { img: image(gs.width, gs.height) }, resets: ['img'], check: 'img',
      wasm: (e, b) => e.grayscale(b.img, gs.width, gs.height),
      js: (a) => js.grayscale(a.img),
      workers: async (p, a) => {
        await p.bind({ img: a.img, width: gs.width });
        await p.phase('grayscale', bands(gs.height, p.threads));
      },
    },
    {
      kernel: 'matmul', elements: mm.n * mm.n, bytes: 3 * mm.n * mm.n * 4,
      inputs: { a: { type: 'f32', length: mm.n * mm.n, fill: fillWhole }, b: { type: 'f32', length: mm.n * mm.n, fill: fillWhole }, c: out('f32', mm.n * mm.n) },
      check: 'c',
      wasm: (e, b) => e.matmul(b.a, b.b, b.c, mm.n, mm.n, mm.n),
      js: (a) => js.matmul(a.a, a.b, a.c, mm.n, mm.n, mm.n),
      workers: async (p, a) => {
        await p.bind({ a: a.a, b: a.b, c: a.c, k: mm.n, n: mm.n });
        await p.phase('matmul', bands(mm.n, p.threads));
      },
    },
    {
      kernel: 'sum', elements: s.length, bytes: s.length * 4,
      inputs: { xs: { type: 'f32', length: s.length, fill: fillWhole } }, check: 'result',
      wasm: (e, b) => e.sum(b.xs),
      js: (a) => js.sum(a.xs),
      // Chunks of 16 384 elements, their sums added in order: the same bits as one thread.
      workers: async (p, a) => {
        await p.bind({ xs: a.xs });
        return (await p.phase('sumChunks', bands(s.length, p.threads, js.SUM_CHUNK))).flat().reduce((t, v) => t + v, 0);
      },
    },
    {
      kernel: 'axpy', elements: ax.length, bytes: 2 * ax.length * 4,
      inputs: { x: { type: 'f32', length: ax.length, fill: fillWhole }, y: { type: 'f32', length: ax.length, fill: fillWhole } },
      resets: ['y'], check: 'y',
      wasm: (e, b) => e.axpy(2, b.x, b.y),
      js: (a) => js.axpy(2, a.x, a.y),
      workers: async (p, a) => {
        await p.bind({ alpha: 2, x: a.x, y: a.y });
        await p.phase('axpy', bands(ax.length, p.threads));
      },
    },
  ];
}
