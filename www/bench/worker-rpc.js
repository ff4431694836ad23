// Calls into a benchmark worker as promises: each message gets an id, and the worker
// answers { id, ok, value } or { id, ok: false, error }. Used for the benchmark worker and
// the peer libraries' workers.

/**
 * Returns `call(message, transfer)` → the reply's value. Errors are prefixed with `label`
 * when given; a worker that fails (an uncaught error) rejects every pending call.
 */
export function workerRpc(worker, label = '') {
  const pending = new Map();
  let next = 0;
  const prefix = label ? `${label}: ` : '';
  worker.onmessage = ({ data }) => {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    data.ok ? resolve(data.value) : reject(new Error(`${prefix}${data.error}`));
  };
  worker.onerror = (e) => pending.forEach(({ reject }) => { reject(new Error(`${label || 'benchmark'} worker: ${e.message}`)); });
  return (message, transfer = []) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message }, transfer);
    });
}
