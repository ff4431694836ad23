//! Matrix multiply, row-major, cache-tiled: `C = A · B` with A `m × k`, B `k × n`.

use super::Real;
use crate::kernels::control;
use rayon::prelude::*;

/// Rows of C per parallel task.
const ROWS: usize = 16;
/// The register block: 4 rows × 8 columns of C stay in registers (eight 128-bit vectors of
/// f32) while k runs, so each step loads one row of B and four values of A and stores nothing.
const MR: usize = 4;
const NR: usize = 8;

/// Computes rows of C (`c` holds whole rows starting at row `first`). Every element starts
/// at zero and adds its products in ascending k, so blocking and threads do not change the
/// bits.
fn rows<T: Real>(a: &[T], b: &[T], c: &mut [T], first: usize, k: usize, n: usize) {
    let m = c.len() / n;
    for j0 in (0..n).step_by(NR) {
        let nr = NR.min(n - j0);
        for i0 in (0..m).step_by(MR) {
            let mr = MR.min(m - i0);
            let mut acc = [[T::zero(); NR]; MR];
            if mr == MR && nr == NR {
                // The full block: fixed trip counts the compiler turns into SIMD.
                let a_rows: [&[T]; MR] = std::array::from_fn(|r| &a[(first + i0 + r) * k..][..k]);
                for kk in 0..k {
                    let brow: &[T; NR] = b[kk * n + j0..][..NR].try_into().expect("NR elements");
                    for (acc_row, a_row) in acc.iter_mut().zip(&a_rows) {
                        let av = a_row[kk];
                        for (cv, &bv) in acc_row.iter_mut().zip(brow) {
                            *cv = cv.add(av.mul(bv));
                        }
                    }
                }
            } else {
                // Edge blocks: the same arithmetic over the partial block.
                for kk in 0..k {
                    let brow = &b[kk * n + j0..][..nr];
                    for (r, acc_row) in acc.iter_mut().enumerate().take(mr) {
                        let av = a[(first + i0 + r) * k + kk];
                        for (cv, &bv) in acc_row.iter_mut().zip(brow) {
                            *cv = cv.add(av.mul(bv));
                        }
                    }
                }
            }
            for (r, acc_row) in acc.iter().enumerate().take(mr) {
                c[(i0 + r) * n + j0..][..nr].copy_from_slice(&acc_row[..nr]);
            }
        }
    }
}

/// `c = a · b` for row-major `a` (`m × k`), `b` (`k × n`), `c` (`m × n`).
pub fn matmul<T: Real>(a: &[T], b: &[T], c: &mut [T], m: usize, k: usize, n: usize) {
    if m == 0 || n == 0 {
        return;
    }
    for (i, block) in c.chunks_mut(ROWS * n).enumerate() {
        rows(a, b, block, i * ROWS, k, n);
    }
}

/// Parallel form of [`matmul`]: one task per block of rows of C; bit-identical.
pub fn matmul_par<T: Real>(a: &[T], b: &[T], c: &mut [T], m: usize, k: usize, n: usize) {
    if m == 0 || n == 0 {
        return;
    }
    control::expect(m);
    c.par_chunks_mut(ROWS * n).enumerate().for_each(|(i, block)| {
        if !control::cancelled() {
            rows(a, b, block, i * ROWS, k, n);
            control::advance(block.len() / n);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(a: &[f64], b: &[f64], m: usize, k: usize, n: usize) -> Vec<f64> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k).map(|kk| a[i * k + kk] * b[kk * n + j]).sum();
            }
        }
        c
    }

    #[test]
    fn matmul_matches_the_triple_loop_and_parallel_is_bit_identical() {
        for (m, k, n) in [(1, 1, 1), (2, 3, 4), (17, 1, 5), (33, 130, 19), (64, 257, 64)] {
            let a: Vec<f64> = (0..m * k).map(|i| (i % 11) as f64 - 5.0).collect();
            let b: Vec<f64> = (0..k * n).map(|i| (i % 7) as f64 * 0.5).collect();
            let mut c = vec![f64::NAN; m * n];
            matmul(&a, &b, &mut c, m, k, n);
            assert_eq!(c, reference(&a, &b, m, k, n), "{m}x{k}x{n}");
            let a32: Vec<f32> = a.iter().map(|&v| v as f32 * 0.37).collect();
            let b32: Vec<f32> = b.iter().map(|&v| v as f32 * 1.13).collect();
            let (mut s, mut p) = (vec![0f32; m * n], vec![0f32; m * n]);
            matmul(&a32, &b32, &mut s, m, k, n);
            matmul_par(&a32, &b32, &mut p, m, k, n);
            assert!(s.iter().zip(&p).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }

    #[test]
    fn empty_inner_dimension_gives_zeros() {
        let mut c = vec![9.0f32; 6];
        matmul(&[], &[], &mut c, 2, 0, 3);
        assert_eq!(c, vec![0.0; 6]);
    }
}
