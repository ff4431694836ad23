// The image operations every peer library is measured on, with the same input and
// parameters as ours: RGBA u8, 1080p in the full size. A peer that lacks an operation
// leaves it out; one whose nearest operation differs says how in its notes.

/** The 3×3 kernel of the convolution row: sharpen, integer weights summing to 1. */
export const SHARPEN_3X3 = [0, -1, 0, -1, 5, -1, 0, -1, 0];

export const PEER_OPS = [
  { op: 'gaussian_blur', label: 'Gaussian blur σ 4', sigma: 4 },
  { op: 'box_blur', label: 'box blur radius 4', radius: 4 },
  { op: 'grayscale', label: 'grayscale (BT.601)', gray: true },
  { op: 'grayscale_plane', label: 'grayscale to one channel (BT.601)', gray: true, plane: true },
  { op: 'resize_half', label: 'bilinear resize to half size', scale: 1 / 2 },
  { op: 'resize_2_3', label: 'bilinear resize to two thirds', scale: 2 / 3 },
  { op: 'resize_lanczos3', label: 'Lanczos 3 resize to two thirds', scale: 2 / 3 },
  { op: 'sobel', label: 'Sobel magnitude of luma', gray: true },
  { op: 'convolve_3x3', label: '3×3 convolution (sharpen)' },
];

/**
 * An adapter's `ops` (the operations it has) and `notes` (how it computes each, and why it
 * lacks the others) from its table of `{ run, note }` per operation.
 */
export function describeOps(table, missing = {}) {
  return { ops: Object.keys(table), notes: { ...Object.fromEntries(Object.entries(table).map(([op, o]) => [op, o.note])), ...missing } };
}

/**
 * The largest difference between `ours` (`ourBands` per pixel: RGBA, or one for a plane;
 * `w × h`) and a peer's output (`bands` per pixel), away from a `margin` of pixels at the
 * border (peers handle borders differently; each says how in its notes). `gray` compares
 * the peer's first band against our first.
 */
export function maxDifference(ours, theirs, { w, h, bands, gray, margin, ourBands = 4 }) {
  let max = 0;
  const compared = gray ? 1 : Math.min(bands, ourBands);
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin; x < w - margin; x++) {
      const p = y * w + x;
      for (let c = 0; c < compared; c++) max = Math.max(max, Math.abs(ours[p * ourBands + c] - theirs[p * bands + c]));
    }
  }
  return max;
}
