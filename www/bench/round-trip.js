// The no-op round trip on each call path, timed call by call, and a row of a distribution:
// the frames scenario's (www/bench/frames.js, in the page) and Node's (bench/node-calls.mjs)
// measure the same way. It takes createEngine, as the page and Node import different entries.

import { quantile } from './measure.js';

/** Calls before timing: past the JIT's tier-up, which takes a core for a while (measured: a burst of slow calls ~500 calls in). */
const WARM_CALLS = 1000;
const ROUNDS = 3;

/**
 * `calls` sequential awaited no-op calls per call path, each timed alone: the round trip's
 * distribution, through the command ring and through postMessage. Two engines, the paths
 * taking turns over three rounds, the first going first in turn. `where` names the place
 * in the row's label (e.g. ' on Node.js').
 */
export async function roundTripRows(createEngine, calls, where = '') {
  const paths = ['ring', 'postMessage'];
  const engines = [];
  for (const callPath of paths) engines.push(await createEngine({ callPath }));
  const times = paths.map(() => []);
  for (const engine of engines) for (let i = 0; i < WARM_CALLS; i++) await engine.noop();
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < engines.length; j++) {
      const i = (j + round) % engines.length;
      for (let c = 0; c < Math.ceil(calls / ROUNDS); c++) {
        const start = performance.now();
        await engines[i].noop();
        times[i].push(performance.now() - start);
      }
    }
  }
  const rows = engines.map((engine, i) =>
    distributionRow(`no-op round trip${where} (${times[i].length} calls, each timed alone)`, engine.info.callPath, engine.info.threads, times[i], 'noop'),
  );
  for (const engine of engines) await engine.terminate();
  return rows;
}

/** A frames-scenario row of `times` (ms): median, min, max and p99. */
export function distributionRow(kernel, variant, threads, times, checksum) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    scenario: 'frames',
    kernel,
    variant,
    threads,
    elements: times.length,
    bytes: 0,
    median_ms: quantile(sorted, 0.5),
    min_ms: sorted[0],
    max_ms: sorted.at(-1),
    samples: sorted.length,
    p99_ms: quantile(sorted, 0.99),
    checksum,
  };
}
