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
export async function measure({ run, setup, check, samples = 5 }) {
  const [result] = await measureInterleaved([{ run, setup, check }], samples);
  return result;
}

/**
 * Times the variants of one job ({ run, setup, check } each, as for `measure`) turn by
 * turn, a b a b …, so a slow phase of a noisy machine slows each of them alike and their
 * ratio (e.g. a speedup) holds. Returns one `measure` result per variant.
 */
export async function measureInterleaved(variants, samples = 5) {
  const steps = variants.map(({ run, setup = () => {}, check = (r) => r }) => ({ run, setup, check }));
  const expected = [];
  for (const { run, setup, check } of steps) {
    await setup();
    expected.push(String(await check(await run())));
  }
  const times = steps.map(() => []);
  const last = [];
  for (let i = 0; i < samples; i++) {
    for (const [j, { run, setup }] of steps.entries()) {
      await setup();
      const start = performance.now();
      last[j] = await run();
      times[j].push(performance.now() - start);
    }
  }
  return Promise.all(steps.map(async ({ check }, j) => {
    const checksum = String(await check(last[j]));
    if (checksum !== expected[j]) throw new Error(`the last run gave checksum ${checksum}, the warm-up ${expected[j]}`);
    return { ...summarize(times[j]), checksum };
  }));
}
