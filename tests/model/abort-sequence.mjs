// Issue 17's sequence, as a user met it: abort a long kernel, then allocate. Before the call
// state was the call's, every alloc after the abort rejected with AbortError. Shared by the
// Chromium, Firefox and Node tests; `createEngine` is wasmpar's.

/** Sizes per mode: single mode cannot stop a running kernel, so its kernel is shorter. */
export const ABORT_SEQUENCE = {
  threads: { size: 2000, maxIter: 20000, abortAfterMs: 200 },
  single: { size: 400, maxIter: 2000, abortAfterMs: 50 },
};

export async function abortThenAlloc(createEngine, mode) {
  const { size, maxIter, abortAfterMs } = ABORT_SEQUENCE[mode];
  const engine = await createEngine({ mode });
  try {
    const img = await engine.alloc('u8', size * size);
    const ac = new AbortController();
    const p = engine.mandelbrot(img, size, size, maxIter, { signal: ac.signal });
    setTimeout(() => ac.abort(), abortAfterMs);
    const abortedAt = await new Promise((r) => ac.signal.addEventListener('abort', () => r(performance.now())));
    const error = await p.then(() => 'resolved', (e) => e.name);
    const a = await engine.alloc('f64', 10);
    const answeredMs = performance.now() - abortedAt;
    const b = await engine.alloc('f64', 10);
    const sum = await engine.sum(b);
    return { mode: engine.info.mode, error, allocs: [a.length, b.length], sum, answeredMs };
  } finally {
    await engine.terminate();
  }
}
