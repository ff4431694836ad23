//! Property tests over random sizes (including 0 and 1): every kernel's parallel form equals
//! its sequential form, and cheap invariants hold.

#![forbid(unsafe_code)]

use proptest::prelude::*;
use wasmpar::kernels::Run;
use wasmpar::kernels::{image, numeric};

fn rgba(data: &[u8], w: usize, h: usize) -> image::Rgba<'_> {
    image::Rgba::new(data, w, h).unwrap()
}

fn rgba_mut(data: &mut [u8], w: usize, h: usize) -> image::RgbaMut<'_> {
    image::RgbaMut::new(data, w, h).unwrap()
}

fn plane_view(data: &[f32], w: usize, h: usize) -> image::Plane<'_> {
    image::Plane::new(data, w, h).unwrap()
}

fn plane_view_mut(data: &mut [f32], w: usize, h: usize) -> image::PlaneMut<'_> {
    image::PlaneMut::new(data, w, h).unwrap()
}

fn pixels(w: usize, h: usize, seed: u8) -> Vec<u8> {
    (0..w * h * 4).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed ^ (i >> 7) as u8)).collect()
}

fn floats(n: usize, seed: u32) -> Vec<f32> {
    (0..n).map(|i| ((i as u32).wrapping_mul(2_654_435_761).wrapping_add(seed) % 2001) as f32 / 100.0 - 10.0).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn f32_plane_kernels_parallel_equals_sequential(w in 1usize..120, h in 1usize..120, seed: u32, sigma in 0.2f32..6.0, radius in 1usize..30, k in 0usize..8) {
        let src = floats(w * h, seed);
        let n = src.len();
        let (mut a, mut b, mut scratch) = (vec![0f32; n], vec![0f32; n], vec![0f32; n]);
        image::gaussian_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut a, w, h), &mut scratch, sigma, Run::SEQUENTIAL);
        image::gaussian_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut b, w, h), &mut scratch, sigma, Run::PARALLEL);
        prop_assert_eq!(&a, &b);
        image::box_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut a, w, h), &mut scratch, radius, Run::SEQUENTIAL);
        image::box_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut b, w, h), &mut scratch, radius, Run::PARALLEL);
        prop_assert_eq!(&a, &b);
        // A box blur is a mean: it stays within the input's range.
        let (lo, hi) = src.iter().fold((f32::MAX, f32::MIN), |(l, h), &v| (l.min(v), h.max(v)));
        prop_assert!(a.iter().all(|&v| v >= lo - 1e-3 && v <= hi + 1e-3));
        let size = 2 * k + 1;
        let weights = floats(size * size, seed ^ 9);
        image::convolve_plane(plane_view(&src, w, h), plane_view_mut(&mut a, w, h), &weights, size, Run::SEQUENTIAL);
        image::convolve_plane(plane_view(&src, w, h), plane_view_mut(&mut b, w, h), &weights, size, Run::PARALLEL);
        prop_assert_eq!(&a, &b);
        image::sobel_plane(plane_view(&src, w, h), plane_view_mut(&mut a, w, h), Run::SEQUENTIAL);
        image::sobel_plane(plane_view(&src, w, h), plane_view_mut(&mut b, w, h), Run::PARALLEL);
        prop_assert_eq!(&a, &b);
        prop_assert!(a.iter().all(|&v| v >= 0.0));
    }

    #[test]
    fn image_kernels_parallel_equals_sequential(w in 1usize..90, h in 1usize..90, seed: u8, sigma in 0.2f32..6.0, radius in 1usize..12, k in 0usize..4) {
        let src = pixels(w, h, seed);
        let n = src.len();
        let (mut a, mut b) = (vec![0u8; n], vec![0u8; n]);
        let mut scratch = vec![0f32; n];
        image::gaussian_blur(rgba(&src, w, h), rgba_mut(&mut a, w, h), &mut scratch, sigma, Run::SEQUENTIAL);
        image::gaussian_blur(rgba(&src, w, h), rgba_mut(&mut b, w, h), &mut scratch, sigma, Run::PARALLEL);
        prop_assert_eq!(&a, &b);

        let mut sums = vec![0u32; n];
        image::box_blur(rgba(&src, w, h), rgba_mut(&mut a, w, h), &mut sums, radius, Run::SEQUENTIAL);
        image::box_blur(rgba(&src, w, h), rgba_mut(&mut b, w, h), &mut sums, radius, Run::PARALLEL);
        prop_assert_eq!(&a, &b);

        let size = 2 * k + 1;
        let weights: Vec<f32> = (0..size * size).map(|i| ((i % 5) as f32 - 2.0) / 9.0).collect();
        let mut padded = vec![0f32; image::convolve_padded_len(w, h, size)];
        image::convolve(rgba(&src, w, h), rgba_mut(&mut a, w, h), &mut padded, &weights, size, Run::SEQUENTIAL);
        image::convolve(rgba(&src, w, h), rgba_mut(&mut b, w, h), &mut padded, &weights, size, Run::PARALLEL);
        prop_assert_eq!(&a, &b);

        let mut plane = vec![0u8; w * h];
        image::sobel(rgba(&src, w, h), rgba_mut(&mut a, w, h), &mut plane, Run::SEQUENTIAL);
        image::sobel(rgba(&src, w, h), rgba_mut(&mut b, w, h), &mut plane, Run::PARALLEL);
        prop_assert_eq!(&a, &b);

        let (dw, dh) = (w * 3 / 2 + 1, h / 2 + 1);
        let (mut ra, mut rb) = (vec![0u8; dw * dh * 4], vec![0u8; dw * dh * 4]);
        image::resize(rgba(&src, w, h), rgba_mut(&mut ra, dw, dh), Run::SEQUENTIAL);
        image::resize(rgba(&src, w, h), rgba_mut(&mut rb, dw, dh), Run::PARALLEL);
        prop_assert_eq!(ra, rb);

        image::rotate90(rgba(&src, w, h), rgba_mut(&mut a, h, w), Run::SEQUENTIAL);
        image::rotate90(rgba(&src, w, h), rgba_mut(&mut b, h, w), Run::PARALLEL);
        prop_assert_eq!(&a, &b);

        prop_assert_eq!(image::histogram(&src, Run::SEQUENTIAL), image::histogram(&src, Run::PARALLEL));
    }

    #[test]
    fn numeric_kernels_parallel_equals_sequential(n in 0usize..70_000, seed: u32) {
        let xs = floats(n, seed);
        let ys = floats(n, seed ^ 0x5555);
        prop_assert_eq!(numeric::sum(&xs, Run::SEQUENTIAL).to_bits(), numeric::sum(&xs, Run::PARALLEL).to_bits());
        prop_assert_eq!(numeric::dot(&xs, &ys, Run::SEQUENTIAL).to_bits(), numeric::dot(&xs, &ys, Run::PARALLEL).to_bits());
        prop_assert_eq!(numeric::min_max(&xs, Run::SEQUENTIAL), numeric::min_max(&xs, Run::PARALLEL));
        prop_assert_eq!(numeric::histogram_values(&xs, 17, -5.0, 5.0, Run::SEQUENTIAL), numeric::histogram_values(&xs, 17, -5.0, 5.0, Run::PARALLEL));

        let (mut p, mut q) = (xs.clone(), xs.clone());
        numeric::prefix_sum(&mut p, Run::SEQUENTIAL);
        numeric::prefix_sum(&mut q, Run::PARALLEL);
        prop_assert!(p.iter().zip(&q).all(|(a, b)| a.to_bits() == b.to_bits()));

        let (mut s, mut t) = (xs.clone(), xs.clone());
        numeric::sort_f32(&mut s, &mut [], Run::SEQUENTIAL);
        numeric::sort_f32(&mut t, &mut vec![0.0; numeric::sort_scratch_len(n, Run::PARALLEL)], Run::PARALLEL);
        prop_assert!(s.iter().zip(&t).all(|(a, b)| a.to_bits() == b.to_bits()));
        prop_assert!(s.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn matmul_and_transpose_parallel_equal_sequential(m in 1usize..40, k in 0usize..40, n in 1usize..40, seed: u32) {
        let a = floats(m * k, seed);
        let b = floats(k * n, seed ^ 7);
        let (mut c1, mut c2) = (vec![0f32; m * n], vec![0f32; m * n]);
        numeric::matmul(&a, &b, &mut c1, m, k, n, Run::SEQUENTIAL);
        numeric::matmul(&a, &b, &mut c2, m, k, n, Run::PARALLEL);
        prop_assert!(c1.iter().zip(&c2).all(|(x, y)| x.to_bits() == y.to_bits()));

        let src = floats(m * n, seed);
        let (mut t1, mut t2) = (vec![0f32; m * n], vec![0f32; m * n]);
        numeric::transpose_naive(&src, &mut t1, m, n);
        numeric::transpose(&src, &mut t2, m, n, Run::PARALLEL);
        prop_assert_eq!(t1, t2);
    }
}
