//! The `#[wasm_bindgen]` exports the engine worker calls. Thin: look up the registry,
//! call the operation in `ops`, turn a `BoundaryError` into a JS `Error`, `RangeError` or
//! `TypeError` with the same message.
//!
//! Only the engine worker calls these, always from its own thread, so the registry is
//! thread-local to that thread; rayon's workers only ever see borrowed slices.

use super::{BoundaryError, ErrorKind, Registry, ops, ops_more, ops_plane};
use crate::kernels::control;
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
    control::begin(id)
}

/// Closes the call `beginCall` opened; true if it was cancelled while it ran.
#[wasm_bindgen(js_name = endCall)]
pub fn end_call() -> bool {
    control::end()
}

/// Where the call state lives, for the main thread's `Int32Array` over memory:
/// `[byte address, index of current id, of units done, of units in all, of the first
/// cancellation slot, number of slots]`.
#[wasm_bindgen(js_name = controlLayout)]
pub fn control_layout() -> Vec<u32> {
    use std::mem::offset_of;
    let index = |byte_offset: usize| (byte_offset / 4) as u32;
    vec![
        &control::CONTROL as *const control::Control as u32,
        index(offset_of!(control::Control, current)),
        index(offset_of!(control::Control, done)),
        index(offset_of!(control::Control, total)),
        index(offset_of!(control::Control, cancelled)),
        control::CANCEL_SLOTS as u32,
    ]
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

/// Number of live buffers (for leak tests).
#[wasm_bindgen(js_name = liveBuffers)]
pub fn live_buffers() -> usize {
    REGISTRY.with(|r| r.borrow().len())
}

#[wasm_bindgen]
pub fn grayscale(image: u32, width: f64, height: f64) -> Result<(), JsValue> {
    with(|r| ops::grayscale(r, image, width, height))
}

#[wasm_bindgen(js_name = grayscalePlane)]
pub fn grayscale_plane(image: u32, width: f64, height: f64, output: u32) -> Result<(), JsValue> {
    with(|r| ops::grayscale_plane(r, image, width, height, output))
}

#[wasm_bindgen]
pub fn invert(image: u32, width: f64, height: f64) -> Result<(), JsValue> {
    with(|r| ops::invert(r, image, width, height))
}

#[wasm_bindgen(js_name = gaussianBlur)]
pub fn gaussian_blur(image: u32, width: f64, height: f64, sigma: f64, output: Option<u32>) -> Result<(), JsValue> {
    with(|r| ops::gaussian_blur(r, image, width, height, sigma, output))
}

#[wasm_bindgen]
pub fn histogram(image: u32, width: f64, height: f64) -> Result<Vec<u32>, JsValue> {
    with(|r| ops::histogram(r, image, width, height))
}

#[wasm_bindgen]
pub fn sum(xs: u32) -> Result<f64, JsValue> {
    with(|r| ops::sum(r, xs))
}

#[wasm_bindgen]
pub fn noop() -> Result<(), JsValue> {
    with(ops::noop)
}

#[wasm_bindgen]
pub fn dot(a: u32, b: u32) -> Result<f64, JsValue> {
    with(|r| ops::dot(r, a, b))
}

#[wasm_bindgen]
pub fn axpy(alpha: f64, x: u32, y: u32) -> Result<(), JsValue> {
    with(|r| ops::axpy(r, alpha, x, y))
}

#[wasm_bindgen]
pub fn scale(xs: u32, alpha: f64) -> Result<(), JsValue> {
    with(|r| ops::scale(r, xs, alpha))
}

// The region travels as four plain numbers: cheaper across the boundary than an object.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn mandelbrot(
    output: u32,
    width: f64,
    height: f64,
    max_iter: f64,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
) -> Result<(), JsValue> {
    with(|r| ops::mandelbrot(r, output, width, height, max_iter, [x_min, y_min, x_max, y_max]))
}

/// Test hook: traps on purpose, on this thread or (with `in_pool`, threads build) on every
/// pool thread, so tests can prove a crash is reported and recovered from. The engine only
/// calls it through its internal `_debugTrap`.
#[wasm_bindgen(js_name = debugTrap)]
pub fn debug_trap(in_pool: bool) {
    if in_pool {
        rayon::broadcast(|_| core::arch::wasm32::unreachable());
    } else {
        core::arch::wasm32::unreachable();
    }
}

#[wasm_bindgen(js_name = brightnessContrast)]
pub fn brightness_contrast(image: u32, width: f64, height: f64, brightness: f64, contrast: f64) -> Result<(), JsValue> {
    with(|r| ops_more::brightness_contrast(r, image, width, height, brightness, contrast))
}

#[wasm_bindgen]
pub fn threshold(image: u32, width: f64, height: f64, level: f64) -> Result<(), JsValue> {
    with(|r| ops_more::threshold(r, image, width, height, level))
}

#[wasm_bindgen(js_name = boxBlur)]
pub fn box_blur(image: u32, width: f64, height: f64, radius: f64, output: Option<u32>) -> Result<(), JsValue> {
    with(|r| ops_more::box_blur(r, image, width, height, radius, output))
}

#[wasm_bindgen]
pub fn sobel(image: u32, width: f64, height: f64, output: u32) -> Result<(), JsValue> {
    with(|r| ops_more::sobel(r, image, width, height, output))
}

#[wasm_bindgen]
pub fn convolve(image: u32, width: f64, height: f64, kernel: u32, output: u32) -> Result<(), JsValue> {
    with(|r| ops_more::convolve(r, image, width, height, kernel, output))
}

#[wasm_bindgen(js_name = gaussianBlurF32)]
pub fn gaussian_blur_f32(image: u32, width: f64, height: f64, sigma: f64, output: Option<u32>) -> Result<(), JsValue> {
    with(|r| ops_plane::gaussian_blur_f32(r, image, width, height, sigma, output))
}

#[wasm_bindgen(js_name = boxBlurF32)]
pub fn box_blur_f32(image: u32, width: f64, height: f64, radius: f64, output: Option<u32>) -> Result<(), JsValue> {
    with(|r| ops_plane::box_blur_f32(r, image, width, height, radius, output))
}

#[wasm_bindgen(js_name = convolveF32)]
pub fn convolve_f32(image: u32, width: f64, height: f64, kernel: u32, output: u32) -> Result<(), JsValue> {
    with(|r| ops_plane::convolve_f32(r, image, width, height, kernel, output))
}

#[wasm_bindgen(js_name = sobelF32)]
pub fn sobel_f32(image: u32, width: f64, height: f64, output: u32) -> Result<(), JsValue> {
    with(|r| ops_plane::sobel_f32(r, image, width, height, output))
}

#[wasm_bindgen]
pub fn sharpen(image: u32, width: f64, height: f64, sigma: f64, amount: f64, output: Option<u32>) -> Result<(), JsValue> {
    with(|r| ops_more::sharpen(r, image, width, height, sigma, amount, output))
}

#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn resize(
    image: u32,
    width: f64,
    height: f64,
    output: u32,
    out_width: f64,
    out_height: f64,
    filter: Option<String>,
) -> Result<(), JsValue> {
    with(|r| ops_more::resize(r, image, width, height, output, out_width, out_height, filter.as_deref()))
}

#[wasm_bindgen]
pub fn rotate90(image: u32, width: f64, height: f64, output: u32) -> Result<(), JsValue> {
    with(|r| ops_more::rotate90(r, image, width, height, output))
}

#[wasm_bindgen]
pub fn flip(image: u32, width: f64, height: f64, direction: &str) -> Result<(), JsValue> {
    with(|r| ops_more::flip(r, image, width, height, direction))
}

/// `{ min, max, minIndex, maxIndex }`, or `null` when the buffer holds no number.
#[wasm_bindgen(js_name = minMax)]
pub fn min_max(xs: u32) -> Result<JsValue, JsValue> {
    let found = with(|r| ops_more::min_max(r, xs))?;
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

#[wasm_bindgen]
pub fn norm(xs: u32) -> Result<f64, JsValue> {
    with(|r| ops_more::norm(r, xs))
}

#[wasm_bindgen(js_name = prefixSum)]
pub fn prefix_sum(xs: u32) -> Result<(), JsValue> {
    with(|r| ops_more::prefix_sum(r, xs))
}

#[wasm_bindgen(js_name = histogramValues)]
pub fn histogram_values(xs: u32, bins: f64, min: f64, max: f64) -> Result<Vec<u32>, JsValue> {
    with(|r| ops_more::histogram_values(r, xs, bins, min, max))
}

#[wasm_bindgen]
pub fn sort(xs: u32) -> Result<(), JsValue> {
    with(|r| ops_more::sort(r, xs))
}

#[wasm_bindgen]
pub fn matmul(a: u32, b: u32, c: u32, m: f64, k: f64, n: f64) -> Result<(), JsValue> {
    with(|r| ops_more::matmul(r, a, b, c, m, k, n))
}

#[wasm_bindgen]
pub fn transpose(src: u32, dst: u32, rows: f64, cols: f64) -> Result<(), JsValue> {
    with(|r| ops_more::transpose(r, src, dst, rows, cols))
}
