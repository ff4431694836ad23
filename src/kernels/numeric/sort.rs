//! Sorting numbers in place. Floats use IEEE total order with every NaN placed last, so the
//! result is fully determined (equal keys are bit-identical) and parallel equals sequential.
//!
//! The parallel form sorts runs of [`SORT_RUN`] elements at once, then merges them in rounds
//! through a scratch buffer, with the merges themselves split in parallel. Between runs and
//! merges it reports progress and stops when cancelled; a cancelled sort leaves the buffer a
//! permutation of its input (pairs not merged are copied as they are).

use crate::kernels::Run;
use rayon::prelude::*;
use std::cmp::Ordering;

/// Elements per sorted run (and the size below which a merge is not split further).
pub const SORT_RUN: usize = 1 << 16;

/// An integer with the order we sort floats in: IEEE total order (the bits with the sign
/// folded in), every NaN after every number. Comparing these is branch-free and much faster
/// than comparing the floats.
fn order_key64(x: f64) -> u128 {
    let bits = x.to_bits() as i64;
    let total = (bits ^ (((bits >> 63) as u64) >> 1) as i64) as u64 ^ (1 << 63);
    ((x.is_nan() as u128) << 64) | total as u128
}

fn order_key32(x: f32) -> u64 {
    let bits = x.to_bits() as i32;
    let total = (bits ^ (((bits >> 31) as u32) >> 1) as i32) as u32 ^ (1 << 31);
    ((x.is_nan() as u64) << 32) | total as u64
}

fn float_key(a: &f64, b: &f64) -> Ordering {
    order_key64(*a).cmp(&order_key64(*b))
}

fn float_key32(a: &f32, b: &f32) -> Ordering {
    order_key32(*a).cmp(&order_key32(*b))
}

/// Ascending; -0 before +0; NaNs last. `scratch` is used only by the parallel form of
/// inputs longer than [`SORT_RUN`]: `xs.len()` elements, or empty otherwise.
pub fn sort_f32(xs: &mut [f32], scratch: &mut [f32], run: Run) {
    sort_by(xs, scratch, float_key32, run)
}

/// Ascending; -0 before +0; NaNs last. `scratch` as for [`sort_f32`].
pub fn sort_f64(xs: &mut [f64], scratch: &mut [f64], run: Run) {
    sort_by(xs, scratch, float_key, run)
}

/// Ascending, for any integer type. `scratch` as for [`sort_f32`].
pub fn sort_int<T: Ord + Copy + Send + Sync>(xs: &mut [T], scratch: &mut [T], run: Run) {
    sort_by(xs, scratch, T::cmp, run)
}

/// Length of the scratch buffer a sort of `len` elements needs.
pub fn sort_scratch_len(len: usize, run: Run) -> usize {
    if run.parallel && len > SORT_RUN { len } else { 0 }
}

fn sort_by<T, F>(xs: &mut [T], scratch: &mut [T], cmp: F, run: Run)
where
    T: Copy + Send + Sync,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    if !run.parallel || xs.len() <= SORT_RUN {
        xs.sort_unstable_by(&cmp);
        return;
    }
    assert_eq!(scratch.len(), xs.len(), "sort scratch must be as long as the input");
    let runs = xs.len().div_ceil(SORT_RUN);
    let rounds = runs.next_power_of_two().trailing_zeros() as usize;
    run.expect(runs * (1 + rounds));
    xs.par_chunks_mut(SORT_RUN).for_each(|chunk| {
        if !run.cancelled() {
            chunk.sort_unstable_by(&cmp);
        }
        run.advance(1);
    });
    // Merge rounds alternate between xs and scratch; `in_xs` says where the data is. A
    // cancelled round finishes by copying, so the data is whole in one buffer after it.
    let mut in_xs = true;
    let mut width = SORT_RUN;
    while width < xs.len() && !run.cancelled() {
        let (src, dst): (&[T], &mut [T]) = if in_xs { (xs, scratch) } else { (scratch, xs) };
        src.par_chunks(2 * width).zip(dst.par_chunks_mut(2 * width)).for_each(|(pair, out)| {
            let (a, b) = pair.split_at(width.min(pair.len()));
            if run.cancelled() {
                out.copy_from_slice(pair); // keep a permutation: copy, do not merge
            } else {
                merge_par(a, b, out, &cmp, run);
            }
            run.advance(pair.len().div_ceil(SORT_RUN));
        });
        in_xs = !in_xs;
        width *= 2;
    }
    if !in_xs {
        xs.par_chunks_mut(SORT_RUN).zip(scratch.par_chunks(SORT_RUN)).for_each(|(x, s)| x.copy_from_slice(s));
    }
}

/// Merges sorted `a` and `b` into `out`, splitting large merges in two around the median of
/// the longer side (found in the other by binary search) so both halves run in parallel.
fn merge_par<T, F>(a: &[T], b: &[T], out: &mut [T], cmp: &F, run: Run)
where
    T: Copy + Send + Sync,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    if a.len() + b.len() <= SORT_RUN {
        // The unit of cancellation: a whole merge of a late round is the whole input.
        if run.cancelled() {
            let (out_a, out_b) = out.split_at_mut(a.len());
            out_a.copy_from_slice(a);
            out_b.copy_from_slice(b);
            return;
        }
        return merge(a, b, out, cmp);
    }
    let (long, short, long_first) = if a.len() >= b.len() { (a, b, true) } else { (b, a, false) };
    let mid = long.len() / 2;
    let pivot = &long[mid];
    // Elements of `a` go before equal elements of `b`, as in `merge`.
    let cut = if long_first {
        short.partition_point(|x| cmp(x, pivot) == Ordering::Less)
    } else {
        short.partition_point(|x| cmp(x, pivot) != Ordering::Greater)
    };
    let (long_lo, long_hi) = long.split_at(mid);
    let (short_lo, short_hi) = short.split_at(cut);
    let (out_lo, out_hi) = out.split_at_mut(mid + cut);
    let (a_lo, b_lo, a_hi, b_hi) = if long_first { (long_lo, short_lo, long_hi, short_hi) } else { (short_lo, long_lo, short_hi, long_hi) };
    rayon::join(|| merge_par(a_lo, b_lo, out_lo, cmp, run), || merge_par(a_hi, b_hi, out_hi, cmp, run));
}

/// Sequential merge; on ties `a` comes first.
fn merge<T: Copy, F: Fn(&T, &T) -> Ordering>(a: &[T], b: &[T], out: &mut [T], cmp: &F) {
    let (mut i, mut j) = (0, 0);
    for o in out.iter_mut() {
        let take_a = j == b.len() || (i < a.len() && cmp(&b[j], &a[i]) != Ordering::Less);
        if take_a {
            *o = a[i];
            i += 1;
        } else {
            *o = b[j];
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_sort_with_nan_last_and_negative_zero_first() {
        let mut xs = [3.0f32, f32::NAN, -1.0, 0.0, -0.0, f32::NEG_INFINITY, f32::NAN, 2.0];
        sort_f32(&mut xs, &mut [], Run::PARALLEL);
        assert_eq!(&xs[..6], &[f32::NEG_INFINITY, -1.0, -0.0, 0.0, 2.0, 3.0]);
        assert!(xs[5..].iter().skip(1).all(|v| v.is_nan()));
        assert!(xs[4].is_sign_positive() && xs[2].is_sign_negative());
    }

    #[test]
    fn parallel_sorts_match_sequential_and_are_ordered() {
        for n in [0, 1, 2, 1_000, 100_003, SORT_RUN * 5 + 3] {
            let f: Vec<f64> = (0..n).map(|i| if i % 97 == 0 { f64::NAN } else { ((i * 7919) % 1013) as f64 - 500.0 }).collect();
            let (mut a, mut b) = (f.clone(), f.clone());
            sort_f64(&mut a, &mut [], Run::SEQUENTIAL);
            sort_f64(&mut b, &mut vec![0.0; sort_scratch_len(n, Run::PARALLEL)], Run::PARALLEL);
            assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
            let numbers = a.iter().take_while(|v| !v.is_nan()).count();
            assert!(a[..numbers].windows(2).all(|w| w[0] <= w[1]));
            assert_eq!(a.len() - numbers, f.iter().filter(|v| v.is_nan()).count());
            let i: Vec<i32> = (0..f.len()).map(|i| (i as i32).wrapping_mul(-7919) % 1000).collect();
            let (mut x, mut y) = (i.clone(), i);
            sort_int(&mut x, &mut [], Run::SEQUENTIAL);
            sort_int(&mut y, &mut vec![0; sort_scratch_len(n, Run::PARALLEL)], Run::PARALLEL);
            assert_eq!(x, y);
            assert!(x.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn u32_sorts_in_unsigned_order() {
        for n in [0, 1, 3, 1_000, 100_003, SORT_RUN * 9 - 1] {
            let u: Vec<u32> = (0..n as u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
            let mut reference = u.clone();
            reference.sort(); // std's stable sort, as the plain reference
            let (mut x, mut y) = (u.clone(), u);
            sort_int(&mut x, &mut [], Run::SEQUENTIAL);
            sort_int(&mut y, &mut vec![0; sort_scratch_len(n, Run::PARALLEL)], Run::PARALLEL);
            assert_eq!(x, reference);
            assert_eq!(y, reference);
            if n > 3 {
                assert!(x[n - 1] > i32::MAX as u32, "values above i32::MAX sort last");
            }
        }
    }

    #[test]
    fn merges_split_in_parallel_keep_every_element() {
        // Many equal keys and long runs of one side: the cases where a split could go wrong.
        for n in [SORT_RUN + 1, 2 * SORT_RUN, 3 * SORT_RUN + 7, 700_001] {
            let xs: Vec<i32> = (0..n as i32).map(|i| if i % 3 == 0 { 5 } else { (i * 7919) % 50 }).collect();
            let mut reference = xs.clone();
            reference.sort();
            let mut got = xs.clone();
            sort_int(&mut got, &mut vec![0; n], Run::PARALLEL);
            assert_eq!(got, reference, "n = {n}");
            let mut already = reference.clone();
            sort_int(&mut already, &mut vec![0; n], Run::PARALLEL);
            assert_eq!(already, reference);
        }
    }
}
