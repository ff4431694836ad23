// The frames scenario: what a video app pays per frame, part by part (read a canvas into the
// engine, grayscale → blur → Sobel as one pipeline or as three calls, draw the result on the
// page or in the engine worker, and the whole frame on 1 and on every thread), the engine's
// no-op round trip with each call timed alone (p50 and p99, through the command ring and
// through postMessage: what every part above pays per call), and how late a pool thread
// joins a job, awake and asleep.

import { createEngine } from '/pkg/engine.js';
import { measure } from './measure.js';
import { distributionRow, roundTripRows } from './round-trip.js';
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

/** Pool idle this long: its threads have gone to sleep (rayon spins briefly, then waits). */
const ASLEEP_MS = 60;

/**
 * How late a pool thread joins: the test build's benchPoolJoin broadcast, back to back (the
 * threads still spinning from the last one) and after the pool has slept.
 */
async function poolJoinRows(samples) {
  const { createEngine: createTestEngine } = await import('/pkg-bench/engine.js');
  const engine = await createTestEngine();
  const join = () => engine._call('benchPoolJoin', []);
  for (let i = 0; i < 20; i++) await join();
  const awake = [];
  for (let i = 0; i < samples * 20; i++) awake.push(await join());
  const asleep = [];
  for (let i = 0; i < samples * 3; i++) {
    await new Promise((r) => setTimeout(r, ASLEEP_MS));
    asleep.push(await join());
  }
  const threads = engine.info.threads;
  await engine.terminate();
  return [
    distributionRow('pool thread joins a job: the last thread to start, threads awake (back to back)', 'awake', threads, awake, 'join'),
    distributionRow(`pool thread joins a job: the last thread to start, threads asleep (${ASLEEP_MS} ms idle before)`, 'asleep', threads, asleep, 'join'),
  ];
}

/**
 * Per frame size: each I/O path, grayscale → blur σ 2 → Sobel as one pipeline and as three
 * calls, and the whole frame (read, filter, drawTo) both ways on 1 and on every thread.
 */
export async function frameRows({ sizes, calls }, samples) {
  const rows = [...(await roundTripRows(createEngine, calls)), ...(await poolJoinRows(samples))];
  const counts = [...new Set([1, navigator.hardwareConcurrency])];
  const engines = [];
  for (const threads of counts) engines.push(await createEngine({ threads }));
  for (const [width, height] of sizes) {
    for (const [e, engine] of engines.entries()) {
      const frame = await framePaths(engine, width, height);
      const parts = e === engines.length - 1 ? frame.parts : frame.parts.filter(([part]) => part.startsWith('whole'));
      for (const [part, run, check] of parts) {
        const m = await measure({ run, check, samples });
        const row = { scenario: 'frames', kernel: `${width}×${height}: ${part}`, variant: 'wasmpar', threads: engine.info.threads, elements: width * height, bytes: width * height * 4, ...m };
        if (part.startsWith('whole')) row.frames_per_s = 1000 / m.median_ms;
        rows.push(row);
      }
      frame.free();
    }
  }
  for (const engine of engines) await engine.terminate();
  return rows;
}

/** One frame's parts on `engine`: [label, run, check] each, and free(). */
async function framePaths(engine, width, height) {
  const n = width * height * 4;
  const source = testPicture(width, height);
  const [image, blurred, edges] = await Promise.all([n, n, n].map((len) => engine.alloc('u8', len)));
  const pageCanvas = Object.assign(document.createElement('canvas'), { width, height });
  const target = await engine.attachCanvas(document.createElement('canvas'));
  const chain = engine.pipeline();
  const temp = chain.temp('u8', n);
  chain.grayscale(image, width, height).gaussianBlur(image, width, height, 2, temp).sobel(temp, width, height, edges);
  const read = () => engine.imageFrom(source, { into: image });
  const threeCalls = async () => {
    await engine.grayscale(image, width, height);
    await engine.gaussianBlur(image, width, height, 2, blurred);
    await engine.sobel(blurred, width, height, edges);
  };
  const edgesSum = () => checksumBytes(edges.view);
  await read();
  const parts = [
    ['read a canvas into the engine (imageFrom)', read, () => checksumBytes(image.view)],
    // Each filter reads the frame afresh: grayscale works in place.
    ['read, then grayscale → blur σ 2 → Sobel, one pipeline', async () => {
      await read();
      await chain.run();
    }, edgesSum],
    ['read, then grayscale → blur σ 2 → Sobel, three calls', async () => {
      await read();
      await threeCalls();
    }, edgesSum],
    ['draw on the page (drawImage: 2 copies on the page)', () => engine.drawImage(edges, width, height, pageCanvas), () => 'drawn'],
    ['draw in the engine worker (drawTo: none on the page)', () => engine.drawTo(target, edges, width, height), () => 'drawn'],
    ['whole frame: read, pipeline, drawTo', async () => {
      await read();
      await chain.run();
      await engine.drawTo(target, edges, width, height);
    }, edgesSum],
    ['whole frame: read, three calls, drawTo', async () => {
      await read();
      await threeCalls();
      await engine.drawTo(target, edges, width, height);
    }, edgesSum],
  ];
  return { parts, free: () => { for (const b of [image, blurred, edges]) b.free(); } };
}
