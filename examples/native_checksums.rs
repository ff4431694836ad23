//! Runs every case of `tests/cases.json` natively through the same boundary operations the
//! wasm exports call, and prints `{ "case name": "checksum" }` as JSON. The browser tests
//! run the same cases through the engine and must print the same checksums.

#![forbid(unsafe_code)]

use serde_json::{Map, Value};
use wasmpar::boundary::{self, Buffer, Registry};

/// Float input `seed` of `length` elements, as the browser tests make it.
fn float_input(i: usize, seed: usize) -> f64 {
    ((i * 7919 + seed * 104_729) % 1000) as f64 / 1000.0 - 0.5
}

/// RGBA byte `i` of image `seed`.
fn byte_input(i: usize, seed: usize) -> u8 {
    (i * 31 + (i >> 8) * 17 + seed) as u8
}

/// 32-bit FNV-1a over bytes, as hex.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    format!("fnv:{h:08x}")
}

fn f64_bits(v: f64) -> String {
    format!("f64:{:016x}", v.to_bits())
}

fn buffer_checksum(buf: &Buffer) -> String {
    match buf {
        Buffer::U8(v) => fnv1a(v.iter().copied()),
        Buffer::U32(v) => fnv1a(v.iter().flat_map(|x| x.to_le_bytes())),
        Buffer::I32(v) => fnv1a(v.iter().flat_map(|x| x.to_le_bytes())),
        Buffer::F32(v) => fnv1a(v.iter().flat_map(|x| x.to_le_bytes())),
        Buffer::F64(v) => fnv1a(v.iter().flat_map(|x| x.to_le_bytes())),
    }
}

fn filled(reg: &mut Registry, ty: &str, length: usize, seed: usize) -> u32 {
    let (h, _) = boundary::alloc(reg, ty, length as f64).expect("alloc");
    match reg.get_mut("input", h).expect("buffer") {
        Buffer::U8(v) => v.iter_mut().enumerate().for_each(|(i, x)| *x = byte_input(i, seed)),
        Buffer::F32(v) => v.iter_mut().enumerate().for_each(|(i, x)| *x = float_input(i, seed) as f32),
        Buffer::F64(v) => v.iter_mut().enumerate().for_each(|(i, x)| *x = float_input(i, seed)),
        Buffer::I32(v) => v.iter_mut().enumerate().for_each(|(i, x)| *x = (i * 7919 % 2001) as i32 - 1000),
        // Spread over all 32 bits, so values above i32::MAX test unsigned order.
        Buffer::U32(v) => v.iter_mut().enumerate().for_each(|(i, x)| *x = (i as u32).wrapping_mul(2_654_435_761)),
    }
    h
}

/// An f32 buffer holding `values`.
fn literal(reg: &mut Registry, ty: &str, values: &[Value]) -> u32 {
    assert_eq!(ty, "f32", "literal buffers are f32");
    let (h, _) = boundary::alloc(reg, ty, values.len() as f64).expect("alloc");
    if let Buffer::F32(v) = reg.get_mut("input", h).expect("buffer") {
        v.iter_mut().zip(values).for_each(|(x, value)| *x = value.as_f64().unwrap() as f32);
    }
    h
}

/// A generic case: buffers from `buffers`, `$name` arguments, the `check` buffer or result.
fn run_generic(case: &Value) -> String {
    let mut reg = Registry::new();
    let mut handles = std::collections::HashMap::new();
    for (name, spec) in case["buffers"].as_object().expect("buffers") {
        let (ty, len) = (spec[0].as_str().unwrap(), spec[1].as_u64().unwrap() as usize);
        let h = match spec[2].as_array() {
            // Literal values (a convolution kernel, say) instead of a seed.
            Some(values) => literal(&mut reg, ty, values),
            None => filled(&mut reg, ty, len, spec[2].as_u64().unwrap() as usize),
        };
        handles.insert(name.clone(), h);
    }
    let args = case["args"].as_array().expect("args");
    let b = |i: usize| handles[&args[i].as_str().unwrap()[1..]];
    let n = |i: usize| args[i].as_f64().unwrap();
    let s = |i: usize| args[i].as_str().unwrap();
    let opt = |i: usize| args.get(i).map(|_| b(i));
    let r = &mut reg;
    let result: Option<String> = match case["kernel"].as_str().unwrap() {
        "brightnessContrast" => boundary::brightness_contrast(r, b(0), n(1), n(2), n(3), n(4)).map(|_| None),
        "threshold" => boundary::threshold(r, b(0), n(1), n(2), n(3)).map(|_| None),
        "boxBlur" => boundary::box_blur(r, b(0), n(1), n(2), n(3), opt(4)).map(|_| None),
        "grayscalePlane" => boundary::grayscale_plane(r, b(0), n(1), n(2), b(3)).map(|_| None),
        "sobel" => boundary::sobel(r, b(0), n(1), n(2), b(3)).map(|_| None),
        "convolve" => boundary::convolve(r, b(0), n(1), n(2), b(3), b(4)).map(|_| None),
        "sharpen" => boundary::sharpen(r, b(0), n(1), n(2), n(3), n(4), opt(5)).map(|_| None),
        "gaussianBlurF32" => boundary::gaussian_blur_f32(r, b(0), n(1), n(2), n(3), opt(4)).map(|_| None),
        "boxBlurF32" => boundary::box_blur_f32(r, b(0), n(1), n(2), n(3), opt(4)).map(|_| None),
        "convolveF32" => boundary::convolve_f32(r, b(0), n(1), n(2), b(3), b(4)).map(|_| None),
        "sobelF32" => boundary::sobel_f32(r, b(0), n(1), n(2), b(3)).map(|_| None),
        "resize" => boundary::resize(r, b(0), n(1), n(2), b(3), n(4), n(5), args.get(6).and_then(|a| a.as_str())).map(|_| None),
        "rotate90" => boundary::rotate90(r, b(0), n(1), n(2), b(3)).map(|_| None),
        "flip" => boundary::flip(r, b(0), n(1), n(2), s(3)).map(|_| None),
        "minMax" => boundary::min_max(r, b(0))
            .map(|m| Some(m.map_or("null".into(), |m| format!("{}|{}|{}|{}", f64_bits(m.min), f64_bits(m.max), m.min_index, m.max_index)))),
        "sum" => boundary::sum(r, b(0)).map(|v| Some(f64_bits(v))),
        "norm" => boundary::norm(r, b(0)).map(|v| Some(f64_bits(v))),
        "prefixSum" => boundary::prefix_sum(r, b(0)).map(|_| None),
        "histogramValues" => {
            boundary::histogram_values(r, b(0), n(1), n(2), n(3)).map(|bins| Some(fnv1a(bins.iter().flat_map(|x| x.to_le_bytes()))))
        }
        "sort" => boundary::sort(r, b(0)).map(|_| None),
        "matmul" => boundary::matmul(r, b(0), b(1), b(2), n(3), n(4), n(5)).map(|_| None),
        "transpose" => boundary::transpose(r, b(0), b(1), n(2), n(3)).map(|_| None),
        other => panic!("unknown kernel {other}"),
    }
    .unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
    match case["check"].as_str().unwrap() {
        "result" => result.expect("a result"),
        name => buffer_checksum(reg.get("check", handles[name]).unwrap()),
    }
}

fn run(case: &Value) -> String {
    if case.get("args").is_some() {
        return run_generic(case);
    }
    let num = |k: &str| case[k].as_f64().unwrap_or_else(|| panic!("{k} in {case}"));
    let ty = case["type"].as_str().unwrap_or("u8");
    let mut reg = Registry::new();
    let image_len = || (num("width") * num("height") * 4.0) as usize;
    match case["kernel"].as_str().expect("kernel") {
        "sum" => {
            let xs = filled(&mut reg, ty, num("length") as usize, 1);
            f64_bits(boundary::sum(&mut reg, xs).unwrap())
        }
        "dot" => {
            let a = filled(&mut reg, ty, num("length") as usize, 1);
            let b = filled(&mut reg, ty, num("length") as usize, 2);
            f64_bits(boundary::dot(&mut reg, a, b).unwrap())
        }
        "axpy" => {
            let x = filled(&mut reg, ty, num("length") as usize, 1);
            let y = filled(&mut reg, ty, num("length") as usize, 2);
            boundary::axpy(&mut reg, num("alpha"), x, y).unwrap();
            buffer_checksum(reg.get("y", y).unwrap())
        }
        "scale" => {
            let xs = filled(&mut reg, ty, num("length") as usize, 1);
            boundary::scale(&mut reg, xs, num("alpha")).unwrap();
            buffer_checksum(reg.get("xs", xs).unwrap())
        }
        kernel @ ("grayscale" | "invert") => {
            let img = filled(&mut reg, "u8", image_len(), 1);
            let op = if kernel == "grayscale" { boundary::grayscale } else { boundary::invert };
            op(&mut reg, img, num("width"), num("height")).unwrap();
            buffer_checksum(reg.get("image", img).unwrap())
        }
        "gaussianBlur" => {
            let img = filled(&mut reg, "u8", image_len(), 1);
            let out = case["output"].as_bool().unwrap_or(false).then(|| filled(&mut reg, "u8", image_len(), 0));
            boundary::gaussian_blur(&mut reg, img, num("width"), num("height"), num("sigma"), out).unwrap();
            buffer_checksum(reg.get("result", out.unwrap_or(img)).unwrap())
        }
        "histogram" => {
            let img = filled(&mut reg, "u8", image_len(), 1);
            let bins = boundary::histogram(&mut reg, img, num("width"), num("height")).unwrap();
            fnv1a(bins.iter().flat_map(|x| x.to_le_bytes()))
        }
        "mandelbrot" => {
            let out = filled(&mut reg, "u8", (num("width") * num("height")) as usize, 0);
            let r = [-2.5, -1.25, 1.0, 1.25];
            boundary::mandelbrot(&mut reg, out, num("width"), num("height"), num("maxIter"), r).unwrap();
            buffer_checksum(reg.get("output", out).unwrap())
        }
        other => panic!("unknown kernel {other}"),
    }
}

fn main() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases.json")).expect("tests/cases.json");
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    let mut out = Map::new();
    for case in doc["cases"].as_array().expect("cases") {
        out.insert(case["name"].as_str().expect("name").to_string(), Value::String(run(case)));
    }
    println!("{}", serde_json::to_string_pretty(&Value::Object(out)).unwrap());
}
