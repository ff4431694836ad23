//! Runs every case of `tests/cases.json` natively through `boundary::call`, the same
//! operations the wasm exports call, and prints `{ "case name": "checksum" }` as JSON. The
//! browser and Node tests run the same cases through the engine and must print the same
//! checksums. No kernel is named here: a new kernel needs only its cases.

#![forbid(unsafe_code)]

#[path = "../tests/support/json_args.rs"]
mod json_args;

use serde_json::{Map, Value};
use std::collections::HashMap;
use wasmpar::boundary::{self, Buffer, Registry, Value as Returned};

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

/// A case: buffers from `buffers`, the kernel on `args`, the `check` buffer's or the result's checksum.
fn run(case: &Value) -> String {
    let mut reg = Registry::new();
    let mut handles = HashMap::new();
    for (name, spec) in case["buffers"].as_object().expect("buffers") {
        let (ty, len) = (spec[0].as_str().unwrap(), spec[1].as_u64().unwrap() as usize);
        let h = match spec[2].as_array() {
            // Literal values (a convolution kernel, say) instead of a seed.
            Some(values) => literal(&mut reg, ty, values),
            None => filled(&mut reg, ty, len, spec[2].as_u64().unwrap() as usize),
        };
        handles.insert(name.clone(), h);
    }
    let kernel = case["kernel"].as_str().unwrap();
    let args = json_args::flatten(kernel, case["args"].as_array().expect("args"), &handles);
    let result = boundary::call(&mut reg, kernel, &args).unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
    match case["check"].as_str().unwrap() {
        "result" => match result {
            Returned::Number(v) => f64_bits(v),
            Returned::Counts(bins) => fnv1a(bins.iter().flat_map(|x| x.to_le_bytes())),
            Returned::MinMax(None) => "null".into(),
            Returned::MinMax(Some(m)) => format!("{}|{}|{}|{}", f64_bits(m.min), f64_bits(m.max), m.min_index, m.max_index),
            Returned::Unit => panic!("{}: the kernel returns nothing to check", case["name"]),
        },
        name => buffer_checksum(reg.get("check", handles[name]).unwrap()),
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
