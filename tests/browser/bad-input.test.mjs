// Bad input, through the public API, in both modes: each rejects with an error of the right
// class whose message names the argument and the rule; the caller's data is untouched and
// the engine keeps giving right answers afterwards.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBrowser } from './support/harness.mjs';

// The refusals of the Rust boundary, shared with the native test (tests/bad_input.rs).
const SHARED = JSON.parse(readFileSync(new URL('../bad-input.json', import.meta.url), 'utf8'));

/** A shared case's argument as page code: "$img" → b.img, "#NaN" → NaN. */
const jsArg = (a) => (typeof a === 'string' && a[0] === '$' ? `b.${a.slice(1)}` : typeof a === 'string' && a[0] === '#' ? a.slice(1) : JSON.stringify(a));

// [what, code run with (engine, b) in the page, error class, message pattern]: the shared
// cases, then those only the main thread can refuse (or see). b: the shared buffers, plus
// freed (f32, freed) and other (f32 of another engine).
const BAD = [
  ...SHARED.cases.map((c) => [c.what, `engine.${c.kernel}(${c.args.map(jsArg).join(', ')})`, c.error, new RegExp(c.message)]),
  ['element type not a string', 'engine.alloc(7, 4)', 'TypeError', /^type must be one of .* got number$/],
  ['length as a string', "engine.alloc('f32', '10')", 'TypeError', /^length must be a number, got string$/],
  ['plain Float32Array for a buffer', 'engine.sum(new Float32Array(4))', 'TypeError', /^sum: xs must be a buffer from engine\.alloc\(\), got Float32Array$/],
  ['missing buffer', 'engine.sum()', 'TypeError', /^sum: xs must be a buffer from engine\.alloc\(\), got undefined$/],
  ['freed buffer', 'engine.sum(b.freed)', 'Error', /^sum: xs was freed$/],
  ['buffer of another engine', 'engine.sum(b.other)', 'Error', /^sum: xs belongs to another engine$/],
  ['too many arguments', 'engine.sum(b.f32, 1)', 'TypeError', /^sum takes at most 1 arguments, got 2$/],
  ['scale by a string', "engine.scale(b.f32, '2')", 'TypeError', /^scale: alpha must be a number, got string$/],
  ['region not an object', 'engine.mandelbrot(b.out, 32, 32, 100, 5)', 'TypeError', /^mandelbrot: region must be an object/],
  ['missing height', 'engine.histogram(b.img, 16)', 'TypeError', /^histogram: height must be a number, got undefined$/],
  ['zero threads', 'wasmpar.createEngine({ threads: 0 })', 'RangeError', /^options\.threads must be a whole number from 1 to 256, got 0$/],
  ['unknown mode', "wasmpar.createEngine({ mode: 'fast' })", 'TypeError', /^options\.mode must be one of 'auto', 'threads', 'single', got fast$/],
  ['view of a freed buffer', 'b.freed.view', 'Error', /^this f32 buffer was freed$/],
  ['resize filter not a string', 'engine.resize(b.img, 16, 16, b.out, 16, 16, 3)', 'TypeError', /^resize: filter must be a string, got number$/],
  ['flip direction not a string', 'engine.flip(b.img, 16, 16, true)', 'TypeError', /^flip: direction must be a string, got boolean$/],
];

async function runTable(page, mode) {
  return page.evaluate(
    async ({ mode, table, buffers }) => {
      const engine = await wasmpar.createEngine({ mode });
      const other = await wasmpar.createEngine({ mode });
      const fill = async (type, length) => {
        const buf = await engine.alloc(type, length);
        buf.view.forEach((_, i) => { buf.view[i] = (i * 37) % 101; });
        return buf;
      };
      const b = { freed: await fill('f32', 4), other: await other.alloc('f32', 4) };
      for (const [name, [type, length, { nan = [] } = {}]] of Object.entries(buffers)) {
        b[name] = await fill(type, length);
        for (const i of nan) b[name].view[i] = NaN;
      }
      b.freed.free();
      const live = Object.entries(b).filter(([k]) => k !== 'freed' && k !== 'other');
      const snapshot = () => live.map(([k, v]) => `${k}:${checksumBytes(v.view)}`).join(' ');
      const expectedSum = b.f32.view.reduce((s, x) => s + x, 0);
      const results = [];
      for (const [what, code] of table) {
        const before = snapshot();
        let error = null;
        try {
          await new Function('engine', 'b', 'wasmpar', `return (async () => ${code})()`)(engine, b, wasmpar);
        } catch (e) {
          error = { name: e.name, message: e.message, isError: e instanceof Error };
        }
        results.push({ what, error, untouched: snapshot() === before, sumAfter: await engine.sum(b.f32) });
      }
      const info = engine.info;
      await engine.terminate();
      const afterTerminate = await engine.sum(b.f32).catch((e) => e.message);
      await other.terminate();
      return { results, expectedSum, info, afterTerminate };
    },
    { mode, table: BAD.map(([what, code]) => [what, code]), buffers: SHARED.buffers },
  );
}

describe('bad input', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  it(`the table has ${BAD.length} distinct cases`, () => {
    assert.ok(BAD.length >= 30);
    assert.equal(new Set(BAD.map(([, code]) => code)).size, BAD.length);
  });

  for (const [mode, isolated] of [['threads', true], ['single', false]]) {
    it(`${mode} mode: each rejects clearly, leaves data untouched, and the engine keeps working`, async () => {
      const page = await browser.open({ isolated });
      const got = await runTable(page, mode);
      assert.equal(got.info.mode, mode);
      assert.equal(got.info.state, 'ready');
      BAD.forEach(([what, , name, pattern], i) => {
        const r = got.results[i];
        assert.ok(r.error, `${what}: should have failed`);
        assert.ok(r.error.isError, `${what}: should be an Error`);
        assert.equal(r.error.name, name, `${what}: ${r.error.message}`);
        assert.match(r.error.message, pattern, what);
        assert.ok(r.untouched, `${what}: buffers changed`);
        assert.equal(r.sumAfter, got.expectedSum, `${what}: engine answers right afterwards`);
      });
      assert.match(got.afterTerminate, /^wasmpar engine was terminated; create a new one with createEngine\(\)$/);
    });
  }
});
