// The demo page: starts an engine, shows its info, runs kernels on a canvas-sized image.
import { createEngine } from '/pkg/engine.js';

const $ = (id) => document.getElementById(id);
const canvas = $('canvas');
const { width, height } = canvas;

// A requestAnimationFrame counter: it would freeze if a kernel ever ran on this thread.
let frames = 0;
(function tick() {
  $('ticker').textContent = String(++frames);
  requestAnimationFrame(tick);
})();

function showInfo(info) {
  $('info').replaceChildren(
    ...Object.entries(info).flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = k;
      dd.textContent = k === 'memoryBytes' ? `${(v / 2 ** 20).toFixed(1)} MiB` : String(v);
      return [dt, dd];
    }),
  );
}

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

/** Copies the RGBA buffer to the canvas. Note: ImageData refuses views of a
 *  SharedArrayBuffer, so threads mode copies with slice() first. */
function draw(image) {
  const pixels = new Uint8ClampedArray(image.view.slice().buffer);
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
}

/** Maps escape values (0 inside the set) to a blue-orange palette. */
function colour(escapes, image) {
  const src = escapes.view;
  const dst = image.view;
  for (let i = 0; i < src.length; i++) {
    const t = src[i] / 255;
    dst[i * 4] = src[i] ? 255 * Math.sqrt(t) : 0;
    dst[i * 4 + 1] = src[i] ? 180 * t : 0;
    dst[i * 4 + 2] = src[i] ? 90 + 120 * (1 - t) : 0;
    dst[i * 4 + 3] = 255;
  }
}

/** Runs one kernel call with a progress bar and a Cancel button, and reports its time. */
async function timed(label, run) {
  status(`${label}…`);
  const controller = new AbortController();
  const options = { signal: controller.signal, onProgress: (f) => ($('progress').value = f) };
  $('cancel').disabled = false;
  $('cancel').onclick = () => controller.abort();
  $('progress').value = 0;
  const start = performance.now();
  try {
    await run(options);
    status(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  } catch (e) {
    status(e.name === 'AbortError' ? `${label}: cancelled` : `${label} failed: ${e.message}`, e.name !== 'AbortError');
  } finally {
    $('cancel').disabled = true;
  }
}

async function main() {
  const engine = await createEngine();
  const escapes = await engine.alloc('u8', width * height);
  const image = await engine.alloc('u8', width * height * 4);
  showInfo(engine.info);

  const render = () =>
    timed('mandelbrot', async (options) => {
      await engine.mandelbrot(escapes, width, height, Number($('iterations').value), options);
      colour(escapes, image);
      draw(image);
    });
  const onImage = (label, run) => () =>
  timed(label, async (options) => {
    await run(options);
    return draw(image);
  });

  $('mandelbrot').onclick = render;
  $('grayscale').onclick = onImage('grayscale', (o) => engine.grayscale(image, width, height, o));
  $('invert').onclick = onImage('invert', (o) => engine.invert(image, width, height, o));
  $('blur').onclick = onImage('gaussian blur', (o) => engine.gaussianBlur(image, width, height, Number($('sigma').value), o));
  for (const b of document.querySelectorAll('button:not(#cancel)')) b.disabled = false;
  await render();
  showInfo(engine.info);
}

main().catch((e) => status(`could not start: ${e.message}`, true));
