//! Inner loops that LLVM leaves scalar on wasm, written there with explicit SIMD128
//! operations; elsewhere the portable loop, which LLVM vectorises itself. Both forms do the
//! same IEEE operations in the same order, so they give the same bits.
//!
//! - [`ExplicitTaps`]: the taps of the convolution and of the Gaussian blur's horizontal
//!   pass over RGBA pixels held as four `f32` lanes, four pixels at a time (the portable
//!   form made the convolution 2.0× slower than native).
//! - [`round_to_u8x4`]: the convolution's rounding of a pixel's four sums to bytes (V8
//!   ran the portable form as four scalar conversions with NaN and range checks: a fifth of
//!   the convolution's time, profiled in Chromium).
//! - [`weighted_strip16`]: the Gaussian blur's vertical pass over a strip of 16 floats,
//!   rounded to bytes (profiled in Chromium: V8 ran the portable rounding as scalar
//!   conversions, each with NaN and range checks).
//! - [`round_scaled_to_u8`]: the box blur's rounded mean, `sum · (1/area)` rounded, which
//!   replaces a table lookup per byte (V8: a load, a bounds check and a byte load each).
//!
//! Note: the same treatment of axpy and the matmul block measured no gain (LLVM vectorises
//! those already), so they stay portable; sum and grayscale run at native speed with the
//! portable loop (0.94× and 1.03× native on one thread in the benchmark), so they do too,
//! and dot, which shares sum's chunk loop.

/// The convolution's taps: for each of `P` neighbouring RGBA pixels `p`,
/// `acc[p] + Σ_i weights[i] · pixels[p + i]`, lane by lane, in index order. `pixels` holds at
/// least `weights.len() + P - 1` pixels. Several pixels per call share each weight's
/// broadcast and the loop's bookkeeping (V8 spent three integer instructions per tap on it).
pub trait PixelTaps: Sync {
    /// `acc[p] + Σ_i weights[i] · pixels[p + i]` for each of the `P` pixels.
    fn sum<const P: usize>(weights: &[f32], pixels: &[[f32; 4]], acc: [[f32; 4]; P]) -> [[f32; 4]; P];
}

/// [`PixelTaps`] in explicit SIMD128 on wasm (LLVM left the portable form scalar there: the
/// convolution ran 2.0× slower than native); elsewhere the portable form.
pub struct ExplicitTaps;

/// [`PixelTaps`] as a portable loop, on every target: the benchmark's SIMD scenario runs it
/// beside [`ExplicitTaps`].
pub struct PortableTaps;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl PixelTaps for ExplicitTaps {
    #[inline]
    fn sum<const P: usize>(weights: &[f32], pixels: &[[f32; 4]], acc: [[f32; 4]; P]) -> [[f32; 4]; P] {
        use core::arch::wasm32::*;
        let mut v = acc.map(|a| f32x4(a[0], a[1], a[2], a[3]));
        for (&w, group) in weights.iter().zip(pixels.windows(P)) {
            let w = f32x4_splat(w);
            for (vp, px) in v.iter_mut().zip(group) {
                *vp = f32x4_add(*vp, f32x4_mul(w, f32x4(px[0], px[1], px[2], px[3])));
            }
        }
        v.map(|x| [f32x4_extract_lane::<0>(x), f32x4_extract_lane::<1>(x), f32x4_extract_lane::<2>(x), f32x4_extract_lane::<3>(x)])
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl PixelTaps for ExplicitTaps {
    #[inline]
    fn sum<const P: usize>(weights: &[f32], pixels: &[[f32; 4]], acc: [[f32; 4]; P]) -> [[f32; 4]; P] {
        PortableTaps::sum(weights, pixels, acc)
    }
}

impl PixelTaps for PortableTaps {
    #[inline]
    fn sum<const P: usize>(weights: &[f32], pixels: &[[f32; 4]], mut acc: [[f32; 4]; P]) -> [[f32; 4]; P] {
        for (&w, group) in weights.iter().zip(pixels.windows(P)) {
            for (a, px) in acc.iter_mut().zip(group) {
                for (lane, &v) in a.iter_mut().zip(px) {
                    *lane += w * v;
                }
            }
        }
        acc
    }
}

/// Each lane of `acc` rounded half up and clamped to a byte, as [`round_to_u8`] does.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
pub fn round_to_u8x4(acc: [f32; 4]) -> [u8; 4] {
    use core::arch::wasm32::*;
    let v = f32x4_add(f32x4(acc[0], acc[1], acc[2], acc[3]), f32x4_splat(0.5));
    // pmax/pmin keep NaN (as clamp does); the saturating truncation turns it into 0.
    let q = i32x4_trunc_sat_f32x4(f32x4_pmin(f32x4_pmax(v, f32x4_splat(0.0)), f32x4_splat(255.0)));
    let narrow = i16x8_narrow_i32x4(q, q);
    (i32x4_extract_lane::<0>(u8x16_narrow_i16x8(narrow, narrow)) as u32).to_le_bytes()
}

/// Each lane of `acc` rounded half up and clamped to a byte, as [`round_to_u8`] does.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub fn round_to_u8x4(acc: [f32; 4]) -> [u8; 4] {
    acc.map(round_to_u8)
}

/// Floats per strip of [`weighted_strip16`]: four 128-bit vectors.
pub const STRIP: usize = 16;

/// `Σ_k weights[k] · rows[k][16s..16s + 16]` in tap order from 0, each lane rounded half up
/// and clamped to a byte. Every row must hold at least `16s + 16` floats.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
pub fn weighted_strip16(weights: &[f32], rows: &[&[f32]], s: usize) -> [u8; STRIP] {
    use core::arch::wasm32::*;
    let mut acc = [f32x4_splat(0.0); 4];
    for (&w, row) in weights.iter().zip(rows) {
        let strip = &row.as_chunks::<STRIP>().0[s];
        let w = f32x4_splat(w);
        for (a, v) in acc.iter_mut().zip(strip.as_chunks::<4>().0) {
            *a = f32x4_add(*a, f32x4_mul(w, f32x4(v[0], v[1], v[2], v[3])));
        }
    }
    // (v + 0.5).clamp(0, 255) as u8, lane by lane: pmax/pmin keep NaN (as clamp does) and
    // the saturating truncation turns it into 0 (as `as u8` does).
    let bytes = acc.map(|a| {
        let v = f32x4_add(a, f32x4_splat(0.5));
        i32x4_trunc_sat_f32x4(f32x4_pmin(f32x4_pmax(v, f32x4_splat(0.0)), f32x4_splat(255.0)))
    });
    let packed = u8x16_narrow_i16x8(i16x8_narrow_i32x4(bytes[0], bytes[1]), i16x8_narrow_i32x4(bytes[2], bytes[3]));
    let mut out = [0u8; STRIP];
    out[..8].copy_from_slice(&i64x2_extract_lane::<0>(packed).to_le_bytes());
    out[8..].copy_from_slice(&i64x2_extract_lane::<1>(packed).to_le_bytes());
    out
}

/// `Σ_k weights[k] · rows[k][16s..16s + 16]` in tap order from 0, each lane rounded half up
/// and clamped to a byte. Every row must hold at least `16s + 16` floats.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub fn weighted_strip16(weights: &[f32], rows: &[&[f32]], s: usize) -> [u8; STRIP] {
    weighted_strip16_portable(weights, rows, s)
}

/// The portable form of [`weighted_strip16`], on every target.
#[inline]
pub fn weighted_strip16_portable(weights: &[f32], rows: &[&[f32]], s: usize) -> [u8; STRIP] {
    strip_sums(weights, rows, s).map(round_to_u8)
}

/// `Σ_k weights[k] · rows[k][16s..16s + 16]` in tap order from 0, unrounded. Portable on
/// every target: LLVM keeps the 16 sums in four vector registers, on wasm too (profiled);
/// only the rounding in [`weighted_strip16`] needed explicit SIMD there.
#[inline]
pub fn strip_sums(weights: &[f32], rows: &[&[f32]], s: usize) -> [f32; STRIP] {
    let mut acc = [0.0f32; STRIP];
    for (&w, row) in weights.iter().zip(rows) {
        for (a, &v) in acc.iter_mut().zip(&row.as_chunks::<STRIP>().0[s]) {
            *a += w * v;
        }
    }
    acc
}

/// A filtered value back to a byte: rounded half up, clamped to 0..=255 (NaN gives 0).
#[inline]
pub fn round_to_u8(v: f32) -> u8 {
    (v + 0.5).clamp(0.0, 255.0) as u8
}

/// `2^23` as f32: adding it to `0 <= x < 2^22` rounds `x` to the nearest integer (ties to
/// even), which then sits in the low bits of the sum's bit pattern.
const ROUNDING_BIAS: f32 = 8_388_608.0;

/// `out[i] = round(sums[i] as f32 · scale)` (to nearest, ties to even) for every `i` of the
/// shorter slice; every sum below 2^24 (its conversion is exact) and every product below 256.
/// Rounds by adding 2^23 rather than converting, which V8 guards with NaN and range checks.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn round_scaled_to_u8(sums: &[u32], out: &mut [u8], scale: f32) {
    use core::arch::wasm32::*;
    let (scale_v, bias_v, bias_bits) = (f32x4_splat(scale), f32x4_splat(ROUNDING_BIAS), i32x4_splat(ROUNDING_BIAS.to_bits() as i32));
    let (out_chunks, out_tail) = out.as_chunks_mut::<16>();
    let (sum_chunks, sum_tail) = sums.as_chunks::<16>();
    for (o, s) in out_chunks.iter_mut().zip(sum_chunks) {
        let lanes = s.as_chunks::<4>().0;
        let q: [v128; 4] = std::array::from_fn(|i| {
            let v = lanes[i].map(|x| x as i32);
            let f = f32x4_mul(f32x4_convert_i32x4(i32x4(v[0], v[1], v[2], v[3])), scale_v);
            i32x4_sub(f32x4_add(f, bias_v), bias_bits)
        });
        let packed = u8x16_narrow_i16x8(i16x8_narrow_i32x4(q[0], q[1]), i16x8_narrow_i32x4(q[2], q[3]));
        o[..8].copy_from_slice(&i64x2_extract_lane::<0>(packed).to_le_bytes());
        o[8..].copy_from_slice(&i64x2_extract_lane::<1>(packed).to_le_bytes());
    }
    round_scaled_to_u8_portable(sum_tail, out_tail, scale);
}

/// `out[i] = round(sums[i] as f32 · scale)` (to nearest, ties to even) for every `i` of the
/// shorter slice; every sum below 2^24 (its conversion is exact) and every product below 256.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub fn round_scaled_to_u8(sums: &[u32], out: &mut [u8], scale: f32) {
    round_scaled_to_u8_portable(sums, out, scale)
}

/// The portable form of [`round_scaled_to_u8`], on every target: the same f32 operations.
pub fn round_scaled_to_u8_portable(sums: &[u32], out: &mut [u8], scale: f32) {
    for (o, &s) in out.iter_mut().zip(sums) {
        // Through i32: x86-64's baseline converts signed integers to floats in one instruction.
        *o = (((s as i32) as f32 * scale + ROUNDING_BIAS).to_bits() - ROUNDING_BIAS.to_bits()) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_sum_adds_in_order_from_the_given_start() {
        let pixels = [[1.0, 2.0, 3.0, 4.0], [10.0, 20.0, 30.0, 40.0], [100.0, 200.0, 300.0, 400.0]];
        let one = [[21.5, 41.0, 61.5, 81.0]];
        assert_eq!(ExplicitTaps::sum(&[0.5, 2.0], &pixels, [[1.0, 0.0, 0.0, -1.0]]), one);
        assert_eq!(PortableTaps::sum(&[0.5, 2.0], &pixels, [[1.0, 0.0, 0.0, -1.0]]), one);
        let two = [[20.5, 41.0, 61.5, 82.0], [205.0, 410.0, 615.0, 820.0]];
        assert_eq!(ExplicitTaps::sum(&[0.5, 2.0], &pixels, [[0.0; 4]; 2]), two);
        assert_eq!(PortableTaps::sum(&[0.5, 2.0], &pixels, [[0.0; 4]; 2]), two);
        assert_eq!(ExplicitTaps::sum(&[], &[], [[7.0; 4]]), [[7.0; 4]]);
    }

    #[test]
    fn round_to_u8x4_matches_the_scalar_rounding() {
        for acc in [[-3.0, 0.49, 0.5, 254.5], [f32::NAN, 255.49, 1e9, -0.0], [127.5, 128.49, f32::INFINITY, 1.5]] {
            assert_eq!(round_to_u8x4(acc), acc.map(round_to_u8), "{acc:?}");
        }
        assert_eq!(round_to_u8x4([-3.0, 0.49, 0.5, 254.5]), [0, 0, 1, 255]);
    }

    #[test]
    fn weighted_strip_rounds_half_up_and_clamps_every_lane() {
        let a: Vec<f32> = (0..32).map(|i| (i as f32 - 18.0) * 40.0).collect();
        let b: Vec<f32> = (0..32).map(|i| if i == 16 { f32::NAN } else { 0.25 }).collect();
        let rows = [&a[..], &b[..]];
        let want: Vec<u8> = (16..32).map(|i| round_to_u8(a[i] * 0.5 + b[i] * 2.0)).collect();
        assert_eq!(weighted_strip16(&[0.5, 2.0], &rows, 1).to_vec(), want);
        assert_eq!(weighted_strip16_portable(&[0.5, 2.0], &rows, 1).to_vec(), want);
        assert_eq!(want[..3], [0, 0, 1], "NaN, a negative, 0.5 rounded up");
        assert_eq!(want[15], 255, "clamped");
        assert_eq!(weighted_strip16(&[], &[], 0), [0; STRIP]);
    }

    #[test]
    fn round_scaled_to_u8_rounds_to_nearest_even_including_the_tail() {
        let sums: Vec<u32> = (0..37).map(|i| i * 7).collect();
        let want: Vec<u8> = sums.iter().map(|&s| (s as f32 * 0.25).round_ties_even() as u8).collect();
        assert_eq!(want[2], 4, "3.5 to even");
        let mut out = vec![0u8; 37];
        round_scaled_to_u8(&sums, &mut out, 0.25);
        assert_eq!(out, want);
        round_scaled_to_u8_portable(&sums, &mut out, 0.25);
        assert_eq!(out, want);
    }
}
