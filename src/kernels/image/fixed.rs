//! Fixed-point weights shared by the 8-bit kernels that filter in integers (the resampler,
//! the Gaussian blur).

/// `weights` (each output's row of `taps`, summing to 1) in fixed point with `bits`
/// fractional bits, each row summing to exactly `1 << bits`: every weight rounded down,
/// then the units still missing given to the weights that lost the most.
pub(crate) fn quantize(weights: &[f64], taps: usize, bits: u32) -> Vec<i32> {
    let one = f64::from(1u32 << bits);
    let mut out = Vec::with_capacity(weights.len());
    for row in weights.chunks_exact(taps) {
        let scaled: Vec<f64> = row.iter().map(|w| w * one).collect();
        let mut q: Vec<i32> = scaled.iter().map(|s| s.floor() as i32).collect();
        let missing = (1i32 << bits) - q.iter().sum::<i32>();
        let mut order: Vec<usize> = (0..taps).collect();
        order.sort_by(|&a, &b| (scaled[b] - scaled[b].floor()).total_cmp(&(scaled[a] - scaled[a].floor())));
        // |missing| < taps; negative only if rounding pushed the exact sum just past one.
        for &k in order.iter().take(missing.max(0) as usize) {
            q[k] += 1;
        }
        for &k in order.iter().rev().take((-missing).max(0) as usize) {
            q[k] -= 1;
        }
        out.extend(q);
    }
    out
}

/// As [`quantize`] for one row of mirrored weights (odd in number, `w[r - k] == w[r + k]`),
/// keeping them mirrored: the units still missing go in twos to the distances that lost the
/// most, and an odd one to the centre. Each weight is still within one unit of exact.
pub(crate) fn quantize_mirrored(weights: &[f64], bits: u32) -> Vec<i32> {
    let r = weights.len() / 2;
    let one = f64::from(1u32 << bits);
    let scaled: Vec<f64> = weights[r..].iter().map(|w| w * one).collect();
    let mut q: Vec<i32> = scaled.iter().map(|s| s.floor() as i32).collect();
    // 0 ≤ missing ≤ 2r: each of the 2r + 1 weights lost less than one unit.
    let mut missing = (1i32 << bits) - q[0] - 2 * q[1..].iter().sum::<i32>();
    if missing % 2 == 1 {
        q[0] += 1;
        missing -= 1;
    }
    let mut order: Vec<usize> = (1..=r).collect();
    order.sort_by(|&a, &b| (scaled[b] - scaled[b].floor()).total_cmp(&(scaled[a] - scaled[a].floor())));
    for &k in order.iter().take((missing.max(0) / 2) as usize) {
        q[k] += 1;
    }
    q[1..].iter().rev().chain(&q).copied().collect()
}
