// Messages between the main thread and the engine worker. Types are prefixed so a page's
// own messages never collide with ours; errors travel as {name, message} and are rethrown
// on the main thread as the same class.

export const MSG = Object.freeze({
  init: 'wasmpar:init',
  ready: 'wasmpar:ready',
  initFailed: 'wasmpar:init-failed',
  alloc: 'wasmpar:alloc',
  free: 'wasmpar:free',
  call: 'wasmpar:call',
  run: 'wasmpar:run',
  step: 'wasmpar:step',
  abort: 'wasmpar:abort',
  attachCanvas: 'wasmpar:attach-canvas',
  draw: 'wasmpar:draw',
  dropPipeline: 'wasmpar:drop-pipeline',
  skip: 'wasmpar:skip',
  result: 'wasmpar:result',
  crashed: 'wasmpar:crashed',
  poolStart: 'wasmpar:pool-start',
  poolStarted: 'wasmpar:pool-started',
});

const ERROR_CLASSES = { Error, RangeError, TypeError };

/** Turns any thrown value into a message-safe {name, message}. */
export function serializeError(e) {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** Rebuilds an error of the same class (Error, RangeError or TypeError). */
export function deserializeError({ name, message }) {
  const Class = ERROR_CLASSES[name] ?? Error;
  const e = new Class(message);
  if (!(name in ERROR_CLASSES)) e.name = name;
  return e;
}
