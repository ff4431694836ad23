// The shipped modules after wasm-opt: each at most half the size of the unoptimised builds
// (1.11 MB each at commit bb3568f), and the threads build still imports one shared memory (an optimiser that
// rewrote the memory would give a module that loads and then cannot start threads). That
// both optimised builds compute what native does is the checksum tests' job.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PKG = new URL('../../pkg/', import.meta.url);
// 570 000 since the per-tap-count copies of the resampler and the integer convolution (+9 KB).
const MAX_BYTES = 570_000;

/** An unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** The memory imports of a module: { module, name, shared, maximum } each. */
function memoryImports(bytes) {
  const found = [];
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    if (id === 2) {
      let [count, p] = leb(bytes, body);
      const text = () => {
        const [n, start] = leb(bytes, p);
        p = start + n;
        return new TextDecoder().decode(bytes.subarray(start, p));
      };
      while (count--) {
        const module = text();
        const name = text();
        const kind = bytes[p++];
        if (kind === 0x00) [, p] = leb(bytes, p); // function: type index
        else if (kind === 0x01) { p++; const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); } // table
        else if (kind === 0x02) {
          const flags = bytes[p++];
          [, p] = leb(bytes, p);
          let maximum = null;
          if (flags & 1) [maximum, p] = leb(bytes, p);
          found.push({ module, name, shared: (flags & 2) !== 0, maximum });
        } else if (kind === 0x03) p += 2; // global: type and mutability
        else throw new Error(`import kind ${kind} not handled`);
      }
    }
    at = body + size;
  }
  return found;
}

describe('the shipped .wasm modules', () => {
  for (const build of ['threads', 'single']) {
    it(`${build}: optimised to at most ${MAX_BYTES} bytes`, () => {
      const size = readFileSync(new URL(`${build}/wasmpar_bg.wasm`, PKG)).length;
      assert.ok(size <= MAX_BYTES, `${build} is ${size} bytes`);
    });
  }

  it('threads: still imports one shared memory with the 2 GiB maximum', () => {
    const memories = memoryImports(readFileSync(new URL('threads/wasmpar_bg.wasm', PKG)));
    assert.equal(memories.length, 1, JSON.stringify(memories));
    assert.equal(memories[0].shared, true);
    assert.equal(memories[0].maximum, 2 ** 31 / 65536);
  });

  it('single: has its own, unshared memory', () => {
    assert.deepEqual(memoryImports(readFileSync(new URL('single/wasmpar_bg.wasm', PKG))), []);
  });
});
