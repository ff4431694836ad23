//! The convolution with a normalised blur kernel (non-negative weights summing to 1 that
//! form an outer product: Gaussian, binomial and box kernels given as a matrix) run as the
//! fixed-point Gaussian blur's two passes: `2 · size` taps per pixel in 16-bit lanes instead
//! of `size²` in `f32`. libvips and OpenCV detect separable masks the same way.
//!
//! Precision: within 1 of the exact convolution (the given weights in `f64`) on every byte,
//! not the `f32` path's bits. The passes' bound (`blur_fixed`) is taps · 2^-14 · 127.5 each
//! (0.117 at 15 taps), the rows are rounded to 2^-8, and the kernel may differ from the
//! outer product it is run as by at most [`RANK_ONE_TOLERANCE`] per weight (225 weights ·
//! 10^-6 · 255 < 0.06): before the final rounding the value is within 0.3 of exact.

use super::blur_fixed::{blur_fixed, fixed_taps};
use super::{CHANNELS, PIXELS_PER_TASK};
use crate::kernels::Run;
use rayon::prelude::*;

// The fixed-point passes take at most MAX_FIXED_TAPS per direction.
const _: () = assert!(super::MAX_KERNEL_SIZE <= super::blur_fixed::MAX_FIXED_TAPS);

/// How far the weights (`f32`, so already rounded) may be from the outer product of their
/// row and column sums, and their sum from 1.
const RANK_ONE_TOLERANCE: f64 = 1e-6;

/// The two passes of a separable blur kernel: horizontal (the column sums) and vertical
/// taps (the row sums), each summing to 1 in fixed point.
pub struct SeparableTaps {
    horizontal: Vec<i16>,
    vertical: Vec<i16>,
}

/// The separable form of the `size × size` row-major `weights`, if they are a normalised blur
/// kernel (see the module notes); `None` otherwise, and for 1 × 1.
pub fn separable_taps(weights: &[f32], size: usize) -> Option<SeparableTaps> {
    if size < 3 || weights.iter().any(|&w| !w.is_finite() || w < 0.0) {
        return None;
    }
    let w = |i: usize, j: usize| f64::from(weights[i * size + j]);
    let rows: Vec<f64> = (0..size).map(|i| (0..size).map(|j| w(i, j)).sum()).collect();
    let columns: Vec<f64> = (0..size).map(|j| (0..size).map(|i| w(i, j)).sum()).collect();
    let total: f64 = rows.iter().sum();
    // A kernel summing to 1 that is u vᵀ has u = its row sums and v = its column sums.
    let rank_one = (0..size).all(|i| (0..size).all(|j| (w(i, j) - rows[i] * columns[j]).abs() <= RANK_ONE_TOLERANCE));
    if (total - 1.0).abs() > RANK_ONE_TOLERANCE || !rank_one {
        return None;
    }
    Some(SeparableTaps { horizontal: fixed_taps(&columns), vertical: fixed_taps(&rows) })
}

/// Convolves R, G and B of `src` into `dst` with `taps`; alpha is copied. Edges are clamped.
pub fn convolve_separable(src: &[u8], dst: &mut [u8], width: usize, height: usize, taps: &SeparableTaps, run: Run) {
    blur_fixed(src, dst, width, height, &taps.horizontal, &taps.vertical, run);
    // The passes filter alpha too; a convolution keeps it.
    let keep_alpha = |(out, inp): (&mut [u8], &[u8])| {
        for (o, i) in out.chunks_exact_mut(CHANNELS).zip(inp.chunks_exact(CHANNELS)) {
            o[3] = i[3];
        }
    };
    if run.parallel {
        let task = PIXELS_PER_TASK * CHANNELS;
        dst.par_chunks_mut(task).zip(src.par_chunks(task)).for_each(keep_alpha);
    } else {
        keep_alpha((dst, src));
    }
}

#[cfg(test)]
mod tests {
    use super::super::noise_image;
    use super::*;

    /// The exact convolution with clamped edges, in `f64`, unrounded.
    fn exact(src: &[u8], w: usize, h: usize, k: &[f32], size: usize) -> Vec<f64> {
        let r = (size / 2) as isize;
        let mut out = vec![0.0; src.len()];
        for y in 0..h as isize {
            for x in 0..w as isize {
                for c in 0..3 {
                    let mut acc = 0.0;
                    for ky in 0..size as isize {
                        for kx in 0..size as isize {
                            let sy = (y + ky - r).clamp(0, h as isize - 1) as usize;
                            let sx = (x + kx - r).clamp(0, w as isize - 1) as usize;
                            acc += f64::from(k[ky as usize * size + kx as usize]) * f64::from(src[(sy * w + sx) * 4 + c]);
                        }
                    }
                    out[(y as usize * w + x as usize) * 4 + c] = acc;
                }
            }
        }
        out
    }

    /// The outer product of two random non-negative profiles, normalised, in `f32`.
    fn blur_kernel(size: usize, seed: u64) -> Vec<f32> {
        let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 1000) as f64 + 1.0
        };
        let u: Vec<f64> = (0..size).map(|_| next()).collect();
        let v: Vec<f64> = (0..size).map(|_| next()).collect();
        let total = u.iter().sum::<f64>() * v.iter().sum::<f64>();
        u.iter().flat_map(|a| v.iter().map(move |b| (a * b / total) as f32)).collect()
    }

    fn filtered(src: &[u8], w: usize, h: usize, taps: &SeparableTaps, run: Run) -> Vec<u8> {
        let mut dst = vec![0; src.len()];
        convolve_separable(src, &mut dst, w, h, taps, run);
        dst
    }

    #[test]
    fn within_one_of_the_exact_convolution_and_alpha_kept() {
        for (case, (w, h, size)) in [(1, 1, 3), (2, 3, 5), (17, 9, 3), (33, 21, 7), (64, 5, 15), (7, 40, 9)].into_iter().enumerate() {
            let src = noise_image(w, h, case as u32);
            let k = blur_kernel(size, case as u64);
            let taps = separable_taps(&k, size).expect("an outer product summing to 1 is separable");
            let got = filtered(&src, w, h, &taps, Run::SEQUENTIAL);
            assert_eq!(got, filtered(&src, w, h, &taps, Run::PARALLEL), "parallel equals sequential");
            let want = exact(&src, w, h, &k, size);
            for (i, (&g, &e)) in got.iter().zip(&want).enumerate() {
                if i % 4 == 3 {
                    assert_eq!(g, src[i], "alpha kept");
                } else {
                    assert!((f64::from(g) - e.clamp(0.0, 255.0)).abs() < 1.0, "{w}×{h}, {size}×{size}: byte {i} is {g}, exact {e}");
                }
            }
        }
    }

    #[test]
    fn only_normalised_non_negative_outer_products_are_taken() {
        let box5 = vec![1.0 / 25.0; 25];
        assert!(separable_taps(&box5, 5).is_some());
        let mut brighter = box5.clone();
        brighter.iter_mut().for_each(|w| *w *= 2.0);
        assert!(separable_taps(&brighter, 5).is_none(), "sums to 2");
        let mut not_rank_one = box5.clone();
        not_rank_one[0] += 0.01;
        not_rank_one[12] -= 0.01;
        assert!(separable_taps(&not_rank_one, 5).is_none(), "not an outer product");
        let mut negative = vec![0.0; 9];
        negative[4] = 2.0;
        negative[3] = -0.5;
        negative[5] = -0.5;
        assert!(separable_taps(&negative, 3).is_none(), "a negative weight");
        let mut nan = box5;
        nan[3] = f32::NAN;
        assert!(separable_taps(&nan, 5).is_none(), "NaN");
        assert!(separable_taps(&[1.0], 1).is_none(), "1 × 1 is a copy elsewhere");
    }
}
