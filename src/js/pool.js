// Starting rayon's pool workers for a threads-build instance. Used by the engine, and by
// anyone who runs the raw threads build (pkg/threads) in a worker of their own:
//
//   wasm.poolPrepare();
//   await startPoolWorkers(n, { glue: glueUrl, module: wasm.compiledModule(), memory: wasm.wasmMemory() }, channel, workers);
//   wasm.poolBuild(n);  // returns once every thread runs

import { deserializeError } from './protocol.js';

/**
 * Starts one pool worker per thread on the instance's module and shared memory; each
 * reports a trap on the BroadcastChannel named `channel`. Pushes them onto `workers` (so
 * the caller can terminate them) and resolves once all are ready.
 */
export async function startPoolWorkers(threads, { glue, module, memory }, channel, workers) {
  await Promise.all(
    Array.from({ length: threads }, () => new Promise((resolve, reject) => {
      const w = new Worker(new URL('./pool.worker.js', import.meta.url), { type: 'module', name: 'wasmpar-pool' });
      workers.push(w); // Note: kept referenced, or Firefox may collect them (bugzil.la/1702191)
      w.onmessage = ({ data }) => (data.ready ? resolve() : reject(deserializeError(data.error)));
      w.onerror = (e) => reject(new Error(`wasmpar pool worker failed to start: ${e.message ?? 'unknown error'}`));
      w.postMessage({ glue, module, memory, channel });
    })),
  );
}

