// Profiles one compute kernel in headless Chromium at the instruction level: runs it many
// times under `perf record` while V8 writes a jitdump, names the JIT code with
// `perf inject --jit`, and prints the hottest functions and the hottest instructions of the
// first wasm one. This is how the README's explanations of the kernels' speed were measured.
//
//   node bench/profile.mjs <kernel> [--threads 1] [--runs 200] [--size full]
//
// Needs Linux `perf` (Debian: linux-perf) and Chromium at /usr/lib/chromium/chromium.
// Sampling slows the kernel (about 1.5–2×); compare instructions, not times, here.

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../scripts/browsers.mjs';
import { DEV_MOUNTS, startServer } from '../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const kernel = args[0];
if (!kernel || kernel.startsWith('--')) {
  console.error('usage: node bench/profile.mjs <kernel> [--threads 1] [--runs 200] [--size full]');
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'wasmpar-profile-'));
process.env.PERF_DIR = dir;
process.env.CHROMIUM = path.join(ROOT, 'scripts/perf-chromium.sh');

const server = await startServer({ mounts: DEV_MOUNTS, port: 0 });
const browser = await launchBrowser('chromium');
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/bench.html`);
  await page.waitForFunction(() => typeof window.profileKernel === 'function');
  const spec = { kernel, threads: Number(option('--threads', 1)), runs: Number(option('--runs', 200)), size: option('--size', 'full') };
  const median = await page.evaluate((s) => window.profileKernel(s), spec);
  console.log(`${kernel}: ${spec.runs} runs at ${spec.threads} thread(s), median ${median.toFixed(2)} ms under perf`);
} finally {
  await browser.close(); // perf writes perf.data when Chromium exits
  await server.close();
}

const perf = (...a) => execFileSync('perf', a, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
perf('inject', '--jit', '-i', 'perf.data', '-o', 'perf.jit.data');
const report = perf('report', '-i', 'perf.jit.data', '--no-children', '--sort', 'dso,sym', '--stdio')
  .split('\n').filter((l) => l.trim() && !l.startsWith('#'));
console.log('\nHottest functions (share of samples, JIT code object, symbol):');
for (const line of report.slice(0, 12)) console.log(line.length > 200 ? `${line.slice(0, 200)}…` : line);

const wasm = report.find((l) => l.includes('wasmpar'));
if (wasm) {
  const dso = wasm.trim().split(/\s+/)[1];
  const lines = perf('annotate', '-i', 'perf.jit.data', '--stdio', '--dsos', dso).split('\n')
    .filter((l) => /^\s+[\d.]+ :/.test(l) && parseFloat(l) >= 0.5)
    .map((l) => l.replace(/<JS:.*>/, '<…>'));
  console.log(`\nHottest instructions of ${dso} (≥ 0.5 % of its samples, in address order):`);
  for (const line of lines.slice(0, 80)) console.log(line);
}
console.log(`\nperf data: ${dir}/perf.jit.data (perf report -i …, perf annotate -i … --dsos <code object>)`);
