// The pools scenario: the same kernels at the same sizes and thread counts under
// wasm-bindgen-rayon's pool (examples/web-app, what a Rust wasm app uses) and through our
// engine (its own pool boot, what the npm package uses), so the choice of pool is a
// measured one. Mandelbrot is compute-bound, the f32 sum streams memory. Rounds interleave
// the sides in a rotating order, as the peers scenario does.
//
// The example's calls are synchronous on the page's main thread (rayon spins there while
// the pool works); the engine's are awaited messages to its worker, so its times include a
// round trip (tens of microseconds, next to milliseconds of work).

import { launchBrowser } from '../scripts/browsers.mjs';
import { DEV_MOUNTS, devCsp, startServer } from '../scripts/serve.mjs';
import { summarize } from '../www/bench/measure.js';
import { timeInRotation } from '../www/bench/peers/rounds.js';

const MOUNTS = { ...DEV_MOUNTS, '/web-app/': 'examples/web-app/www', '/web-app/pkg/': 'target/web-app/pkg' };
// wasm-bindgen-rayon starts its workers from blob: URLs, which our pages' policy forbids
// (docs/RUST.md); the example gets no policy, everything else the usual one.
const csp = (url) => (url.startsWith('/web-app/') ? null : devCsp(url));

/** In a page: times `samples` calls of `kernel` after a warm-up; returns { times, checksum }. */
async function timeInPage({ side, kernel, sizes, samples }) {
  const { fillWhole } = await import('/bench/inputs.js');
  const { checksumBytes } = await import('/bench/checksum.js');
  const { mandelbrot: m, sum: s } = sizes;
  let run;
  let check;
  if (side === 'example') {
    window.workload ??= new window.Workload(m.width, m.height, fillWhole(new Float32Array(s.length)));
    const w = window.workload;
    run = kernel === 'mandelbrot' ? () => w.mandelbrot(m.maxIter) : () => w.sum();
    check = kernel === 'mandelbrot' ? () => `fnv:${w.imageChecksum().toString(16).padStart(8, '0')}` : () => String(w.sum());
  } else {
    if (!window.pool) {
      const { createEngine } = await import('/pkg/engine.js');
      const engine = await createEngine({ threads: sizes.threads });
      const image = await engine.alloc('u8', m.width * m.height);
      const xs = await engine.alloc('f32', s.length);
      fillWhole(xs.view);
      window.pool = { engine, image, xs };
    }
    const { engine, image, xs } = window.pool;
    run = kernel === 'mandelbrot' ? () => engine.mandelbrot(image, m.width, m.height, m.maxIter) : () => engine.sum(xs);
    check = kernel === 'mandelbrot' ? async () => checksumBytes(image.view) : async () => String(await engine.sum(xs));
  }
  await run();
  const times = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return { times, checksum: await check() };
}

/** The pools rows: per side, kernel and thread count, the median over rounds. */
export async function poolRows({ sizes, rounds, samples, offset = 0, browserName = 'chromium' }) {
  const server = await startServer({ mounts: MOUNTS, port: 0, csp });
  const browser = await launchBrowser(browserName);
  try {
    const sides = [];
    const probe = await browser.newPage();
    const cores = await probe.evaluate(() => navigator.hardwareConcurrency);
    await probe.close();
    for (const threads of [1, cores]) {
      for (const side of ['example', 'engine']) {
        const page = await browser.newPage();
        page.on('pageerror', (e) => console.error(`pools page error: ${e.message}`));
        await page.goto(side === 'example' ? `${server.url}/web-app/index.html?bench&threads=${threads}` : `${server.url}/bench.html`);
        if (side === 'example') await page.evaluate(() => window.result);
        sides.push({ side, threads, page, variant: side === 'example' ? 'wasm-bindgen-rayon' : 'wasmpar engine' });
      }
    }
    const kernels = [
      { kernel: 'mandelbrot', elements: sizes.mandelbrot.width * sizes.mandelbrot.height, bytes: sizes.mandelbrot.width * sizes.mandelbrot.height },
      { kernel: 'sum', elements: sizes.sum.length, bytes: sizes.sum.length * 4 },
    ];
    const rows = [];
    for (const k of kernels) {
      const checksums = new Map();
      const times = await timeInRotation(sides, { rounds, offset, modes: ['compute'] }, async (s) => {
        const { times, checksum } = await s.page.evaluate(timeInPage, { side: s.side, kernel: k.kernel, sizes: { ...sizes, threads: s.threads }, samples });
        checksums.set(s, checksum);
        return times;
      });
      sides.forEach((s, i) => {
        const { samples: all, rounds: medians } = times[i].compute;
        rows.push({
          scenario: 'pools', kernel: k.kernel, variant: s.variant, threads: s.threads, elements: k.elements, bytes: k.bytes,
          ...summarize(all), checksum: checksums.get(s), round_medians_ms: medians,
        });
      });
    }
    return rows;
  } finally {
    await browser.close();
    await server.close();
  }
}
