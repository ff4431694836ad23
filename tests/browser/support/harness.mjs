// Starts the dev server (isolated and not) and Debian's Chromium through playwright-core,
// and opens the fixture page whose window exposes wasmpar and the case runner.

import { chromium } from 'playwright-core';
import { startServer } from '../../../scripts/serve.mjs';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // window.gc(), so the load tests can compare heap sizes after a collection.
  '--js-flags=--expose-gc',
];

const MOUNTS = { '/': 'tests/browser/fixtures', '/pkg/': 'pkg', '/cases/': 'tests', '/bench/': 'www/bench' };

/**
 * Starts servers and a browser. Returns { open(isolated) → page, close() }.
 * Playwright gives every launch a fresh temporary profile (--user-data-dir).
 */
export async function startBrowser() {
  const isolated = await startServer({ mounts: MOUNTS, port: 0, isolated: true });
  const plain = await startServer({ mounts: MOUNTS, port: 0, isolated: false });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const pages = [];
  return {
    /** Opens the fixture page; `isolated` picks the server with COOP/COEP. */
    async open({ isolated: iso = true } = {}) {
      const page = await browser.newPage();
      pages.push(page);
      page.consoleMessages = [];
      page.on('console', (m) => page.consoleMessages.push({ type: m.type(), text: m.text() }));
      page.on('pageerror', (e) => page.consoleMessages.push({ type: 'pageerror', text: e.message }));
      await page.goto(`${(iso ? isolated : plain).url}/index.html`);
      await page.waitForFunction(() => window.fixtureReady === true);
      return page;
    },
    /** Dedicated workers alive in the browser (nested ones included), via CDP. */
    async workerCount(page) {
      const cdp = await page.context().newCDPSession(page);
      const { targetInfos } = await cdp.send('Target.getTargets');
      await cdp.detach();
      return targetInfos.filter((t) => t.type === 'worker').length;
    },
    async close() {
      await browser.close();
      await isolated.close();
      await plain.close();
    },
  };
}
