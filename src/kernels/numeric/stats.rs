//! Summaries of a float array: extremes with their positions, L2 norm, value histogram.

use super::{Real, dot};
use crate::kernels::REDUCE_CHUNK;
use crate::kernels::Run;
use rayon::prelude::*;

/// Smallest and largest value and their first indices. NaNs are skipped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MinMax {
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// The first index of `min`.
    pub min_index: usize,
    /// The first index of `max`.
    pub max_index: usize,
}

fn chunk_min_max<T: Real>(xs: &[T], offset: usize) -> Option<MinMax> {
    let mut best: Option<MinMax> = None;
    for (i, &x) in xs.iter().enumerate() {
        let v = x.to_f64();
        if v.is_nan() {
            continue;
        }
        let i = offset + i;
        best = Some(match best {
            None => MinMax { min: v, max: v, min_index: i, max_index: i },
            Some(b) => MinMax {
                min: if v < b.min { v } else { b.min },
                min_index: if v < b.min { i } else { b.min_index },
                max: if v > b.max { v } else { b.max },
                max_index: if v > b.max { i } else { b.max_index },
            },
        });
    }
    best
}

/// Combines two chunk results, the left one earlier in the array: ties keep the first index.
fn merge(a: Option<MinMax>, b: Option<MinMax>) -> Option<MinMax> {
    match (a, b) {
        (Some(a), Some(b)) => Some(MinMax {
            min: if b.min < a.min { b.min } else { a.min },
            min_index: if b.min < a.min { b.min_index } else { a.min_index },
            max: if b.max > a.max { b.max } else { a.max },
            max_index: if b.max > a.max { b.max_index } else { a.max_index },
        }),
        (x, None) | (None, x) => x,
    }
}

/// Extremes of `xs` and their first indices, skipping NaN; `None` if no number is left.
/// In parallel: equal to it (ties resolved to the first index).
pub fn min_max<T: Real>(xs: &[T], run: Run) -> Option<MinMax> {
    if run.parallel {
        xs.par_chunks(REDUCE_CHUNK)
            .enumerate()
            .map(|(i, c)| chunk_min_max(c, i * REDUCE_CHUNK))
            .collect::<Vec<_>>()
            .into_iter()
            .fold(None, merge)
    } else {
        chunk_min_max(xs, 0)
    }
}

/// Euclidean norm, `sqrt(dot(xs, xs, Run::SEQUENTIAL))`, deterministic like [`dot`].
pub fn norm<T: Real>(xs: &[T], run: Run) -> f64 {
    dot(xs, xs, run).sqrt()
}

fn count_values<T: Real>(xs: &[T], bins: &mut [u32], min: f64, max: f64) {
    let n = bins.len();
    let scale = n as f64 / (max - min);
    for &x in xs {
        let v = x.to_f64();
        if v >= min && v <= max {
            bins[(((v - min) * scale) as usize).min(n - 1)] += 1;
        }
    }
}

/// Counts values into `bins` equal-width bins over `[min, max]` (the last bin includes
/// `max`); values outside and NaNs are not counted. `min < max`, both finite, `bins ≥ 1`.
pub fn histogram_values<T: Real>(xs: &[T], bins: usize, min: f64, max: f64, run: Run) -> Vec<u32> {
    if run.parallel {
        xs.par_chunks(REDUCE_CHUNK)
            .fold(
                || vec![0; bins],
                |mut c, chunk| {
                    count_values(chunk, &mut c, min, max);
                    c
                },
            )
            .reduce(
                || vec![0; bins],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    a
                },
            )
    } else {
        let mut counts = vec![0; bins];
        count_values(xs, &mut counts, min, max);
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> Vec<f32> {
        (0..n).map(|i| ((i * 7919) % 1009) as f32 - 500.0).collect()
    }

    #[test]
    fn min_max_finds_first_extremes_and_skips_nan() {
        let xs = [3.0f32, f32::NAN, -1.0, 7.0, -1.0, 7.0];
        assert_eq!(min_max(&xs, Run::SEQUENTIAL), Some(MinMax { min: -1.0, max: 7.0, min_index: 2, max_index: 3 }));
        assert_eq!(min_max::<f32>(&[], Run::SEQUENTIAL), None);
        assert_eq!(min_max(&[f64::NAN], Run::SEQUENTIAL), None);
    }

    #[test]
    fn min_max_parallel_matches_sequential_and_reference() {
        for n in [1, 2, 17, 16_385, 300_007] {
            let xs = data(n);
            let got = min_max(&xs, Run::PARALLEL).unwrap();
            assert_eq!(Some(got), min_max(&xs, Run::SEQUENTIAL));
            let min = xs.iter().cloned().fold(f32::INFINITY, f32::min);
            assert_eq!(got.min, min as f64);
            assert_eq!(got.min_index, xs.iter().position(|&v| v == min).unwrap());
        }
    }

    #[test]
    fn norm_is_the_euclidean_length() {
        assert_eq!(norm(&[3.0f64, 4.0], Run::SEQUENTIAL), 5.0);
        assert_eq!(norm::<f32>(&[], Run::SEQUENTIAL), 0.0);
        let xs = data(100_003);
        assert_eq!(norm(&xs, Run::SEQUENTIAL).to_bits(), norm(&xs, Run::PARALLEL).to_bits());
    }

    #[test]
    fn histogram_values_counts_in_range_values_once() {
        let xs = [0.0f32, 0.5, 1.0, 9.99, 10.0, 10.5, -0.1, f32::NAN];
        assert_eq!(histogram_values(&xs, 10, 0.0, 10.0, Run::SEQUENTIAL), vec![2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
        for n in [0, 1, 16_385, 200_001] {
            let xs = data(n);
            let seq = histogram_values(&xs, 37, -400.0, 400.0, Run::SEQUENTIAL);
            assert_eq!(seq, histogram_values(&xs, 37, -400.0, 400.0, Run::PARALLEL));
            let inside = xs.iter().filter(|&&v| (-400.0..=400.0).contains(&v)).count();
            assert_eq!(seq.iter().sum::<u32>() as usize, inside);
        }
    }
}
