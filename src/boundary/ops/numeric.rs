//! Operations on numeric buffers (and the Mandelbrot set, computed into bytes): validate
//! every argument, then run the parallel kernel of `kernels::numeric`.

use crate::boundary::args::{dimensions, finite, image_mut, js_number, matrix, parallel, same_length, whole, wrong_type};
use crate::boundary::limits::{MAX_BINS, MAX_ITERATIONS};
use crate::boundary::{BoundaryError, Buffer, Registry};
use crate::kernels::{Run, numeric};

/// Sum of a buffer of any element type: exact for `u8` and `i32`, deterministic for floats
/// (the same bits on any thread count).
pub fn sum(reg: &mut Registry, xs: u32) -> Result<f64, BoundaryError> {
    let call = reg.call();
    Ok(match reg.get("xs", xs)? {
        Buffer::U8(v) => numeric::sum_int(v, parallel(&call)),
        Buffer::U32(v) => numeric::sum_int(v, parallel(&call)),
        Buffer::I32(v) => numeric::sum_int(v, parallel(&call)),
        Buffer::F32(v) => numeric::sum(v, parallel(&call)),
        Buffer::F64(v) => numeric::sum(v, parallel(&call)),
    })
}

/// Dot product of two buffers of the same float type and length (may be the same buffer).
pub fn dot(reg: &mut Registry, a: u32, b: u32) -> Result<f64, BoundaryError> {
    let call = reg.call();
    match (reg.get("a", a)?, reg.get("b", b)?) {
        (Buffer::F32(x), Buffer::F32(y)) => same_length(("a", x.len()), ("b", y.len())).map(|_| numeric::dot(x, y, parallel(&call))),
        (Buffer::F64(x), Buffer::F64(y)) => same_length(("a", x.len()), ("b", y.len())).map(|_| numeric::dot(x, y, parallel(&call))),
        (x @ (Buffer::F32(_) | Buffer::F64(_)), y) => Err(wrong_type("b", x.element_type().name(), y)),
        (x, _) => Err(wrong_type("a", "f32 or f64", x)),
    }
}

/// `y = alpha * x + y` over two different buffers of the same float type and length.
pub fn axpy(reg: &mut Registry, alpha: f64, x: u32, y: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    let alpha = finite("alpha", alpha)?;
    match reg.get_in_out(("x", x), ("y", y))? {
        (Buffer::F32(x), Buffer::F32(y)) => {
            same_length(("x", x.len()), ("y", y.len()))?;
            numeric::axpy(alpha as f32, x, y, parallel(&call));
        }
        (Buffer::F64(x), Buffer::F64(y)) => {
            same_length(("x", x.len()), ("y", y.len()))?;
            numeric::axpy(alpha, x, y, parallel(&call));
        }
        (x @ (Buffer::F32(_) | Buffer::F64(_)), y) => return Err(wrong_type("y", x.element_type().name(), y)),
        (x, _) => return Err(wrong_type("x", "f32 or f64", x)),
    }
    Ok(())
}

/// `xs = alpha * xs` in place.
pub fn scale(reg: &mut Registry, xs: u32, alpha: f64) -> Result<(), BoundaryError> {
    let call = reg.call();
    let alpha = finite("alpha", alpha)?;
    match reg.get_mut("xs", xs)? {
        Buffer::F32(v) => numeric::scale(alpha as f32, v, parallel(&call)),
        Buffer::F64(v) => numeric::scale(alpha, v, parallel(&call)),
        other => return Err(wrong_type("xs", "f32 or f64", other)),
    }
    Ok(())
}

/// Mandelbrot escape values into a `u8` buffer of `width * height` bytes.
/// `region` is `[x_min, y_min, x_max, y_max]` with `x_min < x_max`, `y_min < y_max`.
pub fn mandelbrot(reg: &mut Registry, output: u32, width: f64, height: f64, max_iter: f64, region: [f64; 4]) -> Result<(), BoundaryError> {
    let call = reg.call();
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
    let out = image_mut::<u8, 1>("output", reg.get_mut("output", output)?, w, h)?.into_data();
    numeric::mandelbrot(out, w, h, max_iter as u32, numeric::Region { x_min, y_min, x_max, y_max }, parallel(&call));
    Ok(())
}

/// Extremes and their first indices, NaN skipped; `None` when no number is present.
pub fn min_max(reg: &mut Registry, xs: u32) -> Result<Option<numeric::MinMax>, BoundaryError> {
    let call = reg.call();
    match reg.get("xs", xs)? {
        Buffer::F32(v) => Ok(numeric::min_max(v, parallel(&call))),
        Buffer::F64(v) => Ok(numeric::min_max(v, parallel(&call))),
        other => Err(wrong_type("xs", "f32 or f64", other)),
    }
}

/// Euclidean norm.
pub fn norm(reg: &mut Registry, xs: u32) -> Result<f64, BoundaryError> {
    let call = reg.call();
    match reg.get("xs", xs)? {
        Buffer::F32(v) => Ok(numeric::norm(v, parallel(&call))),
        Buffer::F64(v) => Ok(numeric::norm(v, parallel(&call))),
        other => Err(wrong_type("xs", "f32 or f64", other)),
    }
}

/// Inclusive prefix sum in place.
pub fn prefix_sum(reg: &mut Registry, xs: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    match reg.get_mut("xs", xs)? {
        Buffer::F32(v) => numeric::prefix_sum(v, parallel(&call)),
        Buffer::F64(v) => numeric::prefix_sum(v, parallel(&call)),
        other => return Err(wrong_type("xs", "f32 or f64", other)),
    }
    Ok(())
}

/// Counts of values in `bins` equal bins over `[min, max]`.
pub fn histogram_values(reg: &mut Registry, xs: u32, bins: f64, min: f64, max: f64) -> Result<Vec<u32>, BoundaryError> {
    let call = reg.call();
    let bins = whole("bins", bins, 1)?;
    if bins > MAX_BINS {
        return Err(BoundaryError::range("bins", format!("bins must be between 1 and {MAX_BINS}, got {bins}")));
    }
    let (min, max) = (finite("min", min)?, finite("max", max)?);
    if min >= max {
        return Err(BoundaryError::range("min", format!("min must be less than max, got {} and {}", js_number(min), js_number(max))));
    }
    match reg.get("xs", xs)? {
        Buffer::F32(v) => Ok(numeric::histogram_values(v, bins, min, max, parallel(&call))),
        Buffer::F64(v) => Ok(numeric::histogram_values(v, bins, min, max, parallel(&call))),
        other => Err(wrong_type("xs", "f32 or f64", other)),
    }
}

/// Sorts in place: floats ascending with NaN last; integers ascending.
pub fn sort(reg: &mut Registry, xs: u32) -> Result<(), BoundaryError> {
    let call = reg.call();
    let run = parallel(&call);
    match reg.get_mut("xs", xs)? {
        Buffer::U8(v) => sort_with_scratch(v, numeric::sort_int, run),
        Buffer::U32(v) => sort_with_scratch(v, numeric::sort_int, run),
        Buffer::I32(v) => sort_with_scratch(v, numeric::sort_int, run),
        Buffer::F32(v) => sort_with_scratch(v, numeric::sort_f32, run),
        Buffer::F64(v) => sort_with_scratch(v, numeric::sort_f64, run),
    }
}

fn sort_with_scratch<T: Default + Clone>(xs: &mut [T], sort: fn(&mut [T], &mut [T], Run), run: Run) -> Result<(), BoundaryError> {
    let mut scratch = sort_scratch(xs.len(), run)?;
    sort(xs, &mut scratch, run);
    Ok(())
}

/// The parallel sort's merge buffer, or an error (before anything is touched) if memory
/// cannot grow to hold it.
fn sort_scratch<T: Default + Clone>(len: usize, run: Run) -> Result<Vec<T>, BoundaryError> {
    let len = numeric::sort_scratch_len(len, run);
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| {
        BoundaryError::out_of_memory(len.saturating_mul(std::mem::size_of::<T>()), format!(
            "sort: out of memory: sorting {len} elements needs a second buffer of the same size, which does not fit in the remaining wasm memory"
        ))
    })?;
    v.resize(len, T::default());
    Ok(v)
}

/// `c = a · b` for row-major `a` (`m × k`), `b` (`k × n`), `c` (`m × n`), all f32 or all f64.
pub fn matmul(reg: &mut Registry, a: u32, b: u32, c: u32, m: f64, k: f64, n: f64) -> Result<(), BoundaryError> {
    let call = reg.call();
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
                numeric::matmul(x, y, z, m, k, n, parallel(&call));
            }
            (Buffer::F64(x), Buffer::F64(y), Buffer::F64(z)) => {
                check_matmul(x.len(), y.len(), z.len(), m, k, n)?;
                numeric::matmul(x, y, z, m, k, n, parallel(&call));
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
    let call = reg.call();
    let (r, c) = (whole("rows", rows, 1)?, whole("cols", cols, 1)?);
    let (s, d) = reg.get_in_out(("src", src), ("dst", dst))?;
    matrix("src", s.len(), r, c, "rows*cols")?;
    matrix("dst", d.len(), r, c, "rows*cols")?;
    match (s, d) {
        (Buffer::U8(s), Buffer::U8(d)) => numeric::transpose(s, d, r, c, parallel(&call)),
        (Buffer::U32(s), Buffer::U32(d)) => numeric::transpose(s, d, r, c, parallel(&call)),
        (Buffer::I32(s), Buffer::I32(d)) => numeric::transpose(s, d, r, c, parallel(&call)),
        (Buffer::F32(s), Buffer::F32(d)) => numeric::transpose(s, d, r, c, parallel(&call)),
        (Buffer::F64(s), Buffer::F64(d)) => numeric::transpose(s, d, r, c, parallel(&call)),
        (s, d) => return Err(wrong_type("dst", s.element_type().name(), d)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::alloc;

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
}
