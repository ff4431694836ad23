// The benchmark page: choose scenarios and a size, run, watch results arrive as charts
// (Chart.js) and tables, export them. All measuring happens in workers; this thread only
// renders, so the page stays responsive. The headless runner calls window.runBenchmarks.

import { createEngine } from '/pkg/engine.js';
import { SCENARIOS, runScenarios } from './scenarios.js';
import { computeKernels } from './compute-kernels.js';
import { fillImage } from './inputs.js';
import { summarize } from './measure.js';
import { checkAgreement, showBytes, showRatio, toCSV, withRatios } from './results.js';

const $ = (id) => document.getElementById(id);
let last = null;

async function environment() {
  const engine = await createEngine();
  const info = engine.info;
  await engine.terminate();
  return {
    date: new Date().toISOString(),
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated,
    mode: info.mode,
    threads: info.threads,
    simd: info.simd,
  };
}

function showEnvironment(meta) {
  $('env').replaceChildren(
    ...Object.entries(meta).flatMap(([k, v]) => {
      const [dt, dd] = [document.createElement('dt'), document.createElement('dd')];
      dt.textContent = k;
      dd.textContent = String(v);
      return [dt, dd];
    }),
  );
}

function buildSections() {
  for (const s of SCENARIOS) {
    const label = document.createElement('label');
    label.innerHTML = `<input type="checkbox" value="${s.id}" checked> ${s.id}`;
    $('choices').append(label);
    const section = document.createElement('section');
    section.id = `scenario-${s.id}`;
    section.innerHTML = `<h2></h2><p class="intro"></p><div class="chart"><canvas></canvas></div><table><thead><tr>
      <th>kernel</th><th>variant</th><th>threads</th><th>elements</th><th>median ms</th><th>min–max ms</th><th>× fastest</th><th>note</th></tr></thead><tbody></tbody></table>`;
    section.querySelector('h2').textContent = s.title;
    section.querySelector('.intro').textContent = s.intro;
    section.hidden = true;
    $('sections').append(section);
  }
}

/** One colour per kind of variant, so wasm, native and JS read apart at a glance. */
const COLOURS = {
  wasm: '#3b5bdb', 'wasm-simd': '#1c7ed6', native: '#2b8a3e', 'native-cpu': '#5c940d', js: '#e8590c', 'js-workers': '#f08c00', shared: '#3b5bdb',
  wasmpar: '#3b5bdb', 'wasm-vips': '#862e9c', 'opencv.js': '#c2255c', photon: '#0b7285', stackblur: '#868e96',
};
const colour = (r) => COLOURS[r.variant] ?? '#868e96';

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));
const label = (r) => `${r.kernel} · ${r.variant}${r.threads > 1 ? ` · ${r.threads}t` : ''}${r.mode ? ` · ${r.mode}` : ''}`;

function noteOf(r) {
  if (r.scenario === 'peers') return `${r.mode}; max diff ${r.max_diff}; rounds ${r.round_medians_ms.map(fmt).join(', ')} ms; ${r.precision}`;
  if (r.ns_per_element !== undefined) return `${fmt(r.ns_per_element)} ns/element`;
  if (r.bytes_copied !== undefined) return `${showBytes(r.bytes_copied)} copied`;
  if (r.max_diff !== undefined) return `largest difference from ours ${r.max_diff}`;
  return '';
}

function showRows(rows, id) {
  const section = $(`scenario-${id}`);
  section.hidden = false;
  const body = section.querySelector('tbody');
  body.replaceChildren();
  for (const r of withRatios(rows)) {
    const tr = document.createElement('tr');
    const note = noteOf(r);
    for (const v of [r.kernel, r.variant, r.threads, r.elements, fmt(r.median_ms), `${fmt(r.min_ms)}–${fmt(r.max_ms)}`, showRatio(r.vs_fastest), note]) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    body.append(tr);
  }
  const canvas = section.querySelector('canvas');
  window.Chart.getChart(canvas)?.destroy();
  // Chart rows grouped by kernel, so each kernel's variants sit together.
  const sorted = [...rows].sort((a, b) => a.kernel.localeCompare(b.kernel) || a.variant.localeCompare(b.variant) || a.threads - b.threads);
  new window.Chart(canvas, {
    type: 'bar',
    data: { labels: sorted.map(label), datasets: [{ label: 'median ms (log scale)', data: sorted.map((r) => r.median_ms), backgroundColor: sorted.map(colour) }] },
    options: {
      indexAxis: 'y',
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } }, // colours: wasm blue, native green, JS orange
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'median ms (log scale)' } } },
    },
  });
  canvas.parentElement.style.height = `${60 + sorted.length * 22}px`;
}

function download(name, type, text) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Runs the benchmarks; resolves to { meta, results } (also used by bench/run.mjs). */
async function runBenchmarks({ size = 'quick', ids = SCENARIOS.map((s) => s.id), round = 0 } = {}) {
  const sizes = (await (await fetch(new URL('./sizes.json', import.meta.url))).json())[size];
  const meta = { ...(await environment()), size };
  showEnvironment(meta);
  const results = await runScenarios({
    sizes,
    ids,
    round,
    onRows: showRows,
    onProgress: (done, total, what) => {
      $('progress').value = done / total;
      $('status').textContent = done < total ? `running ${what}…` : 'checking checksums…';
    },
  });
  const groups = checkAgreement(results);
  $('status').textContent = `${results.length} measurements in ${groups} groups; every group's checksums agree.`;
  last = { meta, results };
  $('export-json').disabled = $('export-csv').disabled = false;
  return last;
}

/** Kernels of the peers scenario that `make profile` takes too, at 1920 × 1080. */
const PROFILE_ONLY = (() => {
  const [w, h] = [1920, 1080];
  const image = { type: 'u8', length: w * h * 4, fill: fillImage };
  const out = (length) => ({ type: 'u8', length, fill: (v) => v });
  const resize = (filter) => ({
    kernel: `resize_${filter}`,
    inputs: { src: image, dst: out(1280 * 720 * 4) },
    wasm: (e, b) => e.resize(b.src, w, h, b.dst, 1280, 720, filter),
  });
  return [
    resize('bilinear'),
    resize('lanczos3'),
    { kernel: 'sobel', inputs: { src: image, dst: out(w * h * 4) }, wasm: (e, b) => e.sobel(b.src, w, h, b.dst) },
  ];
})();

/**
 * Runs one compute kernel of the threads scenario `runs` times at `threads` threads; the
 * median ms. For bench/profile.mjs, which records the browser with perf meanwhile.
 */
async function profileKernel({ kernel, runs = 200, threads = 1, size = 'full' }) {
  const sizes = (await (await fetch(new URL('./sizes.json', import.meta.url))).json())[size];
  const kernels = [...computeKernels(sizes), ...PROFILE_ONLY];
  const k = kernels.find((c) => c.kernel === kernel);
  if (!k) throw new Error(`kernel must be one of ${kernels.map((c) => c.kernel).join(', ')}, got ${kernel}`);
  const engine = await createEngine({ threads });
  try {
    const bufs = {};
    for (const [name, spec] of Object.entries(k.inputs)) {
      bufs[name] = await engine.alloc(spec.type, spec.length);
      spec.fill(bufs[name].view);
    }
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await k.wasm(engine, bufs);
      times.push(performance.now() - start);
    }
    return summarize(times).median_ms;
  } finally {
    await engine.terminate();
  }
}

/**
 * Shows the committed results of the last full run (bench/results/latest.json, served at
 * /results/) until the visitor runs their own; nothing if they are not served.
 */
async function showRecorded() {
  const response = await fetch('/results/latest.json').catch(() => null);
  if (!response?.ok) return;
  const { meta, results } = await response.json();
  for (const s of SCENARIOS) {
    const rows = results.filter((r) => r.scenario === s.id);
    if (rows.length) showRows(rows, s.id);
  }
  showEnvironment(meta);
  $('status').textContent = `Showing the recorded ${meta.size} run of ${meta.date.slice(0, 10)} (commit ${meta.commit}, ${meta.cpu?.model ?? 'unknown CPU'}). Run to measure on this machine.`;
}

window.runBenchmarks = runBenchmarks;
window.profileKernel = profileKernel;
buildSections();
showRecorded().then(() => !last && $('env').childElementCount === 0 && environment().then(showEnvironment));
$('start').onclick = async () => {
  $('start').disabled = true;
  const ids = [...document.querySelectorAll('#choices input:checked')].map((i) => i.value);
  try {
    await runBenchmarks({ size: $('size').value, ids });
  } catch (e) {
    $('status').textContent = `failed: ${e.message}`;
  } finally {
    $('start').disabled = false;
  }
};
$('export-json').onclick = () => download('wasmpar-bench.json', 'application/json', JSON.stringify(last, null, 2));
$('export-csv').onclick = () => download('wasmpar-bench.csv', 'text/csv', toCSV(last.results));
window.benchPageReady = true;
