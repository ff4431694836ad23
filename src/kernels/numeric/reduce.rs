//! Deterministic float reductions: fixed-size chunks, each summed with a fixed set of
//! lanes, chunk results added in index order in `f64`. Same bits on 1 or N threads.

use super::Real;
use crate::kernels::REDUCE_CHUNK;
use crate::kernels::Run;
use rayon::prelude::*;

/// Sums one chunk of products `a[i] * b[i]` (or of `a[i]` when `b` is `None`) with
/// `T::LANES` independent accumulators combined pairwise at the end.
fn chunk_sum<T: Real>(a: &[T], b: Option<&[T]>) -> f64 {
    let mut acc = [T::zero(); 8];
    let lanes = T::LANES;
    let whole = a.len() / lanes * lanes;
    match b {
        None => {
            for block in a[..whole].chunks_exact(lanes) {
                for (s, &x) in acc.iter_mut().zip(block) {
                    *s = s.add(x);
                }
            }
        }
        Some(b) => {
            for (xa, xb) in a[..whole].chunks_exact(lanes).zip(b[..whole].chunks_exact(lanes)) {
                for ((s, &x), &y) in acc.iter_mut().zip(xa).zip(xb) {
                    *s = s.add(x.mul(y));
                }
            }
        }
    }
    let mut total: f64 = acc[..lanes].iter().map(|v| v.to_f64()).sum();
    for i in whole..a.len() {
        total += match b {
            None => a[i].to_f64(),
            Some(b) => a[i].mul(b[i]).to_f64(),
        };
    }
    total
}

/// Sum of all elements, as `f64`. Empty input sums to 0.
/// The parallel form gives the same bits.
pub fn sum<T: Real>(xs: &[T], run: Run) -> f64 {
    if run.parallel {
        let parts: Vec<f64> = xs.par_chunks(REDUCE_CHUNK).map(|c| chunk_sum(c, None)).collect();
        parts.into_iter().fold(0.0, |s, c| s + c)
    } else {
        xs.chunks(REDUCE_CHUNK).map(|c| chunk_sum(c, None)).fold(0.0, |s, c| s + c)
    }
}

/// Dot product of `a` and `b` as `f64`. `a` and `b` must have the same length.
/// The parallel form gives the same bits.
pub fn dot<T: Real>(a: &[T], b: &[T], run: Run) -> f64 {
    if run.parallel {
        let parts: Vec<f64> = a.par_chunks(REDUCE_CHUNK).zip(b.par_chunks(REDUCE_CHUNK)).map(|(x, y)| chunk_sum(x, Some(y))).collect();
        parts.into_iter().fold(0.0, |s, c| s + c)
    } else {
        a.chunks(REDUCE_CHUNK).zip(b.chunks(REDUCE_CHUNK)).map(|(x, y)| chunk_sum(x, Some(y))).fold(0.0, |s, c| s + c)
    }
}

/// Sum of integer elements (`u8`, `i32`), exact: chunk sums in `i64`, returned as `f64`
/// (exact up to 2^53, which any buffer within the 2 GiB memory maximum stays under).
/// In parallel: integer addition is associative, so the results are equal.
pub fn sum_int<T: Copy + Into<i64> + Send + Sync>(xs: &[T], run: Run) -> f64 {
    if run.parallel {
        xs.par_chunks(REDUCE_CHUNK).map(|c| c.iter().map(|&x| x.into()).sum::<i64>()).sum::<i64>() as f64
    } else {
        xs.iter().map(|&x| x.into()).sum::<i64>() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_sums_are_exact_and_parallel_matches_sequential() {
        for n in SIZES {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 31) as u8).collect();
            let ints: Vec<i32> = (0..n).map(|i| (i as i32).wrapping_mul(7919) % 100_000).collect();
            let want_bytes: u64 = bytes.iter().map(|&b| b as u64).sum();
            let want_ints: i64 = ints.iter().map(|&v| v as i64).sum();
            assert_eq!(sum_int(&bytes, Run::SEQUENTIAL), want_bytes as f64);
            assert_eq!(sum_int(&bytes, Run::PARALLEL), want_bytes as f64);
            assert_eq!(sum_int(&ints, Run::SEQUENTIAL), want_ints as f64);
            assert_eq!(sum_int(&ints, Run::PARALLEL), want_ints as f64);
        }
    }

    const SIZES: [usize; 8] = [0, 1, 7, 31, 16_384, 16_411, 100_003, 1_000_003];

    fn data<T: Real>(n: usize, seed: usize) -> Vec<T> {
        (0..n).map(|i| T::from_f64((((i * 7919 + seed) % 1000) as f64) / 1000.0 - 0.5)).collect()
    }

    fn close(a: f64, b: f64, n: usize) -> bool {
        (a - b).abs() <= 1e-6 * (n as f64).max(1.0)
    }

    #[test]
    fn sum_matches_naive_f64_reference() {
        for n in SIZES {
            let xs32: Vec<f32> = data(n, 3);
            let xs64: Vec<f64> = data(n, 3);
            let want32: f64 = xs32.iter().map(|&v| v as f64).sum();
            let want64: f64 = xs64.iter().sum();
            assert!(close(sum(&xs32, Run::SEQUENTIAL), want32, n), "f32 n = {n}");
            assert!(close(sum(&xs64, Run::SEQUENTIAL), want64, n), "f64 n = {n}");
        }
    }

    #[test]
    fn sum_parallel_is_bit_identical_to_sequential() {
        for n in SIZES {
            let xs32: Vec<f32> = data(n, 1);
            let xs64: Vec<f64> = data(n, 1);
            assert_eq!(sum(&xs32, Run::SEQUENTIAL).to_bits(), sum(&xs32, Run::PARALLEL).to_bits(), "f32 n = {n}");
            assert_eq!(sum(&xs64, Run::SEQUENTIAL).to_bits(), sum(&xs64, Run::PARALLEL).to_bits(), "f64 n = {n}");
        }
    }

    #[test]
    fn sum_is_the_same_on_any_thread_count() {
        let xs: Vec<f32> = data(1_000_003, 5);
        let bits: Vec<u64> = [1, 2, 3, 7]
            .iter()
            .map(|&t| {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(t).build().unwrap();
                pool.install(|| sum(&xs, Run::PARALLEL)).to_bits()
            })
            .collect();
        assert!(bits.windows(2).all(|w| w[0] == w[1]), "{bits:?}");
    }

    #[test]
    fn dot_matches_reference_and_parallel_matches_sequential() {
        for n in SIZES {
            let a: Vec<f64> = data(n, 1);
            let b: Vec<f64> = data(n, 2);
            let want: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!(close(dot(&a, &b, Run::SEQUENTIAL), want, n), "n = {n}");
            assert_eq!(dot(&a, &b, Run::SEQUENTIAL).to_bits(), dot(&a, &b, Run::PARALLEL).to_bits());
            let a: Vec<f32> = data(n, 1);
            let b: Vec<f32> = data(n, 2);
            let want: f64 = a.iter().zip(&b).map(|(&x, &y)| (x * y) as f64).sum();
            assert!(close(dot(&a, &b, Run::SEQUENTIAL), want, n), "n = {n}");
            assert_eq!(dot(&a, &b, Run::SEQUENTIAL).to_bits(), dot(&a, &b, Run::PARALLEL).to_bits());
        }
    }
}
