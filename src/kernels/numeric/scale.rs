//! Element-wise BLAS-1 kernels, in place.

use super::Real;
use crate::kernels::REDUCE_CHUNK;
use crate::kernels::Run;
use rayon::prelude::*;

/// `y[i] = alpha * x[i] + y[i]`. `x` and `y` must have the same length.
pub fn axpy<T: Real>(alpha: T, x: &[T], y: &mut [T], run: Run) {
    if run.parallel {
        y.par_chunks_mut(REDUCE_CHUNK).zip(x.par_chunks(REDUCE_CHUNK)).for_each(|(y, x)| axpy(alpha, x, y, Run::SEQUENTIAL));
    } else {
        for (yi, &xi) in y.iter_mut().zip(x) {
            *yi = alpha.mul(xi).add(*yi);
        }
    }
}

/// `x[i] = alpha * x[i]`.
pub fn scale<T: Real>(alpha: T, x: &mut [T], run: Run) {
    if run.parallel {
        x.par_chunks_mut(REDUCE_CHUNK).for_each(|x| scale(alpha, x, Run::SEQUENTIAL));
    } else {
        for xi in x.iter_mut() {
            *xi = alpha.mul(*xi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> Vec<f32> {
        (0..n).map(|i| (i % 97) as f32 * 0.25 - 3.0).collect()
    }

    #[test]
    fn axpy_matches_reference_and_parallel_matches_sequential() {
        for n in [0, 1, 5, 16_385, 200_003] {
            let x = data(n);
            let y0: Vec<f32> = data(n).iter().map(|v| v * 3.0).collect();
            let mut seq = y0.clone();
            let mut par = y0.clone();
            axpy(1.5, &x, &mut seq, Run::SEQUENTIAL);
            axpy(1.5, &x, &mut par, Run::PARALLEL);
            assert_eq!(seq, par);
            for i in 0..n {
                assert_eq!(seq[i], 1.5 * x[i] + y0[i]);
            }
        }
    }

    #[test]
    fn scale_matches_reference_and_parallel_matches_sequential() {
        for n in [0, 1, 5, 16_385, 200_003] {
            let x0: Vec<f64> = data(n).iter().map(|&v| v as f64).collect();
            let mut seq = x0.clone();
            let mut par = x0.clone();
            scale(-0.5, &mut seq, Run::SEQUENTIAL);
            scale(-0.5, &mut par, Run::PARALLEL);
            assert_eq!(seq, par);
            assert!(seq.iter().zip(&x0).all(|(s, x)| *s == -0.5 * x));
        }
    }
}
