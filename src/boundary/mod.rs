//! The boundary between JavaScript and the kernels: a registry of buffers owned by Rust,
//! argument validation, and (on wasm) the `#[wasm_bindgen]` exports.
//!
//! Everything is validated here, once, before a kernel runs: with `panic=abort` a panic
//! would be a trap that kills the instance, so kernels are only ever given valid input.
//!
//! # Examples
//!
//! The operations work on buffers held by a [`Registry`] and take numbers as JavaScript
//! gives them (`f64`); a broken rule is an error naming the argument, never a panic:
//!
//! ```
//! use wasmpar::boundary::{self, BoundaryError, ErrorKind, Registry};
//!
//! let mut reg = Registry::new();
//! let (image, _address) = boundary::alloc(&mut reg, "u8", 16.0 * 16.0 * 4.0)?;
//! boundary::gaussian_blur(&mut reg, image, 16.0, 16.0, 2.0, None)?; // in place
//!
//! let wrong = boundary::gaussian_blur(&mut reg, image, 16.0, 15.0, 2.0, None).unwrap_err();
//! assert!(matches!(wrong, BoundaryError::OutOfRange { argument: "image", .. }));
//! assert_eq!(wrong.kind(), ErrorKind::Range); // a RangeError in JavaScript
//! assert_eq!(wrong.message(), "image: width*height*4 = 16*15*4 = 960 but the buffer has 1024 elements");
//! boundary::free(&mut reg, image)?;
//! # Ok::<(), boundary::BoundaryError>(())
//! ```

#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
mod bench_exports;
pub mod bench_ops;
mod error;
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
mod exports;
mod ops;
mod ops_more;
mod ops_plane;
#[cfg(all(target_arch = "wasm32", feature = "js-api", feature = "threads"))]
mod pool;
mod registry;
mod validate;

pub use error::{BoundaryError, ErrorKind};
pub use ops::*;
pub use ops_more::*;
pub use ops_plane::*;
pub use registry::{Buffer, ElementType, MAX_MEMORY_BYTES, Registry};
pub use validate::{MAX_DIMENSION, MAX_SIGMA};
