//! The native baseline of the benchmark's threads scenario: the same kernel code, the same
//! inputs and sizes (`www/bench/sizes.json`), at 1…N threads, printed as JSON rows in the
//! runner's format. Run by `bench/run.mjs` in the same run as the browser.
//!
//!     cargo run --release --example native_bench -- --size quick

use serde_json::{Value, json};
use std::time::Instant;
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

/// Warm-up, then `samples` timed runs; the row's timing fields.
fn measure(samples: usize, mut run: impl FnMut()) -> Value {
    run();
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    let median = if times.len() % 2 == 1 { times[mid] } else { (times[mid - 1] + times[mid]) / 2.0 };
    json!({ "median_ms": median, "min_ms": times[0], "max_ms": times[times.len() - 1], "samples": times.len() })
}

fn row(kernel: &str, threads: usize, elements: usize, bytes: usize, timing: Value, checksum: String) -> Value {
    let mut r = json!({ "scenario": "threads", "kernel": kernel, "variant": "native", "threads": threads,
        "elements": elements, "bytes": bytes, "checksum": checksum });
    r.as_object_mut().unwrap().extend(timing.as_object().unwrap().clone());
    r
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let size = args.iter().position(|a| a == "--size").map_or("quick", |i| args[i + 1].as_str());
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/bench/sizes.json")).expect("sizes.json");
    let sizes: Value = serde_json::from_str(&text).expect("valid JSON");
    let s = &sizes[size];
    let n = |v: &Value| v.as_u64().expect("a whole number") as usize;
    let samples = n(&s["samples"]);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());

    let (mw, mh, iters) = (n(&s["mandelbrot"]["width"]), n(&s["mandelbrot"]["height"]), n(&s["mandelbrot"]["maxIter"]) as u32);
    let (bw, bh) = (n(&s["gaussian_blur"]["width"]), n(&s["gaussian_blur"]["height"]));
    let sigma = s["gaussian_blur"]["sigma"].as_f64().unwrap() as f32;
    let len = n(&s["sum"]["length"]);

    let src: Vec<u8> = (0..bw * bh * 4).map(image_byte).collect();
    let xs: Vec<f32> = (0..len).map(small_whole).collect();
    let mut rows = Vec::new();
    for threads in 1..=cores {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        pool.install(|| {
            let mut out = vec![0u8; mw * mh];
            let t = measure(samples, || numeric::mandelbrot_par(&mut out, mw, mh, iters, numeric::Region::default()));
            rows.push(row("mandelbrot", threads, mw * mh, mw * mh, t, fnv1a(&out)));

            let mut dst = vec![0u8; src.len()];
            let mut scratch = vec![0f32; src.len()];
            let t = measure(samples, || image::gaussian_blur_par(&src, &mut dst, &mut scratch, bw, bh, sigma));
            rows.push(row("gaussian_blur", threads, bw * bh, src.len(), t, fnv1a(&dst)));

            let mut total = 0.0;
            let t = measure(samples, || total = numeric::sum_par(std::hint::black_box(&xs)));
            rows.push(row("sum", threads, len, len * 4, t, total.to_string()));
        });
    }
    println!("{}", serde_json::to_string_pretty(&rows).unwrap());
}
