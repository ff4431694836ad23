// The command ring (threads mode): kernel calls written into slots of a SharedArrayBuffer,
// the engine woken with Atomics.notify and the page told of completion the same way, with
// no message and no structured clone. Every request, in the ring or posted, takes the next
// number of one sequence (`seq`), and the engine runs them in that order: a posted message
// rings the doorbell too, so an engine blocked on it goes back to its event loop for it.
//
// Layout, in Int32 words: a header [doorbell, posted], then per slot [state, seq, id,
// kernel, count, tag × CELLS]; after that, in Float64 words, per slot [cell × CELLS, result].

const DOORBELL = 0; // bumped on every request
const POSTED = 1; // requests posted as messages, so far
const HEADER = 4;

export const SLOTS = 64;
const CELLS = 30; // argument cells per slot: the longest kernel takes 9, a string 1 + its length
const WORDS = 5 + CELLS; // Int32 words per slot
const FREE = 0;
const REQUEST = 1;
const DONE = 2; // the result is in the slot
const BY_MESSAGE = 3; // the result was posted as a message (an error, or a value not a number)

const NUMBER = 0;
const UNDEFINED = 1;
const STRING = 2; // its cell holds the length; its characters follow, one per cell

const INT_BYTES = (HEADER + SLOTS * WORDS) * 4;
const FLOATS_AT = Math.ceil(INT_BYTES / 8) * 8;
const BYTES = FLOATS_AT + SLOTS * (CELLS + 1) * 8;

/** Where this environment can run the ring: shared memory and Atomics.waitAsync. */
export const ringSupported = () => typeof SharedArrayBuffer === 'function' && typeof Atomics.waitAsync === 'function';

/** A new ring's memory, for createEngine to share with the engine worker. */
export const ringMemory = () => new SharedArrayBuffer(BYTES);

class RingViews {
  constructor(memory) {
    this.ints = new Int32Array(memory, 0, INT_BYTES / 4);
    this.floats = new Float64Array(memory, FLOATS_AT, SLOTS * (CELLS + 1));
  }

  at(slot, field) {
    return HEADER + slot * WORDS + field;
  }
}

const STATE = 0;
const SEQ = 1;
const ID = 2;
const KERNEL = 3;
const COUNT = 4;
const TAGS = 5;
// A finished slot's COUNT holds its result's tag (NUMBER or UNDEFINED).

/** The page's end: numbers requests, writes calls into free slots, waits for their results. */
export class RingClient extends RingViews {
  #seq = 0;

  /** The next request's number; `posted` when it goes as a message. Rings the doorbell. */
  #announce(posted) {
    const seq = ++this.#seq;
    if (posted) Atomics.add(this.ints, POSTED, 1);
    Atomics.add(this.ints, DOORBELL, 1);
    Atomics.notify(this.ints, DOORBELL, 1);
    return seq;
  }

  /** Numbers a message about to be posted (its `seq`); the engine takes it in that order. */
  messageSeq() {
    return this.#announce(true);
  }

  /**
   * Writes call `id` of kernel number `kernel` with wasm arguments `args` (numbers,
   * undefined, short strings) into its slot; returns { slot, seq }, or null when the slot
   * is taken or the arguments do not fit (the call is then posted).
   */
  tryCall(id, kernel, args) {
    const slot = (this.#seq + 1) % SLOTS;
    const { ints, floats } = this;
    if (Atomics.load(ints, this.at(slot, STATE)) !== FREE) return null;
    const cells = encode(args);
    if (!cells) return null;
    const base = slot * (CELLS + 1);
    cells.forEach(([tag, value], i) => {
      ints[this.at(slot, TAGS + i)] = tag;
      floats[base + i] = value;
    });
    ints[this.at(slot, ID)] = id;
    ints[this.at(slot, KERNEL)] = kernel;
    ints[this.at(slot, COUNT)] = cells.length;
    ints[this.at(slot, SEQ)] = this.#seq + 1;
    // The state last: the engine reads the slot only once it says REQUEST.
    Atomics.store(ints, this.at(slot, STATE), REQUEST);
    return { slot, seq: this.#announce(false) };
  }

  /** 'running', { value } (and the slot is free again), or 'posted' (its reply comes as a message). */
  poll(slot) {
    const state = Atomics.load(this.ints, this.at(slot, STATE));
    if (state === REQUEST) return 'running';
    const result = state === DONE ? { value: decodeResult(this.ints[this.at(slot, COUNT)], this.floats[slot * (CELLS + 1) + CELLS]) } : 'posted';
    Atomics.store(this.ints, this.at(slot, STATE), FREE);
    return result;
  }

  /** Spins up to `us` microseconds for `slot` to finish; true if it did. */
  spin(slot, us) {
    const end = performance.now() + us / 1000;
    const at = this.at(slot, STATE);
    do {
      if (Atomics.load(this.ints, at) !== REQUEST) return true;
    } while (performance.now() < end);
    return false;
  }

  /** Resolves once `slot` has finished (or at once if it has). */
  whenDone(slot) {
    const wait = Atomics.waitAsync(this.ints, this.at(slot, STATE), REQUEST);
    return wait.async ? wait.value : Promise.resolve();
  }
}

/** The engine's end: reads requests in sequence order, writes results, waits on the doorbell. */
export class RingServer extends RingViews {
  doorbell() {
    return Atomics.load(this.ints, DOORBELL);
  }

  posted() {
    return Atomics.load(this.ints, POSTED);
  }

  /** Request `seq` if it is in the ring: { slot, id, kernel, args }; else null. */
  request(seq) {
    const slot = seq % SLOTS;
    const { ints, floats } = this;
    if (Atomics.load(ints, this.at(slot, STATE)) !== REQUEST || ints[this.at(slot, SEQ)] !== seq) return null;
    const count = ints[this.at(slot, COUNT)];
    const base = slot * (CELLS + 1);
    const cells = Array.from({ length: count }, (_, i) => [ints[this.at(slot, TAGS + i)], floats[base + i]]);
    return { slot, id: ints[this.at(slot, ID)], kernel: ints[this.at(slot, KERNEL)], args: decode(cells) };
  }

  /** Finishes `slot` with `value` when it is a number or undefined (true), else leaves it to a message (false). */
  reply(slot, value) {
    if (value !== undefined && typeof value !== 'number') return false;
    this.ints[this.at(slot, COUNT)] = value === undefined ? UNDEFINED : NUMBER;
    this.floats[slot * (CELLS + 1) + CELLS] = value ?? 0;
    this.#finish(slot, DONE);
    return true;
  }

  /** `slot`'s reply was posted as a message. */
  replied(slot) {
    this.#finish(slot, BY_MESSAGE);
  }

  #finish(slot, state) {
    Atomics.store(this.ints, this.at(slot, STATE), state);
    Atomics.notify(this.ints, this.at(slot, STATE));
  }

  /**
   * Waits for the doorbell to move from `bell`: spins `spinUs` microseconds (a request
   * that follows at once is taken without a sleep and a wake-up), then blocks up to
   * `waitMs`. True if it rang.
   */
  waitForBell(bell, spinUs, waitMs) {
    const end = performance.now() + spinUs / 1000;
    do {
      if (Atomics.load(this.ints, DOORBELL) !== bell) return true;
    } while (performance.now() < end);
    return Atomics.wait(this.ints, DOORBELL, bell, waitMs) !== 'timed-out';
  }

  /** Resolves when the doorbell moves from `bell`, from the event loop (no thread blocked). */
  whenBell(bell) {
    const wait = Atomics.waitAsync(this.ints, DOORBELL, bell);
    return wait.async ? wait.value : Promise.resolve();
  }
}

/** Wasm arguments → [tag, value] cells, or null if they do not fit a slot. */
function encode(args) {
  const cells = [];
  for (const a of args) {
    if (typeof a === 'number') cells.push([NUMBER, a]);
    else if (a === undefined) cells.push([UNDEFINED, 0]);
    else if (typeof a === 'string') {
      cells.push([STRING, a.length]);
      for (let i = 0; i < a.length; i++) cells.push([STRING, a.charCodeAt(i)]);
    } else return null;
  }
  return cells.length <= CELLS ? cells : null;
}

function decode(cells) {
  const args = [];
  for (let i = 0; i < cells.length; i++) {
    const [tag, value] = cells[i];
    if (tag === NUMBER) args.push(value);
    else if (tag === UNDEFINED) args.push(undefined);
    else {
      const codes = cells.slice(i + 1, i + 1 + value).map(([, c]) => c);
      args.push(String.fromCharCode(...codes));
      i += value;
    }
  }
  return args;
}

const decodeResult = (tag, value) => (tag === UNDEFINED ? undefined : value);
