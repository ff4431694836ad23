//! Property test of the boundary: every operation the engine exports (and the benchmark's
//! raw ones), with random numbers (NaN, infinities, negatives, fractions, huge values) on
//! random buffers, never panics, whatever it accepts it handles in bounds, and every refusal
//! but running out of memory names its argument. With `panic=abort` in wasm, a panic here
//! would be a trap.

#![forbid(unsafe_code)]

use proptest::option::of as option_of;
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

/// Kernels called on buffers of exactly the right sizes, so their parameters (σ, radius,
/// weights, target size, level…) reach the kernels rather than the size checks.
#[derive(Debug, Clone, Copy)]
enum Fresh {
    Blur,
    BoxBlur,
    Sharpen,
    Convolve3,
    Convolve5,
    Resize,
    Sobel,
    Rotate90,
    Threshold,
    BrightnessContrast,
    GrayscalePlane,
    GaussianBlurF32,
    BoxBlurF32,
    ConvolveF32,
    SobelF32,
}

const FRESH: [Fresh; 15] = [
    Fresh::Blur,
    Fresh::BoxBlur,
    Fresh::Sharpen,
    Fresh::Convolve3,
    Fresh::Convolve5,
    Fresh::Resize,
    Fresh::Sobel,
    Fresh::Rotate90,
    Fresh::Threshold,
    Fresh::BrightnessContrast,
    Fresh::GrayscalePlane,
    Fresh::GaussianBlurF32,
    Fresh::BoxBlurF32,
    Fresh::ConvolveF32,
    Fresh::SobelF32,
];

#[derive(Debug, Clone)]
enum Op {
    Fresh(Fresh, u32, u32, f64, f64),
    Alloc(&'static str, f64),
    AllocImage(&'static str, u32, u32, u32),
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
    BrightnessContrast(u32, f64, f64, f64, f64),
    Threshold(u32, f64, f64, f64),
    BoxBlur(u32, f64, f64, f64, Option<u32>),
    Sobel(u32, f64, f64, u32),
    Convolve(u32, f64, f64, u32, u32),
    Sharpen(u32, f64, f64, f64, f64, Option<u32>),
    Resize(u32, f64, f64, u32, f64, f64, Option<&'static str>),
    Rotate90(u32, f64, f64, u32),
    Flip(u32, f64, f64, &'static str),
    MinMax(u32),
    Norm(u32),
    PrefixSum(u32),
    HistogramValues(u32, f64, f64, f64),
    Sort(u32),
    Matmul(u32, u32, u32, f64, f64, f64),
    TransposeMatrix(u32, u32, f64, f64),
    GaussianBlurF32(u32, f64, f64, f64, Option<u32>),
    BoxBlurF32(u32, f64, f64, f64, Option<u32>),
    ConvolveF32(u32, f64, f64, u32, u32),
    SobelF32(u32, f64, f64, u32),
}

fn op() -> impl Strategy<Value = Op> {
    let h = 0u32..8;
    let iters = prop_oneof![(1u32..300).prop_map(f64::from), Just(0.0), Just(f64::NAN), Just(2e6)];
    let sigma = prop_oneof![number(), 0.1f64..20.0];
    let filter = prop_oneof![Just("bilinear"), Just("area"), Just("lanczos3"), Just("nearest"), Just("")];
    let direction = prop_oneof![Just("horizontal"), Just("vertical"), Just("diagonal")];
    prop_oneof![
        6 => (prop::sample::select(&FRESH[..]), 1u32..40, 1u32..40, prop_oneof![number(), 0.1f64..20.0], number())
            .prop_map(|(k, w, hh, p, q)| Op::Fresh(k, w, hh, p, q)),
        3 => (type_name(), prop_oneof![(0u32..5000).prop_map(f64::from), number()]).prop_map(|(t, n)| Op::Alloc(t, n)),
        4 => (prop_oneof![3 => Just("u8"), 2 => Just("f32"), 1 => type_name()], 1u32..4, 1u32..4, prop_oneof![Just(1u32), Just(4)])
            .prop_map(|(t, w, hh, c)| Op::AllocImage(t, w, hh, c)),
        1 => h.clone().prop_map(Op::Free),
        1 => (h.clone(), dim(), dim()).prop_map(|(b, w, hh)| Op::Grayscale(b, w, hh)),
        1 => (h.clone(), dim(), dim(), h.clone()).prop_map(|(b, w, hh, o)| Op::GrayscalePlane(b, w, hh, o)),
        1 => (h.clone(), dim(), dim()).prop_map(|(b, w, hh)| Op::Invert(b, w, hh)),
        1 => (h.clone(), dim(), dim(), prop_oneof![number(), 0.1f64..20.0], proptest::option::of(h.clone()))
            .prop_map(|(b, w, hh, s, o)| Op::Blur(b, w, hh, s, o)),
        1 => (h.clone(), dim(), dim()).prop_map(|(b, w, hh)| Op::Histogram(b, w, hh)),
        1 => h.clone().prop_map(Op::Sum),
        1 => (h.clone(), h.clone()).prop_map(|(a, b)| Op::Dot(a, b)),
        1 => (number(), h.clone(), h.clone()).prop_map(|(a, x, y)| Op::Axpy(a, x, y)),
        1 => (h.clone(), number()).prop_map(|(b, a)| Op::Scale(b, a)),
        1 => (h.clone(), dim(), dim(), iters, prop::array::uniform4(number()))
            .prop_map(|(b, w, hh, i, r)| Op::Mandelbrot(b, w, hh, i, r)),
        1 => (h.clone(), dim(), dim()).prop_map(|(b, s, c)| Op::ScaleRange(b, s, c)),
        1 => (h.clone(), h.clone(), number(), number(), any::<bool>()).prop_map(|(a, b, r, c, t)| Op::Transpose(a, b, r, c, t)),
        1 => (h.clone(), dim(), dim(), any::<bool>()).prop_map(|(b, r, c, t)| Op::SumMatrix(b, r, c, t)),
        1 => (h.clone(), dim(), dim(), number(), number()).prop_map(|(b, w, hh, br, c)| Op::BrightnessContrast(b, w, hh, br, c)),
        1 => (h.clone(), dim(), dim(), number()).prop_map(|(b, w, hh, l)| Op::Threshold(b, w, hh, l)),
        1 => (h.clone(), dim(), dim(), number(), option_of(h.clone())).prop_map(|(b, w, hh, r, o)| Op::BoxBlur(b, w, hh, r, o)),
        1 => (h.clone(), dim(), dim(), h.clone()).prop_map(|(b, w, hh, o)| Op::Sobel(b, w, hh, o)),
        1 => (h.clone(), dim(), dim(), h.clone(), h.clone()).prop_map(|(b, w, hh, k, o)| Op::Convolve(b, w, hh, k, o)),
        1 => (h.clone(), dim(), dim(), sigma.clone(), number(), option_of(h.clone()))
            .prop_map(|(b, w, hh, s, a, o)| Op::Sharpen(b, w, hh, s, a, o)),
        1 => (h.clone(), dim(), dim(), h.clone(), number(), number(), option_of(filter))
            .prop_map(|(b, w, hh, o, ow, oh, f)| Op::Resize(b, w, hh, o, ow, oh, f)),
        1 => (h.clone(), dim(), dim(), h.clone()).prop_map(|(b, w, hh, o)| Op::Rotate90(b, w, hh, o)),
        1 => (h.clone(), dim(), dim(), direction).prop_map(|(b, w, hh, d)| Op::Flip(b, w, hh, d)),
        1 => h.clone().prop_map(Op::MinMax),
        1 => h.clone().prop_map(Op::Norm),
        1 => h.clone().prop_map(Op::PrefixSum),
        1 => (h.clone(), dim(), dim(), number()).prop_map(|(b, n, lo, hi)| Op::HistogramValues(b, n, lo, hi)),
        1 => h.clone().prop_map(Op::Sort),
        1 => (h.clone(), h.clone(), h.clone(), dim(), dim(), dim()).prop_map(|(a, b, c, m, k, n)| Op::Matmul(a, b, c, m, k, n)),
        1 => (h.clone(), h.clone(), dim(), dim()).prop_map(|(a, b, r, c)| Op::TransposeMatrix(a, b, r, c)),
        1 => (h.clone(), dim(), dim(), sigma.clone(), option_of(h.clone())).prop_map(|(b, w, hh, s, o)| Op::GaussianBlurF32(b, w, hh, s, o)),
        1 => (h.clone(), dim(), dim(), number(), option_of(h.clone())).prop_map(|(b, w, hh, r, o)| Op::BoxBlurF32(b, w, hh, r, o)),
        1 => (h.clone(), dim(), dim(), h.clone(), h.clone()).prop_map(|(b, w, hh, k, o)| Op::ConvolveF32(b, w, hh, k, o)),
        1 => (h.clone(), dim(), dim(), h.clone()).prop_map(|(b, w, hh, o)| Op::SobelF32(b, w, hh, o)),
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

fn apply_fresh(reg: &mut Registry, k: Fresh, w: u32, h: u32, p: f64, q: f64) -> Result<(), boundary::BoundaryError> {
    let (wf, hf) = (f64::from(w), f64::from(h));
    let planes = matches!(k, Fresh::GaussianBlurF32 | Fresh::BoxBlurF32 | Fresh::ConvolveF32 | Fresh::SobelF32);
    // The input, and an output of the size the kernel writes.
    let (ty, pixel) = if planes { ("f32", 1.0) } else { ("u8", 4.0) };
    let input = filled(reg, ty, wf * hf * pixel, 0.0)?;
    let (out_w, out_h) = (p.abs().min(50.0).round(), q.abs().min(50.0).round());
    let output = match k {
        Fresh::Resize => filled(reg, "u8", out_w * out_h * 4.0, 0.0)?,
        Fresh::GrayscalePlane => filled(reg, "u8", wf * hf, 0.0)?,
        _ => filled(reg, ty, wf * hf * pixel, 0.0)?,
    };
    let weights = |reg: &mut Registry, count: f64| filled(reg, "f32", count, q);
    match k {
        Fresh::Blur => boundary::gaussian_blur(reg, input, wf, hf, p, Some(output)),
        Fresh::BoxBlur => boundary::box_blur(reg, input, wf, hf, p, Some(output)),
        Fresh::Sharpen => boundary::sharpen(reg, input, wf, hf, p, q, Some(output)),
        Fresh::Convolve3 => weights(reg, 9.0).and_then(|kernel| boundary::convolve(reg, input, wf, hf, kernel, output)),
        Fresh::Convolve5 => weights(reg, 25.0).and_then(|kernel| boundary::convolve(reg, input, wf, hf, kernel, output)),
        Fresh::Resize => {
            let filter = ["bilinear", "area", "lanczos3"][(w % 3) as usize];
            boundary::resize(reg, input, wf, hf, output, out_w, out_h, Some(filter))
        }
        Fresh::Sobel => boundary::sobel(reg, input, wf, hf, output),
        Fresh::Rotate90 => boundary::rotate90(reg, input, wf, hf, output),
        Fresh::Threshold => boundary::threshold(reg, input, wf, hf, p),
        Fresh::BrightnessContrast => boundary::brightness_contrast(reg, input, wf, hf, p, q),
        Fresh::GrayscalePlane => boundary::grayscale_plane(reg, input, wf, hf, output),
        Fresh::GaussianBlurF32 => boundary::gaussian_blur_f32(reg, input, wf, hf, p, Some(output)),
        Fresh::BoxBlurF32 => boundary::box_blur_f32(reg, input, wf, hf, p, Some(output)),
        Fresh::ConvolveF32 => weights(reg, 9.0).and_then(|kernel| boundary::convolve_f32(reg, input, wf, hf, kernel, output)),
        Fresh::SobelF32 => boundary::sobel_f32(reg, input, wf, hf, output),
    }
}

fn apply(reg: &mut Registry, op: &Op) -> Result<(), boundary::BoundaryError> {
    match *op {
        Op::Fresh(k, w, h, p, q) => apply_fresh(reg, k, w, h, p, q),
        Op::Alloc(t, n) => boundary::alloc(reg, t, n).map(drop),
        Op::AllocImage(t, w, h, c) => boundary::alloc(reg, t, f64::from(w * h * c)).map(drop),
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
        Op::BrightnessContrast(b, w, h, br, c) => boundary::brightness_contrast(reg, b, w, h, br, c),
        Op::Threshold(b, w, h, l) => boundary::threshold(reg, b, w, h, l),
        Op::BoxBlur(b, w, h, r, o) => boundary::box_blur(reg, b, w, h, r, o),
        Op::Sobel(b, w, h, o) => boundary::sobel(reg, b, w, h, o),
        Op::Convolve(b, w, h, k, o) => boundary::convolve(reg, b, w, h, k, o),
        Op::Sharpen(b, w, h, s, a, o) => boundary::sharpen(reg, b, w, h, s, a, o),
        Op::Resize(b, w, h, o, ow, oh, f) => boundary::resize(reg, b, w, h, o, ow, oh, f),
        Op::Rotate90(b, w, h, o) => boundary::rotate90(reg, b, w, h, o),
        Op::Flip(b, w, h, d) => boundary::flip(reg, b, w, h, d),
        Op::MinMax(b) => boundary::min_max(reg, b).map(drop),
        Op::Norm(b) => boundary::norm(reg, b).map(drop),
        Op::PrefixSum(b) => boundary::prefix_sum(reg, b),
        Op::HistogramValues(b, n, lo, hi) => boundary::histogram_values(reg, b, n, lo, hi).map(drop),
        Op::Sort(b) => boundary::sort(reg, b),
        Op::Matmul(a, b, c, m, k, n) => boundary::matmul(reg, a, b, c, m, k, n),
        Op::TransposeMatrix(a, b, r, c) => boundary::transpose(reg, a, b, r, c),
        Op::GaussianBlurF32(b, w, h, s, o) => boundary::gaussian_blur_f32(reg, b, w, h, s, o),
        Op::BoxBlurF32(b, w, h, r, o) => boundary::box_blur_f32(reg, b, w, h, r, o),
        Op::ConvolveF32(b, w, h, k, o) => boundary::convolve_f32(reg, b, w, h, k, o),
        Op::SobelF32(b, w, h, o) => boundary::sobel_f32(reg, b, w, h, o),
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
