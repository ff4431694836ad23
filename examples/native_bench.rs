//! The native baseline of the benchmark's threads scenario: the same kernel code, the same
//! inputs and sizes (`www/bench/sizes.json`), at 1…N threads, printed as JSON rows in the
//! runner's format. Run by `bench/run.mjs` in the same run as the browser.
//!
//!     cargo run --release --example native_bench -- --size quick [--variant native-cpu]
//!
//! `bench/run.mjs` runs it twice: built for the x86-64 baseline (SSE2: the fair 128-bit
//! comparison with wasm's simd128), and with `-C target-cpu=native` (what a native user
//! gets), whose rows it names `native-cpu`.

#![forbid(unsafe_code)]

use serde_json::{Value, json};
use std::time::Instant;
use wasmpar::kernels::Run;
use wasmpar::kernels::{image, numeric};

fn image_byte(i: usize) -> u8 {
    (i * 31 + (i >> 8) * 17 + 1) as u8
}

fn small_whole(i: usize) -> f32 {
    ((i * 7919) % 101) as f32
}

fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    format!("fnv:{h:08x}")
}

/// Times `run` in each of `pools` (one per thread count) back to back, a warm-up and
/// `samples` runs each, as the browser side does, so the speedups compare runs made close
/// together on a noisy machine. `setup` runs untimed before each run. One timing per pool.
fn measure_pools<S: FnMut(), R: FnMut() + Send>(pools: &[rayon::ThreadPool], samples: usize, mut setup: S, mut run: R) -> Vec<Value> {
    pools
        .iter()
        .map(|pool| {
            setup();
            pool.install(&mut run);
            let times = (0..samples)
                .map(|_| {
                    setup();
                    let start = Instant::now();
                    pool.install(&mut run);
                    start.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            summarize(times)
        })
        .collect()
}

fn summarize(mut times: Vec<f64>) -> Value {
    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    let median = if times.len() % 2 == 1 { times[mid] } else { (times[mid - 1] + times[mid]) / 2.0 };
    json!({ "median_ms": median, "min_ms": times[0], "max_ms": times[times.len() - 1], "samples": times.len() })
}

fn row(kernel: &str, threads: usize, elements: usize, bytes: usize, timing: Value, checksum: String) -> Value {
    let variant = VARIANT.get().map_or("native", String::as_str);
    let mut r = json!({ "scenario": "threads", "kernel": kernel, "variant": variant, "threads": threads,
        "elements": elements, "bytes": bytes, "checksum": checksum });
    r.as_object_mut().unwrap().extend(timing.as_object().unwrap().clone());
    r
}

fn image(w: usize, h: usize) -> Vec<u8> {
    (0..w * h * 4).map(image_byte).collect()
}

fn whole(n: usize) -> Vec<f32> {
    (0..n).map(small_whole).collect()
}

fn bytes_of(xs: &[f32]) -> Vec<u8> {
    xs.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The rows' variant name (`--variant`, default `native`).
static VARIANT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let size = args.iter().position(|a| a == "--size").map_or("quick", |i| args[i + 1].as_str());
    if let Some(i) = args.iter().position(|a| a == "--variant") {
        VARIANT.set(args[i + 1].clone()).expect("set once");
    }
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/bench/sizes.json")).expect("sizes.json");
    let sizes: Value = serde_json::from_str(&text).expect("valid JSON");
    let s = &sizes[size];
    let n = |v: &Value| v.as_u64().expect("a whole number") as usize;
    let samples = n(&s["threadSamples"]);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());

    let (mw, mh, iters) = (n(&s["mandelbrot"]["width"]), n(&s["mandelbrot"]["height"]), n(&s["mandelbrot"]["maxIter"]) as u32);
    let (gw, gh) = (n(&s["gaussian_blur"]["width"]), n(&s["gaussian_blur"]["height"]));
    let sigma = s["gaussian_blur"]["sigma"].as_f64().unwrap() as f32;
    let (bw, bh, radius) = (n(&s["box_blur"]["width"]), n(&s["box_blur"]["height"]), n(&s["box_blur"]["radius"]));
    let (cw, ch, ksize) = (n(&s["convolve"]["width"]), n(&s["convolve"]["height"]), n(&s["convolve"]["size"]));
    let (yw, yh) = (n(&s["grayscale"]["width"]), n(&s["grayscale"]["height"]));
    let mm = n(&s["matmul"]["n"]);
    let sum_len = n(&s["sum"]["length"]);
    let axpy_len = n(&s["axpy"]["length"]);

    // The same inputs as www/bench/compute-kernels.js.
    let gsrc = image(gw, gh);
    let bsrc = image(bw, bh);
    let csrc = image(cw, ch);
    let weights: Vec<f32> = (0..ksize * ksize).map(|i| (((i % 7) as f64 - 3.0) / 25.0) as f32).collect();
    let gray0 = image(yw, yh);
    let (ma, mb) = (whole(mm * mm), whole(mm * mm));
    let xs = whole(sum_len);
    let (ax, ay0) = (whole(axpy_len), whole(axpy_len));

    let pools: Vec<rayon::ThreadPool> =
        (1..=cores).map(|t| rayon::ThreadPoolBuilder::new().num_threads(t).build().expect("pool")).collect();
    let mut kernels: Vec<(&str, usize, usize, Vec<Value>, String)> = Vec::new();
    let none = || {};

    let mut out = vec![0u8; mw * mh];
    let t =
        measure_pools(&pools, samples, none, || numeric::mandelbrot(&mut out, mw, mh, iters, numeric::Region::default(), Run::PARALLEL));
    kernels.push(("mandelbrot", mw * mh, mw * mh, t, fnv1a(&out)));

    let mut dst = vec![0u8; gsrc.len()];
    let mut scratch = vec![0f32; gsrc.len()];
    let t = measure_pools(&pools, samples, none, || {
        image::gaussian_blur(
            image::Rgba::new(&gsrc, gw, gh).unwrap(),
            image::RgbaMut::new(&mut dst, gw, gh).unwrap(),
            &mut scratch,
            sigma,
            Run::PARALLEL,
        )
    });
    kernels.push(("gaussian_blur", gw * gh, gsrc.len(), t, fnv1a(&dst)));

    let mut dst = vec![0u8; bsrc.len()];
    let mut sums = vec![0u32; bsrc.len()];
    let t = measure_pools(&pools, samples, none, || {
        image::box_blur(
            image::Rgba::new(&bsrc, bw, bh).unwrap(),
            image::RgbaMut::new(&mut dst, bw, bh).unwrap(),
            &mut sums,
            radius,
            Run::PARALLEL,
        )
    });
    kernels.push(("box_blur", bw * bh, bsrc.len(), t, fnv1a(&dst)));

    let mut dst = vec![0u8; csrc.len()];
    let mut padded = vec![0f32; image::convolve_padded_len(cw, ch, ksize)];
    let t = measure_pools(&pools, samples, none, || {
        image::convolve(
            image::Rgba::new(&csrc, cw, ch).unwrap(),
            image::RgbaMut::new(&mut dst, cw, ch).unwrap(),
            &mut padded,
            &weights,
            ksize,
            Run::PARALLEL,
        )
    });
    kernels.push(("convolve", cw * ch, csrc.len(), t, fnv1a(&dst)));

    let gray = std::sync::Mutex::new(gray0.clone());
    let reset = || gray.lock().unwrap().copy_from_slice(&gray0);
    let t = measure_pools(&pools, samples, reset, || image::grayscale(&mut gray.lock().unwrap(), Run::PARALLEL));
    let gray = gray.into_inner().unwrap();
    kernels.push(("grayscale", yw * yh, gray.len(), t, fnv1a(&gray)));

    let mut c = vec![0f32; mm * mm];
    let t = measure_pools(&pools, samples, none, || numeric::matmul(&ma, &mb, &mut c, mm, mm, mm, Run::PARALLEL));
    kernels.push(("matmul", mm * mm, 3 * mm * mm * 4, t, fnv1a(&bytes_of(&c))));

    let mut total = 0.0;
    let t = measure_pools(&pools, samples, none, || total = numeric::sum(std::hint::black_box(&xs), Run::PARALLEL));
    kernels.push(("sum", sum_len, sum_len * 4, t, total.to_string()));

    let ay = std::sync::Mutex::new(ay0.clone());
    let reset = || ay.lock().unwrap().copy_from_slice(&ay0);
    let t = measure_pools(&pools, samples, reset, || numeric::axpy(2.0, &ax, &mut ay.lock().unwrap(), Run::PARALLEL));
    let ay = ay.into_inner().unwrap();
    kernels.push(("axpy", axpy_len, 2 * axpy_len * 4, t, fnv1a(&bytes_of(&ay))));

    // Rows by thread count, then kernel, as before.
    let mut rows = Vec::new();
    for (i, _) in pools.iter().enumerate() {
        for (kernel, elements, bytes, timings, checksum) in &kernels {
            rows.push(row(kernel, i + 1, *elements, *bytes, timings[i].clone(), checksum.clone()));
        }
    }
    println!("{}", serde_json::to_string_pretty(&rows).unwrap());
}
