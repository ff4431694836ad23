// One plain Worker of the JS-workers baseline: runs a band of a plain-JS kernel on typed
// arrays over a SharedArrayBuffer the page made, so nothing is copied.
import * as js from './js-kernels.js';

const rows = new Map(); // per-worker scratch rows, kept between tasks
const scratchRow = (length, Type = Float32Array) => {
  const key = `${Type.name}:${length}`;
  let a = rows.get(key);
  if (!a) {
    a = new Type(length);
    rows.set(key, a);
  }
  return a;
};

const BANDS = {
  mandelbrot: ({ out, width, height, maxIter }, y0, y1) => js.mandelbrotRows(out, width, height, maxIter, y0, y1),
  gaussianRows: ({ src, tmp, width, weights }, y0, y1) => js.gaussianRows(src, tmp, width, weights, y0, y1, scratchRow((width + weights.length) * 4)),
  gaussianColumns: ({ tmp, dst, width, height, weights }, y0, y1) => js.gaussianColumns(tmp, dst, width, height, weights, y0, y1, scratchRow(weights.length, Int32Array)),
  boxRows: ({ src, sums, width, radius }, y0, y1) => js.boxRows(src, sums, width, radius, y0, y1),
  boxColumns: ({ sums, dst, width, height, radius }, y0, y1) => js.boxColumns(sums, dst, width, height, radius, y0, y1),
  pad: ({ src, padded: p, width, height, r }, y0, y1) => js.padImage(src, p, width, height, r, y0, y1),
  convolveRows: ({ src, padded: p, dst, width, weights, size }, y0, y1) => js.convolveRows(src, p, dst, width, weights, size, y0, y1),
  grayscale: ({ img, width }, y0, y1) => js.grayscaleRows(img, width, y0, y1),
  matmul: ({ a, b, c, k, n }, i0, i1) => js.matmulRows(a, b, c, k, n, i0, i1),
  sumChunks: ({ xs }, from, to) => js.chunkSums(xs, from, to),
  axpy: ({ alpha, x, y }, from, to) => js.axpy(alpha, x, y, from, to),
  scale: ({ xs, alpha }, from, to) => js.scale(xs, alpha, from, to),
};

let bound = null;
self.onmessage = ({ data }) => {
  try {
    if (data.bind) {
      bound = data.bind;
      postMessage({ id: data.id });
      return;
    }
    postMessage({ id: data.id, value: BANDS[data.op](bound, data.from, data.to) });
  } catch (e) {
    postMessage({ id: data.id, error: String(e?.message ?? e) });
  }
};
postMessage({ ready: true });
