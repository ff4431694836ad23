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

mod args;
#[cfg(all(target_arch = "wasm32", feature = "js-api", feature = "bench"))]
mod bench_exports;
#[cfg(feature = "bench")]
pub mod bench_ops;
pub mod declarations;
mod error;
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
mod exports;
pub mod limits;
mod ops;
#[cfg(all(target_arch = "wasm32", feature = "js-api", feature = "threads"))]
mod pool;
mod registry;

pub use error::{BoundaryError, ErrorKind};
// Flat, as before the split: `boundary::gaussian_blur`; the family is in the file name.
pub use declarations::{Arg, KERNELS, Value, call};
pub use limits::*;
pub use ops::{image::*, memory::*, numeric::*, plane::*};
pub use registry::{Buffer, ElementType, Registry};
