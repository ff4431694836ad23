// One helper the engine and its worker share.

/**
 * Resolves in a task of its own, after the tasks already queued (a MessageChannel message:
 * setTimeout would clamp to 4 ms when nested, and to 1 ms on Node).
 */
export function nextTask() {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
