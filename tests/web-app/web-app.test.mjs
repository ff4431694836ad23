// The Rust developer's own wasm app (examples/web-app): our kernels as a dependency with our
// wasm API off, wasm-bindgen-rayon's pool, web-sys's canvas. Built by `make web-app`. In
// headless Chromium it draws its test image, filters the canvas in parallel, and the
// canvas's pixels must equal the same chain run natively; its module exports none of the
// npm engine's functions.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../../scripts/browsers.mjs';
import { startServer } from '../../scripts/serve.mjs';

const ROOT = new URL('../../', import.meta.url);
const APP_WASM = new URL('target/web-app/pkg/wasmpar_web_app_bg.wasm', ROOT);
const ENGINE_WASM = new URL('pkg/threads/wasmpar_bg.wasm', ROOT);

/** The chain's checksum on the test image of this size, natively. */
function nativeChecksum(width, height) {
  const args = ['run', '--quiet', '--release', '--manifest-path', 'examples/web-app/Cargo.toml', '--target-dir', 'target/web-app-native', '--bin', 'checksum', '--', String(width), String(height)];
  return execFileSync('cargo', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

const exportNames = (url) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(url))).map((e) => e.name);

describe('the wasm-bindgen-rayon + web-sys example app', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ mounts: { '/': 'examples/web-app/www', '/pkg/': 'target/web-app/pkg' }, port: 0 });
    browser = await launchBrowser('chromium');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query) {
    const page = await browser.newPage();
    const messages = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}/index.html?${query}`);
    const result = await page.evaluate(() => window.result);
    await page.close();
    return { result, messages };
  }

  for (const [width, height, threads] of [[301, 217, 2], [1, 1, 2], [640, 360, 1]]) {
    it(`filters a ${width}×${height} canvas on ${threads} threads exactly as native Rust does`, async () => {
      const { result, messages } = await open(`width=${width}&height=${height}&threads=${threads}`);
      assert.equal(result.error, undefined, `${result.error}\n${messages.join('\n')}`);
      assert.equal(result.isolated, true);
      assert.deepEqual([result.width, result.height, result.threads], [width, height, threads]);
      assert.equal(result.checksum, nativeChecksum(width, height));
      assert.ok(!messages.some((m) => m.startsWith('pageerror') || m.startsWith('error')), messages.join('\n'));
    });
  }

  it("exports none of the npm engine's functions: our wasm API is off", () => {
    const app = exportNames(APP_WASM);
    for (const name of ['filterCanvas', 'drawTestImage', 'initThreadPool']) assert.ok(app.includes(name), `${name} in ${app}`);
    // What both modules export but the linker or wasm-bindgen's own glue (names from __, TLS).
    const ours = new Set(exportNames(ENGINE_WASM).filter((n) => !n.startsWith('__') && n !== 'memory'));
    assert.ok(ours.has('gaussianBlur') && ours.has('alloc'), 'the engine exports its kernels');
    assert.deepEqual(app.filter((n) => ours.has(n)), []);
  });
});
