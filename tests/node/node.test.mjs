// Node.js 20: `import { createEngine } from 'wasmpar'` in a plain Node script (the package's
// "node" export) runs every case of tests/cases.json on worker_threads, in threads mode over
// shared memory and in single mode, and gives the native checksum, like the browsers do; bad
// input gets the same errors; terminate() lets Node exit.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import './bench-paths.mjs';

// Imported after the hook above is registered (static imports would be linked before it).
const { runCase } = await import('../browser/fixtures/cases.js');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const native = JSON.parse(readFileSync(path.join(ROOT, 'target/native-checksums.json'), 'utf8'));
const { cases } = JSON.parse(readFileSync(path.join(ROOT, 'tests/cases.json'), 'utf8'));

describe('Node.js', () => {
  let work;
  let wasmpar;
  before(async () => {
    // A consumer folder whose node_modules/wasmpar is pkg/, so the bare name resolves
    // through the package's exports map as it would after npm install.
    work = mkdtempSync(path.join(tmpdir(), 'wasmpar-node-'));
    mkdirSync(path.join(work, 'node_modules'));
    symlinkSync(path.join(ROOT, 'pkg'), path.join(work, 'node_modules/wasmpar'), 'dir');
    writeFileSync(path.join(work, 'consumer.mjs'), "export * from 'wasmpar';\n");
    wasmpar = await import(path.join(work, 'consumer.mjs'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("'wasmpar' resolves to the Node entry point", () => {
    const resolved = execFileSync('node', ['--input-type=module', '-e', "console.log(import.meta.resolve('wasmpar'))"], { cwd: work, encoding: 'utf8' });
    assert.match(resolved.trim(), /\/node\.js$/);
  });

  for (const mode of ['threads', 'single']) {
    it(`${mode} mode gives the native checksum for all ${cases.length} cases`, async () => {
      const engine = await wasmpar.createEngine({ mode });
      try {
        assert.equal(engine.info.mode, mode);
        if (mode === 'threads') {
          assert.equal(engine.info.threads, availableParallelism());
          assert.equal(engine.info.sharedMemory, true);
          assert.match(engine.info.reason, /Node\.js worker_threads share memory/);
        }
        for (const c of cases) assert.equal(await runCase(engine, c), native[c.name], `${mode}: ${c.name}`);
      } finally {
        await engine.terminate();
      }
    });
  }

  it('threads mode: a buffer is a view of the shared memory, not a copy', async () => {
    const engine = await wasmpar.createEngine();
    try {
      const xs = await engine.alloc('f32', 5);
      assert.ok(xs.view.buffer instanceof SharedArrayBuffer);
      xs.view.set([1, 2, 3, 4, 5]);
      await engine.scale(xs, 2);
      assert.deepEqual([...xs.view], [2, 4, 6, 8, 10]);
    } finally {
      await engine.terminate();
    }
  });

  it('rejects bad input with the browser errors and keeps working', async () => {
    const engine = await wasmpar.createEngine();
    try {
      const xs = await engine.alloc('f32', 3);
      xs.view.set([1, 2, 3]);
      await assert.rejects(engine.scale(xs, Number.NaN), { name: 'RangeError', message: /alpha.*finite/ });
      assert.deepEqual([...xs.view], [1, 2, 3]);
      assert.equal(await engine.sum(xs), 6);
    } finally {
      await engine.terminate();
    }
  });

  it('a script that terminates its engine exits on its own', () => {
    const script = "import { createEngine } from 'wasmpar'; const e = await createEngine(); const b = await e.alloc('u8', 4); await e.invert(b, 1, 1); console.log(b.view.join(',')); await e.terminate();";
    const out = execFileSync('node', ['--input-type=module', '-e', script], { cwd: work, encoding: 'utf8', timeout: 20000 });
    assert.equal(out.trim(), '255,255,255,0');
  });
});
