// Launches the browsers these machines have: Debian's Chromium through playwright-core
// (playwright's own browser download fails here) and Debian's firefox-esr through
// puppeteer-core over WebDriver BiDi (playwright cannot drive a stock Firefox). Both return
// a browser whose newPage() pages share the calls our tests and runner use: goto, evaluate,
// waitForFunction, on('console' | 'pageerror').

export const BROWSERS = ['chromium', 'firefox'];

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches `name` headless with a fresh temporary profile (both drivers make one per launch).
 * `extraArgs` go to Chromium only (e.g. --js-flags=--expose-gc).
 */
export async function launchBrowser(name = 'chromium', { extraArgs = [] } = {}) {
  if (name === 'chromium') {
    const { chromium } = await import('playwright-core');
    return chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_FLAGS, ...extraArgs],
    });
  }
  if (name === 'firefox') {
    const { default: puppeteer } = await import('puppeteer-core');
    return puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
      headless: true,
      protocol: 'webDriverBiDi',
    });
  }
  throw new Error(`browser must be one of ${BROWSERS.join(', ')}, got ${JSON.stringify(name)}`);
}
