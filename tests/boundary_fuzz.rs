//! Property test of the boundary: random sequences of allocations, frees and calls of every
//! kernel in the declaration table (through `boundary::call`, so a new kernel is fuzzed with
//! no change here) and of the benchmark's raw operations, with random numbers (NaN,
//! infinities, negatives, fractions, huge values) on random buffers, never panic, whatever
//! they accept they handle in bounds, and every refusal but running out of memory starts
//! with the name of its argument. With `panic=abort` in wasm, a panic here would be a trap.

#![forbid(unsafe_code)]

use proptest::prelude::*;
use wasmpar::boundary::{self, Registry, bench_ops};

/// Numbers a caller might pass: small valid sizes, edge cases, and garbage.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (0u32..70).prop_map(f64::from),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(-1.0),
        1 => Just(0.5),
        1 => Just(2f64.powi(31)),
        1 => Just(2f64.powi(32) + 4.0),
        1 => Just(1e300),
        1 => -1e3f64..1e3,
    ]
}

/// An image side: mostly the small sizes `AllocImage` makes (1 to 3), so the kernels run too, and
/// sometimes any number.
fn dim() -> impl Strategy<Value = f64> {
    prop_oneof![3 => (1u32..4).prop_map(f64::from), 1 => number()]
}

fn type_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("u8"), Just("i32"), Just("f32"), Just("f64"), Just("u16"), Just("")]
}

#[derive(Debug, Clone)]
enum Op {
    Alloc(&'static str, f64),
    AllocImage(&'static str, u32, u32, u32),
    Free(u32),
    /// Any declared kernel (see [`DeclaredCall`]).
    Kernel(DeclaredCall),
    ScaleRange(u32, f64, f64),
    Transpose(u32, u32, f64, f64, bool),
    SumMatrix(u32, f64, f64, bool),
}

fn op() -> impl Strategy<Value = Op> {
    let h = 0u32..8;
    prop_oneof![
        12 => declared_call().prop_map(Op::Kernel),
        3 => (type_name(), prop_oneof![(0u32..5000).prop_map(f64::from), number()]).prop_map(|(t, n)| Op::Alloc(t, n)),
        4 => (prop_oneof![3 => Just("u8"), 2 => Just("f32"), 1 => type_name()], 1u32..4, 1u32..4, prop_oneof![Just(1u32), Just(4)])
            .prop_map(|(t, w, hh, c)| Op::AllocImage(t, w, hh, c)),
        1 => h.clone().prop_map(Op::Free),
        1 => (h.clone(), dim(), dim()).prop_map(|(b, s, c)| Op::ScaleRange(b, s, c)),
        1 => (h.clone(), h.clone(), number(), number(), any::<bool>()).prop_map(|(a, b, r, c, t)| Op::Transpose(a, b, r, c, t)),
        1 => (h.clone(), dim(), dim(), any::<bool>()).prop_map(|(b, r, c, t)| Op::SumMatrix(b, r, c, t)),
    ]
}

/// A buffer of `len` elements of `ty`, every element `fill`.
fn filled(reg: &mut Registry, ty: &'static str, len: f64, fill: f64) -> Result<u32, boundary::BoundaryError> {
    let (h, _) = boundary::alloc(reg, ty, len)?;
    if let Ok(boundary::Buffer::F32(v)) = reg.get_mut("weights", h) {
        v.fill(fill as f32);
    }
    Ok(h)
}

fn apply(reg: &mut Registry, op: &Op) -> Result<(), boundary::BoundaryError> {
    match op {
        Op::Alloc(t, n) => boundary::alloc(reg, t, *n).map(drop),
        Op::AllocImage(t, w, h, c) => boundary::alloc(reg, t, f64::from(w * h * c)).map(drop),
        Op::Free(h) => boundary::free(reg, *h),
        Op::Kernel(call) => {
            let args = call.arguments(reg);
            let result = boundary::call(reg, call.kernel, &args)?;
            if let ("histogram", boundary::Value::Counts(bins)) = (call.kernel, &result) {
                assert_eq!(bins.len(), 1024, "R, G, B and A × 256 bins");
            }
            Ok(())
        }
        Op::ScaleRange(b, s, c) => bench_ops::scale_range(reg, *b, *s, *c, 2.0),
        Op::Transpose(a, b, r, c, t) => bench_ops::transpose(reg, *a, *b, *r, *c, *t),
        Op::SumMatrix(b, r, c, t) => bench_ops::sum_matrix(reg, *b, *r, *c, *t).map(drop),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn random_calls_never_panic_and_errors_name_an_argument(ops in prop::collection::vec(op(), 1..24)) {
        let mut reg = Registry::new();
        for op in &ops {
            if let Err(e) = apply(&mut reg, op) {
                prop_assert!(e.message().len() < 300, "{}", e.message());
                names_its_argument(&e).map_err(|why| TestCaseError::fail(format!("{op:?}: {why}")))?;
            }
        }
    }
}

/// Every refusal but running out of memory names its argument first in its message.
fn names_its_argument(e: &boundary::BoundaryError) -> Result<(), String> {
    match e.argument() {
        Some(argument) if e.message().starts_with(argument) => Ok(()),
        Some(argument) => Err(format!("the message does not start with '{argument}': {}", e.message())),
        None if matches!(e, boundary::BoundaryError::OutOfMemory { .. }) => Ok(()),
        None => Err(format!("no argument named: {e:?}")),
    }
}

/// A call of any kernel in the declaration table (`boundary::KERNELS`, so a kernel added
/// there is fuzzed with no change here), its arguments drawn by their specs: buffers mostly
/// distinct ones of one layout at the image's size (`kernel` a weights buffer), else any
/// buffer or a stale handle; `width`/`height` and their like mostly that size, other numbers
/// anything; strings from the valid names and garbage; optionals sometimes left out.
#[derive(Debug, Clone)]
struct DeclaredCall {
    kernel: &'static str,
    size: (u32, u32),
    picks: Vec<(u8, f64)>,
}

/// The image layouts a declared call is drawn in: (type, elements per pixel).
const LAYOUTS: [(&str, f64); 5] = [("u8", 4.0), ("u8", 1.0), ("f32", 1.0), ("f32", 4.0), ("f64", 1.0)];
/// Buffers of each layout per call: an input and an output are different buffers.
const PER_LAYOUT: usize = 3;
const STRINGS: [&str; 7] = ["bilinear", "area", "lanczos3", "horizontal", "vertical", "", "diagonal"];

fn declared_call() -> impl Strategy<Value = DeclaredCall> {
    let kernel = prop::sample::select(boundary::KERNELS.iter().map(|(name, _)| *name).collect::<Vec<_>>());
    (kernel, 1u32..24, 1u32..24, prop::collection::vec((any::<u8>(), number()), 13)).prop_map(|(kernel, w, h, picks)| DeclaredCall {
        kernel,
        size: (w, h),
        picks,
    })
}

impl DeclaredCall {
    fn arguments(&self, reg: &mut Registry) -> Vec<boundary::Arg> {
        use boundary::Arg;
        let (w, h) = (f64::from(self.size.0), f64::from(self.size.1));
        let mut handles: Vec<u32> = LAYOUTS
            .iter()
            .flat_map(|&(ty, per_pixel)| [ty; PER_LAYOUT].map(|ty| (ty, w * h * per_pixel)))
            .map(|(ty, len)| filled(reg, ty, len, 0.5).unwrap())
            .collect();
        let weights = [9.0, 25.0].map(|n| filled(reg, "f32", n, 0.5).unwrap());
        handles.extend(weights);
        let layout = usize::from(self.picks[0].0) % LAYOUTS.len();
        let specs = boundary::KERNELS.iter().find(|(name, _)| *name == self.kernel).unwrap().1;
        let (mut args, mut buffers) = (Vec::new(), 0);
        for (spec, &(pick, number)) in specs.iter().zip(&self.picks[1..]) {
            let (name, kind) = spec.split_once(':').unwrap();
            if kind.contains('?') && pick % 5 == 0 {
                args.push(Arg::Missing);
                continue;
            }
            match kind.trim_end_matches(['?', '!']) {
                "buffer" if pick % 9 == 8 => args.push(Arg::Buffer(1000 + u32::from(pick))),
                // One of the sequence's earlier buffers, or one freed since.
                "buffer" if pick % 9 == 7 => args.push(Arg::Buffer(u32::from(pick) % 8)),
                "buffer" if pick % 4 == 0 => args.push(Arg::Buffer(handles[usize::from(pick) % handles.len()])),
                "buffer" if name == "kernel" => args.push(Arg::Buffer(weights[usize::from(pick) % 2])),
                "buffer" => {
                    args.push(Arg::Buffer(handles[layout * PER_LAYOUT + buffers % PER_LAYOUT]));
                    buffers += 1;
                }
                "number" if pick % 4 != 0 && matches!(name, "width" | "rows" | "m" | "outWidth") => args.push(Arg::Number(w)),
                "number" if pick % 4 != 0 && matches!(name, "height" | "cols" | "k" | "n" | "outHeight") => args.push(Arg::Number(h)),
                "number" => args.push(Arg::Number(number)),
                "string" => args.push(Arg::Str(STRINGS[usize::from(pick) % STRINGS.len()].into())),
                "region" => args.extend([-2.0, -1.0, 1.0, 1.0].map(|v| Arg::Number(if pick % 3 == 0 { number } else { v }))),
                other => panic!("no argument strategy for the spec kind '{other}' of {}", self.kernel),
            }
        }
        args
    }
}
