//! General convolution with a square kernel, and unsharp-mask sharpening.

use super::{CHANNELS, rows_per_task};
use rayon::prelude::*;

/// Largest convolution kernel edge.
pub const MAX_KERNEL_SIZE: usize = 15;

/// Convolves R, G and B of `src` with the `size × size` row-major `weights` (odd `size` up
/// to 15, finite weights) into `dst`; alpha is copied. Sums run in `f32` in a fixed order
/// and are rounded and clamped to 0..=255. Edges are clamped.
pub fn convolve(src: &[u8], dst: &mut [u8], width: usize, height: usize, weights: &[f32], size: usize, parallel: bool) {
    if width == 0 || height == 0 {
        return;
    }
    let r = (size / 2) as isize;
    let band_rows = rows_per_task(width);
    let rows = |(i, band): (usize, &mut [u8])| {
        for (j, out) in band.chunks_mut(width * CHANNELS).enumerate() {
            let y = (i * band_rows + j) as isize;
            for (x, px) in out.chunks_exact_mut(CHANNELS).enumerate() {
                let mut acc = [0f32; 3];
                for (ky, krow) in weights.chunks_exact(size).enumerate() {
                    let sy = (y + ky as isize - r).clamp(0, height as isize - 1) as usize;
                    for (kx, &w) in krow.iter().enumerate() {
                        let sx = (x as isize + kx as isize - r).clamp(0, width as isize - 1) as usize;
                        let p = &src[(sy * width + sx) * CHANNELS..];
                        for c in 0..3 {
                            acc[c] += w * p[c] as f32;
                        }
                    }
                }
                for c in 0..3 {
                    px[c] = (acc[c] + 0.5).clamp(0.0, 255.0) as u8;
                }
                px[3] = src[(y as usize * width + x) * CHANNELS + 3];
            }
        }
    };
    if parallel {
        dst.par_chunks_mut(width * CHANNELS * band_rows).enumerate().for_each(rows);
    } else {
        dst.chunks_mut(width * CHANNELS * band_rows).enumerate().for_each(rows);
    }
}

/// Unsharp mask, the second step: `blurred` holds the Gaussian blur of `image`; each R, G, B
/// becomes `v + amount * (v - blurred)`, rounded and clamped. Alpha is kept.
pub fn sharpen_with(image: &mut [u8], blurred: &[u8], amount: f32, parallel: bool) {
    let apply = |(p, b): (&mut [u8], &[u8])| {
        for c in 0..3 {
            let v = p[c] as f32;
            p[c] = (v + amount * (v - b[c] as f32) + 0.5).clamp(0.0, 255.0) as u8;
        }
    };
    if parallel {
        image.par_chunks_exact_mut(CHANNELS).zip(blurred.par_chunks_exact(CHANNELS)).for_each(apply);
    } else {
        image.chunks_exact_mut(CHANNELS).zip(blurred.chunks_exact(CHANNELS)).for_each(apply);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(w: usize, h: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| ((i * 97) ^ (i >> 4)) as u8).collect()
    }

    fn run(src: &[u8], w: usize, h: usize, k: &[f32], size: usize, parallel: bool) -> Vec<u8> {
        let mut dst = vec![0; src.len()];
        convolve(src, &mut dst, w, h, k, size, parallel);
        dst
    }

    #[test]
    fn identity_kernel_copies_the_image() {
        let (w, h) = (13, 7);
        let src = image(w, h);
        let mut k = vec![0.0; 25];
        k[12] = 1.0;
        assert_eq!(run(&src, w, h, &k, 5, false), src);
    }

    #[test]
    fn shift_kernel_moves_pixels_with_clamped_edges() {
        let (w, h) = (6, 4);
        let src = image(w, h);
        let k = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]; // takes the right neighbour
        let out = run(&src, w, h, &k, 3, false);
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
            assert_eq!(run(&src, w, h, &k, 15, false), run(&src, w, h, &k, 15, true), "{w}x{h}");
        }
    }

    #[test]
    fn sharpen_with_zero_amount_is_identity_and_raises_contrast_otherwise() {
        let src = image(31, 9);
        let blurred = vec![128u8; src.len()];
        let mut same = src.clone();
        sharpen_with(&mut same, &blurred, 0.0, true);
        assert_eq!(same, src);
        let mut sharp = src.clone();
        sharpen_with(&mut sharp, &blurred, 1.0, false);
        for (s, o) in sharp.chunks(4).zip(src.chunks(4)) {
            let want = (2.0 * o[0] as f32 - 128.0).round().clamp(0.0, 255.0) as u8;
            assert_eq!(s[0], want);
            assert_eq!(s[3], o[3]);
        }
    }
}
