//! Progress and cancellation of the running call. The engine runs one call at a time per
//! instance, so one block of atomics serves; in the threads build it sits in shared linear
//! memory, where the main thread reads progress and asks for a cancellation without any
//! message (the engine worker is busy running the kernel). Parallel kernels check between
//! units of work small enough to keep an abort's latency bounded, and count the units done.
//!
//! A call's state is the call's: `begin` opens it and `end` closes it, and between calls no
//! call is current, so nothing that runs outside a call (an allocation, a free) can see
//! another call's cancellation. A cancellation names its call: the main thread writes the
//! call's id into the slot `id % CANCEL_SLOTS`, so a call aborted while queued behind others
//! is skipped when its turn comes, and an old cancellation never matches a later call.

use std::sync::atomic::{AtomicI32, AtomicU32, Ordering::Relaxed, Ordering::SeqCst};

/// Slots for cancelled call ids. Ids rise by one per request, so a queued call is skipped
/// unless a call issued `CANCEL_SLOTS` requests after it was aborted too before it started
/// (then it runs as if not aborted, although its promise has already rejected).
pub const CANCEL_SLOTS: usize = 256;

/// No call is running (call ids start at 1).
const IDLE: i32 = 0;

/// The call state, laid out for the main thread's `Int32Array` view:
/// `[current call id (0: none), units done, units in all, unused, cancelled ids × CANCEL_SLOTS]`.
#[repr(C)]
pub struct Control {
    /// The running call's id, or 0.
    pub current: AtomicI32,
    /// Units of work done so far in the running call.
    pub done: AtomicU32,
    /// Units of work the running call has announced.
    pub total: AtomicU32,
    _unused: AtomicI32,
    /// Ids of calls the page has cancelled, in a ring.
    pub cancelled: [AtomicI32; CANCEL_SLOTS],
}

/// The one call state of this instance (the engine runs one call at a time).
pub static CONTROL: Control = Control {
    current: AtomicI32::new(IDLE),
    done: AtomicU32::new(0),
    total: AtomicU32::new(0),
    _unused: AtomicI32::new(0),
    cancelled: [const { AtomicI32::new(IDLE) }; CANCEL_SLOTS],
};

fn slot(id: i32) -> &'static AtomicI32 {
    &CONTROL.cancelled[id as u32 as usize % CANCEL_SLOTS]
}

/// Whether call `id` has been cancelled (what the main thread writes on an abort).
fn is_cancelled(id: i32) -> bool {
    id != IDLE && slot(id).load(Relaxed) == id
}

/// Opens call `id` (`id ≥ 1`) with no progress yet. Returns false, opening nothing, if it
/// was cancelled while queued.
///
/// The main thread cancels by writing the slot and then reading `current`; here `current` is
/// written and then the slot read, all sequentially consistent, so at least one side sees
/// the other: either this call is skipped, or the main thread sees it running and waits for
/// its reply before rejecting (the kernel is still writing its buffers until then).
pub fn begin(id: i32) -> bool {
    CONTROL.done.store(0, Relaxed);
    CONTROL.total.store(0, Relaxed);
    CONTROL.current.store(id, SeqCst);
    if slot(id).load(SeqCst) == id {
        CONTROL.current.store(IDLE, SeqCst);
        return false;
    }
    true
}

/// Closes the running call; returns whether it was cancelled while it ran (its kernel may
/// then have stopped part way).
pub fn end() -> bool {
    let id = CONTROL.current.swap(IDLE, SeqCst);
    id != IDLE && slot(id).load(SeqCst) == id
}

/// Cancels call `id` (the main thread does the same through its view; native tests use this).
pub fn cancel(id: i32) {
    slot(id).store(id, SeqCst);
}

/// The running call will do `units` units of work (rows, blocks).
pub fn expect(units: usize) {
    CONTROL.total.fetch_add(units.min(u32::MAX as usize) as u32, Relaxed);
}

/// Whether the running call has been cancelled; kernels stop at their next unit. False
/// outside a call.
#[inline]
pub fn cancelled() -> bool {
    is_cancelled(CONTROL.current.load(Relaxed))
}

/// `units` more units of the running call are done.
#[inline]
pub fn advance(units: usize) {
    CONTROL.done.fetch_add(units.min(u32::MAX as usize) as u32, Relaxed);
}
