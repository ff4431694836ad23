//! The resampler's horizontal pass: one source row of RGBA bytes into `i16` lanes of 2^-7
//! units, clamped to 0..=255, through each output pixel's taps.
//!
//! Up to [`PAIRED_TAPS`] taps (Lanczos 3 down to 4×, every bilinear and area reduction to
//! 8×) the weights are 2^-14 fixed point in 16-bit lanes and one `dot` (`pmaddwd`) applies
//! two taps to a pixel's four channels: sixteen source bytes (taps 0 and 2, 1 and 3) give two `dot`s, where the
//! 32-bit form splats, widens and multiplies each pixel alone (three times the
//! instructions). Pillow-SIMD's horizontal pass pairs taps the same way. Beyond, the
//! weights are 2^-20 in 32-bit lanes.
//!
//! Error of a pass (weights within one unit of exact, each row's summing to exactly one, so
//! the error is Σ eₖ·(vₖ − 127.5)): at most taps · 127.5 · 2^-14 (0.187 at 24 taps) paired,
//! taps · 127.5 · 2^-20 beyond, plus the 2^-8 of rounding to the rows' units.

use super::CHANNELS;
use super::fixed::quantize;
use super::lanes;
use super::resample::Taps;

/// Fractional bits of the rows between the passes, and their largest value (255).
pub(super) const MID_BITS: u32 = 7;
pub(super) const MID_MAX: i32 = 255 << MID_BITS;

/// The most taps the paired 16-bit form takes (see the module notes for the error).
pub(super) const PAIRED_TAPS: usize = 24;
const PAIRED_BITS: u32 = 14;
const WIDE_BITS: u32 = 20;

/// A horizontal pass's weights, prepared once per call.
pub(super) struct RowFilter {
    first: Vec<usize>,
    form: Form,
}

enum Form {
    /// `quads` groups of four taps per output (zero weights pad), as pairs of i16 packed in
    /// an i32 (`w₀ | w₂ << 16`, then `w₁ | w₃ << 16`: the lane order of `dot`).
    Paired { quads: usize, pairs: Vec<i32> },
    /// `taps` i32 weights per output.
    Wide { taps: usize, weights: Vec<i32> },
}

impl RowFilter {
    pub(super) fn new(t: &Taps) -> RowFilter {
        let form = if t.taps <= PAIRED_TAPS {
            let quads = t.taps.div_ceil(4);
            let q = quantize(&t.weights, t.taps, PAIRED_BITS);
            let mut pairs = Vec::with_capacity(t.first.len() * 2 * quads);
            // Each |w| ≤ 1.6 (Σ|w| is, see MAX_ABS_SUM), so w · 2^14 fits an i16.
            let pack = |a: i32, b: i32| i32::from(a as i16 as u16) | (b << 16);
            for row in q.chunks_exact(t.taps) {
                let padded: Vec<i32> = row.iter().copied().chain(std::iter::repeat(0)).take(4 * quads).collect();
                // Taps 0 and 2, then 1 and 3, of each quad: the pairs `pixel_pairs_at` makes.
                pairs.extend(padded.chunks_exact(4).flat_map(|w| [pack(w[0], w[2]), pack(w[1], w[3])]));
            }
            Form::Paired { quads, pairs }
        } else {
            Form::Wide { taps: t.taps, weights: quantize(&t.weights, t.taps, WIDE_BITS) }
        };
        RowFilter { first: t.first.clone(), form }
    }

    /// Filters `src` (one source row) into `out` (the output row's lanes). `tail` is work
    /// space the paired form copies the row's end into, so that a quad past it can be loaded.
    pub(super) fn filter(&self, src: &[u8], out: &mut [i16], tail: &mut Vec<u8>) {
        if src.len() == out.len() {
            // Every filter's weights at scale 1 are the identity.
            for (o, &v) in out.iter_mut().zip(src) {
                *o = i16::from(v) << MID_BITS;
            }
            return;
        }
        match &self.form {
            // One copy per quad count, so each output's taps are straight-line code: V8 kept
            // the runtime-counted loop's counter, bounds checks and stack check per quad.
            Form::Paired { quads, pairs } => match quads {
                1 => paired::<1>(src, tail, out, &self.first, pairs),
                2 => paired::<2>(src, tail, out, &self.first, pairs),
                3 => paired::<3>(src, tail, out, &self.first, pairs),
                4 => paired::<4>(src, tail, out, &self.first, pairs),
                5 => paired::<5>(src, tail, out, &self.first, pairs),
                _ => paired::<{ PAIRED_TAPS / 4 }>(src, tail, out, &self.first, pairs),
            },
            Form::Wide { taps, weights } => wide(src, out, *taps, &self.first, weights),
        }
    }
}

/// The paired form. Outputs whose last quad would pass the row's end read a copy of that end
/// padded with zeros (zero weights meet them); the rest read `src` itself (copying the whole
/// row had cost a tenth of a resize natively).
fn paired<const QUADS: usize>(src: &[u8], tail: &mut Vec<u8>, out: &mut [i16], first: &[usize], pairs: &[i32]) {
    use lanes::*;
    // `first` only grows, so the outputs that read `src` come first.
    let direct = first.partition_point(|&f| f * CHANNELS + 16 * QUADS <= src.len());
    let tail_from = first.get(direct).map_or(src.len(), |&f| f * CHANNELS);
    tail.clear();
    tail.extend_from_slice(&src[tail_from..]);
    tail.resize(src.len() - tail_from + 16 * QUADS, 0);
    let tail = &tail[..];
    // A function, not a closure: only a function can be marked to always inline.
    #[inline(always)]
    fn pixel<const QUADS: usize>(
        x: usize,
        (src, tail, tail_from, direct): (&[u8], &[u8], usize, usize),
        first: &[usize],
        pairs: &[i32],
    ) -> V {
        let px = if x < direct { &src[first[x] * CHANNELS..] } else { &tail[first[x] * CHANNELS - tail_from..] };
        taps_of::<QUADS>(&px[..16 * QUADS], &pairs[x * 2 * QUADS..][..2 * QUADS])
    }
    let rows = (src, tail, tail_from, direct);
    let sum = |x: usize| pixel::<QUADS>(x, rows, first, pairs);
    let (zero, max) = (splat32(0), splat32(MID_MAX | (MID_MAX << 16)));
    let clamp = |a: V, b: V| min16(max16(narrow32(a, b), zero), max);
    let pairs_out = out.len() / (2 * CHANNELS);
    for (j, dst) in out.chunks_exact_mut(2 * CHANNELS).enumerate() {
        let v = clamp(sum(2 * j), sum(2 * j + 1));
        store(v, dst.try_into().expect("8 lanes"));
    }
    if !out.len().is_multiple_of(2 * CHANNELS) {
        let last = sum(2 * pairs_out);
        let mut lanes = [0i16; 8];
        store(clamp(last, last), &mut lanes);
        out[2 * pairs_out * CHANNELS..].copy_from_slice(&lanes[..CHANNELS]);
    }
}

/// One output pixel of the paired form from its `16 · QUADS` source bytes and `2 · QUADS`
/// weight pairs, in 2^-7 units. Always inlined: called, it cost a third more.
#[inline(always)]
fn taps_of<const QUADS: usize>(px: &[u8], w: &[i32]) -> lanes::V {
    use lanes::*;
    let mut acc = splat32(1 << (PAIRED_BITS - MID_BITS - 1));
    for q in 0..QUADS {
        let (p02, p13) = pixel_pairs_at(px[16 * q..][..16].try_into().expect("16 bytes"));
        acc = add32(acc, dot(p02, splat32(w[2 * q])));
        acc = add32(acc, dot(p13, splat32(w[2 * q + 1])));
    }
    shr32::<{ PAIRED_BITS - MID_BITS }>(acc)
}

/// The 32-bit form in explicit SIMD128 on wasm: a pixel's four channels in one `i32x4`,
/// two output pixels narrowed into one 16-byte store (LLVM left the portable form scalar
/// there, and extracting lanes one by one cost as much as the taps).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn wide(src: &[u8], out: &mut [i16], taps: usize, first: &[usize], weights: &[i32]) {
    use core::arch::wasm32::*;
    let sum = |start: usize, w: &[i32]| -> v128 {
        let mut acc = i32x4_splat(1 << (WIDE_BITS - MID_BITS - 1));
        for (p, &wk) in src[start * CHANNELS..][..taps * CHANNELS].chunks_exact(CHANNELS).zip(w) {
            // The pixel's 4 bytes as one word, splat, then widened: bytes 0..4 become lanes 0..4.
            let word = i32::from_le_bytes([p[0], p[1], p[2], p[3]]);
            let lanes = u32x4_extend_low_u16x8(u16x8_extend_low_u8x16(i32x4_splat(word)));
            acc = i32x4_add(acc, i32x4_mul(lanes, i32x4_splat(wk)));
        }
        i32x4_shr(acc, WIDE_BITS - MID_BITS)
    };
    let max = u16x8_splat(MID_MAX as u16);
    let pairs = out.len() / (2 * CHANNELS);
    for (j, dst) in out.chunks_exact_mut(2 * CHANNELS).enumerate() {
        let (a, b) = (2 * j, 2 * j + 1);
        let a = sum(first[a], &weights[a * taps..][..taps]);
        let b = sum(first[b], &weights[b * taps..][..taps]);
        // Saturating narrow clamps below at 0; the min clamps above at 255 · 2^7.
        let v = u16x8_min(u16x8_narrow_i32x4(a, b), max);
        lanes::store(v, dst.try_into().expect("8 lanes"));
    }
    if !out.len().is_multiple_of(2 * CHANNELS) {
        let last = 2 * pairs;
        let r = sum(first[last], &weights[last * taps..][..taps]);
        let r = i32x4_min(i32x4_max(r, i32x4_splat(0)), i32x4_splat(MID_MAX));
        let px = &mut out[last * CHANNELS..][..CHANNELS];
        px[0] = i32x4_extract_lane::<0>(r) as i16;
        px[1] = i32x4_extract_lane::<1>(r) as i16;
        px[2] = i32x4_extract_lane::<2>(r) as i16;
        px[3] = i32x4_extract_lane::<3>(r) as i16;
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn wide(src: &[u8], out: &mut [i16], taps: usize, first: &[usize], weights: &[i32]) {
    for ((px, &start), w) in out.chunks_exact_mut(CHANNELS).zip(first).zip(weights.chunks_exact(taps)) {
        let mut acc = [1i32 << (WIDE_BITS - MID_BITS - 1); CHANNELS];
        for (p, &wk) in src[start * CHANNELS..][..taps * CHANNELS].chunks_exact(CHANNELS).zip(w) {
            for c in 0..CHANNELS {
                acc[c] += wk * i32::from(p[c]);
            }
        }
        for c in 0..CHANNELS {
            px[c] = (acc[c] >> (WIDE_BITS - MID_BITS)).clamp(0, MID_MAX) as i16;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::noise_image;
    use super::super::resample::{Filter, taps};
    use super::*;

    /// The pass in f64 with the exact weights, clamped, in 2^-7 units.
    fn exact_row(src: &[u8], t: &Taps, x: usize, c: usize) -> f64 {
        let w = &t.weights[x * t.taps..][..t.taps];
        let s: f64 = w.iter().enumerate().map(|(k, wk)| wk * f64::from(src[(t.first[x] + k) * CHANNELS + c])).sum();
        s.clamp(0.0, 255.0) * f64::from(1u32 << MID_BITS)
    }

    #[test]
    fn both_forms_stay_within_their_stated_error() {
        // From 2 taps (bilinear up) to past the paired limit (Lanczos 3 at 4× and 8× down).
        for (input, output) in [(5, 9), (9, 5), (301, 200), (97, 31), (400, 100), (401, 99), (800, 100), (33, 1), (1, 1), (2, 1)] {
            let src = noise_image(input, 1, (input * 7 + output) as u32);
            for filter in [Filter::Bilinear, Filter::Area, Filter::Lanczos3] {
                let t = taps(input, output, filter);
                let f = RowFilter::new(&t);
                let mut out = vec![0i16; output * CHANNELS];
                f.filter(&src, &mut out, &mut Vec::new());
                let bits = if t.taps <= PAIRED_TAPS { PAIRED_BITS } else { WIDE_BITS };
                // Units of 2^-7: the weights' bound plus the half unit of rounding.
                let bound = t.taps as f64 * 127.5 * f64::from(1u32 << MID_BITS) / f64::from(1u32 << bits) + 0.5;
                for (i, &o) in out.iter().enumerate() {
                    let exact = exact_row(&src, &t, i / CHANNELS, i % CHANNELS);
                    let err = (f64::from(o) - exact).abs();
                    assert!(err <= bound, "{filter:?} {input}→{output} ({} taps) lane {i}: {o} vs {exact}", t.taps);
                }
            }
        }
    }

    #[test]
    fn the_paired_form_reaches_its_limit_and_the_wide_form_takes_over() {
        assert!(taps(400, 100, Filter::Lanczos3).taps <= PAIRED_TAPS, "Lanczos 3 at 4× down is paired");
        assert!(taps(800, 100, Filter::Lanczos3).taps > PAIRED_TAPS, "at 8× down it is wide");
    }
}
