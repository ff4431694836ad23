// The command ring on Node.js: the same checks as in the browsers, and an idle engine that
// burns no core (it blocks on the doorbell, then leaves it to Atomics.waitAsync).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../pkg/node.js';
import { badCallPath, ringChecks } from '../model/ring-checks.mjs';
import { assertSameAsPosted } from '../model/ring-assert.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('command ring (Node.js)', () => {
  it('gives what postMessage gives, in call order, past a full ring, an abort and an idle engine', async () => {
    assertSameAsPosted(await ringChecks(createEngine, 'ring'), await ringChecks(createEngine, 'postMessage'));
  });

  it('refuses a call path that is not one, by name', async () => {
    assert.equal(await badCallPath(createEngine), "TypeError: options.callPath must be one of 'ring', 'postMessage', got pigeon");
  });

  it('an engine idle after a burst of calls uses almost no CPU', async () => {
    const engine = await createEngine();
    try {
      assert.equal(engine.info.callPath, 'ring');
      const xs = await engine.alloc('f32', 16);
      for (let i = 0; i < 2000; i++) await engine.sum(xs);
      await sleep(100); // past the hot period
      const before = process.cpuUsage();
      await sleep(600);
      const { user, system } = process.cpuUsage(before);
      // A spinning engine worker would use ~600 ms of CPU here.
      assert.ok((user + system) / 1000 < 120, `used ${(user + system) / 1000} ms of CPU in 600 ms idle`);
      assert.equal(await engine.sum(xs), 0);
    } finally {
      await engine.terminate();
    }
  });
});
