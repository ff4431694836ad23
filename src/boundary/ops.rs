//! Every operation the engine can ask for, on handles and plain numbers: validate all
//! arguments, then run the parallel kernel. Pure Rust, so every rule is tested natively;
//! the wasm exports only wrap these.

use super::validate::{finite, image_size, js_number, sigma as check_sigma, whole};
use super::{BoundaryError, Buffer, ElementType, Registry};
use crate::kernels::{image, numeric};

/// Most iterations `mandelbrot` accepts.
pub const MAX_ITERATIONS: usize = 1_000_000;

pub(super) fn wrong_type(name: &'static str, want: &str, got: &Buffer) -> BoundaryError {
    BoundaryError::type_error(name, format!("{name} must be a {want} buffer, got a {} buffer", got.element_type().name()))
}

pub(super) fn rgba<'a>(name: &'static str, buf: &'a Buffer, width: usize, height: usize) -> Result<&'a [u8], BoundaryError> {
    match buf {
        Buffer::U8(v) => image_size(name, v.len(), width, height, image::CHANNELS).map(|_| v.as_slice()),
        other => Err(wrong_type(name, "u8", other)),
    }
}

pub(super) fn rgba_mut<'a>(name: &'static str, buf: &'a mut Buffer, width: usize, height: usize) -> Result<&'a mut [u8], BoundaryError> {
    bytes_mut(name, buf, width, height, image::CHANNELS)
}

/// A `u8` buffer of `width × height` pixels of `channels` bytes each (1: a plane).
pub(super) fn bytes_mut<'a>(
    name: &'static str,
    buf: &'a mut Buffer,
    width: usize,
    height: usize,
    channels: usize,
) -> Result<&'a mut [u8], BoundaryError> {
    match buf {
        Buffer::U8(v) => image_size(name, v.len(), width, height, channels).map(|_| v.as_mut_slice()),
        other => Err(wrong_type(name, "u8", other)),
    }
}

pub(super) fn dimensions(width: f64, height: f64) -> Result<(usize, usize), BoundaryError> {
    Ok((whole("width", width, 1)?, whole("height", height, 1)?))
}

/// Checks the arguments of [`alloc`] without allocating: a known element type, a whole
/// length, and a byte size within the memory maximum.
pub fn check_alloc(type_name: &str, length: f64) -> Result<(ElementType, usize), BoundaryError> {
    let ty = ElementType::parse("type", type_name)?;
    let len = whole("length", length, 0)?;
    Registry::check_size(ty, len)?;
    Ok((ty, len))
}

/// Allocates a zeroed buffer of `length` elements of `type_name`; returns (handle, address).
pub fn alloc(reg: &mut Registry, type_name: &str, length: f64) -> Result<(u32, usize), BoundaryError> {
    let (ty, len) = check_alloc(type_name, length)?;
    let handle = reg.alloc(ty, len)?;
    Ok((handle, reg.get("buffer", handle)?.address()))
}

/// Frees a buffer.
pub fn free(reg: &mut Registry, handle: u32) -> Result<(), BoundaryError> {
    reg.free(handle)
}

/// In-place BT.601 grayscale of an RGBA `u8` image.
pub fn grayscale(reg: &mut Registry, img: u32, width: f64, height: f64) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    image::grayscale_par(rgba_mut("image", reg.get_mut("image", img)?, w, h)?);
    Ok(())
}

/// The BT.601 luma of an RGBA `u8` image into a `u8` plane of one byte per pixel.
pub fn grayscale_plane(reg: &mut Registry, img: u32, width: f64, height: f64, output: u32) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    let (src, dst) = (rgba("image", src, w, h)?, bytes_mut("output", dst, w, h, 1)?);
    image::grayscale_plane(src, dst, true);
    Ok(())
}

/// In-place colour inversion of an RGBA `u8` image.
pub fn invert(reg: &mut Registry, img: u32, width: f64, height: f64) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    image::invert_par(rgba_mut("image", reg.get_mut("image", img)?, w, h)?);
    Ok(())
}

/// Gaussian blur of an RGBA `u8` image, in place or (with `output`) into a second buffer.
pub fn gaussian_blur(reg: &mut Registry, img: u32, width: f64, height: f64, sigma: f64, output: Option<u32>) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let sigma = check_sigma(sigma)?;
    rgba("image", reg.get("image", img)?, w, h)?;
    let mut scratch = reg.take_f32(w * h * image::CHANNELS)?;
    let result = (|| {
        match output {
            None => {
                let pixels = rgba_mut("image", reg.get_mut("image", img)?, w, h)?;
                image::gaussian_blur_in_place(pixels, &mut scratch, w, h, sigma, true);
            }
            Some(out) => {
                let (src, dst) = reg.get_in_out(("image", img), ("output", out))?;
                let src = rgba("image", src, w, h)?;
                let dst = rgba_mut("output", dst, w, h)?;
                image::gaussian_blur_par(src, dst, &mut scratch, w, h, sigma);
            }
        }
        Ok(())
    })();
    reg.put_f32(scratch);
    result
}

/// Per-channel histogram of an RGBA `u8` image: 1024 counts (R, G, B, A × 256).
pub fn histogram(reg: &mut Registry, img: u32, width: f64, height: f64) -> Result<Vec<u32>, BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    Ok(image::histogram_par(rgba("image", reg.get("image", img)?, w, h)?))
}

/// Sum of a buffer of any element type: exact for `u8` and `i32`, deterministic for floats
/// (the same bits on any thread count).
pub fn sum(reg: &mut Registry, xs: u32) -> Result<f64, BoundaryError> {
    Ok(match reg.get("xs", xs)? {
        Buffer::U8(v) => numeric::sum_int_par(v),
        Buffer::U32(v) => numeric::sum_int_par(v),
        Buffer::I32(v) => numeric::sum_int_par(v),
        Buffer::F32(v) => numeric::sum_par(v),
        Buffer::F64(v) => numeric::sum_par(v),
    })
}

/// Does nothing: the engine's dispatch latency is the round trip of this call.
pub fn noop(_reg: &mut Registry) -> Result<(), BoundaryError> {
    Ok(())
}

/// Dot product of two buffers of the same float type and length (may be the same buffer).
pub fn dot(reg: &mut Registry, a: u32, b: u32) -> Result<f64, BoundaryError> {
    match (reg.get("a", a)?, reg.get("b", b)?) {
        (Buffer::F32(x), Buffer::F32(y)) => same_length(("a", x.len()), ("b", y.len())).map(|_| numeric::dot_par(x, y)),
        (Buffer::F64(x), Buffer::F64(y)) => same_length(("a", x.len()), ("b", y.len())).map(|_| numeric::dot_par(x, y)),
        (x @ (Buffer::F32(_) | Buffer::F64(_)), y) => Err(wrong_type("b", x.element_type().name(), y)),
        (x, _) => Err(wrong_type("a", "f32 or f64", x)),
    }
}

fn same_length((a, la): (&str, usize), (b, lb): (&'static str, usize)) -> Result<(), BoundaryError> {
    if la == lb { Ok(()) } else { Err(BoundaryError::range(b, format!("{b} must have the length of {a} ({la}), got {lb}"))) }
}

/// `y = alpha * x + y` over two different buffers of the same float type and length.
pub fn axpy(reg: &mut Registry, alpha: f64, x: u32, y: u32) -> Result<(), BoundaryError> {
    let alpha = finite("alpha", alpha)?;
    match reg.get_in_out(("x", x), ("y", y))? {
        (Buffer::F32(x), Buffer::F32(y)) => {
            same_length(("x", x.len()), ("y", y.len()))?;
            numeric::axpy_par(alpha as f32, x, y);
        }
        (Buffer::F64(x), Buffer::F64(y)) => {
            same_length(("x", x.len()), ("y", y.len()))?;
            numeric::axpy_par(alpha, x, y);
        }
        (x @ (Buffer::F32(_) | Buffer::F64(_)), y) => return Err(wrong_type("y", x.element_type().name(), y)),
        (x, _) => return Err(wrong_type("x", "f32 or f64", x)),
    }
    Ok(())
}

/// `xs = alpha * xs` in place.
pub fn scale(reg: &mut Registry, xs: u32, alpha: f64) -> Result<(), BoundaryError> {
    let alpha = finite("alpha", alpha)?;
    match reg.get_mut("xs", xs)? {
        Buffer::F32(v) => numeric::scale_par(alpha as f32, v),
        Buffer::F64(v) => numeric::scale_par(alpha, v),
        other => return Err(wrong_type("xs", "f32 or f64", other)),
    }
    Ok(())
}

/// Mandelbrot escape values into a `u8` buffer of `width * height` bytes.
/// `region` is `[x_min, y_min, x_max, y_max]` with `x_min < x_max`, `y_min < y_max`.
pub fn mandelbrot(reg: &mut Registry, output: u32, width: f64, height: f64, max_iter: f64, region: [f64; 4]) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let max_iter = whole("maxIter", max_iter, 1)?;
    if max_iter > MAX_ITERATIONS {
        return Err(BoundaryError::range("maxIter", format!("maxIter must be at most {MAX_ITERATIONS}, got {max_iter}")));
    }
    let [x_min, y_min, x_max, y_max] = region;
    for (name, v) in [("region.xMin", x_min), ("region.yMin", y_min), ("region.xMax", x_max), ("region.yMax", y_max)] {
        finite(name, v)?;
    }
    if x_min >= x_max || y_min >= y_max {
        return Err(BoundaryError::range(
            "region",
            format!("region must have xMin < xMax and yMin < yMax, got [{}]", region.map(js_number).join(", ")),
        ));
    }
    let out = bytes_mut("output", reg.get_mut("output", output)?, w, h, 1)?;
    numeric::mandelbrot_par(out, w, h, max_iter as u32, numeric::Region { x_min, y_min, x_max, y_max });
    Ok(())
}
