// What a competent web developer would write instead of us: plain JavaScript versions of
// the kernels with the bounds hoisted out of inner loops, padded rows instead of clamped
// taps, `Uint32Array` pixel views, several accumulators, scratch buffers kept between calls
// and typed arrays throughout. Most compute the same bits as the Rust kernel. The Gaussian
// blur and the convolution accumulate in f64, as JS does by itself; their outputs differ
// from ours by at most 1 in a few pixels, and the benchmark reports the largest difference
// against the exact forms (`…Exact`), whose checksums match wasm's: the blur's is our
// fixed-point arithmetic in integers, the convolution's f32 through `Math.fround` (one f64
// operation rounded to f32 is exactly the f32 operation; forcing f32 that way in the timed
// form took V8 2-2.6× longer).
//
// Every image kernel is a pass over a band of rows `[y0, y1)`, so the same code runs on one
// thread (`y0 = 0, y1 = height`) and in plain Workers over one SharedArrayBuffer
// (js-workers.js), with the chunking the Rust kernels use.

const f = Math.fround;

/** A scratch typed array kept between calls (grown when too small). */
const scratch = new Map();
function keep(name, Type, length) {
  let a = scratch.get(name);
  if (!a || a.length < length || !(a instanceof Type)) {
    a = new Type(length);
    scratch.set(name, a);
  }
  return a.length === length ? a : a.subarray(0, length);
}

/** Same formula as src/kernels/numeric/mandelbrot.rs (f64 throughout, as JS is). */
export function mandelbrotRows(out, width, height, maxIter, y0 = 0, y1 = height) {
  const [xMin, yMin, xMax, yMax] = [-2.5, -1.25, 1, 1.25];
  for (let py = y0; py < y1; py++) {
    const cy = yMin + ((yMax - yMin) * (py + 0.5)) / height;
    const row = py * width;
    for (let px = 0; px < width; px++) {
      const cx = xMin + ((xMax - xMin) * (px + 0.5)) / width;
      let x = 0;
      let y = 0;
      let value = 0;
      for (let n = 0; n < maxIter; n++) {
        const xx = x * x;
        const yy = y * y;
        if (xx + yy > 4) {
          value = 1 + Math.floor((254 * n) / maxIter);
          break;
        }
        y = 2 * x * y + cy;
        x = xx - yy + cx;
      }
      out[row + px] = value;
    }
  }
}

export function gaussianWeights(sigma) {
  const radius = Math.ceil(3 * sigma);
  const raw = [];
  for (let k = -radius; k <= radius; k++) raw.push(Math.exp(-(k * k) / (2 * sigma * sigma)));
  const total = raw.reduce((a, b) => a + b, 0);
  return Float32Array.from(raw, (w) => w / total);
}

/** Row `base` of `src` with r edge pixels repeated on each side, so tap loops need no clamping. */
function padRow(src, padded, base, width, r) {
  for (let x = -r; x < width + r; x++) {
    const s = base + Math.min(width - 1, Math.max(0, x)) * 4;
    const d = (x + r) * 4;
    padded[d] = src[s];
    padded[d + 1] = src[s + 1];
    padded[d + 2] = src[s + 2];
    padded[d + 3] = src[s + 3];
  }
}

/** Horizontal pass of the Gaussian blur: rows y0..y1 of `src` → sums in `tmp` (f32). */
export function gaussianRows(src, tmp, width, weights, y0, y1, padded = new Float32Array((width + weights.length) * 4)) {
  const taps = weights.length;
  const r = (taps - 1) / 2;
  const rowLen = width * 4;
  for (let y = y0; y < y1; y++) {
    const base = y * rowLen;
    padRow(src, padded, base, width, r);
    for (let x = 0; x < width; x++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = 0, p = x * 4; k < taps; k++, p += 4) {
        const w = weights[k];
        a0 += w * padded[p];
        a1 += w * padded[p + 1];
        a2 += w * padded[p + 2];
        a3 += w * padded[p + 3];
      }
      const o = base + x * 4;
      tmp[o] = a0;
      tmp[o + 1] = a1;
      tmp[o + 2] = a2;
      tmp[o + 3] = a3;
    }
  }
}

/**
 * Vertical pass: rows y0..y1 of `out`. Each pixel's four sums stay in locals across the taps,
 * reading the taps' rows through offsets clamped once per row (summing into a row of f64
 * sums instead loaded and stored that row once per tap: 1.5× slower in Chromium 156).
 * f64 sums, rounded half up.
 */
export function gaussianColumns(tmp, out, width, height, weights, y0, y1, offsets = new Int32Array(weights.length)) {
  const taps = weights.length;
  const r = (taps - 1) / 2;
  const rowLen = width * 4;
  for (let y = y0; y < y1; y++) {
    for (let k = 0; k < taps; k++) offsets[k] = Math.min(height - 1, Math.max(0, y + k - r)) * rowLen;
    const o = y * rowLen;
    for (let i = 0; i < rowLen; i += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = 0; k < taps; k++) {
        const p = offsets[k] + i;
        const w = weights[k];
        a0 += w * tmp[p];
        a1 += w * tmp[p + 1];
        a2 += w * tmp[p + 2];
        a3 += w * tmp[p + 3];
      }
      // A Uint8Array store truncates: (v + 0.5), at most 255 here, truncated is round half up.
      out[o + i] = Math.min(255, a0 + 0.5);
      out[o + i + 1] = Math.min(255, a1 + 0.5);
      out[o + i + 2] = Math.min(255, a2 + 0.5);
      out[o + i + 3] = Math.min(255, a3 + 0.5);
    }
  }
}

/** Separable Gaussian blur with clamped edges into `out` (f64 sums: within 1 of ours). */
export function gaussianBlur(src, out, width, height, sigma) {
  const weights = gaussianWeights(sigma);
  const tmp = keep('blur', Float32Array, width * height * 4);
  gaussianRows(src, tmp, width, weights, 0, height, keep('padded', Float32Array, (width + weights.length) * 4));
  gaussianColumns(tmp, out, width, height, weights, 0, height, keep('blurRows', Int32Array, weights.length));
}

/**
 * The Gaussian's weights in 2^-14 units as our fixed-point blur makes them (up to 31 taps;
 * src/kernels/image/fixed.rs, `quantize_mirrored`): the centre and one side's f64 weights
 * scaled and rounded down, an odd missing unit to the centre, the rest in twos to the
 * distances that lost the most (ties nearer the centre first), so they stay mirrored and
 * sum to exactly 2^14.
 */
export function fixedGaussianWeights(sigma) {
  const radius = Math.ceil(3 * Math.fround(sigma));
  const denom = 2 * Math.fround(sigma) * Math.fround(sigma);
  const raw = [];
  for (let k = -radius; k <= radius; k++) raw.push(Math.exp(-(k * k) / denom));
  const total = raw.reduce((t, w) => t + w, 0);
  const scaled = raw.slice(radius).map((w) => (w / total) * 16384);
  const q = scaled.map(Math.floor);
  let missing = 16384 - q[0] - 2 * q.slice(1).reduce((t, v) => t + v, 0);
  if (missing % 2 === 1) {
    q[0]++;
    missing--;
  }
  const lost = (k) => scaled[k] - Math.floor(scaled[k]);
  const order = scaled.map((_, k) => k).slice(1).sort((a, b) => lost(b) - lost(a));
  for (let i = 0; i < Math.max(0, missing) / 2; i++) q[order[i]]++;
  return Int32Array.from([...q.slice(1).reverse(), ...q]);
}

/**
 * Our fixed-point Gaussian blur in plain integers (src/kernels/image/blur_fixed.rs): rows in
 * 2^-7 units, `(2^6 + Σ w·p) >> 7`; then `(2^20 + Σ w·row) >> 21`, clamped. The same bits
 * as ours, for the exactness check; σ up to 5.
 */
export function gaussianBlurExact(src, out, width, height, sigma) {
  const w = fixedGaussianWeights(sigma);
  const taps = w.length;
  const r = (taps - 1) / 2;
  const rowLen = width * 4;
  const mid = new Int32Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let acc = 64;
        for (let k = 0; k < taps; k++) {
          const sx = Math.min(width - 1, Math.max(0, x + k - r));
          acc += w[k] * src[y * rowLen + sx * 4 + c];
        }
        mid[y * rowLen + x * 4 + c] = acc >> 7;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < rowLen; i++) {
      let acc = 1 << 20;
      for (let k = 0; k < taps; k++) acc += w[k] * mid[Math.min(height - 1, Math.max(0, y + k - r)) * rowLen + i];
      out[y * rowLen + i] = Math.max(0, Math.min(255, acc >> 21));
    }
  }
}

/** Sums with 8 f32 lanes per chunk of 16 384, chunk sums added in f64: the kernel's bits. */
export function sum(xs) {
  return chunkSums(xs, 0, xs.length).reduce((total, s) => total + s, 0);
}

export const SUM_CHUNK = 16384;

/** The f64 sums of the chunks of xs[from..to) (`from` a multiple of SUM_CHUNK). */
export function chunkSums(xs, from, to) {
  const sums = [];
  for (let c = from; c < to; c += SUM_CHUNK) sums.push(chunkSum(xs, c, Math.min(to, c + SUM_CHUNK)));
  return sums;
}

export function chunkSum(xs, start, end) {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  const whole = start + (((end - start) >> 3) << 3);
  let i = start;
  for (; i < whole; i += 8) {
    s0 = f(s0 + xs[i]);
    s1 = f(s1 + xs[i + 1]);
    s2 = f(s2 + xs[i + 2]);
    s3 = f(s3 + xs[i + 3]);
    s4 = f(s4 + xs[i + 4]);
    s5 = f(s5 + xs[i + 5]);
    s6 = f(s6 + xs[i + 6]);
    s7 = f(s7 + xs[i + 7]);
  }
  let total = s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
  for (; i < end; i++) total += xs[i];
  return total;
}

/** BT.601 luma in R, G, B, alpha kept: one 32-bit load and store per pixel. */
export function grayscaleRows(rgba, width, y0, y1) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
  for (let i = y0 * width, end = y1 * width; i < end; i++) {
    const p = px[i];
    const y = (77 * (p & 255) + 150 * ((p >>> 8) & 255) + 29 * ((p >>> 16) & 255) + 128) >>> 8;
    px[i] = (p & 0xff000000) | (y << 16) | (y << 8) | y;
  }
}

export function grayscale(rgba) {
  grayscaleRows(rgba, rgba.length >> 2, 0, 1);
}

/** BT.601 luma of each RGBA pixel into `out`, one byte per pixel (OpenCV's RGBA2GRAY). */
export function grayscalePlane(rgba, out) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
  for (let i = 0; i < px.length; i++) {
    const p = px[i];
    out[i] = (77 * (p & 255) + 150 * ((p >>> 8) & 255) + 29 * ((p >>> 16) & 255) + 128) >>> 8;
  }
}

/** Box blur, horizontal running sums of rows y0..y1 into `sums` (u32, edges clamped). */
export function boxRows(src, sums, width, r, y0, y1) {
  const rowLen = width * 4;
  for (let y = y0; y < y1; y++) {
    const base = y * rowLen;
    const last = base + rowLen - 4;
    for (let c = 0; c < 4; c++) {
      let acc = 0;
      for (let x = -r; x <= r; x++) acc += src[base + Math.min(width - 1, Math.max(0, x)) * 4 + c];
      // The window enters at x + r + 1 and leaves at x - r; each clamps only near an edge.
      for (let x = 0, o = base + c; x < width; x++, o += 4) {
        sums[o] = acc;
        const enter = x + r + 1 < width ? o + (r + 1) * 4 : last + c;
        const leave = x - r >= 0 ? o - r * 4 : base + c;
        acc += src[enter] - src[leave];
      }
    }
  }
}

/** Box blur, vertical running sums and rounded means of rows y0..y1 into `out`. */
export function boxColumns(sums, out, width, height, r, y0, y1, acc = new Uint32Array(width * 4)) {
  const rowLen = width * 4;
  const area = (2 * r + 1) * (2 * r + 1);
  const half = area >> 1;
  const row = (y) => Math.min(height - 1, Math.max(0, y)) * rowLen;
  acc.fill(0);
  for (let y = y0 - r; y <= y0 + r; y++) {
    const s = row(y);
    for (let i = 0; i < rowLen; i++) acc[i] += sums[s + i];
  }
  for (let y = y0; y < y1; y++) {
    const o = y * rowLen;
    const enter = row(y + r + 1);
    const leave = row(y - r);
    for (let i = 0; i < rowLen; i++) {
      const a = acc[i];
      out[o + i] = (a + half) / area; // stored as a byte: truncated, so the mean rounded half up
      acc[i] = a + sums[enter + i] - sums[leave + i];
    }
  }
}

/** Running-sum box blur, horizontal then vertical, edges clamped (integer, exact). */
export function boxBlur(src, out, width, height, r) {
  const sums = keep('box', Uint32Array, src.length);
  boxRows(src, sums, width, r, 0, height);
  boxColumns(sums, out, width, height, r, 0, height, keep('boxAcc', Uint32Array, width * 4));
}

/** The image with r edge pixels repeated on every side, as f32 (kept between calls). */
export function padImage(src, padded, width, height, r, y0 = -r, y1 = height + r) {
  const pw = width + 2 * r;
  for (let y = y0; y < y1; y++) {
    const sy = Math.min(height - 1, Math.max(0, y)) * width;
    const d = (y + r) * pw * 4;
    for (let x = -r; x < width + r; x++) {
      const s = (sy + Math.min(width - 1, Math.max(0, x))) * 4;
      const o = d + (x + r) * 4;
      padded[o] = src[s];
      padded[o + 1] = src[s + 1];
      padded[o + 2] = src[s + 2];
    }
  }
}

/** Square-kernel convolution of R, G, B (f64 sums, rounded half up), alpha copied; rows y0..y1. */
export function convolveRows(src, padded, out, width, weights, size, y0, y1) {
  const r = (size - 1) / 2;
  const pw = (width + 2 * r) * 4;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < width; x++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      for (let ky = 0, w = 0; ky < size; ky++) {
        for (let p = (y + ky) * pw + x * 4, end = p + size * 4; p < end; p += 4, w++) {
          const k = weights[w];
          a0 += k * padded[p];
          a1 += k * padded[p + 1];
          a2 += k * padded[p + 2];
        }
      }
      const o = (y * width + x) * 4;
      out[o] = Math.max(0, Math.min(255, a0 + 0.5));
      out[o + 1] = Math.max(0, Math.min(255, a1 + 0.5));
      out[o + 2] = Math.max(0, Math.min(255, a2 + 0.5));
      out[o + 3] = src[o + 3];
    }
  }
}

export function convolve(src, out, width, height, weights, size) {
  const r = (size - 1) / 2;
  const padded = keep('conv', Float32Array, (width + 2 * r) * (height + 2 * r) * 4);
  padImage(src, padded, width, height, r);
  convolveRows(src, padded, out, width, weights, size, 0, height);
}

/** Square-kernel convolution of R, G, B (f32 bit for bit as ours, rounded half up), alpha copied; rows y0..y1. */
export function convolveRowsExact(src, padded, out, width, weights, size, y0, y1) {
  const r = (size - 1) / 2;
  const pw = (width + 2 * r) * 4;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < width; x++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      for (let ky = 0, w = 0; ky < size; ky++) {
        for (let p = (y + ky) * pw + x * 4, end = p + size * 4; p < end; p += 4, w++) {
          const k = weights[w];
          a0 = f(a0 + f(k * padded[p]));
          a1 = f(a1 + f(k * padded[p + 1]));
          a2 = f(a2 + f(k * padded[p + 2]));
        }
      }
      const o = (y * width + x) * 4;
      out[o] = Math.max(0, Math.min(255, f(a0 + 0.5)));
      out[o + 1] = Math.max(0, Math.min(255, f(a1 + 0.5)));
      out[o + 2] = Math.max(0, Math.min(255, f(a2 + 0.5)));
      out[o + 3] = src[o + 3];
    }
  }
}

export function convolveExact(src, out, width, height, weights, size) {
  const r = (size - 1) / 2;
  const padded = keep('conv', Float32Array, (width + 2 * r) * (height + 2 * r) * 4);
  padImage(src, padded, width, height, r);
  convolveRowsExact(src, padded, out, width, weights, size, 0, height);
}

/** c = a·b, row-major, the cache-friendly i-k-j order on row views; rows i0..i1 of c. */
export function matmulRows(a, b, c, k, n, i0, i1) {
  for (let i = i0; i < i1; i++) {
    const ci = c.subarray(i * n, (i + 1) * n);
    ci.fill(0);
    for (let kk = 0; kk < k; kk++) {
      const aik = a[i * k + kk];
      const bk = kk * n;
      for (let j = 0; j < n; j++) ci[j] += aik * b[bk + j];
    }
  }
}

export function matmul(a, b, c, m, k, n) {
  matmulRows(a, b, c, k, n, 0, m);
}

/** xs[i] *= alpha: one f64 product rounded to f32 is the f32 product, so ours to the bit. */
export function scale(xs, alpha, from = 0, to = xs.length) {
  for (let i = from; i < to; i++) xs[i] *= alpha;
}

export function axpy(alpha, x, y, from = 0, to = y.length) {
  for (let i = from; i < to; i++) y[i] += alpha * x[i];
}

export function mandelbrot(out, width, height, maxIter) {
  mandelbrotRows(out, width, height, maxIter, 0, height);
}

const utf16 = new TextDecoder('utf-16le');

/**
 * `text` reversed by code point (as Rust's chars().rev()): one pass over the UTF-16 code
 * units into a kept Uint16Array, surrogate pairs kept in order, then one TextDecoder call.
 */
export function reverseCodePoints(text) {
  const n = text.length;
  const out = keep('reverse', Uint16Array, n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        out[n - i - 2] = c;
        out[n - i - 1] = d;
        i++;
        continue;
      }
    }
    out[n - 1 - i] = c;
  }
  return utf16.decode(out);
}
