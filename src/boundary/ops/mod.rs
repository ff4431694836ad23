//! Every operation the engine can ask for, on handles and plain numbers, by the family of
//! data it works on (mirroring `kernels`): validate every argument with `args`, within the
//! `limits`, then run the parallel kernel. Pure Rust, so every rule is tested natively; the
//! wasm exports only wrap these.

pub mod image;
mod in_place_or_into;
pub mod memory;
pub mod numeric;
pub mod plane;
