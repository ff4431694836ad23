//! The resampler's vertical pass: an output row of bytes from the horizontal pass's rows
//! (`i16` lanes of 2^-7 units, 0..=255 · 2^7) that its taps read.
//!
//! Up to [`PAIRED_TAPS`] taps the weights are 2^-14 fixed point in 16-bit lanes and one
//! `dot` (`pmaddwd`) applies two taps to four lanes: the two rows' lanes zipped, as the
//! Gaussian's vertical pass does. The 32-bit form (a multiply per tap and lane, `pmulld` on
//! wasm, emulated with `pmuludq` natively) had taken most of a Lanczos 3 resize's time.
//! Beyond, for large reductions, the weights are 2^-15 in 32-bit lanes.
//!
//! Error of the pass (weights within one unit of exact, each output's summing to exactly
//! one): at most taps · 127.5 · 2^-14 (0.187 at 24 taps) paired, taps · 127.5 · 2^-15
//! beyond, before the final rounding. Bounds of the sums: |Σ w · v| ≤ 1.6 · 2^14 · 255 · 2^7
//! paired (8.6 · 10^8; one `dot`'s two products at most as much), 1.6 · 2^15 · 255 · 2^7
//! (1.7 · 10^9) wide: inside `i32`.

use super::fixed::quantize;
use super::lanes;
use super::resample::Taps;
use super::resample_rows::MID_BITS;

/// The most taps the paired 16-bit form takes (see the module notes for the error).
pub(super) const PAIRED_TAPS: usize = 24;
const PAIRED_BITS: u32 = 14;
const WIDE_BITS: u32 = 15;

/// Lanes of an output row per step of the paired form.
const STRIP: usize = 16;

/// A vertical pass's weights, prepared once per call.
pub(super) struct ColumnFilter {
    taps: usize,
    bits: u32,
    /// `taps` weights per output row in 2^-`bits` units.
    weights: Vec<i32>,
    /// The paired form's weights: ⌈taps / 2⌉ pairs `[w₀, w₁] × 4` per output row (a zero
    /// weight after an odd last tap), or none for the wide form.
    pairs: Vec<[i16; 8]>,
}

impl ColumnFilter {
    /// Source rows per output row.
    pub(super) fn taps(&self) -> usize {
        self.taps
    }

    pub(super) fn new(t: &Taps) -> ColumnFilter {
        let paired = t.taps <= PAIRED_TAPS;
        let bits = if paired { PAIRED_BITS } else { WIDE_BITS };
        let weights = quantize(&t.weights, t.taps, bits);
        let pairs = if paired {
            // Each |w| ≤ Σ|w| ≤ 1.6 (MAX_ABS_SUM), so w · 2^14 fits an i16.
            weights
                .chunks_exact(t.taps)
                .flat_map(|row| {
                    row.chunks(2).map(|p| {
                        let (a, b) = (p[0] as i16, p.get(1).map_or(0, |&w| w as i16));
                        [a, b, a, b, a, b, a, b]
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        ColumnFilter { taps: t.taps, bits, weights, pairs }
    }

    /// Output row `y` into `out`: tap `k` reads `mid[starts[k]..][..out.len()]`.
    pub(super) fn filter(&self, mid: &[i16], starts: &[usize], y: usize, out: &mut [u8]) {
        assert!(starts.len() == self.taps && starts.iter().all(|&s| s + out.len() <= mid.len()), "every tap's row lies in mid");
        let weights = &self.weights[y * self.taps..][..self.taps];
        let done = if self.pairs.is_empty() {
            0
        } else {
            let per_row = self.taps.div_ceil(2);
            let pairs = &self.pairs[y * per_row..][..per_row];
            // A copy per common pair count (bilinear 1, Lanczos 3 at 1× to 2× down 3 to 6), so
            // that the taps unroll; V8 kept the counted loop's overhead per strip.
            // SAFETY: every row `starts[k]..starts[k] + out.len()` lies in `mid` (asserted above).
            unsafe {
                match per_row {
                    1 => paired::<1>(mid, starts, pairs, out),
                    3 => paired::<3>(mid, starts, pairs, out),
                    4 => paired::<4>(mid, starts, pairs, out),
                    5 => paired::<5>(mid, starts, pairs, out),
                    6 => paired::<6>(mid, starts, pairs, out),
                    _ => paired::<0>(mid, starts, pairs, out),
                }
            }
        };
        let shift = self.bits + MID_BITS;
        let half = 1i32 << (shift - 1);
        for (i, o) in out.iter_mut().enumerate().skip(done) {
            let sum = starts.iter().zip(weights).fold(half, |a, (&s, &w)| a + w * i32::from(mid[s + i]));
            *o = (sum >> shift).clamp(0, 255) as u8;
        }
    }
}

/// The paired form over whole strips of `out`; returns the lanes written. `PAIRS` is
/// `pairs.len()`, or 0 for a count known only at run time.
///
/// # Safety
/// Every row `starts[k]..starts[k] + out.len()` lies inside `mid`.
unsafe fn paired<const PAIRS: usize>(mid: &[i16], starts: &[usize], pairs: &[[i16; 8]], out: &mut [u8]) -> usize {
    use lanes::*;
    let pairs = if PAIRS == 0 { pairs } else { &pairs[..PAIRS] };
    const SHIFT: u32 = PAIRED_BITS + MID_BITS;
    let last = starts.len() - 1;
    let strips = out.len() / STRIP * STRIP;
    // Eight lanes of the row starting at `start`, from lane `at`.
    // SAFETY: each use reads lanes at + 8 ≤ strips ≤ out.len() of a row, inside `mid` (the caller's promise).
    let lanes8 = |start: usize, at: usize| unsafe { load(&*mid.as_ptr().add(start + at).cast::<[i16; 8]>()) };
    for s in (0..strips).step_by(STRIP) {
        let mut acc = [splat32(1 << (SHIFT - 1)); 4];
        for (j, w) in pairs.iter().enumerate() {
            let w = load(w);
            // An odd last tap pairs with its own row again under a zero weight.
            let (top, bottom) = (starts[2 * j], starts[(2 * j + 1).min(last)]);
            for h in 0..2 {
                let (a, b) = (lanes8(top, s + 8 * h), lanes8(bottom, s + 8 * h));
                acc[2 * h] = add32(acc[2 * h], dot(zip_lo16(a, b), w));
                acc[2 * h + 1] = add32(acc[2 * h + 1], dot(zip_hi16(a, b), w));
            }
        }
        // To bytes, clamped at 0 and 255.
        store_bytes(bytes32(acc.map(shr32::<SHIFT>)), (&mut out[s..s + STRIP]).try_into().expect("16 bytes"));
    }
    strips
}

#[cfg(test)]
mod tests {
    use super::super::resample::{Filter, taps};
    use super::*;

    /// Both forms give what their weights say, lane for lane: the strips (SIMD) equal the
    /// scalar sum of the same integer weights, and the result is within the stated error.
    #[test]
    fn both_forms_stay_within_their_stated_error() {
        let lanes = 5 * 16 + 12; // strips and a tail
        for (input, output) in [(5, 9), (9, 5), (301, 200), (97, 31), (400, 100), (401, 99), (800, 100), (33, 1), (2, 1)] {
            for filter in [Filter::Bilinear, Filter::Area, Filter::Lanczos3] {
                let t = taps(input, output, filter);
                let f = ColumnFilter::new(&t);
                let mid: Vec<i16> = (0..input * lanes).map(|i| ((i * 7919 + input) % (255 * 128 + 1)) as i16).collect();
                for y in 0..output {
                    let starts: Vec<usize> = (0..t.taps).map(|k| (t.first[y] + k) * lanes).collect();
                    let mut out = vec![0u8; lanes];
                    f.filter(&mid, &starts, y, &mut out);
                    let w = &t.weights[y * t.taps..][..t.taps];
                    let bound = t.taps as f64 * 127.5 / f64::from(1u32 << f.bits);
                    for (i, &o) in out.iter().enumerate() {
                        let exact: f64 = w.iter().zip(&starts).map(|(wk, &s)| wk * f64::from(mid[s + i]) / 128.0).sum();
                        let q = &f.weights[y * t.taps..][..t.taps];
                        let fixed: i64 = q.iter().zip(&starts).map(|(&wk, &s)| i64::from(wk) * i64::from(mid[s + i])).sum();
                        let one = (1i64 << (f.bits + MID_BITS)) as f64;
                        let scalar = ((fixed as f64 / one) + 0.5).floor().clamp(0.0, 255.0);
                        assert_eq!(f64::from(o), scalar, "{filter:?} {input}→{output} row {y} lane {i}: SIMD and scalar differ");
                        assert!((fixed as f64 / one - exact).abs() <= bound, "{filter:?} {input}→{output} row {y} lane {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_paired_form_reaches_its_limit_and_the_wide_form_takes_over() {
        assert!(ColumnFilter::new(&taps(400, 100, Filter::Lanczos3)).pairs.len() == 100 * 12, "Lanczos 3 at 4× down is paired");
        assert!(ColumnFilter::new(&taps(800, 100, Filter::Lanczos3)).pairs.is_empty(), "at 8× down it is wide");
    }
}
