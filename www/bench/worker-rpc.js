// Calls into a benchmark worker as promises: each message gets an id, and the worker
// answers { id, ok, value } or { id, ok: false, error }. Used for the benchmark worker, the
// clone workers and the peer libraries' workers; the pending requests are kept as the
// engine keeps its own (src/js/replies.js).

import { Replies } from '/pkg/replies.js';

/**
 * Returns `call(message, transfer)` → the reply's value. Errors are prefixed with `label`
 * when given; a worker that fails (an uncaught error) rejects every pending call.
 */
export function workerRpc(worker, label = '') {
  const replies = new Replies();
  const prefix = label ? `${label}: ` : '';
  worker.onmessage = ({ data }) => {
    const entry = replies.take(data.id);
    if (!entry) return;
    data.ok ? entry.resolve(data.value) : entry.reject(new Error(`${prefix}${data.error}`));
  };
  worker.onerror = (e) => replies.takeAll().forEach(({ reject }) => { reject(new Error(`${label || 'benchmark'} worker: ${e.message}`)); });
  return (message, transfer = []) =>
    new Promise((resolve, reject) => {
      const id = replies.add({ resolve, reject });
      worker.postMessage({ id, ...message }, transfer);
    });
}
