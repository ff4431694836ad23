//! Numeric kernels over `f32` and `f64` slices.

mod mandelbrot;
mod matmul;
mod reduce;
mod scale;
mod scan;
mod sort;
mod stats;
mod transpose;

pub use mandelbrot::{Region, mandelbrot, mandelbrot_par};
pub use reduce::{dot, dot_par, sum, sum_int, sum_int_par, sum_par};
pub use matmul::{matmul, matmul_par};
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
    fn zero() -> Self;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn add(self, other: Self) -> Self;
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
