// Result rows: agreement of checksums, and the CSV and Markdown forms. Plain ESM with no
// DOM, shared by the page and the headless runner (bench/run.mjs).

import { mergeCallStats, summarize } from './measure.js';

/**
 * Rows computing the same answer: same scenario, kernel and problem size. Peer libraries
 * round differently, so in the peers scenario each library is its own group (its thread
 * counts and modes must agree); its difference from ours is in `max_diff`.
 */
export const groupKey = (r) => `${r.scenario}|${r.kernel}|${r.elements}${r.scenario === 'peers' ? `|${r.variant}` : ''}`;

/** One measurement's identity across rounds. */
const rowKey = (r) => `${groupKey(r)}|${r.variant}|${r.threads}|${r.mode ?? ''}`;

const medianOf = (xs) => summarize(xs).median_ms;

/**
 * The rows of several whole runs (rounds) as one set: each measurement's median is the
 * median of its rounds' medians, its min and max the extremes of all, `round_medians_ms`
 * each round's median, so the spread shows. (A single run keeps its rows as they are,
 * scenario-level rounds included.) A checksum that changes between rounds is an error.
 */
export function mergeRounds(rounds) {
  if (rounds.length === 1) return rounds[0];
  const merged = new Map();
  for (const rows of rounds) {
    for (const r of rows) {
      const key = rowKey(r);
      const own = [r.median_ms];
      const m = merged.get(key);
      if (!m) {
        merged.set(key, { ...r, round_medians_ms: [...own], measures: [r] });
        continue;
      }
      if (m.checksum !== r.checksum) throw new Error(`${key}: checksum ${r.checksum} in a later round, ${m.checksum} before`);
      m.round_medians_ms.push(...own);
      m.min_ms = Math.min(m.min_ms, r.min_ms);
      m.max_ms = Math.max(m.max_ms, r.max_ms);
      m.samples += r.samples;
      m.measures.push(r);
    }
  }
  return [...merged.values()].map(({ measures, ...r }) => ({
    ...r,
    median_ms: medianOf(r.round_medians_ms),
    ...mergeCallStats(measures),
  }));
}

/** Round `i` of rows merged from whole runs: each row with that run's median. */
export function roundOf(rows, i) {
  return rows.map((r) => ({ ...r, median_ms: r.round_medians_ms[i] }));
}

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

const COLUMNS = ['scenario', 'kernel', 'variant', 'mode', 'threads', 'elements', 'bytes', 'median_ms', 'min_ms', 'max_ms', 'samples', 'p50_call_ms', 'p99_call_ms', 'calls_per_sample', 'checksum', 'bytes_copied', 'ns_per_element', 'max_diff', 'pages_grown'];

export function toCSV(rows) {
  const cell = (v) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return `${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}

const fmt = (v, digits = 3) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(digits));

function note(r) {
  const parts = [];
  if (r.max_diff !== undefined) parts.push(`f64 sums: largest difference from ours ${r.max_diff}`);
  if (r.ns_per_element !== undefined) parts.push(`${fmt(r.ns_per_element)} ns/element`);
  if (r.bytes_copied !== undefined) parts.push(`${showBytes(r.bytes_copied)} copied`);
  if (r.pages_grown !== undefined) parts.push(`${r.pages_grown} pages grown`);
  if (r.p50_call_ms !== undefined) parts.push(`per call p50 ${fmt(r.p50_call_ms)}, p99 ${fmt(r.p99_call_ms)} ms${r.calls_per_sample === undefined ? '' : ` (up to ${r.calls_per_sample} calls per sample)`}`);
  if (r.scenario === 'frames' && r.p99_ms !== undefined) parts.push(`p50 ${fmt(r.median_ms)}, p99 ${fmt(r.p99_ms)} ms`);
  if (r.frames_per_s !== undefined) parts.push(`${fmt(r.frames_per_s)} frames/s`);
  if (r.round_medians_ms?.length > 1) parts.push(`rounds ${fmt(Math.min(...r.round_medians_ms))}–${fmt(Math.max(...r.round_medians_ms))} ms`);
  return parts.join('; ');
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
  return `${lines.join('\n')}\n`;
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
 * 1 thread, wasm's speedup on all threads (warm: back-to-back calls; cold: the pool asleep
 * before each call), wasm vs native throughput on all threads (streaming kernels), and wasm
 * vs competent plain JS, thread for thread: 1 against 1, and N against the same JS in N
 * plain Workers.
 */
export function goals(rows) {
  const t = rows.filter((r) => r.scenario === 'threads');
  const maxThreads = Math.max(...t.map((r) => r.threads));
  const pick = (kernel, variant, threads) => t.find((r) => r.kernel === kernel && r.variant === variant && r.threads === threads)?.median_ms;
  const ratio = (a, b) => (a && b ? a / b : null);
  return [...new Set(t.map((r) => r.kernel))].map((kernel) => {
    const w1 = pick(kernel, 'wasm', 1);
    const wN = pick(kernel, 'wasm', maxThreads);
    return {
      kernel,
      threads: maxThreads,
      wasm1_vs_native1: ratio(w1, pick(kernel, 'native', 1)),
      wasm1_vs_native_cpu1: ratio(w1, pick(kernel, 'native-cpu', 1)),
      speedup: ratio(w1, wN),
      speedup_cold: ratio(pick(kernel, 'wasm-cold', 1), pick(kernel, 'wasm-cold', maxThreads)),
      throughput_vs_native: ratio(pick(kernel, 'native', maxThreads), wN),
      // Per thread: one thread each; and all threads each (JS in plain Workers).
      vs_js: ratio(pick(kernel, 'js', 1), w1),
      vs_js_workers: ratio(pick(kernel, 'js-workers', maxThreads), wN),
      streaming: STREAMING_KERNELS.has(kernel),
      image: IMAGE_KERNELS.has(kernel),
    };
  });
}

/** The goals' targets: which figure, for which kernels, and the test it must pass. */
const TARGETS = {
  wasm1_vs_native1: { applies: (g) => !g.streaming && g.kernel !== 'grayscale', met: (v) => v <= 1.1 },
  speedup: { applies: (g) => !g.streaming && g.kernel !== 'grayscale', met: (v) => v >= 1.9 },
  throughput_vs_native: { applies: (g) => g.streaming, met: (v) => v >= 0.9 },
};

/**
 * The goals as a Markdown table. With several rounds (whole runs) each figure is that of
 * the merged medians, with the range over the rounds, and its mark is ✓ only when the
 * target holds in every round.
 */
export function goalsMarkdown(rows, rounds = 1) {
  const all = goals(rows);
  const perRound = rounds > 1 ? Array.from({ length: rounds }, (_, i) => goals(roundOf(rows, i))) : [all];
  const cell = (g, field, digits = 2) => {
    const v = g[field];
    if (v === null) return '–';
    const values = perRound.map((gs) => gs.find((x) => x.kernel === g.kernel)[field]).filter((x) => x !== null);
    const range = rounds > 1 ? ` (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})` : '';
    const target = TARGETS[field];
    const mark = target?.applies(g) ? (values.every(target.met) ? ' ✓' : ' ✗') : '';
    return `${v.toFixed(digits)}${range}${mark}`;
  };
  const lines = [
    '| kernel | wasm 1t ÷ native 1t (goal ≤ 1.10; SSE2 build) | wasm 1t ÷ native 1t (target-cpu=native) | wasm speedup on N threads, warm (goal ≥ 1.9, compute-bound) | speedup, cold pool | wasm ÷ native throughput on N threads (goal ≥ 0.90, streaming) | JS 1t ÷ wasm 1t | JS in N workers ÷ wasm N threads |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const g of all) {
    lines.push(`| ${g.kernel} | ${cell(g, 'wasm1_vs_native1')} | ${cell(g, 'wasm1_vs_native_cpu1')} | ${cell(g, 'speedup')} | ${cell(g, 'speedup_cold')} | ${cell(g, 'throughput_vs_native')} | ${cell(g, 'vs_js', 1)} | ${cell(g, 'vs_js_workers', 1)} |`);
  }
  return `${lines.join('\n')}\n`;
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
  return `${lines.join('\n')}\n`;
}
