//! wasmpar: parallel image and numeric kernels on shared-memory, multithreaded WebAssembly.
//!
//! Layers, each calling only the one below it:
//! - [`kernels`]: pure Rust over slices, tested natively;
//! - [`boundary`]: the buffer registry and argument validation (pure Rust, tested natively)
//!   plus, on wasm, the `#[wasm_bindgen]` exports the engine worker calls.

pub mod boundary;
pub mod kernels;

// Note: re-exported at the crate root so the linker keeps wasm-bindgen-rayon's
// `initThreadPool` export (see its README).
#[cfg(all(target_arch = "wasm32", feature = "threads"))]
pub use wasm_bindgen_rayon::init_thread_pool;
