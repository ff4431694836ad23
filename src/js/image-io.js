// Images in and out of an engine's buffers: every image source a web app has, into an RGBA
// `u8` buffer; a buffer out to ImageData, onto a canvas, or encoded as a Blob. Main-thread
// JavaScript, because the sources (elements, bitmaps, frames) live here and the browser
// decodes and draws them; wasm has nothing to add to a copy. docs/IMAGES.md counts the
// copies of each path.

import { describe } from './describe.js';

const is = (value, name) => typeof globalThis[name] === 'function' && value instanceof globalThis[name];

/** The pixel size of a source, by the property each kind has. */
function sourceSize(source) {
  if (is(source, 'HTMLImageElement')) return [source.naturalWidth, source.naturalHeight];
  if (is(source, 'HTMLVideoElement')) return [source.videoWidth, source.videoHeight];
  if (is(source, 'VideoFrame')) return [source.displayWidth, source.displayHeight];
  return [source.width, source.height];
}

const DRAWABLE = ['ImageBitmap', 'HTMLImageElement', 'HTMLCanvasElement', 'OffscreenCanvas', 'HTMLVideoElement', 'VideoFrame', 'SVGImageElement'];
const KINDS = "an ImageData, ImageBitmap, HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, HTMLVideoElement, VideoFrame, Blob or File";

/** A 2D context on a reusable OffscreenCanvas of at least `width × height`, for reading pixels back. */
let scratch = null;
function scratchContext(width, height) {
  if (typeof OffscreenCanvas !== 'function') throw new Error('imageFrom: this environment has no OffscreenCanvas to draw the source with');
  if (!scratch || scratch.canvas.width !== width || scratch.canvas.height !== height) {
    scratch = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  }
  scratch.clearRect(0, 0, width, height);
  return scratch;
}

/** `into` if it fits `width × height` RGBA, else a new buffer; checked before anything is read. */
async function target(engine, into, width, height) {
  const length = width * height * 4;
  if (into === undefined) return engine.alloc('u8', length);
  if (into?.type !== 'u8' || typeof into.byteLength !== 'number') throw new TypeError(`imageFrom: options.into must be a u8 buffer from engine.alloc(), got ${describe(into)}`);
  if (!into._belongsTo(engine)) throw new Error('imageFrom: options.into belongs to another engine');
  if (into.byteLength !== length) {
    throw new RangeError(`imageFrom: options.into must hold width*height*4 = ${width}*${height}*4 = ${length} bytes, got ${into.byteLength}`);
  }
  return into;
}

/**
 * Reads `source` into an RGBA `u8` buffer (`options.into`, or a new one): `{ image, width,
 * height }`. A Blob or File is decoded with createImageBitmap; a VideoFrame in an RGBA
 * format is copied straight into the buffer; everything else is drawn onto a canvas and read
 * back (sRGB, not premultiplied, as getImageData gives it).
 */
export async function imageFrom(engine, source, options = {}) {
  if (is(source, 'Blob')) {
    const bitmap = await createImageBitmap(source).catch((e) => {
      throw new Error(`imageFrom: source could not be decoded as an image (${e.message})`);
    });
    try {
      return await imageFrom(engine, bitmap, options);
    } finally {
      bitmap.close();
    }
  }
  const isImageData = is(source, 'ImageData');
  if (!isImageData && !DRAWABLE.some((name) => is(source, name))) throw new TypeError(`imageFrom: source must be ${KINDS}, got ${describe(source)}`);
  const [width, height] = sourceSize(source);
  if (!(width > 0 && height > 0)) {
    throw new RangeError(`imageFrom: source has no pixels yet (${width}×${height}): wait for an image's load or a video's loadeddata`);
  }
  const image = await target(engine, options.into, width, height);
  if (isImageData) {
    image.view.set(source.data);
  } else if (is(source, 'VideoFrame') && ['RGBA', 'RGBX'].includes(source.format) && source.visibleRect.width === width && source.visibleRect.height === height) {
    // Straight into the buffer, no canvas: `copyTo` accepts a view of shared memory.
    await source.copyTo(image.view, { rect: source.visibleRect, layout: [{ offset: 0, stride: width * 4 }] });
    if (source.format === 'RGBX') for (let i = 3; i < image.view.length; i += 4) image.view[i] = 255;
  } else {
    const context = scratchContext(width, height);
    context.drawImage(source, 0, 0, width, height);
    image.view.set(context.getImageData(0, 0, width, height).data);
  }
  return { image, width, height };
}

export function checkImage(what, image, width, height) {
  if (image?.type !== 'u8' || typeof image.byteLength !== 'number') throw new TypeError(`${what}: image must be a u8 buffer from engine.alloc(), got ${describe(image)}`);
  for (const [name, v] of [['width', width], ['height', height]]) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what}: ${name} must be a whole number of at least 1, got ${String(v)}`);
  }
  if (image.byteLength !== width * height * 4) {
    throw new RangeError(`${what}: image: width*height*4 = ${width}*${height}*4 = ${width * height * 4} but the buffer has ${image.byteLength} elements`);
  }
}

/**
 * A copy of the buffer as an ImageData. The copy is forced: ImageData refuses a view of
 * shared memory (threads mode), and in single mode the buffer's memory moves to the worker
 * on the next call.
 */
export function toImageData(image, width, height) {
  checkImage('toImageData', image, width, height);
  return new ImageData(new Uint8ClampedArray(image.view), width, height);
}

/** Draws the buffer onto a 2D canvas (an HTMLCanvasElement or OffscreenCanvas, or its 2D context) at (x, y). */
export function drawImage(image, width, height, canvas, x = 0, y = 0) {
  checkImage('drawImage', image, width, height);
  const context = typeof canvas?.putImageData === 'function' ? canvas : canvas?.getContext?.('2d');
  if (!context) throw new TypeError(`drawImage: canvas must be a canvas with a 2D context (or that context), got ${describe(canvas)}`);
  context.putImageData(toImageData(image, width, height), x, y);
}

/** Encodes the buffer as an image file: `type` 'image/png' (default), 'image/jpeg' or 'image/webp', `quality` 0 to 1. */
export async function toBlob(image, width, height, { type = 'image/png', quality } = {}) {
  checkImage('toBlob', image, width, height);
  if (typeof OffscreenCanvas !== 'function') throw new Error('toBlob: this environment has no OffscreenCanvas to encode with');
  const canvas = new OffscreenCanvas(width, height);
  drawImage(image, width, height, canvas);
  return canvas.convertToBlob({ type, quality });
}

/** A canvas handed to the engine worker by engine.attachCanvas(); drawTo() draws on it there. */
export class CanvasTarget {
  #engine;

  /** @internal Use engine.attachCanvas(). */
  constructor(engine, id) {
    this.#engine = engine;
    this.id = id;
  }

  /** @internal */
  _belongsTo(engine) {
    return this.#engine === engine;
  }
}

/** The OffscreenCanvas to hand over: `canvas` itself, or an element's, whose control moves. */
export function offscreenOf(canvas) {
  if (is(canvas, 'OffscreenCanvas')) return canvas;
  if (is(canvas, 'HTMLCanvasElement')) {
    try {
      return canvas.transferControlToOffscreen();
    } catch (e) {
      throw new Error(`attachCanvas: canvas cannot be handed over (${e.message}); a canvas that already has a context, or was handed over before, cannot`);
    }
  }
  throw new TypeError(`attachCanvas: canvas must be an HTMLCanvasElement or OffscreenCanvas, got ${describe(canvas)}`);
}
