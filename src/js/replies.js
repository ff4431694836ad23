// Requests waiting for their reply by id, for anything that talks to a worker by messages:
// the engine (engine.js) and the benchmark's workers (www/bench/worker-rpc.js) keep their
// pending requests here.

export class Replies {
  #pending = new Map();
  #next = 1;

  /** Keeps `entry` (what settles the request) until its reply; returns the request's id. */
  add(entry) {
    const id = this.#next++;
    this.#pending.set(id, entry);
    return id;
  }

  /** The entry of request `id`, still waiting; undefined once taken. */
  peek(id) {
    return this.#pending.get(id);
  }

  /** Removes and returns the entry of request `id` (undefined if none is waiting). */
  take(id) {
    const entry = this.#pending.get(id);
    this.#pending.delete(id);
    return entry;
  }

  /** Removes and returns every waiting entry (when the worker is gone). */
  takeAll() {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    return all;
  }
}
