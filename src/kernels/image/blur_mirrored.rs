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
/// (noisy runs). Now only [`column_strip`] (the in-place blur's vertical pass) uses it: the
/// horizontal loop and [`window_strip`] run faster rolled.
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
    let m = w.pairs.len();
    // One bounds check each for the whole loop (see `blur_fixed::row_taps`).
    let right = &interleaved[c..c + P + 2 * m];
    let left = &swapped[c - 2 * m..c + P];
    let centre = lanes::load(&w.centre);
    let mut acc: [V; P] = core::array::from_fn(|p| lanes::add32(lanes::splat32(round), lanes::dot(lanes::load(&right[p]), centre)));
    // Distance by distance in a loop that is not unrolled: the P sums and the pair's weights
    // stay in registers. Unrolled (pixel by pixel, every count its own copy), LLVM shared
    // each load between pixels and V8 spilled a dozen vectors per step. Beside the fused
    // blur's window form this loop took Chromium one thread 1080p σ 4 from 31.4 to 22.0 ms;
    // beside the old vertical pass it changed little (0.96–1.06; A/B, two instances each).
    let (mut near, mut far) = (right.as_ptr().wrapping_add(1), left.as_ptr().wrapping_add(2 * m).wrapping_sub(2));
    for pair in &w.pairs {
        let pair = lanes::load(pair);
        for (p, a) in acc.iter_mut().enumerate() {
            // SAFETY: at pair j, near is right[2j + 1] and far is left[2m − 2 − 2j]: p + 2j + 1
            // < P + 2m = right.len(), p + 2m − 2 − 2j < P + 2m = left.len().
            let (n, f) = unsafe { (&*near.add(p), &*far.add(p)) };
            *a = lanes::add32(*a, lanes::dot(lanes::add16(lanes::load(n), lanes::load(f)), pair));
        }
        (near, far) = (near.wrapping_add(2), far.wrapping_sub(2));
    }
    acc
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

/// [`column_strip`] for the fused blur, whose rows lie `PITCH` lanes apart in one window:
/// row k of `window`, from lane (k + 1) · PITCH, is the horizontal pass's row at distance
/// k − r from the output row (row −1 is padding that a zero weight reads after an odd last
/// distance). With `PITCH` a constant each pair of distances reads its four rows from two
/// addresses, one moving up and one down, at constant offsets, where [`column_strip`] loads
/// each row's address (25 of them, spilled) for every strip. With the ring in strips of 512
/// pixels and the horizontal loop in `row_taps`: Node one thread 1080p σ 4 0.81 of before,
/// Chromium 0.85, Node two threads 0.74 (A/B, two instances each, interleaved).
///
/// # Safety
/// `window` holds at least `(2 r + 3) · PITCH` lanes, `s + 16 <= PITCH`, and
/// `w.pairs.len() == ⌈r / 2⌉`.
#[inline]
pub unsafe fn window_strip<const PITCH: usize>(window: &[i16], r: usize, w: &FoldedWeights, s: usize, round: i32) -> [V; 4] {
    debug_assert!(w.pairs.len() == r.div_ceil(2) && window.len() >= (2 * r + 3) * PITCH && s + 16 <= PITCH);
    /// Eight lanes from `offset` lanes past `p`.
    ///
    /// # Safety
    /// They lie inside `window`.
    #[inline(always)]
    unsafe fn at(p: *const i16, offset: usize) -> V {
        // SAFETY: the caller's promise.
        unsafe { lanes::load(&*p.add(offset).cast::<[i16; 8]>()) }
    }
    // Every lane read below is at most (2 r + 2) · PITCH + s + 15 < window.len() (the
    // caller's promise): the centre row r at (r + 1) · PITCH, the pairs' rows within 0 ..= 2r + 1.
    // SAFETY: (r + 1) · PITCH + s < window.len().
    let centre = unsafe { window.as_ptr().add((r + 1) * PITCH + s) };
    let wc = lanes::load(&w.centre);
    let mut acc = [lanes::splat32(round); 4];
    for h in 0..2 {
        // SAFETY: the centre row's lanes s .. s + 16.
        let c = unsafe { at(centre, 8 * h) };
        acc[2 * h] = lanes::add32(acc[2 * h], lanes::dot(lanes::zip_lo16(c, c), wc));
        acc[2 * h + 1] = lanes::add32(acc[2 * h + 1], lanes::dot(lanes::zip_hi16(c, c), wc));
    }
    // Distances 2j + 1 and 2j + 2: above, rows r − 2j − 2 and the next (from `up`); below,
    // rows r + 2j + 1 and the next (from `down`). Past the window after the last pair (never
    // read), so the moves wrap.
    let (mut up, mut down) = (centre.wrapping_sub(2 * PITCH), centre.wrapping_add(PITCH));
    for pair in &w.pairs {
        let pair = lanes::load(pair);
        for h in 0..2 {
            // SAFETY: rows r − 2j − 2 ≥ −1 and r + 2j + 2 ≤ 2r + 1 for j < ⌈r / 2⌉, lanes s .. s + 16.
            let (a, b) =
                unsafe { (lanes::add16(at(up, PITCH + 8 * h), at(down, 8 * h)), lanes::add16(at(up, 8 * h), at(down, PITCH + 8 * h))) };
            acc[2 * h] = lanes::add32(acc[2 * h], lanes::dot(lanes::zip_lo16(a, b), pair));
            acc[2 * h + 1] = lanes::add32(acc[2 * h + 1], lanes::dot(lanes::zip_hi16(a, b), pair));
        }
        (up, down) = (up.wrapping_sub(2 * PITCH), down.wrapping_add(2 * PITCH));
    }
    acc
}
