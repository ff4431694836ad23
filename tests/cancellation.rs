//! The call state of `kernels::control`: a cancellation belongs to its call and nothing else
//! sees it, and the kernels that can be cancelled stop within a small unit of work even at
//! their largest parameters. Each kernel is handed the call as a token (`Run::reporting`);
//! one test, so the timed kernels do not share the cores with each other.
//!
//! "Promptly" is a unit of work plus [`NOISE`]: the kernels here run for seconds when not
//! cancelled, so a bound of a tenth of a second still tells stopping from finishing, and a
//! busy machine (CI once measured a sort's copies at 167 ms) does not fail it.

#![forbid(unsafe_code)]

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};
use wasmpar::kernels::Run;
use wasmpar::kernels::control::{CANCEL_SLOTS, Call};
use wasmpar::kernels::numeric::{Region, mandelbrot, matmul, sort_int, sort_scratch_len};

/// What a loaded machine may add to a kernel's last unit of work before it sees the abort.
const NOISE: Duration = Duration::from_millis(100);

/// Runs `kernel` as call `id`, cancels it after `delay`, and returns how long the kernel
/// kept running after the cancellation, and what `end` said.
fn stop_latency(control: &Call, id: i32, delay: Duration, kernel: impl FnOnce() + Send) -> (Duration, bool) {
    assert!(control.begin(id));
    let (tx, rx) = mpsc::channel();
    thread::scope(|s| {
        s.spawn(move || {
            kernel();
            tx.send(Instant::now()).unwrap();
        });
        thread::sleep(delay);
        let cancelled_at = Instant::now();
        control.cancel(id);
        let finished = rx.recv().unwrap();
        (finished.saturating_duration_since(cancelled_at), control.end())
    })
}

#[test]
fn a_cancellation_is_its_calls_alone_and_kernels_stop_promptly() {
    let control = Call::new();
    // Outside any call nothing is cancelled, even right after a cancelled call.
    assert!(!control.cancelled());
    assert!(control.begin(1));
    control.cancel(1);
    assert!(control.cancelled());
    assert!(control.end(), "end reports the cancellation");
    assert!(!control.cancelled(), "no call is open: an allocation now must not see call 1's abort");
    assert!(control.begin(2));
    assert!(!control.cancelled(), "call 2 is not call 1");
    assert!(!control.end());

    // A call cancelled while queued is refused at its start; the one after it is not.
    control.cancel(4);
    assert!(!control.begin(4));
    assert!(!control.cancelled());
    assert!(control.begin(5));
    assert!(!control.end());
    // A slot is reused by the id CANCEL_SLOTS later, so an old cancellation never matches it.
    assert!(control.begin(4 + CANCEL_SLOTS as i32));
    assert!(!control.end());

    // Mandelbrot at the largest iteration count on a row inside the set: a whole row takes
    // seconds, one pixel a few milliseconds.
    let (w, h) = (2000, 64);
    let mut escapes = vec![0u8; w * h];
    let inside = Region { x_min: -0.2, y_min: -0.1, x_max: 0.1, y_max: 0.1 };
    let run = Run::PARALLEL.reporting(&control);
    let (late, was) = stop_latency(&control, 10, Duration::from_millis(100), || mandelbrot(&mut escapes, w, h, 1_000_000, inside, run));
    assert!(was);
    assert!(late < NOISE, "mandelbrot ran {late:?} after the abort");

    // A wide matrix product: one band of rows is 64 × 4096 × 65536 multiply-adds.
    let (m, k, n) = (64, 4096, 1 << 16);
    let a = vec![1.0f32; m * k];
    let b = vec![0.5f32; k * n];
    let mut c = vec![0.0f32; m * n];
    let (late, was) = stop_latency(&control, 11, Duration::from_millis(100), || matmul(&a, &b, &mut c, m, k, n, run));
    assert!(was);
    assert!(late < NOISE, "matmul ran {late:?} after the abort");

    // A sort whose last merge is the whole input; cancelled, it keeps every key. Its unit of
    // work after an abort is copying: the round's unmerged pairs into the other buffer, then
    // the whole back into `keys`; so the bound is two copies of the input, timed here.
    let len = 1 << 25;
    let mut keys: Vec<u32> = (0..len as u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
    let total: u64 = keys.iter().map(|&k| k as u64).sum();
    let mut scratch = vec![0u32; sort_scratch_len(len, run)];
    let copy = (0..3)
        .map(|_| {
            let start = Instant::now();
            scratch.copy_from_slice(std::hint::black_box(&keys));
            start.elapsed()
        })
        .min()
        .unwrap();
    let (late, was) = stop_latency(&control, 12, Duration::from_millis(150), || sort_int(&mut keys, &mut scratch, run));
    assert!(was);
    assert!(late < 2 * copy + NOISE, "sort ran {late:?} after the abort (one copy of its input takes {copy:?})");
    assert_eq!(keys.iter().map(|&k| k as u64).sum::<u64>(), total, "a cancelled sort keeps a permutation");
}
