//! Image kernels over interleaved RGBA `u8` pixels (4 bytes per pixel, rows packed), and
//! single-channel `f32` planes (`plane`).
//!
//! Parallel forms split the image into bands of whole rows; each output pixel is computed by
//! the same code in both forms, so the results are identical byte for byte.
//!
//! A kernel whose output depends on a pixel's neighbours or position takes its images as
//! views ([`Rgba`], [`RgbaMut`], [`Plane`], [`PlaneMut`]: a slice with its width and height,
//! checked when the view is made); an output of the wrong size is a bug in the caller and
//! panics. A kernel that maps each pixel on its own (grayscale, invert, threshold, the
//! brightness table, the histogram) takes the bytes of any number of RGBA pixels.
//!
//! # Examples
//!
//! Blur an RGBA image, find its edges, and make a thumbnail, in parallel on rayon's pool
//! (the global one, or inside your own `ThreadPool::install`):
//!
//! ```
//! use wasmpar::kernels::Run;
//! use wasmpar::kernels::image::{self, Filter, Plane, PlaneMut, Rgba, RgbaMut};
//!
//! # fn main() -> Result<(), image::SizeError> {
//! let (width, height) = (64, 48);
//! let rgba: Vec<u8> = (0..width * height * 4).map(|i| (i * 7 % 251) as u8).collect();
//! let photo = Rgba::new(&rgba, width, height)?; // fails unless the bytes are width × height × 4
//!
//! let mut blurred = vec![0; rgba.len()];
//! let mut scratch = vec![0.0; rgba.len()]; // the blur's intermediate rows
//! image::gaussian_blur(photo, RgbaMut::new(&mut blurred, width, height)?, &mut scratch, 1.5, Run::PARALLEL);
//!
//! let mut edges = vec![0; rgba.len()];
//! let mut luma = vec![0; width * height]; // Sobel's scratch plane
//! image::sobel(Rgba::new(&blurred, width, height)?, RgbaMut::new(&mut edges, width, height)?, &mut luma, Run::PARALLEL);
//! assert!(edges.chunks(4).all(|px| px[0] == px[1] && px[1] == px[2] && px[3] == 255));
//!
//! let mut thumb = vec![0; 16 * 12 * 4];
//! image::resample(photo, RgbaMut::new(&mut thumb, 16, 12)?, Filter::Lanczos3, Run::PARALLEL);
//!
//! // One channel: the plane kernels take f32 values, one per pixel.
//! let green: Vec<f32> = rgba.chunks(4).map(|px| f32::from(px[1]) / 255.0).collect();
//! let mut smooth = vec![0.0; green.len()];
//! let mut scratch = vec![0.0; green.len()];
//! image::gaussian_blur_plane(Plane::new(&green, width, height)?, PlaneMut::new(&mut smooth, width, height)?, &mut scratch, 2.0, Run::PARALLEL);
//! # Ok(())
//! # }
//! ```

mod blur;
#[allow(unsafe_code)] // SIMD loads and stores
mod blur_fixed;
#[allow(unsafe_code)] // unchecked loads in the inner loops (V8 keeps the checks)
mod blur_mirrored;
mod box_blur;
mod color;
mod convolve;
mod convolve_int;
mod convolve_separable;
mod edges;
mod fixed;
mod geometry;
mod histogram;
#[allow(unsafe_code)] // SIMD loads and stores
mod lanes;
mod plane;
#[allow(unsafe_code)] // SIMD loads and stores
mod resample;
#[allow(unsafe_code)] // unchecked loads of the vertical pass's rows
mod resample_columns;
mod resample_rows;
mod view;

pub use blur::{gaussian_blur, gaussian_blur_in_place, gaussian_blur_scratch_len, gaussian_weights};
pub use box_blur::{box_blur, box_blur_in_place, box_blur_scratch_len};
pub use color::{brightness_contrast, grayscale, grayscale_plane, invert, threshold};
pub use convolve::{MAX_KERNEL_SIZE, convolve, convolve_padded_len, convolve_portable, sharpen_with};
pub use edges::sobel;
pub use geometry::{flip, resize, rotate90};
pub use histogram::{HISTOGRAM_BINS, histogram};
pub use plane::{box_blur_plane, box_blur_plane_in_place, convolve_plane, gaussian_blur_plane, gaussian_blur_plane_in_place, sobel_plane};
pub use resample::{Filter, Taps, resample, resize_reference, taps};
pub use view::{Plane, PlaneMut, Rgba, RgbaMut, SizeError, View, ViewMut};

/// Bytes per RGBA pixel.
pub const CHANNELS: usize = 4;

/// Appends RGBA `row` to `out`, each byte through `f`, with `left` and `right` copies of its
/// edge pixels: tap loops over a padded row need no clamping.
pub(crate) fn extend_padded<T>(out: &mut Vec<T>, row: &[u8], left: usize, right: usize, f: impl Fn(u8) -> T) {
    let (first, last) = (&row[..CHANNELS], &row[row.len() - CHANNELS..]);
    (0..left).for_each(|_| out.extend(first.iter().map(|&v| f(v))));
    out.extend(row.iter().map(|&v| f(v)));
    (0..right).for_each(|_| out.extend(last.iter().map(|&v| f(v))));
}

/// Pixels per parallel task for the per-pixel passes (64 KiB of RGBA).
pub(crate) const PIXELS_PER_TASK: usize = 16 * 1024;

/// Rows per parallel task: enough work to amortise rayon's scheduling for small widths.
pub(crate) fn rows_per_task(width: usize) -> usize {
    (16 * 1024 / (width * CHANNELS).max(1)).max(1)
}

/// Output rows per band for the kernels that filter each band's source rows into a ring of
/// `window` rows kept in cache (the resampler, the fused blur). The only repeated work is the
/// rows two bands share, so bands are few: one when sequential, two per thread when parallel
/// (work stealing evens out a thread that starts late), and at least 4 windows tall. At
/// 1080p → 720p with Lanczos 3, 64 KiB bands (24 of them) cost 27.5 ms natively, 4 bands
/// 21.2, one band 20.9.
pub(crate) fn ring_band_rows(height: usize, window: usize, run: crate::kernels::Run) -> usize {
    if !run.parallel {
        return height;
    }
    height.div_ceil(2 * rayon::current_num_threads()).max(4 * window)
}

/// `data` as a `width × height` RGBA view, for the kernels' tests.
#[cfg(test)]
pub(crate) fn rgba(data: &[u8], width: usize, height: usize) -> Rgba<'_> {
    Rgba::new(data, width, height).expect("the test's image size")
}

/// `data` as a writable `width × height` RGBA view, for the kernels' tests.
#[cfg(test)]
pub(crate) fn rgba_mut(data: &mut [u8], width: usize, height: usize) -> RgbaMut<'_> {
    RgbaMut::new(data, width, height).expect("the test's image size")
}

/// `data` as a `width × height` plane, for the kernels' tests.
#[cfg(test)]
pub(crate) fn plane_view(data: &[f32], width: usize, height: usize) -> Plane<'_> {
    Plane::new(data, width, height).expect("the test's plane size")
}

/// `data` as a writable `width × height` plane, for the kernels' tests.
#[cfg(test)]
pub(crate) fn plane_view_mut(data: &mut [f32], width: usize, height: usize) -> PlaneMut<'_> {
    PlaneMut::new(data, width, height).expect("the test's plane size")
}

/// Pseudo-random RGBA bytes (xorshift32) for the kernels' tests: the same image for the
/// same `seed`.
#[cfg(test)]
pub(crate) fn noise_image(width: usize, height: usize, seed: u32) -> Vec<u8> {
    let mut s = seed.wrapping_mul(2654435761).wrapping_add(1);
    (0..width * height * CHANNELS)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            (s >> 24) as u8
        })
        .collect()
}
