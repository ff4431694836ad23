//! JSON arguments (tests/cases.json, tests/bad-input.json) as `boundary::call` takes them, one
//! per parameter of the wasm export: `"$name"` a buffer by name, `"#NaN"` a special number,
//! a region object (or none) its four numbers, as the engine worker flattens it. Shared by
//! tests/bad_input.rs and examples/native_checksums.rs.

use serde_json::Value as Json;
use std::collections::HashMap;
use wasmpar::boundary::{Arg, KERNELS};
use wasmpar::kernels::numeric::Region;

/// One argument.
pub fn arg(value: &Json, handles: &HashMap<String, u32>) -> Arg {
    match value {
        Json::String(s) if s.starts_with('$') => Arg::Buffer(*handles.get(&s[1..]).unwrap_or_else(|| panic!("no buffer {s}"))),
        Json::String(s) if s.starts_with('#') => Arg::Number(s[1..].parse().unwrap()),
        Json::String(s) => Arg::Str(s.clone()),
        Json::Number(n) => Arg::Number(n.as_f64().unwrap()),
        other => panic!("no argument form for {other}"),
    }
}

/// The arguments of `kernel`, flattened as the wasm export takes them.
pub fn flatten(kernel: &str, args: &[Json], handles: &HashMap<String, u32>) -> Vec<Arg> {
    let specs = KERNELS.iter().find(|(name, _)| *name == kernel).unwrap_or_else(|| panic!("no kernel {kernel}")).1;
    let mut flat = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        match (spec.ends_with(":region?"), args.get(i)) {
            (true, Some(Json::Object(r))) => flat.extend(["xMin", "yMin", "xMax", "yMax"].map(|k| Arg::Number(r[k].as_f64().unwrap()))),
            (true, _) => {
                let d = Region::default();
                flat.extend([d.x_min, d.y_min, d.x_max, d.y_max].map(Arg::Number));
            }
            (false, Some(a)) => flat.push(arg(a, handles)),
            (false, None) => flat.push(Arg::Missing),
        }
    }
    flat
}
