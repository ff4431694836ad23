// Bad input, through the public API, in both modes: each rejects with an error of the right
// class whose message names the argument and the rule; the caller's data is untouched and
// the engine keeps giving right answers afterwards.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './support/harness.mjs';

// [what, code run with (engine, b) in the page, error class, message pattern]
// b: img (u8 16x16 RGBA), out (u8 16x16 RGBA), f32/f32b (100), f32short (99), f64 (100),
//    i32 (100), freed (f32, freed), other (f32 of another engine), k4 (4 weights), kNaN
//    (3x3 weights, one NaN)
const BAD = [
  ['unknown element type', "engine.alloc('u16', 4)", 'TypeError', /^type must be one of 'u8', 'u32', 'i32', 'f32', 'f64', got 'u16'$/],
  ['element type not a string', 'engine.alloc(7, 4)', 'TypeError', /^type must be one of .* got number$/],
  ['negative length', "engine.alloc('f32', -1)", 'RangeError', /^length must be between 0 and 2147483647, got -1$/],
  ['fractional length', "engine.alloc('f32', 1.5)", 'TypeError', /^length must be a whole number, got 1.5$/],
  ['NaN length', "engine.alloc('f32', NaN)", 'TypeError', /^length must be a whole number, got NaN$/],
  ['infinite length', "engine.alloc('f32', Infinity)", 'TypeError', /^length must be a whole number, got Infinity$/],
  ['length past the memory maximum', "engine.alloc('f64', 2 ** 30)", 'RangeError', /^length: 1073741824 f64 elements need more than the 2147483648-byte memory maximum$/],
  ['length as a string', "engine.alloc('f32', '10')", 'TypeError', /^length must be a number, got string$/],
  ['image of the wrong type', 'engine.grayscale(b.f32, 5, 5)', 'TypeError', /^image must be a u8 buffer, got a f32 buffer$/],
  ['image length not width*height*4', 'engine.grayscale(b.img, 16, 15)', 'RangeError', /^image: width\*height\*4 = 16\*15\*4 = 960 but the buffer has 1024 elements$/],
  ['grayscale plane output of RGBA size', 'engine.grayscalePlane(b.img, 16, 16, b.out)', 'RangeError', /^output: width\*height = 16\*16 = 256 but the buffer has 1024 elements$/],
  ['grayscale plane output of the wrong type', 'engine.grayscalePlane(b.img, 16, 16, b.f32)', 'TypeError', /^output must be a u8 buffer, got a f32 buffer$/],
  ['zero width', 'engine.grayscale(b.img, 0, 16)', 'RangeError', /^width must be between 1 and 2147483647, got 0$/],
  ['negative width', 'engine.invert(b.img, -16, 16)', 'RangeError', /^width must be between 1 and/],
  ['fractional width', 'engine.invert(b.img, 16.5, 16)', 'TypeError', /^width must be a whole number, got 16.5$/],
  ['NaN height', 'engine.invert(b.img, 16, NaN)', 'TypeError', /^height must be a whole number, got NaN$/],
  ['width past 2^31', 'engine.invert(b.img, 2 ** 31, 1)', 'RangeError', /^width must be between 1 and 2147483647, got 2147483648$/],
  ['width*height*4 overflows', 'engine.invert(b.img, 65536, 65536)', 'RangeError', /^image: width\*height\*4 = 65536\*65536\*4 overflows$/],
  ['sigma 0', 'engine.gaussianBlur(b.img, 16, 16, 0)', 'RangeError', /^sigma must be greater than 0 and at most 20, got 0$/],
  ['sigma over 20', 'engine.gaussianBlur(b.img, 16, 16, 21)', 'RangeError', /^sigma must be .* got 21$/],
  ['sigma NaN', 'engine.gaussianBlur(b.img, 16, 16, NaN)', 'RangeError', /^sigma must be .* got NaN$/],
  ['blur output is the input', 'engine.gaussianBlur(b.img, 16, 16, 2, b.img)', 'Error', /^output must be a different buffer from image$/],
  ['blur output of the wrong type', 'engine.gaussianBlur(b.img, 16, 16, 2, b.f32)', 'TypeError', /^output must be a u8 buffer, got a f32 buffer$/],
  ['dot of bytes', 'engine.dot(b.img, b.out)', 'TypeError', /^a must be a f32 or f64 buffer, got a u8 buffer$/],
  ['plain Float32Array for a buffer', 'engine.sum(new Float32Array(4))', 'TypeError', /^sum: xs must be a buffer from engine\.alloc\(\), got Float32Array$/],
  ['missing buffer', 'engine.sum()', 'TypeError', /^sum: xs must be a buffer from engine\.alloc\(\), got undefined$/],
  ['freed buffer', 'engine.sum(b.freed)', 'Error', /^sum: xs was freed$/],
  ['buffer of another engine', 'engine.sum(b.other)', 'Error', /^sum: xs belongs to another engine$/],
  ['too many arguments', 'engine.sum(b.f32, 1)', 'TypeError', /^sum takes at most 1 arguments, got 2$/],
  ['dot of mixed types', 'engine.dot(b.f32, b.f64)', 'TypeError', /^b must be a f32 buffer, got a f64 buffer$/],
  ['dot of different lengths', 'engine.dot(b.f32, b.f32short)', 'RangeError', /^b must have the length of a \(100\), got 99$/],
  ['NaN alpha', 'engine.axpy(NaN, b.f32, b.f32b)', 'RangeError', /^alpha must be a finite number, got NaN$/],
  ['axpy onto its own input', 'engine.axpy(1, b.f32, b.f32)', 'Error', /^y must be a different buffer from x$/],
  ['scale of integers', 'engine.scale(b.i32, 2)', 'TypeError', /^xs must be a f32 or f64 buffer, got a i32 buffer$/],
  ['scale by a string', "engine.scale(b.f32, '2')", 'TypeError', /^scale: alpha must be a number, got string$/],
  ['zero iterations', 'engine.mandelbrot(b.out, 32, 32, 0)', 'RangeError', /^maxIter must be between 1 and/],
  ['mandelbrot output size', 'engine.mandelbrot(b.out, 16, 16, 100)', 'RangeError', /^output: width\*height = 16\*16 = 256 but the buffer has 1024 elements$/],
  ['f32 plane kernel given RGBA bytes', 'engine.sobelF32(b.img, 16, 16, b.f32)', 'TypeError', /^image must be a f32 buffer, got a u8 buffer$/],
  ['f32 plane length not width*height', 'engine.gaussianBlurF32(b.f32, 10, 9, 1)', 'RangeError', /^image: width\*height = 10\*9 = 90 but the buffer has 100 elements$/],
  ['f32 plane box radius 0', 'engine.boxBlurF32(b.f32, 10, 10, 0)', 'RangeError', /^radius must be between 1 and 1000, got 0$/],
  ['f32 plane blur output is the input', 'engine.boxBlurF32(b.f32, 10, 10, 2, b.f32)', 'Error', /^output must be a different buffer from image$/],
  ['f32 plane NaN convolution weight', 'engine.convolveF32(b.f32, 10, 10, b.kNaN, b.f32b)', 'RangeError', /^kernel weights must be finite, got NaN at index 4$/],
  ['empty region', 'engine.mandelbrot(b.out, 32, 32, 100, { xMin: 1, yMin: 0, xMax: 0, yMax: 1 })', 'RangeError', /^region must have xMin < xMax and yMin < yMax/],
  ['region not an object', 'engine.mandelbrot(b.out, 32, 32, 100, 5)', 'TypeError', /^mandelbrot: region must be an object/],
  ['missing height', 'engine.histogram(b.img, 16)', 'TypeError', /^histogram: height must be a number, got undefined$/],
  ['zero threads', 'wasmpar.createEngine({ threads: 0 })', 'RangeError', /^options\.threads must be a whole number from 1 to 256, got 0$/],
  ['unknown mode', "wasmpar.createEngine({ mode: 'fast' })", 'TypeError', /^options\.mode must be one of 'auto', 'threads', 'single', got fast$/],
  ['view of a freed buffer', 'b.freed.view', 'Error', /^this f32 buffer was freed$/],
  ['even-sized convolution kernel', 'engine.convolve(b.img, 16, 16, b.k4, b.out)', 'RangeError', /^kernel must hold size\*size weights for an odd size from 1 to 15, got 4 weights$/],
  ['non-square convolution kernel', 'engine.convolve(b.img, 16, 16, b.f32short, b.out)', 'RangeError', /^kernel must hold size\*size weights .* got 99 weights$/],
  ['NaN convolution weight', 'engine.convolve(b.img, 16, 16, b.kNaN, b.out)', 'RangeError', /^kernel weights must be finite, got NaN at index 4$/],
  ['convolution kernel of bytes', 'engine.convolve(b.img, 16, 16, b.img, b.out)', 'TypeError', /^kernel must be a f32 buffer, got a u8 buffer$/],
  ['resize to zero width', 'engine.resize(b.img, 16, 16, b.out, 0, 16)', 'RangeError', /^outWidth must be between 1 and/],
  ['resize output of the wrong size', 'engine.resize(b.img, 16, 16, b.out, 8, 8)', 'RangeError', /^output: width\*height\*4 = 8\*8\*4 = 256 but the buffer has 1024 elements$/],
  ['unknown resize filter', "engine.resize(b.img, 16, 16, b.out, 16, 16, 'cubic')", 'TypeError', /^filter must be 'bilinear', 'area' or 'lanczos3', got 'cubic'$/],
  ['resize filter not a string', 'engine.resize(b.img, 16, 16, b.out, 16, 16, 3)', 'TypeError', /^resize: filter must be a string, got number$/],
  ['histogram with 0 bins', 'engine.histogramValues(b.f32, 0, 0, 1)', 'RangeError', /^bins must be between 1 and/],
  ['histogram with min ≥ max', 'engine.histogramValues(b.f32, 10, 1, 1)', 'RangeError', /^min must be less than max, got 1 and 1$/],
  ['box blur radius 0', 'engine.boxBlur(b.img, 16, 16, 0)', 'RangeError', /^radius must be between 1 and 1000, got 0$/],
  ['unknown flip direction', "engine.flip(b.img, 16, 16, 'diagonal')", 'TypeError', /^direction must be 'horizontal' or 'vertical', got 'diagonal'$/],
  ['flip direction not a string', 'engine.flip(b.img, 16, 16, true)', 'TypeError', /^flip: direction must be a string, got boolean$/],
  ['threshold level 256', 'engine.threshold(b.img, 16, 16, 256)', 'RangeError', /^level must be between 0 and 255, got 256$/],
  ['contrast below 0', 'engine.brightnessContrast(b.img, 16, 16, 0, -1)', 'RangeError', /^contrast must be between 0 and 100, got -1$/],
  ['sobel output is the input', 'engine.sobel(b.img, 16, 16, b.img)', 'Error', /^output must be a different buffer from image$/],
  ['matmul shapes that do not fit', 'engine.matmul(b.f32, b.f32b, b.f32short, 10, 10, 10)', 'RangeError', /^c must hold m\*n = 10\*10 elements, got 99$/],
  ['matmul output is an input', 'engine.matmul(b.f32, b.f32b, b.f32, 10, 10, 10)', 'Error', /^c must be a different buffer from a and b$/],
  ['transpose of mixed types', 'engine.transpose(b.f32, b.f64, 10, 10)', 'TypeError', /^dst must be a f32 buffer, got a f64 buffer$/],
  ['prefix sum of bytes', 'engine.prefixSum(b.img)', 'TypeError', /^xs must be a f32 or f64 buffer, got a u8 buffer$/],
];

async function runTable(page, mode) {
  return page.evaluate(
    async ({ mode, table }) => {
      const engine = await wasmpar.createEngine({ mode });
      const other = await wasmpar.createEngine({ mode });
      const fill = async (type, length) => {
        const buf = await engine.alloc(type, length);
        buf.view.forEach((_, i) => { buf.view[i] = (i * 37) % 101; });
        return buf;
      };
      const b = {
        img: await fill('u8', 16 * 16 * 4),
        out: await fill('u8', 16 * 16 * 4),
        f32: await fill('f32', 100),
        f32b: await fill('f32', 100),
        f32short: await fill('f32', 99),
        f64: await fill('f64', 100),
        i32: await fill('i32', 100),
        freed: await fill('f32', 4),
        other: await other.alloc('f32', 4),
        k4: await fill('f32', 4),
        kNaN: await fill('f32', 9),
      };
      b.kNaN.view[4] = NaN;
      b.freed.free();
      const live = Object.entries(b).filter(([k]) => k !== 'freed' && k !== 'other');
      const snapshot = () => live.map(([k, v]) => `${k}:${checksumBytes(v.view)}`).join(' ');
      const expectedSum = b.f32.view.reduce((s, x) => s + x, 0);
      const results = [];
      for (const [what, code] of table) {
        const before = snapshot();
        let error = null;
        try {
          await new Function('engine', 'b', 'wasmpar', `return (async () => ${code})()`)(engine, b, wasmpar);
        } catch (e) {
          error = { name: e.name, message: e.message, isError: e instanceof Error };
        }
        results.push({ what, error, untouched: snapshot() === before, sumAfter: await engine.sum(b.f32) });
      }
      const info = engine.info;
      await engine.terminate();
      const afterTerminate = await engine.sum(b.f32).catch((e) => e.message);
      await other.terminate();
      return { results, expectedSum, info, afterTerminate };
    },
    { mode, table: BAD.map(([what, code]) => [what, code]) },
  );
}

describe('bad input', () => {
  let browser;
  before(async () => (browser = await startBrowser()));
  after(() => browser.close());

  it(`the table has ${BAD.length} distinct cases`, () => {
    assert.ok(BAD.length >= 30);
    assert.equal(new Set(BAD.map(([, code]) => code)).size, BAD.length);
  });

  for (const [mode, isolated] of [['threads', true], ['single', false]]) {
    it(`${mode} mode: each rejects clearly, leaves data untouched, and the engine keeps working`, async () => {
      const page = await browser.open({ isolated });
      const got = await runTable(page, mode);
      assert.equal(got.info.mode, mode);
      assert.equal(got.info.state, 'ready');
      BAD.forEach(([what, , name, pattern], i) => {
        const r = got.results[i];
        assert.ok(r.error, `${what}: should have failed`);
        assert.ok(r.error.isError, `${what}: should be an Error`);
        assert.equal(r.error.name, name, `${what}: ${r.error.message}`);
        assert.match(r.error.message, pattern, what);
        assert.ok(r.untouched, `${what}: buffers changed`);
        assert.equal(r.sumAfter, got.expectedSum, `${what}: engine answers right afterwards`);
      });
      assert.match(got.afterTerminate, /^wasmpar engine was terminated; create a new one with createEngine\(\)$/);
    });
  }
});
