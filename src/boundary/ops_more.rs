//! Operations for the image and numeric kernel library beyond the first kernels: validate
//! every argument, then run the parallel kernel. Same rules as `ops`.

use super::ops::{dimensions, rgba, rgba_mut, wrong_type};
use super::validate::{finite, image_size, js_number, sigma as check_sigma, whole};
use super::{BoundaryError, Buffer, Registry};
use crate::kernels::{image, numeric};

/// Largest box-blur radius (window sums must fit in `u32`).
pub const MAX_BOX_RADIUS: usize = 1000;
/// Largest number of bins for `histogram_values`.
pub const MAX_BINS: usize = 1 << 20;

fn in_range(name: &'static str, value: f64, min: f64, max: f64) -> Result<f64, BoundaryError> {
    let v = finite(name, value)?;
    if v < min || v > max {
        return Err(BoundaryError::range(
            name,
            format!("{name} must be between {} and {}, got {}", js_number(min), js_number(max), js_number(v)),
        ));
    }
    Ok(v)
}

/// `(v - 128) * contrast + 128 + brightness` on R, G, B, in place.
pub fn brightness_contrast(
    reg: &mut Registry,
    img: u32,
    width: f64,
    height: f64,
    brightness: f64,
    contrast: f64,
) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let b = in_range("brightness", brightness, -255.0, 255.0)? as f32;
    let c = in_range("contrast", contrast, 0.0, 100.0)? as f32;
    image::brightness_contrast_par(rgba_mut("image", reg.get_mut("image", img)?, w, h)?, b, c);
    Ok(())
}

/// Black and white by luma against `level` (0..=255), in place.
pub fn threshold(reg: &mut Registry, img: u32, width: f64, height: f64, level: f64) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let level = whole("level", level, 0)?;
    if level > 255 {
        return Err(BoundaryError::range("level", format!("level must be between 0 and 255, got {level}")));
    }
    image::threshold_par(rgba_mut("image", reg.get_mut("image", img)?, w, h)?, level as u8);
    Ok(())
}

/// Box blur of `radius` (1..=1000), in place or into `output`.
pub fn box_blur(reg: &mut Registry, img: u32, width: f64, height: f64, radius: f64, output: Option<u32>) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let r = whole("radius", radius, 0)?;
    if !(1..=MAX_BOX_RADIUS).contains(&r) {
        return Err(BoundaryError::range("radius", format!("radius must be between 1 and {MAX_BOX_RADIUS}, got {r}")));
    }
    rgba("image", reg.get("image", img)?, w, h)?;
    let mut scratch = reg.take_u32(w * h * image::CHANNELS)?;
    let result = (|| {
        match output {
            None => {
                let pixels = rgba_mut("image", reg.get_mut("image", img)?, w, h)?;
                image::box_blur_in_place(pixels, &mut scratch, w, h, r, true);
            }
            Some(out) => {
                let (src, dst) = reg.get_in_out(("image", img), ("output", out))?;
                let (src, dst) = (rgba("image", src, w, h)?, rgba_mut("output", dst, w, h)?);
                image::box_blur(src, dst, &mut scratch, w, h, r, true);
            }
        }
        Ok(())
    })();
    reg.put_u32(scratch);
    result
}

/// Sobel edge magnitude of `image` into `output`.
pub fn sobel(reg: &mut Registry, img: u32, width: f64, height: f64, output: u32) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let mut plane = reg.take_u8(w * h)?;
    let result = (|| {
        let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
        let (src, dst) = (rgba("image", src, w, h)?, rgba_mut("output", dst, w, h)?);
        image::sobel(src, dst, &mut plane, w, h, true);
        Ok(())
    })();
    reg.put_u8(plane);
    result
}

/// Checks `convolve`'s arguments; returns (width, height, weights, kernel size).
pub(super) fn convolve_args(
    reg: &mut Registry,
    img: u32,
    width: f64,
    height: f64,
    kernel: u32,
    output: u32,
) -> Result<(usize, usize, Vec<f32>, usize), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let (weights, size) = kernel_weights(reg, kernel)?;
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    rgba("image", src, w, h)?;
    rgba_mut("output", dst, w, h)?;
    Ok((w, h, weights, size))
}

/// A convolution kernel's weights (f32, size*size for an odd size up to 15, all finite)
/// and its size.
pub(super) fn kernel_weights(reg: &Registry, kernel: u32) -> Result<(Vec<f32>, usize), BoundaryError> {
    let weights: Vec<f32> = match reg.get("kernel", kernel)? {
        Buffer::F32(k) => k.clone(),
        other => return Err(wrong_type("kernel", "f32", other)),
    };
    let size = (1..=image::MAX_KERNEL_SIZE).step_by(2).find(|s| s * s == weights.len()).ok_or_else(|| {
        BoundaryError::range(
            "kernel",
            format!(
                "kernel must hold size*size weights for an odd size from 1 to {}, got {} weights",
                image::MAX_KERNEL_SIZE,
                weights.len()
            ),
        )
    })?;
    if let Some(i) = weights.iter().position(|v| !v.is_finite()) {
        return Err(BoundaryError::range(
            "kernel",
            format!("kernel weights must be finite, got {} at index {i}", js_number(weights[i] as f64)),
        ));
    }
    Ok((weights, size))
}

/// Convolution of `image` with the square f32 `kernel` (odd size up to 15) into `output`.
pub fn convolve(reg: &mut Registry, img: u32, width: f64, height: f64, kernel: u32, output: u32) -> Result<(), BoundaryError> {
    convolve_run(reg, img, width, height, kernel, output, image::convolve, true)
}

/// A convolution kernel: `image::convolve` or `image::convolve_portable`.
pub(super) type ConvolveFn = fn(&[u8], &mut [u8], &mut [f32], usize, usize, &[f32], usize, bool);

/// Validates, then runs `kernel_fn` (the explicit-SIMD or the portable convolution).
#[allow(clippy::too_many_arguments)]
pub(super) fn convolve_run(
    reg: &mut Registry,
    img: u32,
    width: f64,
    height: f64,
    kernel: u32,
    output: u32,
    kernel_fn: ConvolveFn,
    parallel: bool,
) -> Result<(), BoundaryError> {
    let (w, h, weights, size) = convolve_args(reg, img, width, height, kernel, output)?;
    let mut padded = reg.take_f32(image::convolve_padded_len(w, h, size))?;
    if let (Buffer::U8(src), Buffer::U8(dst)) = reg.get_in_out(("image", img), ("output", output))? {
        kernel_fn(src, dst, &mut padded, w, h, &weights, size, parallel);
    }
    reg.put_f32(padded);
    Ok(())
}

/// Unsharp mask: `v + amount * (v - gaussian_blur(v, sigma))`, in place or into `output`.
pub fn sharpen(
    reg: &mut Registry,
    img: u32,
    width: f64,
    height: f64,
    sigma: f64,
    amount: f64,
    output: Option<u32>,
) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let sigma = check_sigma(sigma)?;
    let amount = in_range("amount", amount, 0.0, 100.0)? as f32;
    rgba("image", reg.get("image", img)?, w, h)?;
    let mut scratch = reg.take_f32(w * h * image::CHANNELS)?;
    let mut blurred = match reg.take_u8(w * h * image::CHANNELS) {
        Ok(b) => b,
        Err(e) => {
            reg.put_f32(scratch);
            return Err(e);
        }
    };
    image::gaussian_blur_par(rgba("image", reg.get("image", img)?, w, h)?, &mut blurred, &mut scratch, w, h, sigma);
    reg.put_f32(scratch);
    let result = sharpen_onto(reg, img, w, h, &blurred, amount, output);
    reg.put_u8(blurred);
    result
}

fn sharpen_onto(
    reg: &mut Registry,
    img: u32,
    w: usize,
    h: usize,
    blurred: &[u8],
    amount: f32,
    output: Option<u32>,
) -> Result<(), BoundaryError> {
    let target = match output {
        None => rgba_mut("image", reg.get_mut("image", img)?, w, h)?,
        Some(out) => {
            let (src, dst) = reg.get_in_out(("image", img), ("output", out))?;
            let src = rgba("image", src, w, h)?;
            let dst = rgba_mut("output", dst, w, h)?;
            dst.copy_from_slice(src);
            dst
        }
    };
    image::sharpen_with(target, blurred, amount, true);
    Ok(())
}

/// Resize of `image` into `output` of `outWidth × outHeight` with `filter` ('bilinear', the
/// default, 'area' or 'lanczos3').
#[allow(clippy::too_many_arguments)]
pub fn resize(
    reg: &mut Registry,
    img: u32,
    width: f64,
    height: f64,
    output: u32,
    out_width: f64,
    out_height: f64,
    filter: Option<&str>,
) -> Result<(), BoundaryError> {
    let filter = match filter {
        None => image::Filter::Bilinear,
        Some(name) => image::Filter::from_name(name).ok_or_else(|| {
            BoundaryError::type_error(
                "filter",
                format!("filter must be 'bilinear', 'area' or 'lanczos3', got '{}'", name.chars().take(40).collect::<String>()),
            )
        })?,
    };
    let (w, h) = dimensions(width, height)?;
    let (ow, oh) = (whole("outWidth", out_width, 1)?, whole("outHeight", out_height, 1)?);
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    let src = rgba("image", src, w, h)?;
    let dst = match dst {
        Buffer::U8(v) => {
            image_size("output", v.len(), ow, oh, image::CHANNELS)?;
            v.as_mut_slice()
        }
        other => return Err(wrong_type("output", "u8", other)),
    };
    image::resample(src, (w, h), dst, (ow, oh), filter, true);
    Ok(())
}

/// 90° clockwise rotation of `image` into `output` (`height × width`).
pub fn rotate90(reg: &mut Registry, img: u32, width: f64, height: f64, output: u32) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    let (src, dst) = (rgba("image", src, w, h)?, rgba_mut("output", dst, h, w)?);
    image::rotate90(src, w, h, dst, true);
    Ok(())
}

/// Flip in place; `direction` is 'horizontal' (left–right) or 'vertical' (top–bottom).
pub fn flip(reg: &mut Registry, img: u32, width: f64, height: f64, direction: &str) -> Result<(), BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let horizontal = match direction {
        "horizontal" => true,
        "vertical" => false,
        _ => {
            return Err(BoundaryError::type_error(
                "direction",
                format!("direction must be 'horizontal' or 'vertical', got '{}'", direction.chars().take(40).collect::<String>()),
            ));
        }
    };
    image::flip(rgba_mut("image", reg.get_mut("image", img)?, w, h)?, w, h, horizontal, true);
    Ok(())
}

/// Extremes and their first indices, NaN skipped; `None` when no number is present.
pub fn min_max(reg: &mut Registry, xs: u32) -> Result<Option<numeric::MinMax>, BoundaryError> {
    match reg.get("xs", xs)? {
        Buffer::F32(v) => Ok(numeric::min_max_par(v)),
        Buffer::F64(v) => Ok(numeric::min_max_par(v)),
        other => Err(wrong_type("xs", "f32 or f64", other)),
    }
}

/// Euclidean norm.
pub fn norm(reg: &mut Registry, xs: u32) -> Result<f64, BoundaryError> {
    match reg.get("xs", xs)? {
        Buffer::F32(v) => Ok(numeric::norm_par(v)),
        Buffer::F64(v) => Ok(numeric::norm_par(v)),
        other => Err(wrong_type("xs", "f32 or f64", other)),
    }
}

/// Inclusive prefix sum in place.
pub fn prefix_sum(reg: &mut Registry, xs: u32) -> Result<(), BoundaryError> {
    match reg.get_mut("xs", xs)? {
        Buffer::F32(v) => numeric::prefix_sum_par(v),
        Buffer::F64(v) => numeric::prefix_sum_par(v),
        other => return Err(wrong_type("xs", "f32 or f64", other)),
    }
    Ok(())
}

/// Counts of values in `bins` equal bins over `[min, max]`.
pub fn histogram_values(reg: &mut Registry, xs: u32, bins: f64, min: f64, max: f64) -> Result<Vec<u32>, BoundaryError> {
    let bins = whole("bins", bins, 1)?;
    if bins > MAX_BINS {
        return Err(BoundaryError::range("bins", format!("bins must be between 1 and {MAX_BINS}, got {bins}")));
    }
    let (min, max) = (finite("min", min)?, finite("max", max)?);
    if min >= max {
        return Err(BoundaryError::range("min", format!("min must be less than max, got {} and {}", js_number(min), js_number(max))));
    }
    match reg.get("xs", xs)? {
        Buffer::F32(v) => Ok(numeric::histogram_values_par(v, bins, min, max)),
        Buffer::F64(v) => Ok(numeric::histogram_values_par(v, bins, min, max)),
        other => Err(wrong_type("xs", "f32 or f64", other)),
    }
}

/// Sorts in place: floats ascending with NaN last; integers ascending.
pub fn sort(reg: &mut Registry, xs: u32) -> Result<(), BoundaryError> {
    match reg.get_mut("xs", xs)? {
        Buffer::U8(v) => sort_with_scratch(v, numeric::sort_int),
        Buffer::U32(v) => sort_with_scratch(v, numeric::sort_int),
        Buffer::I32(v) => sort_with_scratch(v, numeric::sort_int),
        Buffer::F32(v) => sort_with_scratch(v, numeric::sort_f32),
        Buffer::F64(v) => sort_with_scratch(v, numeric::sort_f64),
    }
}

fn sort_with_scratch<T: Default + Clone>(xs: &mut [T], sort: fn(&mut [T], &mut [T], bool)) -> Result<(), BoundaryError> {
    let mut scratch = sort_scratch(xs.len())?;
    sort(xs, &mut scratch, true);
    Ok(())
}

/// The parallel sort's merge buffer, or an error (before anything is touched) if memory
/// cannot grow to hold it.
fn sort_scratch<T: Default + Clone>(len: usize) -> Result<Vec<T>, BoundaryError> {
    let len = numeric::sort_scratch_len(len, true);
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| {
        BoundaryError::out_of_memory(len.saturating_mul(std::mem::size_of::<T>()), format!(
            "sort: out of memory: sorting {len} elements needs a second buffer of the same size, which does not fit in the remaining wasm memory"
        ))
    })?;
    v.resize(len, T::default());
    Ok(v)
}

fn matrix(name: &'static str, len: usize, rows: usize, cols: usize, what: &str) -> Result<(), BoundaryError> {
    match rows.checked_mul(cols) {
        Some(n) if n == len => Ok(()),
        _ => Err(BoundaryError::range(name, format!("{name} must hold {what} = {rows}*{cols} elements, got {len}"))),
    }
}

/// `c = a · b` for row-major `a` (`m × k`), `b` (`k × n`), `c` (`m × n`), all f32 or all f64.
pub fn matmul(reg: &mut Registry, a: u32, b: u32, c: u32, m: f64, k: f64, n: f64) -> Result<(), BoundaryError> {
    let (m, k, n) = (whole("m", m, 1)?, whole("k", k, 0)?, whole("n", n, 1)?);
    if c == a || c == b {
        return Err(BoundaryError::bad_buffer("c", "c must be a different buffer from a and b"));
    }
    // Take c out so a and b can be borrowed alongside it (they may be the same buffer).
    reg.get("c", c)?;
    let mut out = reg.take(c)?;
    let result = (|| {
        match (reg.get("a", a)?, reg.get("b", b)?, &mut out) {
            (Buffer::F32(x), Buffer::F32(y), Buffer::F32(z)) => {
                check_matmul(x.len(), y.len(), z.len(), m, k, n)?;
                numeric::matmul_par(x, y, z, m, k, n);
            }
            (Buffer::F64(x), Buffer::F64(y), Buffer::F64(z)) => {
                check_matmul(x.len(), y.len(), z.len(), m, k, n)?;
                numeric::matmul_par(x, y, z, m, k, n);
            }
            (x, y, z) => {
                let want = x.element_type().name();
                if !matches!(x, Buffer::F32(_) | Buffer::F64(_)) {
                    return Err(wrong_type("a", "f32 or f64", x));
                }
                return Err(if y.element_type().name() != want { wrong_type("b", want, y) } else { wrong_type("c", want, z) });
            }
        }
        Ok(())
    })();
    reg.put_back(c, out);
    result
}

fn check_matmul(a: usize, b: usize, c: usize, m: usize, k: usize, n: usize) -> Result<(), BoundaryError> {
    matrix("a", a, m, k, "m*k")?;
    matrix("b", b, k, n, "k*n")?;
    matrix("c", c, m, n, "m*n")
}

/// Transpose of a `rows × cols` row-major matrix into a different buffer of the same type.
pub fn transpose(reg: &mut Registry, src: u32, dst: u32, rows: f64, cols: f64) -> Result<(), BoundaryError> {
    let (r, c) = (whole("rows", rows, 1)?, whole("cols", cols, 1)?);
    let (s, d) = reg.get_in_out(("src", src), ("dst", dst))?;
    matrix("src", s.len(), r, c, "rows*cols")?;
    matrix("dst", d.len(), r, c, "rows*cols")?;
    match (s, d) {
        (Buffer::U8(s), Buffer::U8(d)) => numeric::transpose_par(s, d, r, c),
        (Buffer::U32(s), Buffer::U32(d)) => numeric::transpose_par(s, d, r, c),
        (Buffer::I32(s), Buffer::I32(d)) => numeric::transpose_par(s, d, r, c),
        (Buffer::F32(s), Buffer::F32(d)) => numeric::transpose_par(s, d, r, c),
        (Buffer::F64(s), Buffer::F64(d)) => numeric::transpose_par(s, d, r, c),
        (s, d) => return Err(wrong_type("dst", s.element_type().name(), d)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::ops::alloc;

    #[test]
    fn matmul_checks_shapes_types_and_aliasing() {
        let mut reg = Registry::new();
        let (a, _) = alloc(&mut reg, "f32", 6.0).unwrap();
        let (b, _) = alloc(&mut reg, "f32", 6.0).unwrap();
        let (c, _) = alloc(&mut reg, "f32", 4.0).unwrap();
        let (d, _) = alloc(&mut reg, "f64", 4.0).unwrap();
        assert!(matmul(&mut reg, a, b, c, 2.0, 3.0, 2.0).is_ok());
        assert_eq!(matmul(&mut reg, a, b, c, 2.0, 3.0, 3.0).unwrap_err().message(), "b must hold k*n = 3*3 elements, got 6");
        assert_eq!(matmul(&mut reg, a, b, d, 2.0, 3.0, 2.0).unwrap_err().message(), "c must be a f32 buffer, got a f64 buffer");
        assert!(matmul(&mut reg, a, b, a, 2.0, 3.0, 2.0).is_err());
        assert!(reg.get("c", c).is_ok(), "c is back in the registry after an error");
        assert!(matmul(&mut reg, a, a, c, 2.0, 3.0, 2.0).is_ok(), "a may be both operands");
    }

    #[test]
    fn convolve_needs_an_odd_square_of_finite_weights() {
        let mut reg = Registry::new();
        let (img, _) = alloc(&mut reg, "u8", 16.0).unwrap();
        let (out, _) = alloc(&mut reg, "u8", 16.0).unwrap();
        let (even, _) = alloc(&mut reg, "f32", 4.0).unwrap();
        let (big, _) = alloc(&mut reg, "f32", 289.0).unwrap();
        let (nan, _) = alloc(&mut reg, "f32", 9.0).unwrap();
        if let Buffer::F32(v) = reg.get_mut("k", nan).unwrap() {
            v[4] = f32::NAN;
        }
        assert!(convolve(&mut reg, img, 2.0, 2.0, even, out).unwrap_err().message().starts_with("kernel must hold size*size weights"));
        assert!(convolve(&mut reg, img, 2.0, 2.0, big, out).is_err());
        assert_eq!(convolve(&mut reg, img, 2.0, 2.0, nan, out).unwrap_err().message(), "kernel weights must be finite, got NaN at index 4");
    }
}
