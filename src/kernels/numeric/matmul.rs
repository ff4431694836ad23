//! Matrix multiply, row-major, cache-blocked: `C = A · B` with A `m × k`, B `k × n`.
//!
//! Blocked as in GotoBLAS, at a small scale. Each task owns a band of C's rows. For every
//! block of `KC` steps of k it copies its rows of A into `MR`-row panels (interleaved, step by
//! step), and for every `NR`-column panel of B copies that panel, so the register block reads
//! two contiguous streams with no bounds checks and no edge cases (panels are zero-padded;
//! only the valid part of a block is stored). Measured in Chromium (perf with V8's jitdump):
//! the unpacked loop indexed four rows of A and a strided row of B, and V8 spent 44
//! instructions per step on it, spilling the bounds bookkeeping to the stack, against about
//! 38 natively; packed, wasm went from 1.32× native to below it (512², one thread).

use super::Real;
use crate::kernels::Run;
use rayon::prelude::*;

/// The register block: 4 rows × 8 columns of C stay in registers (eight 128-bit vectors of
/// f32) while k runs; each step loads one packed row of B and four packed values of A.
const MR: usize = 4;
const NR: usize = 8;
/// Steps of k per packed block: a 64-row band of A (64 KiB of f32) stays in L2 and one
/// panel of B (8 KiB) in L1 while every row panel of the band passes over it.
const KC: usize = 256;
/// Rows of C per parallel task, at most; fewer for small matrices so there are ≥ 8 tasks.
const MAX_BAND: usize = 64;

/// Rows per task for an `m`-row C: a multiple of `MR` between `MR` and `MAX_BAND`.
fn band_rows(m: usize) -> usize {
    m.div_ceil(8).next_multiple_of(MR).clamp(MR, MAX_BAND)
}

/// The packed copies one task reuses: A's band for one k block, B's panel for one column block.
struct Packed<T> {
    a: Vec<T>,
    b: Vec<T>,
}

impl<T> Default for Packed<T> {
    fn default() -> Self {
        Packed { a: Vec::new(), b: Vec::new() }
    }
}

/// Copies rows `first..first + rows` of A, columns `k0..k0 + kc`, into `MR`-row panels: panel
/// p holds, step by step, the `MR` values of rows `p·MR..p·MR + MR`; rows past the band are 0.
fn pack_a<T: Real>(a: &[T], first: usize, rows: usize, k: usize, k0: usize, kc: usize, out: &mut Vec<T>) {
    out.clear();
    out.resize(rows.div_ceil(MR) * MR * kc, T::zero());
    for (panel, dst) in out.chunks_exact_mut(MR * kc).enumerate() {
        for r in 0..MR.min(rows - panel * MR) {
            let src = &a[(first + panel * MR + r) * k + k0..][..kc];
            for (step, &v) in dst.chunks_exact_mut(MR).zip(src) {
                step[r] = v;
            }
        }
    }
}

/// Copies rows `k0..k0 + kc`, columns `j0..j0 + NR` of B, step by step; columns past n are 0.
fn pack_b<T: Real>(b: &[T], n: usize, k0: usize, kc: usize, j0: usize, out: &mut Vec<T>) {
    let nr = NR.min(n - j0);
    out.clear();
    out.resize(NR * kc, T::zero());
    for (kk, dst) in out.chunks_exact_mut(NR).enumerate() {
        let src = &b[(k0 + kk) * n + j0..];
        if nr == NR {
            dst.copy_from_slice(&src[..NR]);
        } else {
            dst[..nr].copy_from_slice(&src[..nr]);
        }
    }
}

/// `acc += Σ_step a_step ⊗ b_step` over one packed A panel and one packed B panel, in
/// ascending step order. Fixed-size chunks: the compiler keeps `acc` in SIMD registers.
#[inline(always)]
fn micro_kernel<T: Real>(a_panel: &[T], b_panel: &[T], acc: &mut [[T; NR]; MR]) {
    let (a_steps, _) = a_panel.as_chunks::<MR>();
    let (b_steps, _) = b_panel.as_chunks::<NR>();
    let mut block = *acc;
    for (a_step, b_step) in a_steps.iter().zip(b_steps) {
        for (row, &av) in block.iter_mut().zip(a_step) {
            for (cv, &bv) in row.iter_mut().zip(b_step) {
                *cv = cv.add(av.mul(bv));
            }
        }
    }
    *acc = block;
}

/// Computes C's rows `first..` (`c` holds whole rows). Every element starts at zero and adds
/// its products in ascending k (a k block resumes from the stored partial sum, which is
/// exact), so blocking and threads do not change the bits. Stops when the running call is
/// cancelled, checked per column panel (at most 64 × 256 × 8 multiply-adds), since a band of
/// a wide product can take seconds; outside a call nothing is ever cancelled.
#[allow(clippy::too_many_arguments)] // the band, its place in C, its packing buffers, the run
fn band<T: Real>(a: &[T], b: &[T], c: &mut [T], first: usize, k: usize, n: usize, packed: &mut Packed<T>, run: Run) {
    let rows = c.len() / n;
    if k == 0 {
        c.fill(T::zero());
        return;
    }
    for k0 in (0..k).step_by(KC) {
        let kc = KC.min(k - k0);
        pack_a(a, first, rows, k, k0, kc, &mut packed.a);
        for j0 in (0..n).step_by(NR) {
            if run.cancelled() {
                return;
            }
            let nr = NR.min(n - j0);
            pack_b(b, n, k0, kc, j0, &mut packed.b);
            for (panel, a_panel) in packed.a.chunks_exact(MR * kc).enumerate() {
                let i0 = panel * MR;
                let mr = MR.min(rows - i0);
                let mut acc = [[T::zero(); NR]; MR];
                if k0 > 0 {
                    for (r, acc_row) in acc.iter_mut().enumerate().take(mr) {
                        acc_row[..nr].copy_from_slice(&c[(i0 + r) * n + j0..][..nr]);
                    }
                }
                micro_kernel(a_panel, &packed.b, &mut acc);
                for (r, acc_row) in acc.iter().enumerate().take(mr) {
                    c[(i0 + r) * n + j0..][..nr].copy_from_slice(&acc_row[..nr]);
                }
            }
        }
    }
}

/// `c = a · b` for row-major `a` (`m × k`), `b` (`k × n`), `c` (`m × n`). In parallel, one
/// task per band of rows of C; the bits are the same either way.
#[allow(clippy::too_many_arguments)] // three matrices and their three sizes, as BLAS has them
pub fn matmul<T: Real>(a: &[T], b: &[T], c: &mut [T], m: usize, k: usize, n: usize, run: Run) {
    if m == 0 || n == 0 {
        return;
    }
    let rows = band_rows(m);
    run.expect(m);
    let work = |packed: &mut Packed<T>, (i, block): (usize, &mut [T])| {
        if !run.cancelled() {
            band(a, b, block, i * rows, k, n, packed, run);
            run.advance(block.len() / n);
        }
    };
    if run.parallel {
        c.par_chunks_mut(rows * n).enumerate().for_each_init(Packed::default, work);
    } else {
        let mut packed = Packed::default();
        c.chunks_mut(rows * n).enumerate().for_each(|item| work(&mut packed, item));
    }
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
        for (m, k, n) in [(1, 1, 1), (2, 3, 4), (17, 1, 5), (33, 130, 19), (64, 257, 64), (70, 600, 13)] {
            let a: Vec<f64> = (0..m * k).map(|i| (i % 11) as f64 - 5.0).collect();
            let b: Vec<f64> = (0..k * n).map(|i| (i % 7) as f64 * 0.5).collect();
            let mut c = vec![f64::NAN; m * n];
            matmul(&a, &b, &mut c, m, k, n, Run::SEQUENTIAL);
            assert_eq!(c, reference(&a, &b, m, k, n), "{m}x{k}x{n}");
            let a32: Vec<f32> = a.iter().map(|&v| v as f32 * 0.37).collect();
            let b32: Vec<f32> = b.iter().map(|&v| v as f32 * 1.13).collect();
            let (mut s, mut p) = (vec![0f32; m * n], vec![0f32; m * n]);
            matmul(&a32, &b32, &mut s, m, k, n, Run::SEQUENTIAL);
            matmul(&a32, &b32, &mut p, m, k, n, Run::PARALLEL);
            assert!(s.iter().zip(&p).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }

    #[test]
    fn empty_inner_dimension_gives_zeros() {
        let mut c = vec![9.0f32; 6];
        matmul(&[], &[], &mut c, 2, 0, 3, Run::SEQUENTIAL);
        assert_eq!(c, vec![0.0; 6]);
    }
}
