// The benchmark's scenarios, each tied to an idea of the seed ("Memory Model"). The page and
// the headless runner both run them through runScenarios().

import { createEngine } from '/pkg/engine.js';
import { measure, summarize } from './measure.js';
import { checksumBytes, checksumNumber } from './checksum.js';
import { computeKernels } from './compute-kernels.js';
import { abortLatencyRows } from './abort-latency.js';
import { startJsWorkers } from './js-workers.js';
import { withExactness } from './exactness.js';
import { frameRows } from './frames.js';
import { peerRows } from './peers.js';
import { workerRpc } from './worker-rpc.js';

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
      'copied in and out by wasm-bindgen, split across plain workers by structured clone or by transfer, or scaled in place by plain JS workers over one SharedArrayBuffer (what you would write instead of us). ' +
      'Every copy is in the time, and every variant starts by writing its own input, so all start with the same cache state.',
  },
  {
    id: 'locality',
    title: 'Locality: the same answer, different memory traffic',
    intro:
      '"Keep data locality": linear memory is contiguous, so the order we walk it decides how many cache lines we pull. ' +
      'Row- vs column-major traversal and naive vs tiled transpose of a 2003 × 1999 matrix (not a power of two, so columns do not pile onto a few cache sets), ' +
      'array of structs vs struct of arrays (sums in 8 lanes, so bandwidth and not add latency decides), and contiguous vs interleaved (falsely shared) per-thread writes.',
  },
  {
    id: 'calls',
    title: 'Calls: batch operations',
    intro:
      '"Batch operations": every JS→wasm call has a fixed cost. One call per element vs batches vs one call, and reading results through a getter vs a typed-array view. ' +
      'The control row calls an export that takes the same arguments and does nothing: the boundary\'s own cost, apart from ours (registry lookup, validation, the work). ' +
      'Also the engine\'s own dispatch (a no-op round trip through its worker), how soon it answers again after an abort, and its start time.',
  },
  {
    id: 'frames',
    title: 'Frames: a video app, part by part',
    intro:
      'What each frame of a live filter costs: reading a canvas into the engine, grayscale → Gaussian blur σ 2 → Sobel as one pipeline or as three calls, drawing the result on the page (drawImage) or in the engine worker (drawTo on a canvas handed over), and the whole frame both ways on 1 and on every thread. ' +
      'Also the no-op round trip with each of its calls timed alone, its median and 99th percentile, through the command ring (shared memory and Atomics) and through postMessage: the fixed cost every call pays; and how late the last pool thread joins a job, with the threads awake and asleep.',
  },
  {
    id: 'types',
    title: 'Types: use appropriate types',
    intro:
      'The same sum over u8, u32, i32, f32 and f64 buffers of equal length (128 Mi elements: 128 MiB to 1 GiB). A memory-bound kernel\'s time follows the bytes it moves: ' +
      'a u8 buffer is an eighth of an f64 one (the seed\'s alignment table gives each type its size). u32 and i32 run the same generic code (widened to i64), so they should match. ' +
      'This machine reports a 480 MiB L3, so only the u8 buffer fits in it: a u8 buffer beyond it would need an f64 one beyond the 2 GiB memory limit.',
  },
  {
    id: 'strings',
    title: 'Strings: encoding across the boundary',
    intro:
      'The seed\'s reverse_string: wasm-bindgen allocates in linear memory, encodes the JS string to UTF-8, copies it in, and decodes the result. ' +
      'Compared with reversing bytes already in memory (the work alone), with the same through shared memory from a JS string to a JS string (encoded and copied in, copied out and decoded: the encoder and decoder refuse shared views), ' +
      'and with competent plain JS (one pass over the UTF-16 code units, surrogate pairs kept, one TextDecoder call).',
  },
  {
    id: 'growth',
    title: 'Growth: 64 KiB pages',
    intro:
      'Memory grows in 64 KiB pages. After growth a shared buffer keeps its old length and a non-shared one is detached, so views must be re-derived. ' +
      'An alloc that grows the engine\'s own memory (workers running) beside the same alloc once memory is that large, in threads mode (shared) and single mode (non-shared); and re-deriving a view.',
  },
];

/** Talks to the benchmark worker (www/bench/bench.worker.js). */
export async function startBenchWorker(threads) {
  const worker = new Worker(new URL('./bench.worker.js', import.meta.url), { type: 'module', name: 'wasmpar-bench' });
  const call = workerRpc(worker);
  const run = (job, params, samples) => call({ job, params, samples });
  await run('init', { threads });
  return { run, terminate: () => worker.terminate() };
}

/** Rounds per kernel in the threads scenario: the thread counts take turns, round by round. */
const THREAD_ROUNDS = 3;
/** Idle time before each cold run: long enough for the pool's threads to fall asleep, as in an app between events. */
const COLD_IDLE_MS = 100;

/**
 * Threads scenario: each compute kernel through the engine at 1…N threads. One engine per
 * thread count, all started first. Each kernel runs in rounds, the engines taking turns in a
 * rotating order (1 2, 2 1, 1 2 …), a few samples each: the speedup compares runs made close
 * together on a noisy machine, and no thread count always goes first. Not sample by sample:
 * each engine has its own memory, so alternating every run would double the streaming
 * kernels' working set (measured: axpy on 2 threads 10.8 → 12–15 ms).
 * Warm rows run back to back; cold rows (`wasm-cold`, 1 and N threads) idle first, so the
 * pool has gone to sleep and the call pays its wake-up, as after an app's idle time.
 */
async function threadsRows(sizes, samples, bench) {
  const engines = [];
  for (let t = 1; t <= navigator.hardwareConcurrency; t++) engines.push(await createEngine({ threads: t }));
  const rows = [];
  const perRound = Math.max(2, Math.round(sizes.threadSamples / THREAD_ROUNDS));
  const coldEngines = [engines[0], engines.at(-1)].filter((e, i, all) => all.indexOf(e) === i);
  for (const k of computeKernels(sizes)) {
    const runs = [];
    for (const engine of engines) runs.push(await prepareRun(engine, k));
    const pooled = engines.map(() => ({ times: [], rounds: [] }));
    const checksums = engines.map(() => null);
    for (let r = 0; r < THREAD_ROUNDS; r++) {
      for (let j = 0; j < engines.length; j++) {
        const i = (j + r) % engines.length;
        const m = await measure({ ...runs[i], samples: perRound });
        pooled[i].times.push(...m.times);
        pooled[i].rounds.push(m.median_ms);
        if (checksums[i] !== null && checksums[i] !== m.checksum) throw new Error(`${k.kernel}: round ${r} gave checksum ${m.checksum}, earlier ${checksums[i]}`);
        checksums[i] = m.checksum;
      }
    }
    const base = { scenario: 'threads', kernel: k.kernel, elements: k.elements, bytes: k.bytes };
    engines.forEach((engine, i) => { rows.push({ ...base, variant: 'wasm', threads: engine.info.threads, ...summarize(pooled[i].times), checksum: checksums[i], round_medians_ms: pooled[i].rounds }); });
    for (const engine of coldEngines) {
      const run = runs[engines.indexOf(engine)];
      const setup = async () => {
        await run.setup();
        await new Promise((resolve) => setTimeout(resolve, COLD_IDLE_MS));
      };
      const m = await measure({ ...run, setup, samples, loop: false });
      rows.push({ ...base, variant: 'wasm-cold', threads: engine.info.threads, ...m });
    }
    runs.forEach((run) => { run.free(); });
  }
  await Promise.all(engines.map((e) => e.terminate()));
  return [...rows, ...(await bench.run('jsKernels', sizes, samples)), ...(await jsWorkerRows(sizes, samples))];
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
      const setup = () => Object.entries(pristine).forEach(([name, data]) => { arrays[name].set(data); });
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
    setup: () => Object.entries(pristine).forEach(([name, data]) => { bufs[name].view.set(data); }),
    run: () => k.wasm(engine, bufs),
    check: (r) => (k.check === 'result' ? checksumNumber(r) : checksumBytes(bufs[k.check].view)),
    free: () => Object.values(bufs).forEach((b) => { b.free(); }),
  };
}

/**
 * Growth on the engine's own memory, its workers running, measured as the first use that
 * needs it against the same use once memory is that large. Threads mode (shared memory): an
 * alloc of `pages` 64 KiB pages, which grows it. Single mode (non-shared): buffers are plain
 * ArrayBuffers moved to the worker for each call, so its memory grows inside the worker on
 * the first call over a buffer that large (its old buffer detached there). A fresh engine
 * per sample, started untimed.
 */
async function growthRows({ pages }, samples) {
  const bytes = pages * 65536;
  const mib = bytes >> 20;
  const cases = [
    { variant: 'shared', mode: 'threads', what: `alloc ${mib} MiB`, prepare: async () => null, use: (e) => e.alloc('u8', bytes).then((b) => b.view.length) },
    { variant: 'non-shared', mode: 'single', what: `sum over ${mib} MiB`, prepare: (e) => e.alloc('u8', bytes), use: (e, b) => e.sum(b) },
  ];
  const rows = [];
  for (const c of cases) {
    for (const grows of [true, false]) {
      let engine = null;
      let buffer = null;
      let grown = 0;
      const m = await measure({
        setup: async () => {
          await engine?.terminate();
          engine = await createEngine({ mode: c.mode });
          const warm = await engine.alloc('f32', 1024);
          await engine.sum(warm); // the pool (threads mode) is up and has run
          warm.free();
          buffer = await c.prepare(engine);
          if (!grows) {
            if (buffer) await c.use(engine, buffer);
            else (await engine.alloc('u8', bytes)).free();
          }
        },
        run: async () => {
          const before = engine.info.memoryBytes;
          const result = await c.use(engine, buffer);
          grown = (engine.info.memoryBytes - before) / 65536;
          return result;
        },
        check: (v) => v,
        samples,
        loop: false,
      });
      await engine.terminate();
      const kernel = `${c.what}, ${grows ? 'memory grows' : 'memory already grown'}`;
      rows.push({ scenario: 'growth', kernel, variant: c.variant, threads: 1, elements: pages, bytes, ...(c.mode === 'threads' && { pages_grown: grown }), ...m });
    }
  }
  return rows;
}

/** The engine's dispatch latency (per no-op round trip), abort latencies and start time. */
async function engineRows(sizes, samples) {
  const engine = await createEngine();
  const noop = await measure({ run: () => engine.noop(), check: () => 'noop', samples });
  const threads = engine.info.threads;
  await engine.terminate();
  const dispatch = { scenario: 'calls', kernel: 'engine round trip', variant: 'dispatch', threads, elements: 1, bytes: 0, ...noop };
  let started = null;
  const start = await measure({
    setup: async () => started && (await started.terminate()),
    run: async () => (started = await createEngine()),
    check: (e) => e.info.mode,
    samples,
    loop: false,
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
 * onProgress(done, total, label) before each. `round` (of a repeated run) shifts the order
 * in which interleaved variants start.
 */
export async function runScenarios({ sizes, ids, round = 0, onRows = () => {}, onProgress = () => {} }) {
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
      else if (s.id === 'frames') rows = await frameRows(sizes.frames, samples);
      else if (s.id === 'peers') rows = await peerRows({ ...sizes.peers, offset: round });
      else if (s.id === 'simd') rows = await bench.run('simd', sizes.convolve, samples);
      else if (s.id === 'growth') rows = [...(await growthRows(sizes.growth, samples)), ...(await bench.run('growth', sizes.growth, samples))];
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
