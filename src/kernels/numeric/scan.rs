//! Inclusive prefix sum, in two passes so it runs in parallel: chunk totals, then each
//! chunk scans itself starting from the sum of the chunks before it.

use super::Real;
use crate::kernels::REDUCE_CHUNK;
use crate::kernels::Run;
use rayon::prelude::*;

fn scan_chunk<T: Real>(xs: &mut [T], start: T) {
    let mut acc = start;
    for x in xs.iter_mut() {
        acc = acc.add(*x);
        *x = acc;
    }
}

fn chunk_total<T: Real>(xs: &[T]) -> T {
    xs.iter().fold(T::zero(), |a, &x| a.add(x))
}

/// Offsets of each chunk: the running total of the chunk totals before it.
fn offsets<T: Real>(totals: &[T]) -> Vec<T> {
    let mut acc = T::zero();
    totals
        .iter()
        .map(|&t| {
            let start = acc;
            acc = acc.add(t);
            start
        })
        .collect()
}

/// `xs[i] = xs[0] + … + xs[i]` in place. Chunked the same way in parallel and sequentially, so the two
/// give the same bits (a float scan's rounding depends on the order of additions).
pub fn prefix_sum<T: Real>(xs: &mut [T], run: Run) {
    if run.parallel {
        let totals: Vec<T> = xs.par_chunks(REDUCE_CHUNK).map(chunk_total).collect();
        xs.par_chunks_mut(REDUCE_CHUNK).zip(offsets(&totals)).for_each(|(chunk, start)| scan_chunk(chunk, start));
    } else {
        let totals: Vec<T> = xs.chunks(REDUCE_CHUNK).map(chunk_total).collect();
        for (chunk, start) in xs.chunks_mut(REDUCE_CHUNK).zip(offsets(&totals)) {
            scan_chunk(chunk, start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_sum_of_whole_numbers_is_exact_and_parallel_matches() {
        for n in [0, 1, 2, 16_384, 16_385, 100_003] {
            let xs: Vec<f64> = (0..n).map(|i| (i % 10) as f64).collect();
            let mut seq = xs.clone();
            let mut par = xs.clone();
            prefix_sum(&mut seq, Run::SEQUENTIAL);
            prefix_sum(&mut par, Run::PARALLEL);
            assert_eq!(seq, par);
            let mut acc = 0.0;
            for (i, &x) in xs.iter().enumerate() {
                acc += x;
                assert_eq!(seq[i], acc);
            }
        }
    }

    #[test]
    fn float_prefix_sum_is_bit_identical_in_parallel() {
        let xs: Vec<f32> = (0..200_001).map(|i| ((i * 31) % 97) as f32 * 0.013 - 0.6).collect();
        let mut seq = xs.clone();
        let mut par = xs;
        prefix_sum(&mut seq, Run::SEQUENTIAL);
        prefix_sum(&mut par, Run::PARALLEL);
        assert!(seq.iter().zip(&par).all(|(a, b)| a.to_bits() == b.to_bits()));
    }
}
