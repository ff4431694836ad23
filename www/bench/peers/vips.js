// wasm-vips (libvips compiled with Emscripten pthreads). Images are lazy pipelines: an
// operation runs when its result is written, so `compute` ends with copyMemory() (the
// result stays in libvips's memory) and `io` starts from newFromMemory and ends with
// writeToMemory (RGBA bytes in and out, as a user pays). The operation cache is off, or a
// repeated call would return the cached image.

import { describeOps } from './ops.js';

const URL_VIPS = '/vendor/wasm-vips/vips-es6.js';

export async function load({ threads }) {
  const { default: Vips } = await import(URL_VIPS);
  const vips = await Vips({ dynamicLibraries: [] });
  vips.Cache.max(0);
  vips.concurrency(threads);
  const box = (r) => vips.Image.newFromArray([Array(2 * r + 1).fill(1)], 2 * r + 1);
  const sharpen = vips.Image.newFromArray([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], 1);
  const OPS = {
    gaussian_blur: { run: (im, p) => im.gaussblur(p.sigma, { min_ampl: 0.01 }), note: 'integer (fixed point) precision; min_ampl 0.01: 25 taps like ours (the default 0.2 gives 15); edges copied' },
    box_blur: { run: (im, p) => im.convsep(box(p.radius), { precision: 'integer' }), note: 'convsep with a 1×9 mask of ones (libvips has no box blur); integer precision; edges copied' },
    grayscale: { run: (im) => im.colourspace('b-w'), bands: 2, note: "colourspace('b-w'): sRGB → linear → luma, not BT.601 on the bytes; gray band compared" },
    grayscale_plane: { run: (im) => im.colourspace('b-w').extractBand(0), bands: 1, note: "colourspace('b-w').extractBand(0): sRGB → linear → luma, not BT.601 on the bytes" },
    resize_half: { run: (im, p) => im.resize(p.outWidth / im.width, { vscale: p.outHeight / im.height, kernel: 'linear' }), note: "resize(½, kernel 'linear'): a triangle filter widened to the reduction (antialiased), not 2×2 sampling" },
    resize_2_3: { run: (im, p) => im.resize(p.outWidth / im.width, { vscale: p.outHeight / im.height, kernel: 'linear' }), note: "resize(⅔, kernel 'linear'): a triangle widened to the reduction (antialiased), not 2-tap sampling" },
    resize_lanczos3: { run: (im, p) => im.resize(p.outWidth / im.width, { vscale: p.outHeight / im.height }), note: "resize(⅔): its default kernel, Lanczos 3 widened to the reduction (antialiased), fixed point" },
    sobel: { run: (im) => im.colourspace('b-w').extractBand(0).sobel(), bands: 1, note: "colourspace('b-w') then sobel(): the uchar fast path (low precision)" },
    convolve_3x3: { run: (im) => im.conv(sharpen, { precision: 'integer' }), note: 'conv with an integer mask; edges: libvips keeps the size by copying edges' },
  };
  return {
    name: 'wasm-vips',
    version: `libvips ${vips.version()}`,
    threads: vips.concurrency(),
    ...describeOps(OPS),
    prepare(op, rgba, w, h, params) {
      const o = OPS[op];
      const input = vips.Image.newFromMemory(rgba, w, h, 4, vips.BandFormat.uchar).copyMemory();
      let result = null;
      const drop = () => {
        result?.delete();
        result = null;
      };
      return {
        bands: o.bands ?? 4,
        compute() {
          drop();
          result = o.run(input, params).copyMemory();
        },
        io(bytes) {
          const im = vips.Image.newFromMemory(bytes, w, h, 4, vips.BandFormat.uchar);
          const out = o.run(im, params);
          const mem = out.writeToMemory();
          out.delete();
          im.delete();
          return mem;
        },
        output() {
          this.compute();
          return result.writeToMemory();
        },
        free() {
          drop();
          input.delete();
        },
      };
    },
  };
}
