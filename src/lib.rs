//! wasmpar: parallel image and numeric kernels on shared-memory, multithreaded WebAssembly.
//!
//! Layers, each calling only the one below it:
//! - [`kernels`]: pure Rust over slices, tested natively;
//! - [`boundary`]: the buffer registry and argument validation (pure Rust, tested natively)
//!   plus, on wasm, the `#[wasm_bindgen]` exports the engine worker calls.

#![warn(missing_docs)]
// `unsafe` only where a module allows it: the SIMD kernels' unaligned vector loads and stores
// (kernels::image::{lanes, blur_fixed, resample}), each with its SAFETY reason.
#![deny(unsafe_code)]

pub mod boundary;
pub mod kernels;

// The threads build without the atomics flags would build, then fail at run time.
#[cfg(all(target_arch = "wasm32", feature = "threads", not(target_feature = "atomics")))]
compile_error!("the `threads` feature needs the atomics flags of .cargo/config.toml");
