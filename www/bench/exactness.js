// The JS baselines that accumulate in f64 (Gaussian blur, convolution) differ from our f32
// kernels by at most 1 in a few pixels. Their rows carry the checksum of the exact JS form
// (the same bits as ours, so the group's agreement check still holds the JS to our answer)
// and `max_diff`, the largest difference of the timed output from it.

import { checksumBytes } from './checksum.js';

/** `row` with `checksum` and `max_diff` from kernel `k`'s exact form, if it has one. */
export async function withExactness(k, arrays, setup, row) {
  if (!k.exact) return row;
  const timed = arrays[k.check].slice();
  await setup();
  k.exact(arrays);
  const exact = arrays[k.check];
  let maxDiff = 0;
  for (let i = 0; i < exact.length; i++) maxDiff = Math.max(maxDiff, Math.abs(timed[i] - exact[i]));
  return { ...row, checksum: checksumBytes(exact), max_diff: maxDiff };
}
