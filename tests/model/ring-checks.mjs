// The command ring against the postMessage path (threads mode): the same calls, made the
// same way on an engine of each call path, must give the same results in the same order.
// Shared by the Chromium, Firefox and Node tests; `createEngine` is wasmpar's. Returns what
// each check saw, for the test to compare.

const outcome = (p) => p.then((value) => ({ value: plain(value) }), (e) => ({ error: `${e.name}: ${e.message}` }));

/** A result as a comparable plain value (typed arrays as arrays). */
function plain(value) {
  if (ArrayBuffer.isView(value)) return Array.from(value);
  return value;
}

/** Calls of every kind issued without awaiting: kernels whose results fit the ring and not, posted requests, errors. */
async function mixedInFlight(engine) {
  const n = 1001;
  const x = await engine.alloc('f32', n);
  const y = await engine.alloc('f32', n);
  x.view.forEach((_, i, v) => { v[i] = i % 7; });
  y.view.forEach((_, i, v) => { v[i] = i % 5; });
  const image = await engine.alloc('u8', 9 * 7 * 4);
  image.view.forEach((_, i, v) => { v[i] = (i * 37) % 251; });
  const chain = engine.pipeline().axpy(1, x, y);
  const order = [];
  const track = (label, p) => {
    p.finally(() => order.push(label)).catch(() => {});
    return outcome(p);
  };
  // y = ((2y + x) · 3): the order matters, and a posted run sits between ring calls.
  const calls = [
    track('scale', engine.scale(y, 2)),
    track('run', chain.run()),
    track('scale again', engine.scale(y, 3)),
    track('sum', engine.sum(y)),
    track('minMax (an object: by message)', engine.minMax(y)),
    track('histogram (an array: by message)', engine.histogram(image, 9, 7)),
    track('refused by Rust', engine.sobel(image, 9, 7, x)),
    track('flip (a string argument)', engine.flip(image, 9, 7, 'horizontal')),
    track('a string too long for a slot', engine.resize(image, 9, 7, image, 9, 7, 'x'.repeat(100))),
    track('alloc', engine.alloc('u8', 3).then((b) => b.length)),
    track('dot', engine.dot(x, y)),
  ];
  const results = await Promise.all(calls);
  const expected = Array.from(y.view, (_, i) => ((i % 5) * 2 + (i % 7)) * 3);
  return { results, order, yRight: expected.every((v, i) => y.view[i] === v), image: Array.from(image.view.slice(0, 8)) };
}

/** More calls in flight than the ring has slots: the rest are posted, in order. */
async function overflow(engine) {
  const xs = await engine.alloc('f64', 10);
  xs.view.fill(1);
  const order = [];
  const calls = Array.from({ length: 300 }, (_, i) => (i % 3 === 2 ? engine.sum(xs) : engine.scale(xs, i % 3 === 0 ? 2 : 0.5)).then((v) => {
    order.push(i);
    return v;
  }));
  const values = await Promise.all(calls);
  return { inOrder: order.every((v, i) => v === i), sums: [...new Set(values.filter((v) => v !== undefined))], last: xs.view[0] };
}

/** An aborted call queued behind a long one rejects at once; the engine goes on. */
async function abortQueued(engine) {
  const img = await engine.alloc('u8', 600 * 400);
  const xs = await engine.alloc('f32', 4);
  xs.view.fill(1);
  const long = engine.mandelbrot(img, 600, 400, 3000);
  const ac = new AbortController();
  const queued = engine.scale(xs, 5, { signal: ac.signal });
  const start = performance.now();
  ac.abort();
  const aborted = await outcome(queued);
  const rejectedMs = performance.now() - start;
  await long;
  const after = await Promise.all(Array.from({ length: 100 }, () => engine.sum(xs)));
  return { aborted, rejectedMs, untouched: xs.view[0], after: [...new Set(after)] };
}

/** After the engine has idled past its hot period (50 ms) it still answers. */
async function afterIdle(engine) {
  const xs = await engine.alloc('u32', 3);
  xs.view.set([1, 2, 3]);
  const sums = [];
  for (const idleMs of [0, 120, 300]) {
    await new Promise((r) => setTimeout(r, idleMs));
    sums.push(await engine.sum(xs));
  }
  return sums;
}

export async function ringChecks(createEngine, callPath) {
  const engine = await createEngine({ mode: 'threads', callPath });
  try {
    return {
      callPath: engine.info.callPath,
      mixed: await mixedInFlight(engine),
      overflow: await overflow(engine),
      abort: await abortQueued(engine),
      idle: await afterIdle(engine),
    };
  } finally {
    await engine.terminate();
  }
}

/** What a call path that is refused says. */
export async function badCallPath(createEngine) {
  return createEngine({ callPath: 'pigeon' }).then(() => 'created', (e) => `${e.name}: ${e.message}`);
}
