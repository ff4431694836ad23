// The README's "One example per kernel family" block, run as written on Node (threads
// mode): every call is valid, and the values its comments state are the values it gets.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createEngine } from '../../pkg/node.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### One example per kernel family'));
const example = section.match(/```js\n([\s\S]*?)```/)[1];

describe('README examples', () => {
  let engine;
  before(async () => (engine = await createEngine()));
  after(() => engine.terminate());

  it('run as written and give the values their comments state', async () => {
    const progress = [];
    const log = (message) => progress.push(message);
    // The block declares its own constants; return the ones its comments promise.
    const run = new Function('engine', 'console', `return (async () => {\n${example}\nreturn { total, length, min, maxIndex, keys: [...keys.view], c: c.view, bins, counts, xs: xs.view.slice(0, 3) };\n})();`);
    const got = await run(engine, { log });
    assert.equal(engine.info.mode, 'threads');
    assert.equal(got.total, 500000);
    assert.equal(got.length, 500);
    assert.equal(got.min, 0.5);
    assert.equal(got.maxIndex, 0);
    assert.deepEqual(got.keys, [0, 7, 7, 42, 3000000000]);
    assert.ok(got.c.every((v) => v === 64));
    assert.equal(got.bins.length, 1024);
    assert.equal(got.counts.length, 10);
    assert.deepEqual([...got.xs], [0.5, 1, 1.5]);
    assert.equal(progress.at(-1), '100 %');
  });
});
