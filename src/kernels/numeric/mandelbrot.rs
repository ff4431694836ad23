//! Mandelbrot escape times: compute-bound and uneven across rows, the classic test of a
//! work-stealing pool.

use crate::kernels::Run;
use rayon::prelude::*;

/// The rectangle of the complex plane drawn into the image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    /// Real part at the left edge.
    pub x_min: f64,
    /// Imaginary part at the top edge.
    pub y_min: f64,
    /// Real part at the right edge.
    pub x_max: f64,
    /// Imaginary part at the bottom edge.
    pub y_max: f64,
}

impl Default for Region {
    /// The whole set.
    fn default() -> Self {
        Region { x_min: -2.5, y_min: -1.25, x_max: 1.0, y_max: 1.25 }
    }
}

/// Escape value of one point: 0 inside the set, otherwise `1 + 254 * n / max_iter` for the
/// `n` iterations it took to leave the radius-2 disc.
#[inline]
fn escape(cx: f64, cy: f64, max_iter: u32) -> u8 {
    let (mut x, mut y) = (0.0f64, 0.0f64);
    for n in 0..max_iter {
        let (xx, yy) = (x * x, y * y);
        if xx + yy > 4.0 {
            return (1 + 254 * n as u64 / max_iter as u64) as u8;
        }
        y = 2.0 * x * y + cy;
        x = xx - yy + cx;
    }
    0
}

/// Fills one row, pixel by pixel; returns early once `stop()` holds. A pixel is the unit of
/// cancellation: at the largest iteration count a row of pixels inside the set takes
/// seconds, one pixel a few milliseconds.
fn row(out: &mut [u8], y: usize, width: usize, height: usize, max_iter: u32, r: Region, stop: impl Fn() -> bool) {
    let cy = r.y_min + (r.y_max - r.y_min) * (y as f64 + 0.5) / height as f64;
    for (x, o) in out.iter_mut().enumerate() {
        if stop() {
            return;
        }
        let cx = r.x_min + (r.x_max - r.x_min) * (x as f64 + 0.5) / width as f64;
        *o = escape(cx, cy, max_iter);
    }
}

/// Writes one escape value per pixel into `out` (`width * height` bytes, row-major),
/// sampling pixel centres of `region`. `max_iter` must be at least 1. In parallel, one task
/// per row, so rayon balances the costly rows.
pub fn mandelbrot(out: &mut [u8], width: usize, height: usize, max_iter: u32, region: Region, run: Run) {
    if width == 0 {
        return;
    }
    run.expect(height);
    let work = |(y, line): (usize, &mut [u8])| {
        if !run.cancelled() {
            row(line, y, width, height, max_iter, region, || run.cancelled());
            run.advance(1);
        }
    };
    if run.parallel {
        out.par_chunks_mut(width).enumerate().for_each(work);
    } else {
        out.chunks_mut(width).enumerate().for_each(work);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_points_inside_and_outside() {
        assert_eq!(escape(0.0, 0.0, 100), 0, "origin is inside");
        assert_eq!(escape(-1.0, 0.0, 100), 0, "period-2 bulb is inside");
        assert_eq!(escape(2.0, 2.0, 254), 2, "leaves the disc after one step: 1 + 254 * 1 / 254");
        assert!(escape(-0.75, 0.1, 1000) > 1, "escapes after a while, near the neck");
    }

    #[test]
    fn mandelbrot_parallel_matches_sequential() {
        for (w, h) in [(0, 0), (1, 1), (3, 101), (160, 120), (641, 479)] {
            let mut a = vec![0u8; w * h];
            let mut b = vec![7u8; w * h];
            mandelbrot(&mut a, w, h, 200, Region::default(), Run::SEQUENTIAL);
            mandelbrot(&mut b, w, h, 200, Region::default(), Run::PARALLEL);
            assert_eq!(a, b, "{w}x{h}");
        }
    }

    #[test]
    fn mandelbrot_is_symmetric_about_the_real_axis() {
        let (w, h) = (64, 48);
        let mut out = vec![0u8; w * h];
        mandelbrot(&mut out, w, h, 300, Region::default(), Run::PARALLEL);
        for y in 0..h {
            assert_eq!(out[y * w..(y + 1) * w], out[(h - 1 - y) * w..(h - y) * w], "row {y}");
        }
    }
}
