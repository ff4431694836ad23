//! The boundary between JavaScript and the kernels: a registry of buffers owned by Rust,
//! argument validation, and (on wasm) the `#[wasm_bindgen]` exports.
//!
//! Everything is validated here, once, before a kernel runs: with `panic=abort` a panic
//! would be a trap that kills the instance, so kernels are only ever given valid input.

pub mod bench_ops;
mod error;
mod ops;
mod ops_more;
mod ops_plane;
mod registry;
mod validate;
#[cfg(target_arch = "wasm32")]
mod bench_exports;
#[cfg(target_arch = "wasm32")]
mod exports;
#[cfg(all(target_arch = "wasm32", feature = "threads"))]
mod pool;

pub use error::{BoundaryError, ErrorKind};
pub use ops::*;
pub use ops_more::*;
pub use ops_plane::*;
pub use registry::{Buffer, ElementType, MAX_MEMORY_BYTES, Registry};
pub use validate::{MAX_DIMENSION, MAX_SIGMA};
