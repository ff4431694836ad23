// Result rows: agreement of checksums, and the CSV and Markdown forms. Plain ESM with no
// DOM, shared by the page and the headless runner (bench/run.mjs).

/**
 * Rows computing the same answer: same scenario, kernel and problem size. Peer libraries
 * round differently, so in the peers scenario each library is its own group (its thread
 * counts and modes must agree); its difference from ours is in `max_diff`.
 */
export const groupKey = (r) => `${r.scenario}|${r.kernel}|${r.elements}${r.scenario === 'peers' ? `|${r.variant}` : ''}`;

/** Throws if any two rows of a group disagree on their checksum. */
export function checkAgreement(rows) {
  const groups = new Map();
  for (const r of rows) {
    const key = groupKey(r);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const problems = [];
  for (const [key, members] of groups) {
    const sums = new Set(members.map((r) => r.checksum));
    if (sums.size > 1) {
      problems.push(`${key}: ${members.map((r) => `${r.variant}/${r.threads}t=${r.checksum}`).join(', ')}`);
    }
  }
  if (problems.length) throw new Error(`variants disagree:\n${problems.join('\n')}`);
  return groups.size;
}

/** Each row's median relative to the fastest row of its group (1 = fastest; null when the
 *  fastest took under the timer's resolution, so no ratio means anything). */
export function withRatios(rows) {
  const fastest = new Map();
  for (const r of rows) fastest.set(groupKey(r), Math.min(fastest.get(groupKey(r)) ?? Infinity, r.median_ms));
  return rows.map((r) => {
    const f = fastest.get(groupKey(r));
    return { ...r, vs_fastest: f > 0 ? r.median_ms / f : null };
  });
}

/** Bytes for display: B, KiB or MiB. */
export const showBytes = (n) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(0)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KiB` : `${n} B`);

/** A ratio for display. */
export const showRatio = (v) => (v === null ? '–' : v.toFixed(2));

const COLUMNS = ['scenario', 'kernel', 'variant', 'threads', 'elements', 'bytes', 'median_ms', 'min_ms', 'max_ms', 'samples', 'checksum', 'bytes_copied', 'ns_per_element', 'max_diff'];

export function toCSV(rows) {
  const cell = (v) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

const fmt = (v, digits = 3) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(digits));

function note(r) {
  if (r.max_diff !== undefined) return `f64 sums: largest difference from ours ${r.max_diff}`;
  if (r.ns_per_element !== undefined) return `${fmt(r.ns_per_element)} ns/element`;
  if (r.bytes_copied !== undefined) return `${showBytes(r.bytes_copied)} copied`;
  return '';
}

/** One Markdown table of every row, grouped as the JSON is. */
export function toMarkdown(rows) {
  const lines = [
    '| scenario | kernel | variant | threads | elements | median ms | min–max ms | × fastest | note |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of withRatios(rows)) {
    lines.push(
      `| ${r.scenario} | ${r.kernel} | ${r.variant} | ${r.threads} | ${r.elements} | ${fmt(r.median_ms)} | ${fmt(r.min_ms)}–${fmt(r.max_ms)} | ${showRatio(r.vs_fastest)} | ${note(r)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The fields every row must have, and their types (the runner's tests check them). */
export const ROW_SCHEMA = {
  scenario: 'string',
  kernel: 'string',
  variant: 'string',
  threads: 'number',
  elements: 'number',
  bytes: 'number',
  median_ms: 'number',
  min_ms: 'number',
  max_ms: 'number',
  samples: 'number',
  checksum: 'string',
};

const IMAGE_KERNELS = new Set(['gaussian_blur', 'box_blur', 'convolve', 'grayscale']);
const STREAMING_KERNELS = new Set(['sum', 'axpy']);

/**
 * The kernels issue's goals, read off the threads scenario: wasm at 1 thread vs native at
 * 1 thread, wasm's speedup on all threads, wasm vs native throughput on all threads
 * (streaming kernels), and wasm vs competent plain JS, thread for thread: 1 against 1, and
 * N against the same JS in N plain Workers.
 */
export function goals(rows) {
  const t = rows.filter((r) => r.scenario === 'threads');
  const maxThreads = Math.max(...t.map((r) => r.threads));
  const pick = (kernel, variant, threads) => t.find((r) => r.kernel === kernel && r.variant === variant && r.threads === threads)?.median_ms;
  return [...new Set(t.map((r) => r.kernel))].map((kernel) => {
    const [w1, wN, n1, nN, js, jsN] = [pick(kernel, 'wasm', 1), pick(kernel, 'wasm', maxThreads), pick(kernel, 'native', 1), pick(kernel, 'native', maxThreads), pick(kernel, 'js', 1), pick(kernel, 'js-workers', maxThreads)];
    const c1 = pick(kernel, 'native-cpu', 1);
    return {
      kernel,
      threads: maxThreads,
      wasm1_vs_native1: n1 ? w1 / n1 : null,
      wasm1_vs_native_cpu1: c1 ? w1 / c1 : null,
      speedup: wN ? w1 / wN : null,
      throughput_vs_native: wN && nN ? nN / wN : null,
      // Per thread: one thread each; and all threads each (JS in plain Workers).
      vs_js: js && w1 ? js / w1 : null,
      vs_js_workers: jsN && wN ? jsN / wN : null,
      streaming: STREAMING_KERNELS.has(kernel),
      image: IMAGE_KERNELS.has(kernel),
    };
  });
}

/** The goals as a Markdown table, each figure marked against its target. */
export function goalsMarkdown(rows) {
  const f = (v, digits = 2) => (v === null ? '–' : v.toFixed(digits));
  const mark = (ok) => (ok ? ' ✓' : ' ✗');
  const lines = [
    '| kernel | wasm 1t ÷ native 1t (goal ≤ 1.10; SSE2 build) | wasm 1t ÷ native 1t (target-cpu=native) | wasm speedup on N threads (goal ≥ 1.9, compute-bound) | wasm ÷ native throughput on N threads (goal ≥ 0.90, streaming) | JS 1t ÷ wasm 1t | JS in N workers ÷ wasm N threads |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const g of goals(rows)) {
    const computeBound = !g.streaming && g.kernel !== 'grayscale';
    lines.push(
      `| ${g.kernel} | ${f(g.wasm1_vs_native1)}${g.wasm1_vs_native1 !== null && computeBound ? mark(g.wasm1_vs_native1 <= 1.1) : ''} | ${f(g.wasm1_vs_native_cpu1)} ` +
        `| ${f(g.speedup)}${computeBound && g.speedup !== null ? mark(g.speedup >= 1.9) : ''} ` +
        `| ${f(g.throughput_vs_native)}${g.streaming && g.throughput_vs_native !== null ? mark(g.throughput_vs_native >= 0.9) : ''} ` +
        `| ${f(g.vs_js, 1)} | ${f(g.vs_js_workers, 1)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The compute-only median of our row in the peers scenario for `kernel` at `threads`. */
function oursIn(rows, kernel, threads, mode) {
  return rows.find((r) => r.scenario === 'peers' && r.variant === 'wasmpar' && r.kernel === kernel && r.threads === threads && r.mode === mode)?.median_ms;
}

/**
 * The peers scenario, one line per library and operation: compute only and with I/O
 * (median, and the spread of the rounds' medians), its time over ours at the same thread
 * count (above 1: we are faster), its largest difference from ours and how it computes.
 */
export function peersMarkdown(rows) {
  const peers = rows.filter((r) => r.scenario === 'peers');
  const lines = [
    '| operation | library | threads | compute ms (rounds) | with I/O ms (rounds) | its time ÷ ours, compute | its time ÷ ours, with I/O | max diff from ours | how it computes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  const spread = (r) => `${fmt(r.median_ms)} (${fmt(Math.min(...r.round_medians_ms))}–${fmt(Math.max(...r.round_medians_ms))})`;
  for (const c of peers.filter((r) => r.mode === 'compute')) {
    const io = peers.find((r) => r.mode === 'io' && r.kernel === c.kernel && r.variant === c.variant && r.threads === c.threads);
    const vs = (r) => (r.variant === 'wasmpar' ? '1' : (r.median_ms / oursIn(rows, r.kernel, r.threads, r.mode)).toFixed(2));
    lines.push(`| ${c.kernel} | ${c.variant} | ${c.threads} | ${spread(c)} | ${spread(io)} | ${vs(c)} | ${vs(io)} | ${c.max_diff} | ${c.precision} |`);
  }
  return lines.join('\n') + '\n';
}
