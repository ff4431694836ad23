//! The bad-input table (`tests/bad-input.json`) natively: each case, run through
//! `boundary::call` as the engine would run it, is refused with the class and message the
//! browser test expects, leaves every buffer as it was, and the registry keeps working.

#![forbid(unsafe_code)]

#[path = "support/json_args.rs"]
mod json_args;

use json_args::{arg, flatten};
use regex::Regex;
use serde_json::Value as Json;
use std::collections::HashMap;
use wasmpar::boundary::{self, Arg, Buffer, ErrorKind, Registry};

fn fill(reg: &mut Registry, handle: u32, nan: &[usize]) {
    let v = |i: usize| ((i * 37) % 101) as f64;
    match reg.get_mut("buffer", handle).unwrap() {
        Buffer::U8(b) => b.iter_mut().enumerate().for_each(|(i, x)| *x = v(i) as u8),
        Buffer::U32(b) => b.iter_mut().enumerate().for_each(|(i, x)| *x = v(i) as u32),
        Buffer::I32(b) => b.iter_mut().enumerate().for_each(|(i, x)| *x = v(i) as i32),
        Buffer::F32(b) => b.iter_mut().enumerate().for_each(|(i, x)| *x = if nan.contains(&i) { f32::NAN } else { v(i) as f32 }),
        Buffer::F64(b) => b.iter_mut().enumerate().for_each(|(i, x)| *x = if nan.contains(&i) { f64::NAN } else { v(i) }),
    }
}

fn bytes(buf: &Buffer) -> Vec<u8> {
    match buf {
        Buffer::U8(b) => b.clone(),
        Buffer::U32(b) => bytemuck::cast_slice(b).to_vec(),
        Buffer::I32(b) => bytemuck::cast_slice(b).to_vec(),
        Buffer::F32(b) => bytemuck::cast_slice(b).to_vec(),
        Buffer::F64(b) => bytemuck::cast_slice(b).to_vec(),
    }
}

#[test]
fn every_shared_bad_input_is_refused_natively_as_in_the_browser() {
    let table: Json = serde_json::from_str(include_str!("bad-input.json")).unwrap();
    let mut reg = Registry::new();
    let mut handles = HashMap::new();
    for (name, spec) in table["buffers"].as_object().unwrap() {
        let (ty, len) = (spec[0].as_str().unwrap(), spec[1].as_f64().unwrap());
        let (h, _) = boundary::alloc(&mut reg, ty, len).unwrap();
        let nan: Vec<usize> =
            spec.get(2).map_or(vec![], |o| o["nan"].as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as usize).collect());
        fill(&mut reg, h, &nan);
        handles.insert(name.clone(), h);
    }
    let snapshot = |reg: &Registry| handles.values().map(|&h| bytes(reg.get("buffer", h).unwrap())).collect::<Vec<_>>();
    let sum = |reg: &mut Registry| boundary::call(reg, "sum", &[Arg::Buffer(handles["f32"])]).unwrap();
    let (before, expected_sum) = (snapshot(&reg), sum(&mut reg));
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for case in cases {
        let (what, kernel, args) = (case["what"].as_str().unwrap(), case["kernel"].as_str().unwrap(), case["args"].as_array().unwrap());
        let result = if kernel == "alloc" {
            let length = match arg(&args[1], &handles) {
                Arg::Number(n) => n,
                other => panic!("{what}: length {other:?}"),
            };
            boundary::alloc(&mut reg, args[0].as_str().unwrap(), length).map(drop)
        } else {
            boundary::call(&mut reg, kernel, &flatten(kernel, args, &handles)).map(drop)
        };
        let error = result.expect_err(what);
        let class = match error.kind() {
            ErrorKind::Range => "RangeError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Other => "Error",
        };
        assert_eq!(class, case["error"].as_str().unwrap(), "{what}: {}", error.message());
        let pattern = Regex::new(case["message"].as_str().unwrap()).unwrap();
        assert!(pattern.is_match(error.message()), "{what}: {:?} does not match /{pattern}/", error.message());
        assert!(snapshot(&reg) == before, "{what}: a buffer changed");
        assert_eq!(sum(&mut reg), expected_sum, "{what}: the registry answers right afterwards");
    }
}
