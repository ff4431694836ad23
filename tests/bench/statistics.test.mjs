// The benchmark's statistics, without a browser: sub-millisecond runs loop, whole runs
// merge into medians of rounds, and a goal is met only when it holds in every round.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { measure, quantile } from '../../www/bench/measure.js';
import { goalsMarkdown, mergeRounds } from '../../www/bench/results.js';

/**
 * A fake clock for measure(): `work(ms)` advances it, so the looping decisions are exact
 * and never depend on this machine's load.
 */
let clock = 0;
const work = (ms) => {
  clock += ms;
  return 'done';
};
const realPerformance = globalThis.performance;
const useFakeClock = () => Object.defineProperty(globalThis, 'performance', { value: { now: () => clock }, configurable: true });
const useRealClock = () => Object.defineProperty(globalThis, 'performance', { value: realPerformance, configurable: true });

describe('benchmark statistics', () => {
  it('quantiles interpolate between neighbours', () => {
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantile([1, 2, 3], 0.5), 2);
    assert.equal(quantile([5], 0.99), 5);
    assert.equal(quantile([0, 10], 0.99), 9.9);
  });

  before(useFakeClock);
  after(useRealClock);

  it('loops a sub-millisecond run until a sample lasts a millisecond, with per-call p50 and p99', async () => {
    let setups = 0;
    const m = await measure({ run: () => work(0.05), setup: () => setups++, samples: 5 });
    assert.ok(m.calls_per_sample >= 20 && m.calls_per_sample <= 21, `${m.calls_per_sample} calls per sample`);
    // The warm-up, the calibration (calls_per_sample calls) and every timed call.
    assert.equal(setups, 1 + 6 * m.calls_per_sample, 'setup before every call');
    assert.ok(Math.abs(m.median_ms - 0.05) < 1e-9, `${m.median_ms} ms per call`);
    assert.ok(Math.abs(m.p50_call_ms - 0.05) < 1e-9 && Math.abs(m.p99_call_ms - 0.05) < 1e-9);
    assert.equal(m.times.length, 5);
    assert.equal(Object.keys(m).includes('times'), false, 'the raw times are not a row field');
  });

  it('keeps one call per sample for long runs and when told not to loop', async () => {
    const long = await measure({ run: () => work(1.2), samples: 3 });
    assert.equal(long.calls_per_sample, undefined);
    const once = await measure({ run: () => work(0.01), samples: 3, loop: false });
    assert.equal(once.calls_per_sample, undefined);
    assert.equal(once.samples, 3);
  });

  it('fails when the last run disagrees with the warm-up', async () => {
    let n = 0;
    await assert.rejects(measure({ run: () => n++, check: (v) => (v === 0 ? 'a' : 'b'), samples: 2 }), /checksum b, the warm-up a/);
  });

  const row = (variant, threads, median, checksum = 'x') => ({ scenario: 'threads', kernel: 'blur', elements: 1, variant, threads, median_ms: median, min_ms: median, max_ms: median, samples: 5, checksum });

  it('merges whole runs into the median of their medians, keeping each round', () => {
    const merged = mergeRounds([[row('wasm', 1, 10)], [row('wasm', 1, 30)], [row('wasm', 1, 12)]]);
    assert.equal(merged.length, 1);
    assert.equal(merged[0].median_ms, 12);
    assert.deepEqual(merged[0].round_medians_ms, [10, 30, 12]);
    assert.equal(merged[0].min_ms, 10);
    assert.equal(merged[0].max_ms, 30);
    assert.equal(merged[0].samples, 15);
    assert.throws(() => mergeRounds([[row('wasm', 1, 10, 'a')], [row('wasm', 1, 10, 'b')]]), /checksum b in a later round, a before/);
  });

  it('keeps the calls per sample of a row that loops in some rounds only', () => {
    const looped = { ...row('wasm', 1, 0.5), p50_call_ms: 0.4, p99_call_ms: 0.6, calls_per_sample: 3 };
    const merged = mergeRounds([[row('wasm', 1, 1.1)], [looped], [{ ...looped, calls_per_sample: 2 }]]);
    assert.equal(merged[0].calls_per_sample, 3);
    assert.equal(merged[0].p50_call_ms, 0.4);
  });

  it('marks a goal met only when it holds in every round', () => {
    // Speedup 2.0 in rounds 1 and 3, 1.5 in round 2: the merged median is 2.0, still ✗.
    const rounds = [[row('wasm', 1, 20), row('wasm', 2, 10)], [row('wasm', 1, 15), row('wasm', 2, 10)], [row('wasm', 1, 20), row('wasm', 2, 10)]];
    const line = goalsMarkdown(mergeRounds(rounds), 3).split('\n').find((l) => l.startsWith('| blur'));
    assert.match(line, /\| 2\.00 \(1\.50–2\.00\) ✗ \|/);
    const steady = [[row('wasm', 1, 20), row('wasm', 2, 10)], [row('wasm', 1, 19.5), row('wasm', 2, 10)]];
    assert.match(goalsMarkdown(mergeRounds(steady), 2), /\| 1\.98 \(1\.95–2\.00\) ✓ \|/);
  });
});
