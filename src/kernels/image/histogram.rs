//! Per-channel histogram: a parallel reduction of per-task counts.

use super::CHANNELS;
use crate::kernels::Run;
use rayon::prelude::*;

/// Length of a histogram: 256 bins for R, then G, then B, then A.
pub const HISTOGRAM_BINS: usize = 256 * CHANNELS;

fn count(rgba: &[u8], bins: &mut [u32]) {
    for px in rgba.chunks_exact(CHANNELS) {
        for (c, &v) in px.iter().enumerate() {
            bins[c * 256 + v as usize] += 1;
        }
    }
}

/// Counts each channel value of RGBA pixels: `bins[c * 256 + v]` is how many pixels have
/// value `v` in channel `c`. `rgba.len()` must be a multiple of 4.
/// In parallel: : each task counts its pixels, then counts are added.
pub fn histogram(rgba: &[u8], run: Run) -> Vec<u32> {
    if run.parallel {
        rgba.par_chunks(64 * 1024 * CHANNELS)
            .fold(
                || vec![0; HISTOGRAM_BINS],
                |mut bins, chunk| {
                    count(chunk, &mut bins);
                    bins
                },
            )
            .reduce(
                || vec![0; HISTOGRAM_BINS],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    a
                },
            )
    } else {
        let mut bins = vec![0; HISTOGRAM_BINS];
        count(rgba, &mut bins);
        bins
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_counts_every_channel_value() {
        let img = [1, 2, 3, 4, 1, 9, 3, 255];
        let bins = histogram(&img, Run::SEQUENTIAL);
        assert_eq!(bins[1], 2);
        assert_eq!(bins[256 + 2], 1);
        assert_eq!(bins[256 + 9], 1);
        assert_eq!(bins[512 + 3], 2);
        assert_eq!(bins[768 + 4], 1);
        assert_eq!(bins[768 + 255], 1);
        assert_eq!(bins.iter().sum::<u32>(), 8);
    }

    #[test]
    fn histogram_parallel_matches_sequential() {
        for pixels in [0, 1, 13, 65_537, 300_007] {
            let img: Vec<u8> = (0..pixels * 4).map(|i| (i * 7 + i / 3) as u8).collect();
            let seq = histogram(&img, Run::SEQUENTIAL);
            assert_eq!(seq, histogram(&img, Run::PARALLEL), "pixels = {pixels}");
            for c in 0..4 {
                assert_eq!(seq[c * 256..(c + 1) * 256].iter().sum::<u32>() as usize, pixels);
            }
        }
    }
}
