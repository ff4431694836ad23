// The engine's protocol against a model (tests/model/engine-model.mjs) on Node.js 20, threads
// and single mode, and issue 17's abort-then-alloc sequence. MODEL_STEPS / MODEL_SEED /
// MODEL_RUNS as in tests/browser/model.test.mjs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../pkg/node.js';
import { runModel } from '../model/engine-model.mjs';
import { abortThenAlloc } from '../model/abort-sequence.mjs';
import { modelSeeds } from '../model/seeds.mjs';

describe('engine protocol against a model (Node.js)', () => {
  for (const mode of ['threads', 'single']) {
    it(`${mode} mode: after an abort, alloc works`, async () => {
      const { answeredMs, ...got } = await abortThenAlloc(createEngine, mode);
      assert.deepEqual(got, { mode, error: 'AbortError', allocs: [10, 10], sum: 0 });
    });
    for (const { seed, steps } of modelSeeds(mode)) {
      it(`${mode} mode, seed ${seed}, ${steps} steps`, async (t) => {
        const counts = await runModel(createEngine, { seed, steps, mode });
        t.diagnostic(JSON.stringify(counts));
      });
    }
  }
});
