// The benchmark's plain-integer replica of our fixed-point Gaussian (www/bench/js-kernels.js,
// `gaussianBlurExact`) gives the kernel's bits at every σ of the fixed-point path: the
// threads scenario checks the kernel's checksum against it, and a change to the Rust
// quantisation that the replica does not follow (mirrored taps, at σ 4) had passed the tiny
// benchmark run, whose σ 2 quantises the same either way.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../pkg/node.js';
import { gaussianBlurExact } from '../../www/bench/js-kernels.js';

describe("the benchmark's exact Gaussian replica", () => {
  let engine;
  before(async () => {
    engine = await createEngine({ threads: 1 });
  });
  after(() => engine.terminate());

  it('equals gaussianBlur bit for bit, σ from 0.3 to 5', async () => {
    const [w, h] = [37, 29];
    const src = await engine.alloc('u8', w * h * 4);
    const dst = await engine.alloc('u8', w * h * 4);
    let seed = 7;
    for (let i = 0; i < src.view.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      src.view[i] = seed >>> 24;
    }
    const input = src.view.slice();
    for (const sigma of [0.3, 0.8, 1, 1.7, 2, 2.5, 3.3, 4, 4.4, 5]) {
      await engine.gaussianBlur(src, w, h, sigma, dst);
      const want = new Uint8Array(input.length);
      gaussianBlurExact(input, want, w, h, sigma);
      const got = dst.view.slice();
      const first = got.findIndex((v, i) => v !== want[i]);
      assert.equal(first, -1, `σ ${sigma}: byte ${first} is ${got[first]}, the replica has ${want[first]}`);
    }
  });
});
