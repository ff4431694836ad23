// The app's page: the wasm-bindgen glue, wasm-bindgen-rayon's pool on every core, then the
// Rust side draws the test image on the canvas and filters it in place. `?width=&height=`
// size the canvas; window.result holds the outcome for the test. `?bench` starts the pool and
// stops there, leaving `Workload` on window for the benchmark's pool comparison.
//
// The filter runs on the main thread, which waits (spinning, as rayon's web_spin_lock does
// where Atomics.wait is not allowed) while the pool works: fine for one image, but an app
// that filters often would call it from a worker of its own.

import init, { Workload, drawTestImage, filterCanvas, initThreadPool } from './pkg/wasmpar_web_app.js';

const params = new URLSearchParams(location.search);
const canvas = document.getElementById('image');
canvas.width = Number(params.get('width') ?? canvas.width);
canvas.height = Number(params.get('height') ?? canvas.height);
const status = document.getElementById('status');

function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

async function run() {
  await init();
  const threads = Number(params.get('threads') ?? navigator.hardwareConcurrency);
  let start = performance.now();
  await initThreadPool(threads);
  const poolMs = performance.now() - start;
  if (params.has('bench')) {
    window.Workload = Workload;
    return { threads, poolMs };
  }
  drawTestImage(canvas);
  start = performance.now();
  filterCanvas(canvas);
  const filterMs = performance.now() - start;
  const { width, height } = canvas;
  // The same context the Rust side made (a canvas has one), with willReadFrequently.
  const pixels = canvas.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, width, height).data;
  status.textContent = `${width}×${height} filtered on ${threads} threads in ${filterMs.toFixed(1)} ms`;
  return { checksum: fnv1a(pixels), width, height, threads, poolMs, filterMs, isolated: crossOriginIsolated };
}

window.result = run().catch((e) => {
  status.textContent = `failed: ${e}`;
  return { error: String(e?.stack ?? e) };
});
