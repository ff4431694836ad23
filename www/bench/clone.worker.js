// One plain worker with its own non-shared, single-threaded wasm instance: the
// "N workers, copy chunks to them" approach the sharing scenario compares against.
import init, { benchScaleCopy } from '/pkg/single/wasmpar.js';

const ready = init();
self.onmessage = async ({ data }) => {
  await ready;
  const out = benchScaleCopy(data.chunk, data.alpha);
  postMessage({ id: data.id, out }, data.transfer ? [out.buffer] : []);
};
postMessage({ ready: true });
