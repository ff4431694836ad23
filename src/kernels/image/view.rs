//! Image views: a slice with its width and height, checked once when the view is made, so a
//! kernel takes one argument per image instead of a slice and two sizes that could disagree
//! (as `imageproc` passes an `ImageBuffer`, but borrowed: the pixels stay in the caller's
//! buffer, which in the wasm build is a buffer in shared memory).
//!
//! `C` is the number of values per pixel: 4 for interleaved RGBA bytes, 1 for a plane.

use std::fmt;

/// A `width × height` image of `C` values of `T` per pixel, rows packed, read only.
#[derive(Clone, Copy)]
pub struct View<'a, T, const C: usize> {
    data: &'a [T],
    width: usize,
    height: usize,
}

/// A `width × height` image of `C` values of `T` per pixel, rows packed, writable.
pub struct ViewMut<'a, T, const C: usize> {
    data: &'a mut [T],
    width: usize,
    height: usize,
}

/// An RGBA image of `u8`, 4 bytes per pixel.
pub type Rgba<'a> = View<'a, u8, 4>;
/// A writable RGBA image of `u8`.
pub type RgbaMut<'a> = ViewMut<'a, u8, 4>;
/// A single-channel `f32` plane, one value per pixel.
pub type Plane<'a> = View<'a, f32, 1>;
/// A writable `f32` plane.
pub type PlaneMut<'a> = ViewMut<'a, f32, 1>;

/// A slice whose length is not `width × height × channels`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeError {
    /// Values the size calls for (`None` if the product overflows `usize`).
    pub expected: Option<usize>,
    /// Values the slice holds.
    pub actual: usize,
}

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.expected {
            Some(n) => write!(f, "expected {n} values (width × height × channels), got {}", self.actual),
            None => write!(f, "width × height × channels overflows, got {} values", self.actual),
        }
    }
}

impl std::error::Error for SizeError {}

fn check_len<const C: usize>(len: usize, width: usize, height: usize) -> Result<(), SizeError> {
    let expected = width.checked_mul(height).and_then(|n| n.checked_mul(C));
    if expected == Some(len) { Ok(()) } else { Err(SizeError { expected, actual: len }) }
}

impl<'a, T, const C: usize> View<'a, T, C> {
    /// Views `data` as `width × height` pixels; `data` must hold exactly `width * height * C` values.
    pub fn new(data: &'a [T], width: usize, height: usize) -> Result<Self, SizeError> {
        check_len::<C>(data.len(), width, height)?;
        Ok(View { data, width, height })
    }

    /// The values, row by row.
    pub fn data(&self) -> &'a [T] {
        self.data
    }

    /// Pixels per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// `(width, height)`.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }
}

impl<'a, T, const C: usize> ViewMut<'a, T, C> {
    /// Views `data` as `width × height` pixels; `data` must hold exactly `width * height * C` values.
    pub fn new(data: &'a mut [T], width: usize, height: usize) -> Result<Self, SizeError> {
        check_len::<C>(data.len(), width, height)?;
        Ok(ViewMut { data, width, height })
    }

    /// The values, row by row.
    pub fn data(&self) -> &[T] {
        self.data
    }

    /// The values, row by row, writable.
    pub fn data_mut(&mut self) -> &mut [T] {
        self.data
    }

    /// The values, giving up the view.
    pub fn into_data(self) -> &'a mut [T] {
        self.data
    }

    /// Pixels per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// `(width, height)`.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// A read-only view of the same pixels.
    pub fn as_view(&self) -> View<'_, T, C> {
        View { data: self.data, width: self.width, height: self.height }
    }

    /// A shorter-lived writable view of the same pixels, so the view can be used again after.
    pub fn reborrow(&mut self) -> ViewMut<'_, T, C> {
        ViewMut { data: self.data, width: self.width, height: self.height }
    }

    /// Panics unless this view is `size`: an output must match what the kernel writes.
    pub(crate) fn expect_size(&self, size: (usize, usize), what: &str) {
        assert_eq!(self.size(), size, "{what}: the output's width and height");
    }
}

impl<T, const C: usize> fmt::Debug for View<'_, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "View({}×{}×{C})", self.width, self.height)
    }
}

impl<T, const C: usize> fmt::Debug for ViewMut<'_, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ViewMut({}×{}×{C})", self.width, self.height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_holds_exactly_its_pixels() {
        let bytes = [0u8; 24];
        assert_eq!(Rgba::new(&bytes, 3, 2).map(|v| v.size()), Ok((3, 2)));
        assert_eq!(Rgba::new(&bytes, 0, 0).unwrap_err(), SizeError { expected: Some(0), actual: 24 });
        assert_eq!(Rgba::new(&bytes[..23], 3, 2).unwrap_err(), SizeError { expected: Some(24), actual: 23 });
        assert_eq!(Rgba::new(&bytes, usize::MAX, 2).unwrap_err().expected, None);
        let mut plane = [0f32; 6];
        assert_eq!(PlaneMut::new(&mut plane, 2, 3).map(|v| v.size()), Ok((2, 3)));
        assert!(Rgba::new(&[], 0, 5).is_ok(), "an empty image is a view");
    }

    #[test]
    fn the_size_error_says_what_was_expected() {
        let e = Rgba::new(&[0; 5], 1, 1).unwrap_err();
        assert_eq!(e.to_string(), "expected 4 values (width × height × channels), got 5");
    }
}
