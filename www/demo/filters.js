// The filters the demo's chain builder offers: each names a kernel, its parameters (with the
// kernel's own limits) and how it adds itself to a pipeline. In-place kernels work on the
// current image; the others write into the spare buffer, which then becomes the current one.

export const FILTERS = {
  grayscale: { label: 'Grayscale', params: [] },
  invert: { label: 'Invert', params: [] },
  brightnessContrast: {
    label: 'Brightness / contrast',
    params: [
      { name: 'brightness', value: 20, min: -255, max: 255, step: 1 },
      { name: 'contrast', value: 1.3, min: 0, max: 10, step: 0.05 },
    ],
  },
  threshold: { label: 'Threshold', params: [{ name: 'level', value: 128, min: 0, max: 255, step: 1 }] },
  gaussianBlur: { label: 'Gaussian blur', params: [{ name: 'sigma', value: 2, min: 0.1, max: 20, step: 0.1 }] },
  boxBlur: { label: 'Box blur', params: [{ name: 'radius', value: 4, min: 1, max: 100, step: 1 }] },
  sharpen: {
    label: 'Sharpen (unsharp mask)',
    params: [
      { name: 'sigma', value: 1.5, min: 0.1, max: 20, step: 0.1 },
      { name: 'amount', value: 1, min: 0, max: 10, step: 0.1 },
    ],
  },
  sobel: { label: 'Sobel edges', params: [], writesSpare: true },
  flip: { label: 'Flip', params: [{ name: 'direction', options: ['horizontal', 'vertical'] }] },
};

/** A step as the builder keeps it: a filter's name and its parameter values. */
export function newStep(name) {
  return { name, values: FILTERS[name].params.map((p) => p.value ?? p.options[0]) };
}

/**
 * A pipeline of `steps` over the images `a` and `b` (RGBA buffers of width × height; the
 * source is in `a`). Returns the pipeline and the buffer that will hold the result.
 */
export function buildChain(engine, steps, a, b, width, height) {
  const chain = engine.pipeline();
  let [current, spare] = [a, b];
  for (const { name, values } of steps) {
    if (FILTERS[name].writesSpare) {
      chain[name](current, width, height, ...values, spare);
      [current, spare] = [spare, current];
    } else {
      chain[name](current, width, height, ...values);
    }
  }
  return { chain, result: current };
}
