//! Per-pixel colour kernels, in place.

use super::{CHANNELS, PIXELS_PER_TASK, lanes};
use crate::kernels::Run;
use rayon::prelude::*;

/// Luma of an RGB triple with the BT.601 weights in 8-bit fixed point (77 + 150 + 29 = 256).
#[inline]
pub(super) fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * r as u32 + 150 * g as u32 + 29 * b as u32 + 128) >> 8) as u8
}

/// Each pixel as one little-endian `u32` (R in the low byte): whole-word arithmetic that
/// LLVM turns into 4-pixel SIMD, where per-byte access with a stride of 4 stays scalar.
fn for_each_word(rgba: &mut [u8], f: impl Fn(u32) -> u32) {
    for px in rgba.chunks_exact_mut(CHANNELS) {
        let word = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
        px.copy_from_slice(&f(word).to_le_bytes());
    }
}

fn grayscale_word(p: u32) -> u32 {
    let [r, g, b, _] = p.to_le_bytes();
    (p & 0xff00_0000) | (u32::from(luma(r, g, b)) * 0x0001_0101)
}

/// The luma of four pixels (16 bytes of RGBA) in the four i32 lanes, as [`luma`] on each:
/// R and B (then G and A) as 16-bit lanes, weighted and summed in one pair-multiply-add each.
/// LLVM's own vectorisation of the per-pixel form ran at ~1 ns a pixel (it shuffles bytes in
/// and out); grayscale through this runs at ~0.35, on wasm and native alike.
#[inline]
fn luma_quad(p: lanes::V) -> lanes::V {
    let low_bytes = lanes::splat32(0x00ff_00ff);
    let rb = lanes::and(p, low_bytes);
    let ga = lanes::and(lanes::shr32u::<8>(p), low_bytes);
    let (w_rb, w_g) = (lanes::splat32((29 << 16) | 77), lanes::splat32(150));
    let sum = lanes::add32(lanes::add32(lanes::dot(rb, w_rb), lanes::dot(ga, w_g)), lanes::splat32(128));
    lanes::shr32u::<8>(sum)
}

fn grayscale_pixels(rgba: &mut [u8]) {
    let alpha = lanes::splat32(0xff00_0000_u32 as i32);
    let mut quads = rgba.chunks_exact_mut(4 * CHANNELS);
    for quad in &mut quads {
        let p = lanes::load_bytes(lanes::bytes16(quad));
        let y = luma_quad(p);
        let yyy = lanes::or(lanes::or(y, lanes::shl32::<8>(y)), lanes::shl32::<16>(y));
        lanes::store_bytes(lanes::or(yyy, lanes::and(p, alpha)), lanes::bytes16_mut(quad));
    }
    for_each_word(quads.into_remainder(), grayscale_word);
}

/// The BT.601 luma of each RGBA pixel of `rgba` into `out`, one byte per pixel (OpenCV's
/// `COLOR_RGBA2GRAY`): the weights of [`grayscale`], a quarter of its bytes written.
/// `out.len()` must be `rgba.len() / 4`.
pub fn grayscale_plane(rgba: &[u8], out: &mut [u8], run: Run) {
    assert_eq!(out.len() * CHANNELS, rgba.len(), "one output byte per RGBA pixel");
    if run.parallel {
        out.par_chunks_mut(PIXELS_PER_TASK).zip(rgba.par_chunks(PIXELS_PER_TASK * CHANNELS)).for_each(|(o, px)| luma_plane(px, o));
    } else {
        luma_plane(rgba, out);
    }
}

/// [`grayscale_plane`] of one task's pixels, sixteen at a time.
fn luma_plane(rgba: &[u8], out: &mut [u8]) {
    const PIXELS: usize = 16;
    let mut dst = out.chunks_exact_mut(PIXELS);
    let mut src = rgba.chunks_exact(PIXELS * CHANNELS);
    for (o, px) in (&mut dst).zip(&mut src) {
        let quad = |q: usize| luma_quad(lanes::load_bytes(lanes::bytes16(&px[16 * q..])));
        let bytes = lanes::bytes32([quad(0), quad(1), quad(2), quad(3)]);
        lanes::store_bytes(bytes, lanes::bytes16_mut(o));
    }
    for (o, px) in dst.into_remainder().iter_mut().zip(src.remainder().chunks_exact(CHANNELS)) {
        *o = luma(px[0], px[1], px[2]);
    }
}

fn invert_pixels(rgba: &mut [u8]) {
    for_each_word(rgba, |p| p ^ 0x00ff_ffff);
}

/// Runs `f` over `rgba` whole, or over bands of pixels on rayon's pool.
fn in_bands(rgba: &mut [u8], run: Run, f: impl Fn(&mut [u8]) + Send + Sync) {
    if run.parallel {
        rgba.par_chunks_mut(PIXELS_PER_TASK * CHANNELS).for_each(f);
    } else {
        f(rgba);
    }
}

/// Replaces R, G and B of every pixel by its BT.601 luma; alpha is kept.
/// `rgba.len()` must be a multiple of 4.
pub fn grayscale(rgba: &mut [u8], run: Run) {
    in_bands(rgba, run, grayscale_pixels);
}

/// Replaces R, G and B by 255 minus themselves; alpha is kept.
/// `rgba.len()` must be a multiple of 4.
pub fn invert(rgba: &mut [u8], run: Run) {
    in_bands(rgba, run, invert_pixels);
}

/// A 256-entry table applied to R, G and B; alpha is kept.
fn apply_table(rgba: &mut [u8], table: &[u8; 256]) {
    for px in rgba.chunks_exact_mut(CHANNELS) {
        px[0] = table[px[0] as usize];
        px[1] = table[px[1] as usize];
        px[2] = table[px[2] as usize];
    }
}

/// The table of [`brightness_contrast`]: `(v - 128) * contrast + 128 + brightness`, rounded
/// and clamped to 0..=255.
pub fn brightness_contrast_table(brightness: f32, contrast: f32) -> [u8; 256] {
    std::array::from_fn(|v| ((v as f32 - 128.0) * contrast + 128.0 + brightness + 0.5).clamp(0.0, 255.0) as u8)
}

/// Adjusts R, G and B: `(v - 128) * contrast + 128 + brightness`, clamped; alpha is kept.
/// `brightness` is finite (-255..=255 is useful), `contrast` finite and non-negative.
pub fn brightness_contrast(rgba: &mut [u8], brightness: f32, contrast: f32, run: Run) {
    let table = brightness_contrast_table(brightness, contrast);
    in_bands(rgba, run, |c| apply_table(c, &table));
}

fn threshold_pixels(rgba: &mut [u8], level: u8) {
    for px in rgba.chunks_exact_mut(CHANNELS) {
        let v = if luma(px[0], px[1], px[2]) >= level { 255 } else { 0 };
        px[0] = v;
        px[1] = v;
        px[2] = v;
    }
}

/// Black and white: R, G, B become 255 where the BT.601 luma is at least `level`, else 0.
pub fn threshold(rgba: &mut [u8], level: u8, run: Run) {
    in_bands(rgba, run, |c| threshold_pixels(c, level));
}

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
        grayscale(&mut img, Run::SEQUENTIAL);
        for (out, inp) in img.chunks(4).zip(orig.chunks(4)) {
            let want = 0.299 * inp[0] as f64 + 0.587 * inp[1] as f64 + 0.114 * inp[2] as f64;
            assert!((out[0] as f64 - want).abs() <= 1.0, "{out:?} vs {want}");
            assert_eq!(out[0], out[1]);
            assert_eq!(out[1], out[2]);
            assert_eq!(out[3], inp[3], "alpha is kept");
        }
    }

    #[test]
    fn grayscale_vector_path_matches_word_form_on_every_length() {
        for pixels in [0, 1, 3, 4, 5, 1003] {
            let orig = image(pixels);
            let mut img = orig.clone();
            grayscale(&mut img, Run::SEQUENTIAL);
            for (out, inp) in img.chunks(4).zip(orig.chunks(4)) {
                let word = grayscale_word(u32::from_le_bytes(inp.try_into().unwrap()));
                assert_eq!(out, word.to_le_bytes(), "{pixels} pixels, input {inp:?}");
            }
        }
    }

    #[test]
    fn grayscale_plane_is_grayscale_in_one_channel_sequential_and_parallel() {
        for pixels in [0, 1, 15, 16, 17, 1003, 16_411, 100_003] {
            let img = image(pixels);
            let mut gray = img.clone();
            grayscale(&mut gray, Run::SEQUENTIAL);
            for parallel in [false, true] {
                let mut plane = vec![0; pixels];
                grayscale_plane(&img, &mut plane, Run::parallel(parallel));
                for (i, (&y, px)) in plane.iter().zip(img.chunks(4)).enumerate() {
                    assert_eq!(y, luma(px[0], px[1], px[2]), "{pixels} pixels, pixel {i}: {px:?}");
                    assert_eq!(y, gray[4 * i], "{pixels} pixels, pixel {i}: grayscale's byte");
                }
            }
        }
    }

    #[test]
    fn grayscale_of_white_and_black_is_exact() {
        let mut img = vec![255, 255, 255, 7, 0, 0, 0, 9];
        grayscale(&mut img, Run::SEQUENTIAL);
        assert_eq!(img, vec![255, 255, 255, 7, 0, 0, 0, 9]);
    }

    #[test]
    fn grayscale_parallel_matches_sequential() {
        for pixels in [0, 1, 7, 16_411, 100_003] {
            let mut a = image(pixels);
            let mut b = a.clone();
            grayscale(&mut a, Run::SEQUENTIAL);
            grayscale(&mut b, Run::PARALLEL);
            assert_eq!(a, b, "pixels = {pixels}");
        }
    }

    #[test]
    fn brightness_contrast_matches_the_formula_and_parallel_matches_sequential() {
        let orig = image(20_011);
        for (b, c) in [(0.0, 1.0), (40.0, 1.0), (-30.0, 1.5), (0.0, 0.0), (255.0, 3.0)] {
            let mut seq = orig.clone();
            let mut par = orig.clone();
            brightness_contrast(&mut seq, b, c, Run::SEQUENTIAL);
            brightness_contrast(&mut par, b, c, Run::PARALLEL);
            assert_eq!(seq, par);
            for (out, inp) in seq.chunks(4).zip(orig.chunks(4)) {
                let want = ((inp[0] as f64 - 128.0) * c as f64 + 128.0 + b as f64).round().clamp(0.0, 255.0);
                assert!((out[0] as f64 - want).abs() <= 1.0, "{b} {c}: {} vs {want}", out[0]);
                assert_eq!(out[3], inp[3]);
            }
        }
        let mut same = orig.clone();
        brightness_contrast(&mut same, 0.0, 1.0, Run::SEQUENTIAL);
        assert_eq!(same, orig, "identity");
    }

    #[test]
    fn threshold_is_black_or_white_by_luma() {
        let orig = image(9_999);
        let mut seq = orig.clone();
        let mut par = orig.clone();
        threshold(&mut seq, 100, Run::SEQUENTIAL);
        threshold(&mut par, 100, Run::PARALLEL);
        assert_eq!(seq, par);
        for (out, inp) in seq.chunks(4).zip(orig.chunks(4)) {
            let want = if luma(inp[0], inp[1], inp[2]) >= 100 { 255 } else { 0 };
            assert_eq!(&out[..3], &[want, want, want]);
            assert_eq!(out[3], inp[3]);
        }
    }

    #[test]
    fn invert_twice_is_identity_and_keeps_alpha() {
        let orig = image(16_411);
        let mut img = orig.clone();
        invert(&mut img, Run::PARALLEL);
        for (out, inp) in img.chunks(4).zip(orig.chunks(4)) {
            assert_eq!(out, &[255 - inp[0], 255 - inp[1], 255 - inp[2], inp[3]]);
        }
        invert(&mut img, Run::SEQUENTIAL);
        assert_eq!(img, orig);
    }
}
