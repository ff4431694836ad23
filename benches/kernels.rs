//! Native criterion benchmarks, sequential against parallel, for the kernels the browser
//! benchmark measures (`cargo bench`). The browser-vs-native comparison itself is
//! `make bench`; these are for working on a kernel natively.

#![forbid(unsafe_code)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wasmpar::kernels::Run;
use wasmpar::kernels::{image, numeric};

const W: usize = 1920;
const H: usize = 1080;

fn image_input() -> Vec<u8> {
    (0..W * H * 4).map(|i| (i * 31 + (i >> 8) * 17 + 1) as u8).collect()
}

fn image_kernels(c: &mut Criterion) {
    let src = image_input();
    let mut dst = vec![0u8; src.len()];
    let mut scratch = vec![0f32; src.len()];
    let mut sums = vec![0u32; src.len()];
    let weights: Vec<f32> = (0..25).map(|i| (((i % 7) as f64 - 3.0) / 25.0) as f32).collect();
    let mut padded = vec![0f32; image::convolve_padded_len(W, H, 5)];
    let mut g = c.benchmark_group("image 1920x1080");
    g.sample_size(10);
    g.bench_function("gaussian_blur σ4 sequential", |b| {
        b.iter(|| {
            image::gaussian_blur(
                image::Rgba::new(black_box(&src), W, H).unwrap(),
                image::RgbaMut::new(&mut dst, W, H).unwrap(),
                &mut scratch,
                4.0,
                Run::SEQUENTIAL,
            )
        })
    });
    g.bench_function("gaussian_blur σ4 parallel", |b| {
        b.iter(|| {
            image::gaussian_blur(
                image::Rgba::new(black_box(&src), W, H).unwrap(),
                image::RgbaMut::new(&mut dst, W, H).unwrap(),
                &mut scratch,
                4.0,
                Run::PARALLEL,
            )
        })
    });
    for parallel in [false, true] {
        let name = if parallel { "parallel" } else { "sequential" };
        g.bench_function(format!("box_blur r4 {name}"), |b| {
            b.iter(|| {
                image::box_blur(
                    image::Rgba::new(black_box(&src), W, H).unwrap(),
                    image::RgbaMut::new(&mut dst, W, H).unwrap(),
                    &mut sums,
                    4,
                    Run::parallel(parallel),
                )
            })
        });
        g.bench_function(format!("convolve 5x5 {name}"), |b| {
            b.iter(|| {
                image::convolve(
                    image::Rgba::new(black_box(&src), W, H).unwrap(),
                    image::RgbaMut::new(&mut dst, W, H).unwrap(),
                    &mut padded,
                    &weights,
                    5,
                    Run::parallel(parallel),
                )
            })
        });
    }
    g.finish();
}

fn numeric_kernels(c: &mut Criterion) {
    let n = 256;
    let a: Vec<f32> = (0..n * n).map(|i| (i % 101) as f32).collect();
    let mut out = vec![0f32; n * n];
    let xs: Vec<f32> = (0..1 << 24).map(|i| (i % 101) as f32).collect();
    let mut escapes = vec![0u8; 800 * 600];
    let mut g = c.benchmark_group("numeric");
    g.sample_size(10);
    g.bench_function("matmul 256 sequential", |b| b.iter(|| numeric::matmul(black_box(&a), &a, &mut out, n, n, n, Run::SEQUENTIAL)));
    g.bench_function("matmul 256 parallel", |b| b.iter(|| numeric::matmul(black_box(&a), &a, &mut out, n, n, n, Run::PARALLEL)));
    g.bench_function("sum 16M f32 sequential", |b| b.iter(|| numeric::sum(black_box(&xs), Run::SEQUENTIAL)));
    g.bench_function("sum 16M f32 parallel", |b| b.iter(|| numeric::sum(black_box(&xs), Run::PARALLEL)));
    let region = numeric::Region::default();
    g.bench_function("mandelbrot 800x600 sequential", |b| {
        b.iter(|| numeric::mandelbrot(&mut escapes, 800, 600, 200, region, Run::SEQUENTIAL))
    });
    g.bench_function("mandelbrot 800x600 parallel", |b| b.iter(|| numeric::mandelbrot(&mut escapes, 800, 600, 200, region, Run::PARALLEL)));
    g.finish();
}

criterion_group!(benches, image_kernels, numeric_kernels);
criterion_main!(benches);
