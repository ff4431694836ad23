//! Buffers: allocate and free them, and the call that does nothing (the engine's dispatch
//! latency is its round trip).

use crate::boundary::args::whole;
use crate::boundary::{BoundaryError, ElementType, Registry};

/// Checks the arguments of [`alloc`] without allocating: a known element type, a whole
/// length, and a byte size within the memory maximum.
pub fn check_alloc(type_name: &str, length: f64) -> Result<(ElementType, usize), BoundaryError> {
    let ty = ElementType::parse("type", type_name)?;
    let len = whole("length", length, 0)?;
    Registry::check_size(ty, len)?;
    Ok((ty, len))
}

/// Allocates a zeroed buffer of `length` elements of `type_name`; returns (handle, address).
pub fn alloc(reg: &mut Registry, type_name: &str, length: f64) -> Result<(u32, usize), BoundaryError> {
    let (ty, len) = check_alloc(type_name, length)?;
    let handle = reg.alloc(ty, len)?;
    Ok((handle, reg.get("buffer", handle)?.address()))
}

/// Frees a buffer.
pub fn free(reg: &mut Registry, handle: u32) -> Result<(), BoundaryError> {
    reg.free(handle)
}

/// Does nothing: the engine's dispatch latency is the round trip of this call.
pub fn noop(_reg: &mut Registry) -> Result<(), BoundaryError> {
    Ok(())
}
