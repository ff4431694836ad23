//! Sobel edge magnitude.

use super::{CHANNELS, color::luma, rows_per_task};
use rayon::prelude::*;

/// Edge magnitude of `src` into `dst` (both RGBA, `width * height * 4` bytes): the Sobel
/// gradient of the BT.601 luma, `min(255, round(sqrt(gx² + gy²)))`, written to R, G and B
/// with alpha 255. Edges are clamped. `luma` is scratch of `width * height` bytes.
pub fn sobel(src: &[u8], dst: &mut [u8], luma_plane: &mut [u8], width: usize, height: usize, parallel: bool) {
    if width == 0 || height == 0 {
        return;
    }
    let to_luma = |(l, px): (&mut u8, &[u8])| *l = luma(px[0], px[1], px[2]);
    if parallel {
        luma_plane.par_iter_mut().zip(src.par_chunks_exact(CHANNELS)).for_each(to_luma);
    } else {
        luma_plane.iter_mut().zip(src.chunks_exact(CHANNELS)).for_each(to_luma);
    }
    let plane = &*luma_plane;
    let at = |x: isize, y: isize| {
        let (x, y) = (x.clamp(0, width as isize - 1) as usize, y.clamp(0, height as isize - 1) as usize);
        plane[y * width + x] as i32
    };
    let band_rows = rows_per_task(width);
    let rows = |(i, band): (usize, &mut [u8])| {
        for (j, out) in band.chunks_mut(width * CHANNELS).enumerate() {
            let y = (i * band_rows + j) as isize;
            for (x, px) in out.chunks_exact_mut(CHANNELS).enumerate() {
                let x = x as isize;
                let gx = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
                let gy = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
                let m = ((gx * gx + gy * gy) as f32).sqrt().round().min(255.0) as u8;
                px.copy_from_slice(&[m, m, m, 255]);
            }
        }
    };
    if parallel {
        dst.par_chunks_mut(width * CHANNELS * band_rows).enumerate().for_each(rows);
    } else {
        dst.chunks_mut(width * CHANNELS * band_rows).enumerate().for_each(rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &[u8], w: usize, h: usize, parallel: bool) -> Vec<u8> {
        let mut dst = vec![0; src.len()];
        let mut plane = vec![0; w * h];
        sobel(src, &mut dst, &mut plane, w, h, parallel);
        dst
    }

    #[test]
    fn flat_image_has_no_edges_and_a_step_has_one() {
        let flat = vec![90u8; 8 * 6 * 4];
        assert!(run(&flat, 8, 6, false).chunks(4).all(|p| p == [0, 0, 0, 255]));
        // Left half black, right half white: the edge is at columns 3 and 4.
        let (w, h) = (8, 5);
        let step: Vec<u8> = (0..w * h).flat_map(|i| if i % w < 4 { [0, 0, 0, 255] } else { [255, 255, 255, 255] }).collect();
        let out = run(&step, w, h, false);
        for y in 0..h {
            let row: Vec<u8> = (0..w).map(|x| out[(y * w + x) * 4]).collect();
            assert_eq!(row, vec![0, 0, 0, 255, 255, 0, 0, 0], "row {y}");
        }
    }

    #[test]
    fn sobel_parallel_matches_sequential() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (257, 131)] {
            let src: Vec<u8> = (0..w * h * 4).map(|i| (i * 37 + i / 11) as u8).collect();
            assert_eq!(run(&src, w, h, false), run(&src, w, h, true), "{w}x{h}");
        }
    }
}
