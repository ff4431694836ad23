//! The rules every operation applies to its arguments, in one place.
//!
//! JS numbers are `f64`: a fractional, negative, NaN or huge width would be silently
//! truncated by a `u32` parameter, so every number arrives as `f64` and is checked here; a
//! buffer arrives as a handle and is checked for its element type and its size. Each error
//! names the argument first.

use super::limits::{MAX_BOX_RADIUS, MAX_DIMENSION, MAX_SIGMA};
use super::{BoundaryError, Buffer};
use crate::kernels::Run;
use crate::kernels::control::Call;
use crate::kernels::image::{Plane, PlaneMut, Rgba, RgbaMut, View, ViewMut};

/// Formats a number as JavaScript prints it (`Infinity`, not Rust's `inf`).
pub fn js_number(value: f64) -> String {
    match value {
        f64::INFINITY => "Infinity".into(),
        f64::NEG_INFINITY => "-Infinity".into(),
        v if v != 0.0 && (v.abs() >= 1e21 || v.abs() < 1e-6) => {
            // JS writes exponents with a sign: 1e+300, 1e-7.
            let e = format!("{v:e}");
            if e.contains("e-") { e } else { e.replace('e', "e+") }
        }
        v => v.to_string(),
    }
}

/// A whole number in `min..=MAX_DIMENSION`.
pub fn whole(name: &'static str, value: f64, min: usize) -> Result<usize, BoundaryError> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(BoundaryError::type_error(name, format!("{name} must be a whole number, got {}", js_number(value))));
    }
    if value < min as f64 || value > MAX_DIMENSION as f64 {
        return Err(BoundaryError::range(name, format!("{name} must be between {min} and {MAX_DIMENSION}, got {}", js_number(value))));
    }
    Ok(value as usize)
}

/// A finite number.
pub fn finite(name: &'static str, value: f64) -> Result<f64, BoundaryError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(BoundaryError::range(name, format!("{name} must be a finite number, got {}", js_number(value))))
    }
}

/// A box-blur radius in `1..=MAX_BOX_RADIUS` (the RGBA and the plane box blur share it).
pub fn box_radius(value: f64) -> Result<usize, BoundaryError> {
    let r = whole("radius", value, 0)?;
    if !(1..=MAX_BOX_RADIUS).contains(&r) {
        return Err(BoundaryError::range("radius", format!("radius must be between 1 and {MAX_BOX_RADIUS}, got {r}")));
    }
    Ok(r)
}

/// Gaussian sigma in `(0, MAX_SIGMA]`.
pub fn sigma(value: f64) -> Result<f32, BoundaryError> {
    if value.is_finite() && value > 0.0 && value <= MAX_SIGMA {
        Ok(value as f32)
    } else {
        Err(BoundaryError::range("sigma", format!("sigma must be greater than 0 and at most {MAX_SIGMA}, got {}", js_number(value))))
    }
}

/// `width * height * channels` must equal the buffer length.
pub fn image_size(name: &'static str, len: usize, width: usize, height: usize, channels: usize) -> Result<(), BoundaryError> {
    // In u64 and against the element limit, so the rule is the same on wasm32 and natively.
    let want =
        (width as u64).checked_mul(height as u64).and_then(|p| p.checked_mul(channels as u64)).filter(|&n| n <= MAX_DIMENSION as u64);
    // "width*height*4 = 3*2*4" for RGBA, "width*height = 3*2" for one channel.
    let (rule, sizes) = match channels {
        1 => ("width*height".to_string(), format!("{width}*{height}")),
        c => (format!("width*height*{c}"), format!("{width}*{height}*{c}")),
    };
    match want {
        Some(want) if want == len as u64 => Ok(()),
        Some(want) => Err(BoundaryError::range(name, format!("{name}: {rule} = {sizes} = {want} but the buffer has {len} elements"))),
        None => Err(BoundaryError::range(name, format!("{name}: {rule} = {sizes} overflows"))),
    }
}

pub fn wrong_type(name: &'static str, want: &str, got: &Buffer) -> BoundaryError {
    wrong_type_named(name, want, got.element_type().name())
}

fn wrong_type_named(name: &'static str, want: &str, got: &str) -> BoundaryError {
    BoundaryError::type_error(name, format!("{name} must be a {want} buffer, got a {got} buffer"))
}

/// The element types images are made of, and the buffers that hold them.
pub trait Sample: Sized {
    /// The element type's name in messages.
    const NAME: &'static str;
    /// The buffer's elements, if it holds this type.
    fn of(buf: &Buffer) -> Option<&[Self]>;
    /// The buffer's elements, writable, if it holds this type.
    fn of_mut(buf: &mut Buffer) -> Option<&mut [Self]>;
}

impl Sample for u8 {
    const NAME: &'static str = "u8";
    fn of(buf: &Buffer) -> Option<&[u8]> {
        if let Buffer::U8(v) = buf { Some(v) } else { None }
    }
    fn of_mut(buf: &mut Buffer) -> Option<&mut [u8]> {
        if let Buffer::U8(v) = buf { Some(v) } else { None }
    }
}

impl Sample for f32 {
    const NAME: &'static str = "f32";
    fn of(buf: &Buffer) -> Option<&[f32]> {
        if let Buffer::F32(v) = buf { Some(v) } else { None }
    }
    fn of_mut(buf: &mut Buffer) -> Option<&mut [f32]> {
        if let Buffer::F32(v) = buf { Some(v) } else { None }
    }
}

/// `buf` as a `width × height` image: its type, then its size by [`image_size`]'s rule
/// and message; the view's own check then cannot fail, but would report, not panic.
pub fn image<'a, T: Sample, const C: usize>(
    name: &'static str,
    buf: &'a Buffer,
    width: usize,
    height: usize,
) -> Result<View<'a, T, C>, BoundaryError> {
    let data = T::of(buf).ok_or_else(|| wrong_type(name, T::NAME, buf))?;
    image_size(name, data.len(), width, height, C)?;
    View::new(data, width, height).map_err(|e| BoundaryError::range(name, format!("{name}: {e}")))
}

/// [`image`], writable.
pub fn image_mut<'a, T: Sample, const C: usize>(
    name: &'static str,
    buf: &'a mut Buffer,
    width: usize,
    height: usize,
) -> Result<ViewMut<'a, T, C>, BoundaryError> {
    let ty = buf.element_type();
    let data = T::of_mut(buf).ok_or_else(|| wrong_type_named(name, T::NAME, ty.name()))?;
    image_size(name, data.len(), width, height, C)?;
    ViewMut::new(data, width, height).map_err(|e| BoundaryError::range(name, format!("{name}: {e}")))
}

/// A `u8` buffer as a `width × height` RGBA image.
pub fn rgba<'a>(name: &'static str, buf: &'a Buffer, width: usize, height: usize) -> Result<Rgba<'a>, BoundaryError> {
    image(name, buf, width, height)
}

/// A `u8` buffer as a writable `width × height` RGBA image.
pub fn rgba_mut<'a>(name: &'static str, buf: &'a mut Buffer, width: usize, height: usize) -> Result<RgbaMut<'a>, BoundaryError> {
    image_mut(name, buf, width, height)
}

/// An `f32` buffer as a `width × height` plane.
pub fn plane<'a>(name: &'static str, buf: &'a Buffer, width: usize, height: usize) -> Result<Plane<'a>, BoundaryError> {
    image(name, buf, width, height)
}

/// An `f32` buffer as a writable `width × height` plane.
pub fn plane_mut<'a>(name: &'static str, buf: &'a mut Buffer, width: usize, height: usize) -> Result<PlaneMut<'a>, BoundaryError> {
    image_mut(name, buf, width, height)
}

pub fn dimensions(width: f64, height: f64) -> Result<(usize, usize), BoundaryError> {
    Ok((whole("width", width, 1)?, whole("height", height, 1)?))
}

pub fn in_range(name: &'static str, value: f64, min: f64, max: f64) -> Result<f64, BoundaryError> {
    let v = finite(name, value)?;
    if v < min || v > max {
        return Err(BoundaryError::range(
            name,
            format!("{name} must be between {} and {}, got {}", js_number(min), js_number(max), js_number(v)),
        ));
    }
    Ok(v)
}

pub fn same_length((a, la): (&str, usize), (b, lb): (&'static str, usize)) -> Result<(), BoundaryError> {
    if la == lb { Ok(()) } else { Err(BoundaryError::range(b, format!("{b} must have the length of {a} ({la}), got {lb}"))) }
}

pub fn matrix(name: &'static str, len: usize, rows: usize, cols: usize, what: &str) -> Result<(), BoundaryError> {
    match rows.checked_mul(cols) {
        Some(n) if n == len => Ok(()),
        _ => Err(BoundaryError::range(name, format!("{name} must hold {what} = {rows}*{cols} elements, got {len}"))),
    }
}

/// How an operation runs its kernel: in parallel, reporting to the registry's call.
pub fn parallel(call: &Call) -> Run<'_> {
    Run::PARALLEL.reporting(call)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_rejects_fractions_nan_infinity_and_out_of_range() {
        assert_eq!(whole("width", 3.0, 1), Ok(3));
        for (bad, shown) in [(1.5, "1.5"), (f64::NAN, "NaN"), (f64::INFINITY, "Infinity"), (-f64::INFINITY, "-Infinity")] {
            let e = whole("width", bad, 1).unwrap_err();
            assert_eq!(e.message(), format!("width must be a whole number, got {shown}"));
        }
        for bad in [0.0, -1.0, 2f64.powi(31), 1e300] {
            let e = whole("height", bad, 1).unwrap_err();
            assert!(e.message().starts_with("height must be between 1 and"), "{e}");
        }
        assert_eq!(whole("length", 0.0, 0), Ok(0));
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        for (v, js) in [
            (1e300, "1e+300"),
            (-2.5e21, "-2.5e+21"),
            (1e-7, "1e-7"),
            (0.5, "0.5"),
            (0.0, "0"),
            (2147483648.0, "2147483648"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(js_number(v), js);
        }
    }

    #[test]
    fn sigma_must_be_in_range() {
        assert_eq!(sigma(20.0), Ok(20.0));
        for bad in [0.0, -1.0, 20.01, f64::NAN] {
            assert!(sigma(bad).unwrap_err().message().contains("sigma must be greater than 0"));
        }
    }

    #[test]
    fn image_size_names_the_product_and_the_length() {
        assert!(image_size("image", 40_000, 100, 100, 4).is_ok());
        let e = image_size("image", 39_996, 100, 100, 4).unwrap_err();
        assert_eq!(e.message(), "image: width*height*4 = 100*100*4 = 40000 but the buffer has 39996 elements");
        let e = image_size("image", 4, usize::MAX, 2, 4).unwrap_err();
        assert!(e.message().ends_with("overflows"), "{e}");
    }
}
