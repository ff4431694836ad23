//! How long a sleeping rayon worker takes to join a parallel call on this machine: after
//! the pool has idled 5 ms (its workers asleep), a call splits in two with `join`; the first
//! half busy-waits 3 ms, and the time at which the second half starts, and on which worker,
//! is recorded. A late start is time the 2-thread run of a short kernel cannot win back.
//!
//!     cargo run --release --example wake_probe

#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

const CALLS: usize = 41;

fn main() {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("pool");
    let mut starts = Vec::new();
    let mut stolen = 0;
    for _ in 0..CALLS {
        std::thread::sleep(Duration::from_millis(5));
        let start = Instant::now();
        let (first, second) = pool.install(|| {
            rayon::join(
                || {
                    let busy = Instant::now();
                    while busy.elapsed() < Duration::from_millis(3) {}
                    rayon::current_thread_index()
                },
                || (start.elapsed(), rayon::current_thread_index()),
            )
        });
        starts.push(second.0.as_secs_f64() * 1e6);
        stolen += usize::from(second.1 != first);
    }
    starts.sort_by(f64::total_cmp);
    println!(
        "the second half started after {:.0} µs (median; min {:.0}, max {:.0}), on the other worker in {stolen} of {CALLS} calls",
        starts[CALLS / 2],
        starts[0],
        starts[CALLS - 1]
    );
}
