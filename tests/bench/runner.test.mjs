// The benchmark runner on tiny sizes: it finishes, its JSON has the documented shape, the
// native baseline is there, and every group's checksums agree. Speed is never asserted.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { ROW_SCHEMA, checkAgreement, groupKey } from '../../www/bench/results.js';

const VARIANTS = new Set(['wasm', 'wasm-simd', 'native', 'native-cpu', 'js', 'js-workers', 'shared', 'copy', 'workers-clone', 'workers-transfer',
  'row-major', 'column-major', 'aos', 'soa', 'naive', 'tiled', 'contiguous', 'interleaved', 'per-element',
  'batch-16', 'batch-256', 'batch-4096', 'whole', 'getter', 'view', 'dispatch', 'cancel', 'start', 'non-shared',
  'u8', 'u32', 'i32', 'f32', 'f64', 'wasmpar', 'wasm-vips', 'opencv.js', 'photon', 'stackblur', 'wasm-cold', 'shared-string', 'sharp',
  'wasm-bindgen-rayon', 'wasmpar engine', 'postMessage', 'ring', 'awake', 'asleep']);

describe('benchmark runner (tiny sizes)', () => {
  let doc;
  let markdown;
  before(() => {
    const out = mkdtempSync(path.join(tmpdir(), 'wasmpar-bench-'));
    execFileSync('node', ['bench/run.mjs', '--size', 'tiny', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    doc = JSON.parse(readFileSync(path.join(out, 'latest.json'), 'utf8'));
    markdown = readFileSync(path.join(out, 'latest.md'), 'utf8');
  });

  it('records the environment in meta', () => {
    for (const key of ['date', 'userAgent', 'hardwareConcurrency', 'crossOriginIsolated', 'wasmBindgen', 'commit', 'cpu', 'native']) {
      assert.ok(key in doc.meta, key);
    }
    assert.equal(doc.meta.crossOriginIsolated, true);
    assert.match(doc.meta.wasmBindgen, /^\d+\.\d+\.\d+$/);
  });

  it('every row has the documented fields, a known variant and at least 5 samples', () => {
    assert.ok(doc.results.length > 40, `${doc.results.length} rows`);
    for (const r of doc.results) {
      for (const [field, type] of Object.entries(ROW_SCHEMA)) assert.equal(typeof r[field], type, `${field} of ${JSON.stringify(r)}`);
      assert.ok(VARIANTS.has(r.variant), r.variant);
      assert.ok(r.samples >= 5);
      assert.ok(r.min_ms <= r.median_ms && r.median_ms <= r.max_ms, JSON.stringify(r));
    }
  });

  it('covers all eleven scenarios, with native and JS beside wasm at every thread count', () => {
    const scenarios = new Set(doc.results.map((r) => r.scenario));
    assert.deepEqual([...scenarios].sort(), ['calls', 'frames', 'growth', 'locality', 'peers', 'pools', 'sharing', 'simd', 'strings', 'threads', 'types']);
    assert.deepEqual(doc.results.filter((r) => r.scenario === 'simd').map((r) => r.variant), ['wasm', 'wasm-simd']);
    const cores = doc.meta.hardwareConcurrency;
    for (const kernel of ['mandelbrot', 'gaussian_blur', 'box_blur', 'convolve', 'grayscale', 'matmul', 'sum', 'axpy']) {
      for (const variant of ['wasm', 'native', 'native-cpu']) {
        const threads = doc.results.filter((r) => r.kernel === kernel && r.variant === variant).map((r) => r.threads);
        assert.deepEqual(threads.sort(), Array.from({ length: cores }, (_, i) => i + 1), `${kernel} ${variant}`);
      }
      assert.ok(doc.results.some((r) => r.kernel === kernel && r.variant === 'js' && r.threads === 1), `${kernel} js`);
      assert.ok(doc.results.some((r) => r.kernel === kernel && r.variant === 'js-workers' && r.threads === cores), `${kernel} js-workers`);
    }
  });

  it('puts every peer beside ours on every operation it has, compute only and with I/O', () => {
    const peers = doc.results.filter((r) => r.scenario === 'peers');
    const cores = doc.meta.hardwareConcurrency;
    const has = (variant, op, threads) => ['compute', 'io'].every((mode) => peers.some((r) => r.variant === variant && r.op === op && r.threads === threads && r.mode === mode));
    const ops = ['gaussian_blur', 'box_blur', 'grayscale', 'grayscale_plane', 'resize_half', 'resize_2_3', 'resize_lanczos3', 'sobel', 'convolve_3x3'];
    for (const op of ops) {
      for (const [variant, threads] of [['wasmpar', 1], ['wasmpar', cores], ['wasm-vips', 1], ['wasm-vips', cores]]) assert.ok(has(variant, op, threads), `${variant} ${threads}t ${op}`);
      if (op !== 'resize_lanczos3') assert.ok(has('opencv.js', op, 1), `opencv.js ${op}`);
    }
    for (const op of ['gaussian_blur', 'grayscale', 'resize_half', 'resize_2_3', 'resize_lanczos3', 'convolve_3x3']) assert.ok(has('photon', op, 1), `photon ${op}`);
    assert.ok(has('stackblur', 'gaussian_blur', 1));
    // On Node.js: ours on worker_threads beside sharp, both at 1 and at every thread.
    const nodeCores = availableParallelism();
    for (const variant of ['wasmpar', 'sharp']) for (const threads of [1, nodeCores]) assert.ok(has(variant, 'gaussian_blur_node', threads), `${variant} ${threads}t on Node`);
    for (const op of ['gaussian_blur', 'box_blur', 'grayscale', 'grayscale_plane', 'convolve_3x3']) assert.ok(has('js', op, 1), `js ${op}`);
    for (const r of peers) {
      assert.ok(Number.isInteger(r.max_diff) && r.max_diff >= 0 && r.max_diff <= 255, `max_diff of ${r.variant} ${r.op}`);
      assert.ok(r.round_medians_ms.length >= 2, 'rounds');
      assert.equal(typeof r.precision, 'string');
    }
    // Ours against itself, and the plain JS whose arithmetic is ours, differ by nothing.
    assert.ok(peers.filter((r) => r.variant === 'wasmpar').every((r) => r.max_diff === 0));
    for (const op of ['box_blur', 'grayscale', 'grayscale_plane']) assert.ok(peers.filter((r) => r.variant === 'js' && r.op === op).every((r) => r.max_diff === 0), `js ${op}`);
  });

  it("times a compute-bound and a streaming kernel under wasm-bindgen-rayon's pool and ours, at 1 and every thread", () => {
    const pools = doc.results.filter((r) => r.scenario === 'pools');
    const cores = doc.meta.hardwareConcurrency;
    for (const kernel of ['mandelbrot', 'sum']) {
      for (const variant of ['wasm-bindgen-rayon', 'wasmpar engine']) {
        for (const threads of [1, cores]) assert.ok(pools.some((r) => r.kernel === kernel && r.variant === variant && r.threads === threads), `${variant} ${kernel} ${threads}t`);
      }
      assert.equal(new Set(pools.filter((r) => r.kernel === kernel).map((r) => r.checksum)).size, 1, `${kernel}: both pools compute the same`);
    }
  });

  it('times a video frame part by part, the no-op round trip on both call paths, and the pool join', () => {
    const frames = doc.results.filter((r) => r.scenario === 'frames');
    const cores = doc.meta.hardwareConcurrency;
    for (const path of ['ring', 'postMessage']) {
      const trip = frames.find((r) => r.variant === path);
      assert.ok(trip && trip.p99_ms >= trip.median_ms && trip.samples === 51, JSON.stringify(trip));
    }
    for (const state of ['awake', 'asleep']) {
      const join = frames.find((r) => r.variant === state);
      assert.ok(join && join.median_ms >= 0 && join.median_ms < 1000 && join.samples > 0, JSON.stringify(join));
    }
    const parts = ['read a canvas', 'read an ImageData', 'read an ImageBitmap', 'read a VideoFrame', 'read a PNG Blob', 'to an ImageData', 'to a PNG Blob', 'to a JPEG Blob'];
    for (const part of [...parts, 'one pipeline', 'three calls', 'draw on the page', 'draw in the engine worker', 'whole frame: read, pipeline', 'whole frame: read, three calls']) {
      assert.ok(frames.some((r) => r.kernel.startsWith('64×36: ') && r.kernel.includes(part)), part);
    }
    // Every source gives the same pixels.
    const reads = frames.filter((r) => r.kernel.startsWith('64×36: read ') && !r.kernel.includes('Sobel'));
    assert.equal(reads.length, 5);
    assert.equal(new Set(reads.map((r) => r.checksum)).size, 1, reads.map((r) => `${r.kernel}: ${r.checksum}`).join('; '));
    for (const threads of [1, cores]) {
      const whole = frames.filter((r) => r.kernel.includes('whole frame') && r.threads === threads);
      assert.equal(whole.length, 2, `whole frame rows on ${threads} threads`);
      assert.ok(whole.every((r) => r.frames_per_s > 0));
    }
    // The pipeline and the three calls compute the same edges, on every thread count.
    const edges = frames.filter((r) => /Sobel|whole/.test(r.kernel)).map((r) => r.checksum);
    assert.equal(new Set(edges).size, 1, edges.join());
  });

  it('every group of variants agrees on its checksum', () => {
    assert.ok(checkAgreement(doc.results) >= 15);
    const threadsGroups = new Set(doc.results.filter((r) => r.scenario === 'threads').map(groupKey));
    assert.equal(threadsGroups.size, 8, 'one group per compute kernel');
  });

  it('the Markdown table has a row per measurement', () => {
    const rows = markdown.split('\n').filter((l) => /^\| (threads|simd|sharing|locality|calls|types|strings|growth|pools|frames) \|/.test(l));
    assert.equal(rows.length, doc.results.filter((r) => r.scenario !== 'peers').length);
    assert.match(markdown, /\| kernel \| wasm 1t ÷ native 1t/, 'the goals table follows');
    const peerLines = markdown.split('\n').filter((l) => /^\| (Gaussian blur σ|box blur radius|grayscale (\(BT|to one channel)|bilinear resize|Lanczos 3 resize|Sobel|3×3 convolution)/.test(l));
    assert.equal(peerLines.length, doc.results.filter((r) => r.scenario === 'peers' && r.mode === 'compute').length, 'the peers table: a line per library and operation');
  });

  it('checkAgreement fails loudly when variants disagree', () => {
    const rows = [
      { scenario: 's', kernel: 'k', elements: 1, variant: 'wasm', threads: 1, checksum: 'a' },
      { scenario: 's', kernel: 'k', elements: 1, variant: 'js', threads: 1, checksum: 'b' },
    ];
    assert.throws(() => checkAgreement(rows), /variants disagree:\ns\|k\|1: wasm\/1t=a, js\/1t=b/);
  });
});
