//! The convolution with small integer weights (sharpen, edge and emboss masks, box sums) in
//! 16-bit integer lanes. Such sums are exact in `f32` too, so this path gives the same bits
//! as the float one; it is faster because a 128-bit vector holds 8 lanes instead of 4, zero
//! taps are skipped, and no `f32` copy of the image is made (libvips's `convi` does the same:
//! integer masks in 16-bit lanes).

use super::{CHANNELS, extend_padded};
use crate::kernels::Run;
use rayon::prelude::*;

/// The largest Σ|w| the path takes: |Σ w · byte| ≤ 128 · 255 stays inside `i16`.
const MAX_ABS_SUM: i32 = 128;

/// One nonzero tap: row and column in the kernel, and its weight.
#[derive(Clone, Copy, Debug)]
pub struct IntTap {
    ky: usize,
    kx: usize,
    w: i16,
}

/// The nonzero taps of `size × size` row-major `weights` if every weight is a whole number
/// and their absolute sum is at most 128, else `None` (the float path takes those).
pub fn integer_taps(weights: &[f32], size: usize) -> Option<Vec<IntTap>> {
    let mut abs_sum = 0i32;
    let mut taps = Vec::new();
    for (i, &w) in weights.iter().enumerate() {
        if !w.is_finite() || w != w.round() || w.abs() > MAX_ABS_SUM as f32 {
            return None;
        }
        let w = w as i32;
        abs_sum += w.abs();
        if w != 0 {
            taps.push(IntTap { ky: i / size, kx: i % size, w: w as i16 });
        }
    }
    (abs_sum <= MAX_ABS_SUM).then_some(taps)
}

/// Lanes summed in registers across all taps before they are written.
const STRIP: usize = 32;

/// One output row: `rows[ky]` is the padded source row of kernel row `ky`; alpha from `alpha_row`.
fn convolve_row(rows: &[&[u8]], taps: &[IntTap], alpha_row: &[u8], out: &mut [u8]) {
    let done = convolve_strips_simd(rows, taps, alpha_row, out);
    let n = out.len();
    let mut start = done;
    while start < n {
        let len = STRIP.min(n - start);
        let mut acc = [0i16; STRIP];
        for t in taps {
            let src = &rows[t.ky][t.kx * CHANNELS + start..][..len];
            for (a, &v) in acc.iter_mut().zip(src) {
                *a += t.w * i16::from(v);
            }
        }
        for (i, (o, &a)) in out[start..start + len].iter_mut().zip(&acc).enumerate() {
            *o = if (start + i) % CHANNELS == 3 { alpha_row[start + i] } else { a.clamp(0, 255) as u8 };
        }
        start += len;
    }
}

/// The whole 32-byte strips of [`convolve_row`] in 128-bit lanes ([`super::lanes`]: wasm
/// SIMD128, SSE2 natively): per tap, 16 source bytes widened into two `i16x8`, multiplied
/// and added; the sums narrowed with saturation (the clamp to 0..=255) and alpha selected
/// back from the source. Returns the bytes written. (LLVM's vectorised portable loop ran
/// 13.6 ms at 1080p on one thread in wasm, 12 ms natively.)
fn convolve_strips_simd(rows: &[&[u8]], taps: &[IntTap], alpha_row: &[u8], out: &mut [u8]) -> usize {
    use super::lanes::*;
    let load = |s: &[u8]| load_bytes(bytes16(s));
    let alpha = splat32(0xff00_0000_u32 as i32);
    let strips = out.len() / STRIP;
    for j in 0..strips {
        let start = j * STRIP;
        let mut acc = [splat16(0); 4];
        for t in taps {
            let w = splat16(t.w);
            let src = &rows[t.ky][t.kx * CHANNELS + start..][..STRIP];
            for (h, half) in [load(src), load(&src[16..])].into_iter().enumerate() {
                let (lo, hi) = widen8(half);
                acc[2 * h] = add16(acc[2 * h], mul16(w, lo));
                acc[2 * h + 1] = add16(acc[2 * h + 1], mul16(w, hi));
            }
        }
        for h in 0..2 {
            let rgb = narrow16(acc[2 * h], acc[2 * h + 1]);
            let a = load(&alpha_row[start + 16 * h..]);
            store_bytes(select(alpha, a, rgb), bytes16_mut(&mut out[start + 16 * h..]));
        }
    }
    strips * STRIP
}

/// Padded source bytes a band aims for: its rows stay in cache while the taps read them.
const BAND_BYTES: usize = 256 * 1024;

/// Output rows per band. A band pads its rows and the `2r` around them once, so short bands
/// copy rows twice: at 1080p the 16 KiB bands of `rows_per_task` were 2 rows, padding 4.
/// At most ⌈height / 4·threads⌉, so that work stealing evens out the threads.
fn rows_per_band(width: usize, height: usize, r: usize, run: Run) -> usize {
    let fit = (BAND_BYTES / ((width + 2 * r) * CHANNELS)).saturating_sub(2 * r).max(1);
    if run.parallel { fit.min(height.div_ceil(4 * rayon::current_num_threads())).max(1) } else { fit }
}

/// Convolves R, G and B of `src` into `dst` with integer `taps` of a `2r + 1` square kernel;
/// alpha is copied, edges clamped: what [`super::convolve`] computes for these weights.
pub fn convolve_integer(src: &[u8], dst: &mut [u8], width: usize, height: usize, taps: &[IntTap], r: usize, run: Run) {
    if width == 0 || height == 0 {
        return;
    }
    let row_len = width * CHANNELS;
    let padded_len = (width + 2 * r) * CHANNELS;
    let band_rows = rows_per_band(width, height, r, run);
    run.expect(height);
    let band = |(b, out): (usize, &mut [u8])| {
        if run.cancelled() {
            return;
        }
        let rows_out = out.len() / row_len;
        run.advance(rows_out);
        let y0 = b * band_rows;
        // The band's source rows (clamped at the image's edges), each padded once.
        let mut padded = Vec::with_capacity((rows_out + 2 * r) * padded_len);
        for i in 0..rows_out + 2 * r {
            let sy = (y0 + i).saturating_sub(r).min(height - 1);
            extend_padded(&mut padded, &src[sy * row_len..][..row_len], r, r, |v| v);
        }
        let rows: Vec<&[u8]> = padded.chunks_exact(padded_len).collect();
        for (j, o) in out.chunks_exact_mut(row_len).enumerate() {
            let y = y0 + j;
            convolve_row(&rows[j..j + 2 * r + 1], taps, &src[y * row_len..][..row_len], o);
        }
    };
    if run.parallel {
        dst.par_chunks_mut(band_rows * row_len).enumerate().for_each(band);
    } else {
        dst.chunks_mut(band_rows * row_len).enumerate().for_each(band);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{convolve_padded_len, convolve_portable, rgba, rgba_mut};
    use super::*;

    use super::super::noise_image as image;

    #[test]
    fn takes_only_small_whole_weights() {
        assert_eq!(integer_taps(&[0., -1., 0., -1., 5., -1., 0., -1., 0.], 3).unwrap().len(), 5);
        assert!(integer_taps(&[0.5; 9], 3).is_none());
        assert!(integer_taps(&[f32::NAN; 1], 1).is_none());
        assert!(integer_taps(&[100., 29., 0., 0., 0., 0., 0., 0., 0.], 3).is_none(), "Σ|w| 129");
        assert!(integer_taps(&[-64., 64., 0., 0., 0., 0., 0., 0., 0.], 3).is_some());
    }

    #[test]
    fn equals_the_float_path_bit_for_bit() {
        let kernels: [(&[f32], usize); 5] = [
            (&[0., -1., 0., -1., 5., -1., 0., -1., 0.], 3),
            (&[-1., -1., -1., -1., 8., -1., -1., -1., -1.], 3),
            (&[-2., -1., 0., -1., 1., 1., 0., 1., 2.], 3),
            (&[3.], 1),
            (&[1.; 25], 5),
        ];
        for (w, h) in [(1, 1), (2, 3), (8, 2), (9, 3), (37, 19), (64, 33), (5, 200)] {
            let src = image(w, h, (w * h) as u32);
            for (weights, size) in kernels {
                let taps = integer_taps(weights, size).unwrap();
                let (mut a, mut b) = (vec![0; src.len()], vec![0; src.len()]);
                let mut padded = vec![0.0; convolve_padded_len(w, h, size)];
                convolve_portable(rgba(&src, w, h), rgba_mut(&mut a, w, h), &mut padded, weights, size, Run::SEQUENTIAL);
                convolve_integer(&src, &mut b, w, h, &taps, size / 2, Run::SEQUENTIAL);
                assert_eq!(a, b, "{w}×{h} kernel {weights:?}");
                let mut c = vec![0; src.len()];
                convolve_integer(&src, &mut c, w, h, &taps, size / 2, Run::PARALLEL);
                assert_eq!(b, c, "parallel {w}×{h}");
            }
        }
    }
}
