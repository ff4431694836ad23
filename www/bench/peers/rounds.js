// What the browser's peers scenario (../peers.js) and the Node.js rows (bench/node-peers.mjs)
// share: timing every side in rounds in a rotating order, and turning a side's times into
// the table's rows.

import { quantile, summarize } from '../measure.js';

export const MODES = ['compute', 'io'];

/**
 * `rounds` rounds over `sides`, each side timed in each of `modes` (both, unless told) by
 * `time(side, mode)` (its samples, in ms), in a rotating order so no side always runs first
 * or right after another. Returns per side `{ [mode]: … }`: every sample, and each round's
 * median.
 */
export async function timeInRotation(sides, { rounds, offset = 0, modes = MODES }, time) {
  const times = sides.map(() => Object.fromEntries(modes.map((m) => [m, { samples: [], rounds: [] }])));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < sides.length; j++) {
      const i = (j + r + offset) % sides.length;
      for (const mode of modes) {
        const t = await time(sides[i], mode);
        times[i][mode].samples.push(...t);
        times[i][mode].rounds.push(summarize(t).median_ms);
      }
    }
  }
  return times;
}

/** A side's two rows (compute, io) of the peers table from its `timeInRotation` entry. */
export function sideRows({ times, width, height, ...fields }) {
  return MODES.map((mode) => ({
    scenario: 'peers', ...fields, mode, elements: width * height, bytes: width * height * 4,
    ...summarize(times[mode].samples), p99_ms: quantile([...times[mode].samples].sort((a, b) => a - b), 0.99),
    round_medians_ms: times[mode].rounds,
  }));
}
