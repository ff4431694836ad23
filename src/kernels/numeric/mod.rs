//! Numeric kernels over `f32` and `f64` slices.
//!
//! Float reductions sum fixed chunks and combine them in order, so a parallel result has the
//! same bits as the sequential one on any number of threads.
//!
//! # Examples
//!
//! ```
//! use wasmpar::kernels::{Run, numeric};
//!
//! let xs: Vec<f32> = (0..100_000).map(|i| (i % 100) as f32 * 0.01).collect();
//! assert_eq!(numeric::sum(&xs, Run::PARALLEL), numeric::sum(&xs, Run::SEQUENTIAL)); // the same bits
//!
//! let mut ys = vec![1.0f32; xs.len()];
//! numeric::axpy(2.0, &xs, &mut ys, Run::PARALLEL); // ys = 2·xs + ys
//! assert_eq!(ys[150], 2.0 * xs[150] + 1.0);
//!
//! // C = A·B for row-major A (2×3) and B (3×2).
//! let (a, b) = ([1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0], [1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
//! let mut c = [0.0; 4];
//! numeric::matmul(&a, &b, &mut c, 2, 3, 2, Run::PARALLEL);
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

pub use mandelbrot::{Region, mandelbrot};
pub use matmul::matmul;
pub use reduce::{dot, sum, sum_int};
pub use scale::{axpy, scale};
pub use scan::prefix_sum;
pub use sort::{SORT_RUN, sort_f32, sort_f64, sort_int, sort_scratch_len};
pub use stats::{MinMax, histogram_values, min_max, norm};
pub use transpose::{transpose, transpose_naive};

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
