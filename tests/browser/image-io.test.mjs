// Image I/O in Chromium and Firefox, in both modes: every kind of source gives the pixels
// of the reference path (draw it on a canvas, getImageData); every output draws what the
// buffer holds; a reused buffer is filled in place; bad sources and sizes are refused by
// name and leave the buffer as it was.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBrowser } from './support/harness.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const README_EXAMPLE = readme.slice(readme.indexOf('### Images in a page')).match(/```js\n([\s\S]*?)```/)[1];

/** In the page: the README's example on a 64×48 canvas, drawn onto another. */
async function readmeExample(code) {
  const engine = await wasmpar.createEngine();
  const source = document.createElement('canvas');
  [source.width, source.height] = [64, 48];
  const g = source.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 64, 48);
  g.fillStyle = '#c02';
  g.fillRect(16, 12, 32, 24);
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [64, 48];
  const run = new Function('engine', 'source', 'canvas', `return (async () => { ${code}; return { image, width, height, png }; })()`);
  const { image, width, height, png } = await run(engine, source, canvas);
  const drawn = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const out = { width, height, pngType: png.type, drawnIsBuffer: drawn.every((v, i) => v === image.view[i]), blurred: image.view[(24 * 64 + 16) * 4 + 1] };
  await engine.terminate();
  return out;
}

/** In the page: reads each source kind and compares it with the reference path. */
async function roundTrips(mode) {
  const engine = await wasmpar.createEngine({ mode });
  const [W, H] = [37, 23]; // odd sizes, so no row happens to be a multiple of anything
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [W, H];
  const pattern = new ImageData(W, H);
  pattern.data.forEach((_, i) => {
    const p = i >> 2;
    pattern.data[i] = i % 4 === 3 ? 255 : ((p % W) * 7 + Math.floor(p / W) * 11 + (i % 4) * 60) % 256; // opaque, so no premultiplication
  });
  canvas.getContext('2d').putImageData(pattern, 0, 0);
  const reference = (source) => {
    const g = new OffscreenCanvas(W, H).getContext('2d', { willReadFrequently: true });
    g.drawImage(source, 0, 0);
    return g.getImageData(0, 0, W, H).data;
  };
  const differing = (a, b) => a.reduce((n, v, i) => n + (v !== b[i]), 0) + Math.abs(a.length - b.length);

  const offscreen = new OffscreenCanvas(W, H);
  offscreen.getContext('2d').drawImage(canvas, 0, 0);
  const blob = await offscreen.convertToBlob({ type: 'image/png' });
  const img = new Image();
  img.src = URL.createObjectURL(blob);
  await img.decode();
  const bitmap = await createImageBitmap(canvas);
  const frame = new VideoFrame(canvas, { timestamp: 0 });
  // An RGBA frame takes the direct path (copyTo into the buffer); a canvas's is BGRA here.
  const rgbaFrame = new VideoFrame(pattern.data, { format: 'RGBA', codedWidth: W, codedHeight: H, timestamp: 0 });
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = canvas.captureStream();
  // A captured canvas sends a frame when it is drawn: redraw the same pixels until one shows.
  const redraw = setInterval(() => canvas.getContext('2d').putImageData(pattern, 0, 0), 20);
  await video.play();
  await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
  clearInterval(redraw);

  const sources = {
    ImageData: [pattern, pattern.data],
    HTMLCanvasElement: [canvas, reference(canvas)],
    OffscreenCanvas: [offscreen, reference(offscreen)],
    ImageBitmap: [bitmap, reference(bitmap)],
    HTMLImageElement: [img, reference(img)],
    Blob: [blob, reference(await createImageBitmap(blob))],
    File: [new File([blob], 'pattern.png', { type: 'image/png' }), reference(img)],
    VideoFrame: [frame, reference(frame)],
    'VideoFrame in RGBA': [rgbaFrame, reference(rgbaFrame)],
    HTMLVideoElement: [video, reference(video)],
  };
  const out = { mode: engine.info.mode, inputs: {}, formats: [frame.format, rgbaFrame.format] };
  for (const [kind, [source, want]] of Object.entries(sources)) {
    const { image, width, height } = await engine.imageFrom(source);
    out.inputs[kind] = { width, height, differing: differing(image.view, want), matchesPattern: differing(image.view, pattern.data) === 0 };
    image.free();
  }

  // Outputs: what the buffer holds, after a kernel has run on it.
  const { image } = await engine.imageFrom(canvas);
  await engine.invert(image, W, H);
  const held = image.view.slice();
  const target = document.createElement('canvas');
  [target.width, target.height] = [W + 5, H + 5];
  engine.drawImage(image, W, H, target, 5, 5);
  const drawn = target.getContext('2d').getImageData(5, 5, W, H).data;
  const offTarget = new OffscreenCanvas(W, H);
  engine.drawImage(image, W, H, offTarget.getContext('2d'));
  const png = await engine.toBlob(image, W, H);
  const jpeg = await engine.toBlob(image, W, H, { type: 'image/jpeg', quality: 0.9 });
  out.outputs = {
    imageData: differing(engine.toImageData(image, W, H).data, held),
    canvas: differing(drawn, held),
    offscreen: differing(offTarget.getContext('2d').getImageData(0, 0, W, H).data, held),
    png: differing(reference(await createImageBitmap(png)), held),
    pngType: png.type,
    jpegType: jpeg.type,
  };

  // A buffer reused for the next frame; bad sources and sizes refused, the buffer kept.
  const reused = await engine.imageFrom(frame, { into: image });
  out.reused = reused.image === image && differing(image.view, reference(frame)) === 0;
  const before = image.view.slice();
  const refusal = (p) => p.then(() => 'accepted', (e) => `${e.name}: ${e.message}`);
  const small = await engine.alloc('u8', 16);
  out.refusals = {
    wrongSize: await refusal(engine.imageFrom(canvas, { into: small })),
    notAnImage: await refusal(engine.imageFrom({ width: 3, height: 3 })),
    notLoaded: await refusal(engine.imageFrom(new Image())),
    badBlob: await refusal(engine.imageFrom(new Blob(['not an image']))),
    badDraw: await refusal(Promise.resolve().then(() => engine.drawImage(image, W, H + 1, target))),
  };
  out.untouched = differing(image.view, before) === 0;
  out.sumAfter = await engine.sum(image);
  out.sumExpected = image.view.reduce((s, v) => s + v, 0);
  frame.close();
  rgbaFrame.close();
  await engine.terminate();
  return out;
}

/** In the page: a canvas handed to the engine, drawn on in its worker, read back from the page. */
async function drawsInTheWorker(mode) {
  const engine = await wasmpar.createEngine({ mode });
  const [W, H] = [29, 17];
  const image = await engine.alloc('u8', W * H * 4);
  image.view.forEach((_, i, v) => { v[i] = i % 4 === 3 ? 255 : (i * 37 + (i >> 5)) & 255; });
  const element = document.createElement('canvas');
  document.body.append(element);
  const target = await engine.attachCanvas(element);
  await engine.drawTo(target, image, W, H);
  // The element shows the worker's frame once the browser has presented it: poll.
  const reader = new OffscreenCanvas(W, H).getContext('2d', { willReadFrequently: true });
  let differing = -1;
  for (let tries = 0; tries < 100 && differing !== 0; tries++) {
    await new Promise((r) => requestAnimationFrame(r));
    if (element.width !== W || element.height !== H) continue;
    reader.clearRect(0, 0, W, H);
    reader.drawImage(element, 0, 0);
    const got = reader.getImageData(0, 0, W, H).data;
    differing = got.reduce((n, v, i) => n + (v !== image.view[i]), 0);
  }
  const offscreen = await engine.attachCanvas(new OffscreenCanvas(4, 4));
  const refused = async (f) => f().then(() => null, (e) => `${e.name}: ${e.message}`);
  const out = {
    size: [element.width, element.height],
    differing,
    offscreenDrawn: await engine.drawTo(offscreen, image, W, H).then(() => true),
    twice: await refused(() => engine.attachCanvas(element)),
    notCanvas: await refused(() => engine.attachCanvas({})),
    wrongSize: await refused(() => engine.drawTo(target, image, W, H + 1)),
    notTarget: await refused(() => engine.drawTo(element, image, W, H)),
  };
  out.sum = await engine.sum(image); // the engine keeps working, and the buffer is back (single mode)
  out.expected = image.view.reduce((a, v) => a + v, 0);
  await engine.terminate();
  return out;
}

for (const browserName of ['chromium', 'firefox']) {
  describe(`image I/O in ${browserName}`, () => {
    let browser;
    before(async () => (browser = await startBrowser(browserName)));
    after(() => browser.close());

    it("runs the README's image example as written", async () => {
      const page = await browser.open({ isolated: true });
      const got = await page.evaluate(readmeExample, README_EXAMPLE);
      assert.deepEqual([got.width, got.height, got.pngType, got.drawnIsBuffer], [64, 48, 'image/png', true]);
      assert.ok(got.blurred > 0 && got.blurred < 255, `the edge is blurred: green ${got.blurred} at the rectangle's corner`);
    });

    for (const [mode, isolated] of [['threads', true], ['single', false]]) {
      it(`${mode} mode: each source kind reads as the reference path does, and each output draws the buffer`, async () => {
        const page = await browser.open({ isolated });
        const got = await page.evaluate(roundTrips, mode);
        assert.equal(got.mode, mode);
        for (const [kind, r] of Object.entries(got.inputs)) {
          assert.deepEqual([r.width, r.height], [37, 23], kind);
          assert.equal(r.differing, 0, `${kind}: ${r.differing} bytes differ from the reference path`);
        }
        // Lossless sources are the pattern itself (a video goes through a video encoder).
        assert.equal(got.formats[1], 'RGBA');
        for (const kind of ['ImageData', 'HTMLCanvasElement', 'OffscreenCanvas', 'ImageBitmap', 'HTMLImageElement', 'Blob', 'File', 'VideoFrame in RGBA']) {
          assert.ok(got.inputs[kind].matchesPattern, `${kind} is the pattern`);
        }
        assert.deepEqual(got.outputs, { imageData: 0, canvas: 0, offscreen: 0, png: 0, pngType: 'image/png', jpegType: 'image/jpeg' });
        assert.ok(got.reused, 'options.into is filled and returned');
        assert.match(got.refusals.wrongSize, /^RangeError: imageFrom: options\.into must hold width\*height\*4 = 37\*23\*4 = 3404 bytes, got 16$/);
        assert.match(got.refusals.notAnImage, /^TypeError: imageFrom: source must be an ImageData, .* got Object$/);
        assert.match(got.refusals.notLoaded, /^RangeError: imageFrom: source has no pixels yet \(0×0\)/);
        assert.match(got.refusals.badBlob, /^Error: imageFrom: source could not be decoded as an image/);
        assert.match(got.refusals.badDraw, /^RangeError: drawImage: image: width\*height\*4 = 37\*24\*4 = 3552 but the buffer has 3404 elements$/);
        assert.ok(got.untouched, 'a refused call leaves the buffer as it was');
        assert.equal(got.sumAfter, got.sumExpected, 'the engine keeps working');
      });

      it(`${mode} mode: a canvas handed to the engine is drawn on in its worker, and refusals name the rule`, async () => {
        const page = await browser.open({ isolated });
        const got = await page.evaluate(drawsInTheWorker, mode);
        assert.deepEqual(got.size, [29, 17]);
        assert.equal(got.differing, 0, 'the element shows the buffer');
        assert.equal(got.offscreenDrawn, true);
        assert.match(got.twice, /^Error: attachCanvas: canvas cannot be handed over/);
        assert.equal(got.notCanvas, 'TypeError: attachCanvas: canvas must be an HTMLCanvasElement or OffscreenCanvas, got Object');
        assert.equal(got.wrongSize, 'RangeError: drawTo: image: width*height*4 = 29*18*4 = 2088 but the buffer has 1972 elements');
        assert.match(got.notTarget, /^TypeError: drawTo: target must be a canvas from this engine's attachCanvas\(\), got /);
        assert.equal(got.sum, got.expected);
      });
    }
  });
}
