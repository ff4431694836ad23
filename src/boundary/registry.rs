//! Buffers owned by Rust and seen by JavaScript through typed-array views.
//!
//! Each buffer is a `Vec` of its element type, so the allocator gives it the element's
//! alignment (u8: 1, u32/i32/f32: 4, f64: 8) and kernels borrow it as a slice without `unsafe`.
//! JavaScript only ever holds a handle; the registry maps it to the buffer, so a freed or
//! unknown handle is a clean error and never a wild pointer.

use super::BoundaryError;
use super::limits::MAX_MEMORY_BYTES;
use crate::kernels::control::Call;
use std::collections::HashMap;
use std::sync::Arc;

/// The element types a buffer can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementType {
    /// `u8`: RGBA images, bytes (`Uint8Array`).
    U8,
    /// `u32` (`Uint32Array`).
    U32,
    /// `i32` (`Int32Array`).
    I32,
    /// `f32` (`Float32Array`).
    F32,
    /// `f64` (`Float64Array`).
    F64,
}

impl ElementType {
    /// Parses the JS name (`'u8' | 'u32' | 'i32' | 'f32' | 'f64'`).
    pub fn parse(name: &'static str, value: &str) -> Result<Self, BoundaryError> {
        match value {
            "u8" => Ok(Self::U8),
            "u32" => Ok(Self::U32),
            "i32" => Ok(Self::I32),
            "f32" => Ok(Self::F32),
            "f64" => Ok(Self::F64),
            _ => Err(BoundaryError::type_error(name, format!("{name} must be one of 'u8', 'u32', 'i32', 'f32', 'f64', got '{value}'"))),
        }
    }

    /// The JS name: `'u8'`, `'u32'`, `'i32'`, `'f32'` or `'f64'`.
    pub fn name(self) -> &'static str {
        match self {
            Self::U8 => "u8",
            Self::U32 => "u32",
            Self::I32 => "i32",
            Self::F32 => "f32",
            Self::F64 => "f64",
        }
    }

    /// Bytes per element, which is also the alignment.
    pub fn size(self) -> usize {
        match self {
            Self::U8 => 1,
            Self::U32 | Self::I32 | Self::F32 => 4,
            Self::F64 => 8,
        }
    }
}

/// A typed buffer.
#[derive(Debug)]
pub enum Buffer {
    /// `u8` elements.
    U8(Vec<u8>),
    /// `u32` elements.
    U32(Vec<u32>),
    /// `i32` elements.
    I32(Vec<i32>),
    /// `f32` elements.
    F32(Vec<f32>),
    /// `f64` elements.
    F64(Vec<f64>),
}

impl Buffer {
    /// What the buffer holds.
    pub fn element_type(&self) -> ElementType {
        match self {
            Buffer::U8(_) => ElementType::U8,
            Buffer::U32(_) => ElementType::U32,
            Buffer::I32(_) => ElementType::I32,
            Buffer::F32(_) => ElementType::F32,
            Buffer::F64(_) => ElementType::F64,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            Buffer::U8(v) => v.len(),
            Buffer::U32(v) => v.len(),
            Buffer::I32(v) => v.len(),
            Buffer::F32(v) => v.len(),
            Buffer::F64(v) => v.len(),
        }
    }

    /// Whether it holds no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Address of the first element in linear memory (on wasm, the byte offset JS uses).
    pub fn address(&self) -> usize {
        match self {
            Buffer::U8(v) => v.as_ptr() as usize,
            Buffer::U32(v) => v.as_ptr() as usize,
            Buffer::I32(v) => v.as_ptr() as usize,
            Buffer::F32(v) => v.as_ptr() as usize,
            Buffer::F64(v) => v.as_ptr() as usize,
        }
    }
}

/// Allocates `len` zeroed elements, failing cleanly (not trapping) when memory cannot grow.
fn zeroed<T: Default + Clone>(len: usize, ty: ElementType) -> Result<Vec<T>, BoundaryError> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| {
        BoundaryError::out_of_memory(len * ty.size(), format!(
            "alloc: out of memory: {len} {} elements ({} bytes) do not fit in the remaining wasm memory (maximum {MAX_MEMORY_BYTES} bytes)",
            ty.name(),
            len * ty.size()
        ))
    })?;
    v.resize(len, T::default());
    Ok(v)
}

/// Work space kept between calls. Kernels overwrite it completely, so it is neither zeroed
/// nor freed: a 1080p blur would otherwise allocate and clear 33 MB on the calling thread,
/// serially, on every call.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    f32s: Vec<f32>,
    u32s: Vec<u32>,
    u8s: Vec<u8>,
}

/// The element types of work space, each with its slot in [`Scratch`].
pub(crate) trait ScratchElement: Default + Clone {
    /// Bytes per element, for the out-of-memory message.
    const SIZE: usize = std::mem::size_of::<Self>();
    fn slot(scratch: &mut Scratch) -> &mut Vec<Self>;
}

impl ScratchElement for f32 {
    fn slot(scratch: &mut Scratch) -> &mut Vec<f32> {
        &mut scratch.f32s
    }
}

impl ScratchElement for u32 {
    fn slot(scratch: &mut Scratch) -> &mut Vec<u32> {
        &mut scratch.u32s
    }
}

impl ScratchElement for u8 {
    fn slot(scratch: &mut Scratch) -> &mut Vec<u8> {
        &mut scratch.u8s
    }
}

/// Takes `slot`'s vector, sized to `len` (growing it fallibly, never trapping).
fn take_sized<T: ScratchElement>(slot: &mut Vec<T>, len: usize) -> Result<Vec<T>, BoundaryError> {
    let mut v = std::mem::take(slot);
    if v.len() < len {
        v.try_reserve_exact(len - v.len()).map_err(|_| {
            BoundaryError::out_of_memory(
                len * T::SIZE,
                format!("out of memory: {} bytes of work space do not fit in the remaining wasm memory", len * T::SIZE),
            )
        })?;
    }
    v.resize(len, T::default());
    Ok(v)
}

/// Live buffers by handle. Handles start at 1 and are never reused within an instance.
#[derive(Debug, Default)]
pub struct Registry {
    next_handle: u32,
    buffers: HashMap<u32, Buffer>,
    scratch: Scratch,
    // Shared, not owned: an operation holds it while it borrows a buffer mutably, and its
    // heap address stays put for the main thread's view (threads build).
    call: Arc<Call>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// The state of the running kernel call, which the operations hand to their kernels:
    /// progress, and cancellation by the page (`beginCall`, `endCall`, `controlLayout`).
    pub fn call(&self) -> Arc<Call> {
        Arc::clone(&self.call)
    }

    /// `len` elements of `ty` must fit within the memory maximum.
    pub fn check_size(ty: ElementType, len: usize) -> Result<usize, BoundaryError> {
        len.checked_mul(ty.size()).filter(|&b| b <= MAX_MEMORY_BYTES).ok_or_else(|| {
            BoundaryError::range(
                "length",
                format!("length: {len} {} elements need more than the {MAX_MEMORY_BYTES}-byte memory maximum", ty.name()),
            )
        })
    }

    /// Allocates a zeroed buffer and returns its handle.
    pub fn alloc(&mut self, ty: ElementType, len: usize) -> Result<u32, BoundaryError> {
        Self::check_size(ty, len)?;
        let buffer = match ty {
            ElementType::U8 => Buffer::U8(zeroed(len, ty)?),
            ElementType::U32 => Buffer::U32(zeroed(len, ty)?),
            ElementType::I32 => Buffer::I32(zeroed(len, ty)?),
            ElementType::F32 => Buffer::F32(zeroed(len, ty)?),
            ElementType::F64 => Buffer::F64(zeroed(len, ty)?),
        };
        self.next_handle += 1;
        self.buffers.insert(self.next_handle, buffer);
        Ok(self.next_handle)
    }

    /// Frees a buffer; its memory returns to the allocator (linear memory never shrinks).
    pub fn free(&mut self, handle: u32) -> Result<(), BoundaryError> {
        self.buffers
            .remove(&handle)
            .map(drop)
            .ok_or_else(|| BoundaryError::bad_buffer("buffer", format!("buffer {handle} was freed or never allocated")))
    }

    /// The buffer behind `handle`, for the argument called `name`.
    pub fn get(&self, name: &'static str, handle: u32) -> Result<&Buffer, BoundaryError> {
        self.buffers.get(&handle).ok_or_else(|| freed(name))
    }

    /// Mutable access to the buffer behind `handle`.
    pub fn get_mut(&mut self, name: &'static str, handle: u32) -> Result<&mut Buffer, BoundaryError> {
        self.buffers.get_mut(&handle).ok_or_else(|| freed(name))
    }

    /// One buffer to read and a different one to write.
    pub fn get_in_out(
        &mut self,
        (in_name, input): (&'static str, u32),
        (out_name, output): (&'static str, u32),
    ) -> Result<(&Buffer, &mut Buffer), BoundaryError> {
        if input == output {
            return Err(BoundaryError::bad_buffer(out_name, format!("{out_name} must be a different buffer from {in_name}")));
        }
        self.get(in_name, input)?;
        self.get(out_name, output)?;
        let [a, b] = self.buffers.get_disjoint_mut([&input, &output]);
        Ok((a.ok_or_else(|| freed(in_name))?, b.ok_or_else(|| freed(out_name))?))
    }

    /// Takes a buffer out (to borrow it mutably beside others); put it back with `put_back`.
    pub fn take(&mut self, handle: u32) -> Result<Buffer, BoundaryError> {
        self.buffers.remove(&handle).ok_or_else(|| freed("buffer"))
    }

    /// Returns a buffer taken with `take` under the same handle.
    pub fn put_back(&mut self, handle: u32, buffer: Buffer) {
        self.buffers.insert(handle, buffer);
    }

    /// Runs `f` with `len` elements of work space, kept for the next call whatever `f`
    /// returns. `f` gets the registry too, to borrow the call's buffers.
    pub(crate) fn with_scratch<T: ScratchElement, R>(
        &mut self,
        len: usize,
        f: impl FnOnce(&mut Registry, &mut [T]) -> Result<R, BoundaryError>,
    ) -> Result<R, BoundaryError> {
        let mut scratch = take_sized(T::slot(&mut self.scratch), len)?;
        let result = f(self, &mut scratch);
        *T::slot(&mut self.scratch) = scratch;
        result
    }

    /// Number of live buffers.
    pub fn len(&self) -> usize {
        self.buffers.len()
    }

    /// Whether no buffer is live.
    pub fn is_empty(&self) -> bool {
        self.buffers.is_empty()
    }
}

fn freed(name: &'static str) -> BoundaryError {
    BoundaryError::bad_buffer(name, format!("{name}: the buffer was freed or belongs to no live allocation"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_aligned_to_their_element_size() {
        let mut reg = Registry::new();
        for ty in [ElementType::U8, ElementType::U32, ElementType::I32, ElementType::F32, ElementType::F64] {
            for len in [0, 1, 3, 1000] {
                let h = reg.alloc(ty, len).unwrap();
                let buf = reg.get("b", h).unwrap();
                assert_eq!(buf.address() % ty.size(), 0, "{ty:?} len {len}");
                assert_eq!(buf.len(), len);
                assert_eq!(buf.element_type(), ty);
            }
        }
    }

    #[test]
    fn freed_and_unknown_handles_are_errors() {
        let mut reg = Registry::new();
        let h = reg.alloc(ElementType::F32, 10).unwrap();
        reg.free(h).unwrap();
        assert!(reg.get("xs", h).unwrap_err().message().starts_with("xs: the buffer was freed"));
        assert!(reg.free(h).is_err());
        assert!(reg.get("xs", 0).is_err());
        assert!(reg.is_empty());
    }

    #[test]
    fn alloc_past_the_memory_maximum_is_a_range_error() {
        let mut reg = Registry::new();
        let e = reg.alloc(ElementType::F64, MAX_MEMORY_BYTES / 8 + 1).unwrap_err();
        assert_eq!(e.kind(), super::super::ErrorKind::Range);
        assert!(e.message().starts_with("length: 268435457 f64 elements need more than"), "{e}");
    }

    #[test]
    fn in_and_out_must_differ() {
        let mut reg = Registry::new();
        let h = reg.alloc(ElementType::U8, 4).unwrap();
        let e = reg.get_in_out(("image", h), ("output", h)).unwrap_err();
        assert_eq!(e.message(), "output must be a different buffer from image");
    }

    #[test]
    fn element_type_names_round_trip() {
        for name in ["u8", "u32", "i32", "f32", "f64"] {
            assert_eq!(ElementType::parse("type", name).unwrap().name(), name);
        }
        let e = ElementType::parse("type", "u16").unwrap_err();
        assert_eq!(e.message(), "type must be one of 'u8', 'u32', 'i32', 'f32', 'f64', got 'u16'");
        assert_eq!(e.kind(), super::super::ErrorKind::Type);
    }
}
