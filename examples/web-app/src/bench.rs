//! Hooks for the benchmark's pool comparison (bench/pools.mjs): a compute-bound kernel
//! (Mandelbrot) and a streaming one (the f32 sum) on wasm-bindgen-rayon's pool, beside the
//! same kernels and sizes through the npm engine. Not needed by an app of one's own.

use wasm_bindgen::prelude::*;
use wasmpar::kernels::Run;
use wasmpar::kernels::numeric::{self, Region};

/// The buffers the timed calls work on, allocated once.
#[wasm_bindgen]
pub struct Workload {
    image: Vec<u8>,
    width: usize,
    height: usize,
    xs: Vec<f32>,
}

#[wasm_bindgen]
impl Workload {
    /// A `width × height` Mandelbrot image and a copy of `xs` to sum.
    #[wasm_bindgen(constructor)]
    pub fn new(width: usize, height: usize, xs: &[f32]) -> Workload {
        Workload { image: vec![0; width * height], width, height, xs: xs.to_vec() }
    }

    /// The whole set into the image, `max_iter` iterations at most, in parallel.
    pub fn mandelbrot(&mut self, max_iter: u32) {
        numeric::mandelbrot(&mut self.image, self.width, self.height, max_iter, Region::default(), Run::PARALLEL);
    }

    /// FNV-1a of the image, to check it against the engine's.
    #[wasm_bindgen(js_name = imageChecksum)]
    pub fn image_checksum(&self) -> u32 {
        crate::fnv1a(&self.image)
    }

    /// The sum of `xs`, in parallel (the same bits on any thread count).
    pub fn sum(&self) -> f64 {
        numeric::sum(&self.xs, Run::PARALLEL)
    }
}
