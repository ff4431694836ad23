// A consumer app as a user would write it: wasmpar installed from its npm tarball, imported
// by package name, one engine for the page, kernels awaited off the main thread.
import { createEngine } from 'wasmpar';

const enginePromise = createEngine();

/** Blurs RGBA `pixels` (width × height) with wasmpar and returns the blurred bytes. */
async function blur(pixels, width, height, sigma) {
  const engine = await enginePromise;
  const image = await engine.alloc('u8', pixels.length);
  try {
    image.view.set(pixels);
    await engine.gaussianBlur(image, width, height, sigma);
    return Uint8ClampedArray.from(image.view);
  } finally {
    image.free();
  }
}

function show(canvas, pixels, width, height) {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
}

/** Blurs the given image, draws before and after, and returns the result and the engine info. */
window.blurImage = async (pixels, width, height, sigma) => {
  const input = Uint8ClampedArray.from(pixels);
  const output = await blur(input, width, height, sigma);
  show(document.getElementById('before'), input, width, height);
  show(document.getElementById('after'), output, width, height);
  const { info } = await enginePromise;
  document.getElementById('status').textContent = `blurred in ${info.mode} mode on ${info.threads} threads`;
  return { output: Array.from(output), info };
};

enginePromise.then(
  () => (window.appReady = true),
  (e) => (document.getElementById('status').textContent = `wasmpar failed to start: ${e.message}`),
);
