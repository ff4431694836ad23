//! Image kernels over interleaved RGBA `u8` pixels (4 bytes per pixel, rows packed).
//!
//! Parallel forms split the image into bands of whole rows; each output pixel is computed by
//! the same code in both forms, so the results are identical byte for byte.

mod blur;
mod color;
mod histogram;

pub use blur::{gaussian_blur, gaussian_blur_in_place, gaussian_blur_par, gaussian_weights};
pub use color::{grayscale, grayscale_par, invert, invert_par};
pub use histogram::{HISTOGRAM_BINS, histogram, histogram_par};

/// Bytes per RGBA pixel.
pub const CHANNELS: usize = 4;

/// Rows per parallel task: enough work to amortise rayon's scheduling for small widths.
pub(crate) fn rows_per_task(width: usize) -> usize {
    (16 * 1024 / (width * CHANNELS).max(1)).max(1)
}
