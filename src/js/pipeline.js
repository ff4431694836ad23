// A chain of kernel calls that runs as one: engine.pipeline() gives a Pipeline with a method
// per kernel, taking the kernel's arguments without options and adding a step; run() sends
// every step in one message and settles one promise. Intermediate images can be temporary
// buffers (temp()), which the engine allocates in its own memory at the first run and keeps
// for the next ones (freed when the pipeline is garbage-collected): they never reach the
// page, so in single mode they are never copied.

import { ARRAY_TYPES, KERNELS } from './kernels.js';
import { describe } from './describe.js';

const TEMP_ONLY = "a pipeline's temporary buffer lives in the engine, for its steps; write the result to a buffer from engine.alloc() to read it";

/** A buffer of a pipeline's, kept in the engine between its runs; it has no view. */
export class PipelineTemp {
  #pipeline;

  constructor(pipeline, type, length) {
    this.#pipeline = pipeline;
    this.type = type;
    this.length = length;
    this.byteLength = length * ARRAY_TYPES[type].BYTES_PER_ELEMENT;
    Object.freeze(this);
  }

  belongsTo(pipeline) {
    return this.#pipeline === pipeline;
  }

  get view() {
    throw new Error(TEMP_ONLY);
  }

  /** It has no place in memory until a run allocates it. */
  get byteOffset() {
    throw new Error(TEMP_ONLY);
  }

  get freed() {
    return false;
  }

  /** The engine frees it once its pipeline is garbage-collected. */
  free() {
    throw new Error(TEMP_ONLY);
  }
}

export class Pipeline {
  #engine;
  #id;
  #steps = [];
  #timings = [];

  /** @internal Use engine.pipeline(). */
  constructor(engine, id) {
    this.#engine = engine;
    this.#id = id;
  }

  /** @internal The engine worker keeps this pipeline's temporaries under it. */
  get _id() {
    return this.#id;
  }

  /** Steps so far. */
  get length() {
    return this.#steps.length;
  }

  /** Milliseconds each step of the last completed run took in the engine (a copy). */
  get timings() {
    return this.#timings.slice();
  }

  /** A temporary buffer of `length` elements of `type`, for intermediate images. */
  temp(type, length) {
    if (!Object.hasOwn(ARRAY_TYPES, type)) throw new TypeError(`temp: type must be one of 'u8', 'u32', 'i32', 'f32', 'f64', got ${describe(type)}`);
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`temp: length must be a whole number of elements, got ${describe(length)}`);
    return new PipelineTemp(this, type, length);
  }

  /**
   * Runs every step in order as one call. Resolves with each step's result (undefined for
   * the kernels that only write). Options: `signal` aborts between steps and inside one;
   * `onProgress` gets the fraction of the whole chain done. A refused step rejects with its
   * index in the message, and leaves the caller's buffers as they were.
   */
  async run(options) {
    const { values, stepMs } = await this.#engine._run(this, this.#steps.slice(), options);
    this.#timings = stepMs;
    return values;
  }

  /** @internal */
  _add(kernel, args) {
    this.#steps.push({ kernel, args });
    return this;
  }
}

for (const kernel of Object.keys(KERNELS)) {
  Object.defineProperty(Pipeline.prototype, kernel, {
    value: function (...args) {
      return this._add(kernel, args);
    },
  });
}
