// Starts the dev server (isolated and not) and a headless browser (Chromium unless told),
// and opens the fixture page whose window exposes wasmpar and the case runner.

import { launchBrowser } from '../../../scripts/browsers.mjs';
import { startServer } from '../../../scripts/serve.mjs';

// window.gc(), so the load tests can compare heap sizes after a collection.
const CHROMIUM_EXTRA_FLAGS = ['--js-flags=--expose-gc'];

const MOUNTS = { '/': 'tests/browser/fixtures', '/pkg/': 'pkg', '/pkg-bench/': 'pkg-bench', '/cases/': 'tests', '/bench/': 'www/bench' };

/**
 * Starts servers and a browser ('chromium' or 'firefox'). Returns { open(isolated) → page,
 * workerCount(page) (Chromium only), closePages(), close() }.
 */
export async function startBrowser(name = 'chromium') {
  const isolated = await startServer({ mounts: MOUNTS, port: 0, isolated: true });
  const plain = await startServer({ mounts: MOUNTS, port: 0, isolated: false });
  const browser = await launchBrowser(name, { extraArgs: CHROMIUM_EXTRA_FLAGS });
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
    /** Closes every page opened so far (their workers then leave the browser). */
    async closePages() {
      await Promise.all(pages.splice(0).map((p) => p.close()));
    },
    async close() {
      await browser.close();
      await isolated.close();
      await plain.close();
    },
  };
}

/** For page.evaluate: tests/model/abort-sequence.mjs in the page (tests/ is served at /cases/). */
export const abortSequence = async (mode) =>
  (await import('/cases/model/abort-sequence.mjs')).abortThenAlloc(wasmpar.createEngine, mode);

/** For page.evaluate: tests/model/engine-model.mjs in the page, with its options. */
export const modelRun = async (options) =>
  (await import('/cases/model/engine-model.mjs')).runModel(wasmpar.createEngine, options);
