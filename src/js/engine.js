// wasmpar's main-thread API: createEngine() → an engine whose kernel methods return
// promises. Kernels run in a dedicated engine worker (and rayon's workers behind it), never
// here: the main thread only posts messages, so it never spins or blocks.

import { MSG, deserializeError, serializeError } from './protocol.js';
import { ARRAY_TYPES, KERNELS, paramsOf, wasmArgs } from './kernels.js';
import { RingClient, ringMemory, ringSupported } from './ring.js';
import { nextTask } from './next-task.js';
import { describe } from './describe.js';
import { Replies } from './replies.js';
import { CanvasTarget, checkImage, drawImage, imageFrom, offscreenOf, toBlob, toImageData } from './image-io.js';
import { Pipeline, PipelineTemp } from './pipeline.js';
import { startPoolWorkers } from './pool.js';
// Vendored from npm's wasm-feature-detect at build time, so no bundler is needed.
import { simd as detectSimd, threads as detectThreads } from './vendor/wasm-feature-detect.js';

const MODES = ['auto', 'threads', 'single'];
const CALL_PATHS = ['ring', 'postMessage'];
/** A call alone in the ring waits this long for its result before it sleeps on waitAsync. */
const PAGE_SPIN_US = 50;
const THREADS_HINT =
  'serve the page with "Cross-Origin-Opener-Policy: same-origin" and ' +
  '"Cross-Origin-Embedder-Policy: require-corp" to enable threads';

/**
 * Picks the build with wasm-feature-detect: threads where the page is cross-origin isolated
 * and the browser has WebAssembly threads, else single. Returns { mode, reason }.
 */
async function chooseMode(mode) {
  if (!MODES.includes(mode)) {
    throw new TypeError(`options.mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${String(mode)}`);
  }
  const [simd, threads] = await Promise.all([detectSimd(), detectThreads()]);
  if (!simd) {
    throw new Error('wasmpar needs WebAssembly SIMD (Chrome 91, Firefox 89, Safari 16.4 or later); this browser lacks it');
  }
  if (mode === 'single') return { mode, reason: "options.mode 'single' was asked for" };
  // Node.js shares memory between worker_threads without any headers.
  if (typeof globalThis.process?.versions?.node === 'string' && threads) {
    return { mode: 'threads', reason: 'Node.js worker_threads share memory and WebAssembly threads are supported' };
  }
  const isolated = globalThis.crossOriginIsolated === true;
  if (isolated && threads) return { mode: 'threads', reason: 'the page is cross-origin isolated and WebAssembly threads are supported' };
  if (mode === 'threads') {
    throw new Error(
      isolated
        ? "options.mode 'threads' needs WebAssembly threads, which this browser lacks"
        : `options.mode 'threads' needs a cross-origin isolated page (crossOriginIsolated is false): ${THREADS_HINT}`,
    );
  }
  const reason = isolated ? 'this browser lacks WebAssembly threads' : 'the page is not cross-origin isolated';
  if (!isolated) console.warn(`wasmpar: this page is not cross-origin isolated, so kernels run single-threaded; ${THREADS_HINT}.`);
  return { mode: 'single', reason };
}

/**
 * 'ring' (the default: the command ring, src/js/ring.js) where threads mode has
 * Atomics.waitAsync, else 'postMessage'.
 */
function chooseCallPath(callPath = 'ring', mode) {
  if (!CALL_PATHS.includes(callPath)) {
    throw new TypeError(`options.callPath must be one of ${CALL_PATHS.map((m) => `'${m}'`).join(', ')}, got ${String(callPath)}`);
  }
  return callPath === 'ring' && mode === 'threads' && ringSupported() ? 'ring' : 'postMessage';
}

function chooseThreads(threads) {
  const n = threads ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new RangeError(`options.threads must be a whole number from 1 to 256, got ${String(threads)}`);
  }
  return n;
}

const DETACHED = 'was detached: its ArrayBuffer was transferred elsewhere; allocate a new buffer';

/**
 * A typed buffer for kernels. Threads mode: it lives in wasm's shared linear memory and
 * `view` is a zero-copy typed array over it. Single mode: it lives on the JS side and
 * travels to the worker and back with each call.
 */
export class WasmparBuffer {
  #engine;
  #view = null;
  #data = null;
  #busy = 0;
  #turn = Promise.resolve();
  #turns = 0;
  #freed = false;

  /** @internal Use engine.alloc(). */
  constructor(engine, type, length, placement) {
    this.#engine = engine;
    this.type = type;
    this.length = length;
    this.handle = placement.handle;
    this.byteOffset = placement.byteOffset ?? 0;
    this.#data = placement.data ?? null;
  }

  get byteLength() {
    return this.length * ARRAY_TYPES[this.type].BYTES_PER_ELEMENT;
  }

  get freed() {
    return this.#freed;
  }

  /**
   * A typed array over the buffer's elements. Re-derived when memory has grown: a shared
   * buffer keeps its old length after growth and a detached one has none, so a cached
   * view would be stale. Always read `view` afresh after an await.
   */
  get view() {
    if (this.#freed) throw new Error(`this ${this.type} buffer was freed`);
    if (this.#busy && this.#data) {
      throw new Error('this buffer is in use by a running call (single mode moves it to the worker); await the call first');
    }
    if (this.#detached()) throw new Error(`this ${this.type} buffer ${DETACHED}`);
    const backing = this.#data ?? this.#engine._memoryBuffer();
    if (this.#view?.buffer !== backing) {
      this.#view = new ARRAY_TYPES[this.type](backing, this.byteOffset, this.length);
    }
    return this.#view;
  }

  /** Releases the buffer. Its view must not be used afterwards. */
  free() {
    if (this.#freed) return;
    this.#freed = true;
    this.#view = null;
    this.#data = null;
    this.#engine._release(this);
  }

  /** @internal */
  _belongsTo(engine) {
    return this.#engine === engine;
  }

  /** @internal Single mode: hand the data to a call, take it back when the call ends. */
  _lend() {
    if (this.#busy && this.#data) throw new Error('is in use by another running call; await that call first');
    if (this.#detached()) throw new Error(DETACHED);
    this.#busy++;
    return this.#data;
  }

  /** Single mode: the page transferred our ArrayBuffer away (it is empty now). */
  #detached() {
    return Boolean(this.#data) && (this.#data.detached === true || (this.#data.byteLength === 0 && this.length > 0));
  }

  /** @internal Single mode: a turn for one call; `ready` settles when the calls before it are done. */
  _takeTurn() {
    const free = this.#turns === 0; // no call before it: it may go at once, synchronously
    this.#turns++;
    const ready = this.#turn;
    let resolve;
    this.#turn = new Promise((r) => (resolve = r));
    const done = () => {
      this.#turns--;
      resolve();
    };
    return { ready, free, done };
  }

  /** @internal */
  _return(data) {
    this.#busy--;
    if (data && !this.#freed) this.#data = data;
  }
}

/** The error an aborted call rejects with, as fetch() and other AbortSignal users do. */
function abortError() {
  return Object.assign(new Error('the call was aborted'), { name: 'AbortError' });
}

/** Resolves with `ready`, or rejects with an AbortError as soon as `signal` aborts. */
function untilReady(ready, signal) {
  if (!signal) return ready;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    ready.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * Splits a trailing `{ signal, onProgress }` off a kernel's arguments (it can stand where an
 * optional object argument such as `region` would, so it is told apart by its keys).
 */
function splitOptions(args) {
  const last = args.at(-1);
  const isOptions =
    last !== null && typeof last === 'object' && !(last instanceof WasmparBuffer) && !ArrayBuffer.isView(last) &&
    ('signal' in last || 'onProgress' in last) && !('xMin' in last);
  return isOptions ? [args.slice(0, -1), last] : [args, {}];
}

function checkOptions(kernel, { signal, onProgress }) {
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`${kernel}: options.signal must be an AbortSignal, got ${describe(signal)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`${kernel}: options.onProgress must be a function, got ${describe(onProgress)}`);
  }
  if (signal?.aborted) throw abortError();
}

class Engine {
  #worker;
  #control;
  #kernels;
  #poolWorkers;
  #crashes;
  #memory = null;
  #pending = new Replies();
  #ring = null; // RingClient, when calls go through the command ring
  #kernelNumbers = new Map(); // kernel name → its number in the ring
  // Replies are delivered in the order of the calls: ring calls not yet delivered, and the
  // posted requests still waiting for a reply, each by seq in ascending order.
  #ringCalls = [];
  #postedSeqs = [];
  #canvases = 0; // attachCanvas() ids
  #pipelines = 0; // pipeline() ids
  // A collected pipeline's temporaries are freed in the engine (it keeps them between runs).
  #pipelinesGone = new FinalizationRegistry((id) => {
    if (this.#state === 'ready') this.#post({ type: MSG.dropPipeline, pipeline: id });
  });
  #state = 'ready';
  #stateError = null;
  #info;

  /** @internal Use createEngine(). */
  constructor(worker, poolWorkers, crashes, { mode, reason, ring }, ready) {
    this.#worker = worker;
    this.#poolWorkers = poolWorkers;
    this.#crashes = crashes;
    crashes.onmessage = ({ data }) =>
      this.#fail('crashed', new Error(`wasmpar engine crashed in a pool thread (${data.name}: ${data.message}); create a new engine`));
    this.#memory = ready.memory ?? null;
    this.#control = ready.control;
    this.#kernels = ready.kernels;
    if (ring) {
      this.#ring = new RingClient(ring);
      this.#kernelNumbers = new Map(Object.keys(ready.kernels).map((name, i) => [name, i]));
    }
    this.#info = {
      mode,
      reason,
      callPath: ring ? 'ring' : 'postMessage',
      threads: ready.info.threads,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      simd: ready.info.simd,
      sharedMemory: ready.info.sharedMemory,
      memoryBytes: ready.info.memoryBytes,
    };
    worker.onmessage = ({ data }) => this.#onMessage(data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.#fail('crashed', new Error(`wasmpar engine worker failed: ${event.message ?? 'unknown error'}`));
    };
  }

  /** { mode, reason, threads, crossOriginIsolated, simd, sharedMemory, memoryBytes, state } */
  get info() {
    const memoryBytes = this.#memory && this.#state === 'ready' ? this.#memory.buffer.byteLength : this.#info.memoryBytes;
    return { ...this.#info, memoryBytes, state: this.#state };
  }

  /** @internal The current wasm memory buffer (threads mode). */
  _memoryBuffer() {
    return this.#memory.buffer;
  }

  /**
   * Allocates a zeroed buffer of `length` elements of `type` ('u8' | 'u32' | 'i32' | 'f32' | 'f64'),
   * aligned to its element size.
   */
  async alloc(type, length) {
    this.#checkUsable();
    if (typeof type !== 'string') throw new TypeError(`type must be one of 'u8', 'u32', 'i32', 'f32', 'f64', got ${describe(type)}`);
    if (typeof length !== 'number') throw new TypeError(`length must be a number, got ${describe(length)}`);
    const value = await this.#request({ type: MSG.alloc, elementType: type, length });
    if (this.#memory) {
      const [handle, byteOffset] = value;
      return new WasmparBuffer(this, type, length, { handle, byteOffset });
    }
    let data;
    try {
      data = new ArrayBuffer(value);
    } catch {
      throw new Error(`alloc: out of memory: could not allocate ${value} bytes for ${length} ${type} elements`);
    }
    return new WasmparBuffer(this, type, length, { data });
  }

  /**
   * Reads an image source (ImageData, ImageBitmap, an image, canvas or video element,
   * OffscreenCanvas, VideoFrame, Blob or File) into an RGBA buffer: `{ image, width, height }`.
   * `options.into` reuses a buffer of the right size (for video frames).
   */
  async imageFrom(source, options) {
    this.#checkUsable();
    return imageFrom(this, source, options);
  }

  /** A copy of an RGBA buffer as an ImageData. */
  toImageData(image, width, height) {
    return toImageData(image, width, height);
  }

  /** Draws an RGBA buffer onto a 2D canvas (or OffscreenCanvas, or 2D context) at (x, y). */
  drawImage(image, width, height, canvas, x, y) {
    drawImage(image, width, height, canvas, x, y);
  }

  /** Encodes an RGBA buffer as a PNG (default), JPEG or WebP Blob. */
  async toBlob(image, width, height, options) {
    return toBlob(image, width, height, options);
  }

  /**
   * Hands a canvas to the engine worker, so drawTo() draws results there, with no copy
   * through the page and no work on its thread. An HTMLCanvasElement gives up its control
   * (transferControlToOffscreen): the page can no longer draw on it.
   */
  async attachCanvas(canvas) {
    this.#checkUsable();
    if (typeof OffscreenCanvas !== 'function') throw new Error('attachCanvas: this environment has no OffscreenCanvas');
    const offscreen = offscreenOf(canvas);
    const target = new CanvasTarget(this, ++this.#canvases);
    await this.#request({ type: MSG.attachCanvas, target: target.id, canvas: offscreen }, [offscreen]);
    return target;
  }

  /**
   * Draws the RGBA buffer on a canvas from attachCanvas(), in the engine worker, taking the
   * image's size; resolves once drawn. Threads mode copies once (ImageData refuses shared
   * memory), single mode not at all.
   */
  async drawTo(target, image, width, height, options = {}) {
    this.#checkUsable();
    if (!(target instanceof CanvasTarget) || !target._belongsTo(this)) {
      throw new TypeError(`drawTo: target must be a canvas from this engine's attachCanvas(), got ${describe(target)}`);
    }
    checkImage('drawTo', image, width, height);
    checkOptions('drawTo', options);
    const used = { buffers: [], names: [] };
    this.#checkArg('drawTo', { kind: 'buffer', name: 'image' }, image, used);
    return this.#send({ type: MSG.draw, target: target.id, width, height }, used, 'drawTo', options, 0, true);
  }

  /** Stops the worker and its threads; pending calls reject, and so does every later call. */
  async terminate() {
    this.#fail('terminated', new Error('wasmpar engine was terminated; create a new one with createEngine()'));
  }

  /** @internal */
  _release(buffer) {
    if (this.#memory && this.#state === 'ready') this.#post({ type: MSG.free, handle: buffer.handle });
  }

  /**
   * The call state in shared memory (threads mode), as `controlLayout()` in
   * src/boundary/exports.rs describes it: `{ view, current, done, total, cancelled, slots }`.
   */
  #controlView() {
    if (!this.#memory || this.#state !== 'ready') return null;
    const { address, current, done, total, cancelled, slots } = this.#control;
    const view = new Int32Array(this.#memory.buffer, address, cancelled + slots);
    return { view, current, done, total, cancelled, slots };
  }

  /**
   * @internal Runs a kernel by name with the user's arguments (and optional options): one
   * of `KERNELS`, or a test kernel a test build of the module declares.
   */
  async _call(kernel, allArgs) {
    this.#checkUsable();
    if (!Object.hasOwn(this.#kernels, kernel)) throw new TypeError(`kernel must be a kernel of this module, got ${describe(kernel)}`);
    const [args, options] = splitOptions(allArgs);
    checkOptions(kernel, options);
    const used = { buffers: [], names: [], temps: [] };
    const message = this.#checkArgs(kernel, kernel, args, used);
    return this.#send({ type: MSG.call, kernel, args: message }, used, kernel, options);
  }

  /**
   * Posts `message` to the engine worker. With the ring it takes the next seq, so the engine
   * runs it in order with the ring's calls; one that cannot be posted (a clone error) sends
   * its seq alone, or the engine would wait for it for ever.
   */
  #post(message, transfer = []) {
    if (!this.#ring) {
      this.#worker.postMessage(message, transfer);
      return;
    }
    const seq = this.#ring.messageSeq();
    try {
      this.#worker.postMessage({ ...message, seq }, transfer);
    } catch (e) {
      this.#worker.postMessage({ type: MSG.skip, seq });
      throw e;
    }
    if (message.id !== undefined) this.#postedSeqs.push(seq);
  }

  /**
   * Writes call `message` (its id given) into the ring; false if it does not fit there
   * (the slot is taken, or the arguments are too long), and then it is posted instead.
   */
  #ringCall(message, buffers) {
    const flat = wasmArgs(this.#kernels[message.kernel], message.args, buffers.map((b) => b.handle));
    const alone = this.#ringCalls.length === 0;
    const written = this.#ring.tryCall(message.id, this.#kernelNumbers.get(message.kernel), flat);
    if (!written) return false;
    const call = { ...written, id: message.id, byMessage: false };
    this.#ringCalls.push(call);
    // Alone, a short call is over in microseconds: waiting for it briefly here is faster
    // than being woken (measured: p99 5 µs against 55 µs).
    if (alone && this.#ring.spin(call.slot, PAGE_SPIN_US)) this.#deliverRing();
    else this.#ring.whenDone(call.slot).then(() => this.#deliverRing());
    return true;
  }

  /**
   * Delivers the finished ring calls at the head of the order, up to a posted request still
   * waiting for its reply, or a call whose reply comes as a message (#onMessage delivers it).
   */
  #deliverRing() {
    while (this.#ringCalls.length && this.#state === 'ready') {
      const [head] = this.#ringCalls;
      if (head.byMessage || (this.#postedSeqs.length && this.#postedSeqs[0] < head.seq)) return;
      const result = this.#ring.poll(head.slot);
      if (result === 'running') return;
      if (result === 'posted') {
        head.byMessage = true;
        return;
      }
      this.#ringCalls.shift();
      this.#settle(head.id, { ok: true, value: result.value });
    }
  }

  /** A chain of kernel calls that runs as one call: see Pipeline (src/js/pipeline.js). */
  pipeline() {
    this.#checkUsable();
    const pipeline = new Pipeline(this, ++this.#pipelines);
    this.#pipelinesGone.register(pipeline, pipeline._id);
    return pipeline;
  }

  /**
   * @internal Runs `pipeline`'s `steps` ({ kernel, args }) in order in one message: every step
   * is checked here first, and a refused step is named by its index.
   */
  async _run(pipeline, steps, options = {}) {
    this.#checkUsable();
    checkOptions('run', options);
    if (steps.length === 0) throw new TypeError('run: the pipeline has no steps');
    const used = { buffers: [], names: [], temps: [], pipeline };
    const checked = steps.map(({ kernel, args }, i) => {
      const label = `step ${i} (${kernel})`;
      if (!Object.hasOwn(this.#kernels, kernel)) throw new TypeError(`step ${i}: kernel must be a kernel of this module, got ${describe(kernel)}`);
      return { kernel, args: this.#checkArgs(kernel, label, args, used) };
    });
    const temps = used.temps.map(({ type, length }) => ({ type, length }));
    // Step messages only for progress: one arriving on this thread while a step runs costs
    // that step milliseconds on a machine whose cores the pool fills (measured: 7 → 16 ms).
    const progress = typeof options.onProgress === 'function';
    return this.#send({ type: MSG.run, pipeline: pipeline._id, steps: checked, temps, progress }, used, 'run', options, steps.length);
  }

  /** Each of `kernel`'s parameters checked against `args`; errors start with `label`. */
  #checkArgs(kernel, label, args, used) {
    const params = paramsOf(this.#kernels[kernel]);
    if (args.length > params.length) {
      throw new TypeError(`${label} takes at most ${params.length} arguments, got ${args.length}`);
    }
    return params.map((p, i) => this.#checkArg(label, p, args[i], used));
  }

  /**
   * Posts a call or a pipeline run (`steps` > 0). Threads mode: buffers are named by handle,
   * and for a run by place too, so a refused run can put back what it wrote.
   */
  async #send(message, { buffers, names }, label, options, steps = 0, place = steps > 0) {
    if (this.#memory) {
      const refs = buffers.map((b) => (place ? { handle: b.handle, byteOffset: b.byteOffset, byteLength: b.byteLength } : { handle: b.handle }));
      const viaRing = this.#ring && message.type === MSG.call ? buffers : null;
      return this.#request({ ...message, buffers: refs }, [], undefined, options, steps, viaRing);
    }
    // Single mode: each buffer's ArrayBuffer moves (not copies) to the worker and back.
    // Calls that share a buffer take turns in the order they were made, so they run in the
    // same order as in threads mode; a turn ends when the worker hands the buffer back.
    const turns = buffers.map((b) => b._takeTurn());
    let posted = false;
    try {
      // Lent at once when no earlier call holds a buffer, so `view` is busy from the call on.
      if (!turns.every((t) => t.free)) {
        await untilReady(Promise.all(turns.map((t) => t.ready)), options.signal);
        this.#checkUsable();
      }
      const lent = [];
      try {
        for (const b of buffers) lent.push({ type: b.type, data: b._lend() });
      } catch (e) {
        lent.forEach((l, i) => { buffers[i]._return(l.data); });
        throw new Error(`${label}: ${names[lent.length]} ${e.message}`);
      }
      const transfer = lent.map((l) => l.data);
      const settle = (reply) => {
        buffers.forEach((b, i) => { b._return(reply?.buffers?.[i]); });
        turns.forEach((t) => { t.done(); });
      };
      posted = true;
      return await this.#request({ ...message, buffers: lent }, transfer, settle, options, steps);
    } finally {
      // Refused or aborted before it was sent: pass the turns on once ours has come.
      if (!posted) Promise.all(turns.map((t) => t.ready)).then(() => turns.forEach((t) => { t.done(); }));
    }
  }

  #checkArg(kernel, p, value, { buffers, names, temps, pipeline }) {
    if (value === undefined && p.optional) return undefined;
    if (p.kind === 'number' || p.kind === 'string') {
      if (typeof value !== p.kind) throw new TypeError(`${kernel}: ${p.name} must be a ${p.kind}, got ${describe(value)}`);
      return value;
    }
    if (p.kind === 'region') {
      if (typeof value !== 'object' || value === null) {
        throw new TypeError(`${kernel}: ${p.name} must be an object {xMin, yMin, xMax, yMax}, got ${describe(value)}`);
      }
      const { xMin, yMin, xMax, yMax } = value;
      return { xMin, yMin, xMax, yMax };
    }
    if (value instanceof PipelineTemp) {
      if (!pipeline || !value.belongsTo(pipeline)) throw new Error(`${kernel}: ${p.name} is a temporary buffer of another pipeline`);
      let index = temps.indexOf(value);
      if (index < 0) index = temps.push(value) - 1;
      return { temp: index };
    }
    if (!(value instanceof WasmparBuffer)) {
      throw new TypeError(`${kernel}: ${p.name} must be a buffer from engine.alloc(), got ${describe(value)}`);
    }
    if (!value._belongsTo(this)) throw new Error(`${kernel}: ${p.name} belongs to another engine`);
    if (value.freed) throw new Error(`${kernel}: ${p.name} was freed`);
    let index = buffers.indexOf(value);
    if (index < 0) {
      index = buffers.push(value) - 1;
      names.push(p.name);
    }
    return { buffer: index };
  }

  #checkUsable() {
    if (this.#state !== 'ready') throw this.#stateError;
  }

  /**
   * Posts a request; resolves or rejects with its reply. With `signal`, an abort rejects with
   * an AbortError once the engine has let go of the call's buffers: at once if the call has
   * not started (threads mode: it is named in shared memory, and the engine skips it); when
   * the kernel has stopped, at its next unit of work, if it is running; in single mode, which
   * has no shared memory to reach a running worker, when the worker hands the buffers back
   * (a pipeline's at the end of its running step: it reads a message between steps).
   * With `onProgress`, the fraction done is read from shared memory every frame (threads
   * mode) and 1 is reported at the end.
   */
  #request(message, transfer = [], settle = () => {}, { signal, onProgress } = {}, steps = 0, ringBuffers = null) {
    return new Promise((resolve, reject) => {
      let timer = null;
      const cleanup = () => {
        signal?.removeEventListener('abort', onAbort);
        clearInterval(timer);
      };
      const onAbort = () => {
        cleanup();
        const entry = this.#pending.peek(id);
        if (!entry) return;
        const c = this.#controlView();
        if (c) {
          // Slot first, then `current`: the engine writes `current` and then reads the slot
          // (src/kernels/control.rs), so either it skips the call or we see it running.
          Atomics.store(c.view, c.cancelled + (id % c.slots), id);
          if (Atomics.load(c.view, c.current) !== id) {
            entry.aborted = true;
            reject(abortError());
            return;
          }
        } else if (steps) {
          // Single mode: a run reads this between its steps.
          this.#post({ type: MSG.abort, id });
        }
        entry.abortOnReply = true;
      };
      const done = (v) => {
        cleanup();
        onProgress?.(1);
        resolve(v);
      };
      // A pipeline's progress: steps done, plus the running step's share (threads mode).
      const onStep = steps && onProgress ? (step) => onProgress(step / steps) : undefined;
      const fail = (e) => {
        cleanup();
        reject(e);
      };
      const id = this.#pending.add({ resolve: done, reject: fail, settle, aborted: false, abortOnReply: false, step: 0, onStep });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (onProgress) {
        timer = setInterval(() => {
          const c = this.#controlView();
          const total = c && Atomics.load(c.view, c.current) === id ? Atomics.load(c.view, c.total) >>> 0 : 0;
          if (!total) return;
          const share = Math.min(1, (Atomics.load(c.view, c.done) >>> 0) / total);
          const step = this.#pending.peek(id)?.step ?? 0;
          onProgress(steps ? (step + share) / steps : share);
        }, 16);
      }
      try {
        if (!ringBuffers || !this.#ringCall({ ...message, id }, ringBuffers)) this.#post({ ...message, id }, transfer);
      } catch (e) {
        this.#pending.take(id);
        settle(null);
        cleanup();
        reject(e);
      }
    });
  }

  #onMessage(data) {
    if (data?.type === MSG.crashed) {
      this.#fail('crashed', deserializeError(data.error));
      return;
    }
    if (data?.type === MSG.step) {
      const pending = this.#pending.peek(data.id);
      if (pending) {
        pending.step = data.step;
        pending.onStep?.(data.step);
      }
      return;
    }
    if (data?.type !== MSG.result) return;
    if (this.#ring) {
      // The engine answered the calls before this one first: deliver those, then this one
      // (a ring call whose reply came as a message, or the first posted request waiting).
      this.#deliverRing();
      if (this.#ringCalls[0]?.id === data.id) this.#ringCalls.shift();
      else this.#postedSeqs.shift();
      this.#settle(data.id, data);
      // The calls after it a task later, as posted replies come: a promise chained on this
      // one (a pipeline's run() awaits its reply) settles before theirs.
      nextTask().then(() => this.#deliverRing());
      return;
    }
    this.#settle(data.id, data);
  }

  /** Settles request `id` with its reply `data` ({ ok, value | error }, and single mode's buffers). */
  #settle(id, data) {
    const pending = this.#pending.take(id);
    if (!pending) return;
    if (data.memoryBytes) this.#info.memoryBytes = data.memoryBytes;
    pending.settle(data);
    if (pending.aborted) return; // already rejected with an AbortError
    if (pending.abortOnReply) pending.reject(abortError());
    else if (data.ok) pending.resolve(data.value);
    else pending.reject(deserializeError(data.error));
  }

  /**
   * Moves to a final state ('crashed' or 'terminated'): stops the worker and its threads
   * (after a trap the instance is unusable, and the worker may be blocked for ever) and
   * rejects every pending call with `error`.
   */
  #fail(state, error) {
    if (this.#state !== 'ready') return;
    this.#state = state;
    this.#stateError = error;
    this.#worker.terminate();
    for (const w of this.#poolWorkers) w.terminate();
    this.#crashes.close();
    this.#ringCalls = [];
    this.#postedSeqs = [];
    for (const { reject, settle } of this.#pending.takeAll()) {
      settle(null);
      reject(error);
    }
  }
}

for (const kernel of Object.keys(KERNELS)) {
  Object.defineProperty(Engine.prototype, kernel, {
    value: function (...args) {
      return this._call(kernel, args);
    },
  });
}

/**
 * Starts an engine: one module worker that loads the wasm build and, in threads mode,
 * rayon's pool.
 * @param {{threads?: number, mode?: 'auto' | 'threads' | 'single', callPath?: 'ring' | 'postMessage'}} [options]
 */
export async function createEngine(options = {}) {
  const threads = chooseThreads(options.threads);
  const choice = await chooseMode(options.mode ?? 'auto');
  const { mode } = choice;
  const ring = chooseCallPath(options.callPath, mode) === 'ring' ? ringMemory() : null;
  const worker = new Worker(new URL('./engine.worker.js', import.meta.url), { type: 'module', name: 'wasmpar-engine' });
  // Pool workers report traps here directly: the engine worker may be blocked waiting on them.
  const channel = `wasmpar-crash-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const crashes = new BroadcastChannel(channel);
  const poolWorkers = [];
  const ready = await new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data?.type === MSG.ready) resolve(data);
      else if (data?.type === MSG.initFailed) reject(deserializeError(data.error));
      else if (data?.type === MSG.poolStart) {
        startPoolWorkers(threads, data, channel, poolWorkers).then(
          () => worker.postMessage({ type: MSG.poolStarted }),
          (e) => worker.postMessage({ type: MSG.poolStarted, error: serializeError(e) }),
        );
      }
    };
    worker.onerror = (event) => reject(new Error(`wasmpar engine worker failed to start: ${event.message ?? 'unknown error'}`));
    worker.postMessage({ type: MSG.init, mode, threads, ring });
  }).catch((e) => {
    worker.terminate();
    for (const w of poolWorkers) w.terminate();
    crashes.close();
    throw e;
  });
  return new Engine(worker, poolWorkers, crashes, { ...choice, ring }, ready);
}
