//! Every limit the boundary enforces, in one place: the sizes an argument may have so that
//! every byte offset fits the wasm memory and every sum fits its integer type.

/// The wasm memory maximum of the threads build (see `--max-memory` in `.cargo/config.toml`).
pub const MAX_MEMORY_BYTES: usize = 1 << 31;

/// Largest width, height or length accepted: every byte offset must stay below 2^31.
pub const MAX_DIMENSION: usize = i32::MAX as usize;

/// Largest Gaussian sigma accepted (radius 60 pixels).
pub const MAX_SIGMA: f64 = 20.0;

/// Largest box-blur radius (window sums must fit in `u32`).
pub const MAX_BOX_RADIUS: usize = 1000;

/// Largest convolution kernel side (odd sizes 1 to 15), set by the kernel's accumulators.
pub use crate::kernels::image::MAX_KERNEL_SIZE;

/// Most iterations `mandelbrot` accepts.
pub const MAX_ITERATIONS: usize = 1_000_000;

/// Largest number of bins for `histogram_values`.
pub const MAX_BINS: usize = 1 << 20;

/// Largest counter array for the benchmark's false-sharing demo (4 MiB of counters).
#[cfg(feature = "bench")]
pub const MAX_COUNTERS: usize = 1 << 20;
