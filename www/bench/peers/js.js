// The competent plain JS of the threads scenario (../js-kernels.js) on the peers' input:
// one thread. Its data are JS arrays already, so its `io` is its `compute` on the caller's
// bytes into a fresh output.

import * as js from '../js-kernels.js';
import { SHARPEN_3X3, describeOps } from './ops.js';

export async function load() {
  const weights = Float32Array.from(SHARPEN_3X3);
  const OPS = {
    gaussian_blur: { run: (s, d, w, h, p) => js.gaussianBlur(s, d, w, h, p.sigma), note: 'separable, f64 sums of f32 weights, 25 taps; edges clamped' },
    box_blur: { run: (s, d, w, h, p) => js.boxBlur(s, d, w, h, p.radius), note: 'running sums, exact integer mean; edges clamped' },
    grayscale: { run: (_s, d) => js.grayscale(d), inPlace: true, note: 'BT.601 in 8-bit fixed point, as ours; in place' },
    grayscale_plane: { run: (s, d) => js.grayscalePlane(s, d), bands: 1, note: 'BT.601 in 8-bit fixed point, as ours; one 32-bit load per pixel, one channel out' },
    convolve_3x3: { run: (s, d, w, h) => js.convolve(s, d, w, h, weights, 3), note: 'padded f32 image, f64 sums; edges clamped' },
  };
  return {
    name: 'js',
    version: 'www/bench/js-kernels.js',
    threads: 1,
    ...describeOps(OPS, { resize_half: 'not written', resize_2_3: 'not written', resize_lanczos3: 'not written', sobel: 'not written' }),
    prepare(op, rgba, w, h, params) {
      const o = OPS[op];
      const src = rgba.slice();
      const outLength = rgba.length / 4 * (o.bands ?? 4);
      const dst = o.inPlace ? rgba.slice() : new Uint8Array(outLength);
      return {
        bands: o.bands ?? 4,
        compute: () => o.run(src, dst, w, h, params),
        io(bytes) {
          const out = o.inPlace ? bytes.slice() : new Uint8Array(outLength);
          o.run(bytes, out, w, h, params);
          return out;
        },
        output() {
          o.run(src, dst, w, h, params);
          return dst.slice();
        },
        free() {},
      };
    },
  };
}
