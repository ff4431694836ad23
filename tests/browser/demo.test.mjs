// The demo page (www/index.html), as a visitor uses it, in headless Chromium under the strict
// CSP: it filters the test image through the default chain, a filter added with the builder
// runs and reports its time, a dropped image file is opened and filtered at its own size, and
// live mode filters frames of the moving test pattern (canvas.captureStream into a <video>)
// and reports a frame rate while the main thread keeps ticking.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../../scripts/browsers.mjs';
import { DEV_MOUNTS, STRICT_CSP, startServer } from '../../scripts/serve.mjs';

/**
 * In the page: the two canvases' sizes, and how many bytes of R, G, B differ between them,
 * once the engine worker's frame is shown (it reaches the page a frame or two after drawTo).
 */
async function pictures() {
  for (let tries = 0; tries < 60; tries++) {
    const got = comparePictures();
    if (got.nonBlank > 0 && got.size.join() === got.beforeSize.join()) return got;
    await new Promise((r) => requestAnimationFrame(r));
  }
  return comparePictures();
}

function comparePictures() {
  // The after canvas belongs to the engine worker (attachCanvas): read it by drawing it.
  const read = (id) => {
    const c = document.getElementById(id);
    const g = new OffscreenCanvas(c.width, c.height).getContext('2d', { willReadFrequently: true });
    g.drawImage(c, 0, 0);
    return { w: c.width, h: c.height, data: g.getImageData(0, 0, c.width, c.height).data };
  };
  const [b, a] = [read('before'), read('canvas')];
  let differ = 0;
  let nonBlank = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue;
    if (a.data[i] !== b.data[i]) differ++;
    if (a.data[i] !== 0) nonBlank++;
  }
  return { size: [a.w, a.h], beforeSize: [b.w, b.h], differ, nonBlank };
}

/** Both helpers as page source: pictures() calls comparePictures(). */
const PICTURES = `(() => { ${comparePictures}; return (${pictures})(); })()`;

describe('demo page in chromium', () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer({ mounts: DEV_MOUNTS, port: 0, csp: STRICT_CSP });
    browser = await launchBrowser('chromium');
    page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.demo?.applied >= 1, null, { timeout: 30000 });
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  it('filters the test image through the default chain (blur, Sobel), with each step timed', async () => {
    const got = await page.evaluate(PICTURES);
    assert.deepEqual(got.size, [960, 640]);
    assert.ok(got.nonBlank > 0 && got.differ > 0, JSON.stringify(got));
    const ms = await page.$$eval('#steps .ms', (spans) => spans.map((s) => s.textContent));
    assert.equal(ms.length, 2);
    for (const m of ms) assert.match(m, /^\d+\.\d ms$/);
    assert.match(await page.textContent('#status'), /^2 steps on 960×640: [\d.]+ ms$/);
  });

  it('adds a filter from the builder and runs the longer chain', async () => {
    const applied = await page.evaluate(() => window.demo.applied);
    await page.selectOption('#add-filter', 'invert');
    await page.click('#add');
    await page.waitForFunction((n) => window.demo.applied > n, applied);
    assert.equal(await page.$$eval('#steps li', (li) => li.length), 3);
    assert.match(await page.textContent('#status'), /^3 steps on 960×640/);
    assert.equal((await page.evaluate(() => window.demo.lastStepMs)).length, 3);
  });

  it('opens a dropped image file at its own size', async () => {
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(123, 77);
      const g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 123, 77);
      g.fillStyle = '#08c';
      g.fillRect(30, 20, 60, 30);
      const blob = await c.convertToBlob({ type: 'image/png' });
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
      document.getElementById('pictures').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.getElementById('canvas').width === 123 && /on 123×77/.test(document.getElementById('status').textContent));
    const got = await page.evaluate(PICTURES);
    assert.deepEqual([got.size, got.beforeSize], [[123, 77], [123, 77]]);
    assert.ok(got.differ > 0, 'the filtered picture differs from the dropped one');
  });

  it('filters live video frames of the moving pattern and reports a frame rate, the page still ticking', async () => {
    await page.uncheck('#camera'); // headless has no camera; the pattern is what a visitor without one sees
    const ticks = await page.evaluate(() => window.demo.ticks());
    await page.click('#live');
    await page.waitForFunction(() => window.demo.frames >= 20 && window.demo.fps > 0, null, { timeout: 30000 });
    const got = await page.evaluate(() => ({ kind: window.demo.liveKind, fps: window.demo.fps, frames: window.demo.frames, ticks: window.demo.ticks(), text: document.getElementById('fps').textContent }));
    assert.equal(got.kind, 'pattern');
    assert.ok(got.fps > 1, `frames per second: ${got.fps}`);
    assert.ok(got.ticks - ticks > 20, `the main thread ticked ${got.ticks - ticks} times during live mode`);
    assert.match(got.text, /^pattern, 640×360: [\d.]+ frames\/s; per step \(ms\): gaussianBlur [\d.]+, sobel [\d.]+, invert [\d.]+$/);
    const pics = await page.evaluate(PICTURES);
    assert.deepEqual(pics.size, [640, 360]);
    assert.ok(pics.differ > 0, 'the after picture is filtered');
    await page.click('#live');
    assert.equal(await page.textContent('#live'), 'Live video');
    console.log(`live demo: ${got.fps.toFixed(1)} frames/s over ${got.frames} frames`);
  });
});
