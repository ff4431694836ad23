//! Box blur by running sums: each pass adds the pixel entering the window and subtracts the
//! one leaving, so the cost per pixel does not depend on the radius. Edges are clamped.

use super::{CHANNELS, Rgba, RgbaMut, rows_per_task};
use crate::kernels::Run;
use crate::kernels::simd;
use rayon::prelude::*;

/// Horizontal running sums of one RGBA row into `out` (window `2r + 1`, edges clamped), all
/// four channels per step. Only the window's two ends need clamping, and only near the
/// edges: the middle of the row walks three contiguous streams (the output, the pixel
/// entering the window, the pixel leaving it) with no index logic, so each step is one
/// 4-byte load per end widened into a vector (profiled in Chromium: with clamped indexing
/// in every step, V8 assembled each pixel byte by byte).
fn row_sums(row: &[u8], out: &mut [u32], r: usize) {
    let w = row.len() / CHANNELS;
    let px = |x: usize| -> [u32; CHANNELS] { std::array::from_fn(|c| row[x * CHANNELS + c] as u32) };
    let clamped = |x: isize| px(x.clamp(0, w as isize - 1) as usize);
    let mut acc = [0u32; CHANNELS];
    for x in -(r as isize)..=r as isize {
        add(&mut acc, clamped(x));
    }
    // Steps x where neither end is clamped: x - r >= 0 and x + r + 1 <= w - 1.
    let middle = r.min(w)..(w.saturating_sub(r + 1)).max(r.min(w));
    let step = |acc: &mut [u32; CHANNELS], x: usize, o: &mut [u32]| {
        o.copy_from_slice(acc);
        let entering = clamped((x + r + 1) as isize);
        let leaving = clamped(x as isize - r as isize);
        for c in 0..CHANNELS {
            acc[c] = acc[c] + entering[c] - leaving[c];
        }
    };
    let (head, rest) = out.split_at_mut(middle.start * CHANNELS);
    let (body, tail) = rest.split_at_mut(middle.len() * CHANNELS);
    for (x, o) in head.chunks_exact_mut(CHANNELS).enumerate() {
        step(&mut acc, x, o);
    }
    let entering = row[(middle.start + r + 1).min(w) * CHANNELS..].chunks_exact(CHANNELS);
    let leaving = row[middle.start.saturating_sub(r) * CHANNELS..].chunks_exact(CHANNELS);
    // A local copy: `acc`'s address escapes to `step`, which kept it in wasm's stack memory.
    let mut middle_acc = acc;
    for ((o, e), l) in body.chunks_exact_mut(CHANNELS).zip(entering).zip(leaving) {
        o.copy_from_slice(&middle_acc);
        for c in 0..CHANNELS {
            middle_acc[c] = middle_acc[c] + e[c] as u32 - l[c] as u32;
        }
    }
    acc = middle_acc;
    for (x, o) in (middle.end..).zip(tail.chunks_exact_mut(CHANNELS)) {
        step(&mut acc, x, o);
    }
}

fn add(acc: &mut [u32; CHANNELS], v: [u32; CHANNELS]) {
    acc.iter_mut().zip(v).for_each(|(a, v)| *a += v);
}

/// `round(sum / area)` without dividing (wasm's `i32.div_u` does not vectorise, and dividing
/// was 40 % of the native blur). Areas up to `FLOAT_AREA_MAX` (radius 49) round
/// `sum · fl(1/area)` to nearest in f32 vectors, SIMD128 on wasm and SSE2 natively; this
/// replaced a table of every answer, whose lookup per byte cost V8 a load, a bounds check
/// and a byte load (wasm 1080p r4: 9.5 → 8.1 ms, native 7.7 → 7.5 ms, one thread). Larger
/// areas multiply and shift, exact for every `sum <= 255 * area`, `area < 2^22`.
///
/// Why the f32 form is exact: `area` is odd, so `sum / area` is never a tie (`2·sum` is even,
/// `(2k + 1)·area` odd) and lies at least `1 / (2·area)` from every half-integer; rounding to
/// nearest is then rounding half up. Two roundings (the reciprocal, the product) move it by
/// at most `2 · 2^-24 · 256 ≈ 3.05e-5`, under `1 / (2·area)` while `area < 16 000`. A test
/// checks every sum of every radius it serves.
///
/// Why the multiply-shift is exact: with `m = ceil(2^s / area)`, `n·m / 2^s = n / area + err`
/// where `0 <= err < n / 2^s < 256·area / 2^s`; choosing `2^s > 256·area²` makes
/// `err < 1 / area`, less than the gap between `n / area` and the next integer. `m` then fits
/// in 32 bits.
struct RoundedDivide {
    half: u32,
    multiplier: u64,
    shift: u32,
    /// `fl(1/area)` for the f32 form, when `area <= FLOAT_AREA_MAX`.
    reciprocal: Option<f32>,
}

/// Largest area (radius 49) served by the f32 form; see [`RoundedDivide`].
const FLOAT_AREA_MAX: u32 = 99 * 99;

impl RoundedDivide {
    fn new(area: u32) -> Self {
        debug_assert!(area > 0 && area < 1 << 22 && area % 2 == 1);
        let log = u32::BITS - (area - 1).leading_zeros(); // ceil(log2(area))
        let shift = 9 + 2 * log;
        let multiplier = (1u64 << shift).div_ceil(area as u64);
        let reciprocal = (area <= FLOAT_AREA_MAX).then(|| 1.0 / area as f32);
        Self { half: area / 2, multiplier, shift, reciprocal }
    }

    #[inline]
    fn apply(&self, sum: u32) -> u8 {
        (((sum + self.half) as u64 * self.multiplier) >> self.shift) as u8
    }

    /// `out[i] = round(sums[i] / area)`.
    fn apply_row(&self, sums: &[u32], out: &mut [u8]) {
        match self.reciprocal {
            Some(scale) => simd::round_scaled_to_u8(sums, out, scale),
            None => out.iter_mut().zip(sums).for_each(|(o, &s)| *o = self.apply(s)),
        }
    }
}

/// Output rows per task of the fused form, about: each task first sums the `2r` rows above
/// its band, so bands much shorter than this repeat too much of that work.
const FUSED_BAND: usize = 64;

/// Rows per task of the fused form: about `FUSED_BAND`, with the band count a multiple of
/// the thread count, so no thread is left with one band more than the others (17 bands of
/// 64 rows at 1080p kept one of 2 threads idle for 1/9 of the time). The bands do not change
/// the result: the sums are exact.
fn fused_band_rows(height: usize, run: Run) -> usize {
    let threads = if run.parallel { rayon::current_num_threads() } else { 1 };
    let bands = height.div_ceil(FUSED_BAND * threads) * threads;
    height.div_ceil(bands)
}
/// Window sums per piece of the fused form's one pass over a row (4 KiB of them, in L1).
const PIECE: usize = 1024;
/// Largest ring of row sums (bytes) a task of the fused form may keep; past it (radii over
/// about 60 at 1080p) the two-pass form runs instead.
const FUSED_RING_BYTES: usize = 4 << 20;

/// The `u32`s of work space [`box_blur`] (or, `in_place`, [`box_blur_in_place`]) uses for a
/// `width × height` image: none into a separate image where the fused form's ring fits
/// (radii up to about 60 at 1080p), else one per channel.
pub fn box_blur_scratch_len(width: usize, height: usize, radius: usize, in_place: bool) -> usize {
    if !in_place && fused_fits(width, radius) { 0 } else { width * height * CHANNELS }
}

/// Whether the fused form's ring of row sums for `radius` fits [`FUSED_RING_BYTES`].
fn fused_fits(width: usize, radius: usize) -> bool {
    (2 * radius + 1) * width * CHANNELS * 4 <= FUSED_RING_BYTES
}

/// Blurs `src` into `dst` (the same size) with a `(2 * radius + 1)²`
/// box: every output is the rounded mean of the window. `radius` from 1 to 1000 (so window
/// sums fit in `u32`). `scratch` holds [`box_blur_scratch_len`] `u32`s, used only by the
/// two-pass form for large radii.
///
/// For small radii each task keeps just the `2r + 1` rows of horizontal sums its window
/// needs, in a ring, instead of writing all of them to `scratch` and reading them back: the
/// blur then moves the image's bytes once in and once out, which is what it costs at 1080p.
pub fn box_blur(src: Rgba, mut dst: RgbaMut, scratch: &mut [u32], radius: usize, run: Run) {
    dst.expect_size(src.size(), "box_blur");
    let ((width, height), src, dst) = (src.size(), src.data(), dst.data_mut());
    if width == 0 || height == 0 {
        return;
    }
    if fused_fits(width, radius) {
        return box_blur_fused(src, dst, width, height, radius, run);
    }
    sum_rows(src, scratch, width, radius, run);
    average_columns(scratch, dst, width, height, radius, run);
}

fn box_blur_fused(src: &[u8], dst: &mut [u8], width: usize, height: usize, radius: usize, run: Run) {
    let row_len = width * CHANNELS;
    let window = 2 * radius + 1;
    let divide = RoundedDivide::new((window * window) as u32);
    let band_rows = fused_band_rows(height, run);
    let source_row = |y: isize| {
        let y = y.clamp(0, height as isize - 1) as usize;
        &src[y * row_len..(y + 1) * row_len]
    };
    // Each task's rows of sums, made once per rayon job and reused by its bands (allocating
    // them per band cost 1080p about 1 ms a call natively, in page faults).
    let new_rows = || FusedRows { ring: vec![vec![0u32; row_len]; window], acc: vec![0u32; row_len], entering: vec![0u32; row_len] };
    let band = |rows_of_sums: &mut FusedRows, (i, out): (usize, &mut [u8])| {
        let FusedRows { ring, acc, entering } = rows_of_sums;
        let (y0, r) = ((i * band_rows) as isize, radius as isize);
        // Row y's sums live in slot (y + r) mod window: the row entering the window takes
        // the slot of the row leaving it.
        let slot = |y: isize| (y + r) as usize % window;
        acc.fill(0);
        for y in y0 - r..=y0 + r {
            let sums = &mut ring[slot(y)];
            row_sums(source_row(y), sums, radius);
            acc.iter_mut().zip(sums.iter()).for_each(|(a, &v)| *a += v);
        }
        let rows = out.len() / row_len;
        for (j, row_out) in out.chunks_mut(row_len).enumerate() {
            let y = y0 + j as isize;
            if j + 1 == rows {
                divide.apply_row(acc, row_out);
                break;
            }
            row_sums(source_row(y + r + 1), entering, radius);
            let leaving = &mut ring[slot(y - r)];
            // One pass per row, a cache-sized piece at a time: write the row's means, then
            // slide its window sums down a row.
            let pieces = acc.chunks_mut(PIECE).zip(row_out.chunks_mut(PIECE)).zip(entering.chunks(PIECE).zip(leaving.chunks(PIECE)));
            for ((sums, means), (enter, leave)) in pieces {
                divide.apply_row(sums, means);
                for ((a, &e), &l) in sums.iter_mut().zip(enter).zip(leave) {
                    *a = *a + e - l;
                }
            }
            std::mem::swap(leaving, entering);
        }
    };
    if run.parallel {
        dst.par_chunks_mut(row_len * band_rows).enumerate().for_each_init(new_rows, band);
    } else {
        let mut rows_of_sums = new_rows();
        dst.chunks_mut(row_len * band_rows).enumerate().for_each(|item| band(&mut rows_of_sums, item));
    }
}

/// The fused form's rows of horizontal sums: the ring of the window's `2r + 1` rows, their
/// column sums, and the row about to enter.
struct FusedRows {
    ring: Vec<Vec<u32>>,
    acc: Vec<u32>,
    entering: Vec<u32>,
}

/// [`box_blur`] in place: the row pass reads the image before the column pass writes it.
pub fn box_blur_in_place(image: RgbaMut, scratch: &mut [u32], radius: usize, run: Run) {
    let ((width, height), image) = (image.size(), image.into_data());
    if width == 0 || height == 0 {
        return;
    }
    sum_rows(image, scratch, width, radius, run);
    average_columns(scratch, image, width, height, radius, run);
}

fn sum_rows(src: &[u8], scratch: &mut [u32], width: usize, radius: usize, run: Run) {
    let row_len = width * CHANNELS;
    let band_rows = rows_per_task(width);
    let horizontal = |(i, band): (usize, &mut [u32])| {
        for (j, out) in band.chunks_mut(row_len).enumerate() {
            let y = i * band_rows + j;
            row_sums(&src[y * row_len..(y + 1) * row_len], out, radius);
        }
    };
    if run.parallel {
        scratch.par_chunks_mut(row_len * band_rows).enumerate().for_each(horizontal);
    } else {
        scratch.chunks_mut(row_len * band_rows).enumerate().for_each(horizontal);
    }
}

fn average_columns(scratch: &[u32], dst: &mut [u8], width: usize, height: usize, radius: usize, run: Run) {
    let row_len = width * CHANNELS;
    let band_rows = rows_per_task(width);
    let divide = RoundedDivide::new(((2 * radius + 1) * (2 * radius + 1)) as u32);
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
            divide.apply_row(&acc, out);
            let (enter, leave) = (row(y + r + 1), row(y - r));
            for ((a, &e), &l) in acc.iter_mut().zip(enter).zip(leave) {
                *a = *a + e - l;
            }
        }
    };
    if run.parallel {
        dst.par_chunks_mut(row_len * band_rows).enumerate().for_each(vertical);
    } else {
        dst.chunks_mut(row_len * band_rows).enumerate().for_each(vertical);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::image::{rgba, rgba_mut};

    fn image(w: usize, h: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| ((i * 151) ^ (i >> 6)) as u8).collect()
    }

    #[test]
    fn the_stated_scratch_is_enough() {
        // 140 pixels at radius 1000: a ring of 2001 rows of sums passes 4 MiB (two passes).
        for (w, h, r) in [(1, 1, 1), (31, 17, 3), (140, 1, 1000)] {
            let src = image(w, h);
            let expected = reference(&src, w, h, r);
            let mut into = vec![0; src.len()];
            let mut scratch = vec![0; box_blur_scratch_len(w, h, r, false)];
            box_blur(rgba(&src, w, h), rgba_mut(&mut into, w, h), &mut scratch, r, Run::PARALLEL);
            assert_eq!(into, expected, "{w}×{h} r {r} into");
            let mut in_place = src.clone();
            let mut scratch = vec![0; box_blur_scratch_len(w, h, r, true)];
            box_blur_in_place(rgba_mut(&mut in_place, w, h), &mut scratch, r, Run::PARALLEL);
            assert_eq!(in_place, expected, "{w}×{h} r {r} in place");
        }
        assert_eq!(box_blur_scratch_len(1920, 1080, 4, false), 0, "the fused form needs none");
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

    fn filtered(src: &[u8], w: usize, h: usize, r: usize, run: Run) -> Vec<u8> {
        let mut dst = vec![0; src.len()];
        let mut scratch = vec![0; src.len()];
        box_blur(rgba(src, w, h), rgba_mut(&mut dst, w, h), &mut scratch, r, run);
        dst
    }

    #[test]
    fn box_blur_matches_the_direct_mean_exactly() {
        for (w, h, r) in [(1, 1, 1), (4, 2, 1), (5, 3, 1), (17, 13, 2), (64, 5, 3), (9, 40, 7), (3, 3, 20)] {
            let src = image(w, h);
            assert_eq!(filtered(&src, w, h, r, Run::SEQUENTIAL), reference(&src, w, h, r), "{w}x{h} r{r}");
        }
    }

    #[test]
    fn box_blur_in_place_matches_into_a_second_buffer() {
        let (w, h) = (45, 23);
        let src = image(w, h);
        let mut img = src.clone();
        let mut scratch = vec![0; src.len()];
        box_blur_in_place(rgba_mut(&mut img, w, h), &mut scratch, 3, Run::PARALLEL);
        assert_eq!(img, filtered(&src, w, h, 3, Run::SEQUENTIAL));
    }

    #[test]
    fn box_blur_parallel_matches_sequential() {
        for (w, h, r) in [(0, 0, 1), (1, 1, 3), (333, 211, 4), (64, 1000, 15)] {
            let src = image(w, h);
            assert_eq!(filtered(&src, w, h, r, Run::SEQUENTIAL), filtered(&src, w, h, r, Run::PARALLEL), "{w}x{h}");
        }
    }

    #[test]
    fn fused_and_two_pass_forms_agree() {
        for (w, h, r) in [(1, 1, 1), (7, 5, 3), (333, 211, 4), (50, 300, 30), (64, 129, 64)] {
            let src = image(w, h);
            let (mut fused, mut two_pass) = (vec![0; src.len()], vec![0; src.len()]);
            box_blur_fused(&src, &mut fused, w, h, r, Run::PARALLEL);
            let mut scratch = vec![0; src.len()];
            sum_rows(&src, &mut scratch, w, r, Run::PARALLEL);
            average_columns(&scratch, &mut two_pass, w, h, r, Run::PARALLEL);
            assert_eq!(fused, two_pass, "{w}x{h} r{r}");
        }
    }

    #[test]
    fn rounded_divide_is_exact_for_every_radius() {
        for radius in [1usize, 2, 3, 7, 31, 127, 128, 500, 999, 1000] {
            let area = ((2 * radius + 1) * (2 * radius + 1)) as u32;
            let divide = RoundedDivide::new(area);
            // Every rounding boundary, and the ends of the range.
            let sums = (0..=255u32).flat_map(|k| {
                let edge = (k * area).saturating_sub(area / 2);
                [edge.saturating_sub(1), edge, edge + 1, k * area]
            });
            for sum in sums.chain([0, 255 * area]).filter(|&s| s <= 255 * area) {
                assert_eq!(divide.apply(sum), ((sum + area / 2) / area) as u8, "radius {radius}, sum {sum}");
            }
        }
    }

    #[test]
    fn the_f32_divide_is_exact_for_every_sum_of_every_radius_it_serves() {
        for radius in 1..=49u32 {
            let area = (2 * radius + 1) * (2 * radius + 1);
            let scale = RoundedDivide::new(area).reciprocal.expect("f32 form up to radius 49");
            let sums: Vec<u32> = (0..=255 * area).collect();
            let mut out = vec![0u8; sums.len()];
            simd::round_scaled_to_u8_portable(&sums, &mut out, scale);
            for (&sum, &got) in sums.iter().zip(&out) {
                assert_eq!(got, ((sum + area / 2) / area) as u8, "radius {radius}, sum {sum}");
            }
        }
        assert!(RoundedDivide::new(101 * 101).reciprocal.is_none());
    }
}
