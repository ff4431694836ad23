// The frames scenario: what a video app pays per frame, part by part (read a canvas into the
// engine, a two-step chain as one pipeline or as two calls, draw the result on the page or in
// the engine worker, and the whole frame), and the engine's no-op round trip with each call
// timed alone (its p50 and p99: what every part above pays once per message).

import { createEngine } from '/pkg/engine.js';
import { measure, quantile } from './measure.js';
import { checksumBytes } from './checksum.js';

/** A fixed test picture on an OffscreenCanvas: bars and a square, opaque. */
function testPicture(width, height) {
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d');
  const bars = ['#fff', '#ff0', '#0ff', '#0f0', '#f0f', '#f00', '#00f', '#000'];
  bars.forEach((c, i) => {
    g.fillStyle = c;
    g.fillRect((i * width) / bars.length, 0, width / bars.length + 1, height);
  });
  g.fillStyle = '#333';
  g.fillRect(width / 3, height / 3, width / 3, height / 3);
  return canvas;
}

/** `calls` sequential awaited no-op calls, each timed alone: the round trip's distribution. */
async function roundTripRow(engine, calls) {
  for (let i = 0; i < 100; i++) await engine.noop();
  const times = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await engine.noop();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    scenario: 'frames',
    kernel: `no-op round trip (${calls} calls, each timed alone)`,
    variant: 'postMessage',
    threads: engine.info.threads,
    elements: calls,
    bytes: 0,
    median_ms: quantile(times, 0.5),
    min_ms: times[0],
    max_ms: times.at(-1),
    samples: calls,
    p99_ms: quantile(times, 0.99),
    checksum: 'noop',
  };
}

export async function frameRows({ sizes, calls }, samples) {
  const engine = await createEngine();
  const rows = [await roundTripRow(engine, calls)];
  const threads = engine.info.threads;
  for (const [width, height] of sizes) {
    const n = width * height * 4;
    const source = testPicture(width, height);
    const [image, blurred, edges] = await Promise.all([n, n, n].map((len) => engine.alloc('u8', len)));
    const pageCanvas = Object.assign(document.createElement('canvas'), { width, height });
    const target = await engine.attachCanvas(document.createElement('canvas'));
    const chain = engine.pipeline();
    const temp = chain.temp('u8', n);
    chain.gaussianBlur(image, width, height, 2, temp).sobel(temp, width, height, edges);
    await engine.imageFrom(source, { into: image });
    const read = () => engine.imageFrom(source, { into: image });
    const parts = [
      ['read a canvas into the engine (imageFrom)', read, () => checksumBytes(image.view)],
      ['blur σ 2 then Sobel, one pipeline', () => chain.run(), () => checksumBytes(edges.view)],
      ['blur σ 2 then Sobel, two calls', async () => {
        await engine.gaussianBlur(image, width, height, 2, blurred);
        await engine.sobel(blurred, width, height, edges);
      }, () => checksumBytes(edges.view)],
      ['draw on the page (drawImage: 2 copies on the page)', () => engine.drawImage(edges, width, height, pageCanvas), () => 'drawn'],
      ['draw in the engine worker (drawTo: none on the page)', () => engine.drawTo(target, edges, width, height), () => 'drawn'],
      ['whole frame: read, pipeline, drawTo', async () => {
        await read();
        await chain.run();
        await engine.drawTo(target, edges, width, height);
      }, () => checksumBytes(edges.view)],
    ];
    for (const [part, run, check] of parts) {
      const m = await measure({ run, check, samples });
      const row = { scenario: 'frames', kernel: `${width}×${height}: ${part}`, variant: 'wasmpar', threads, elements: width * height, bytes: n, ...m };
      if (part.startsWith('whole')) row.frames_per_s = 1000 / m.median_ms;
      rows.push(row);
    }
    for (const b of [image, blurred, edges]) b.free();
  }
  await engine.terminate();
  return rows;
}
