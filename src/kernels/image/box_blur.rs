//! Box blur by running sums: each pass adds the pixel entering the window and subtracts the
//! one leaving, so the cost per pixel does not depend on the radius. Edges are clamped.

use super::{CHANNELS, rows_per_task};
use rayon::prelude::*;

/// Horizontal running sums of one row into `out` (window `2r + 1`, edges clamped).
fn row_sums(row: &[u8], out: &mut [u32], r: usize) {
    let w = row.len() / CHANNELS;
    let at = |x: isize, c: usize| row[(x.clamp(0, w as isize - 1) as usize) * CHANNELS + c] as u32;
    for c in 0..CHANNELS {
        let mut acc: u32 = (-(r as isize)..=r as isize).map(|x| at(x, c)).sum();
        for x in 0..w {
            out[x * CHANNELS + c] = acc;
            acc += at(x as isize + r as isize + 1, c);
            acc -= at(x as isize - r as isize, c);
        }
    }
}

/// Blurs `src` into `dst` (RGBA, `width * height * 4` bytes each) with a `(2 * radius + 1)²`
/// box: every output is the rounded mean of the window. `scratch` holds `width * height * 4`
/// `u32`s; `radius` from 1 to 1000 (so window sums fit in `u32`).
pub fn box_blur(src: &[u8], dst: &mut [u8], scratch: &mut [u32], width: usize, height: usize, radius: usize, parallel: bool) {
    if width == 0 || height == 0 {
        return;
    }
    sum_rows(src, scratch, width, radius, parallel);
    average_columns(scratch, dst, width, height, radius, parallel);
}

/// [`box_blur`] in place: the row pass reads the image before the column pass writes it.
pub fn box_blur_in_place(image: &mut [u8], scratch: &mut [u32], width: usize, height: usize, radius: usize, parallel: bool) {
    if width == 0 || height == 0 {
        return;
    }
    sum_rows(image, scratch, width, radius, parallel);
    average_columns(scratch, image, width, height, radius, parallel);
}

fn sum_rows(src: &[u8], scratch: &mut [u32], width: usize, radius: usize, parallel: bool) {
    let row_len = width * CHANNELS;
    let band_rows = rows_per_task(width);
    let horizontal = |(i, band): (usize, &mut [u32])| {
        for (j, out) in band.chunks_mut(row_len).enumerate() {
            let y = i * band_rows + j;
            row_sums(&src[y * row_len..(y + 1) * row_len], out, radius);
        }
    };
    if parallel {
        scratch.par_chunks_mut(row_len * band_rows).enumerate().for_each(horizontal);
    } else {
        scratch.chunks_mut(row_len * band_rows).enumerate().for_each(horizontal);
    }
}

fn average_columns(scratch: &[u32], dst: &mut [u8], width: usize, height: usize, radius: usize, parallel: bool) {
    let row_len = width * CHANNELS;
    let band_rows = rows_per_task(width);
    let area = ((2 * radius + 1) * (2 * radius + 1)) as u32;
    let row = |y: isize| {
        let y = y.clamp(0, height as isize - 1) as usize;
        &scratch[y * row_len..(y + 1) * row_len]
    };
    // Each band starts its column sums afresh over its first window, then slides down.
    let vertical = |(i, band): (usize, &mut [u8])| {
        let y0 = (i * band_rows) as isize;
        let r = radius as isize;
        let mut acc = vec![0u32; row_len];
        for y in y0 - r..=y0 + r {
            acc.iter_mut().zip(row(y)).for_each(|(a, &v)| *a += v);
        }
        for (j, out) in band.chunks_mut(row_len).enumerate() {
            let y = y0 + j as isize;
            for (o, &a) in out.iter_mut().zip(&acc) {
                *o = ((a + area / 2) / area) as u8;
            }
            let (enter, leave) = (row(y + r + 1), row(y - r));
            for ((a, &e), &l) in acc.iter_mut().zip(enter).zip(leave) {
                *a = *a + e - l;
            }
        }
    };
    if parallel {
        dst.par_chunks_mut(row_len * band_rows).enumerate().for_each(vertical);
    } else {
        dst.chunks_mut(row_len * band_rows).enumerate().for_each(vertical);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(w: usize, h: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| ((i * 151) ^ (i >> 6)) as u8).collect()
    }

    fn reference(src: &[u8], w: usize, h: usize, r: usize) -> Vec<u8> {
        let r = r as isize;
        let area = ((2 * r + 1) * (2 * r + 1)) as u32;
        let mut out = vec![0; src.len()];
        for y in 0..h as isize {
            for x in 0..w as isize {
                for c in 0..4 {
                    let mut s = 0u32;
                    for dy in -r..=r {
                        for dx in -r..=r {
                            let sy = (y + dy).clamp(0, h as isize - 1) as usize;
                            let sx = (x + dx).clamp(0, w as isize - 1) as usize;
                            s += src[(sy * w + sx) * 4 + c] as u32;
                        }
                    }
                    out[(y as usize * w + x as usize) * 4 + c] = ((s + area / 2) / area) as u8;
                }
            }
        }
        out
    }

    fn run(src: &[u8], w: usize, h: usize, r: usize, parallel: bool) -> Vec<u8> {
        let mut dst = vec![0; src.len()];
        let mut scratch = vec![0; src.len()];
        box_blur(src, &mut dst, &mut scratch, w, h, r, parallel);
        dst
    }

    #[test]
    fn box_blur_matches_the_direct_mean_exactly() {
        for (w, h, r) in [(1, 1, 1), (5, 3, 1), (17, 13, 2), (9, 40, 7), (3, 3, 20)] {
            let src = image(w, h);
            assert_eq!(run(&src, w, h, r, false), reference(&src, w, h, r), "{w}x{h} r{r}");
        }
    }

    #[test]
    fn box_blur_in_place_matches_into_a_second_buffer() {
        let (w, h) = (45, 23);
        let src = image(w, h);
        let mut img = src.clone();
        let mut scratch = vec![0; src.len()];
        box_blur_in_place(&mut img, &mut scratch, w, h, 3, true);
        assert_eq!(img, run(&src, w, h, 3, false));
    }

    #[test]
    fn box_blur_parallel_matches_sequential() {
        for (w, h, r) in [(0, 0, 1), (1, 1, 3), (333, 211, 4), (64, 1000, 15)] {
            let src = image(w, h);
            assert_eq!(run(&src, w, h, r, false), run(&src, w, h, r, true), "{w}x{h}");
        }
    }
}
