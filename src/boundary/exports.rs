//! The `#[wasm_bindgen]` exports the engine worker calls. Thin: look up the registry,
//! call the operation in `ops`, turn a `BoundaryError` into a JS `Error`, `RangeError` or
//! `TypeError` with the same message.
//!
//! Each kernel is declared once, in the `kernels!` list below: its JS name, its parameters
//! with the kind the engine checks for each, and the operation it calls. The macro writes
//! the wrapper and the kernel's entry in `kernelTable()`, the table the engine worker
//! dispatches by; `src/js/kernels.js` and `engine.d.ts` repeat it for the main thread and
//! TypeScript, and `tests/package/declarations.test.mjs` fails when any of them differ.
//!
//! Only the engine worker calls these, always from its own thread, so the registry is
//! thread-local to that thread; rayon's workers only ever see borrowed slices.

use super::{self as ops, BoundaryError, ErrorKind, Registry};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::new());
}

impl From<BoundaryError> for JsValue {
    fn from(e: BoundaryError) -> JsValue {
        match e.kind() {
            ErrorKind::Range => js_sys::RangeError::new(e.message()).into(),
            ErrorKind::Type => js_sys::TypeError::new(e.message()).into(),
            ErrorKind::Other => js_sys::Error::new(e.message()).into(),
        }
    }
}

/// Runs an operation on the registry. Cancellation is no concern here: it belongs to the
/// call that `beginCall` opened, and only kernels check it.
pub(super) fn with<T>(f: impl FnOnce(&mut Registry) -> Result<T, BoundaryError>) -> Result<T, JsValue> {
    REGISTRY.with(|r| f(&mut r.borrow_mut())).map_err(JsValue::from)
}

/// Opens kernel call `id` (progress 0). False if the main thread cancelled it while it was
/// queued; then nothing is open.
#[wasm_bindgen(js_name = beginCall)]
pub fn begin_call(id: i32) -> bool {
    REGISTRY.with(|r| r.borrow().call()).begin(id)
}

/// Closes the call `beginCall` opened; true if it was cancelled while it ran.
#[wasm_bindgen(js_name = endCall)]
pub fn end_call() -> bool {
    REGISTRY.with(|r| r.borrow().call()).end()
}

/// Where the call state lives, for the main thread's `Int32Array` over memory, by name:
/// `{ address` (bytes)`, current, done, total, cancelled` (indices in `i32`s)`, slots }`, as
/// `kernels::control::CallLayout` has them.
#[wasm_bindgen(js_name = controlLayout)]
pub fn control_layout() -> Result<js_sys::Object, JsValue> {
    let l = REGISTRY.with(|r| r.borrow().call()).layout();
    let o = js_sys::Object::new();
    for (key, value) in [
        ("address", l.address),
        ("current", l.current),
        ("done", l.done),
        ("total", l.total),
        ("cancelled", l.cancelled),
        ("slots", l.slots),
    ] {
        js_sys::Reflect::set(&o, &key.into(), &(value as f64).into())?;
    }
    Ok(o)
}

/// The linear memory, so the engine can hand it to the main thread for zero-copy views.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Threads in rayon's pool (1 in the single build).
#[wasm_bindgen(js_name = threadCount)]
pub fn thread_count() -> usize {
    rayon::current_num_threads()
}

/// Whether this build uses shared memory and a thread pool.
#[wasm_bindgen(js_name = isThreadsBuild)]
pub fn is_threads_build() -> bool {
    cfg!(feature = "threads")
}

/// Whether this build was compiled with SIMD128.
#[wasm_bindgen(js_name = isSimdBuild)]
pub fn is_simd_build() -> bool {
    cfg!(target_feature = "simd128")
}

/// Allocates a buffer; returns `[handle, byteOffset]`.
#[wasm_bindgen]
pub fn alloc(type_name: &str, length: f64) -> Result<Vec<u32>, JsValue> {
    with(|r| ops::alloc(r, type_name, length)).map(|(h, addr)| vec![h, addr as u32])
}

/// Validates an allocation without making it; returns its size in bytes. The single
/// build keeps buffers on the JS side and uses this to apply the same rules.
#[wasm_bindgen(js_name = checkAlloc)]
pub fn check_alloc(type_name: &str, length: f64) -> Result<f64, JsValue> {
    with(|_| ops::check_alloc(type_name, length)).map(|(ty, len)| (len * ty.size()) as f64)
}

#[wasm_bindgen]
pub fn free(handle: u32) -> Result<(), JsValue> {
    with(|r| ops::free(r, handle))
}

/// The parameter specs of every kernel in this build, as JSON: `{ jsName: ['name:kind', …] }`,
/// the format of `KERNELS` in `src/js/kernels.js` (a region is one spec for four numbers).
#[wasm_bindgen(js_name = kernelTable)]
pub fn kernel_table() -> String {
    #[cfg(feature = "bench")]
    let extra = super::bench_exports::TEST_KERNELS;
    #[cfg(not(feature = "bench"))]
    let extra: Table = &[];
    let entries: Vec<String> =
        KERNELS.iter().chain(extra).map(|(name, specs)| format!("\"{name}\":[\"{}\"]", specs.join("\",\""))).collect();
    format!("{{{}}}", entries.join(",")).replace("[\"\"]", "[]")
}

/// A kernel table: each kernel's JS name and parameter specs.
pub(super) type Table = &'static [(&'static str, &'static [&'static str])];

/// Declares kernels: `"jsName" fn rust_name(arg: Type = "name:kind", …) -> Output` and then
/// either `= path::to::op;` (the wrapper calls `op(registry, arg, …)`) or a `{ body }`. An
/// argument without a spec belongs to the spec before it (a region's four numbers).
/// Ends with the table's name.
macro_rules! kernels {
    (@next $table:ident [$($entries:tt)*]) => {
        pub(super) const $table: Table = &[$($entries)*];
    };
    (@next $table:ident [$($entries:tt)*]
        $js:tt fn $name:ident($($arg:ident: $ty:ty $(= $spec:tt)?),*) -> $ret:ty = $op:path; $($rest:tt)*) => {
        #[wasm_bindgen(js_name = $js)]
        #[allow(clippy::too_many_arguments)] // the JS signature, positional
        pub fn $name($($arg: $ty),*) -> Result<$ret, JsValue> {
            with(|r| $op(r, $($arg),*))
        }
        kernels!(@next $table [$($entries)* ($js, &[$($($spec,)?)*]),] $($rest)*);
    };
    (@next $table:ident [$($entries:tt)*]
        $js:tt fn $name:ident($($arg:ident: $ty:ty $(= $spec:tt)?),*) -> $ret:ty $body:block $($rest:tt)*) => {
        #[wasm_bindgen(js_name = $js)]
        #[allow(clippy::too_many_arguments)] // the JS signature, positional
        pub fn $name($($arg: $ty),*) -> Result<$ret, JsValue> $body
        kernels!(@next $table [$($entries)* ($js, &[$($($spec,)?)*]),] $($rest)*);
    };
    ($table:ident: $($rest:tt)*) => {
        kernels!(@next $table [] $($rest)*);
    };
}
#[cfg(feature = "bench")] // bench_exports declares its test kernels with it
pub(super) use kernels;

kernels! { KERNELS:
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
        x_min: f64 = "region:region?", y_min: f64, x_max: f64, y_max: f64) -> () {
        with(|r| ops::mandelbrot(r, output, width, height, max_iter, [x_min, y_min, x_max, y_max]))
    }
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
        out_width: f64 = "outWidth:number", out_height: f64 = "outHeight:number", filter: Option<String> = "filter:string?") -> () {
        with(|r| ops::resize(r, image, width, height, output, out_width, out_height, filter.as_deref()))
    }
    "rotate90" fn rotate90(image: u32 = "image:buffer", width: f64 = "width:number", height: f64 = "height:number", output: u32 = "output:buffer!") -> () = ops::rotate90;
    "flip" fn flip(image: u32 = "image:buffer!", width: f64 = "width:number", height: f64 = "height:number", direction: &str = "direction:string") -> () = ops::flip;
    // `{ min, max, minIndex, maxIndex }`, or `null` when the buffer holds no number.
    "minMax" fn min_max(xs: u32 = "xs:buffer") -> JsValue {
        let found = with(|r| ops::min_max(r, xs))?;
        Ok(match found {
            None => JsValue::NULL,
            Some(m) => {
                let o = js_sys::Object::new();
                for (key, value) in [("min", m.min), ("max", m.max), ("minIndex", m.min_index as f64), ("maxIndex", m.max_index as f64)] {
                    js_sys::Reflect::set(&o, &key.into(), &value.into())?;
                }
                o.into()
            }
        })
    }
    "norm" fn norm(xs: u32 = "xs:buffer") -> f64 = ops::norm;
    "prefixSum" fn prefix_sum(xs: u32 = "xs:buffer!") -> () = ops::prefix_sum;
    "histogramValues" fn histogram_values(xs: u32 = "xs:buffer", bins: f64 = "bins:number", min: f64 = "min:number", max: f64 = "max:number") -> Vec<u32> = ops::histogram_values;
    "sort" fn sort(xs: u32 = "xs:buffer!") -> () = ops::sort;
    "matmul" fn matmul(a: u32 = "a:buffer", b: u32 = "b:buffer", c: u32 = "c:buffer!", m: f64 = "m:number", k: f64 = "k:number", n: f64 = "n:number") -> () = ops::matmul;
    "transpose" fn transpose(src: u32 = "src:buffer", dst: u32 = "dst:buffer!", rows: f64 = "rows:number", cols: f64 = "cols:number") -> () = ops::transpose;
    "noop" fn noop() -> () = ops::noop;
}
