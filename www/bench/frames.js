// The frames scenario: what a video app pays per frame, part by part (read a canvas into the
// engine, grayscale → blur → Sobel as one pipeline or as three calls, draw the result on the
// page or in the engine worker, and the whole frame on 1 and on every thread), each other
// image path in and out (ImageData, ImageBitmap, VideoFrame, a PNG Blob; ImageData, PNG and
// JPEG Blobs), the engine's
// no-op round trip with each call timed alone (p50 and p99, through the command ring and
// through postMessage: what every part above pays per call), and how late a pool thread
// joins a job, awake and asleep.

import { createEngine } from '/pkg/engine.js';
import { measure, mergeCallStats, summarize } from './measure.js';
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
      const measured = await measureInTurns(parts, samples);
      for (const [i, [part]] of parts.entries()) {
        const m = measured[i];
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

/** Samples of each part taken in this many turns. */
const TURNS = 3;

/**
 * Times each of `parts` ([label, run, check]) in TURNS turns, the parts in a rotating order
 * within each, so that the pipeline and its three calls, say, meet this VM's slow minutes
 * alike (timed one after the other, the two swapped places between runs). Each part's
 * measure: every turn's samples together, its checksum the same in every turn.
 */
async function measureInTurns(parts, samples) {
  const per = Math.max(1, Math.ceil(samples / TURNS));
  const turns = parts.map(() => []);
  for (let t = 0; t < TURNS; t++) {
    for (let j = 0; j < parts.length; j++) {
      const i = (j + t) % parts.length;
      const [, run, check] = parts[i];
      turns[i].push(await measure({ run, check, samples: per }));
    }
  }
  return turns.map((ms, i) => {
    const checksums = new Set(ms.map((m) => m.checksum));
    if (checksums.size > 1) throw new Error(`${parts[i][0]}: the turns gave checksums ${[...checksums].join(', ')}`);
    return { checksum: ms[0].checksum, ...summarize(ms.flatMap((m) => m.times)), ...mergeCallStats(ms) };
  });
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
  const io = await ioSources(source, width, height);
  const readInto = (from) => () => engine.imageFrom(from, { into: image });
  const imageSum = () => checksumBytes(image.view);
  await read();
  const parts = [
    ['read a canvas into the engine (imageFrom)', read, imageSum],
    ['read an ImageData (imageFrom: 1 copy)', readInto(io.imageData), imageSum],
    ['read an ImageBitmap (imageFrom: draw + 2 copies)', readInto(io.bitmap), imageSum],
    ...(io.frame ? [['read a VideoFrame in RGBA (imageFrom: copyTo, 1 copy)', readInto(io.frame), imageSum]] : []),
    ['read a PNG Blob (imageFrom: decode + draw + 2 copies)', readInto(io.png), imageSum],
    ['to an ImageData (toImageData: 1 copy)', () => engine.toImageData(image, width, height), () => 'copied'],
    ['to a PNG Blob (toBlob)', () => engine.toBlob(image, width, height), () => 'encoded'],
    ['to a JPEG Blob (toBlob, quality 0.9)', () => engine.toBlob(image, width, height, { type: 'image/jpeg', quality: 0.9 }), () => 'encoded'],
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
  const free = () => {
    for (const b of [image, blurred, edges]) b.free();
    io.close();
  };
  return { parts, free };
}

/**
 * The test picture as each other source a web app reads frames from: an ImageData, an
 * ImageBitmap, a VideoFrame in RGBA (where WebCodecs is), and a PNG Blob. All hold the same
 * pixels (the picture is opaque, so no premultiplication changes them).
 */
async function ioSources(picture, width, height) {
  const imageData = picture.getContext('2d').getImageData(0, 0, width, height);
  const bitmap = await createImageBitmap(picture);
  const frame = typeof VideoFrame === 'function'
    ? new VideoFrame(imageData.data, { format: 'RGBA', codedWidth: width, codedHeight: height, timestamp: 0 })
    : null;
  const png = await picture.convertToBlob({ type: 'image/png' });
  return { imageData, bitmap, frame, png, close: () => { bitmap.close(); frame?.close(); } };
}
