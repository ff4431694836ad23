// The headless benchmark runner: serves www/, drives headless Chromium through every
// scenario of the benchmark page, runs the native baseline, the Node.js peer rows (ours
// beside sharp) and the pools rows (bench/pools.mjs) in the same run, checks that every group's checksums agree, and writes
// results/latest.json and results/latest.md.
//
//   node bench/run.mjs [--size full|quick|tiny] [--rounds N] [--browser chromium|firefox] [--out bench/results] [--report-only]

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../scripts/browsers.mjs';
import { nodePeerRows } from './node-peers.mjs';
import { nodeCallRows } from './node-calls.mjs';
import { poolRows } from './pools.mjs';
import { DEV_MOUNTS, devCsp, startServer } from '../scripts/serve.mjs';
import { checkAgreement, goalsMarkdown, mergeRounds, peersMarkdown, toMarkdown } from '../www/bench/results.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const size = option('--size', 'full');
const browserName = option('--browser', 'chromium');
// Only a full run replaces the committed results; quick and tiny runs go under target/.
const outDir = path.resolve(option('--out', path.join(ROOT, size === 'full' ? 'bench/results' : 'target/bench-results')));

function wasmBindgenVersion() {
  const lock = readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8');
  return lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1] ?? 'unknown';
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function browserRun(round) {
  const server = await startServer({ mounts: DEV_MOUNTS, port: 0, csp: devCsp });
  const browser = await launchBrowser(browserName);
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${server.url}/bench.html`);
    await page.waitForFunction(() => window.benchPageReady === true);
    return await page.evaluate(([size, round]) => window.runBenchmarks({ size, round }), [size, round]);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The native builds: the x86-64 baseline (SSE2, as wasm's simd128 is 128-bit) and the host CPU's. */
const NATIVE_BUILDS = [
  { variant: 'native', rustflags: '', targetDir: 'target' },
  { variant: 'native-cpu', rustflags: '-C target-cpu=native', targetDir: 'target/native-cpu' },
];

function nativeRun({ variant, rustflags, targetDir }) {
  const env = { ...process.env, CARGO_TARGET_DIR: path.join(ROOT, targetDir) };
  if (rustflags) env.RUSTFLAGS = rustflags;
  const out = execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'native_bench', '--', '--size', size, '--variant', variant], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out);
}

/** The CPU's model and SIMD extensions (Linux), for the results' meta. */
function cpuInfo() {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const model = text.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? 'unknown';
    const flags = (text.match(/^flags\s*:\s*(.*)$/m)?.[1] ?? '').split(' ');
    const simd = flags.filter((f) => /^(sse\d?|ssse3|sse4_[12]|avx\w*|fma|f16c)$/.test(f));
    return { model, simd };
  } catch {
    return { model: 'unknown', simd: [] };
  }
}

const stem = browserName === 'chromium' ? 'latest' : `latest-${browserName}`;
let all;
let fullMeta;
let groups;
if (args.includes('--report-only')) {
  // Re-renders the Markdown (and BENCHMARKS.md) from the JSON of an earlier run.
  ({ meta: fullMeta, results: all } = JSON.parse(readFileSync(path.join(outDir, `${stem}.json`), 'utf8')));
  groups = checkAgreement(all);
} else {
  const started = Date.now();
  // The whole run repeated: browser and native take turns, so native runs in the same time
  // window as the browser (not after it), and the spread across rounds shows.
  const sizes = JSON.parse(readFileSync(path.join(ROOT, 'www/bench/sizes.json'), 'utf8'))[size];
  const rounds = Number(option('--rounds', sizes.rounds ?? 1));
  const runs = [];
  let meta;
  for (let round = 0; round < rounds; round++) {
    const native = () => {
      console.error(`wasmpar bench: round ${round + 1}/${rounds}, native…`);
      return NATIVE_BUILDS.flatMap(nativeRun);
    };
    const nativeFirst = round % 2 === 1 ? native() : null;
    console.error(`wasmpar bench: round ${round + 1}/${rounds}, size ${size}, ${browserName}…`);
    const browser = await browserRun(round);
    meta ??= browser.meta;
    const nativeRows = nativeFirst ?? native();
    console.error(`wasmpar bench: round ${round + 1}/${rounds}, Node.js beside sharp…`);
    const nodeRows = [...(await nodePeerRows({ ...sizes.peers, offset: round })), ...(await nodeCallRows(sizes.frames))];
    console.error(`wasmpar bench: round ${round + 1}/${rounds}, wasm-bindgen-rayon's pool beside ours…`);
    const pools = await poolRows({ sizes, rounds: sizes.peers.rounds, samples: sizes.peers.samples, offset: round, browserName });
    runs.push([...browser.results, ...nativeRows, ...nodeRows, ...pools]);
    checkAgreement(runs.at(-1)); // throws, failing the run, if any variants disagree
  }
  all = mergeRounds(runs);
  groups = checkAgreement(all);
  fullMeta = {
    ...meta, rounds, wasmBindgen: wasmBindgenVersion(), commit: gitCommit(), seconds: Math.round((Date.now() - started) / 1000),
    cpu: cpuInfo(), native: Object.fromEntries(NATIVE_BUILDS.map((b) => [b.variant, b.rustflags || 'x86-64 baseline (SSE2)'])),
  };
  // Chromium's run is the reference table; another browser's run sits beside it.
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `${stem}.json`), `${JSON.stringify({ meta: fullMeta, results: all }, null, 2)}\n`);
}
const samplesOf = (which) => all.find(which)?.samples;
const header = `Measured ${fullMeta.date} (size ${fullMeta.size}, commit ${fullMeta.commit}) in ${fullMeta.userAgent.match(/(Headless)?Chrome\/[\d.]+|Firefox\/[\d.]+/)?.[0] ?? fullMeta.userAgent}, ` +
  `${fullMeta.hardwareConcurrency} threads, crossOriginIsolated ${fullMeta.crossOriginIsolated}, SIMD ${fullMeta.simd}, wasm-bindgen ${fullMeta.wasmBindgen}. ` +
  `Medians of ${samplesOf((r) => r.scenario !== 'threads' || r.variant === 'js')} runs after a warm-up ` +
  `(the threads scenario's wasm and native: ${samplesOf((r) => r.scenario === 'threads' && r.variant !== 'js')}, each kernel's thread counts back to back); ` +
  `${groups} groups, checksums agree in each.\n\n`;
const cpuLine = `CPU: ${fullMeta.cpu.model} (${fullMeta.cpu.simd.join(', ')}); native rows: ` +
  Object.entries(fullMeta.native).map(([variant, flags]) => `\`${variant}\` ${flags}`).join(', ') + '.\n\n';
const peersIntro = '\nThe peers scenario: each library on the same opaque photo-like RGBA image, compute only (data already in its memory) and with I/O ' +
  '(RGBA bytes from JS in and out); rounds interleaved in a rotating order; "max diff" is the largest difference from our output away from a border margin.\n\n';
const roundsLine = (fullMeta.rounds ?? 1) > 1
  ? `The whole run was repeated ${fullMeta.rounds} times (browser and native taking turns); each median is the median of the rounds' medians, and min–max spans every sample of every round.\n\n`
  : '';
const markdown = header + cpuLine + roundsLine + toMarkdown(all.filter((r) => r.scenario !== 'peers')) +
  '\nGoals of the kernel library, from the threads scenario' + ((fullMeta.rounds ?? 1) > 1 ? ' (in brackets: the range over the rounds; ✓ only when the goal holds in every round)' : '') + ':\n\n' +
  goalsMarkdown(all, fullMeta.rounds ?? 1) +
  (all.some((r) => r.scenario === 'peers') ? peersIntro + peersMarkdown(all) : '');
writeFileSync(path.join(outDir, `${stem}.md`), markdown);
// The full Chromium run is the project's published table: BENCHMARKS.md, generated, never edited.
if (stem === 'latest' && fullMeta.size === 'full' && outDir === path.join(ROOT, 'bench/results')) {
  const intro = '# Benchmarks\n\nGenerated by `make bench` (bench/run.mjs) from `bench/results/latest.json`; do not edit. ' +
    'What each scenario shows is on the benchmark page (`make serve`, /bench.html) and in the README.\n\n';
  writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), intro + markdown);
}
console.log(markdown);
console.error(`wasmpar bench: wrote ${path.relative(process.cwd(), outDir)}/${stem}.{json,md} (the run took ${fullMeta.seconds} s)`);
