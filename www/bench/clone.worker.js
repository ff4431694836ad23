// One plain worker with its own non-shared, single-threaded wasm instance: the
// "N workers, copy chunks to them" approach the sharing scenario compares against.
import init, { benchScaleCopy } from '/pkg-bench/single/wasmpar.js';

const ready = init();
self.onmessage = async ({ data }) => {
  try {
    await ready;
    const out = benchScaleCopy(data.chunk, data.alpha);
    postMessage({ id: data.id, ok: true, value: out }, data.transfer ? [out.buffer] : []);
  } catch (e) {
    // Reported, not swallowed: a silent failure here would hang the scenario.
    postMessage({ id: data.id, ok: false, error: String(e?.message ?? e) });
  }
};
postMessage({ ready: true });
