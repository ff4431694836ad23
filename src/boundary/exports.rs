//! The `#[wasm_bindgen]` exports the engine worker calls. Thin: look up the registry,
//! call the operation in `ops`, turn a `BoundaryError` into a JS `Error`, `RangeError` or
//! `TypeError` with the same message.
//!
//! Each kernel is declared once, in `declarations.rs`; `wasm_exports!` below writes its
//! wrapper from that list, and `kernelTable()` serves the list's table, which the engine
//! worker dispatches by. `src/js/kernels.js` and `engine.d.ts` repeat it for the main thread
//! and TypeScript, and `tests/package/declarations.test.mjs` fails when any of them differ.
//!
//! Only the engine worker calls these, always from its own thread, so the registry is
//! thread-local to that thread; rayon's workers only ever see borrowed slices.

use super::declarations::{Pass, kernel_list};
use super::{self as ops, BoundaryError, ErrorKind, Registry};
use crate::kernels::numeric::MinMax;
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
    let extra: super::declarations::Table = &[];
    let quoted = |specs: &[&str]| specs.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(",");
    let entries: Vec<String> = super::KERNELS.iter().chain(extra).map(|(name, specs)| format!("\"{name}\":[{}]", quoted(specs))).collect();
    format!("{{{}}}", entries.join(","))
}

/// A kernel's result as JavaScript sees it.
trait IntoJs {
    fn into_js(self) -> Result<JsValue, JsValue>;
}

impl IntoJs for () {
    fn into_js(self) -> Result<JsValue, JsValue> {
        Ok(JsValue::UNDEFINED)
    }
}

impl IntoJs for f64 {
    fn into_js(self) -> Result<JsValue, JsValue> {
        Ok(self.into())
    }
}

impl IntoJs for Vec<u32> {
    fn into_js(self) -> Result<JsValue, JsValue> {
        Ok(js_sys::Uint32Array::from(&self[..]).into())
    }
}

/// `{ min, max, minIndex, maxIndex }`, or `null` when the buffer holds no number.
impl IntoJs for Option<MinMax> {
    fn into_js(self) -> Result<JsValue, JsValue> {
        let Some(m) = self else { return Ok(JsValue::NULL) };
        let o = js_sys::Object::new();
        for (key, value) in [("min", m.min), ("max", m.max), ("minIndex", m.min_index as f64), ("maxIndex", m.max_index as f64)] {
            js_sys::Reflect::set(&o, &key.into(), &value.into())?;
        }
        Ok(o.into())
    }
}

macro_rules! wasm_exports {
    ($($js:tt fn $name:ident($($arg:ident: $ty:ty $(= $spec:tt)?),*) -> $ret:ty = $op:path;)*) => {
        $(
            #[wasm_bindgen(js_name = $js)]
            #[allow(clippy::too_many_arguments)] // the JS signature, positional
            pub fn $name($($arg: $ty),*) -> Result<JsValue, JsValue> {
                with(|r| $op(r, $(Pass::pass(&$arg)),*)).and_then(IntoJs::into_js)
            }
        )*
    };
}
kernel_list!(wasm_exports);
