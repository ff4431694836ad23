// Timing: a warm-up run, then `samples` timed runs; medians, never means (the machines
// are noisy). `check` (untimed) turns a run's result into a checksum; the warm-up and the
// last run must agree, and every variant of a group must agree with the others.

export function summarize(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median_ms: median, min_ms: sorted[0], max_ms: sorted.at(-1), samples: sorted.length };
}

/**
 * Times `run()` (sync or async). `setup()` runs untimed before each run; `check(result)`
 * runs untimed after the warm-up and the last run.
 * Returns { median_ms, min_ms, max_ms, samples, checksum }.
 */
export async function measure({ run, setup = () => {}, check = (r) => r, samples = 5 }) {
  await setup();
  const expected = String(await check(await run()));
  const times = [];
  let last;
  for (let i = 0; i < samples; i++) {
    await setup();
    const start = performance.now();
    last = await run();
    times.push(performance.now() - start);
  }
  const checksum = String(await check(last));
  if (checksum !== expected) throw new Error(`the last run gave checksum ${checksum}, the warm-up ${expected}`);
  return { ...summarize(times), checksum };
}
