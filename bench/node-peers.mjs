// The peers scenario's Node.js rows: our engine on worker_threads beside sharp (native
// libvips, what Node developers pick), the Gaussian blur σ 4 of the same opaque photo-like
// RGBA image as the browser rows, at 1 thread and at every thread. Rounds interleave the
// sides in a rotating order, as in the browser (www/bench/peers.js).
//
// sharp has no compute-only form: a call takes a raw RGBA Buffer and gives one back, so both
// its columns time that same call. It premultiplies alpha around a blur (the image is opaque,
// so that changes no value, but it costs time) and caches operations, which is turned off.

import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { createEngine } from '../pkg/node.js';
import { checksumBytes } from '../www/bench/checksum.js';
import { fillPhoto } from '../www/bench/inputs.js';
import { maxDifference } from '../www/bench/peers/ops.js';
import { sideRows, timeInRotation } from '../www/bench/peers/rounds.js';

const SIGMA = 4;
const LABEL = 'Gaussian blur σ 4, on Node.js';

async function startOurs(rgba, width, height, threads) {
  const engine = await createEngine({ threads });
  const src = await engine.alloc('u8', rgba.length);
  const dst = await engine.alloc('u8', rgba.length);
  src.view.set(rgba);
  return {
    name: 'wasmpar', threads: engine.info.threads,
    precision: '2^-14 fixed-point weights, 16-bit lanes, 25 taps, within 1 of the exact blur; edges clamped',
    async once(mode) {
      const start = performance.now();
      if (mode === 'io') src.view.set(rgba);
      await engine.gaussianBlur(src, width, height, SIGMA, dst);
      if (mode === 'io') dst.view.slice();
      return performance.now() - start;
    },
    async output() {
      await engine.gaussianBlur(src, width, height, SIGMA, dst);
      return dst.view.slice();
    },
    async stop() {
      src.free();
      dst.free();
      await engine.terminate();
    },
  };
}

function startSharp(rgba, width, height, threads) {
  const input = Buffer.from(rgba);
  const run = () => {
    sharp.concurrency(threads);
    return sharp(input, { raw: { width, height, channels: 4 } }).blur({ sigma: SIGMA, minAmplitude: 0.01 }).raw().toBuffer();
  };
  return {
    name: 'sharp', threads,
    precision: `sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, native): blur σ 4, minAmplitude 0.01 (25 taps like ours), integer precision; RGBA premultiplied around the blur; Buffer in and out in both columns (no compute-only form)`,
    async once() {
      const start = performance.now();
      await run();
      return performance.now() - start;
    },
    async output() {
      return new Uint8Array(await run());
    },
    async stop() {},
  };
}

/** Rows for the peers table, in the browser rows' shape (www/bench/peers.js). */
export async function nodePeerRows({ width, height, rounds, samples, offset = 0 }) {
  sharp.cache(false);
  const rgba = fillPhoto(new Uint8Array(width * height * 4), width, height);
  const n = availableParallelism();
  const sides = [await startOurs(rgba, width, height, n), await startOurs(rgba, width, height, 1), startSharp(rgba, width, height, n), startSharp(rgba, width, height, 1)];
  try {
    const outputs = [];
    for (const s of sides) outputs.push(await s.output());
    // A warm-up call, then the samples, as the browser's sides do.
    const time = async (side, mode) => {
      await side.once(mode);
      const t = [];
      for (let k = 0; k < samples; k++) t.push(await side.once(mode));
      return t;
    };
    const times = await timeInRotation(sides, { rounds, offset }, time);
    const margin = 16;
    return sides.flatMap((s, i) => sideRows({
      times: times[i], width, height, kernel: LABEL, op: 'gaussian_blur_node', variant: s.name,
      library: s.name === 'sharp' ? sharp.versions.sharp : 'this commit', threads: s.threads, checksum: checksumBytes(outputs[i]),
      max_diff: maxDifference(outputs[0], outputs[i], { w: width, h: height, bands: 4, gray: false, margin }), diff_margin: margin, precision: s.precision,
    }));
  } finally {
    for (const s of sides) await s.stop();
  }
}
