//! Per-pixel colour kernels, in place.

use super::CHANNELS;
use rayon::prelude::*;

/// Luma of an RGB triple with the BT.601 weights in 8-bit fixed point (77 + 150 + 29 = 256).
#[inline]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * r as u32 + 150 * g as u32 + 29 * b as u32 + 128) >> 8) as u8
}

fn grayscale_pixels(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(CHANNELS) {
        let y = luma(px[0], px[1], px[2]);
        px[0] = y;
        px[1] = y;
        px[2] = y;
    }
}

fn invert_pixels(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(CHANNELS) {
        px[0] = 255 - px[0];
        px[1] = 255 - px[1];
        px[2] = 255 - px[2];
    }
}

/// Replaces R, G and B of every pixel by its BT.601 luma; alpha is kept.
/// `rgba.len()` must be a multiple of 4.
pub fn grayscale(rgba: &mut [u8]) {
    grayscale_pixels(rgba);
}

/// Parallel form of [`grayscale`].
pub fn grayscale_par(rgba: &mut [u8]) {
    rgba.par_chunks_mut(PIXELS_PER_TASK * CHANNELS).for_each(grayscale_pixels);
}

/// Replaces R, G and B by 255 minus themselves; alpha is kept.
/// `rgba.len()` must be a multiple of 4.
pub fn invert(rgba: &mut [u8]) {
    invert_pixels(rgba);
}

/// Parallel form of [`invert`].
pub fn invert_par(rgba: &mut [u8]) {
    rgba.par_chunks_mut(PIXELS_PER_TASK * CHANNELS).for_each(invert_pixels);
}

/// Pixels per parallel task for the per-pixel kernels (64 KiB of RGBA).
const PIXELS_PER_TASK: usize = 16 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn image(pixels: usize) -> Vec<u8> {
        (0..pixels * 4).map(|i| (i * 31 + (i >> 7) * 17) as u8).collect()
    }

    #[test]
    fn grayscale_matches_float_reference_within_one_level() {
        let mut img = image(1000);
        let orig = img.clone();
        grayscale(&mut img);
        for (out, inp) in img.chunks(4).zip(orig.chunks(4)) {
            let want = 0.299 * inp[0] as f64 + 0.587 * inp[1] as f64 + 0.114 * inp[2] as f64;
            assert!((out[0] as f64 - want).abs() <= 1.0, "{out:?} vs {want}");
            assert_eq!(out[0], out[1]);
            assert_eq!(out[1], out[2]);
            assert_eq!(out[3], inp[3], "alpha is kept");
        }
    }

    #[test]
    fn grayscale_of_white_and_black_is_exact() {
        let mut img = vec![255, 255, 255, 7, 0, 0, 0, 9];
        grayscale(&mut img);
        assert_eq!(img, vec![255, 255, 255, 7, 0, 0, 0, 9]);
    }

    #[test]
    fn grayscale_parallel_matches_sequential() {
        for pixels in [0, 1, 7, 16_411, 100_003] {
            let mut a = image(pixels);
            let mut b = a.clone();
            grayscale(&mut a);
            grayscale_par(&mut b);
            assert_eq!(a, b, "pixels = {pixels}");
        }
    }

    #[test]
    fn invert_twice_is_identity_and_keeps_alpha() {
        let orig = image(16_411);
        let mut img = orig.clone();
        invert_par(&mut img);
        for (out, inp) in img.chunks(4).zip(orig.chunks(4)) {
            assert_eq!(out, &[255 - inp[0], 255 - inp[1], 255 - inp[2], inp[3]]);
        }
        invert(&mut img);
        assert_eq!(img, orig);
    }
}
