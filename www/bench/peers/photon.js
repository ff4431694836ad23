// photon (@silvia-odwyer/photon 0.3.11: Rust compiled to wasm, one thread). Its npm package
// is wasm-bindgen's bundler target, whose glue imports the .wasm as an ES module, which
// browsers cannot do. We load the glue as a module from a Blob with that one import
// replaced by a setter, and instantiate the .wasm with the glue as its imports: what a
// bundler does. Operations work in place on a PhotonImage in photon's memory, so
// `compute` gets a fresh copy of the input first, untimed where the caller allows it.

import { describeOps } from './ops.js';

const BASE = '/vendor/photon/';

async function loadPhoton() {
  const glue = await (await fetch(`${BASE}photon_rs_bg.js`)).text();
  const patched = glue.replace(
    "import * as wasm from './photon_rs_bg.wasm';",
    'let wasm; export function __setWasm(exports) { wasm = exports; }',
  );
  if (patched === glue) throw new Error('photon: its glue no longer imports the .wasm the way this loader expects');
  const url = URL.createObjectURL(new Blob([patched], { type: 'text/javascript' }));
  const photon = await import(url);
  URL.revokeObjectURL(url);
  const { instance } = await WebAssembly.instantiateStreaming(fetch(`${BASE}photon_rs_bg.wasm`), { './photon_rs_bg.js': photon });
  photon.__setWasm(instance.exports);
  return photon;
}

export async function load() {
  const photon = await loadPhoton();
  const OPS = {
    gaussian_blur: { run: (im, p) => photon.gaussian_blur(im, p.sigma), note: 'gaussian_blur(img, 4): three box blurs approximating σ 4, integer arithmetic that truncates (darkens slightly); edges clamped' },
    grayscale: { run: (im) => photon.grayscale_human_corrected(im), note: 'grayscale_human_corrected: 0.3 R + 0.59 G + 0.11 B (grayscale() averages)' },
    resize_half: { run: (im, p) => photon.resize(im, p.outWidth, p.outHeight, 2), returns: true, note: "resize with the image crate's Triangle filter: widened to the reduction (antialiased), not 2×2 sampling" },
    resize_2_3: { run: (im, p) => photon.resize(im, p.outWidth, p.outHeight, 2), returns: true, note: "Triangle filter widened to the reduction (antialiased), not 2-tap sampling" },
    resize_lanczos3: { run: (im, p) => photon.resize(im, p.outWidth, p.outHeight, 5), returns: true, note: "the image crate's Lanczos3, widened to the reduction (antialiased), f32" },
    convolve_3x3: { run: (im) => photon.sharpen(im), note: 'sharpen(): the same 3×3 kernel, fixed; edges left unfiltered' },
  };
  return {
    name: 'photon',
    version: '0.3.11',
    threads: 1,
    ...describeOps(OPS, { box_blur: 'box_blur() is a fixed 3×3 box: no radius', sobel: 'only sobel_horizontal / sobel_vertical, no magnitude' }),
    prepare(op, rgba, w, h, params) {
      const o = OPS[op];
      let image = null;
      let result = null;
      const drop = () => {
        if (result && result !== image) result.free();
        image?.free();
        image = result = null;
      };
      const apply = (im) => {
        const r = o.run(im, params);
        return o.returns ? r : im;
      };
      return {
        bands: 4,
        // In place: the input copy is made before the timer starts (setup).
        setup() {
          drop();
          image = new photon.PhotonImage(rgba, w, h);
        },
        compute() {
          result = apply(image);
        },
        io(bytes) {
          const im = new photon.PhotonImage(bytes, w, h);
          const out = apply(im);
          const pixels = out.get_raw_pixels();
          if (out !== im) out.free();
          im.free();
          return pixels;
        },
        output() {
          this.setup();
          this.compute();
          return result.get_raw_pixels();
        },
        free: drop,
      };
    },
  };
}
