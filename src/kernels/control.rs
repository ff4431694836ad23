//! Progress and cancellation of the running call. The engine runs one call at a time per
//! instance, so one set of atomics serves; in the threads build they sit in shared linear
//! memory, where the main thread reads progress and writes a cancellation without any
//! message (the engine worker is busy running the kernel). Parallel kernels check between
//! chunks and count the chunks they finish.

use std::sync::atomic::{AtomicI32, AtomicU32, Ordering::Relaxed};

/// The running call's state, laid out for the main thread's `Int32Array` view:
/// `[current call id, cancelled call id, units done, units in all]`.
#[repr(C)]
pub struct Control {
    pub current: AtomicI32,
    pub cancelled: AtomicI32,
    pub done: AtomicU32,
    pub total: AtomicU32,
}

pub static CONTROL: Control = Control {
    current: AtomicI32::new(0),
    cancelled: AtomicI32::new(-1),
    done: AtomicU32::new(0),
    total: AtomicU32::new(0),
};

/// Starts call `id` with no progress yet. Returns false if it was cancelled while queued.
pub fn begin(id: i32) -> bool {
    CONTROL.done.store(0, Relaxed);
    CONTROL.total.store(0, Relaxed);
    CONTROL.current.store(id, Relaxed);
    CONTROL.cancelled.load(Relaxed) != id
}

/// The running call will do `units` units of work (rows, blocks).
pub fn expect(units: usize) {
    CONTROL.total.fetch_add(units.min(u32::MAX as usize) as u32, Relaxed);
}

/// Whether the running call has been cancelled; kernels stop at their next chunk.
#[inline]
pub fn cancelled() -> bool {
    CONTROL.cancelled.load(Relaxed) == CONTROL.current.load(Relaxed)
}

/// `units` more units of the running call are done.
#[inline]
pub fn advance(units: usize) {
    CONTROL.done.fetch_add(units.min(u32::MAX as usize) as u32, Relaxed);
}
