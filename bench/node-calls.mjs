// The no-op round trip on Node.js, beside the browsers' (the frames scenario): 3 rounds of
// sequential awaited calls, each timed alone, through the command ring and through
// postMessage, the paths taking turns after 1000 warm-up calls each.

import { createEngine } from '../pkg/node.js';
import { quantile } from '../www/bench/measure.js';

const WARM_CALLS = 1000;
const ROUNDS = 3;

export async function nodeCallRows({ calls }) {
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
  const rows = engines.map((engine, i) => {
    const sorted = times[i].sort((a, b) => a - b);
    return {
      scenario: 'frames',
      kernel: `no-op round trip on Node.js (${sorted.length} calls, each timed alone)`,
      variant: engine.info.callPath,
      threads: engine.info.threads,
      elements: sorted.length,
      bytes: 0,
      median_ms: quantile(sorted, 0.5),
      min_ms: sorted[0],
      max_ms: sorted.at(-1),
      samples: sorted.length,
      p99_ms: quantile(sorted, 0.99),
      checksum: 'noop',
    };
  });
  for (const engine of engines) await engine.terminate();
  return rows;
}
