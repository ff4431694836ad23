// First script of every wasmpar worker_thread on Node.js: gives the worker module the Web
// Worker globals it uses (self, postMessage, onmessage) and a fetch that reads file: URLs
// (Node's fetch refuses them, and wasm-bindgen's glue fetches its .wasm by URL), then
// imports the module named in workerData.

import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';

globalThis.self = globalThis;
globalThis.postMessage = (message, transfer = []) => parentPort.postMessage(message, transfer);

const webFetch = globalThis.fetch;
globalThis.fetch = async (resource, init) => {
  const url = new URL(String(resource?.url ?? resource));
  if (url.protocol !== 'file:') return webFetch(resource, init);
  return new Response(await readFile(url), { headers: { 'Content-Type': 'application/wasm' } });
};

// Messages that arrive while the module loads are delivered once it has set onmessage.
const early = [];
parentPort.on('message', (data) => (globalThis.onmessage ? globalThis.onmessage({ data }) : early.push(data)));
await import(workerData.url);
for (const data of early.splice(0)) globalThis.onmessage?.({ data });
