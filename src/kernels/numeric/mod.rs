//! Numeric kernels over `f32` and `f64` slices.
//!
//! Float reductions sum fixed chunks and combine them in order, so a parallel result has the
//! same bits as the sequential one on any number of threads.
//!
//! # Examples
//!
//! ```
//! use wasmpar::kernels::numeric;
//!
//! let xs: Vec<f32> = (0..100_000).map(|i| (i % 100) as f32 * 0.01).collect();
//! assert_eq!(numeric::sum_par(&xs), numeric::sum(&xs)); // the same bits
//!
//! let mut ys = vec![1.0f32; xs.len()];
//! numeric::axpy_par(2.0, &xs, &mut ys); // ys = 2·xs + ys
//! assert_eq!(ys[150], 2.0 * xs[150] + 1.0);
//!
//! // C = A·B for row-major A (2×3) and B (3×2).
//! let (a, b) = ([1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0], [1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
//! let mut c = [0.0; 4];
//! numeric::matmul_par(&a, &b, &mut c, 2, 3, 2);
//! assert_eq!(c, [4.0, 5.0, 10.0, 11.0]);
//! ```

mod mandelbrot;
mod matmul;
mod reduce;
mod scale;
mod scan;
mod sort;
mod stats;
mod transpose;

pub use mandelbrot::{Region, mandelbrot, mandelbrot_par};
pub use matmul::{matmul, matmul_par};
pub use reduce::{dot, dot_par, sum, sum_int, sum_int_par, sum_par};
pub use scale::{axpy, axpy_par, scale, scale_par};
pub use scan::{prefix_sum, prefix_sum_par};
pub use sort::{SORT_RUN, sort_f32, sort_f64, sort_int, sort_scratch_len};
pub use stats::{MinMax, histogram_values, histogram_values_par, min_max, min_max_par, norm, norm_par};
pub use transpose::{transpose, transpose_naive, transpose_par};

/// The float element types the numeric kernels accept.
pub trait Real: Copy + Send + Sync + PartialEq + core::fmt::Debug + 'static {
    /// Independent accumulators per chunk: one 128-bit vector's worth, twice, so the loop
    /// has no serial dependency and the compiler can keep it in SIMD registers.
    const LANES: usize;
    /// 0.
    fn zero() -> Self;
    /// `v` rounded to this type.
    fn from_f64(v: f64) -> Self;
    /// This value as `f64` (exact).
    fn to_f64(self) -> f64;
    /// `self + other`.
    fn add(self, other: Self) -> Self;
    /// `self · other`.
    fn mul(self, other: Self) -> Self;
}

macro_rules! impl_real {
    ($t:ty, $lanes:expr) => {
        impl Real for $t {
            const LANES: usize = $lanes;
            #[inline]
            fn zero() -> Self {
                0.0
            }
            #[inline]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn add(self, other: Self) -> Self {
                self + other
            }
            #[inline]
            fn mul(self, other: Self) -> Self {
                self * other
            }
        }
    };
}

impl_real!(f32, 8);
impl_real!(f64, 4);
