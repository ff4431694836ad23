//! Operations for the single-channel `f32` image kernels (`image::*_plane`): the same rules
//! as their RGBA twins, on `width * height` floats.

use super::image::kernel_weights;
use super::in_place_or_into::{self, Forms};
use crate::boundary::args::{box_radius, dimensions, parallel, plane, plane_mut, sigma as check_sigma};
use crate::boundary::{BoundaryError, Registry};
use crate::kernels::image;

/// Gaussian blur of an f32 plane, in place or into `output`.
pub fn gaussian_blur_f32(
    reg: &mut Registry,
    img: u32,
    width: f64,
    height: f64,
    sigma: f64,
    output: Option<u32>,
) -> Result<(), BoundaryError> {
    let size = dimensions(width, height)?;
    let sigma = check_sigma(sigma)?;
    in_place_or_into::run(
        reg,
        img,
        size,
        sigma,
        output,
        Forms {
            into: image::gaussian_blur_plane,
            in_place: image::gaussian_blur_plane_in_place,
            scratch_len: in_place_or_into::whole_image,
        },
    )
}

/// Box blur (mean of the `(2r+1)²` box) of an f32 plane, in place or into `output`.
pub fn box_blur_f32(reg: &mut Registry, img: u32, width: f64, height: f64, radius: f64, output: Option<u32>) -> Result<(), BoundaryError> {
    let size = dimensions(width, height)?;
    let r = box_radius(radius)?;
    in_place_or_into::run(
        reg,
        img,
        size,
        r,
        output,
        Forms { into: image::box_blur_plane, in_place: image::box_blur_plane_in_place, scratch_len: in_place_or_into::whole_image },
    )
}

/// Correlation of an f32 plane with the square f32 `kernel` (odd size up to 15) into `output`.
pub fn convolve_f32(reg: &mut Registry, img: u32, width: f64, height: f64, kernel: u32, output: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    let (weights, size) = kernel_weights(reg, kernel)?;
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    image::convolve_plane(plane("image", src, w, h)?, plane_mut("output", dst, w, h)?, &weights, size, parallel(&call));
    Ok(())
}

/// Sobel gradient magnitude of an f32 plane into `output`.
pub fn sobel_f32(reg: &mut Registry, img: u32, width: f64, height: f64, output: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    let (w, h) = dimensions(width, height)?;
    let (src, dst) = reg.get_in_out(("image", img), ("output", output))?;
    image::sobel_plane(plane("image", src, w, h)?, plane_mut("output", dst, w, h)?, parallel(&call));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::Buffer;
    use crate::boundary::alloc;

    fn filled(reg: &mut Registry, len: usize) -> u32 {
        let (h, _) = alloc(reg, "f32", len as f64).unwrap();
        if let Buffer::F32(v) = reg.get_mut("x", h).unwrap() {
            v.iter_mut().enumerate().for_each(|(i, x)| *x = (i % 13) as f32);
        }
        h
    }

    fn values(reg: &Registry, h: u32) -> Vec<f32> {
        match reg.get("x", h).unwrap() {
            Buffer::F32(v) => v.clone(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn in_place_equals_into_output() {
        let mut reg = Registry::new();
        let (a, b, out) = (filled(&mut reg, 35), filled(&mut reg, 35), filled(&mut reg, 35));
        gaussian_blur_f32(&mut reg, a, 7.0, 5.0, 1.5, None).unwrap();
        gaussian_blur_f32(&mut reg, b, 7.0, 5.0, 1.5, Some(out)).unwrap();
        assert_eq!(values(&reg, a), values(&reg, out));
        let (c, d) = (filled(&mut reg, 35), filled(&mut reg, 35));
        box_blur_f32(&mut reg, c, 7.0, 5.0, 2.0, None).unwrap();
        box_blur_f32(&mut reg, d, 7.0, 5.0, 2.0, Some(out)).unwrap();
        assert_eq!(values(&reg, c), values(&reg, out));
    }

    #[test]
    fn bad_planes_are_named_errors_and_leave_data_intact() {
        let mut reg = Registry::new();
        let img = filled(&mut reg, 12);
        let before = values(&reg, img);
        let (bytes, _) = alloc(&mut reg, "u8", 12.0).unwrap();
        let e = gaussian_blur_f32(&mut reg, bytes, 4.0, 3.0, 1.0, None).unwrap_err();
        assert_eq!(e.message(), "image must be a f32 buffer, got a u8 buffer");
        let e = sobel_f32(&mut reg, img, 4.0, 4.0, img).unwrap_err();
        assert_eq!(e.message(), "output must be a different buffer from image");
        let out = filled(&mut reg, 12);
        let e = sobel_f32(&mut reg, img, 4.0, 4.0, out).unwrap_err();
        assert_eq!(e.message(), "image: width*height = 4*4 = 16 but the buffer has 12 elements");
        let e = box_blur_f32(&mut reg, img, 4.0, 3.0, 0.0, None).unwrap_err();
        assert_eq!(e.message(), "radius must be between 1 and 1000, got 0");
        let e = gaussian_blur_f32(&mut reg, img, 4.0, 3.0, f64::NAN, None).unwrap_err();
        assert!(e.message().starts_with("sigma must be"), "{}", e.message());
        assert_eq!(values(&reg, img), before);
    }
}
