//! The inner loops of the fixed-point blur's two passes (`blur_fixed`) for mirrored taps
//! (`w[r - k] == w[r + k]`, as every Gaussian and binomial kernel has): the two values at
//! distance k from the centre are added first, in 16-bit lanes, and multiplied once. Two
//! distances share one `dot`, so 2r + 1 taps cost r/2 + 1 `dot`s and r/2 16-bit adds per
//! four lanes where the general loops take r + 1 `dot`s; libvips and OpenCV fold symmetric
//! kernels the same way. The sums are exact integers either way, so both loops give the same
//! bits (tested in `blur_fixed`).
//!
//! A sum of two rows' values fits 16 bits because `blur_fixed` stores the rows centred on
//! zero (`MID_OFFSET`): each in [-2^14, 2^14).

use super::lanes::{self, V};

/// `$body` with `$m` bound to `$pairs` as a literal for every count the fixed-point path can
/// have (up to 8 pairs: 31 taps), so that the compiler can specialise the inlined loops over
/// the pairs (unrolled, the offsets constant; V8 also checks for interrupts in every loop
/// iteration it keeps). Other counts take the same body with `$m` as it is. Natively 1080p
/// σ 4 on one thread went 16.9 → 15.9 ms (alternating builds), Chromium 21.8–22.7 → 19.6–21.4
/// (noisy runs).
macro_rules! with_pairs {
    ($pairs:expr, $m:ident => $body:expr) => {
        with_pairs!(@counts $pairs, $m => $body, 1 2 3 4 5 6 7 8)
    };
    (@counts $pairs:expr, $m:ident => $body:expr, $($n:literal)*) => {
        match $pairs {
            $($n => {
                let $m = $n;
                $body
            })*
            $m => $body,
        }
    };
}

/// Weights for the folded loops: the centre tap as `[w, 0]` pairs, and the distances in
/// pairs `[w(2j - 1), w(2j)]` for j = 1..=⌈r/2⌉ (a zero weight after an odd last distance).
pub struct FoldedWeights {
    pub centre: [i16; 8],
    pub pairs: Vec<[i16; 8]>,
}

/// Whether `weights` (odd in number) read the same both ways.
pub fn is_mirrored(weights: &[i16]) -> bool {
    weights.iter().eq(weights.iter().rev())
}

/// The folded form of mirrored `weights`.
pub fn folded(weights: &[i16]) -> FoldedWeights {
    let r = weights.len() / 2;
    let c = weights[r];
    let pairs = weights[r + 1..]
        .chunks(2)
        .map(|p| {
            let (a, b) = (p[0], p.get(1).copied().unwrap_or(0));
            [a, b, a, b, a, b, a, b]
        })
        .collect();
    FoldedWeights { centre: [c, 0, c, 0, c, 0, c, 0], pairs }
}

/// `P` pixels of the horizontal pass (`L = 4P` lanes, 2^-7 units before `shift`, `round`
/// added), the first centred at position `c` of the padded row. `interleaved[q]` holds
/// positions q and q + 1 as `[r_q, r_q+1, g_q, …]`, `swapped[q]` the same pairs the other way
/// round (`[r_q+1, r_q, …]`), so distances 2j − 1 and 2j pair up as
/// `interleaved[c + 2j − 1] + swapped[c − 2j]`.
#[inline]
pub fn row_taps<const P: usize>(interleaved: &[[i16; 8]], swapped: &[[i16; 8]], c: usize, w: &FoldedWeights, round: i32) -> [V; P] {
    with_pairs!(w.pairs.len(), m => row_taps_m::<P>(interleaved, swapped, c, w, round, m))
}

/// [`row_taps`] for `m` pairs of distances, a constant in each arm of `with_pairs!`.
#[inline(always)]
fn row_taps_m<const P: usize>(interleaved: &[[i16; 8]], swapped: &[[i16; 8]], c: usize, w: &FoldedWeights, round: i32, m: usize) -> [V; P] {
    let pairs = &w.pairs[..m];
    // One bounds check each for the whole loop (see `blur_fixed::row_taps`).
    let right = &interleaved[c..c + P + 2 * m];
    let left = &swapped[c - 2 * m..c + P];
    let centre = lanes::load(&w.centre);
    // Pixel by pixel, all distances each: one sum live at a time. Distance by distance, the
    // four sums and the weights had outgrown the registers (Node 20's V8 spilled them every
    // step): Node one thread 1080p σ 4 23.6–24.3 → 21.7–22.4 ms, Chromium unchanged.
    core::array::from_fn(|p| {
        let mut a = lanes::add32(lanes::splat32(round), lanes::dot(lanes::load(&right[p]), centre));
        for (j, pair) in pairs.iter().enumerate() {
            // SAFETY: p + 2j + 1 < P + 2m = right.len(), and p + 2m − 2(j + 1) < P + 2m = left.len().
            let (near, far) = unsafe { (right.get_unchecked(p + 2 * j + 1), left.get_unchecked(p + 2 * (m - j - 1))) };
            a = lanes::add32(a, lanes::dot(lanes::add16(lanes::load(near), lanes::load(far)), lanes::load(pair)));
        }
        a
    })
}

/// Eight i16 lanes of `row` from `at`.
///
/// # Safety
/// `at + 8 <= row.len()`.
#[inline]
unsafe fn load8(row: &[i16], at: usize) -> V {
    debug_assert!(at + 8 <= row.len());
    // SAFETY: the caller keeps the eight lanes inside `row`.
    lanes::load(unsafe { &*row.as_ptr().add(at).cast::<[i16; 8]>() })
}

/// 16 lanes of the vertical pass from lane `s` as four i32 vectors (before the shift):
/// `centre` is the output row's own row of the horizontal pass, `mirrored[k − 1]` the rows
/// at distance k above and below (two per pair of weights; the last repeated after an odd
/// last distance).
///
/// # Safety
/// Every row holds at least `s + 16` lanes. (Checked by the caller once per output row: the
/// check here, per strip, took a sixth of the pass in Chromium.)
#[inline]
pub unsafe fn column_strip(centre: &[i16], mirrored: &[(&[i16], &[i16])], w: &FoldedWeights, s: usize, round: i32) -> [V; 4] {
    // SAFETY: the caller's promise, passed on.
    with_pairs!(w.pairs.len(), m => unsafe { column_strip_m(centre, mirrored, w, s, round, m) })
}

/// [`column_strip`] for `m` pairs of distances, a constant in each arm of `with_pairs!`.
///
/// # Safety
/// As [`column_strip`].
#[inline(always)]
unsafe fn column_strip_m(centre: &[i16], mirrored: &[(&[i16], &[i16])], w: &FoldedWeights, s: usize, round: i32, m: usize) -> [V; 4] {
    debug_assert!(s + 16 <= centre.len() && mirrored.iter().all(|(a, b)| s + 16 <= a.len() && s + 16 <= b.len()));
    let mirrored = &mirrored[..2 * m];
    let pairs = &w.pairs[..m];
    // Every load8 below reads lanes s + 8h .. s + 8h + 8 with h < 2: inside each row.
    let folded = |k: usize, h: usize| {
        let (a, b) = mirrored[k];
        // SAFETY: s + 8h + 8 ≤ s + 16 ≤ a.len() and b.len(), the caller's promise.
        unsafe { lanes::add16(load8(a, s + 8 * h), load8(b, s + 8 * h)) }
    };
    let wc = lanes::load(&w.centre);
    let mut acc = [lanes::splat32(round); 4];
    for h in 0..2 {
        // SAFETY: s + 8h + 8 ≤ s + 16 ≤ centre.len(), the caller's promise.
        let c = unsafe { load8(centre, s + 8 * h) };
        acc[2 * h] = lanes::add32(acc[2 * h], lanes::dot(lanes::zip_lo16(c, c), wc));
        acc[2 * h + 1] = lanes::add32(acc[2 * h + 1], lanes::dot(lanes::zip_hi16(c, c), wc));
    }
    for (j, pair) in pairs.iter().enumerate() {
        let pair = lanes::load(pair);
        for h in 0..2 {
            let (a, b) = (folded(2 * j, h), folded(2 * j + 1, h));
            acc[2 * h] = lanes::add32(acc[2 * h], lanes::dot(lanes::zip_lo16(a, b), pair));
            acc[2 * h + 1] = lanes::add32(acc[2 * h + 1], lanes::dot(lanes::zip_hi16(a, b), pair));
        }
    }
    acc
}
