//! The convolution's inner loop: a weighted sum of RGBA pixels held as four `f32` lanes.
//! On wasm with SIMD128 it is written with explicit `f32x4` operations, because LLVM leaves the portable form scalar there (measured: the convolution ran 2.0×
//! slower than native before); elsewhere the portable loop, which LLVM vectorises itself.
//! Both do the same IEEE operations in the same order, so they give the same bits.
//! Note: the same treatment of the Gaussian blur's passes, axpy and the matmul block
//! measured no gain (LLVM vectorises those already), so they stay portable.

/// `Σ weights[i] · window[4i..4i+4]`, lane by lane, in index order.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
pub fn weighted_sum4(weights: &[f32], window: &[f32], acc: [f32; 4]) -> [f32; 4] {
    use core::arch::wasm32::{f32x4, f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_splat};
    let mut v = f32x4(acc[0], acc[1], acc[2], acc[3]);
    for (&w, p) in weights.iter().zip(window.chunks_exact(4)) {
        v = f32x4_add(v, f32x4_mul(f32x4_splat(w), f32x4(p[0], p[1], p[2], p[3])));
    }
    [f32x4_extract_lane::<0>(v), f32x4_extract_lane::<1>(v), f32x4_extract_lane::<2>(v), f32x4_extract_lane::<3>(v)]
}

/// `Σ weights[i] · window[4i..4i+4]`, lane by lane, in index order.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub fn weighted_sum4(weights: &[f32], window: &[f32], acc: [f32; 4]) -> [f32; 4] {
    weighted_sum4_portable(weights, window, acc)
}

/// The portable form of [`weighted_sum4`], on every target: the benchmark's SIMD scenario
/// runs it beside the explicit form.
#[inline]
pub fn weighted_sum4_portable(weights: &[f32], window: &[f32], mut acc: [f32; 4]) -> [f32; 4] {
    for (&w, p) in weights.iter().zip(window.chunks_exact(4)) {
        for (a, &v) in acc.iter_mut().zip(p) {
            *a += w * v;
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_sum_adds_in_order_from_the_given_start() {
        let window = [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(weighted_sum4(&[0.5, 2.0], &window, [1.0, 0.0, 0.0, -1.0]), [21.5, 41.0, 61.5, 81.0]);
        assert_eq!(weighted_sum4(&[], &[], [7.0; 4]), [7.0; 4]);
        assert_eq!(weighted_sum4_portable(&[0.5, 2.0], &window, [1.0, 0.0, 0.0, -1.0]), [21.5, 41.0, 61.5, 81.0]);
    }
}
