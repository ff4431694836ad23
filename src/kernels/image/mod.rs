//! Image kernels over interleaved RGBA `u8` pixels (4 bytes per pixel, rows packed), and
//! single-channel `f32` planes (`plane`).
//!
//! Parallel forms split the image into bands of whole rows; each output pixel is computed by
//! the same code in both forms, so the results are identical byte for byte.

mod blur;
mod blur_fixed;
mod box_blur;
mod color;
mod convolve;
mod convolve_int;
mod edges;
mod fixed;
mod geometry;
mod histogram;
mod lanes;
mod plane;
mod resample;

pub use blur::{gaussian_blur, gaussian_blur_in_place, gaussian_blur_par, gaussian_weights};
pub use box_blur::{box_blur, box_blur_in_place};
pub use color::{
    brightness_contrast, brightness_contrast_par, grayscale, grayscale_par, invert, invert_par, threshold, threshold_par,
};
pub use convolve::{MAX_KERNEL_SIZE, convolve, convolve_padded_len, convolve_portable, sharpen_with};
pub use edges::sobel;
pub use geometry::{flip, resize, rotate90};
pub use histogram::{HISTOGRAM_BINS, histogram, histogram_par};
pub use resample::{Filter, Taps, resample, resize_reference, taps};
pub use plane::{
    box_blur_plane, box_blur_plane_in_place, convolve_plane, gaussian_blur_plane, gaussian_blur_plane_in_place, sobel_plane,
};

/// Bytes per RGBA pixel.
pub const CHANNELS: usize = 4;

/// Rows per parallel task: enough work to amortise rayon's scheduling for small widths.
pub(crate) fn rows_per_task(width: usize) -> usize {
    (16 * 1024 / (width * CHANNELS).max(1)).max(1)
}
