// Types of wasmpar's public API (src/js/engine.js). Checked by `tsc --noEmit` on
// tests/types/consumer.ts in `make test`.

/** Element types a buffer can hold. */
export type ElementType = 'u8' | 'u32' | 'i32' | 'f32' | 'f64';

/** The typed array a buffer's `view` is, by element type. */
export interface ViewOf {
  u8: Uint8Array;
  u32: Uint32Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** A buffer in the engine's memory (threads mode) or on the JS side (single mode). */
export interface WasmparBuffer<T extends ElementType = ElementType> {
  readonly type: T;
  readonly length: number;
  readonly byteLength: number;
  readonly byteOffset: number;
  readonly freed: boolean;
  /** A typed array over the elements; re-derived after memory growth, so read it afresh. */
  readonly view: ViewOf[T];
  /** Releases the buffer; using it afterwards is an error. */
  free(): void;
}

export type U8Buffer = WasmparBuffer<'u8'>;
export type F32Buffer = WasmparBuffer<'f32'>;
export type FloatBuffer = WasmparBuffer<'f32'> | WasmparBuffer<'f64'>;
export type AnyBuffer = WasmparBuffer<ElementType>;

export interface EngineInfo {
  mode: 'threads' | 'single';
  /** Why this mode was chosen (feature detection by wasm-feature-detect). */
  reason: string;
  /** How calls reach the engine: 'ring' (shared memory, threads mode) or 'postMessage'. */
  callPath: 'ring' | 'postMessage';
  threads: number;
  crossOriginIsolated: boolean;
  simd: boolean;
  sharedMemory: boolean;
  memoryBytes: number;
  state: 'ready' | 'crashed' | 'terminated';
}

export interface EngineOptions {
  /** Threads in the pool; defaults to navigator.hardwareConcurrency. 1…256. */
  threads?: number;
  /** 'auto' (default) picks threads when the page is cross-origin isolated. */
  mode?: 'auto' | 'threads' | 'single';
  /**
   * 'ring' (default): in threads mode, kernel calls go through a command ring in shared
   * memory (microseconds per call) where Atomics.waitAsync exists; 'postMessage' always
   * posts them. Single mode always posts.
   */
  callPath?: 'ring' | 'postMessage';
}

/** The filters of `resize`. */
export type ResizeFilter = 'bilinear' | 'area' | 'lanczos3';

export interface Region {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface MinMax {
  min: number;
  max: number;
  minIndex: number;
  maxIndex: number;
}

/** The optional last argument of every kernel method. */
export interface CallOptions {
  /** Aborting rejects the call with an `AbortError`; a running kernel stops at its next chunk. */
  signal?: AbortSignal;
  /** Called with the fraction done, from 0 to 1 (live in threads mode; 1 at the end otherwise). */
  onProgress?: (fraction: number) => void;
}

/** What `imageFrom` reads: every image source a web app has. */
export type ImageSource =
  | ImageData
  | ImageBitmap
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | HTMLVideoElement
  | VideoFrame
  | Blob;

/** An RGBA image in an engine buffer. */
export interface RgbaImage {
  image: U8Buffer;
  width: number;
  height: number;
}

/** A canvas the engine worker draws on (engine.attachCanvas()). */
export interface CanvasTarget {
  readonly id: number;
}

export interface Engine {
  readonly info: EngineInfo;
  alloc<T extends ElementType>(type: T, length: number): Promise<WasmparBuffer<T>>;
  terminate(): Promise<void>;

  /** Reads a source into an RGBA buffer (`into`, reused, or a new one). Browsers only. */
  imageFrom(source: ImageSource, options?: { into?: U8Buffer }): Promise<RgbaImage>;
  /** A copy of an RGBA buffer as an ImageData. */
  toImageData(image: U8Buffer, width: number, height: number): ImageData;
  /** Draws an RGBA buffer onto a 2D canvas, OffscreenCanvas or 2D context, at (x, y). */
  drawImage(
    image: U8Buffer,
    width: number,
    height: number,
    canvas: HTMLCanvasElement | OffscreenCanvas | CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
    x?: number,
    y?: number,
  ): void;
  /** A chain of kernel calls to run as one call: `engine.pipeline().grayscale(…).sobel(…).run()`. */
  pipeline(): Pipeline;

  /** Encodes an RGBA buffer as an image file. */
  toBlob(image: U8Buffer, width: number, height: number, options?: { type?: 'image/png' | 'image/jpeg' | 'image/webp'; quality?: number }): Promise<Blob>;
  /**
   * Hands a canvas to the engine worker for drawTo(); an HTMLCanvasElement gives up its control
   * (the page can no longer draw on it).
   */
  attachCanvas(canvas: HTMLCanvasElement | OffscreenCanvas): Promise<CanvasTarget>;
  /** Draws the RGBA buffer on an attached canvas in the engine worker; the canvas takes the image's size. */
  drawTo(target: CanvasTarget, image: U8Buffer, width: number, height: number, options?: CallOptions): Promise<void>;

  grayscale(image: U8Buffer, width: number, height: number, options?: CallOptions): Promise<void>;
  /** The BT.601 luma of each pixel into `output`, one byte per pixel (`width × height`); `image` is untouched. */
  grayscalePlane(image: U8Buffer, width: number, height: number, output: U8Buffer, options?: CallOptions): Promise<void>;
  invert(image: U8Buffer, width: number, height: number, options?: CallOptions): Promise<void>;
  brightnessContrast(image: U8Buffer, width: number, height: number, brightness: number, contrast: number, options?: CallOptions): Promise<void>;
  threshold(image: U8Buffer, width: number, height: number, level: number, options?: CallOptions): Promise<void>;
  boxBlur(image: U8Buffer, width: number, height: number, radius: number, output?: U8Buffer | CallOptions, options?: CallOptions): Promise<void>;
  gaussianBlur(image: U8Buffer, width: number, height: number, sigma: number, output?: U8Buffer | CallOptions, options?: CallOptions): Promise<void>;
  sobel(image: U8Buffer, width: number, height: number, output: U8Buffer, options?: CallOptions): Promise<void>;
  convolve(image: U8Buffer, width: number, height: number, kernel: WasmparBuffer<'f32'>, output: U8Buffer, options?: CallOptions): Promise<void>;
  sharpen(image: U8Buffer, width: number, height: number, sigma: number, amount: number, output?: U8Buffer | CallOptions, options?: CallOptions): Promise<void>;
  histogram(image: U8Buffer, width: number, height: number, options?: CallOptions): Promise<Uint32Array>;
  /**
   * Resizes into `output` (`outWidth × outHeight × 4` bytes). `filter`: 'bilinear' (default:
   * two taps per axis, no antialiasing), 'area' (averages the pixels each output covers: for
   * downscales) or 'lanczos3' (antialiased windowed sinc, as sharp and libvips resize).
   * Every byte within 1 of the exact result.
   */
  resize(image: U8Buffer, width: number, height: number, output: U8Buffer, outWidth: number, outHeight: number, filter?: ResizeFilter | CallOptions, options?: CallOptions): Promise<void>;
  rotate90(image: U8Buffer, width: number, height: number, output: U8Buffer, options?: CallOptions): Promise<void>;
  flip(image: U8Buffer, width: number, height: number, direction: 'horizontal' | 'vertical', options?: CallOptions): Promise<void>;

  /** Single-channel f32 planes (`width * height` floats): values are not rounded or clamped. */
  gaussianBlurF32(image: F32Buffer, width: number, height: number, sigma: number, output?: F32Buffer | CallOptions, options?: CallOptions): Promise<void>;
  boxBlurF32(image: F32Buffer, width: number, height: number, radius: number, output?: F32Buffer | CallOptions, options?: CallOptions): Promise<void>;
  convolveF32(image: F32Buffer, width: number, height: number, kernel: F32Buffer, output: F32Buffer, options?: CallOptions): Promise<void>;
  sobelF32(image: F32Buffer, width: number, height: number, output: F32Buffer, options?: CallOptions): Promise<void>;

  sum(xs: AnyBuffer, options?: CallOptions): Promise<number>;
  dot<T extends 'f32' | 'f64'>(a: WasmparBuffer<T>, b: WasmparBuffer<NoInfer<T>>, options?: CallOptions): Promise<number>;
  norm(xs: FloatBuffer, options?: CallOptions): Promise<number>;
  axpy<T extends 'f32' | 'f64'>(alpha: number, x: WasmparBuffer<T>, y: WasmparBuffer<NoInfer<T>>, options?: CallOptions): Promise<void>;
  scale(xs: FloatBuffer, alpha: number, options?: CallOptions): Promise<void>;
  minMax(xs: FloatBuffer, options?: CallOptions): Promise<MinMax | null>;
  prefixSum(xs: FloatBuffer, options?: CallOptions): Promise<void>;
  histogramValues(xs: FloatBuffer, bins: number, min: number, max: number, options?: CallOptions): Promise<Uint32Array>;
  sort(xs: AnyBuffer, options?: CallOptions): Promise<void>;
  matmul<T extends 'f32' | 'f64'>(a: WasmparBuffer<T>, b: WasmparBuffer<NoInfer<T>>, c: WasmparBuffer<NoInfer<T>>, m: number, k: number, n: number, options?: CallOptions): Promise<void>;
  transpose<T extends ElementType>(src: WasmparBuffer<T>, dst: WasmparBuffer<NoInfer<T>>, rows: number, cols: number, options?: CallOptions): Promise<void>;
  mandelbrot(output: U8Buffer, width: number, height: number, maxIter: number, region?: Region | CallOptions, options?: CallOptions): Promise<void>;
  /** Does nothing; its round trip is the engine's dispatch latency. */
  noop(options?: CallOptions): Promise<void>;
}

/** The kernel methods of an engine. */
export type KernelName = Exclude<keyof Engine, 'info' | 'alloc' | 'terminate' | 'imageFrom' | 'toImageData' | 'drawImage' | 'toBlob' | 'attachCanvas' | 'drawTo' | 'pipeline'>;

/** A method per kernel: the kernel's arguments, without options, add a step. */
export type PipelineSteps = { [K in KernelName]: (...args: Parameters<Engine[K]>) => Pipeline };

/**
 * Kernel calls run in order as one call: one message, one promise, progress over the whole
 * chain, an abort between steps or inside one. Every step is checked before any runs; a
 * refused step rejects with its index (`step 2 (sobel): …`) and leaves the caller's buffers
 * as they were. A pipeline can run again (a video frame at a time).
 */
export interface Pipeline extends PipelineSteps {
  /** Steps so far. */
  readonly length: number;
  /** Milliseconds each step of the last completed run took in the engine. */
  readonly timings: number[];
  /**
   * A buffer for intermediate images, which the engine allocates at the first run and keeps
   * for the next ones (it holds what the last run left; freed once the pipeline is collected).
   * Its `view`, `byteOffset` and `free()` throw: write what you want to read into a buffer
   * from `engine.alloc()`.
   */
  temp<T extends ElementType>(type: T, length: number): WasmparBuffer<T>;
  /** Runs the steps; resolves with each step's result (undefined for kernels that only write). */
  run(options?: CallOptions): Promise<unknown[]>;
}

/** Starts an engine: a module worker with the wasm build and, in threads mode, rayon's pool. */
export function createEngine(options?: EngineOptions): Promise<Engine>;
