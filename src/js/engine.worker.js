// The engine worker: the only caller of the wasm kernels. It loads one build, starts
// rayon's pool (threads build), and answers messages one at a time. Kernels block this
// worker while rayon's workers help; the main thread never waits on them.

import { MSG, deserializeError, serializeError } from './protocol.js';
import { ARRAY_TYPES, KERNELS, paramsOf, wasmArgs } from './kernels.js';
import { RingServer } from './ring.js';
import { nextTask } from './next-task.js';

let wasm = null;
let kernels = null; // the module's own declaration of its kernels: kernelTable()
let mode = null;
let crash = null;
let poolStarted = null; // settles when the page has started the pool workers

const memoryBytes = () => wasm.wasmMemory().buffer.byteLength;

/**
 * Builds rayon's pool: opens its queue, asks the page to start one pool worker per thread
 * on this instance's module and memory (the page owns them, so terminate() stops them at
 * once: terminating this worker does not promptly stop workers it started), then builds.
 */
async function startPool(threads) {
  wasm.poolPrepare();
  const started = new Promise((resolve, reject) => (poolStarted = { resolve, reject }));
  postMessage({
    type: MSG.poolStart,
    glue: new URL('./threads/wasmpar.js', import.meta.url).href,
    module: wasm.compiledModule(),
    memory: wasm.wasmMemory(),
  });
  await started;
  wasm.poolBuild(threads);
}

async function init({ mode: wanted, threads, ring: ringMemory }) {
  mode = wanted;
  // Literal paths, so a bundler can see both builds.
  wasm = mode === 'threads' ? await import('./threads/wasmpar.js') : await import('./single/wasmpar.js');
  await wasm.default();
  kernels = moduleKernels();
  if (mode === 'threads') await startPool(threads);
  postMessage({
    type: MSG.ready,
    info: {
      threads: wasm.threadCount(),
      simd: wasm.isSimdBuild(),
      sharedMemory: typeof SharedArrayBuffer === 'function' && wasm.wasmMemory().buffer instanceof SharedArrayBuffer,
      memoryBytes: memoryBytes(),
    },
    memory: mode === 'threads' ? wasm.wasmMemory() : undefined,
    control: wasm.controlLayout(),
    kernels,
  });
  if (ringMemory) startRing(ringMemory, Object.keys(kernels));
}

/**
 * The kernels the loaded module declares (src/boundary/exports.rs), which must include every
 * kernel of `KERNELS` with the same parameters: a module from another version fails here,
 * at start, and not at its first call. A test build may declare more (its test kernels).
 */
function moduleKernels() {
  const table = JSON.parse(wasm.kernelTable());
  for (const [name, params] of Object.entries(KERNELS)) {
    if (table[name]?.join() !== params.join()) {
      throw new Error(`wasmpar: the wasm module does not match this engine: kernel ${name} is ${table[name] ? `(${table[name]})` : 'missing'} there, (${params}) here`);
    }
  }
  return table;
}

/** Single mode: copies a JS-side buffer into a temporary wasm buffer. */
function copyIn({ type, data }) {
  const length = data.byteLength / ARRAY_TYPES[type].BYTES_PER_ELEMENT;
  const [handle, ptr] = wasm.alloc(type, length);
  new ARRAY_TYPES[type](wasm.wasmMemory().buffer, ptr, length).set(new ARRAY_TYPES[type](data));
  return { handle, ptr, length };
}

function copyOut({ type, data }, { ptr, length }) {
  new ARRAY_TYPES[type](data).set(new ARRAY_TYPES[type](wasm.wasmMemory().buffer, ptr, length));
}

/**
 * Indices of the caller's buffers a call may write (single mode copies only those back, a
 * pipeline saves only those). A kernel with an optional written output (the blurs, sharpen)
 * writes its input only when that output is left out: given, it is the one written.
 */
function writtenBuffers(kernel, args) {
  const params = paramsOf(kernels[kernel]);
  const into = params.findIndex((p) => p.kind === 'buffer' && p.optional && p.writes);
  const writes = (p, i) => p.writes && (into < 0 || args[into] === undefined || i === into);
  return params.flatMap((p, i) => (p.kind === 'buffer' && writes(p, i) && args[i]?.buffer !== undefined ? [args[i].buffer] : []));
}

const abortError = () => Object.assign(new Error('the call was aborted'), { name: 'AbortError' });

// Single mode: no shared memory reaches this worker while a kernel runs, so a pipeline yields
// between steps to read the page's MSG.abort, kept here for the runs still going.
const runsGoing = new Set();
const runsStopped = new Set();

/**
 * The wasm handles of a call's buffers: their own (threads), or temporary copies, pushed onto
 * `copies` for copyOut and free (single mode).
 */
function handlesOf(buffers, copies) {
  if (mode === 'threads') return buffers.map((b) => b.handle);
  for (const b of buffers) copies.push(copyIn(b));
  return copies.map((t) => t.handle);
}

/** Posts a call's or a run's reply; single mode hands the caller's buffers back with it. */
function postReply(id, reply, buffers) {
  const returned = mode === 'single' ? buffers.map((b) => b.data) : undefined;
  postMessage({ type: MSG.result, id, ...reply, memoryBytes: crash ? 0 : memoryBytes(), buffers: returned }, returned ?? []);
}

/**
 * Runs kernel `kernel` as call `id` with the wasm arguments `argsOf(copies)` gives, then
 * `after(copies)`; returns its reply. The call's cancellation state is opened here and
 * closed, whatever happens, before it returns, so no later request can see it.
 */
function callKernel(id, kernel, argsOf, after = () => {}) {
  const copies = [];
  let reply;
  let open = false;
  try {
    if (crash) throw crash;
    open = wasm.beginCall(id);
    if (!open) throw abortError();
    const value = wasm[kernel](...argsOf(copies));
    after(copies);
    reply = { ok: true, value };
  } catch (e) {
    reply = { ok: false, error: serializeError(e) };
    noteCrash(e);
  } finally {
    if (!crash) {
      for (const c of copies) wasm.free(c.handle);
      // A kernel cancelled while it ran may have stopped part way: it did not finish.
      if (open && wasm.endCall() && reply.ok) reply = { ok: false, error: serializeError(abortError()) };
    }
  }
  return reply;
}

function call({ id, kernel, args, buffers }) {
  const argsOf = (copies) => wasmArgs(kernels[kernel], args, handlesOf(buffers, copies));
  const copyBack = (copies) => {
    if (mode === 'single') for (const i of new Set(writtenBuffers(kernel, args))) copyOut(buffers[i], copies[i]);
  };
  postReply(id, callKernel(id, kernel, argsOf, copyBack), buffers);
}

/** `e` with `label: ` before its message, the same class (a trap is left as it is). */
function labelled(label, e) {
  if (e instanceof WebAssembly.RuntimeError || e?.name === 'AbortError') return e;
  const out = serializeError(e);
  return deserializeError({ ...out, message: `${label}: ${out.message}` });
}

/** Each pipeline's temporaries, kept between its runs: [{ type, length, handle }] by its id. */
const kept = new Map();

/**
 * The handles of `pipeline`'s temporaries: those of its last run when they are the same
 * (allocating and zeroing them per run made a chain slower than its calls one by one), else
 * new ones. A kept temporary holds what the last run left in it.
 */
function keptTemps(pipeline, temps) {
  const old = kept.get(pipeline) ?? [];
  if (old.length === temps.length && old.every((k, i) => k.type === temps[i].type && k.length === temps[i].length)) return old.map((k) => k.handle);
  dropPipeline(pipeline);
  const fresh = [];
  for (const [i, t] of temps.entries()) {
    try {
      fresh.push({ ...t, handle: wasm.alloc(t.type, t.length)[0] });
    } catch (e) {
      for (const k of fresh) wasm.free(k.handle);
      throw labelled(`temp ${i}`, e);
    }
  }
  kept.set(pipeline, fresh);
  return fresh.map((k) => k.handle);
}

function dropPipeline(pipeline) {
  if (!crash) for (const k of kept.get(pipeline) ?? []) wasm.free(k.handle);
  kept.delete(pipeline);
  if (!crash && saveAreas.has(pipeline)) wasm.free(saveAreas.get(pipeline).handle);
  saveAreas.delete(pipeline);
}

/** Each pipeline's area in shared memory for the buffers a run saves: { handle, byteOffset, bytes }. */
const saveAreas = new Map();

/**
 * Copies `regions` ({ byteOffset, byteLength } in shared memory) into `pipeline`'s save area,
 * kept between runs and grown when too small; returns the function that puts them back. A
 * fresh `slice()` per run (allocated, zeroed, collected) had made a 1080p chain whose first
 * step works in place 5–11 ms slower than its calls one by one; a copy within the memory
 * takes about a millisecond. Where no area can be had, the copies are JS ones.
 */
function saveWritten(pipeline, regions) {
  const bytes = regions.reduce((n, r) => n + r.byteLength, 0);
  if (bytes === 0) return () => {};
  const memory = () => new Uint8Array(wasm.wasmMemory().buffer);
  let area = saveAreas.get(pipeline);
  if (!area || area.bytes < bytes) {
    if (area) wasm.free(area.handle);
    saveAreas.delete(pipeline);
    try {
      const [handle, byteOffset] = wasm.alloc('u8', bytes);
      area = { handle, byteOffset, bytes };
      saveAreas.set(pipeline, area);
    } catch {
      const copies = regions.map((r) => memory().slice(r.byteOffset, r.byteOffset + r.byteLength));
      return () => regions.forEach((r, i) => { memory().set(copies[i], r.byteOffset); });
    }
  }
  const places = [];
  let at = area.byteOffset;
  for (const r of regions) {
    memory().copyWithin(at, r.byteOffset, r.byteOffset + r.byteLength);
    places.push(at);
    at += r.byteLength;
  }
  return () => regions.forEach((r, i) => { memory().copyWithin(r.byteOffset, places[i], places[i] + r.byteLength); });
}

/**
 * A pipeline: its temporaries (kept from its last run, or allocated), then each step in
 * order, each opened and closed as a call of the run's id (so an abort between steps or
 * inside one stops it). A refused step
 * (a rule Rust checks, such as a size) puts back every caller buffer the run had written:
 * threads mode copies, before the first step, those that a step before the last writes (a
 * refused step itself writes nothing, so the last one's outputs need no copy); single mode
 * copies results out only at the end, and yields between steps so an abort can reach it.
 */
async function run({ id, pipeline, steps, buffers, temps, progress }) {
  const copies = [];
  let reply;
  let restore = () => {};
  try {
    if (crash) throw crash;
    const handles = handlesOf(buffers, copies);
    if (mode === 'threads') {
      const before = [...new Set(steps.slice(0, -1).flatMap((s) => writtenBuffers(s.kernel, s.args)))].map((i) => buffers[i]);
      restore = saveWritten(pipeline, before);
    }
    const scratch = keptTemps(pipeline, temps);
    const values = [];
    const stepMs = [];
    runsGoing.add(id);
    for (const [i, { kernel, args }] of steps.entries()) {
      if (mode === 'single' && i > 0) {
        await nextTask();
        if (runsStopped.has(id)) throw abortError();
      }
      if (progress) postMessage({ type: MSG.step, id, step: i });
      if (!wasm.beginCall(id)) throw abortError();
      let value;
      const start = performance.now();
      try {
        value = wasm[kernel](...wasmArgs(kernels[kernel], args, handles, scratch));
      } catch (e) {
        if (!(e instanceof WebAssembly.RuntimeError)) wasm.endCall();
        throw labelled(`step ${i} (${kernel})`, e);
      }
      if (wasm.endCall()) throw abortError();
      stepMs.push(performance.now() - start);
      values.push(value);
    }
    if (mode === 'single') for (const i of new Set(steps.flatMap((s) => writtenBuffers(s.kernel, s.args)))) copyOut(buffers[i], copies[i]);
    reply = { ok: true, value: { values, stepMs } };
  } catch (e) {
    if (!crash && !(e instanceof WebAssembly.RuntimeError) && e.name !== 'AbortError') restore();
    reply = { ok: false, error: serializeError(e) };
    noteCrash(e);
  } finally {
    runsGoing.delete(id);
    runsStopped.delete(id);
    if (!crash) for (const c of copies) wasm.free(c.handle);
  }
  postReply(id, reply, buffers);
}

/** Canvases the page handed over (engine.attachCanvas), by id: their 2D contexts. */
const canvases = new Map();

function attachCanvas({ id, target, canvas }) {
  try {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('attachCanvas: canvas has no 2D context (it has another kind)');
    canvases.set(target, context);
    postMessage({ type: MSG.result, id, ok: true });
  } catch (e) {
    postMessage({ type: MSG.result, id, ok: false, error: serializeError(e) });
  }
}

/**
 * Draws a buffer on an attached canvas, which takes the image's size. Threads mode copies
 * the pixels out of shared memory once (ImageData refuses a view of it); single mode wraps
 * the buffer the page lent, which putImageData copies into the canvas anyway.
 */
function draw({ id, target, width, height, buffers }) {
  let reply;
  try {
    if (crash) throw crash;
    const context = canvases.get(target);
    const { canvas } = context;
    if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
    const [b] = buffers;
    const pixels = mode === 'threads' ? new Uint8ClampedArray(wasm.wasmMemory().buffer, b.byteOffset, b.byteLength).slice() : new Uint8ClampedArray(b.data);
    context.putImageData(new ImageData(pixels, width, height), 0, 0);
    reply = { ok: true };
  } catch (e) {
    reply = { ok: false, error: serializeError(e) };
  }
  postReply(id, reply, buffers);
}

function alloc({ id, elementType, length }) {
  try {
    if (crash) throw crash;
    // Threads: [handle, byteOffset] of a buffer in shared memory. Single: the byte size the
    // main thread allocates itself, after the same checks.
    const value = mode === 'threads' ? Array.from(wasm.alloc(elementType, length)) : wasm.checkAlloc(elementType, length);
    postMessage({ type: MSG.result, id, ok: true, value, memoryBytes: memoryBytes() });
  } catch (e) {
    noteCrash(e);
    postMessage({ type: MSG.result, id, ok: false, error: serializeError(e) });
  }
}

/** A trap (RuntimeError) leaves the instance unusable: say so once, refuse all later work. */
function noteCrash(e) {
  if (!(e instanceof WebAssembly.RuntimeError) || crash) return;
  crash = new Error(`wasmpar engine crashed (${e.message}); create a new engine`);
  postMessage({ type: MSG.crashed, error: serializeError(crash) });
}

/** One request from the page, by its type. */
async function handle(data) {
  switch (data?.type) {
    case MSG.init:
      try {
        await init(data);
      } catch (e) {
        postMessage({ type: MSG.initFailed, error: serializeError(e) });
      }
      break;
    case MSG.poolStarted:
      if (data.error) poolStarted.reject(deserializeError(data.error));
      else poolStarted.resolve();
      break;
    case MSG.alloc:
      alloc(data);
      break;
    case MSG.free:
      // The main thread frees each buffer once; nothing to answer.
      if (!crash && mode === 'threads') wasm.free(data.handle);
      break;
    case MSG.call:
      call(data);
      break;
    case MSG.run:
      await run(data);
      break;
    case MSG.dropPipeline:
      dropPipeline(data.pipeline);
      break;
    case MSG.attachCanvas:
      attachCanvas(data);
      break;
    case MSG.draw:
      draw(data);
      break;
    case MSG.abort:
      if (runsGoing.has(data.id)) runsStopped.add(data.id);
      break;
    case MSG.skip: // a request the page could not post: only its seq came
      break;
  }
}

// The command ring (threads mode, src/js/ring.js): requests come numbered, in the ring or as
// messages, and run in that order. Idle, the engine spins briefly, then blocks on the
// doorbell for a while (no core burnt; a call wakes it in microseconds, and a posted
// message too, which it then goes back to its event loop for), then leaves the doorbell
// to Atomics.waitAsync, so an idle engine is an ordinary worker with an empty event loop.
let ring = null;
let kernelNames = [];
const inbox = new Map(); // posted requests by seq, until their turn
let nextSeq = 1;
let received = 0;
let serving = false;
let asleep = false; // a waitAsync on the doorbell is armed
/** A request that follows within this is taken without a sleep and a wake-up. */
const SPIN_US = 200;
/** Blocked on the doorbell this long after the last request, then back to the event loop. */
const HOT_MS = 50;

function startRing(memory, names) {
  ring = new RingServer(memory);
  kernelNames = names;
  serve();
}

async function serve() {
  if (serving) return;
  serving = true;
  try {
    await serveRequests();
  } finally {
    serving = false;
  }
}

async function serveRequests() {
  let lastRequest = performance.now();
  let posted = false; // a posted request ran since this task began
  for (;;) {
    const bell = ring.doorbell();
    const message = inbox.get(nextSeq);
    if (message) {
      inbox.delete(nextSeq++);
      await handle(message);
      posted = true;
      lastRequest = performance.now();
      continue;
    }
    const request = ring.request(nextSeq);
    if (request) {
      nextSeq++;
      serveCall(request);
      lastRequest = performance.now();
      continue;
    }
    // A message is on its way: the event loop delivers it (and serves again).
    if (ring.posted() > received) return;
    // After a posted request, one turn of the event loop first: a canvas drawn in this task
    // is shown when the task ends.
    if (posted) {
      nextTask().then(serve);
      return;
    }
    const hot = HOT_MS - (performance.now() - lastRequest);
    if (hot <= 0 || !ring.waitForBell(bell, SPIN_US, hot)) {
      if (!asleep) {
        asleep = true;
        ring.whenBell(bell).then(() => {
          asleep = false;
          serve();
        });
      }
      return;
    }
  }
}

/** A call from the ring: its result goes back in its slot, or as a message if not a number. */
function serveCall({ slot, id, kernel, args }) {
  const reply = callKernel(id, kernelNames[kernel], () => args);
  if (reply.ok && ring.reply(slot, reply.value)) return;
  // The slot says so first: the page may read it before the message arrives, not after.
  ring.replied(slot);
  postReply(id, reply, []);
}

self.onmessage = ({ data }) => {
  if (ring && data?.seq !== undefined) {
    inbox.set(data.seq, data);
    received++;
    serve();
    return;
  }
  handle(data);
};
