//! Filters that write into a second image, or in place when there is none (the RGBA and the
//! plane blurs): one runner that checks both images, lends the work space and runs the form
//! the caller asked for.

use crate::boundary::args::{Sample, image, image_mut, parallel};
use crate::boundary::registry::ScratchElement;
use crate::boundary::{BoundaryError, Registry};
use crate::kernels::Run;
use crate::kernels::image::{View, ViewMut};

/// A filter's two forms, with `C` values of `T` per pixel, work space of `S` (as much as
/// `scratch_len` says) and a parameter `P` (a sigma, a radius).
pub(crate) struct Forms<T, const C: usize, S, P> {
    /// From one image into another of the same size.
    pub into: fn(View<'_, T, C>, ViewMut<'_, T, C>, &mut [S], P, Run),
    /// In place.
    pub in_place: fn(ViewMut<'_, T, C>, &mut [S], P, Run),
    /// The work space a form needs for a `width × height` image (`true`: in place).
    pub scratch_len: fn(usize, usize, P, bool) -> usize,
}

/// Work space of as many values as the image: what the plane filters take.
pub(crate) fn whole_image<P>(width: usize, height: usize, _: P, _: bool) -> usize {
    width * height
}

/// Runs `forms` on buffer `img` (`width × height`), into `output` if given, else in place.
pub(crate) fn run<T: Sample, const C: usize, S: ScratchElement, P: Copy>(
    reg: &mut Registry,
    img: u32,
    (w, h): (usize, usize),
    param: P,
    output: Option<u32>,
    forms: Forms<T, C, S, P>,
) -> Result<(), BoundaryError> {
    let call = reg.call();
    image::<T, C>("image", reg.get("image", img)?, w, h)?;
    reg.with_scratch((forms.scratch_len)(w, h, param, output.is_none()), |reg, scratch| {
        match output {
            None => (forms.in_place)(image_mut("image", reg.get_mut("image", img)?, w, h)?, scratch, param, parallel(&call)),
            Some(out) => {
                let (src, dst) = reg.get_in_out(("image", img), ("output", out))?;
                (forms.into)(image("image", src, w, h)?, image_mut("output", dst, w, h)?, scratch, param, parallel(&call));
            }
        }
        Ok(())
    })
}
