//! Geometry: bilinear resize (the resampler's simplest filter), 90° rotation, flips.

use super::resample::{Filter, resample};
use super::{CHANNELS, Rgba, RgbaMut};
use crate::kernels::Run;
use rayon::prelude::*;

/// Bilinear resize of `src` into `dst`, whatever their sizes: sampling at pixel centres, two
/// taps per axis ([`resample`] with [`Filter::Bilinear`]).
pub fn resize(src: Rgba, dst: RgbaMut, run: Run) {
    resample(src, dst, Filter::Bilinear, run);
}

/// Rotates `src` (`width × height`) 90° clockwise into `dst` (`height × width`).
pub fn rotate90(src: Rgba, mut dst: RgbaMut, run: Run) {
    let (width, height) = src.size();
    dst.expect_size((height, width), "rotate90");
    let (src, dst) = (src.data(), dst.data_mut());
    if width == 0 || height == 0 {
        return;
    }
    // Output row x is source column x, read bottom to top.
    let row = |(x, out): (usize, &mut [u8])| {
        for (i, px) in out.chunks_exact_mut(CHANNELS).enumerate() {
            let y = height - 1 - i;
            px.copy_from_slice(&src[(y * width + x) * CHANNELS..][..CHANNELS]);
        }
    };
    if run.parallel {
        dst.par_chunks_mut(height * CHANNELS).enumerate().for_each(row);
    } else {
        dst.chunks_mut(height * CHANNELS).enumerate().for_each(row);
    }
}

fn mirror_row(row: &mut [u8]) {
    let w = row.len() / CHANNELS;
    for x in 0..w / 2 {
        for c in 0..CHANNELS {
            row.swap(x * CHANNELS + c, (w - 1 - x) * CHANNELS + c);
        }
    }
}

/// Flips `image` in place: left–right when `horizontal`, else top–bottom.
pub fn flip(image: RgbaMut, horizontal: bool, run: Run) {
    let ((width, height), image) = (image.size(), image.into_data());
    let row_len = width * CHANNELS;
    if row_len == 0 || height == 0 {
        return;
    }
    if horizontal {
        if run.parallel {
            image.par_chunks_mut(row_len).for_each(mirror_row);
        } else {
            image.chunks_mut(row_len).for_each(mirror_row);
        }
        return;
    }
    let (top, rest) = image.split_at_mut(height / 2 * row_len);
    let bottom = &mut rest[(height % 2) * row_len..];
    let swap = |(a, b): (&mut [u8], &mut [u8])| a.swap_with_slice(b);
    if run.parallel {
        top.par_chunks_mut(row_len).zip(bottom.par_chunks_mut(row_len).rev()).for_each(swap);
    } else {
        top.chunks_mut(row_len).zip(bottom.chunks_mut(row_len).rev()).for_each(swap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::image::{rgba, rgba_mut};

    fn image(w: usize, h: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| (i * 7 + i / 13) as u8).collect()
    }

    #[test]
    fn resize_to_the_same_size_is_identity_and_scaling_a_flat_image_stays_flat() {
        let (w, h) = (17, 9);
        let src = image(w, h);
        let mut same = vec![0; src.len()];
        resize(rgba(&src, w, h), rgba_mut(&mut same, w, h), Run::SEQUENTIAL);
        assert_eq!(same, src);
        let flat = vec![77u8; 5 * 3 * 4];
        let mut big = vec![0; 23 * 11 * 4];
        resize(rgba(&flat, 5, 3), rgba_mut(&mut big, 23, 11), Run::PARALLEL);
        assert!(big.iter().all(|&v| v == 77));
    }

    #[test]
    fn resize_halving_averages_pixel_pairs() {
        // 4x1 → 2x1: each output centre falls between two source pixels.
        let src = [0, 0, 0, 0, 100, 100, 100, 100, 50, 50, 50, 50, 150, 150, 150, 150];
        let mut dst = [0u8; 8];
        resize(rgba(&src, 4, 1), rgba_mut(&mut dst, 2, 1), Run::SEQUENTIAL);
        assert_eq!(dst, [50, 50, 50, 50, 100, 100, 100, 100]);
    }

    #[test]
    fn resize_parallel_matches_sequential() {
        let src = image(101, 67);
        for (dw, dh) in [(1, 1), (50, 33), (303, 201)] {
            let mut a = vec![0; dw * dh * 4];
            let mut b = vec![1; dw * dh * 4];
            resize(rgba(&src, 101, 67), rgba_mut(&mut a, dw, dh), Run::SEQUENTIAL);
            resize(rgba(&src, 101, 67), rgba_mut(&mut b, dw, dh), Run::PARALLEL);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn four_rotations_are_identity_and_one_moves_corners() {
        let (w, h) = (7, 3);
        let src = image(w, h);
        let mut a = vec![0; src.len()];
        rotate90(rgba(&src, w, h), rgba_mut(&mut a, h, w), Run::PARALLEL);
        // Top-left goes to top-right.
        assert_eq!(&a[(h - 1) * 4..h * 4], &src[..4]);
        let mut b = vec![0; src.len()];
        rotate90(rgba(&a, h, w), rgba_mut(&mut b, w, h), Run::SEQUENTIAL);
        rotate90(rgba(&b, w, h), rgba_mut(&mut a, h, w), Run::PARALLEL);
        rotate90(rgba(&a, h, w), rgba_mut(&mut b, w, h), Run::SEQUENTIAL);
        assert_eq!(b, src);
    }

    #[test]
    fn flips_twice_are_identity_and_parallel_matches_sequential() {
        for (w, h) in [(1, 1), (4, 5), (9, 4), (300, 201)] {
            for horizontal in [true, false] {
                let src = image(w, h);
                let mut seq = src.clone();
                let mut par = src.clone();
                flip(rgba_mut(&mut seq, w, h), horizontal, Run::SEQUENTIAL);
                flip(rgba_mut(&mut par, w, h), horizontal, Run::PARALLEL);
                assert_eq!(seq, par);
                if horizontal {
                    assert_eq!(&seq[..4], &src[(w - 1) * 4..w * 4]);
                } else {
                    assert_eq!(&seq[..4], &src[(h - 1) * w * 4..][..4]);
                }
                flip(rgba_mut(&mut seq, w, h), horizontal, Run::PARALLEL);
                assert_eq!(seq, src);
            }
        }
    }
}
