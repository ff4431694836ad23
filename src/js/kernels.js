// The kernel methods of an engine, one entry per Rust kernel (`gaussian_blur` → `gaussianBlur`).
// Each parameter is `name:kind`: `buffer` (read), `buffer!` (written), `number`, `string`,
// or an optional `buffer?!` / `region?`. The main thread checks kinds; Rust checks every rule.

export const KERNELS = Object.freeze({
  grayscale: ['image:buffer!', 'width:number', 'height:number'],
  grayscalePlane: ['image:buffer', 'width:number', 'height:number', 'output:buffer!'],
  invert: ['image:buffer!', 'width:number', 'height:number'],
  gaussianBlur: ['image:buffer!', 'width:number', 'height:number', 'sigma:number', 'output:buffer?!'],
  histogram: ['image:buffer', 'width:number', 'height:number'],
  sum: ['xs:buffer'],
  dot: ['a:buffer', 'b:buffer'],
  axpy: ['alpha:number', 'x:buffer', 'y:buffer!'],
  scale: ['xs:buffer!', 'alpha:number'],
  mandelbrot: ['output:buffer!', 'width:number', 'height:number', 'maxIter:number', 'region:region?'],
  brightnessContrast: ['image:buffer!', 'width:number', 'height:number', 'brightness:number', 'contrast:number'],
  threshold: ['image:buffer!', 'width:number', 'height:number', 'level:number'],
  boxBlur: ['image:buffer!', 'width:number', 'height:number', 'radius:number', 'output:buffer?!'],
  sobel: ['image:buffer', 'width:number', 'height:number', 'output:buffer!'],
  convolve: ['image:buffer', 'width:number', 'height:number', 'kernel:buffer', 'output:buffer!'],
  sharpen: ['image:buffer!', 'width:number', 'height:number', 'sigma:number', 'amount:number', 'output:buffer?!'],
  gaussianBlurF32: ['image:buffer!', 'width:number', 'height:number', 'sigma:number', 'output:buffer?!'],
  boxBlurF32: ['image:buffer!', 'width:number', 'height:number', 'radius:number', 'output:buffer?!'],
  convolveF32: ['image:buffer', 'width:number', 'height:number', 'kernel:buffer', 'output:buffer!'],
  sobelF32: ['image:buffer', 'width:number', 'height:number', 'output:buffer!'],
  resize: ['image:buffer', 'width:number', 'height:number', 'output:buffer!', 'outWidth:number', 'outHeight:number', 'filter:string?'],
  rotate90: ['image:buffer', 'width:number', 'height:number', 'output:buffer!'],
  flip: ['image:buffer!', 'width:number', 'height:number', 'direction:string'],
  minMax: ['xs:buffer'],
  norm: ['xs:buffer'],
  prefixSum: ['xs:buffer!'],
  histogramValues: ['xs:buffer', 'bins:number', 'min:number', 'max:number'],
  sort: ['xs:buffer!'],
  matmul: ['a:buffer', 'b:buffer', 'c:buffer!', 'm:number', 'k:number', 'n:number'],
  transpose: ['src:buffer', 'dst:buffer!', 'rows:number', 'cols:number'],
  noop: [],
});

/** The whole Mandelbrot set; the default `region`. */
export const DEFAULT_REGION = Object.freeze({ xMin: -2.5, yMin: -1.25, xMax: 1, yMax: 1.25 });

/** Parses 'name:kind' into {name, kind, optional, writes}. */
export function parseParam(spec) {
  const [name, kind] = spec.split(':');
  return {
    name,
    kind: kind.replace(/[?!]/g, ''),
    optional: kind.includes('?'),
    writes: kind.includes('!'),
  };
}

/**
 * A call's arguments as the wasm export takes them, flat: each buffer by its handle (from
 * `handles`, or `temps` for a pipeline's temporaries), each region as four numbers.
 * `specs` is the kernel's parameter list, `args` the checked arguments of a call message.
 */
export function wasmArgs(specs, args, handles, temps = []) {
  const flat = [];
  paramsOf(specs).forEach((p, i) => {
    const arg = args[i];
    if (p.kind === 'buffer') flat.push(arg === undefined ? undefined : arg.temp !== undefined ? temps[arg.temp] : handles[arg.buffer]);
    else if (p.kind === 'region') {
      const r = arg ?? DEFAULT_REGION;
      flat.push(r.xMin, r.yMin, r.xMax, r.yMax);
    } else flat.push(arg);
  });
  return flat;
}

const parsed = new WeakMap();

/** A kernel's parameter list, parsed once (every call reads it: parsing it each time cost microseconds). */
export function paramsOf(specs) {
  if (!parsed.has(specs)) parsed.set(specs, specs.map(parseParam));
  return parsed.get(specs);
}

/** Typed-array class per element type. */
export const ARRAY_TYPES = Object.freeze({
  u8: Uint8Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
});
