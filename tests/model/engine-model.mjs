// Model-based test of the engine's protocol: a seeded random sequence of operations runs
// against a real engine and is checked step by step against a small model of what must
// happen. Runs in a browser page and on Node alike (it only needs `createEngine`).
//
// Operations: alloc and free of every element type (and refused allocations), writes and
// reads of `view`, short kernels on shared and distinct buffers (invert, scale, axpy, sum,
// dot, minMax, sort), bad calls, a long kernel (Mandelbrot) with an abort before the call,
// while it is queued, while it runs and after it finished, many calls in flight at once
// (issued without awaiting, settled together), and terminate at any point followed by a new
// engine. The model predicts each call's outcome in issue order, which is the order calls on
// a shared buffer run in, in both modes.
//
// What the model knows: a buffer's content (or that it is unknown: an aborted call may have
// written part of its output, and in single mode a queued call runs to the end anyway),
// which calls resolve with what, which reject with which error class and name.

const TYPES = ['u8', 'u32', 'i32', 'f32', 'f64'];
const ARRAY = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array, f64: Float64Array };
const LENGTHS = [0, 1, 3, 4, 17, 64, 255, 1000, 2048];
/** Values stay integers this small, so every float sum the kernels form is exact. */
const LIMIT = 4096;
/** The long kernel: tens of milliseconds on two threads. */
export const LONG = { width: 200, height: 120, maxIter: 12000 };

/** mulberry32: small, fast, good enough to draw operations. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** IEEE total order as the sort kernel defines it (-0 before +0; no NaN is ever made here). */
const totalOrder = (a, b) => a - b || (Object.is(a, -0) ? -1 : 0) - (Object.is(b, -0) ? -1 : 0);

function sameContent(actual, expected) {
  if (actual.length !== expected.length) return `length ${actual.length}, model ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) return `element ${i} is ${actual[i]}, model ${expected[i]}`;
  }
  return null;
}

/** What a settled call must have given: `{ value }` (checked with `check`) or `{ error }`. */
function describeOutcome(o) {
  return o.ok ? `resolved ${JSON.stringify(o.value)}` : `rejected ${o.error.name}: ${o.error.message}`;
}

/**
 * Runs `steps` operations from `seed` against engines made by `createEngine({ mode })`.
 * Throws an Error naming the seed, the step and the operation on the first disagreement.
 * Returns counts of what ran.
 */
export async function runModel(createEngine, { seed, steps, mode, log = () => {} }) {
  const rng = random(seed);
  const counts = {};
  const count = (what) => (counts[what] = (counts[what] ?? 0) + 1);
  const trace = []; // the last operations, for the failure message
  let step = 0;
  const fail = (what) => {
    throw new Error(`model disagrees (mode ${mode}, seed ${seed}, step ${step}): ${what}\nlast operations:\n  ${trace.slice(-12).join('\n  ')}`);
  };

  let engine;
  let buffers; // { buffer, type, length, content: TypedArray | null (unknown), users: n }
  let inFlight; // { label, promise → outcome, expect(outcome) → error text | null, uses }
  let reference; // the long kernel's full output

  const newEngine = async () => {
    engine = await createEngine({ mode });
    if (engine.info.mode !== mode) fail(`asked for ${mode}, got ${engine.info.mode}`);
    buffers = [];
    inFlight = [];
    if (!reference) {
      const out = await engine.alloc('u8', LONG.width * LONG.height);
      await engine.mandelbrot(out, LONG.width, LONG.height, LONG.maxIter);
      reference = out.view.slice();
      out.free();
    }
  };

  const settleOutcome = (promise) =>
    promise.then(
      (value) => ({ ok: true, value }),
      (e) => ({ ok: false, error: { class: e?.constructor?.name, name: e?.name, message: String(e?.message) } }),
    );

  /** Issues a call (not awaited); `expect` checks its outcome; `uses` are model buffers. */
  const issue = (label, run, expect, uses = []) => {
    trace.push(label);
    let promise;
    try {
      promise = run();
    } catch (e) {
      promise = Promise.reject(e); // a synchronous throw is as good as a rejection here
    }
    for (const b of uses) b.users++;
    const entry = { label, outcome: settleOutcome(promise), expect, uses };
    entry.outcome.then(() => uses.forEach((b) => { b.users--; }));
    inFlight.push(entry);
    return entry;
  };

  const settleAll = async () => {
    const all = inFlight;
    inFlight = [];
    for (const entry of all) {
      const outcome = await entry.outcome;
      const wrong = entry.expect(outcome);
      if (wrong) fail(`${entry.label}: ${wrong} (got ${describeOutcome(outcome)})`);
    }
  };

  const resolvesTo = (check) => (o) => (o.ok ? check(o.value) : `expected to resolve`);
  const rejectsWith = (cls, name, pattern) => (o) => {
    if (o.ok) return `expected ${name} to be thrown`;
    if (o.error.class !== cls || o.error.name !== name) return `expected ${cls} named ${name}`;
    if (pattern && !pattern.test(o.error.message)) return `message does not match ${pattern}`;
    return null;
  };
  const equals = (want) => resolvesTo((v) => (Object.is(v, want) || v === want ? null : `expected ${want}`));

  const idle = (pred = () => true) => buffers.filter((b) => b.users === 0 && pred(b));
  const known = (pred) => buffers.filter((b) => b.content && pred(b));

  const fillPattern = (type, length) => {
    const data = new ARRAY[type](length);
    for (let i = 0; i < length; i++) {
      if (type === 'u8') data[i] = rng.int(256);
      else if (type === 'u32') data[i] = rng.chance(0.2) ? 4294967295 - rng.int(1000) : rng.int(LIMIT);
      else data[i] = rng.int(2 * LIMIT / 4) - LIMIT / 4;
    }
    return data;
  };
  const maxAbs = (content) => content.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

  const ops = {
    alloc() {
      const type = rng.pick(TYPES);
      const length = rng.pick(LENGTHS);
      const label = `alloc ${type} ${length}`;
      count('alloc');
      const entry = issue(label, () => engine.alloc(type, length), resolvesTo((b) => (b?.length === length && b.type === type ? null : 'wrong buffer')));
      entry.outcome.then((o) => {
        if (o.ok) buffers.push({ buffer: o.value, type, length, content: new ARRAY[type](length), users: 0 });
      });
    },
    allocRefused() {
      count('alloc refused');
      const [args, cls] = rng.pick([
        [['u16', 4], 'TypeError'],
        [['f32', -1], 'RangeError'],
        [['f64', 2 ** 30], 'RangeError'],
        [['i32', 2.5], 'TypeError'],
      ]);
      issue(`alloc ${args.join(' ')} (refused)`, () => engine.alloc(...args), rejectsWith(cls, cls));
    },
    free() {
      const candidates = idle();
      if (!candidates.length) return ops.alloc();
      const b = rng.pick(candidates);
      count('free');
      trace.push(`free ${b.type} ${b.length}`);
      b.buffer.free();
      buffers.splice(buffers.indexOf(b), 1);
      if (rng.chance(0.3)) {
        count('use after free');
        issue(`sum of a freed ${b.type} buffer`, () => engine.sum(b.buffer), rejectsWith('Error', 'Error', /^sum: xs was freed$/));
      }
    },
    write() {
      const candidates = idle();
      if (!candidates.length) return ops.alloc();
      const b = rng.pick(candidates);
      count('write view');
      trace.push(`write ${b.type} ${b.length}`);
      b.content = fillPattern(b.type, b.length);
      b.buffer.view.set(b.content);
    },
    read() {
      const candidates = idle((b) => b.content);
      if (!candidates.length) return ops.write();
      const b = rng.pick(candidates);
      count('read view');
      trace.push(`read ${b.type} ${b.length}`);
      const wrong = sameContent(b.buffer.view, b.content);
      if (wrong) fail(`view of ${b.type} ${b.length}: ${wrong}`);
    },
    invert() {
      const candidates = known((b) => b.type === 'u8' && b.length % 4 === 0 && b.length > 0);
      if (!candidates.length) return ops.alloc();
      const b = rng.pick(candidates);
      const width = b.length / 4;
      for (let i = 0; i < b.length; i++) if (i % 4 !== 3) b.content[i] = 255 - b.content[i];
      count('invert');
      issue(`invert u8 ${b.length}`, () => engine.invert(b.buffer, width, 1), equals(undefined), [b]);
    },
    scale() {
      const candidates = known((b) => b.type === 'f32' || b.type === 'f64');
      if (!candidates.length) return ops.write();
      const b = rng.pick(candidates);
      const alpha = maxAbs(b.content) * 2 < LIMIT * 4 ? rng.pick([-1, 2]) : -1;
      for (let i = 0; i < b.length; i++) b.content[i] *= alpha;
      count('scale');
      issue(`scale ${b.type} ${b.length} by ${alpha}`, () => engine.scale(b.buffer, alpha), equals(undefined), [b]);
    },
    axpy() {
      const x = rng.pick(known((b) => b.type === 'f32' || b.type === 'f64') .concat([null]));
      const ys = x ? known((b) => b.type === x.type && b.length === x.length && b !== x) : [];
      if (!ys.length) return ops.alloc();
      const y = rng.pick(ys);
      const alpha = maxAbs(x.content) * 2 + maxAbs(y.content) < LIMIT * 4 ? rng.pick([1, -1, 2]) : 0;
      for (let i = 0; i < y.length; i++) y.content[i] += alpha * x.content[i];
      count('axpy');
      issue(`axpy ${alpha} ${x.type} ${x.length}`, () => engine.axpy(alpha, x.buffer, y.buffer), equals(undefined), [x, y]);
    },
    sum() {
      const candidates = known(() => true);
      if (!candidates.length) return ops.alloc();
      const b = rng.pick(candidates);
      const want = b.content.reduce((s, v) => s + v, 0);
      count('sum');
      issue(`sum ${b.type} ${b.length}`, () => engine.sum(b.buffer), equals(want + 0), [b]);
    },
    dot() {
      const candidates = known((b) => b.type === 'f64');
      if (!candidates.length) return ops.alloc();
      const a = rng.pick(candidates);
      const others = known((b) => b.type === 'f64' && b.length === a.length);
      const b = rng.pick(others); // may be a itself: a shared buffer
      const want = a.content.reduce((s, v, i) => s + v * b.content[i], 0);
      count('dot');
      issue(`dot f64 ${a.length}${a === b ? ' (same buffer)' : ''}`, () => engine.dot(a.buffer, b.buffer), equals(want + 0), [a, b]);
    },
    minMax() {
      const candidates = known((b) => b.type === 'f32' || b.type === 'f64');
      if (!candidates.length) return ops.write();
      const b = rng.pick(candidates);
      let want = null;
      b.content.forEach((v, i) => {
        if (!want) want = { min: v, max: v, minIndex: i, maxIndex: i };
        if (v < want.min) Object.assign(want, { min: v, minIndex: i });
        if (v > want.max) Object.assign(want, { max: v, maxIndex: i });
      });
      count('minMax');
      const check = (v) => {
        if (want === null) return v === null ? null : 'expected null';
        const same = v && v.min === want.min && v.max === want.max && v.minIndex === want.minIndex && v.maxIndex === want.maxIndex;
        return same ? null : `expected ${JSON.stringify(want)}`;
      };
      issue(`minMax ${b.type} ${b.length}`, () => engine.minMax(b.buffer), resolvesTo(check), [b]);
    },
    sort() {
      const candidates = known((b) => b.type !== 'u8');
      if (!candidates.length) return ops.alloc();
      const b = rng.pick(candidates);
      b.content.sort(totalOrder);
      count('sort');
      issue(`sort ${b.type} ${b.length}`, () => engine.sort(b.buffer), equals(undefined), [b]);
    },
    badCall() {
      const candidates = buffers.filter((b) => b.type === 'i32');
      if (!candidates.length) return ops.alloc();
      const b = rng.pick(candidates);
      count('bad call');
      // Refused before anything runs: the buffer keeps its content (the model leaves it).
      if (rng.chance(0.5)) {
        issue(`scale i32 (refused)`, () => engine.scale(b.buffer, 2), rejectsWith('TypeError', 'TypeError', /^xs must be a f32 or f64 buffer, got a i32 buffer$/), [b]);
      } else {
        issue(`invert i32 (refused)`, () => engine.invert(b.buffer, 1, 1), rejectsWith('TypeError', 'TypeError', /^image must be a u8 buffer/), [b]);
      }
    },
    async long() {
      const size = LONG.width * LONG.height;
      const candidates = idle((b) => b.type === 'u8' && b.length === size);
      let target = candidates.length ? rng.pick(candidates) : null;
      if (!target) {
        const buffer = await engine.alloc('u8', size);
        target = { buffer, type: 'u8', length: size, content: new Uint8Array(size), users: 0 };
        buffers.push(target);
      }
      const when = rng.pick(['none', 'before', 'queued', 'running', 'after']);
      count(`long kernel, abort ${when}`);
      const label = `mandelbrot ${LONG.width}x${LONG.height}, abort ${when}`;
      const run = (signal) => () => engine.mandelbrot(target.buffer, LONG.width, LONG.height, LONG.maxIter, signal ? { signal } : undefined);
      const controller = new AbortController();
      const aborted = rejectsWith('Error', 'AbortError', /^the call was aborted$/);
      const drawn = equals(undefined);
      if (when === 'none') {
        target.content = reference.slice();
        issue(label, run(), drawn, [target]);
      } else if (when === 'before') {
        controller.abort();
        issue(label, run(controller.signal), aborted, [target]); // content unchanged
      } else if (when === 'queued') {
        // Queued behind another long call on another buffer (made here so both are idle).
        const ahead = await engine.alloc('u8', size);
        const front = { buffer: ahead, type: 'u8', length: size, content: reference.slice(), users: 0 };
        buffers.push(front);
        issue(`${label} (the call ahead)`, () => engine.mandelbrot(ahead, LONG.width, LONG.height, LONG.maxIter), drawn, [front]);
        issue(label, run(controller.signal), aborted, [target]);
        controller.abort();
        target.content = null;
      } else if (when === 'running') {
        issue(label, run(controller.signal), aborted, [target]);
        await sleep(2 + rng.int(40));
        controller.abort();
        target.content = null;
      } else {
        target.content = reference.slice();
        const entry = issue(label, run(controller.signal), drawn, [target]);
        await entry.outcome;
        controller.abort(); // too late: nothing changes
      }
    },
    async settle() {
      count('settle');
      trace.push('settle');
      await settleAll();
    },
    async terminate() {
      count('terminate');
      trace.push(`terminate with ${inFlight.length} in flight`);
      const pending = inFlight;
      inFlight = [];
      await engine.terminate();
      const terminated = rejectsWith('Error', 'Error', /terminated/);
      for (const entry of pending) {
        const outcome = await entry.outcome;
        // A call answered before terminate() keeps its answer; every other one rejects.
        if (entry.expect(outcome) && terminated(outcome)) fail(`${entry.label} at terminate: got ${describeOutcome(outcome)}`);
      }
      const after = await settleOutcome(engine.alloc('f32', 1));
      if (terminated(after)) fail(`alloc after terminate: ${describeOutcome(after)}`);
      await newEngine();
    },
  };

  const WEIGHTS = [
    ['alloc', 12], ['allocRefused', 2], ['free', 5], ['write', 10], ['read', 10], ['invert', 6], ['scale', 6],
    ['axpy', 5], ['sum', 8], ['dot', 3], ['minMax', 4], ['sort', 4], ['badCall', 2], ['long', 2.5],
    ['settle', 12], ['terminate', 0.3],
  ];
  const totalWeight = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const draw = () => {
    let x = rng.next() * totalWeight;
    for (const [name, w] of WEIGHTS) {
      x -= w;
      if (x < 0) return name;
    }
    return 'settle';
  };

  await newEngine();
  try {
    for (step = 1; step <= steps; step++) {
      // Many in flight at once, but bounded, so memory stays small.
      const name = inFlight.length > 24 ? 'settle' : draw();
      await ops[name]();
      if (step % 500 === 0) log(`step ${step}`);
    }
    step = 'end';
    await settleAll();
    // The engine still works and every known buffer holds what the model says.
    for (const b of buffers.filter((b) => b.content)) {
      const wrong = sameContent(b.buffer.view, b.content);
      if (wrong) fail(`final view of ${b.type} ${b.length}: ${wrong}`);
    }
  } finally {
    await engine.terminate();
  }
  return counts;
}
