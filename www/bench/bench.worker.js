// The benchmark worker: loads the raw threads build (no engine) with a pool of
// hardwareConcurrency threads and measures the low-level scenarios here, off the page's
// main thread, so per-call timings carry no message overhead and the page stays live.

import init, * as wasm from '/pkg-bench/threads/wasmpar.js';
import { startPoolWorkers } from '/pkg-bench/pool.js';
import { workerRpc } from './worker-rpc.js';
import { measure } from './measure.js';
import { checksumBytes, checksumNumber } from './checksum.js';
import { fillImage, fillWhole, makeText } from './inputs.js';
import { computeKernels, fillWeights } from './compute-kernels.js';
import { withExactness } from './exactness.js';
import { bands, startJsWorkers } from './js-workers.js';
import { reverseCodePoints } from './js-kernels.js';

const TYPES = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array, f64: Float64Array };
let threads = 1;
const poolWorkers = [];

/** A registry buffer with a fresh view (memory may have grown since it was made). */
function alloc(type, length) {
  const [handle, ptr] = wasm.alloc(type, length);
  return { handle, view: () => new TYPES[type](wasm.wasmMemory().buffer, ptr, length) };
}

function freeAll(...buffers) {
  for (const b of buffers) wasm.free(b.handle);
}

const row = (fields, m) => ({ threads: 1, ...fields, ...m });

const JOBS = {
  async init({ threads: n }) {
    await init();
    wasm.poolPrepare();
    const glue = new URL('/pkg-bench/threads/wasmpar.js', import.meta.url).href;
    await startPoolWorkers(n, { glue, module: wasm.compiledModule(), memory: wasm.wasmMemory() }, 'wasmpar-bench', poolWorkers);
    wasm.poolBuild(n);
    threads = wasm.threadCount();
    return { threads };
  },

  /** Plain JS baselines of the threads scenario (one thread, as JS is). */
  async jsKernels(sizes, samples) {
    const rows = [];
    for (const k of computeKernels(sizes)) {
      const arrays = {};
      const pristine = {};
      for (const [name, spec] of Object.entries(k.inputs)) {
        arrays[name] = spec.fill(new TYPES[spec.type](spec.length));
        if (k.resets?.includes(name)) pristine[name] = arrays[name].slice();
      }
      const setup = () => Object.entries(pristine).forEach(([name, data]) => { arrays[name].set(data); });
      const timed = row({ scenario: 'threads', kernel: k.kernel, variant: 'js', elements: k.elements, bytes: k.bytes }, await measure({
        setup,
        run: () => k.js(arrays),
        check: (r) => (k.check === 'result' ? checksumNumber(r) : checksumBytes(arrays[k.check])),
        samples,
      }));
      rows.push(await withExactness(k, arrays, setup, timed));
    }
    return rows;
  },

  /** scale(-1) over one large f32 array, four ways, counting every byte copied. */
  async sharing({ length }, samples) {
    const input = fillWhole(new Float32Array(length));
    const bytes = input.byteLength;
    const base = { scenario: 'sharing', kernel: 'scale', elements: length, bytes };
    const rows = [];

    const shared = alloc('f32', length);
    rows.push(row({ ...base, variant: 'shared', threads, bytes_copied: 0 }, await measure({
      setup: () => shared.view().set(input),
      run: () => wasm.scale(shared.handle, -1),
      check: () => checksumBytes(shared.view()),
      samples,
    })));
    freeAll(shared);

    // Every variant's setup writes the data it starts from, so each starts with the same
    // cache state (the shared variant's setup used to be the only one that did).
    const pristine = input.slice();
    rows.push(row({ ...base, variant: 'copy', threads, bytes_copied: 2 * bytes }, await measure({
      setup: () => input.set(pristine),
      run: () => wasm.benchScaleCopy(input, -1),
      check: checksumBytes,
      samples,
    })));

    // What a developer who knows workers writes instead: plain JS Workers scaling their
    // bands of one SharedArrayBuffer in place. Nothing is copied, as with ours.
    const jsPool = await startJsWorkers(threads);
    const sab = new Float32Array(new SharedArrayBuffer(bytes));
    await jsPool.bind({ xs: sab, alpha: -1 });
    rows.push(row({ ...base, variant: 'js-workers', threads, bytes_copied: 0 }, await measure({
      setup: () => sab.set(pristine),
      run: () => jsPool.phase('scale', bands(length, threads)),
      check: () => checksumBytes(sab),
      samples,
    })));
    jsPool.terminate();

    // One set of workers for both variants: Firefox now and then never starts a nested
    // worker created right after others were terminated (seen in 2 of 8 runs here).
    const workers = await startCloneWorkers(threads);
    for (const transfer of [false, true]) {
      const bounds = Array.from({ length: threads + 1 }, (_, i) => Math.floor((length * i) / threads));
      let chunks;
      const result = new Float32Array(length);
      rows.push(row({
        ...base,
        variant: transfer ? 'workers-transfer' : 'workers-clone',
        threads,
        // clone: post (1) + into wasm (1) + out of wasm (1) + post back (1) + assemble (1)
        // transfer: into wasm (1) + out of wasm (1) + assemble (1); posts move, not copy
        bytes_copied: (transfer ? 3 : 5) * bytes,
      }, await measure({
        setup: () => (chunks = workers.map((_, i) => input.slice(bounds[i], bounds[i + 1]))),
        run: async () => {
          const outs = await Promise.all(workers.map((w, i) => w.scale(chunks[i], -1, transfer)));
          outs.forEach((out, i) => { result.set(out, bounds[i]); });
          return result;
        },
        check: checksumBytes,
        samples,
      })));
    }
    workers.forEach((w) => { w.terminate(); });
    return rows;
  },

  /** Same answers, different memory traffic. */
  async locality({ matrix, particles, counters }, samples) {
    const rows = [];
    const { rows: r, cols: c } = matrix;
    const m = alloc('f32', r * c);
    fillWhole(m.view());
    for (const variant of ['row-major', 'column-major']) {
      rows.push(row({ scenario: 'locality', kernel: 'sum 2D', variant, elements: r * c, bytes: r * c * 4 }, await measure({
        run: () => wasm.benchSumMatrix(m.handle, r, c, variant === 'column-major'),
        check: checksumNumber,
        samples,
      })));
    }
    const t = alloc('f32', r * c);
    for (const variant of ['naive', 'tiled']) {
      rows.push(row({ scenario: 'locality', kernel: 'transpose', variant, elements: r * c, bytes: 2 * r * c * 4 }, await measure({
        run: () => wasm.benchTranspose(m.handle, t.handle, r, c, variant === 'tiled'),
        check: () => checksumBytes(t.view()),
        samples,
      })));
    }
    freeAll(m, t);

    const aos = alloc('f32', particles.count * 8);
    const soa = alloc('f32', particles.count);
    fillWhole(aos.view());
    const mass = soa.view();
    aos.view().forEach((v, i) => {
      if (i % 8 === 6) mass[(i - 6) / 8] = v;
    });
    for (const variant of ['aos', 'soa']) {
      const bytes = variant === 'aos' ? particles.count * 32 : particles.count * 4;
      rows.push(row({ scenario: 'locality', kernel: 'total mass', variant, elements: particles.count, bytes }, await measure({
        run: () => wasm.benchTotalMass(variant === 'aos' ? aos.handle : soa.handle, variant === 'aos'),
        check: checksumNumber,
        samples,
      })));
    }
    freeAll(aos, soa);

    for (const variant of ['contiguous', 'interleaved']) {
      rows.push(row({ scenario: 'locality', kernel: 'count per thread', variant, threads, elements: counters.count * counters.rounds, bytes: counters.count * 4 }, await measure({
        run: () => wasm.benchCountByThread(threads, counters.count, counters.rounds, variant === 'interleaved'),
        check: checksumNumber,
        samples,
      })));
    }
    return rows;
  },

  /** The convolution on one thread with its explicit SIMD128 inner loop and without. */
  async simd({ width, height, size }, samples) {
    const img = alloc('u8', width * height * 4);
    const weights = alloc('f32', size * size);
    const out = alloc('u8', width * height * 4);
    fillImage(img.view());
    fillWeights(weights.view());
    const rows = [];
    for (const [variant, simd] of [['wasm', false], ['wasm-simd', true]]) {
      rows.push(row({ scenario: 'simd', kernel: `convolve ${size}x${size}`, variant, elements: width * height, bytes: width * height * 4 }, await measure({
        run: () => wasm.benchConvolve(img.handle, width, height, weights.handle, out.handle, simd),
        check: () => checksumBytes(out.view()),
        samples,
      })));
    }
    freeAll(img, weights, out);
    return rows;
  },

  /** One call per element vs batches vs one call; a getter per element vs a view. */
  async calls({ length }, samples) {
    const xs = alloc('f32', length);
    const rows = [];
    const perElement = (m) => ({ ...m, ns_per_element: (m.median_ms * 1e6) / length });
    const base = { scenario: 'calls', kernel: 'scale', elements: length, bytes: length * 4 };
    const variants = [['per-element', 1], ['batch-16', 16], ['batch-256', 256], ['batch-4096', 4096], ['whole', length]];
    for (const [variant, batch] of variants) {
      rows.push(row({ ...base, variant }, perElement(await measure({
        setup: () => fillWhole(xs.view()),
        run: () => {
          for (let i = 0; i < length; i += batch) wasm.benchScaleRange(xs.handle, i, Math.min(batch, length - i), -1);
        },
        check: () => checksumBytes(xs.view()),
        samples,
      }))));
    }
    // The control: the same calls to an export that does nothing with its arguments, so the
    // boundary's cost and ours (registry lookup, validation, the work) read apart.
    rows.push(row({ scenario: 'calls', kernel: 'empty export (control)', elements: length, bytes: 0, variant: 'per-element' }, perElement(await measure({
      run: () => {
        for (let i = 0; i < length; i++) wasm.benchBoundary(xs.handle, i, 1, -1);
        return 'none';
      },
      samples,
    }))));
    fillWhole(xs.view());
    const read = { scenario: 'calls', kernel: 'read all', elements: length, bytes: length * 4 };
    rows.push(row({ ...read, variant: 'getter' }, perElement(await measure({
      run: () => {
        let s = 0;
        for (let i = 0; i < length; i++) s += wasm.benchGetF32(xs.handle, i);
        return s;
      },
      check: checksumNumber,
      samples,
    }))));
    rows.push(row({ ...read, variant: 'view' }, perElement(await measure({
      run: () => {
        const v = xs.view();
        let s = 0;
        for (let i = 0; i < v.length; i++) s += v[i];
        return s;
      },
      check: checksumNumber,
      samples,
    }))));
    freeAll(xs);
    return rows;
  },

  /** The same sum over each element type: bytes moved vs time. */
  async types({ length }, samples) {
    const rows = [];
    for (const type of Object.keys(TYPES)) {
      const b = alloc(type, length);
      fillWhole(b.view());
      rows.push(row({ scenario: 'types', kernel: 'sum', variant: type, threads, elements: length, bytes: b.view().byteLength }, await measure({
        run: () => wasm.sum(b.handle),
        check: checksumNumber,
        samples,
      })));
      freeAll(b);
    }
    return rows;
  },

  /** The seed's reverse_string: crossing the boundary vs the work itself. */
  async strings({ bytes: sizes }, samples) {
    const rows = [];
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    for (const size of sizes) {
      const text = makeText(size);
      const utf8 = encoder.encode(text);
      const label = size >= 1 << 20 ? `${size >> 20} MiB` : `${size >> 10} KiB`;
      const base = { scenario: 'strings', kernel: `reverse_string ${label}`, elements: utf8.length, bytes: utf8.length };
      const checkText = (s) => checksumBytes(encoder.encode(s));
      rows.push(row({ ...base, variant: 'copy', bytes_copied: 2 * utf8.length }, await measure({
        run: () => wasm.reverseString(text),
        check: checkText,
        samples,
      })));
      const src = alloc('u8', utf8.length);
      const dst = alloc('u8', utf8.length);
      src.view().set(utf8);
      rows.push(row({ ...base, variant: 'shared', bytes_copied: 0 }, await measure({
        run: () => wasm.benchReverseUtf8(src.handle, dst.handle),
        check: () => checksumBytes(dst.view()),
        samples,
      })));
      // From a JS string to a JS string through shared memory. TextEncoder.encodeInto and
      // TextDecoder both refuse shared views (Chromium), so the bytes are copied in and out.
      rows.push(row({ ...base, variant: 'shared-string', bytes_copied: 2 * utf8.length }, await measure({
        run: () => {
          src.view().set(encoder.encode(text));
          wasm.benchReverseUtf8(src.handle, dst.handle);
          return decoder.decode(dst.view().slice());
        },
        check: checkText,
        samples,
      })));
      freeAll(src, dst);
      rows.push(row({ ...base, variant: 'js' }, await measure({
        run: () => reverseCodePoints(text),
        check: checkText,
        samples,
      })));
    }
    return rows;
  },

  /** Re-deriving a view, as code must after any call that may grow memory (the engine's
   *  own growth is measured on the page: scenarios.js). */
  async growth(_sizes, samples) {
    const rows = [];
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const REPEAT = 1000;
    rows.push(row({ scenario: 'growth', kernel: 're-derive view', variant: 'view', elements: REPEAT, bytes: 0 }, await measure({
      run: () => {
        let v;
        for (let i = 0; i < REPEAT; i++) v = new Float32Array(memory.buffer);
        return v.length;
      },
      check: (n) => n,
      samples,
    })));
    return rows;
  },
};

/** Starts n clone workers; each has scale(chunk, alpha, transfer) → Promise<Float32Array>. */
async function startCloneWorkers(n) {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const w = new Worker(new URL('./clone.worker.js', import.meta.url), { type: 'module' });
      await new Promise((resolve, reject) => {
        w.onmessage = resolve;
        w.onerror = (e) => reject(new Error(`clone worker failed to start: ${e.message ?? 'no message'}`));
      });
      const call = workerRpc(w, 'clone worker');
      return {
        scale: (chunk, alpha, transfer) => call({ chunk, alpha, transfer }, transfer ? [chunk.buffer] : []),
        terminate: () => w.terminate(),
      };
    }),
  );
}

self.onmessage = async ({ data: { id, job, params, samples } }) => {
  try {
    postMessage({ id, ok: true, value: await JOBS[job](params, samples) });
  } catch (e) {
    postMessage({ id, ok: false, error: `${job}: ${e.message}` });
  }
};
