// A Vite app consumes wasmpar as a user would: `npm install` of the packed tarball (not a
// path alias), `import { createEngine } from 'wasmpar'`, the COOP/COEP headers as its only
// configuration. In Vite's dev server and in its production build (served by `vite preview`),
// gaussianBlur in threads mode gives the bytes native Rust gives.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';
import { launchBrowser } from '../../scripts/browsers.mjs';
import { checksumBytes } from '../../www/bench/checksum.js';
import '../node/bench-paths.mjs';

// Imported after the hook above is registered (static imports would be linked before it).
const { byteInput } = await import('../browser/fixtures/cases.js');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const native = JSON.parse(readFileSync(path.join(ROOT, 'target/native-checksums.json'), 'utf8'));
const blurCase = JSON.parse(readFileSync(path.join(ROOT, 'tests/cases.json'), 'utf8')).cases.find((c) => c.name === 'gaussian-blur');
// Its arguments: ['$image', width, height, sigma].
const [, width, height, sigma] = blurCase.args;

// The case's RGBA image, by the fixture's formula (the one examples/native_checksums.rs
// mirrors; every case's checksum would differ if the two drifted apart).
const pixels = Array.from({ length: width * height * 4 }, (_, i) => byteInput(i, blurCase.buffers.image[2]));

/** Packs pkg/ and installs the tarball into a copy of the app; returns the app's folder. */
function installApp(work) {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: path.join(ROOT, 'pkg'), encoding: 'utf8' }));
  const app = path.join(work, 'app');
  cpSync(path.join(ROOT, 'tests/vite/app'), app, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', path.join(work, packed.filename)], { cwd: app, stdio: 'ignore' });
  return app;
}

describe('a Vite app using the packed module', () => {
  let work;
  let app;
  let browser;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'wasmpar-vite-'));
    app = installApp(work);
    browser = await launchBrowser('chromium');
  });
  after(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Opens `url`, blurs the case's image there: threads mode, no failed request, native bytes. */
  async function expectNativeBlurAt(url) {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // Every request the app makes must succeed (the browser's own favicon probe aside).
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`));
    try {
      await page.goto(url);
      await page.waitForFunction(() => window.appReady === true);
      const { output, info } = await page.evaluate(
        ({ pixels, width, height, sigma }) => window.blurImage(pixels, width, height, sigma),
        { pixels, width, height, sigma },
      );
      assert.deepEqual(problems, []);
      assert.equal(info.mode, 'threads');
      assert.equal(checksumBytes(Uint8Array.from(output)), native['gaussian-blur']);
    } finally {
      await page.close();
    }
  }

  it('installs from the tarball as a dependency, not a link', () => {
    const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8'));
    assert.match(manifest.dependencies.wasmpar, /^file:.*wasmpar-[\d.]+\.tgz$/);
    assert.ok(readdirSync(path.join(app, 'node_modules/wasmpar/threads')).includes('wasmpar_bg.wasm'));
  });

  it('dev server: threads mode, the native result', async () => {
    const server = await createServer({ root: app, logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
    try {
      await server.listen();
      await expectNativeBlurAt(server.resolvedUrls.local[0]);
    } finally {
      await server.close();
    }
  });

  it('production build served by vite preview: threads mode, the native result', async () => {
    await build({ root: app, logLevel: 'silent' });
    const assets = readdirSync(path.join(app, 'dist/assets'));
    assert.ok(assets.some((f) => f.endsWith('.wasm')), `the build emits the wasm files: ${assets.join(', ')}`);
    const server = await preview({ root: app, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0 } });
    try {
      await expectNativeBlurAt(server.resolvedUrls.local[0]);
    } finally {
      await server.close();
    }
  });
});
