// One declaration per kernel: the `kernels!` list in src/boundary/exports.rs writes each wasm
// wrapper and the module's `kernelTable()`. Three files repeat it by hand (the main thread's
// `KERNELS`, the TypeScript methods, the checksum cases); this test fails when any of them,
// or the module's own exports, is not the same set with the same parameters.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KERNELS } from '../../src/js/kernels.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, ROOT));

/** The exports of the engine's wasm API that are not kernels: buffers, call state, the pool. */
const INFRASTRUCTURE = new Set([
  'alloc', 'free', 'checkAlloc', 'beginCall', 'endCall', 'controlLayout', 'kernelTable', 'wasmMemory',
  'threadCount', 'isThreadsBuild', 'isSimdBuild', 'poolPrepare', 'poolBuild', 'poolWorkerRun', 'compiledModule',
]);
/** Engine methods that are not kernels: buffers, image I/O, the engine's life. */
const NOT_KERNELS = new Set(['alloc', 'terminate', 'imageFrom', 'toImageData', 'drawImage', 'toBlob', 'attachCanvas', 'drawTo', 'pipeline']);
/** Kernels with no checksum case, and why. */
const NO_CASE = { noop: 'returns nothing and writes nothing: the calls benchmark and the dispatch tests use it' };

/** The kernel table and the export names of a build in pkg/ or pkg-bench/. */
async function build(dir, name) {
  const bytes = read(`${dir}/${name}/wasmpar_bg.wasm`);
  const glue = await import(new URL(`${dir}/${name}/wasmpar.js`, ROOT));
  if (name === 'single') glue.initSync({ module: bytes });
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
  // The threads build needs a worker to start; its table is read from the single build's
  // source of truth (the same macro) and its exports from the bytes.
  return { table: name === 'single' ? JSON.parse(glue.kernelTable()) : null, exports };
}

const kernelExports = (exports) => exports.filter((n) => !n.startsWith('__') && n !== 'memory' && !INFRASTRUCTURE.has(n)).sort();

/** Method name → parameter names (without `options`) of the Engine interface in engine.d.ts. */
function declaredMethods() {
  const source = read('src/js/engine.d.ts').toString();
  const start = source.indexOf('export interface Engine {');
  const body = source.slice(start, source.indexOf('\n}\n', start));
  const methods = {};
  for (const [, name, params] of body.matchAll(/^ {2}(\w+)(?:<[^(]*>)?\(([^)]*)\): Promise/gm)) {
    if (NOT_KERNELS.has(name)) continue;
    methods[name] = params ? params.split(/,\s*(?![^<]*>)/).map((p) => p.split(/\??:/)[0].trim()).filter((p) => p !== 'options') : [];
  }
  return methods;
}

describe('one declaration per kernel', () => {
  const names = Object.keys(KERNELS).sort();

  it('the package module declares exactly the kernels of KERNELS, with the same parameters, and exports nothing else', async () => {
    const single = await build('pkg', 'single');
    assert.deepEqual(single.table, KERNELS);
    assert.deepEqual(kernelExports(single.exports), names);
    const threads = await build('pkg', 'threads');
    assert.deepEqual(kernelExports(threads.exports), names);
  });

  it('engine.d.ts declares one method per kernel, with the parameter names of KERNELS', () => {
    const methods = declaredMethods();
    assert.deepEqual(Object.keys(methods).sort(), names);
    for (const name of names) {
      assert.deepEqual(methods[name], KERNELS[name].map((spec) => spec.split(':')[0]), `${name}'s parameters`);
    }
  });

  it('tests/cases.json has a checksum case for every kernel, and none for a kernel that does not exist', () => {
    const cased = new Set(JSON.parse(read('tests/cases.json')).cases.map((c) => c.kernel));
    assert.deepEqual([...cased].filter((k) => !(k in KERNELS)), []);
    assert.deepEqual(names.filter((k) => !cased.has(k) && !(k in NO_CASE)), []);
  });

  it('the test build adds its test kernels and the benchmark hooks, and the package has none of them', async () => {
    const bench = await build('pkg-bench', 'single');
    assert.deepEqual(Object.keys(bench.table).filter((k) => !(k in KERNELS)), ['debugTrap', 'benchPoolJoin']);
    const hooks = (exports) => exports.filter((n) => /^(bench|debug)/.test(n) || ['liveBuffers', 'reverseString'].includes(n));
    assert.ok(hooks(bench.exports).length >= 10, `the test build has its hooks: ${hooks(bench.exports)}`);
    for (const name of ['threads', 'single']) {
      const { exports } = await build('pkg', name);
      assert.deepEqual(hooks(exports), [], `pkg/${name} has no benchmark or test exports`);
      const types = read(`pkg/${name}/wasmpar.d.ts`).toString();
      assert.doesNotMatch(types, /\b(bench\w*|debugTrap|liveBuffers|reverseString)\b/, `pkg/${name}/wasmpar.d.ts`);
    }
    assert.doesNotMatch(read('pkg/engine.d.ts').toString() + read('pkg/engine.js') + read('pkg/protocol.js'), /debugTrap|liveBuffers/);
  });
});
