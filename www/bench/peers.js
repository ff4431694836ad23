// The peers scenario: our image kernels beside the libraries web developers pick instead
// (wasm-vips, OpenCV.js, photon, stackblur-canvas) and the competent plain JS, on the same
// opaque photo-like RGBA image and parameters. Each is timed (a) compute only, the data already in that
// library's memory, and (b) with I/O: RGBA bytes from JS in, RGBA bytes back to JS. Each
// runs in its own worker (peers/peer.worker.js); ours through the engine, at 1 thread and
// at every thread. Rounds interleave the libraries, in a rotating order; each row reports
// every round's median, so the spread is visible. Outputs are not bit-identical across
// libraries: each row carries its largest difference from ours away from the border.

import { createEngine } from '/pkg/engine.js';
import { checksumBytes } from './checksum.js';
import { fillPhoto } from './inputs.js';
import { PEER_OPS, SHARPEN_3X3, maxDifference } from './peers/ops.js';
import { sideRows, timeInRotation } from './peers/rounds.js';
import { workerRpc } from './worker-rpc.js';

/** Peer workers: [label, adapter, threads] (wasm-vips at 1 thread and at every thread). */
const PEERS = (n) => [['wasm-vips', 'vips', n], ['wasm-vips', 'vips', 1], ['opencv.js', 'opencv', 1], ['photon', 'photon', 1], ['stackblur', 'stackblur', 1], ['js', 'js', 1]];

async function startPeer(lib, threads) {
  const worker = new Worker(new URL('./peers/peer.worker.js', import.meta.url), { name: `peer-${lib}` });
  const rpc = workerRpc(worker, lib);
  const call = (job, args = {}) => rpc({ job, args });
  const info = await call('load', { lib, threads });
  return {
    ...info,
    has: (op) => info.ops.includes(op),
    prepare: (op, rgba, width, height, params) => call('prepare', { op, rgba: rgba.slice(), width, height, params }),
    time: (mode, samples) => call('time', { mode, samples }),
    output: () => call('output'),
    terminate: () => worker.terminate(),
  };
}

/** Ours through an engine: the same prepare / time / output as a peer worker. */
async function startOurs(threads) {
  const engine = await createEngine({ threads });
  let state = null;
  const release = () => {
    state?.buffers.forEach((b) => { b.free(); });
    state = null;
  };
  const CALLS = {
    gaussian_blur: (b, w, h, p) => engine.gaussianBlur(b.src, w, h, p.sigma, b.dst),
    box_blur: (b, w, h, p) => engine.boxBlur(b.src, w, h, p.radius, b.dst),
    grayscale: (b, w, h) => engine.grayscale(b.dst, w, h),
    grayscale_plane: (b, w, h) => engine.grayscalePlane(b.src, w, h, b.dst),
    resize_half: (b, w, h, p) => engine.resize(b.src, w, h, b.dst, p.outWidth, p.outHeight),
    resize_2_3: (b, w, h, p) => engine.resize(b.src, w, h, b.dst, p.outWidth, p.outHeight),
    resize_lanczos3: (b, w, h, p) => engine.resize(b.src, w, h, b.dst, p.outWidth, p.outHeight, 'lanczos3'),
    sobel: (b, w, h) => engine.sobel(b.src, w, h, b.dst),
    convolve_3x3: (b, w, h) => engine.convolve(b.src, w, h, b.weights, b.dst),
  };
  return {
    name: 'wasmpar',
    version: 'this commit',
    threads: engine.info.threads,
    notes: {
      gaussian_blur: '2^-14 fixed-point weights, 16-bit lanes, 25 taps (radius ⌈3σ⌉), within 1 of the exact (f64) blur; edges clamped',
      box_blur: 'running sums, exact integer mean, rounded; edges clamped',
      grayscale: 'BT.601 in 8-bit fixed point; in place, alpha kept',
      grayscale_plane: 'grayscalePlane: BT.601 in 8-bit fixed point, one channel out',
      resize_half: 'bilinear: 2 taps per axis at pixel centres, no antialiasing (2× down: the 2×2 average, rounded half up)',
      resize_2_3: 'bilinear: 2 taps per axis at pixel centres, no antialiasing; fixed point, within 1 of exact',
      resize_lanczos3: 'Lanczos 3 widened to the reduction (antialiased), 2^-14 weights in 16-bit lanes across, 2^-15 down, within 1 of exact; edge taps dropped and renormalised',
      sobel: 'BT.601 luma in 8-bit fixed point, gradients in 16-bit lanes, round(√(gx² + gy²)) (the root in f32), saturated: exact; edges clamped',
      convolve_3x3: 'integer weights in 16-bit lanes, zero taps skipped: exact, saturated; edges clamped',
    },
    has: () => true,
    async prepare(op, rgba, w, h, params) {
      release();
      // A plane operation writes one byte per pixel (PEER_OPS marks it), the others RGBA.
      const bands = PEER_OPS.find((o) => o.op === op).plane ? 1 : 4;
      const outLength = params.outWidth ? params.outWidth * params.outHeight * 4 : (rgba.length / 4) * bands;
      const b = { src: await engine.alloc('u8', rgba.length), dst: await engine.alloc('u8', outLength), weights: await engine.alloc('f32', 9) };
      b.src.view.set(rgba);
      b.weights.view.set(SHARPEN_3X3);
      if (op === 'grayscale') b.dst.view.set(rgba); // in place, as the peers' grayscale outputs are
      const run = () => CALLS[op](b, w, h, params);
      state = { buffers: Object.values(b), run, input: op === 'grayscale' ? b.dst : b.src, output: b.dst, rgba };
      return { bands };
    },
    async time(mode, samples) {
      const { run, input, output, rgba } = state;
      const once = async () => {
        const start = performance.now();
        if (mode === 'io') input.view.set(rgba);
        await run();
        if (mode === 'io') output.view.slice();
        return performance.now() - start;
      };
      await once();
      const times = [];
      for (let i = 0; i < samples; i++) times.push(await once());
      return times;
    },
    async output() {
      await state.run();
      return state.output.view.slice();
    },
    terminate: async () => {
      release();
      await engine.terminate();
    },
  };
}

/** Rows of the peers scenario (see the top of this file); `only`: the operations (their `op`) to run, else all. */
export async function peerRows({ width, height, rounds, samples, offset = 0, only }) {
  const rgba = fillPhoto(new Uint8Array(width * height * 4), width, height);
  const n = navigator.hardwareConcurrency;
  const sides = [await startOurs(n), await startOurs(1)];
  for (const [label, lib, threads] of PEERS(n)) sides.push({ label, ...(await startPeer(lib, threads)) });
  const rows = [];
  try {
    for (const o of PEER_OPS.filter((o) => !only || only.includes(o.op))) {
      const scaled = o.scale !== undefined;
      const params = { sigma: o.sigma, radius: o.radius, ...(scaled && { outWidth: Math.round(width * o.scale), outHeight: Math.round(height * o.scale) }) };
      const [w, h] = scaled ? [params.outWidth, params.outHeight] : [width, height];
      const present = sides.filter((s) => s.has(o.op));
      const bands = [];
      for (const s of present) bands.push((await s.prepare(o.op, rgba, width, height, params)).bands);
      const outputs = [];
      for (const s of present) outputs.push(await s.output());
      const ours = outputs[0];
      const times = await timeInRotation(present, { rounds, offset }, (side, mode) => side.time(mode, samples));
      present.forEach((s, i) => {
        const gray = o.gray && bands[i] !== 4;
        const ourBands = bands[0]; // ours is the first side, as `ours` above
        const margin = scaled ? 4 : 16;
        rows.push(...sideRows({
          times: times[i], width, height, kernel: o.label, op: o.op, variant: s.label ?? s.name, library: s.version, threads: s.threads,
          checksum: checksumBytes(outputs[i]), max_diff: maxDifference(ours, outputs[i], { w, h, bands: bands[i], gray, margin, ourBands }),
          diff_margin: margin, precision: s.notes[o.op] ?? '',
        }));
      });
    }
  } finally {
    await Promise.all(sides.map((s) => s.terminate()));
  }
  return rows;
}
