// Timing: a warm-up run, then `samples` timed runs; medians, never means (the machines
// are noisy). `check` (untimed) turns a run's result into a checksum; the warm-up and the
// last run must agree, and every variant of a group must agree with the others.
//
// A run shorter than a millisecond is dominated by the timer (5 µs steps in an isolated
// page) and by one-off stalls, so such a sample loops: each sample is `calls_per_sample`
// calls lasting at least 1 ms together, its time divided by that count, and the rows carry
// the per-call p50 and p99 of every call timed alone.

/** The shortest sample worth timing, in ms. */
const MIN_SAMPLE_MS = 1;

/** Max calls looped into one sample (a run of a few µs reaches 1 ms well before). */
const MAX_CALLS = 2000;

/** How many calls of `run` (setup untimed before each) last MIN_SAMPLE_MS: counted, not
 *  estimated from the first call, which is often the slowest (JIT, cold caches). */
async function callsPerSample(run, setup) {
  let calls = 0;
  let total = 0;
  while (total < MIN_SAMPLE_MS && calls < MAX_CALLS) {
    total += (await timedCall(run, setup)).ms;
    calls++;
  }
  return calls;
}

/** One call of `run` after an untimed `setup()`: its result and how long it took. */
async function timedCall(run, setup) {
  await setup();
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

/**
 * The per-call fields of several measures of one thing (rounds, turns): the most calls per
 * sample, the medians of their p50s and p99s; none if none looped. A run near a millisecond
 * loops its calls in some measures only.
 */
export function mergeCallStats(measures) {
  const looped = measures.filter((m) => m.p50_call_ms !== undefined);
  if (looped.length === 0) return {};
  const median = (xs) => summarize(xs).median_ms;
  const calls = looped.map((m) => m.calls_per_sample).filter((c) => c !== undefined);
  return {
    ...(calls.length && { calls_per_sample: Math.max(...calls) }),
    p50_call_ms: median(looped.map((m) => m.p50_call_ms)),
    p99_call_ms: median(looped.map((m) => m.p99_call_ms)),
  };
}

export function summarize(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median_ms: quantile(sorted, 0.5), min_ms: sorted[0], max_ms: sorted.at(-1), samples: sorted.length };
}

/** The `q` quantile of sorted numbers (linear between neighbours). */
export function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return lo + 1 < sorted.length ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (at - lo) : sorted[lo];
}

/**
 * Times `run()` (sync or async). `setup()` runs untimed before each call; `check(result)`
 * runs untimed after the warm-up and the last call. `loop: false` keeps one call per sample
 * (for runs whose setup is the point: an idle pool, a call to abort).
 * Returns { median_ms, min_ms, max_ms, samples, checksum, times } (`times`: each sample,
 * for callers that pool rounds) and, for looped samples, { calls_per_sample, p50_call_ms,
 * p99_call_ms }.
 */
export async function measure({ run, setup = () => {}, check = (r) => r, samples = 5, loop = true }) {
  // The warm-up's time is the run's alone (the checksum is not part of it).
  const { ms: warm, result: first } = await timedCall(run, setup);
  const expected = String(await check(first));
  const calls = !loop || warm >= MIN_SAMPLE_MS ? 1 : await callsPerSample(run, setup);
  const times = [];
  const callTimes = [];
  let last;
  for (let i = 0; i < samples; i++) {
    let total = 0;
    for (let c = 0; c < calls; c++) {
      const { ms, result } = await timedCall(run, setup);
      last = result;
      total += ms;
      if (calls > 1) callTimes.push(ms);
    }
    times.push(total / calls);
  }
  const checksum = String(await check(last));
  if (checksum !== expected) throw new Error(`the last run gave checksum ${checksum}, the warm-up ${expected}`);
  const result = { ...summarize(times), checksum };
  Object.defineProperty(result, 'times', { value: times }); // not a field of the rows
  if (calls === 1) return result;
  const sorted = callTimes.sort((a, b) => a - b);
  return Object.assign(result, { calls_per_sample: calls, p50_call_ms: quantile(sorted, 0.5), p99_call_ms: quantile(sorted, 0.99) });
}
