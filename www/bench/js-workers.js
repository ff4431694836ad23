// The JS-workers baseline: what a developer who knows Web Workers writes instead of us.
// N plain Workers share the kernel's typed arrays over one SharedArrayBuffer; each kernel
// is a list of phases, each phase a list of bands that the workers take from a queue as
// they finish (the dynamic balancing rayon gives our kernels), with a barrier between
// phases. Same band functions, same bits as the one-thread JS (js-kernels.js).

/** Starts n band workers; returns { bind(arrays), phase(op, ranges) → values, terminate }. */
export async function startJsWorkers(n) {
  const workers = await Promise.all(
    Array.from({ length: n }, async () => {
      const w = new Worker(new URL('./js-band.worker.js', import.meta.url), { type: 'module', name: 'wasmpar-js-band' });
      await new Promise((resolve, reject) => {
        w.onmessage = resolve;
        w.onerror = (e) => reject(new Error(`JS band worker failed to start: ${e.message ?? 'no message'}`));
      });
      let pending = null;
      w.onmessage = ({ data }) => (data.error ? pending.reject(new Error(`JS band worker: ${data.error}`)) : pending.resolve(data.value));
      const send = (message) =>
        new Promise((resolve, reject) => {
          pending = { resolve, reject };
          w.postMessage(message);
        });
      return { send, terminate: () => w.terminate() };
    }),
  );
  return {
    threads: n,
    bind: (arrays) => Promise.all(workers.map((w) => w.send({ bind: arrays }))),
    /** Runs `op` over every [from, to) of `ranges`; returns their values in range order. */
    async phase(op, ranges) {
      const values = new Array(ranges.length);
      let next = 0;
      await Promise.all(
        workers.map(async (w) => {
          while (next < ranges.length) {
            const i = next++;
            values[i] = await w.send({ op, from: ranges[i][0], to: ranges[i][1] });
          }
        }),
      );
      return values;
    },
    terminate: () => workers.forEach((w) => { w.terminate(); }),
  };
}

/** [from, to) ranges of `step` over 0..length. */
export function ranges(length, step) {
  const out = [];
  for (let i = 0; i < length; i += step) out.push([i, Math.min(length, i + step)]);
  return out;
}

/** Bands of `length` rows (or elements) for `threads` workers: eight each, so the queue
 *  balances uneven bands while a band's message round trip stays a small part of it. */
export const bands = (length, threads, multiple = 1) =>
  ranges(length, Math.max(multiple, Math.ceil(length / (8 * threads) / multiple) * multiple));
