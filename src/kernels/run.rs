//! How a kernel runs: sequentially on the calling thread, or in parallel on rayon's pool; and
//! the [`Call`] whose progress it reports and whose cancellation it obeys, if any. Every
//! kernel takes one as its last argument, and the two forms give the same result (tests
//! prove it for each).

use super::control::Call;

/// Sequential or parallel, and the call to report to (none by default).
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// Whether the kernel splits its work over rayon's pool.
    pub parallel: bool,
    call: Option<&'a Call>,
}

impl<'a> Run<'a> {
    /// On the calling thread.
    pub const SEQUENTIAL: Run<'static> = Run { parallel: false, call: None };
    /// On rayon's pool.
    pub const PARALLEL: Run<'static> = Run { parallel: true, call: None };

    /// Sequential or parallel as `parallel` says.
    pub const fn parallel(parallel: bool) -> Run<'static> {
        Run { parallel, call: None }
    }

    /// The same, reporting progress to `call` and stopping early when it is cancelled.
    pub fn reporting(self, call: &Call) -> Run<'_> {
        Run { parallel: self.parallel, call: Some(call) }
    }

    /// The kernel will do `units` units of work.
    #[inline]
    pub fn expect(self, units: usize) {
        if let Some(c) = self.call {
            c.expect(units);
        }
    }

    /// Whether the call has been cancelled: the kernel stops at its next unit.
    #[inline]
    pub fn cancelled(self) -> bool {
        self.call.is_some_and(Call::cancelled)
    }

    /// `units` more units are done.
    #[inline]
    pub fn advance(self, units: usize) {
        if let Some(c) = self.call {
            c.advance(units);
        }
    }
}

impl std::fmt::Debug for Run<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run").field("parallel", &self.parallel).field("reporting", &self.call.is_some()).finish()
    }
}
