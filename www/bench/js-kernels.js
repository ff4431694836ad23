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
