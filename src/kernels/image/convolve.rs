//! General convolution with a square kernel, and unsharp-mask sharpening.

use super::convolve_int::{convolve_integer, integer_taps};
use super::convolve_separable::{convolve_separable, separable_taps};
use super::{CHANNELS, Rgba, RgbaMut, rows_per_task};
use crate::kernels::Run;
use crate::kernels::simd::{ExplicitTaps, PixelTaps, PortableTaps, round_to_u8x4};
use rayon::prelude::*;

/// Largest convolution kernel edge.
pub const MAX_KERNEL_SIZE: usize = 15;

/// Size of the padded `f32` copy of an image that [`convolve`] works on.
pub fn convolve_padded_len(width: usize, height: usize, size: usize) -> usize {
    (width + size - 1) * (height + size - 1) * CHANNELS
}

/// Fills `padded` with `src` as `f32`, surrounded by `r` repeated edge pixels on every side.
fn pad_image(src: &[u8], padded: &mut [f32], width: usize, height: usize, r: usize, run: Run) {
    let pw = width + 2 * r;
    let fill = |(py, row): (usize, &mut [f32])| {
        let sy = (py as isize - r as isize).clamp(0, height as isize - 1) as usize;
        let src_row = &src[sy * width * CHANNELS..(sy + 1) * width * CHANNELS];
        for (px, out) in row.chunks_exact_mut(CHANNELS).enumerate() {
            let sx = (px as isize - r as isize).clamp(0, width as isize - 1) as usize;
            for (o, &v) in out.iter_mut().zip(&src_row[sx * CHANNELS..(sx + 1) * CHANNELS]) {
                *o = v as f32;
            }
        }
    };
    if run.parallel {
        padded.par_chunks_mut(pw * CHANNELS).enumerate().for_each(fill);
    } else {
        padded.chunks_mut(pw * CHANNELS).enumerate().for_each(fill);
    }
}

/// Convolves R, G and B of `src` with the `size × size` row-major `weights` (odd `size` up
/// to 15, finite weights) into `dst` (the same size); alpha is copied. Sums run in `f32`, in row then column
/// order, and are rounded and clamped to 0..=255 (small whole weights run in integer lanes,
/// whose sums the `f32` ones equal exactly: `convolve_int`), except for normalised separable
/// blur kernels, which run as two fixed-point passes within 1 of the exact result
/// (`convolve_separable`). Edges are clamped. `padded` is work space
/// of [`convolve_padded_len`] floats: with the edges padded, the inner loop has no bounds
/// logic and each tap is one 4-lane (RGBA) vector operation.
pub fn convolve(src: Rgba, mut dst: RgbaMut, padded: &mut [f32], weights: &[f32], size: usize, run: Run) {
    dst.expect_size(src.size(), "convolve");
    let ((width, height), src, dst) = (src.size(), src.data(), dst.data_mut());
    // Small whole weights (sharpen, edge masks) take 16-bit integer lanes: the same bits.
    if let Some(taps) = integer_taps(weights, size) {
        return convolve_integer(src, dst, width, height, &taps, size / 2, run);
    }
    // Normalised blur kernels (Gaussian, binomial, box as a matrix) take two fixed-point passes.
    if let Some(taps) = separable_taps(weights, size) {
        return convolve_separable(src, dst, width, height, &taps, run);
    }
    convolve_with::<ExplicitTaps>(src, dst, padded, width, height, weights, size, run);
}

/// [`convolve`] with the portable inner loop even on wasm: the benchmark's SIMD baseline.
pub fn convolve_portable(src: Rgba, mut dst: RgbaMut, padded: &mut [f32], weights: &[f32], size: usize, run: Run) {
    dst.expect_size(src.size(), "convolve_portable");
    let ((width, height), src, dst) = (src.size(), src.data(), dst.data_mut());
    convolve_with::<PortableTaps>(src, dst, padded, width, height, weights, size, run);
}

/// Pixels per step of the convolution: their sums stay in registers across every tap.
const PIXELS: usize = 4;

#[allow(clippy::too_many_arguments)]
fn convolve_with<Taps: PixelTaps>(
    src: &[u8],
    dst: &mut [u8],
    padded: &mut [f32],
    width: usize,
    height: usize,
    weights: &[f32],
    size: usize,
    run: Run,
) {
    if width == 0 || height == 0 {
        return;
    }
    let r = size / 2;
    pad_image(src, padded, width, height, r, run);
    let image = PaddedImage { pixels: padded.as_chunks::<CHANNELS>().0, row_pixels: width + 2 * r };
    let band_rows = rows_per_task(width);
    run.expect(height);
    // The sums of `P` pixels from (x, y), each rounded; alpha is copied from `src`.
    let convolve_at = |x: usize, y: usize, out: &mut [u8]| {
        let write = |acc: &[[f32; 4]], out: &mut [u8]| {
            for (i, (a, px)) in acc.iter().zip(out.chunks_exact_mut(CHANNELS)).enumerate() {
                let [r, g, b, _] = round_to_u8x4(*a);
                px.copy_from_slice(&[r, g, b, src[(y * width + x + i) * CHANNELS + 3]]);
            }
        };
        if out.len() == PIXELS * CHANNELS {
            write(&image.sums::<Taps, PIXELS>(x, y, weights, size), out);
        } else {
            write(&image.sums::<Taps, 1>(x, y, weights, size), out);
        }
    };
    let rows = |(i, band): (usize, &mut [u8])| {
        if run.cancelled() {
            return;
        }
        run.advance(band.len() / (width * CHANNELS));
        for (j, out) in band.chunks_mut(width * CHANNELS).enumerate() {
            let y = i * band_rows + j;
            let (steps, rest) = out.as_chunks_mut::<{ PIXELS * CHANNELS }>();
            for (s, step) in steps.iter_mut().enumerate() {
                convolve_at(s * PIXELS, y, step);
            }
            for (k, px) in rest.chunks_exact_mut(CHANNELS).enumerate() {
                convolve_at(steps.len() * PIXELS + k, y, px);
            }
        }
    };
    if run.parallel {
        dst.par_chunks_mut(width * CHANNELS * band_rows).enumerate().for_each(rows);
    } else {
        dst.chunks_mut(width * CHANNELS * band_rows).enumerate().for_each(rows);
    }
}

/// The padded `f32` copy of an image, as pixels of four lanes.
struct PaddedImage<'a> {
    pixels: &'a [[f32; CHANNELS]],
    row_pixels: usize,
}

impl PaddedImage<'_> {
    /// The unrounded sums of the `P` output pixels from (x, y): every `size × size` tap
    /// (row-major `weights`) in row then column order, from 0.
    #[inline]
    fn sums<Taps: PixelTaps, const P: usize>(&self, x: usize, y: usize, weights: &[f32], size: usize) -> [[f32; CHANNELS]; P] {
        let mut acc = [[0f32; CHANNELS]; P];
        for (ky, krow) in weights.chunks_exact(size).enumerate() {
            let start = (y + ky) * self.row_pixels + x;
            acc = Taps::sum(krow, &self.pixels[start..start + size + P - 1], acc);
        }
        acc
    }
}

/// Unsharp mask, the second step: `blurred` holds the Gaussian blur of `image`; each R, G, B
/// becomes `v + amount * (v - blurred)`, rounded and clamped. Alpha is kept.
pub fn sharpen_with(image: &mut [u8], blurred: &[u8], amount: f32, run: Run) {
    let apply = |(p, b): (&mut [u8], &[u8])| {
        for c in 0..3 {
            let v = p[c] as f32;
            p[c] = (v + amount * (v - b[c] as f32) + 0.5).clamp(0.0, 255.0) as u8;
        }
    };
    if run.parallel {
        image.par_chunks_exact_mut(CHANNELS).zip(blurred.par_chunks_exact(CHANNELS)).for_each(apply);
    } else {
        image.chunks_exact_mut(CHANNELS).zip(blurred.chunks_exact(CHANNELS)).for_each(apply);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::image::{rgba, rgba_mut};

    fn image(w: usize, h: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| ((i * 97) ^ (i >> 4)) as u8).collect()
    }

    fn filtered(src: &[u8], w: usize, h: usize, k: &[f32], size: usize, run: Run) -> Vec<u8> {
        let mut dst = vec![0; src.len()];
        let mut padded = vec![0.0; convolve_padded_len(w, h, size)];
        convolve(rgba(src, w, h), rgba_mut(&mut dst, w, h), &mut padded, k, size, run);
        dst
    }

    /// The direct definition: clamp every tap's coordinates.
    fn reference(src: &[u8], w: usize, h: usize, k: &[f32], size: usize) -> Vec<u8> {
        let r = (size / 2) as isize;
        let mut out = vec![0; src.len()];
        for y in 0..h as isize {
            for x in 0..w as isize {
                let mut acc = [0f32; 3];
                for ky in 0..size as isize {
                    for kx in 0..size as isize {
                        let sy = (y + ky - r).clamp(0, h as isize - 1) as usize;
                        let sx = (x + kx - r).clamp(0, w as isize - 1) as usize;
                        for c in 0..3 {
                            acc[c] += k[(ky as usize) * size + kx as usize] * src[(sy * w + sx) * 4 + c] as f32;
                        }
                    }
                }
                let o = (y as usize * w + x as usize) * 4;
                for c in 0..3 {
                    out[o + c] = (acc[c] + 0.5).clamp(0.0, 255.0) as u8;
                }
                out[o + 3] = src[o + 3];
            }
        }
        out
    }

    #[test]
    fn convolve_matches_the_direct_definition_bit_for_bit() {
        let k: Vec<f32> = (0..49).map(|i| ((i % 5) as f32 - 2.0) / 13.0).collect();
        for (w, h) in [(1, 1), (2, 9), (23, 17)] {
            let src = image(w, h);
            let want = reference(&src, w, h, &k, 7);
            assert_eq!(filtered(&src, w, h, &k, 7, Run::SEQUENTIAL), want, "{w}x{h}");
            let mut portable = vec![0; src.len()];
            let mut padded = vec![0.0; convolve_padded_len(w, h, 7)];
            convolve_portable(rgba(&src, w, h), rgba_mut(&mut portable, w, h), &mut padded, &k, 7, Run::PARALLEL);
            assert_eq!(portable, want, "portable {w}x{h}");
        }
    }

    #[test]
    fn identity_kernel_copies_the_image() {
        let (w, h) = (13, 7);
        let src = image(w, h);
        let mut k = vec![0.0; 25];
        k[12] = 1.0;
        assert_eq!(filtered(&src, w, h, &k, 5, Run::SEQUENTIAL), src);
    }

    #[test]
    fn shift_kernel_moves_pixels_with_clamped_edges() {
        let (w, h) = (6, 4);
        let src = image(w, h);
        let k = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]; // takes the right neighbour
        let out = filtered(&src, w, h, &k, 3, Run::SEQUENTIAL);
        for y in 0..h {
            for x in 0..w {
                let sx = (x + 1).min(w - 1);
                assert_eq!(&out[(y * w + x) * 4..][..3], &src[(y * w + sx) * 4..][..3]);
                assert_eq!(out[(y * w + x) * 4 + 3], src[(y * w + x) * 4 + 3], "alpha copied");
            }
        }
    }

    #[test]
    fn convolve_parallel_matches_sequential() {
        let k: Vec<f32> = (0..225).map(|i| ((i % 7) as f32 - 3.0) / 50.0).collect();
        for (w, h) in [(0, 0), (1, 1), (40, 3), (201, 77)] {
            let src = image(w, h);
            assert_eq!(filtered(&src, w, h, &k, 15, Run::SEQUENTIAL), filtered(&src, w, h, &k, 15, Run::PARALLEL), "{w}x{h}");
        }
    }

    #[test]
    fn sharpen_with_zero_amount_is_identity_and_raises_contrast_otherwise() {
        let src = image(31, 9);
        let blurred = vec![128u8; src.len()];
        let mut same = src.clone();
        sharpen_with(&mut same, &blurred, 0.0, Run::PARALLEL);
        assert_eq!(same, src);
        let mut sharp = src.clone();
        sharpen_with(&mut sharp, &blurred, 1.0, Run::SEQUENTIAL);
        for (s, o) in sharp.chunks(4).zip(src.chunks(4)) {
            let want = (2.0 * o[0] as f32 - 128.0).round().clamp(0.0, 255.0) as u8;
            assert_eq!(s[0], want);
            assert_eq!(s[3], o[3]);
        }
    }
}
