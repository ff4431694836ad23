// OpenCV.js (@techstark/opencv-js 4.12.0-release.1: one thread, no wasm SIMD in this
// build). Its script is a UMD bundle loaded with importScripts (the worker is classic);
// the module object is a thenable that resolves to itself, so we wait for
// onRuntimeInitialized and never await it. Mats live in OpenCV's heap: `compute` runs on a
// Mat already there; `io` copies RGBA bytes into a Mat and the result out.

import { describeOps } from './ops.js';

const URL_OPENCV = '/vendor/opencv-js/opencv.js';

function ready(cv) {
  return new Promise((resolve) => {
    if (cv.Mat) resolve();
    else cv.onRuntimeInitialized = resolve;
  });
}

export async function load() {
  importScripts(URL_OPENCV);
  const cv = self.cv;
  await ready(cv);
  const R = cv.BORDER_REPLICATE;
  const sharpen = cv.matFromArray(3, 3, cv.CV_32F, [0, -1, 0, -1, 5, -1, 0, -1, 0]);
  const OPS = {
    gaussian_blur: { run: (s, d, p) => cv.GaussianBlur(s, d, new cv.Size(0, 0), p.sigma, p.sigma, R), note: '8-bit fixed point (16-bit weights), ksize from σ: 25 taps; BORDER_REPLICATE' },
    box_blur: { run: (s, d, p) => cv.blur(s, d, new cv.Size(2 * p.radius + 1, 2 * p.radius + 1), new cv.Point(-1, -1), R), note: 'cv.blur 9×9, integer sums, rounded; BORDER_REPLICATE' },
    grayscale: { run: (s, d) => cv.cvtColor(s, d, cv.COLOR_RGBA2GRAY), bands: 1, note: 'COLOR_RGBA2GRAY: BT.601 in fixed point, one channel out' },
    grayscale_plane: { run: (s, d) => cv.cvtColor(s, d, cv.COLOR_RGBA2GRAY), bands: 1, note: 'COLOR_RGBA2GRAY: BT.601 in fixed point, one channel out' },
    resize_half: { run: (s, d, p) => cv.resize(s, d, new cv.Size(p.outWidth, p.outHeight), 0, 0, cv.INTER_LINEAR), note: 'INTER_LINEAR, 11-bit fixed point; at exactly 2× down it takes its 2×2-average fast path' },
    resize_2_3: { run: (s, d, p) => cv.resize(s, d, new cv.Size(p.outWidth, p.outHeight), 0, 0, cv.INTER_LINEAR), note: 'INTER_LINEAR: 2 taps per axis, no antialiasing (as ours), 11-bit fixed point' },
    sobel: {
      run: (s, d, _p, t) => {
        cv.cvtColor(s, t.gray, cv.COLOR_RGBA2GRAY);
        cv.Sobel(t.gray, t.gx, cv.CV_32F, 1, 0, 3, 1, 0, R);
        cv.Sobel(t.gray, t.gy, cv.CV_32F, 0, 1, 3, 1, 0, R);
        cv.magnitude(t.gx, t.gy, t.mag);
        t.mag.convertTo(d, cv.CV_8U);
      },
      bands: 1,
      note: 'cvtColor to gray, Sobel dx and dy in f32, magnitude, saturating convertTo; BORDER_REPLICATE',
    },
    convolve_3x3: { run: (s, d) => cv.filter2D(s, d, -1, sharpen, new cv.Point(-1, -1), 0, R), note: 'filter2D, f32 kernel on 8-bit data, rounded and saturated; BORDER_REPLICATE' },
  };
  return {
    name: 'opencv.js',
    version: `OpenCV ${cv.getBuildInformation().match(/General configuration for OpenCV ([\d.]+)/)?.[1] ?? '?'}`,
    threads: 1,
    ...describeOps(OPS, { resize_lanczos3: 'INTER_LANCZOS4 only: 8×8 taps without antialiasing, another filter' }),
    prepare(op, rgba, w, h, params) {
      const o = OPS[op];
      const src = new cv.Mat(h, w, cv.CV_8UC4);
      src.data.set(rgba);
      const dst = new cv.Mat();
      const temps = { gray: new cv.Mat(), gx: new cv.Mat(), gy: new cv.Mat(), mag: new cv.Mat() };
      return {
        bands: o.bands ?? 4,
        compute: () => o.run(src, dst, params, temps),
        io(bytes) {
          const input = new cv.Mat(h, w, cv.CV_8UC4);
          input.data.set(bytes);
          const out = new cv.Mat();
          o.run(input, out, params, temps);
          const result = out.data.slice();
          input.delete();
          out.delete();
          return result;
        },
        output() {
          o.run(src, dst, params, temps);
          return dst.data.slice();
        },
        free() {
          [src, dst, ...Object.values(temps)].forEach((m) => { m.delete(); });
        },
      };
    },
  };
}
