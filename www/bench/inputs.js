// Deterministic inputs, the same formulas as examples/native_bench.rs.

/** RGBA byte i. */
export const imageByte = (i) => (i * 31 + (i >>> 8) * 17 + 1) & 255;

/** Whole numbers 0..100: every sum of them is exact, so all variants agree to the bit. */
export const smallWhole = (i) => (i * 7919) % 101;

export function fillImage(view) {
  for (let i = 0; i < view.length; i++) view[i] = imageByte(i);
  return view;
}

export function fillWhole(view) {
  for (let i = 0; i < view.length; i++) view[i] = smallWhole(i);
  return view;
}

/** About `bytes` bytes of UTF-8 text mixing 1-, 2-, 3- and 4-byte characters. */
export function makeText(bytes) {
  const unit = 'wasmpar é ✓ 漢字 😀 ';
  const unitBytes = new TextEncoder().encode(unit).length;
  return unit.repeat(Math.max(1, Math.round(bytes / unitBytes)));
}

/**
 * An opaque, photo-like RGBA image: smooth gradients, a few sharp-edged shapes and a little
 * noise. The peers scenario uses it so that differences between libraries show rounding,
 * taps and filters, not how each aliases per-pixel noise (fillImage is noise to a filter).
 */
export function fillPhoto(view, width, height) {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const inDisc = (u - 0.4) ** 2 + (v - 0.5) ** 2 < 0.05;
      const inBar = Math.abs(u - 0.75) < 0.05;
      const noise = (imageByte(y * width + x) & 15) - 8;
      const base = 4 * (y * width + x);
      const shade = 96 + 64 * Math.sin(6 * u) * Math.cos(4 * v);
      view[base] = clampByte(shade + (inDisc ? 90 : 0) + noise);
      view[base + 1] = clampByte(160 * v + (inBar ? -120 : 0) + noise);
      view[base + 2] = clampByte(200 * u * (1 - v) + (inDisc ? -60 : 40) + noise);
      view[base + 3] = 255;
    }
  }
  return view;
}

const clampByte = (v) => Math.max(0, Math.min(255, Math.round(v)));
