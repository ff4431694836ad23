//! Image kernels over interleaved RGBA `u8` pixels (4 bytes per pixel, rows packed), and
//! single-channel `f32` planes (`plane`).
//!
//! Parallel forms split the image into bands of whole rows; each output pixel is computed by
//! the same code in both forms, so the results are identical byte for byte.
//!
//! # Examples
//!
//! Blur an RGBA image, find its edges, and make a thumbnail, in parallel on rayon's pool
//! (the global one, or inside your own `ThreadPool::install`):
//!
//! ```
//! use wasmpar::kernels::Run;
//! use wasmpar::kernels::image::{self, Filter};
//!
//! let (width, height) = (64, 48);
//! let rgba: Vec<u8> = (0..width * height * 4).map(|i| (i * 7 % 251) as u8).collect();
//!
//! let mut blurred = vec![0; rgba.len()];
//! let mut scratch = vec![0.0; rgba.len()]; // the blur's intermediate rows
//! image::gaussian_blur(&rgba, &mut blurred, &mut scratch, width, height, 1.5, Run::PARALLEL);
//!
//! let mut edges = vec![0; rgba.len()];
//! let mut luma = vec![0; width * height]; // Sobel's scratch plane
//! image::sobel(&blurred, &mut edges, &mut luma, width, height, Run::PARALLEL);
//! assert!(edges.chunks(4).all(|px| px[0] == px[1] && px[1] == px[2] && px[3] == 255));
//!
//! let mut thumb = vec![0; 16 * 12 * 4];
//! image::resample(&rgba, (width, height), &mut thumb, (16, 12), Filter::Lanczos3, Run::PARALLEL);
//!
//! // One channel: the plane kernels take f32 values, one per pixel.
//! let plane: Vec<f32> = rgba.chunks(4).map(|px| f32::from(px[1]) / 255.0).collect();
//! let mut smooth = vec![0.0; plane.len()];
//! image::gaussian_blur_plane(&plane, &mut smooth, &mut vec![0.0; plane.len()], width, height, 2.0, Run::PARALLEL);
//! ```

mod blur;
#[allow(unsafe_code)] // SIMD loads and stores
mod blur_fixed;
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

pub use blur::{gaussian_blur, gaussian_blur_in_place, gaussian_weights};
pub use box_blur::{box_blur, box_blur_in_place};
pub use color::{brightness_contrast, grayscale, grayscale_plane, invert, threshold};
pub use convolve::{MAX_KERNEL_SIZE, convolve, convolve_padded_len, convolve_portable, sharpen_with};
pub use edges::sobel;
pub use geometry::{flip, resize, rotate90};
pub use histogram::{HISTOGRAM_BINS, histogram};
pub use plane::{box_blur_plane, box_blur_plane_in_place, convolve_plane, gaussian_blur_plane, gaussian_blur_plane_in_place, sobel_plane};
pub use resample::{Filter, Taps, resample, resize_reference, taps};

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
