// What a web developer would write instead: idiomatic single-threaded JavaScript versions of
// the kernels, computing the same answers (so their checksums match wasm and native).

/** Same formula as src/kernels/numeric/mandelbrot.rs (f64 throughout, as JS is). */
export function mandelbrot(out, width, height, maxIter) {
  const [xMin, yMin, xMax, yMax] = [-2.5, -1.25, 1, 1.25];
  for (let py = 0; py < height; py++) {
    const cy = yMin + ((yMax - yMin) * (py + 0.5)) / height;
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
      out[py * width + px] = value;
    }
  }
}

function gaussianWeights(sigma) {
  const radius = Math.ceil(3 * sigma);
  const raw = [];
  for (let k = -radius; k <= radius; k++) raw.push(Math.exp(-(k * k) / (2 * sigma * sigma)));
  const total = raw.reduce((a, b) => a + b, 0);
  return Float32Array.from(raw, (w) => w / total);
}

/** Separable Gaussian blur with clamped edges into `out`. Note: Math.fround after each
 *  operation makes JS do f32 arithmetic exactly as the Rust kernel does, bit for bit. */
export function gaussianBlur(src, out, width, height, sigma) {
  const f = Math.fround;
  const w = gaussianWeights(sigma);
  const r = (w.length - 1) / 2;
  const tmp = new Float32Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let acc = 0;
        for (let k = 0; k < w.length; k++) {
          const sx = Math.min(width - 1, Math.max(0, x + k - r));
          acc = f(acc + f(w[k] * src[(y * width + sx) * 4 + c]));
        }
        tmp[(y * width + x) * 4 + c] = acc;
      }
    }
  }
  const row = new Float32Array(width * 4);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let k = 0; k < w.length; k++) {
      const sy = Math.min(height - 1, Math.max(0, y + k - r));
      for (let i = 0; i < row.length; i++) row[i] = f(row[i] + f(w[k] * tmp[sy * width * 4 + i]));
    }
    for (let i = 0; i < row.length; i++) out[y * width * 4 + i] = Math.min(255, Math.max(0, Math.trunc(f(row[i] + 0.5))));
  }
}

export function sum(xs) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

const luma = (r, g, b) => (77 * r + 150 * g + 29 * b + 128) >> 8;

export function grayscale(rgba) {
  for (let i = 0; i < rgba.length; i += 4) {
    const y = luma(rgba[i], rgba[i + 1], rgba[i + 2]);
    rgba[i] = rgba[i + 1] = rgba[i + 2] = y;
  }
}

/** Running-sum box blur, horizontal then vertical, edges clamped (integer, exact). */
export function boxBlur(src, out, width, height, r) {
  const sums = new Uint32Array(src.length);
  const at = (x, y, c) => src[(y * width + Math.min(width - 1, Math.max(0, x))) * 4 + c];
  for (let y = 0; y < height; y++) {
    for (let c = 0; c < 4; c++) {
      let acc = 0;
      for (let x = -r; x <= r; x++) acc += at(x, y, c);
      for (let x = 0; x < width; x++) {
        sums[(y * width + x) * 4 + c] = acc;
        acc += at(x + r + 1, y, c) - at(x - r, y, c);
      }
    }
  }
  const area = (2 * r + 1) * (2 * r + 1);
  const row = (y) => Math.min(height - 1, Math.max(0, y)) * width * 4;
  const acc = new Uint32Array(width * 4);
  for (let y = -r; y <= r; y++) for (let i = 0; i < acc.length; i++) acc[i] += sums[row(y) + i];
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < acc.length; i++) {
      out[y * width * 4 + i] = Math.floor((acc[i] + (area >> 1)) / area);
      acc[i] += sums[row(y + r + 1) + i] - sums[row(y - r) + i];
    }
  }
}

/** Square-kernel convolution of R, G, B with f32 arithmetic (Math.fround), alpha copied. */
export function convolve(src, out, width, height, weights, size) {
  const f = Math.fround;
  const r = (size - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      for (let ky = 0; ky < size; ky++) {
        const sy = Math.min(height - 1, Math.max(0, y + ky - r));
        for (let kx = 0; kx < size; kx++) {
          const sx = Math.min(width - 1, Math.max(0, x + kx - r));
          const w = weights[ky * size + kx];
          const p = (sy * width + sx) * 4;
          a0 = f(a0 + f(w * src[p]));
          a1 = f(a1 + f(w * src[p + 1]));
          a2 = f(a2 + f(w * src[p + 2]));
        }
      }
      const o = (y * width + x) * 4;
      out[o] = Math.min(255, Math.max(0, Math.trunc(f(a0 + 0.5))));
      out[o + 1] = Math.min(255, Math.max(0, Math.trunc(f(a1 + 0.5))));
      out[o + 2] = Math.min(255, Math.max(0, Math.trunc(f(a2 + 0.5))));
      out[o + 3] = src[o + 3];
    }
  }
}

/** c = a·b, row-major, the cache-friendly i-k-j loop order. */
export function matmul(a, b, c, m, k, n) {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let kk = 0; kk < k; kk++) {
      const aik = a[i * k + kk];
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[kk * n + j];
    }
  }
}

export function axpy(alpha, x, y) {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}
