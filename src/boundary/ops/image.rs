//! Operations on RGBA `u8` images (and the `u8` plane of `grayscalePlane`): validate every
//! argument, then run the parallel kernel of `kernels::image`.

use super::in_place_or_into::{self, Forms};
use crate::boundary::args::{
    box_radius, dimensions, image_mut, in_range, js_number, parallel, rgba, rgba_mut, sigma as check_sigma, whole, wrong_type,
};
use crate::boundary::limits::MAX_KERNEL_SIZE;
use crate::boundary::{BoundaryError, Buffer, Registry};
use crate::kernels::{Run, image};

/// In-place BT.601 grayscale of an RGBA `u8` image.
pub fn grayscale(reg: &mut Registry, img: u32, width: f64, height: f64) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    image::grayscale(rgba_mut("image", reg.get_mut("image", img)?, w, h)?.into_data(), parallel(&call));
    Ok(())
}

/// The BT.601 luma of an RGBA `u8` image into a `u8` plane of one byte per pixel.
pub fn grayscale_plane(reg: &mut Registry, img: u32, width: f64, height: f64, output: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    let (src, dst) = (rgba("image", src, w, h)?, image_mut::<u8, 1>("output", dst, w, h)?);
    image::grayscale_plane(src.data(), dst.into_data(), parallel(&call));
    Ok(())
}

/// In-place colour inversion of an RGBA `u8` image.
pub fn invert(reg: &mut Registry, img: u32, width: f64, height: f64) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    image::invert(rgba_mut("image", reg.get_mut("image", img)?, w, h)?.into_data(), parallel(&call));
    Ok(())
}

/// Gaussian blur of an RGBA `u8` image, in place or (with `output`) into a second buffer.
pub fn gaussian_blur(reg: &mut Registry, img: u32, width: f64, height: f64, sigma: f64, output: Option<u32>) -> Result<(), BoundaryError> {
    let size = dimensions(width, height)?;
    let sigma = check_sigma(sigma)?;
    in_place_or_into::run(
        reg,
        img,
        size,
        sigma,
        output,
        Forms { into: image::gaussian_blur, in_place: image::gaussian_blur_in_place, scratch_len: image::gaussian_blur_scratch_len },
    )
}

/// Per-channel histogram of an RGBA `u8` image: 1024 counts (R, G, B, A × 256).
pub fn histogram(reg: &mut Registry, img: u32, width: f64, height: f64) -> Result<Vec<u32>, BoundaryError> {
    let (w, h) = dimensions(width, height)?;
    let call = reg.call();
    Ok(image::histogram(rgba("image", reg.get("image", img)?, w, h)?.data(), parallel(&call)))
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
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    let b = in_range("brightness", brightness, -255.0, 255.0)? as f32;
    let c = in_range("contrast", contrast, 0.0, 100.0)? as f32;
    image::brightness_contrast(rgba_mut("image", reg.get_mut("image", img)?, w, h)?.into_data(), b, c, parallel(&call));
    Ok(())
}

/// Black and white by luma against `level` (0..=255), in place.
pub fn threshold(reg: &mut Registry, img: u32, width: f64, height: f64, level: f64) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    let level = whole("level", level, 0)?;
    if level > 255 {
        return Err(BoundaryError::range("level", format!("level must be between 0 and 255, got {level}")));
    }
    image::threshold(rgba_mut("image", reg.get_mut("image", img)?, w, h)?.into_data(), level as u8, parallel(&call));
    Ok(())
}

/// Box blur of `radius` (1..=1000), in place or into `output`.
pub fn box_blur(reg: &mut Registry, img: u32, width: f64, height: f64, radius: f64, output: Option<u32>) -> Result<(), BoundaryError> {
    let size = dimensions(width, height)?;
    let r = box_radius(radius)?;
    in_place_or_into::run(
        reg,
        img,
        size,
        r,
        output,
        Forms { into: image::box_blur, in_place: image::box_blur_in_place, scratch_len: image::box_blur_scratch_len },
    )
}

/// Sobel edge magnitude of `image` into `output`.
pub fn sobel(reg: &mut Registry, img: u32, width: f64, height: f64, output: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    reg.with_scratch(w * h, |reg, luma| {
        let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
        image::sobel(rgba("image", src, w, h)?, rgba_mut("output", dst, w, h)?, luma, parallel(&call));
        Ok(())
    })
}

/// Checks `convolve`'s arguments; returns (width, height, weights, kernel size).
pub(crate) fn convolve_args(
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
pub(crate) fn kernel_weights(reg: &Registry, kernel: u32) -> Result<(Vec<f32>, usize), BoundaryError> {
    let weights: Vec<f32> = match reg.get("kernel", kernel)? {
        Buffer::F32(k) => k.clone(),
        other => return Err(wrong_type("kernel", "f32", other)),
    };
    let size = (1..=MAX_KERNEL_SIZE).step_by(2).find(|s| s * s == weights.len()).ok_or_else(|| {
        BoundaryError::range(
            "kernel",
            format!("kernel must hold size*size weights for an odd size from 1 to {}, got {} weights", MAX_KERNEL_SIZE, weights.len()),
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
pub(crate) type ConvolveFn = fn(image::Rgba, image::RgbaMut, &mut [f32], &[f32], usize, Run);

/// Validates, then runs `kernel_fn` (the explicit-SIMD or the portable convolution).
#[allow(clippy::too_many_arguments)]
pub(crate) fn convolve_run(
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
    let call = reg.call();
    reg.with_scratch(image::convolve_padded_len(w, h, size), |reg, padded| {
        let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
        kernel_fn(
            rgba("image", src, w, h)?,
            rgba_mut("output", dst, w, h)?,
            padded,
            &weights,
            size,
            Run::parallel(parallel).reporting(&call),
        );
        Ok(())
    })
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
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    let sigma = check_sigma(sigma)?;
    let amount = in_range("amount", amount, 0.0, 100.0)? as f32;
    let len = w * h * image::CHANNELS;
    rgba("image", reg.get("image", img)?, w, h)?;
    reg.with_scratch(len, |reg, blurred: &mut [u8]| {
        reg.with_scratch(image::gaussian_blur_scratch_len(w, h, sigma, false), |reg, scratch| {
            let blurred = image::RgbaMut::new(&mut *blurred, w, h).map_err(|e| BoundaryError::range("image", format!("image: {e}")))?;
            image::gaussian_blur(rgba("image", reg.get("image", img)?, w, h)?, blurred, scratch, sigma, parallel(&call));
            Ok(())
        })?;
        sharpen_onto(reg, img, w, h, blurred, amount, output)
    })
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
    let call = reg.call();
    let target = match output {
        None => rgba_mut("image", reg.get_mut("image", img)?, w, h)?.into_data(),
        Some(out) => {
            let (src, dst) = reg.get_in_out(("image", img), ("output", out))?;
            let src = rgba("image", src, w, h)?;
            let dst = rgba_mut("output", dst, w, h)?.into_data();
            dst.copy_from_slice(src.data());
            dst
        }
    };
    image::sharpen_with(target, blurred, amount, parallel(&call));
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
    let call = reg.call();
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
    image::resample(rgba("image", src, w, h)?, rgba_mut("output", dst, ow, oh)?, filter, parallel(&call));
    Ok(())
}

/// 90° clockwise rotation of `image` into `output` (`height × width`).
pub fn rotate90(reg: &mut Registry, img: u32, width: f64, height: f64, output: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    let (src, dst) = (rgba("image", src, w, h)?, rgba_mut("output", dst, h, w)?);
    image::rotate90(src, dst, parallel(&call));
    Ok(())
}

/// Flip in place; `direction` is 'horizontal' (left–right) or 'vertical' (top–bottom).
pub fn flip(reg: &mut Registry, img: u32, width: f64, height: f64, direction: &str) -> Result<(), BoundaryError> {
    let call = reg.call();
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
    image::flip(rgba_mut("image", reg.get_mut("image", img)?, w, h)?, horizontal, parallel(&call));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::alloc;

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
