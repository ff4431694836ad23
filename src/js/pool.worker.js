// A rayon worker: instantiates the threads build on the engine's shared memory, then runs
// rayon's worker loop until the engine is terminated. A plain same-origin module script (no
// blob: URL), so a strict Content-Security-Policy allows it.

self.onmessage = async ({ data: { glue: glueUrl, module, memory, channel } }) => {
  const crashes = new BroadcastChannel(channel);
  let glue;
  try {
    glue = await import(glueUrl);
    await glue.default({ module_or_path: module, memory });
  } catch (e) {
    postMessage({ error: { name: e.name, message: e.message } });
    return;
  }
  postMessage({ ready: true });
  try {
    glue.poolWorkerRun();
  } catch (e) {
    // A trap here would otherwise go unseen: the engine worker is blocked waiting for this
    // thread's work. Tell the page directly, which terminates the engine.
    crashes.postMessage({ name: e.name, message: e.message });
    throw e;
  }
};
