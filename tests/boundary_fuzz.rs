//! Property test of the boundary: random operations with random numbers (NaN, infinities,
//! negatives, fractions, huge values) on random buffers never panic, and whatever they
//! accept they handle in bounds. With `panic=abort` in wasm, a panic here would be a trap.

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

fn type_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("u8"), Just("i32"), Just("f32"), Just("f64"), Just("u16"), Just("")]
}

#[derive(Debug, Clone)]
enum Op {
    Alloc(&'static str, f64),
    Free(u32),
    Grayscale(u32, f64, f64),
    GrayscalePlane(u32, f64, f64, u32),
    Invert(u32, f64, f64),
    Blur(u32, f64, f64, f64, Option<u32>),
    Histogram(u32, f64, f64),
    Sum(u32),
    Dot(u32, u32),
    Axpy(f64, u32, u32),
    Scale(u32, f64),
    Mandelbrot(u32, f64, f64, f64, [f64; 4]),
    ScaleRange(u32, f64, f64),
    Transpose(u32, u32, f64, f64, bool),
    SumMatrix(u32, f64, f64, bool),
}

fn op() -> impl Strategy<Value = Op> {
    let h = 0u32..8;
    let iters = prop_oneof![(1u32..300).prop_map(f64::from), Just(0.0), Just(f64::NAN), Just(2e6)];
    prop_oneof![
        3 => (type_name(), prop_oneof![(0u32..5000).prop_map(f64::from), number()]).prop_map(|(t, n)| Op::Alloc(t, n)),
        1 => h.clone().prop_map(Op::Free),
        1 => (h.clone(), number(), number()).prop_map(|(b, w, hh)| Op::Grayscale(b, w, hh)),
        1 => (h.clone(), number(), number(), h.clone()).prop_map(|(b, w, hh, o)| Op::GrayscalePlane(b, w, hh, o)),
        1 => (h.clone(), number(), number()).prop_map(|(b, w, hh)| Op::Invert(b, w, hh)),
        1 => (h.clone(), number(), number(), prop_oneof![number(), 0.1f64..20.0], proptest::option::of(h.clone()))
            .prop_map(|(b, w, hh, s, o)| Op::Blur(b, w, hh, s, o)),
        1 => (h.clone(), number(), number()).prop_map(|(b, w, hh)| Op::Histogram(b, w, hh)),
        1 => h.clone().prop_map(Op::Sum),
        1 => (h.clone(), h.clone()).prop_map(|(a, b)| Op::Dot(a, b)),
        1 => (number(), h.clone(), h.clone()).prop_map(|(a, x, y)| Op::Axpy(a, x, y)),
        1 => (h.clone(), number()).prop_map(|(b, a)| Op::Scale(b, a)),
        1 => (h.clone(), number(), number(), iters, prop::array::uniform4(number()))
            .prop_map(|(b, w, hh, i, r)| Op::Mandelbrot(b, w, hh, i, r)),
        1 => (h.clone(), number(), number()).prop_map(|(b, s, c)| Op::ScaleRange(b, s, c)),
        1 => (h.clone(), h.clone(), number(), number(), any::<bool>()).prop_map(|(a, b, r, c, t)| Op::Transpose(a, b, r, c, t)),
        1 => (h.clone(), number(), number(), any::<bool>()).prop_map(|(b, r, c, t)| Op::SumMatrix(b, r, c, t)),
    ]
}

fn apply(reg: &mut Registry, op: &Op) -> Result<(), boundary::BoundaryError> {
    match *op {
        Op::Alloc(t, n) => boundary::alloc(reg, t, n).map(drop),
        Op::Free(h) => boundary::free(reg, h),
        Op::Grayscale(b, w, h) => boundary::grayscale(reg, b, w, h),
        Op::GrayscalePlane(b, w, h, o) => boundary::grayscale_plane(reg, b, w, h, o),
        Op::Invert(b, w, h) => boundary::invert(reg, b, w, h),
        Op::Blur(b, w, h, s, o) => boundary::gaussian_blur(reg, b, w, h, s, o),
        Op::Histogram(b, w, h) => boundary::histogram(reg, b, w, h).map(|bins| assert_eq!(bins.len(), 1024)),
        Op::Sum(b) => boundary::sum(reg, b).map(drop),
        Op::Dot(a, b) => boundary::dot(reg, a, b).map(drop),
        Op::Axpy(a, x, y) => boundary::axpy(reg, a, x, y),
        Op::Scale(b, a) => boundary::scale(reg, b, a),
        Op::Mandelbrot(b, w, h, i, r) => boundary::mandelbrot(reg, b, w, h, i, r),
        Op::ScaleRange(b, s, c) => bench_ops::scale_range(reg, b, s, c, 2.0),
        Op::Transpose(a, b, r, c, t) => bench_ops::transpose(reg, a, b, r, c, t),
        Op::SumMatrix(b, r, c, t) => bench_ops::sum_matrix(reg, b, r, c, t).map(drop),
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
                // Every refusal but running out of memory names its argument in the message.
                match e.argument() {
                    Some(argument) => prop_assert!(e.message().contains(argument), "{op:?}: {e:?}"),
                    None => prop_assert!(matches!(e, boundary::BoundaryError::OutOfMemory { .. }), "{op:?}: {e:?}"),
                }
            }
        }
    }
}
