//! The state of one kernel call, shared with the page: its progress and its cancellation.
//! A [`Call`] is a token: the boundary owns one per instance (in the threads build it sits in
//! shared linear memory, where the main thread reads progress and asks for a cancellation
//! without any message while the engine worker is busy running the kernel), and hands it to
//! the long kernels through [`Run::reporting`](super::Run::reporting). Kernels check it
//! between units of work small enough to keep an abort's latency bounded, and count the
//! units done.
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

/// The call state, laid out for the main thread's `Int32Array` view; [`Call::layout`] gives
/// each field's index by name.
#[repr(C)]
pub struct Call {
    current: AtomicI32,
    done: AtomicU32,
    total: AtomicU32,
    cancelled: [AtomicI32; CANCEL_SLOTS],
}

/// Where each field of a [`Call`] is, for a view of `i32`s starting at `address`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallLayout {
    /// The call's byte address in memory.
    pub address: usize,
    /// Index of the running call's id (0: none).
    pub current: usize,
    /// Index of the units done so far.
    pub done: usize,
    /// Index of the units the running call has announced.
    pub total: usize,
    /// Index of the first of `slots` cancelled ids, in a ring.
    pub cancelled: usize,
    /// Number of cancellation slots.
    pub slots: usize,
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (done, total) = self.progress();
        f.debug_struct("Call").field("current", &self.current.load(Relaxed)).field("done", &done).field("total", &total).finish()
    }
}

impl Default for Call {
    fn default() -> Self {
        Self::new()
    }
}

impl Call {
    /// A call state with no call open.
    pub const fn new() -> Self {
        Call {
            current: AtomicI32::new(IDLE),
            done: AtomicU32::new(0),
            total: AtomicU32::new(0),
            cancelled: [const { AtomicI32::new(IDLE) }; CANCEL_SLOTS],
        }
    }

    /// Its address and the index of each field, in `i32`s, for a view over memory.
    pub fn layout(&self) -> CallLayout {
        use std::mem::offset_of;
        let index = |byte_offset: usize| byte_offset / 4;
        CallLayout {
            address: self as *const Call as usize,
            current: index(offset_of!(Call, current)),
            done: index(offset_of!(Call, done)),
            total: index(offset_of!(Call, total)),
            cancelled: index(offset_of!(Call, cancelled)),
            slots: CANCEL_SLOTS,
        }
    }

    fn slot(&self, id: i32) -> &AtomicI32 {
        &self.cancelled[id as u32 as usize % CANCEL_SLOTS]
    }

    /// Opens call `id` (`id ≥ 1`) with no progress yet. Returns false, opening nothing, if it
    /// was cancelled while queued.
    ///
    /// The main thread cancels by writing the slot and then reading `current`; here `current`
    /// is written and then the slot read, all sequentially consistent, so at least one side
    /// sees the other: either this call is skipped, or the main thread sees it running and
    /// waits for its reply before rejecting (the kernel is still writing its buffers until then).
    pub fn begin(&self, id: i32) -> bool {
        self.done.store(0, Relaxed);
        self.total.store(0, Relaxed);
        self.current.store(id, SeqCst);
        if self.slot(id).load(SeqCst) == id {
            self.current.store(IDLE, SeqCst);
            return false;
        }
        true
    }

    /// Closes the running call; returns whether it was cancelled while it ran (its kernel may
    /// then have stopped part way).
    pub fn end(&self) -> bool {
        let id = self.current.swap(IDLE, SeqCst);
        id != IDLE && self.slot(id).load(SeqCst) == id
    }

    /// Cancels call `id` (the main thread does the same through its view; native tests use this).
    pub fn cancel(&self, id: i32) {
        self.slot(id).store(id, SeqCst);
    }

    /// The running call will do `units` units of work (rows, blocks).
    pub fn expect(&self, units: usize) {
        self.total.fetch_add(units.min(u32::MAX as usize) as u32, Relaxed);
    }

    /// Whether the running call has been cancelled; kernels stop at their next unit. False
    /// outside a call.
    #[inline]
    pub fn cancelled(&self) -> bool {
        let id = self.current.load(Relaxed);
        id != IDLE && self.slot(id).load(Relaxed) == id
    }

    /// `units` more units of the running call are done.
    #[inline]
    pub fn advance(&self, units: usize) {
        self.done.fetch_add(units.min(u32::MAX as usize) as u32, Relaxed);
    }

    /// Units done and announced so far.
    pub fn progress(&self) -> (u32, u32) {
        (self.done.load(Relaxed), self.total.load(Relaxed))
    }
}
