// stackblur-canvas 3.0.1 (plain JS, one thread): the blur many apps use. In place on an
// ImageData-like object, so the input copy is made before the timer starts (setup).

import { imageDataRGBA } from '/vendor/stackblur-canvas/stackblur.mjs';

/** The stack radius whose triangular kernel has σ 4's variance (r(r+2)/6 = σ²). */
const radiusFor = (sigma) => Math.round(Math.sqrt(6 * sigma * sigma + 1) - 1);

export async function load() {
  return {
    name: 'stackblur',
    version: '3.0.1',
    threads: 1,
    notes: { gaussian_blur: 'stack blur radius 9 (a triangular kernel with σ 4\'s variance, 19 taps), integer multiply-shift; alpha-weighted; edges clamped' },
    ops: ['gaussian_blur'],
    prepare(_op, rgba, w, h, params) {
      const radius = radiusFor(params.sigma);
      const image = { data: new Uint8ClampedArray(rgba.length) };
      return {
        bands: 4,
        setup: () => image.data.set(rgba),
        compute: () => imageDataRGBA(image, 0, 0, w, h, radius),
        io(bytes) {
          const copy = { data: new Uint8ClampedArray(bytes) };
          imageDataRGBA(copy, 0, 0, w, h, radius);
          return copy.data;
        },
        output() {
          image.data.set(rgba);
          imageDataRGBA(image, 0, 0, w, h, radius);
          return new Uint8Array(image.data.buffer);
        },
        free() {},
      };
    },
  };
}
