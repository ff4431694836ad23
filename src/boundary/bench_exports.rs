//! `#[wasm_bindgen]` exports for the benchmark's low-level scenarios (prefixed `bench`) and
//! the tests' hooks, in the `bench` feature's build only (pkg-bench/, never the package).
//! Thin wrappers over `bench_ops`, like `exports` over `ops`.

use super::bench_ops;
use super::declarations::Table;
use super::exports::with;
use crate::kernels::{Run, numeric, text};
use wasm_bindgen::prelude::*;

/// Copy-in/copy-out: wasm-bindgen copies `xs` into linear memory and the result back out.
#[wasm_bindgen(js_name = benchScaleCopy)]
pub fn bench_scale_copy(mut xs: Vec<f32>, alpha: f32) -> Vec<f32> {
    numeric::scale(alpha, &mut xs, Run::PARALLEL);
    xs
}

#[wasm_bindgen(js_name = benchScaleRange)]
pub fn bench_scale_range(xs: u32, start: f64, count: f64, alpha: f64) -> Result<(), JsValue> {
    with(|r| bench_ops::scale_range(r, xs, start, count, alpha))
}

/// The calls scenario's control: the same arguments as `benchScaleRange`, and nothing done
/// with them (no registry lookup, no validation, no `Result`), so the time per call is the
/// JS→wasm boundary's and wasm-bindgen's alone.
#[wasm_bindgen(js_name = benchBoundary)]
pub fn bench_boundary(_xs: u32, _start: f64, _count: f64, _alpha: f64) {}

#[wasm_bindgen(js_name = benchGetF32)]
pub fn bench_get_f32(xs: u32, index: f64) -> Result<f32, JsValue> {
    with(|r| bench_ops::get_f32(r, xs, index))
}

#[wasm_bindgen(js_name = benchSumMatrix)]
pub fn bench_sum_matrix(m: u32, rows: f64, cols: f64, column_major: bool) -> Result<f64, JsValue> {
    with(|r| bench_ops::sum_matrix(r, m, rows, cols, column_major))
}

#[wasm_bindgen(js_name = benchTotalMass)]
pub fn bench_total_mass(particles: u32, aos: bool) -> Result<f64, JsValue> {
    with(|r| bench_ops::total_mass(r, particles, aos))
}

#[wasm_bindgen(js_name = benchTranspose)]
pub fn bench_transpose(src: u32, dst: u32, rows: f64, cols: f64, tiled: bool) -> Result<(), JsValue> {
    with(|r| bench_ops::transpose(r, src, dst, rows, cols, tiled))
}

#[wasm_bindgen(js_name = benchCountByThread)]
pub fn bench_count_by_thread(threads: f64, counters: f64, rounds: f64, interleaved: bool) -> Result<f64, JsValue> {
    with(|_| bench_ops::count_by_thread(threads, counters, rounds, interleaved))
}

/// The seed's example: wasm-bindgen encodes `s` to UTF-8, copies it in, and decodes the
/// result back to a JS string.
#[wasm_bindgen(js_name = reverseString)]
pub fn reverse_string(s: &str) -> String {
    text::reverse_string(s)
}

#[wasm_bindgen(js_name = benchReverseUtf8)]
pub fn bench_reverse_utf8(src: u32, dst: u32) -> Result<(), JsValue> {
    with(|r| bench_ops::reverse_utf8(r, src, dst))
}

#[wasm_bindgen(js_name = benchConvolve)]
pub fn bench_convolve(image: u32, width: f64, height: f64, kernel: u32, output: u32, simd: bool) -> Result<(), JsValue> {
    with(|r| bench_ops::convolve_variant(r, image, width, height, kernel, output, simd))
}

/// Number of live buffers (for leak tests).
#[wasm_bindgen(js_name = liveBuffers)]
pub fn live_buffers() -> Result<usize, JsValue> {
    with(|r| Ok(r.len()))
}

/// Kernels the engine dispatches like any other in this build only: `kernelTable()` lists
/// them, so a test calls them through the engine's internal `_call`.
pub(super) const TEST_KERNELS: Table = &[("debugTrap", &["inPool:number"]), ("benchPoolJoin", &[])];

/// How late a pool thread joins work: the milliseconds from this thread handing rayon a
/// broadcast to the last pool thread starting it (the threads build; the single build has
/// no pool and refuses). Asleep, a thread pays its wake-up here.
#[wasm_bindgen(js_name = benchPoolJoin)]
pub fn bench_pool_join() -> Result<f64, JsValue> {
    if !cfg!(feature = "threads") {
        return Err(js_sys::Error::new("benchPoolJoin needs the threads build").into());
    }
    let start = wall_ms();
    let starts = rayon::broadcast(|_| wall_ms());
    Ok(starts.into_iter().fold(start, f64::max) - start)
}

/// A clock all threads share: `performance.timeOrigin + performance.now()` (each worker's
/// `now()` counts from its own start), or `Date.now()` where that is missing.
fn wall_ms() -> f64 {
    use js_sys::Reflect;
    use wasm_bindgen::JsCast;
    let perf = Reflect::get(&js_sys::global(), &"performance".into()).unwrap_or(JsValue::UNDEFINED);
    let origin = Reflect::get(&perf, &"timeOrigin".into()).ok().and_then(|v| v.as_f64());
    let now = Reflect::get(&perf, &"now".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&perf).ok())
        .and_then(|v| v.as_f64());
    match (origin, now) {
        (Some(origin), Some(now)) => origin + now,
        _ => js_sys::Date::now(),
    }
}

/// Traps on purpose, on this thread or (`inPool` not 0, threads build) on every pool thread,
/// so tests can prove a crash is reported and recovered from.
#[wasm_bindgen(js_name = debugTrap)]
pub fn debug_trap(in_pool: f64) {
    if in_pool == 0.0 {
        core::arch::wasm32::unreachable();
    }
    rayon::broadcast(|_| core::arch::wasm32::unreachable());
}
