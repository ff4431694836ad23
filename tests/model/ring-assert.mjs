// The assertions on ringChecks' results (ring-checks.mjs), shared by the browser and Node tests.

import assert from 'node:assert/strict';

const LABELS = [
  'scale',
  'run',
  'scale again',
  'sum',
  'minMax (an object: by message)',
  'histogram (an array: by message)',
  'refused by Rust',
  'flip (a string argument)',
  'a string too long for a slot',
  'alloc',
  'dot',
];

/** `ring` and `posted`: ringChecks with callPath 'ring' and 'postMessage'. */
export function assertSameAsPosted(ring, posted) {
  assert.equal(ring.callPath, 'ring');
  assert.equal(posted.callPath, 'postMessage');
  for (const r of [ring, posted]) {
    assert.deepEqual(r.mixed.order, LABELS, `${r.callPath}: calls settle in the order they were made`);
    assert.equal(r.mixed.yRight, true, `${r.callPath}: ring calls and a posted run between them ran in order`);
    assert.equal(typeof r.mixed.results[3].value, 'number');
    assert.equal(r.mixed.results[6].error, 'TypeError: output must be a u8 buffer, got a f32 buffer');
    assert.match(r.mixed.results[8].error, /filter/);
    assert.deepEqual(r.overflow, { inOrder: true, sums: [10], last: 1 });
    assert.match(r.abort.aborted.error, /^AbortError/);
    assert.equal(r.abort.untouched, 1, 'the aborted call wrote nothing');
    assert.deepEqual(r.abort.after, [4]);
    assert.deepEqual(r.idle, [6, 6, 6]);
  }
  // Bit for bit the same values and errors on both paths.
  assert.deepEqual(ring.mixed, posted.mixed);
  assert.equal(typeof ring.mixed.results[4].value?.min, 'number');
  assert.equal(ring.mixed.results[5].value.length, 1024);
}
