//! Pure Rust kernels: slices in, results out. No wasm-bindgen, no js-sys, so every kernel
//! is tested natively and benchmarked against itself compiled for the host.
//!
//! Every kernel takes a [`Run`] last: sequential or parallel (tests prove the two equal), and
//! for the long kernels the [`control::Call`] to report progress to and obey cancellation of.
//! Kernels assume valid input (the boundary validates); the rules are in each doc comment.

pub mod control;
pub mod image;
#[cfg(feature = "bench")]
pub mod locality;
pub mod numeric;
mod run;
pub mod simd;
#[cfg(feature = "bench")]
pub mod text;

pub use run::Run;

/// Elements per reduction chunk. Float reductions sum each chunk on its own and then combine
/// the chunk results in index order, so the bits do not depend on the thread count.
pub const REDUCE_CHUNK: usize = 1 << 14;
