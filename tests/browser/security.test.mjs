// The dev server serves only its folders, on loopback, with the isolation and nosniff
// headers; the demo and benchmark pages work under a strict Content-Security-Policy.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchBrowser } from '../../scripts/browsers.mjs';
import { DEV_MOUNTS, PEER_CSP, STRICT_CSP, devCsp, startServer } from '../../scripts/serve.mjs';

/** A raw GET: Node's client sends the path exactly as given, `..` and all. */
function get(url, path) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

describe('dev server and page security', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ mounts: DEV_MOUNTS, port: 0, csp: STRICT_CSP });
    browser = await launchBrowser('chromium');
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  it('binds the loopback address by default', () => {
    assert.equal(server.server.address().address, '127.0.0.1');
  });

  for (const path of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/..%2fCargo.toml', '/pkg/../../Cargo.toml',
    '/pkg/%2e%2e%2f%2e%2e%2fCargo.toml', '//etc/passwd', '/%2fetc%2fpasswd', '/vendor/chart.js/../../../Cargo.toml',
    '/.git/config', '/pkg/..%5c..%5cCargo.toml']) {
    it(`never serves a file outside its folders: ${path}`, async () => {
      const res = await get(server.url, path);
      assert.ok([400, 403, 404].includes(res.status), `${path} → ${res.status}`);
      assert.doesNotMatch(res.body, /\[package\]|root:x:0|\[core\]/);
    });
  }

  it('the dev policy loosens only the peer libraries and their worker, never our page or module', () => {
    for (const url of ['/index.html', '/bench.html', '/bench/page.js', '/bench/peers.js', '/pkg/engine.js', '/pkg/threads/wasmpar.js', '/vendor/chart.js/chart.umd.min.js', '/results/latest.json']) {
      assert.equal(devCsp(url), STRICT_CSP, url);
    }
    for (const url of ['/bench/peers/peer.worker.js', '/bench/peers/vips.js', '/vendor/wasm-vips/vips-es6.js', '/vendor/opencv-js/opencv.js']) {
      assert.equal(devCsp(url), PEER_CSP, url);
    }
    assert.doesNotMatch(STRICT_CSP, / 'unsafe-eval'|blob:/);
  });

  it('sends COOP, COEP, nosniff, the CSP and application/wasm', async () => {
    const page = await get(server.url, '/index.html');
    assert.equal(page.status, 200);
    assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(page.headers['cross-origin-embedder-policy'], 'require-corp');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['content-security-policy'], STRICT_CSP);
    const wasm = await get(server.url, '/pkg/threads/wasmpar_bg.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
  });

  for (const [path, ready] of [
    ['/index.html', () => window.demo?.applied >= 1],
    ['/bench.html', () => document.querySelector('#env dd') !== null],
  ]) {
    it(`${path} works under the strict CSP, in threads mode, with no violation`, async () => {
      const page = await browser.newPage();
      const violations = [];
      page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));
      await page.addInitScript(() => {
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(`${server.url}${path}`);
      await page.waitForFunction(ready, null, { timeout: 20000 });
      const got = await page.evaluate(() => ({ violations: window.cspViolations, isolated: crossOriginIsolated, text: document.body.textContent }));
      assert.deepEqual(got.violations, []);
      assert.deepEqual(violations, []);
      assert.equal(got.isolated, true);
      assert.match(got.text, /threads/);
      await page.close();
    });
  }
});
