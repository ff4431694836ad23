//! Operations behind the benchmark's low-level scenarios (locality, calls, strings). They
//! are not engine methods: the benchmark worker calls them on the raw threads build. Same
//! rules as `ops`: every argument validated, no panic possible.

use super::args::{finite, image_size, whole, wrong_type};
use super::limits::MAX_COUNTERS;
use super::{BoundaryError, Buffer, Registry};
use crate::kernels::{Run, image, locality, numeric, text};
use std::sync::atomic::AtomicU32;

fn f32s<'a>(name: &'static str, buf: &'a Buffer) -> Result<&'a [f32], BoundaryError> {
    match buf {
        Buffer::F32(v) => Ok(v),
        other => Err(wrong_type(name, "f32", other)),
    }
}

fn f32s_mut<'a>(name: &'static str, buf: &'a mut Buffer) -> Result<&'a mut [f32], BoundaryError> {
    match buf {
        Buffer::F32(v) => Ok(v),
        other => Err(wrong_type(name, "f32", other)),
    }
}

/// The element range `start..start + count` of a buffer of `len` elements.
fn range(len: usize, start: f64, count: f64) -> Result<std::ops::Range<usize>, BoundaryError> {
    let start = whole("start", start, 0)?;
    let count = whole("count", count, 0)?;
    match start.checked_add(count) {
        Some(end) if end <= len => Ok(start..end),
        _ => Err(BoundaryError::range("count", format!("count: start + count = {start} + {count} is past the buffer's {len} elements"))),
    }
}

/// `xs[start..start + count] *= alpha`, sequentially: the unit of the per-call scenario.
pub fn scale_range(reg: &mut Registry, xs: u32, start: f64, count: f64, alpha: f64) -> Result<(), BoundaryError> {
    let alpha = finite("alpha", alpha)? as f32;
    let v = f32s_mut("xs", reg.get_mut("xs", xs)?)?;
    let r = range(v.len(), start, count)?;
    numeric::scale(alpha, &mut v[r], Run::SEQUENTIAL);
    Ok(())
}

/// One element, read through a call: the getter side of the per-element scenario.
pub fn get_f32(reg: &mut Registry, xs: u32, index: f64) -> Result<f32, BoundaryError> {
    let v = f32s("xs", reg.get("xs", xs)?)?;
    let r = range(v.len(), index, 1.0)?;
    Ok(v[r.start])
}

/// Sum of a `rows × cols` row-major `f32` matrix, in the given traversal order.
pub fn sum_matrix(reg: &mut Registry, m: u32, rows: f64, cols: f64, column_major: bool) -> Result<f64, BoundaryError> {
    let (rows, cols) = (whole("rows", rows, 1)?, whole("cols", cols, 1)?);
    let v = f32s("matrix", reg.get("matrix", m)?)?;
    image_size("matrix", v.len(), rows, cols, 1)?;
    Ok(if column_major { locality::sum_column_major(v, rows, cols) } else { locality::sum_row_major(v, rows, cols) })
}

/// Total particle mass from either layout (`aos`: 8 fields per particle; else the mass array).
pub fn total_mass(reg: &mut Registry, particles: u32, aos: bool) -> Result<f64, BoundaryError> {
    let v = f32s("particles", reg.get("particles", particles)?)?;
    if aos {
        if v.len() % locality::PARTICLE_FIELDS != 0 {
            return Err(BoundaryError::range(
                "particles",
                format!("particles: {} elements is not a whole number of {}-field particles", v.len(), locality::PARTICLE_FIELDS),
            ));
        }
        Ok(locality::total_mass_aos(v))
    } else {
        Ok(locality::total_mass_soa(v))
    }
}

/// Sequential transpose of a `rows × cols` `f32` matrix into a different buffer.
pub fn transpose(reg: &mut Registry, src: u32, dst: u32, rows: f64, cols: f64, tiled: bool) -> Result<(), BoundaryError> {
    let (rows, cols) = (whole("rows", rows, 1)?, whole("cols", cols, 1)?);
    let (s, d) = reg.get_in_out(("src", src), ("dst", dst))?;
    let (s, d) = (f32s("src", s)?, f32s_mut("dst", d)?);
    image_size("src", s.len(), rows, cols, 1)?;
    image_size("dst", d.len(), rows, cols, 1)?;
    if tiled {
        numeric::transpose(s, d, rows, cols, Run::SEQUENTIAL);
    } else {
        numeric::transpose_naive(s, d, rows, cols);
    }
    Ok(())
}

/// The false-sharing demo: see [`locality::count_by_thread`].
pub fn count_by_thread(threads: f64, counters: f64, rounds: f64, interleaved: bool) -> Result<f64, BoundaryError> {
    let threads = whole("threads", threads, 1)?.min(256);
    let n = whole("counters", counters, 0)?;
    if n > MAX_COUNTERS {
        return Err(BoundaryError::range("counters", format!("counters must be at most {MAX_COUNTERS}, got {n}")));
    }
    let rounds = whole("rounds", rounds, 0)?.min(u32::MAX as usize) as u32;
    let cells: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
    Ok(locality::count_by_thread(&cells, threads, rounds, interleaved) as f64)
}

/// One-thread convolution with the explicit SIMD inner loop or the portable one, for the
/// benchmark's SIMD scenario; the same rules as `convolve`.
pub fn convolve_variant(
    reg: &mut Registry,
    img: u32,
    width: f64,
    height: f64,
    kernel: u32,
    output: u32,
    simd: bool,
) -> Result<(), BoundaryError> {
    let run = if simd { image::convolve } else { image::convolve_portable };
    super::ops::image::convolve_run(reg, img, width, height, kernel, output, run, false)
}

/// Reverses the UTF-8 text in `src` (a `u8` buffer) into `dst` of the same length.
pub fn reverse_utf8(reg: &mut Registry, src: u32, dst: u32) -> Result<(), BoundaryError> {
    let (s, d) = reg.get_in_out(("src", src), ("dst", dst))?;
    let (Buffer::U8(s), Buffer::U8(d)) = (s, d) else {
        return Err(BoundaryError::type_error("src", "src and dst must be u8 buffers"));
    };
    if s.len() != d.len() {
        return Err(BoundaryError::range("dst", format!("dst must have the length of src ({}), got {}", s.len(), d.len())));
    }
    let text = std::str::from_utf8(s).map_err(|e| BoundaryError::type_error("src", format!("src is not valid UTF-8: {e}")))?;
    text::reverse_utf8_into(text, d);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::alloc;

    #[test]
    fn ranges_are_checked() {
        let mut reg = Registry::new();
        let (h, _) = alloc(&mut reg, "f32", 10.0).unwrap();
        assert!(scale_range(&mut reg, h, 8.0, 2.0, 2.0).is_ok());
        let e = scale_range(&mut reg, h, 8.0, 3.0, 2.0).unwrap_err();
        assert_eq!(e.message(), "count: start + count = 8 + 3 is past the buffer's 10 elements");
        assert!(get_f32(&mut reg, h, 10.0).is_err());
        assert_eq!(get_f32(&mut reg, h, 9.0), Ok(0.0));
    }

    #[test]
    fn reverse_utf8_rejects_invalid_text_and_reverses_valid_text() {
        let mut reg = Registry::new();
        let (src, _) = alloc(&mut reg, "u8", 3.0).unwrap();
        let (dst, _) = alloc(&mut reg, "u8", 3.0).unwrap();
        if let Buffer::U8(v) = reg.get_mut("src", src).unwrap() {
            v.copy_from_slice(&[0xff, b'a', b'b']);
        }
        assert!(reverse_utf8(&mut reg, src, dst).unwrap_err().message().starts_with("src is not valid UTF-8"));
        if let Buffer::U8(v) = reg.get_mut("src", src).unwrap() {
            v.copy_from_slice("éa".as_bytes());
        }
        reverse_utf8(&mut reg, src, dst).unwrap();
        let Buffer::U8(out) = reg.get("dst", dst).unwrap() else { unreachable!() };
        assert_eq!(out.as_slice(), "aé".as_bytes());
    }

    #[test]
    fn counters_are_bounded() {
        assert_eq!(count_by_thread(2.0, 100.0, 3.0, true), Ok(300.0));
        assert!(count_by_thread(2.0, (MAX_COUNTERS + 1) as f64, 1.0, false).is_err());
    }
}
