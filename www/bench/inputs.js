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
