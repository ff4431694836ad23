//! Kernels that show how memory layout and traversal order change speed while the answer
//! stays the same. They back the benchmark's locality scenario; each pair is tested equal.

use rayon::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// Sum of a `rows × cols` row-major matrix, visiting it row by row (stride 1).
pub fn sum_row_major(m: &[f32], rows: usize, cols: usize) -> f64 {
    let mut total = 0.0f64;
    for r in 0..rows {
        for c in 0..cols {
            total += m[r * cols + c] as f64;
        }
    }
    total
}

/// The same sum visiting column by column: every step jumps `cols * 4` bytes.
pub fn sum_column_major(m: &[f32], rows: usize, cols: usize) -> f64 {
    let mut total = 0.0f64;
    for c in 0..cols {
        for r in 0..rows {
            total += m[r * cols + c] as f64;
        }
    }
    total
}

/// Fields per particle in the array-of-structs layout (position 3, velocity 3, mass, charge).
pub const PARTICLE_FIELDS: usize = 8;
/// Index of `mass` within a particle.
pub const MASS: usize = 6;

/// Independent sums per layout pass: with one accumulator the SoA sum waits on each add's
/// latency and never reaches the memory's bandwidth, so the bytes would not decide.
const LANES: usize = 8;

/// Sums `values` into `LANES` accumulators, value `i` into lane `i % LANES`, then adds the
/// lanes in order: both layouts add the same values in the same order, so the same bits.
fn lane_sum(values: impl Iterator<Item = f32>) -> f64 {
    let mut lanes = [0.0f64; LANES];
    for (i, v) in values.enumerate() {
        lanes[i % LANES] += v as f64;
    }
    lanes.iter().sum()
}

/// Total mass from an array of structs: reads 4 useful bytes of every 32.
pub fn total_mass_aos(particles: &[f32]) -> f64 {
    let whole = particles.len() / (PARTICLE_FIELDS * LANES) * PARTICLE_FIELDS * LANES;
    let mut lanes = [0.0f64; LANES];
    for group in particles[..whole].chunks_exact(PARTICLE_FIELDS * LANES) {
        for (lane, p) in lanes.iter_mut().zip(group.chunks_exact(PARTICLE_FIELDS)) {
            *lane += p[MASS] as f64;
        }
    }
    lanes.iter().sum::<f64>() + lane_sum(particles[whole..].chunks_exact(PARTICLE_FIELDS).map(|p| p[MASS]))
}

/// Total mass from a struct of arrays: the `mass` array alone, every byte useful.
pub fn total_mass_soa(mass: &[f32]) -> f64 {
    let whole = mass.len() / LANES * LANES;
    let mut lanes = [0.0f64; LANES];
    for group in mass[..whole].chunks_exact(LANES) {
        for (lane, &m) in lanes.iter_mut().zip(group) {
            *lane += m as f64;
        }
    }
    lanes.iter().sum::<f64>() + lane_sum(mass[whole..].iter().copied())
}

/// `threads` tasks each add 1 to their share of `counters`, `rounds` times. With
/// `interleaved`, task t owns counters t, t+threads, t+2·threads… so neighbouring counters
/// (one cache line) belong to different cores: false sharing. Otherwise each owns one
/// contiguous block. Returns the total of all counters (`counters.len() * rounds`).
///
/// Note: the effect needs few counters hammered often (say 64 per thread, 100 000 rounds):
/// over a large array two sweeping threads rarely meet on the same line at the same time.
pub fn count_by_thread(counters: &[AtomicU32], threads: usize, rounds: u32, interleaved: bool) -> u64 {
    let n = counters.len();
    let threads = threads.max(1);
    (0..threads).into_par_iter().for_each(|t| {
        let (start, end, step) = if interleaved { (t, n, threads) } else { (n * t / threads, n * (t + 1) / threads, 1) };
        for _ in 0..rounds {
            for i in (start..end).step_by(step) {
                // Note: load + store, not fetch_add: only the owner writes, and we want the
                // cost of the cache line moving between cores, not of a locked instruction.
                counters[i].store(counters[i].load(Ordering::Relaxed) + 1, Ordering::Relaxed);
            }
        }
    });
    counters.iter().map(|c| c.load(Ordering::Relaxed) as u64).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_and_column_major_sums_agree() {
        for (rows, cols) in [(0, 0), (1, 1), (3, 5), (64, 65), (129, 31)] {
            let m: Vec<f32> = (0..rows * cols).map(|i| (i % 13) as f32).collect();
            let want: f64 = m.iter().map(|&v| v as f64).sum();
            assert_eq!(sum_row_major(&m, rows, cols), want);
            assert_eq!(sum_column_major(&m, rows, cols), want);
        }
    }

    #[test]
    fn aos_and_soa_give_the_same_mass() {
        let n = 1001;
        let aos: Vec<f32> = (0..n * PARTICLE_FIELDS).map(|i| (i % 11) as f32).collect();
        let soa: Vec<f32> = aos.chunks(PARTICLE_FIELDS).map(|p| p[MASS]).collect();
        assert_eq!(total_mass_aos(&aos), total_mass_soa(&soa));
        assert!(total_mass_soa(&soa) > 0.0);
    }

    #[test]
    fn lane_sums_are_bit_equal_across_layouts_and_close_to_one_sum() {
        for n in [0, 1, 7, 8, 9, 63, 64, 65, 1003] {
            let aos: Vec<f32> = (0..n * PARTICLE_FIELDS).map(|i| (i as f32 * 0.37).sin() * 10.0).collect();
            let soa: Vec<f32> = aos.chunks(PARTICLE_FIELDS).map(|p| p[MASS]).collect();
            let naive: f64 = soa.iter().map(|&m| m as f64).sum();
            assert_eq!(total_mass_aos(&aos).to_bits(), total_mass_soa(&soa).to_bits(), "n = {n}");
            assert!((total_mass_soa(&soa) - naive).abs() <= 1e-9 * naive.abs().max(1.0), "n = {n}");
        }
    }

    #[test]
    fn contiguous_and_interleaved_counting_agree() {
        for (n, threads) in [(0, 2), (1, 2), (17, 3), (4096, 2)] {
            for interleaved in [false, true] {
                let counters: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
                assert_eq!(count_by_thread(&counters, threads, 5, interleaved), n as u64 * 5);
                assert!(counters.iter().all(|c| c.load(Ordering::Relaxed) == 5));
            }
        }
    }
}
