//! Every kernel the engine offers, declared once: its JS name, its parameters (the Rust type
//! each arrives as, and the spec the engine checks it by: `name:kind`, the format of
//! `KERNELS` in `src/js/kernels.js`), and the operation it calls.
//!
//! `kernel_list!` hands the list to a generator macro. This module generates, natively
//! and on wasm alike, the [`KERNELS`] table and [`call`], which runs any kernel by name on
//! plain arguments (the native bad-input and fuzz tests use it); `exports.rs` generates the
//! `#[wasm_bindgen]` wrappers and `kernelTable()` from the same list. An argument without a
//! spec belongs to the spec before it (a region's four numbers).

use super::{BoundaryError, Registry};
use crate::kernels::numeric::MinMax;

/// Each kernel's JS name and parameter specs.
pub type Table = &'static [(&'static str, &'static [&'static str])];

/// The list of kernels, handed to `$generate!`.
macro_rules! kernel_list {
    ($generate:ident) => {
        $generate! {
            "grayscale" fn grayscale(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number") -> () = ops::grayscale;
            "grayscalePlane" fn grayscale_plane(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", output: u32 = "output:buffer!") -> () = ops::grayscale_plane;
            "invert" fn invert(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number") -> () = ops::invert;
            "gaussianBlur" fn gaussian_blur(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", sigma: f64 = "sigma:number", output: Option<u32> = "output:buffer?!") -> () = ops::gaussian_blur;
            "histogram" fn histogram(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number") -> Vec<u32> = ops::histogram;
            "sum" fn sum(xs: u32 = "xs:buffer") -> f64 = ops::sum;
            "dot" fn dot(a: u32 = "a:buffer", b: u32 = "b:buffer") -> f64 = ops::dot;
            "axpy" fn axpy(alpha: f64 = "alpha:number", x: u32 = "x:buffer", y: u32 = "y:buffer!") -> () = ops::axpy;
            "scale" fn scale(xs: u32 = "xs:buffer!", alpha: f64 = "alpha:number") -> () = ops::scale;
            // The region travels as four plain numbers: cheaper across the boundary than an object.
            "mandelbrot" fn mandelbrot(output: u32 = "output:buffer!", width: f64 = "width:number", height: f64 = "height:number", max_iter: f64 = "maxIter:number",
                x_min: f64 = "region:region?", y_min: f64, x_max: f64, y_max: f64) -> () = $crate::boundary::declarations::mandelbrot_of_numbers;
            "brightnessContrast" fn brightness_contrast(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", brightness: f64 = "brightness:number", contrast: f64 = "contrast:number") -> () = ops::brightness_contrast;
            "threshold" fn threshold(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", level: f64 = "level:number") -> () = ops::threshold;
            "boxBlur" fn box_blur(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", radius: f64 = "radius:number", output: Option<u32> = "output:buffer?!") -> () = ops::box_blur;
            "sobel" fn sobel(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", output: u32 = "output:buffer!") -> () = ops::sobel;
            "convolve" fn convolve(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", kernel: u32 = "kernel:buffer", output: u32 = "output:buffer!") -> () = ops::convolve;
            "sharpen" fn sharpen(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", sigma: f64 = "sigma:number", amount: f64 = "amount:number", output: Option<u32> = "output:buffer?!") -> () = ops::sharpen;
            "gaussianBlurF32" fn gaussian_blur_f32(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", sigma: f64 = "sigma:number", output: Option<u32> = "output:buffer?!") -> () = ops::gaussian_blur_f32;
            "boxBlurF32" fn box_blur_f32(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", radius: f64 = "radius:number", output: Option<u32> = "output:buffer?!") -> () = ops::box_blur_f32;
            "convolveF32" fn convolve_f32(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", kernel: u32 = "kernel:buffer", output: u32 = "output:buffer!") -> () = ops::convolve_f32;
            "sobelF32" fn sobel_f32(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", output: u32 = "output:buffer!") -> () = ops::sobel_f32;
            "resize" fn resize(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", output: u32 = "output:buffer!",
                out_width: f64 = "outWidth:number", out_height: f64 = "outHeight:number", filter: Option<String> = "filter:string?") -> () = ops::resize;
            "rotate90" fn rotate90(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", output: u32 = "output:buffer!") -> () = ops::rotate90;
            "flip" fn flip(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", direction: String = "direction:string") -> () = ops::flip;
            "minMax" fn min_max(xs: u32 = "xs:buffer") -> Option<MinMax> = ops::min_max;
            "norm" fn norm(xs: u32 = "xs:buffer") -> f64 = ops::norm;
            "prefixSum" fn prefix_sum(xs: u32 = "xs:buffer!") -> () = ops::prefix_sum;
            "histogramValues" fn histogram_values(xs: u32 = "xs:buffer", bins: f64 = "bins:number", min: f64 = "min:number", max: f64 = "max:number") -> Vec<u32> = ops::histogram_values;
            "sort" fn sort(xs: u32 = "xs:buffer!") -> () = ops::sort;
            "matmul" fn matmul(a: u32 = "a:buffer", b: u32 = "b:buffer", c: u32 = "c:buffer!", m: f64 = "m:number", k: f64 = "k:number", n: f64 = "n:number") -> () = ops::matmul;
            "transpose" fn transpose(src: u32 = "src:buffer", dst: u32 = "dst:buffer!", rows: f64 = "rows:number", cols: f64 = "cols:number") -> () = ops::transpose;
            "noop" fn noop() -> () = ops::noop;
        }
    };
}
#[cfg_attr(not(all(target_arch = "wasm32", feature = "js-api")), allow(unused_imports))] // exports.rs uses it on wasm
pub(crate) use kernel_list;

/// [`ops::mandelbrot`](super::mandelbrot) with its region as the four numbers JS passes.
#[allow(clippy::too_many_arguments)] // the JS signature, positional
pub fn mandelbrot_of_numbers(
    reg: &mut Registry,
    output: u32,
    width: f64,
    height: f64,
    max_iter: f64,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
) -> Result<(), BoundaryError> {
    super::mandelbrot(reg, output, width, height, max_iter, [x_min, y_min, x_max, y_max])
}

/// An argument of [`call`], as JavaScript would pass it.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A buffer's handle.
    Buffer(u32),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
    /// Not given (an optional argument).
    Missing,
}

/// What a kernel returns, as [`call`] gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Nothing (the kernel wrote its buffers).
    Unit,
    /// A number.
    Number(f64),
    /// Counts (histograms).
    Counts(Vec<u32>),
    /// The extremes of `minMax`, or `None` when no number was found.
    MinMax(Option<MinMax>),
}

/// An argument's Rust form from an [`Arg`].
pub trait FromArg: Sized {
    /// The value, or a type error naming `name`.
    fn from_arg(name: &'static str, arg: &Arg) -> Result<Self, BoundaryError>;
}

fn wrong_kind(name: &'static str, want: &str, got: &Arg) -> BoundaryError {
    BoundaryError::type_error(name, format!("{name} must be {want}, got {got:?}"))
}

impl FromArg for u32 {
    fn from_arg(name: &'static str, arg: &Arg) -> Result<Self, BoundaryError> {
        if let Arg::Buffer(h) = arg { Ok(*h) } else { Err(wrong_kind(name, "a buffer", arg)) }
    }
}

impl FromArg for f64 {
    fn from_arg(name: &'static str, arg: &Arg) -> Result<Self, BoundaryError> {
        if let Arg::Number(v) = arg { Ok(*v) } else { Err(wrong_kind(name, "a number", arg)) }
    }
}

impl FromArg for String {
    fn from_arg(name: &'static str, arg: &Arg) -> Result<Self, BoundaryError> {
        if let Arg::Str(s) = arg { Ok(s.clone()) } else { Err(wrong_kind(name, "a string", arg)) }
    }
}

impl<T: FromArg> FromArg for Option<T> {
    fn from_arg(name: &'static str, arg: &Arg) -> Result<Self, BoundaryError> {
        if *arg == Arg::Missing { Ok(None) } else { T::from_arg(name, arg).map(Some) }
    }
}

/// How an argument is passed on to its operation: strings as `&str`, the rest as they are.
pub trait Pass {
    /// What the operation takes.
    type Out<'a>
    where
        Self: 'a;
    /// The argument in that form.
    fn pass(&self) -> Self::Out<'_>;
}

macro_rules! pass_as_is {
    ($($t:ty),*) => { $(impl Pass for $t { type Out<'a> = $t; fn pass(&self) -> $t { *self } })* };
}
pass_as_is!(u32, f64, Option<u32>);

impl Pass for String {
    type Out<'a> = &'a str;
    fn pass(&self) -> &str {
        self
    }
}

impl Pass for Option<String> {
    type Out<'a> = Option<&'a str>;
    fn pass(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// A kernel's result as a [`Value`].
pub trait IntoValue {
    /// The value.
    fn into_value(self) -> Value;
}

impl IntoValue for () {
    fn into_value(self) -> Value {
        Value::Unit
    }
}
impl IntoValue for f64 {
    fn into_value(self) -> Value {
        Value::Number(self)
    }
}
impl IntoValue for Vec<u32> {
    fn into_value(self) -> Value {
        Value::Counts(self)
    }
}
impl IntoValue for Option<MinMax> {
    fn into_value(self) -> Value {
        Value::MinMax(self)
    }
}

macro_rules! native {
    ($($js:tt fn $name:ident($($arg:ident: $ty:ty $(= $spec:tt)?),*) -> $ret:ty = $op:path;)*) => {
        /// Every kernel's JS name and parameter specs, in the format of `KERNELS` in
        /// `src/js/kernels.js`.
        pub const KERNELS: Table = &[$(($js, &[$($($spec,)?)*])),*];

        /// Runs kernel `name` (its JS name) on `args`, one per parameter of the wasm export
        /// (a region as its four numbers), as the engine would: every rule checked first.
        pub fn call(reg: &mut Registry, name: &str, args: &[Arg]) -> Result<Value, BoundaryError> {
            #[allow(unused_imports)]
            use super as ops;
            match name {
                $($js => {
                    #[allow(unused_mut, unused_variables)] // noop takes none
                    let mut args = args.iter();
                    $(let $arg = <$ty as FromArg>::from_arg(stringify!($arg), args.next().unwrap_or(&Arg::Missing))?;)*
                    $op(reg, $(Pass::pass(&$arg)),*).map(IntoValue::into_value)
                })*
                _ => Err(BoundaryError::type_error("name", format!("name must be a kernel, got '{name}'"))),
            }
        }
    };
}
kernel_list!(native);
