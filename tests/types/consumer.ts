// A typed consumer of the package: `tsc --noEmit` must accept it (and the @ts-expect-error
// lines must really be errors), so the declarations match how the API is meant to be used.
import { createEngine, type Engine, type Pipeline, type RgbaImage, type WasmparBuffer } from 'wasmpar';

async function main(): Promise<void> {
  const engine: Engine = await createEngine({ threads: 2, mode: 'auto' });
  const xs = await engine.alloc('f32', 1000);
  const view: Float32Array = xs.view;
  view.fill(1);
  const total: number = await engine.sum(xs);
  const posted = await createEngine({ callPath: 'postMessage' });
  const path: 'ring' | 'postMessage' = posted.info.callPath;
  console.log(path);
  // @ts-expect-error: a call path is 'ring' or 'postMessage'
  await createEngine({ callPath: 'pigeon' });

  const img: WasmparBuffer<'u8'> = await engine.alloc('u8', 64 * 64 * 4);
  const bytes: Uint8Array = img.view;
  bytes.fill(128);
  await engine.gaussianBlur(img, 64, 64, 2);
  const bins: Uint32Array = await engine.histogram(img, 64, 64);
  const controller = new AbortController();
  const escapes = await engine.alloc('u8', 64 * 64);
  await engine.mandelbrot(escapes, 64, 64, 100, { signal: controller.signal, onProgress: (f: number) => console.log(f) });
  await engine.gaussianBlur(img, 64, 64, 2, { onProgress: () => {} });
  // @ts-expect-error: onProgress takes a number
  await engine.sum(xs, { onProgress: (f: string) => f });
  const extremes = await engine.minMax(xs);
  if (extremes) console.log(extremes.min, extremes.maxIndex);

  const ys = await engine.alloc('f64', 1000);
  const f64view: Float64Array = ys.view;
  f64view.fill(2);

  // @ts-expect-error: a u8 view is not a Float32Array
  const wrong: Float32Array = img.view;
  // @ts-expect-error: dot needs two buffers of the same float type
  await engine.dot(xs, ys);
  // @ts-expect-error: images are u8 buffers
  await engine.grayscale(xs, 10, 10);
  // @ts-expect-error: unknown element type
  await engine.alloc('u16', 4);

  const keys = await engine.alloc('u32', 10);
  const keyView: Uint32Array = keys.view;
  await engine.sort(keys);
  const depth = await engine.alloc('f32', 64 * 64);
  const edges = await engine.alloc('f32', 64 * 64);
  await engine.gaussianBlurF32(depth, 64, 64, 1.5);
  await engine.sobelF32(depth, 64, 64, edges);
  // @ts-expect-error: f32 plane kernels take f32 buffers, not RGBA bytes
  await engine.sobelF32(img, 64, 64, edges);
  console.log(keyView.length);

  // Image I/O: any source in, an RGBA buffer out to ImageData, a canvas or a Blob.
  const canvas = document.createElement('canvas');
  const photo: RgbaImage = await engine.imageFrom(canvas);
  const again = await engine.imageFrom(new Blob([]), { into: photo.image });
  const data: ImageData = engine.toImageData(again.image, again.width, again.height);
  engine.drawImage(photo.image, photo.width, photo.height, canvas, 0, 0);
  const png: Blob = await engine.toBlob(photo.image, photo.width, photo.height, { type: 'image/webp', quality: 0.8 });
  // @ts-expect-error: into must be a u8 buffer
  await engine.imageFrom(canvas, { into: depth });
  console.log(data.width, png.size);
  // Drawing in the engine worker, on a canvas handed over.
  const target = await engine.attachCanvas(new OffscreenCanvas(photo.width, photo.height));
  await engine.drawTo(target, photo.image, photo.width, photo.height);
  // @ts-expect-error: the target must come from attachCanvas
  await engine.drawTo(canvas, photo.image, photo.width, photo.height);

  // A pipeline: steps typed as the kernel methods, temporaries typed as buffers.
  const chain: Pipeline = engine.pipeline();
  const gray = chain.temp('u8', photo.width * photo.height * 4);
  const out = await engine.alloc('u8', photo.width * photo.height * 4);
  chain.grayscale(photo.image, photo.width, photo.height).gaussianBlur(photo.image, photo.width, photo.height, 2, gray).sobel(gray, photo.width, photo.height, out);
  const results: unknown[] = await chain.run({ signal: new AbortController().signal, onProgress: (f: number) => console.log(f) });
  // @ts-expect-error: a step takes the kernel's arguments
  chain.sobel(gray, 'wide', photo.height, out);
  // @ts-expect-error: a temporary's type is its element type
  engine.pipeline().sobelF32(gray, 1, 1, depth);
  console.log(results.length, chain.length);

  console.log(total, bins.length, engine.info.mode, wrong);
  xs.free();
  await engine.terminate();
}

void main();
