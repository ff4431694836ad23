// The npm package as `npm pack` would ship it: the files a consumer needs, an exports map
// whose targets exist, types, and nothing of the development tree.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const PKG = new URL('../../pkg/', import.meta.url);

describe('the npm package (pkg/)', () => {
  const manifest = JSON.parse(readFileSync(new URL('package.json', PKG), 'utf8'));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: PKG, encoding: 'utf8' }));
  const files = new Set(packed.files.map((f) => f.path));

  it('is an ES module package with types and no side effects', () => {
    assert.equal(manifest.name, 'wasmpar');
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.types, './engine.d.ts');
    assert.equal(manifest.sideEffects, false);
  });

  it('ships the engine, its workers, both builds, the types, the vendored detector and its licence, README and LICENSE', () => {
    for (const f of ['engine.js', 'engine.worker.js', 'pool.js', 'pool.worker.js', 'kernels.js', 'protocol.js', 'replies.js', 'describe.js', 'image-io.js', 'pipeline.js', 'ring.js', 'next-task.js', 'engine.d.ts',
      'vendor/wasm-feature-detect.js', 'vendor/wasm-feature-detect.LICENSE', 'README.md', 'LICENSE', 'threads/wasmpar.js', 'threads/wasmpar_bg.wasm', 'single/wasmpar.js', 'single/wasmpar_bg.wasm', 'package.json']) {
      assert.ok(files.has(f), `${f} is packed`);
    }
    assert.ok(![...files].some((f) => /(^|\/)(src|tests|target|node_modules)\//.test(f)), [...files].join(', '));
  });

  it('every export target exists', () => {
    const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    for (const t of targets) assert.ok(existsSync(new URL(t, PKG)), t);
  });
});
