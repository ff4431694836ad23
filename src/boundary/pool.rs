//! rayon's global thread pool on Web Workers (threads build only).
//!
//! wasm-bindgen-rayon does the same job; we keep this small version because its JavaScript
//! helper starts workers from `blob:` URLs, so under a strict Content-Security-Policy
//! (`script-src 'self'`) `initThreadPool` silently never resolves (measured here), and it
//! gives no way to learn that a worker trapped. Our workers are plain module scripts
//! (`src/js/pool.worker.js`) that report a trap on a BroadcastChannel the page listens to.
//!
//! Order: the engine worker calls [`pool_prepare`], starts one worker per thread (each
//! instantiates the module on the shared memory, says it is ready, then blocks in
//! [`pool_worker_run`] waiting for a `ThreadBuilder`), and only then calls [`pool_build`].
//! Note: rayon's `build_global` waits until every thread has started, so building before
//! the workers exist would block the engine worker for ever.
//!
//! The builders travel through a `Mutex<VecDeque>` and a `Condvar`, not `std::sync::mpsc`:
//! on Node.js 20's worker_threads an `mpsc` receiver never woke although both builders were
//! sent (counters in shared memory showed it), while `Mutex`, `Condvar` and `thread::park`
//! work there (each checked separately), as they do in the browsers.

use rayon::{ThreadBuilder, ThreadPoolBuilder};
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use wasm_bindgen::prelude::*;

/// Builders waiting for a pool worker; `None` until [`pool_prepare`] opens the queue.
static QUEUE: Mutex<Option<VecDeque<ThreadBuilder>>> = Mutex::new(None);
static QUEUED: Condvar = Condvar::new();

fn pool_error(message: &str) -> JsValue {
    js_sys::Error::new(&format!("pool: {message}")).into()
}

/// Opens the queue the pool workers will take their `ThreadBuilder`s from.
#[wasm_bindgen(js_name = poolPrepare)]
pub fn pool_prepare() -> Result<(), JsValue> {
    *QUEUE.lock().map_err(|_| pool_error("queue unusable"))? = Some(VecDeque::new());
    Ok(())
}

/// The compiled module, which each pool worker instantiates again on the same memory.
#[wasm_bindgen(js_name = compiledModule)]
pub fn wasm_module() -> JsValue {
    wasm_bindgen::module()
}

/// Builds the global pool of `threads` threads, handing one builder to each waiting worker;
/// returns once all of them run.
#[wasm_bindgen(js_name = poolBuild)]
pub fn pool_build(threads: usize) -> Result<(), JsValue> {
    if QUEUE.lock().map_err(|_| pool_error("queue unusable"))?.is_none() {
        return Err(pool_error("poolPrepare was not called"));
    }
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(|builder| {
            let mut queue = QUEUE.lock().map_err(|_| std::io::Error::other("pool: builder queue unusable"))?;
            queue.as_mut().ok_or_else(|| std::io::Error::other("pool: builder queue closed"))?.push_back(builder);
            QUEUED.notify_one();
            Ok(())
        })
        .build_global()
        .map_err(|e| pool_error(&e.to_string()))
}

/// Run by each pool worker once its instance is ready: takes one queued builder and runs
/// rayon's worker loop, which returns only if the pool shuts down.
#[wasm_bindgen(js_name = poolWorkerRun)]
pub fn pool_worker_run() {
    let Ok(mut queue) = QUEUE.lock() else { return };
    let builder = loop {
        match queue.as_mut().map(VecDeque::pop_front) {
            Some(Some(builder)) => break builder,
            Some(None) => match QUEUED.wait(queue) {
                Ok(q) => queue = q,
                Err(_) => return,
            },
            None => return,
        }
    };
    drop(queue);
    builder.run();
}
