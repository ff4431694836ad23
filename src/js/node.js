// wasmpar on Node.js: the same engine API, its workers on worker_threads. Node has no Web
// Worker, so a small adapter gives worker_threads the Web Worker surface the engine uses
// (postMessage/onmessage/onerror/terminate), and each thread starts in node-worker-boot.js,
// which gives the worker script the globals it expects.

import { availableParallelism } from 'node:os';
import { Worker as NodeThread } from 'node:worker_threads';

const BOOT = new URL('./node-worker-boot.js', import.meta.url);

/** A Web Worker over a worker_thread; `url` is the module the thread runs. */
class WorkerOnThread {
  #thread;
  onmessage = null;
  onerror = null;

  constructor(url) {
    // Threads inherit the parent's flags, but --input-type (of `node -e`) stops a file starting.
    const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
    this.#thread = new NodeThread(BOOT, { workerData: { url: String(url) }, execArgv });
    this.#thread.on('message', (data) => this.onmessage?.({ data }));
    this.#thread.on('error', (e) => this.onerror?.({ message: e.message, error: e, preventDefault() {} }));
  }

  postMessage(message, transfer = []) {
    this.#thread.postMessage(message, transfer);
  }

  terminate() {
    void this.#thread.terminate();
  }
}

// Only where Node lacks one: never replace a Worker someone else installed.
globalThis.Worker ??= WorkerOnThread;
const { createEngine: createWebEngine, WasmparBuffer } = await import('./engine.js');

export { WasmparBuffer };

/** createEngine() of engine.js, with Node's core count as the default thread count. */
export function createEngine(options = {}) {
  return createWebEngine({ threads: availableParallelism(), ...options });
}
