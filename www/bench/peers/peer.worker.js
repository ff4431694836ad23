// One peer library in its own worker (classic, so OpenCV.js can use importScripts; the
// adapters are ES modules loaded with import()). The page sends: load, prepare (the input
// image, once per operation), time (samples of compute or io, the raw times back), output
// (the result's bytes, for the difference from ours), release.

let peer = null;
let prepared = null;
let input = null;

const JOBS = {
  async load({ lib, threads }) {
    const adapter = await import(`./${lib}.js`);
    peer = await adapter.load({ threads });
    return { name: peer.name, version: peer.version, threads: peer.threads, ops: peer.ops, notes: peer.notes };
  },
  prepare({ op, rgba, width, height, params }) {
    JOBS.release();
    input = rgba;
    prepared = peer.prepare(op, rgba, width, height, params);
    return { bands: prepared.bands };
  },
  /** `samples` timed runs of `mode` ('compute' or 'io'), after one untimed warm-up. */
  time({ mode, samples }) {
    const once = () => {
      prepared.setup?.();
      const start = performance.now();
      if (mode === 'compute') prepared.compute();
      else prepared.io(input);
      return performance.now() - start;
    };
    once();
    return Array.from({ length: samples }, once);
  },
  /** A copy: the library's result may be a view of its own (possibly shared) memory. */
  output() {
    return new Uint8Array(prepared.output());
  },
  release() {
    prepared?.free();
    prepared = null;
  },
};

self.onmessage = async ({ data: { id, job, args } }) => {
  try {
    const value = await JOBS[job](args);
    postMessage({ id, ok: true, value }, value instanceof Uint8Array ? [value.buffer] : []);
  } catch (e) {
    postMessage({ id, ok: false, error: `${job}: ${e?.message ?? e}` });
  }
};
