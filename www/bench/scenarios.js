// The benchmark's scenarios, each tied to an idea of the seed ("Memory Model"). The page and
// the headless runner both run them through runScenarios().

import { createEngine } from '/pkg/engine.js';
import { measure } from './measure.js';
import { checksumBytes, checksumNumber } from './checksum.js';
import { computeKernels } from './compute-kernels.js';
import { abortLatencyRows } from './abort-latency.js';
import { startJsWorkers } from './js-workers.js';
import { withExactness } from './exactness.js';
import { peerRows } from './peers.js';

export const SCENARIOS = [
  {
    id: 'threads',
    title: 'Threads: one shared memory, every core',
    intro:
      'Linear memory is one contiguous byte array; with atomics it is a SharedArrayBuffer that every rayon worker sees. ' +
      'Each kernel runs at 1…hardwareConcurrency threads, beside the same Rust compiled natively (from make bench) and an idiomatic single-threaded JS loop. ' +
      'Each kernel runs at every thread count back to back, on both sides, so its speedup compares runs made close together on a noisy machine.',
  },
  {
    id: 'peers',
    title: 'Peers: the libraries you would pick instead',
    intro:
      'The same RGBA image and parameters through wasmpar (1 thread and every thread), wasm-vips (libvips, threaded; 1 thread and every thread), OpenCV.js, photon, stackblur-canvas and competent plain JS. ' +
      '"compute": the data already in that library\'s memory; "io": RGBA bytes from JS in and back out, as an app pays. Rounds interleave the libraries. ' +
      'Outputs differ in rounding, taps and borders: each row gives its largest difference from ours away from the border, and its precision.',
  },
  {
    id: 'simd',
    title: 'SIMD: four lanes at once',
    intro:
      'An RGBA pixel is four f32 lanes: one 128-bit vector. The same one-thread convolution with its inner loop written with explicit wasm SIMD128 ' +
      'operations (wasm-simd) and in portable Rust (wasm), which LLVM leaves scalar for wasm. Same IEEE operations in the same order, so the same bytes.',
  },
  {
    id: 'sharing',
    title: 'Sharing: zero-copy vs copying',
    intro:
      '"Minimize cross-boundary access": the same scale over a 64 MiB f32 array, with the data already in shared memory, ' +
      'copied in and out by wasm-bindgen, or split across plain workers by structured clone or by transfer. Every copy is in the time.',
  },
  {
    id: 'locality',
    title: 'Locality: the same answer, different memory traffic',
    intro:
      '"Keep data locality": linear memory is contiguous, so the order we walk it decides how many cache lines we pull. ' +
      'Row- vs column-major traversal, array of structs vs struct of arrays, naive vs tiled transpose, and contiguous vs interleaved (falsely shared) per-thread writes.',
  },
  {
    id: 'calls',
    title: 'Calls: batch operations',
    intro:
      '"Batch operations": every JS→wasm call has a fixed cost. One call per element vs batches vs one call, and reading results through a getter vs a typed-array view. ' +
      'Also the engine\'s own dispatch (a no-op round trip through its worker), how soon it answers again after an abort, and its start time.',
  },
  {
    id: 'types',
    title: 'Types: use appropriate types',
    intro:
      'The same sum over u8, u32, i32, f32 and f64 buffers of equal length. A memory-bound kernel\'s time follows the bytes it moves: ' +
      'a u8 buffer is an eighth of an f64 one (the seed\'s alignment table gives each type its size).',
  },
  {
    id: 'strings',
    title: 'Strings: encoding across the boundary',
    intro:
      'The seed\'s reverse_string: wasm-bindgen allocates in linear memory, encodes the JS string to UTF-8, copies it in, and decodes the result. ' +
      'Compared with reversing bytes already in memory (the work alone) and with plain JS.',
  },
  {
    id: 'growth',
    title: 'Growth: 64 KiB pages',
    intro:
      'Memory grows in 64 KiB pages. After growth a shared buffer keeps its old length and a non-shared one is detached, so views must be re-derived. ' +
      'The cost of memory.grow on shared and non-shared memories, and of re-deriving a view.',
  },
];

/** Talks to the benchmark worker (www/bench/bench.worker.js). */
export async function startBenchWorker(threads) {
  const worker = new Worker(new URL('./bench.worker.js', import.meta.url), { type: 'module', name: 'wasmpar-bench' });
  const pending = new Map();
  let next = 0;
  worker.onmessage = ({ data }) => {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    data.ok ? resolve(data.value) : reject(new Error(data.error));
  };
  const run = (job, params, samples) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, job, params, samples });
    });
  await run('init', { threads });
  return { run, terminate: () => worker.terminate() };
}

/**
 * Threads scenario: each compute kernel through the engine at 1…N threads. One engine per
 * thread count, all started first; each kernel runs at every thread count back to back
 * (within a second), so its speedup compares runs made close together on a noisy machine.
 * Not sample by sample: each engine has its own memory, so alternating them would double
 * the streaming kernels' working set (measured: axpy on 2 threads 10.8 → 12–15 ms).
 */
async function threadsRows(sizes, samples, bench) {
  const engines = [];
  for (let t = 1; t <= navigator.hardwareConcurrency; t++) engines.push(await createEngine({ threads: t }));
  const rowsByEngine = engines.map(() => []);
  for (const k of computeKernels(sizes)) {
    for (const [i, engine] of engines.entries()) {
      const run = await prepareRun(engine, k);
      // More samples than the JS loops get: the wasm runs are short and the speedups need them.
      const result = await measure({ ...run, samples: sizes.threadSamples });
      run.free();
      rowsByEngine[i].push({ scenario: 'threads', kernel: k.kernel, variant: 'wasm', threads: engine.info.threads, elements: k.elements, bytes: k.bytes, ...result });
    }
  }
  await Promise.all(engines.map((e) => e.terminate()));
  return [...rowsByEngine.flat(), ...(await bench.run('jsKernels', sizes, samples)), ...(await jsWorkerRows(sizes, samples))];
}

const SHARED_TYPES = { u8: Uint8Array, u32: Uint32Array, f32: Float32Array };

/** The same JS in one plain Worker per core over one SharedArrayBuffer (js-workers.js). */
async function jsWorkerRows(sizes, samples) {
  const threads = navigator.hardwareConcurrency;
  const pool = await startJsWorkers(threads);
  const rows = [];
  try {
    for (const k of computeKernels(sizes)) {
      const arrays = {};
      const pristine = {};
      const shared = (type, length) => new SHARED_TYPES[type](new SharedArrayBuffer(length * SHARED_TYPES[type].BYTES_PER_ELEMENT));
      for (const [name, spec] of Object.entries(k.inputs)) {
        arrays[name] = spec.fill(shared(spec.type, spec.length));
        if (k.resets?.includes(name)) pristine[name] = arrays[name].slice();
      }
      for (const [name, [type, length]] of Object.entries(k.scratch ?? {})) arrays[name] = shared(type, length);
      const setup = () => Object.entries(pristine).forEach(([name, data]) => arrays[name].set(data));
      const result = await measure({
        setup,
        run: () => k.workers(pool, arrays),
        check: (r) => (k.check === 'result' ? checksumNumber(r) : checksumBytes(arrays[k.check])),
        samples,
      });
      const timed = { scenario: 'threads', kernel: k.kernel, variant: 'js-workers', threads, elements: k.elements, bytes: k.bytes, ...result };
      rows.push(await withExactness(k, arrays, setup, timed));
    }
  } finally {
    pool.terminate();
  }
  return rows;
}

/** Allocates and fills kernel `k`'s inputs in `engine`; returns its { setup, run, check, free }. */
async function prepareRun(engine, k) {
  const bufs = {};
  const pristine = {};
  for (const [name, spec] of Object.entries(k.inputs)) {
    bufs[name] = await engine.alloc(spec.type, spec.length);
    spec.fill(bufs[name].view);
    if (k.resets?.includes(name)) pristine[name] = bufs[name].view.slice();
  }
  return {
    setup: () => Object.entries(pristine).forEach(([name, data]) => bufs[name].view.set(data)),
    run: () => k.wasm(engine, bufs),
    check: (r) => (k.check === 'result' ? checksumNumber(r) : checksumBytes(bufs[k.check].view)),
    free: () => Object.values(bufs).forEach((b) => b.free()),
  };
}

/** The engine's dispatch latency (per no-op round trip), abort latencies and start time. */
async function engineRows(sizes, samples) {
  const CALLS = 200;
  const engine = await createEngine();
  const m = await measure({
    run: async () => {
      for (let i = 0; i < CALLS; i++) await engine.noop();
      return 'noop';
    },
    samples,
  });
  const threads = engine.info.threads;
  await engine.terminate();
  const perCall = (ms) => ms / CALLS;
  const dispatch = {
    scenario: 'calls', kernel: 'engine round trip', variant: 'dispatch', threads, elements: 1, bytes: 0,
    ...m, median_ms: perCall(m.median_ms), min_ms: perCall(m.min_ms), max_ms: perCall(m.max_ms),
  };
  let started = null;
  const start = await measure({
    setup: async () => started && (await started.terminate()),
    run: async () => (started = await createEngine()),
    check: (e) => e.info.mode,
    samples,
  });
  await started.terminate();
  return [
    dispatch,
    ...(await abortLatencyRows(sizes, samples)),
    { scenario: 'calls', kernel: 'engine start', variant: 'start', threads, elements: 1, bytes: 0, ...start },
  ];
}

/**
 * Runs the chosen scenarios; calls onRows(rows, scenarioId) as each finishes and
 * onProgress(done, total, label) before each.
 */
export async function runScenarios({ sizes, ids, onRows = () => {}, onProgress = () => {} }) {
  const samples = sizes.samples;
  const bench = await startBenchWorker(navigator.hardwareConcurrency);
  const all = [];
  try {
    const chosen = SCENARIOS.filter((s) => ids.includes(s.id));
    for (const [i, s] of chosen.entries()) {
      onProgress(i, chosen.length, s.title);
      let rows;
      if (s.id === 'threads') rows = await threadsRows(sizes, samples, bench);
      else if (s.id === 'calls') rows = [...(await bench.run('calls', sizes.calls, samples)), ...(await engineRows(sizes, samples))];
      else if (s.id === 'peers') rows = await peerRows(sizes.peers);
      else if (s.id === 'simd') rows = await bench.run('simd', sizes.convolve, samples);
      else rows = await bench.run(s.id, s.id === 'locality' ? sizes : sizes[s.id], samples);
      all.push(...rows);
      onRows(rows, s.id);
    }
    onProgress(chosen.length, chosen.length, 'done');
  } finally {
    bench.terminate();
  }
  return all;
}
