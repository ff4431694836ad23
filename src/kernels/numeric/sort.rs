//! Sorting numbers in place. Floats use IEEE total order with every NaN placed last, so the
//! result is fully determined (equal keys are bit-identical) and parallel equals sequential.

use rayon::prelude::*;

fn float_key(a: &f64, b: &f64) -> std::cmp::Ordering {
    a.is_nan().cmp(&b.is_nan()).then(a.total_cmp(b))
}

fn float_key32(a: &f32, b: &f32) -> std::cmp::Ordering {
    a.is_nan().cmp(&b.is_nan()).then(a.total_cmp(b))
}

/// Ascending; -0 before +0; NaNs last.
pub fn sort_f32(xs: &mut [f32], parallel: bool) {
    if parallel { xs.par_sort_unstable_by(float_key32) } else { xs.sort_unstable_by(float_key32) }
}

/// Ascending; -0 before +0; NaNs last.
pub fn sort_f64(xs: &mut [f64], parallel: bool) {
    if parallel { xs.par_sort_unstable_by(float_key) } else { xs.sort_unstable_by(float_key) }
}

/// Ascending, for any integer type.
pub fn sort_int<T: Ord + Send>(xs: &mut [T], parallel: bool) {
    if parallel { xs.par_sort_unstable() } else { xs.sort_unstable() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_sort_with_nan_last_and_negative_zero_first() {
        let mut xs = [3.0f32, f32::NAN, -1.0, 0.0, -0.0, f32::NEG_INFINITY, f32::NAN, 2.0];
        sort_f32(&mut xs, true);
        assert_eq!(&xs[..6], &[f32::NEG_INFINITY, -1.0, -0.0, 0.0, 2.0, 3.0]);
        assert!(xs[5..].iter().skip(1).all(|v| v.is_nan()));
        assert!(xs[4].is_sign_positive() && xs[2].is_sign_negative());
    }

    #[test]
    fn parallel_sorts_match_sequential_and_are_ordered() {
        for n in [0, 1, 2, 1_000, 100_003] {
            let f: Vec<f64> = (0..n).map(|i| if i % 97 == 0 { f64::NAN } else { ((i * 7919) % 1013) as f64 - 500.0 }).collect();
            let (mut a, mut b) = (f.clone(), f.clone());
            sort_f64(&mut a, false);
            sort_f64(&mut b, true);
            assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
            let numbers = a.iter().take_while(|v| !v.is_nan()).count();
            assert!(a[..numbers].windows(2).all(|w| w[0] <= w[1]));
            assert_eq!(a.len() - numbers, f.iter().filter(|v| v.is_nan()).count());
            let i: Vec<i32> = (0..f.len()).map(|i| (i as i32).wrapping_mul(-7919) % 1000).collect();
            let (mut x, mut y) = (i.clone(), i);
            sort_int(&mut x, false);
            sort_int(&mut y, true);
            assert_eq!(x, y);
            assert!(x.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn u32_sorts_in_unsigned_order() {
        for n in [0, 1, 3, 1_000, 100_003] {
            let u: Vec<u32> = (0..n as u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
            let mut reference = u.clone();
            reference.sort(); // std's stable sort, as the plain reference
            let (mut x, mut y) = (u.clone(), u);
            sort_int(&mut x, false);
            sort_int(&mut y, true);
            assert_eq!(x, reference);
            assert_eq!(y, reference);
            if n > 3 {
                assert!(x[n - 1] > i32::MAX as u32, "values above i32::MAX sort last");
            }
        }
    }
}
