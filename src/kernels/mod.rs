//! Pure Rust kernels: slices in, results out. No wasm-bindgen, no js-sys, so every kernel
//! is tested natively and benchmarked against itself compiled for the host.
//!
//! Every kernel has a sequential form and a parallel form (`_par`) that tests prove equal.
//! Kernels assume valid input (the boundary validates); the rules are in each doc comment.

pub mod control;
pub mod image;
#[cfg(feature = "bench")]
pub mod locality;
pub mod numeric;
pub mod simd;
#[cfg(feature = "bench")]
pub mod text;

/// Elements per reduction chunk. Float reductions sum each chunk on its own and then combine
/// the chunk results in index order, so the bits do not depend on the thread count.
pub const REDUCE_CHUNK: usize = 1 << 14;
