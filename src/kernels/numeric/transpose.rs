//! Matrix transpose, naive and cache-tiled: the same result, very different memory traffic.

use crate::kernels::Run;
use rayon::prelude::*;

/// Tile edge: a 32×32 `f32` tile is 4 KiB, so a source and a destination tile sit in L1.
const TILE: usize = 32;

/// `dst[c * rows + r] = src[r * cols + c]`: `src` is `rows × cols` row-major, `dst` is
/// `cols × rows`. Both must hold `rows * cols` elements. Reads rows, writes columns: each
/// write lands on a different cache line.
pub fn transpose_naive<T: Copy>(src: &[T], dst: &mut [T], rows: usize, cols: usize) {
    for r in 0..rows {
        for c in 0..cols {
            dst[c * rows + r] = src[r * cols + c];
        }
    }
}

fn transpose_band<T: Copy>(src: &[T], band: &mut [T], first_col: usize, rows: usize, cols: usize) {
    let band_cols = band.len() / rows.max(1);
    for r0 in (0..rows).step_by(TILE) {
        for c in first_col..first_col + band_cols {
            let out = &mut band[(c - first_col) * rows..];
            for r in r0..(r0 + TILE).min(rows) {
                out[r] = src[r * cols + c];
            }
        }
    }
}

/// Tiled form of [`transpose_naive`]: works on `TILE`-wide bands of output rows, walking the
/// source in `TILE × TILE` blocks so both stay in cache.
/// In parallel: : one task per band of output rows.
pub fn transpose<T: Copy + Send + Sync>(src: &[T], dst: &mut [T], rows: usize, cols: usize, run: Run) {
    if run.parallel {
        if rows == 0 {
            return;
        }
        dst.par_chunks_mut(TILE * rows).enumerate().for_each(|(i, band)| transpose_band(src, band, i * TILE, rows, cols));
    } else {
        if rows == 0 {
            return;
        }
        for (i, band) in dst.chunks_mut(TILE * rows).enumerate() {
            transpose_band(src, band, i * TILE, rows, cols);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiled_and_parallel_match_naive() {
        for (rows, cols) in [(0, 0), (1, 1), (1, 7), (7, 1), (31, 33), (64, 64), (100, 37), (257, 129)] {
            let src: Vec<f32> = (0..rows * cols).map(|i| i as f32).collect();
            let mut naive = vec![0.0; rows * cols];
            let mut tiled = vec![0.0; rows * cols];
            let mut par = vec![0.0; rows * cols];
            transpose_naive(&src, &mut naive, rows, cols);
            transpose(&src, &mut tiled, rows, cols, Run::SEQUENTIAL);
            transpose(&src, &mut par, rows, cols, Run::PARALLEL);
            assert_eq!(naive, tiled, "{rows}x{cols}");
            assert_eq!(naive, par, "{rows}x{cols}");
            if rows * cols > 0 {
                assert_eq!(naive[rows - 1], src[(rows - 1) * cols], "dst[0][rows-1] = src[rows-1][0]");
            }
        }
    }
}
