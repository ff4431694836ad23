//! Single-channel `f32` images ("planes") for numeric image work: depth maps, heat maps,
//! one colour channel in linear light. The same filters as the RGBA kernels, on one float per
//! pixel, with no rounding or clamping of values. Edges are clamped (the nearest edge pixel
//! repeats). Parallel forms split the output into bands of rows, and every output pixel is
//! computed by the same code in both forms, so the results are bit-identical.

use super::{Plane, PlaneMut, gaussian_weights};
use crate::kernels::Run;
use crate::kernels::simd::{STRIP, strip_sums};
use rayon::prelude::*;

/// Rows per parallel task: about 16 K floats of output.
fn band_rows(width: usize) -> usize {
    (16 * 1024 / width.max(1)).max(1)
}

/// Runs `fill(first_row, band)` over bands of whole rows of `out` (`width` floats a row),
/// reporting progress and stopping early on cancellation.
fn for_bands(out: &mut [f32], width: usize, run: Run, fill: impl Fn(usize, &mut [f32]) + Sync) {
    if width == 0 || out.is_empty() {
        return;
    }
    let rows = band_rows(width);
    run.expect(out.len() / width);
    let work = |(i, band): (usize, &mut [f32])| {
        if run.cancelled() {
            return;
        }
        fill(i * rows, band);
        run.advance(band.len() / width);
    };
    if run.parallel {
        out.par_chunks_mut(rows * width).enumerate().for_each(work);
    } else {
        out.chunks_mut(rows * width).enumerate().for_each(work);
    }
}

/// Index `i` clamped into `0..len`.
#[inline]
fn clamped(i: isize, len: usize) -> usize {
    i.clamp(0, len as isize - 1) as usize
}

/// `row` with `r` copies of its first and last value on either side.
fn pad(row: &[f32], r: usize, padded: &mut Vec<f32>) {
    padded.clear();
    padded.extend(std::iter::repeat_n(row[0], r));
    padded.extend_from_slice(row);
    padded.extend(std::iter::repeat_n(row[row.len() - 1], r));
}

/// Correlates every row of `src` with `weights` (odd length) into `out`, edges clamped.
/// Sixteen outputs at a time: each tap adds one weight times 16 neighbouring inputs, so the
/// sums vectorise across the row instead of reducing one pixel's taps at a time.
fn filter_rows(src: &[f32], out: &mut [f32], width: usize, weights: &[f32], run: Run) {
    let r = weights.len() / 2;
    for_bands(out, width, run, |first, band| {
        let mut padded = Vec::with_capacity(width + 2 * r);
        for (y, row_out) in (first..).zip(band.chunks_mut(width)) {
            pad(&src[y * width..(y + 1) * width], r, &mut padded);
            let (strips, tail) = row_out.as_chunks_mut::<STRIP>();
            for (s, strip_out) in strips.iter_mut().enumerate() {
                *strip_out = row_strip(weights, &padded[s * STRIP..]);
            }
            let x0 = width - tail.len();
            for (x, o) in (x0..).zip(tail.iter_mut()) {
                *o = weights.iter().zip(&padded[x..]).fold(-0.0, |a, (&w, &v)| a + w * v);
            }
        }
    });
}

/// `out[j] = Σ_k weights[k] · window[j + k]` for the 16 outputs `j`, in tap order from
/// -0.0 (as `Iterator::sum` starts, so a strip gives the tail's bits).
#[inline]
fn row_strip(weights: &[f32], window: &[f32]) -> [f32; STRIP] {
    let mut acc = [-0.0f32; STRIP];
    for (k, &w) in weights.iter().enumerate() {
        for (a, &v) in acc.iter_mut().zip(&window[k..k + STRIP]) {
            *a += w * v;
        }
    }
    acc
}

/// Correlates every column of `src` (`height` rows) with `weights` into `out`, edges clamped.
/// Each output row is a weighted sum of whole input rows, 16 floats at a time so the sums
/// stay in registers across the taps (as the RGBA blur's vertical pass does).
fn filter_columns(src: &[f32], out: &mut [f32], width: usize, height: usize, weights: &[f32], run: Run) {
    let r = weights.len() as isize / 2;
    for_bands(out, width, run, |first, band| {
        let mut taps = Vec::with_capacity(weights.len());
        for (y, row_out) in (first..).zip(band.chunks_mut(width)) {
            taps.clear();
            taps.extend((0..weights.len()).map(|k| {
                let sy = clamped(y as isize + k as isize - r, height);
                &src[sy * width..(sy + 1) * width]
            }));
            let (strips, tail) = row_out.as_chunks_mut::<STRIP>();
            for (s, strip_out) in strips.iter_mut().enumerate() {
                *strip_out = strip_sums(weights, &taps, s);
            }
            let x0 = width - tail.len();
            for (x, o) in (x0..).zip(tail.iter_mut()) {
                *o = weights.iter().zip(&taps).fold(0.0, |a, (&w, row)| a + w * row[x]);
            }
        }
    });
}

/// Gaussian blur of a `width × height` plane with standard deviation `sigma` (finite,
/// `0 < sigma`), separable with radius `ceil(3σ)`. `src` into `dst`; `scratch` holds
/// `width * height` floats.
pub fn gaussian_blur_plane(src: Plane, mut dst: PlaneMut, scratch: &mut [f32], sigma: f32, run: Run) {
    dst.expect_size(src.size(), "gaussian_blur_plane");
    let ((width, height), src, dst) = (src.size(), src.data(), dst.data_mut());
    let weights = gaussian_weights(sigma);
    filter_rows(src, scratch, width, &weights, run);
    filter_columns(scratch, dst, width, height, &weights, run);
}

/// [`gaussian_blur_plane`] in place: the row pass reads `image` whole before the column
/// pass writes it.
pub fn gaussian_blur_plane_in_place(image: PlaneMut, scratch: &mut [f32], sigma: f32, run: Run) {
    let ((width, height), image) = (image.size(), image.into_data());
    let weights = gaussian_weights(sigma);
    filter_rows(image, scratch, width, &weights, run);
    filter_columns(scratch, image, width, height, &weights, run);
}

/// Mean of the `(2·radius + 1)²` box around each pixel, edges clamped; running sums in `f64`,
/// so the cost does not depend on `radius`. `src` into `dst`; `scratch` holds
/// `width * height` floats.
pub fn box_blur_plane(src: Plane, mut dst: PlaneMut, scratch: &mut [f32], radius: usize, run: Run) {
    dst.expect_size(src.size(), "box_blur_plane");
    let ((width, height), src, dst) = (src.size(), src.data(), dst.data_mut());
    box_rows(src, scratch, width, radius, run);
    box_columns(scratch, dst, width, height, radius, run);
}

/// [`box_blur_plane`] in place.
pub fn box_blur_plane_in_place(image: PlaneMut, scratch: &mut [f32], radius: usize, run: Run) {
    let ((width, height), image) = (image.size(), image.into_data());
    box_rows(image, scratch, width, radius, run);
    box_columns(scratch, image, width, height, radius, run);
}

fn box_rows(src: &[f32], out: &mut [f32], width: usize, radius: usize, run: Run) {
    let (r, taps) = (radius as isize, (2 * radius + 1) as f64);
    for_bands(out, width, run, |first, band| {
        for (y, row_out) in (first..).zip(band.chunks_mut(width)) {
            let row = &src[y * width..(y + 1) * width];
            let mut sum: f64 = (-r..=r).map(|k| row[clamped(k, width)] as f64).sum();
            for (x, o) in row_out.iter_mut().enumerate() {
                *o = (sum / taps) as f32;
                let x = x as isize;
                sum += row[clamped(x + r + 1, width)] as f64 - row[clamped(x - r, width)] as f64;
            }
        }
    });
}

fn box_columns(src: &[f32], out: &mut [f32], width: usize, height: usize, radius: usize, run: Run) {
    let (r, taps) = (radius as isize, (2 * radius + 1) as f64);
    let row = |y: usize| &src[y * width..(y + 1) * width];
    for_bands(out, width, run, |first, band| {
        // Each band starts its own running sums of the rows first-r ..= first+r.
        let mut sums = vec![0f64; width];
        for k in -r..=r {
            for (s, &v) in sums.iter_mut().zip(row(clamped(first as isize + k, height))) {
                *s += v as f64;
            }
        }
        for (y, row_out) in (first..).zip(band.chunks_mut(width)) {
            let y = y as isize;
            let (enter, leave) = (row(clamped(y + r + 1, height)), row(clamped(y - r, height)));
            for (((o, s), &add), &sub) in row_out.iter_mut().zip(&mut sums).zip(enter).zip(leave) {
                *o = (*s / taps) as f32;
                *s += add as f64 - sub as f64;
            }
        }
    });
}

/// Correlates `src` with the `size × size` row-major `weights` (odd `size`) into `dst`,
/// weights applied as given (not flipped), edges clamped; sums in `f32`.
pub fn convolve_plane(src: Plane, mut dst: PlaneMut, weights: &[f32], size: usize, run: Run) {
    dst.expect_size(src.size(), "convolve_plane");
    let ((width, height), src, dst) = (src.size(), src.data(), dst.data_mut());
    let r = size / 2;
    for_bands(dst, width, run, |first, band| {
        let mut padded = Vec::with_capacity(width + 2 * r);
        for (y, row_out) in (first..).zip(band.chunks_mut(width)) {
            row_out.fill(0.0);
            for (i, kernel_row) in weights.chunks_exact(size).enumerate() {
                let sy = clamped((y + i) as isize - r as isize, height);
                pad(&src[sy * width..(sy + 1) * width], r, &mut padded);
                for (x, o) in row_out.iter_mut().enumerate() {
                    *o += kernel_row.iter().zip(&padded[x..]).map(|(&w, &v)| w * v).sum::<f32>();
                }
            }
        }
    });
}

/// Sobel gradient magnitude `sqrt(gx² + gy²)` of `src` into `dst`, edges clamped.
pub fn sobel_plane(src: Plane, mut dst: PlaneMut, run: Run) {
    dst.expect_size(src.size(), "sobel_plane");
    let ((width, height), src, dst) = (src.size(), src.data(), dst.data_mut());
    let at = |x: isize, y: isize| src[clamped(y, height) * width + clamped(x, width)];
    for_bands(dst, width, run, |first, band| {
        for (y, row_out) in (first..).zip(band.chunks_mut(width)) {
            let y = y as isize;
            for (x, o) in row_out.iter_mut().enumerate() {
                let x = x as isize;
                let gx =
                    at(x + 1, y - 1) + 2.0 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2.0 * at(x - 1, y) - at(x - 1, y + 1);
                let gy =
                    at(x - 1, y + 1) + 2.0 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2.0 * at(x, y - 1) - at(x + 1, y - 1);
                *o = (gx * gx + gy * gy).sqrt();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::image::{plane_view, plane_view_mut};

    /// The plane with values that vary in both directions.
    fn plane(width: usize, height: usize) -> Vec<f32> {
        (0..width * height).map(|i| ((i * 7919 % 1009) as f32) / 100.0 - 5.0).collect()
    }

    /// Direct 2D correlation with clamped edges: the plain reference.
    fn reference(src: &[f32], width: usize, height: usize, weights: &[f64], size: usize) -> Vec<f32> {
        let r = (size / 2) as isize;
        let mut out = vec![0f32; width * height];
        for y in 0..height as isize {
            for x in 0..width as isize {
                let mut acc = 0f64;
                for i in 0..size as isize {
                    for j in 0..size as isize {
                        let v = src[clamped(y + i - r, height) * width + clamped(x + j - r, width)];
                        acc += weights[(i * size as isize + j) as usize] * v as f64;
                    }
                }
                out[(y * width as isize + x) as usize] = acc as f32;
            }
        }
        out
    }

    fn close(a: &[f32], b: &[f32], tolerance: f32) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tolerance * (1.0 + y.abs()))
    }

    const SIZES: [(usize, usize); 6] = [(1, 1), (1, 9), (9, 1), (3, 2), (13, 11), (67, 41)];

    #[test]
    fn gaussian_matches_the_direct_2d_sum_and_parallel_matches_sequential() {
        for (w, h) in SIZES {
            for sigma in [0.5f32, 2.0] {
                let src = plane(w, h);
                let g = gaussian_weights(sigma);
                let outer: Vec<f64> = g.iter().flat_map(|&a| g.iter().map(move |&b| a as f64 * b as f64)).collect();
                let expected = reference(&src, w, h, &outer, g.len());
                let (mut seq, mut par, mut scratch) = (vec![0f32; w * h], vec![0f32; w * h], vec![0f32; w * h]);
                gaussian_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut seq, w, h), &mut scratch, sigma, Run::SEQUENTIAL);
                gaussian_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut par, w, h), &mut scratch, sigma, Run::PARALLEL);
                assert!(close(&seq, &expected, 1e-5), "{w}x{h} σ {sigma}");
                assert_eq!(seq, par);
                let mut in_place = src.clone();
                gaussian_blur_plane_in_place(plane_view_mut(&mut in_place, w, h), &mut scratch, sigma, Run::PARALLEL);
                assert_eq!(in_place, seq);
            }
        }
    }

    #[test]
    fn box_blur_is_the_clamped_box_mean() {
        for (w, h) in SIZES {
            for radius in [0, 1, 4, 40] {
                let src = plane(w, h);
                let size = 2 * radius + 1;
                let box_weights = vec![1.0 / (size * size) as f64; size * size];
                let expected = reference(&src, w, h, &box_weights, size);
                let (mut seq, mut par, mut scratch) = (vec![0f32; w * h], vec![0f32; w * h], vec![0f32; w * h]);
                box_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut seq, w, h), &mut scratch, radius, Run::SEQUENTIAL);
                box_blur_plane(plane_view(&src, w, h), plane_view_mut(&mut par, w, h), &mut scratch, radius, Run::PARALLEL);
                assert!(close(&seq, &expected, 1e-5), "{w}x{h} r {radius}");
                assert_eq!(seq, par);
                let mut in_place = src.clone();
                box_blur_plane_in_place(plane_view_mut(&mut in_place, w, h), &mut scratch, radius, Run::SEQUENTIAL);
                assert_eq!(in_place, seq);
            }
        }
    }

    #[test]
    fn convolve_applies_weights_unflipped_with_clamped_edges() {
        for (w, h) in SIZES {
            for size in [1, 3, 5, 15] {
                let src = plane(w, h);
                let weights: Vec<f32> = (0..size * size).map(|i| (i as f32 - 3.0) / 10.0).collect();
                let wide: Vec<f64> = weights.iter().map(|&v| v as f64).collect();
                let expected = reference(&src, w, h, &wide, size);
                let (mut seq, mut par) = (vec![0f32; w * h], vec![0f32; w * h]);
                convolve_plane(plane_view(&src, w, h), plane_view_mut(&mut seq, w, h), &weights, size, Run::SEQUENTIAL);
                convolve_plane(plane_view(&src, w, h), plane_view_mut(&mut par, w, h), &weights, size, Run::PARALLEL);
                assert!(close(&seq, &expected, 1e-4), "{w}x{h} k {size}");
                assert_eq!(seq, par);
            }
        }
        // A single 1 right of centre shifts the image left by one pixel (not flipped).
        let src = plane(5, 3);
        let mut shift = vec![0f32; 9];
        shift[5] = 1.0;
        let mut out = vec![0f32; 15];
        convolve_plane(plane_view(&src, 5, 3), plane_view_mut(&mut out, 5, 3), &shift, 3, Run::SEQUENTIAL);
        assert_eq!(out[0..4], src[1..5]);
        assert_eq!(out[4], src[4]);
    }

    #[test]
    fn sobel_is_the_gradient_magnitude() {
        for (w, h) in SIZES {
            let src = plane(w, h);
            let gx = [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0];
            let gy = [-1.0, -2.0, -1.0, 0.0, 0.0, 0.0, 1.0, 2.0, 1.0];
            let (ex, ey) = (reference(&src, w, h, &gx, 3), reference(&src, w, h, &gy, 3));
            let expected: Vec<f32> = ex.iter().zip(&ey).map(|(a, b)| (a * a + b * b).sqrt()).collect();
            let (mut seq, mut par) = (vec![0f32; w * h], vec![0f32; w * h]);
            sobel_plane(plane_view(&src, w, h), plane_view_mut(&mut seq, w, h), Run::SEQUENTIAL);
            sobel_plane(plane_view(&src, w, h), plane_view_mut(&mut par, w, h), Run::PARALLEL);
            assert!(close(&seq, &expected, 1e-5), "{w}x{h}");
            assert_eq!(seq, par);
        }
        // A vertical step of height 1 has magnitude 4 along it and 0 far from it.
        let step: Vec<f32> = (0..8 * 4).map(|i| if i % 8 >= 4 { 1.0 } else { 0.0 }).collect();
        let mut out = vec![0f32; 32];
        sobel_plane(plane_view(&step, 8, 4), plane_view_mut(&mut out, 8, 4), Run::SEQUENTIAL);
        assert_eq!(&out[0..8], &[0.0, 0.0, 0.0, 4.0, 4.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn empty_planes_are_left_alone() {
        let mut nothing: [f32; 0] = [];
        sobel_plane(plane_view(&[], 0, 0), plane_view_mut(&mut nothing, 0, 0), Run::PARALLEL);
        convolve_plane(plane_view(&[], 0, 0), plane_view_mut(&mut nothing, 0, 0), &[1.0], 1, Run::PARALLEL);
        box_blur_plane(plane_view(&[], 0, 0), plane_view_mut(&mut [], 0, 0), &mut [], 3, Run::PARALLEL);
        gaussian_blur_plane(plane_view(&[], 0, 0), plane_view_mut(&mut [], 0, 0), &mut [], 1.0, Run::PARALLEL);
    }
}
