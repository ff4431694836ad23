//! Separable resampling of RGBA images in fixed point: each axis's taps and weights are
//! computed once per pair of sizes (the last call's `Plan` is kept), a horizontal pass
//! filters the source rows an output band needs into 16-bit rows kept in cache, and a
//! vertical pass filters those into the output. The layout follows Pillow's
//! `ImagingResample`; the arithmetic is ours.
//!
//! Filters: [`Filter::Bilinear`] samples at pixel centres (two taps per axis, no
//! antialiasing: what OpenCV's `INTER_LINEAR` does, fast and right for modest scales);
//! [`Filter::Area`] averages the source pixels each output pixel covers (a box widened to the
//! reduction); [`Filter::Lanczos3`] is the windowed sinc that sharp and libvips use by default,
//! widened on downscale so it antialiases. Taps that fall outside the image are dropped and
//! the rest renormalised, so edges behave as if the edge pixels repeated.
//!
//! Precision: every output byte is within 1 of the exact result, defined as the same taps
//! with `f64` weights, the horizontal pass clamped to 0..=255, and the vertical sum rounded
//! half up ([`resize_reference`]). The horizontal pass (`resample_rows`) errs by at most
//! taps · 127.5 · 2^-14 + 2^-8 up to 24 taps (2^-14 weights in 16-bit lanes) and
//! taps · 127.5 · 2^-20 + 2^-8 beyond; the vertical pass (`resample_columns`) multiplies that
//! by at most 1.6 (Σ|w|, Lanczos's negative lobes) and adds taps · 127.5 · 2^-14 up to 24
//! taps, taps · 127.5 · 2^-15 beyond (its weights, each within one unit, summing to exactly
//! 1). With up to 48 vertical taps (Lanczos 3 at 8× down) that is at most
//! 1.6 · 0.191 + 0.187 = 0.49 before the final rounding: under ½, so the byte cannot leave
//! the two integers around the exact value. Larger reductions are tested, not bounded.

use super::resample_columns::ColumnFilter;
use super::resample_rows::RowFilter;
use super::{CHANNELS, Rgba, RgbaMut};
use crate::kernels::Run;
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

/// A resampling filter; see the module notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Two taps per axis at pixel centres, no antialiasing.
    Bilinear,
    /// The mean of the source pixels each output pixel covers (for downscales).
    Area,
    /// Lanczos with three lobes, widened to the reduction on downscales (antialiased).
    Lanczos3,
}

impl Filter {
    /// The filter named `name` ('bilinear', 'area', 'lanczos3').
    pub fn from_name(name: &str) -> Option<Filter> {
        match name {
            "bilinear" => Some(Filter::Bilinear),
            "area" => Some(Filter::Area),
            "lanczos3" => Some(Filter::Lanczos3),
            _ => None,
        }
    }

    /// Half-width of the kernel in source pixels, before widening.
    fn support(self) -> f64 {
        match self {
            Filter::Bilinear => 1.0,
            Filter::Area => 0.5,
            Filter::Lanczos3 => 3.0,
        }
    }

    fn weight(self, x: f64) -> f64 {
        match self {
            Filter::Bilinear => (1.0 - x.abs()).max(0.0),
            Filter::Area => f64::from(u8::from((-0.5..0.5).contains(&x))),
            Filter::Lanczos3 => {
                if x.abs() >= 3.0 {
                    0.0
                } else {
                    sinc(x) * sinc(x / 3.0)
                }
            }
        }
    }

    /// Whether the kernel widens with the reduction on downscale (antialiasing).
    fn widens(self) -> bool {
        self != Filter::Bilinear
    }
}

fn sinc(x: f64) -> f64 {
    if x == 0.0 {
        1.0
    } else {
        let px = std::f64::consts::PI * x;
        px.sin() / px
    }
}

/// One axis's taps: output `i` reads source pixels `first[i] .. first[i] + taps`, weighted
/// by `weights[i * taps ..][..taps]` (zero where a pixel is beyond the filter's reach).
#[derive(Debug)]
pub struct Taps {
    /// Taps per output pixel.
    pub taps: usize,
    /// Each output's first source pixel.
    pub first: Vec<usize>,
    /// `taps` weights per output, each output's summing to 1.
    pub weights: Vec<f64>,
}

/// The taps of resampling `input` pixels to `output` pixels (both at least 1) with `filter`.
pub fn taps(input: usize, output: usize, filter: Filter) -> Taps {
    let scale = input as f64 / output as f64;
    let widen = if filter.widens() { scale.max(1.0) } else { 1.0 };
    let support = filter.support() * widen;
    // Every output's window, then one tap count for all, so the inner loops have fixed bounds.
    let windows: Vec<(f64, usize, usize)> = (0..output)
        .map(|i| {
            let centre = (i as f64 + 0.5) * scale;
            let lo = ((centre - support + 0.5).floor().max(0.0) as usize).min(input - 1);
            let hi = ((centre + support + 0.5).floor() as usize).clamp(lo + 1, input);
            (centre, lo, hi)
        })
        .collect();
    let taps = windows.iter().map(|&(_, lo, hi)| hi - lo).max().unwrap_or(1);
    let mut first = Vec::with_capacity(output);
    let mut weights = vec![0.0; output * taps];
    for (i, &(centre, lo, hi)) in windows.iter().enumerate() {
        // Shifted left where the window would run past the last pixel; its zeros pad.
        let start = lo.min(input - taps);
        let row = &mut weights[i * taps..][..taps];
        let mut total = 0.0;
        for x in lo..hi {
            let w = filter.weight((x as f64 + 0.5 - centre) / widen);
            row[x - start] = w;
            total += w;
        }
        if total == 0.0 {
            // No source pixel in reach (a box between pixels): the nearest one.
            row[(centre.floor() as usize).clamp(lo, hi - 1) - start] = 1.0;
            total = 1.0;
        }
        row.iter_mut().for_each(|w| *w /= total);
        first.push(start);
    }
    Taps { taps, first, weights }
}

/// The largest Σ|w| of a row of taps: Lanczos 3's negative lobes, where edge taps are
/// dropped and the rest renormalised (1.571 at 4 → 5 pixels; tested over all sizes to 120).
const MAX_ABS_SUM: f64 = 1.6;

/// Exactly half size with a box-like filter: each output byte is `(a + b + c + d + 2) / 4`
/// of its 2×2 source block, which is bit for bit what the general path computes for
/// bilinear and area weights of exactly ½ (½ is exact in both fixed points). OpenCV's
/// `resize` has the same fast path.
fn halve_rows(src: &[u8], sw: usize, out: &mut [u8], y0: usize) {
    let row_len = sw * CHANNELS;
    for (i, o) in out.chunks_exact_mut(row_len / 2).enumerate() {
        let y = 2 * (y0 + i);
        let (top, bottom) = (&src[y * row_len..][..row_len], &src[(y + 1) * row_len..][..row_len]);
        let done = halve_row_simd(top, bottom, o);
        for ((d, t), b) in o[done..]
            .chunks_exact_mut(CHANNELS)
            .zip(top[2 * done..].chunks_exact(2 * CHANNELS))
            .zip(bottom[2 * done..].chunks_exact(2 * CHANNELS))
        {
            for c in 0..CHANNELS {
                let sum = u16::from(t[c]) + u16::from(t[c + CHANNELS]) + u16::from(b[c]) + u16::from(b[c + CHANNELS]);
                d[c] = ((sum + 2) >> 2) as u8;
            }
        }
    }
}

/// The start of one row of [`halve_rows`], four output pixels per step in SIMD128 (LLVM left
/// the portable loop scalar on wasm: 4.6 ms against 0.6 natively at 1080p); returns the
/// output bytes written. Elsewhere none: the portable loop is vectorised natively.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn halve_row_simd(top: &[u8], bottom: &[u8], out: &mut [u8]) -> usize {
    use super::lanes;
    use core::arch::wasm32::*;
    let steps = out.len() / 16;
    let load = |s: &[u8]| lanes::load_bytes(lanes::bytes16(s));
    for j in 0..steps {
        let (t, b) = (&top[32 * j..][..32], &bottom[32 * j..][..32]);
        let (t0, t1, b0, b1) = (load(t), load(&t[16..]), load(b), load(&b[16..]));
        // Vertical sums of source pixels 0-1, 2-3, 4-5, 6-7, as u16 lanes.
        let p01 = i16x8_add(u16x8_extend_low_u8x16(t0), u16x8_extend_low_u8x16(b0));
        let p23 = i16x8_add(u16x8_extend_high_u8x16(t0), u16x8_extend_high_u8x16(b0));
        let p45 = i16x8_add(u16x8_extend_low_u8x16(t1), u16x8_extend_low_u8x16(b1));
        let p67 = i16x8_add(u16x8_extend_high_u8x16(t1), u16x8_extend_high_u8x16(b1));
        // Even pixels plus odd pixels: output pixels 0-1 and 2-3.
        let rounding = u16x8_splat(2);
        let o01 = u16x8_shr(
            i16x8_add(
                i16x8_add(i16x8_shuffle::<0, 1, 2, 3, 8, 9, 10, 11>(p01, p23), i16x8_shuffle::<4, 5, 6, 7, 12, 13, 14, 15>(p01, p23)),
                rounding,
            ),
            2,
        );
        let o23 = u16x8_shr(
            i16x8_add(
                i16x8_add(i16x8_shuffle::<0, 1, 2, 3, 8, 9, 10, 11>(p45, p67), i16x8_shuffle::<4, 5, 6, 7, 12, 13, 14, 15>(p45, p67)),
                rounding,
            ),
            2,
        );
        lanes::store_bytes(u8x16_narrow_i16x8(o01, o23), lanes::bytes16_mut(&mut out[16 * j..]));
    }
    steps * 16
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn halve_row_simd(_top: &[u8], _bottom: &[u8], _out: &mut [u8]) -> usize {
    0
}

/// Both passes' weights for one pair of sizes and a filter, and which source rows each
/// output row reads (the vertical taps' `f64` weights are not kept: 58 KB at 1080p → 720p).
struct Plan {
    key: PlanKey,
    rows: RowFilter,
    columns: ColumnFilter,
    /// Each output row's first source row (`columns.taps()` rows from there).
    first_rows: Vec<usize>,
}

type PlanKey = ((usize, usize), (usize, usize), Filter);

/// The last call's plan. Computing one (sines, sorts) took 6 % of a 1080p Lanczos 3 resize
/// on one thread, serial work that also bounds the parallel speed-up; a caller resizing
/// frame after frame at one size (video, thumbnails) pays it once, as with a swscale context.
static LAST_PLAN: Mutex<Option<Arc<Plan>>> = Mutex::new(None);

impl Plan {
    /// The plan for these sizes: the last call's if it matches, else a new one (the two axes
    /// at once when parallel), kept for the next call. Never waits on the lock: a caller
    /// that finds it taken (another resize at the same moment) computes its own.
    fn for_sizes(from: (usize, usize), to: (usize, usize), filter: Filter, run: Run) -> Arc<Plan> {
        let key = (from, to, filter);
        if let Ok(last) = LAST_PLAN.try_lock()
            && let Some(plan) = last.as_ref().filter(|p| p.key == key)
        {
            return Arc::clone(plan);
        }
        let across = || RowFilter::new(&taps(from.0, to.0, filter));
        let down = || {
            let v = taps(from.1, to.1, filter);
            debug_assert!(v.weights.chunks_exact(v.taps).all(|r| r.iter().map(|w| w.abs()).sum::<f64>() <= MAX_ABS_SUM));
            (ColumnFilter::new(&v), v.first)
        };
        let (rows, (columns, first_rows)) = if run.parallel { rayon::join(across, down) } else { (across(), down()) };
        let plan = Arc::new(Plan { key, rows, columns, first_rows });
        if let Ok(mut last) = LAST_PLAN.try_lock() {
            *last = Some(Arc::clone(&plan));
        }
        plan
    }
}

/// Resizes `src` into `dst`, whatever their sizes, with `filter` (an empty image on either
/// side is a no-op). Bands of output rows run in parallel when `parallel`; each output
/// byte is computed by the same code either way, so the results are identical.
pub fn resample(src: Rgba, dst: RgbaMut, filter: Filter, run: Run) {
    let ((sw, sh), (dw, dh)) = (src.size(), dst.size());
    let (src, dst) = (src.data(), dst.into_data());
    if sw == 0 || sh == 0 || dw == 0 || dh == 0 {
        return;
    }
    if filter != Filter::Lanczos3 && sw == 2 * dw && sh == 2 * dh {
        let row_len = dw * CHANNELS;
        let band = super::rows_per_task(dw);
        let work = |(b, out): (usize, &mut [u8])| halve_rows(src, sw, out, b * band);
        if run.parallel {
            dst.par_chunks_mut(band * row_len).enumerate().for_each(work);
        } else {
            dst.chunks_mut(band * row_len).enumerate().for_each(work);
        }
        return;
    }
    let plan = Plan::for_sizes((sw, sh), (dw, dh), filter, run);
    let (rows, columns, taps, first_rows) = (&plan.rows, &plan.columns, plan.columns.taps(), &plan.first_rows);
    let row_len = dw * CHANNELS;
    // Bands: the shared rows at ⅔ scale with Lanczos 3 are 8.5 source rows per boundary.
    let band = super::ring_band_rows(dh, taps, run);
    let work = |(b, out): (usize, &mut [u8])| {
        let y0 = b * band;
        // Source row `s` lives in slot `s % ring` from when it is filtered until the window
        // moves past it: windows only move forward, and each spans exactly `ring` rows.
        let ring = taps;
        let mut mid = vec![0i16; ring * row_len];
        let mut starts = Vec::with_capacity(ring);
        let mut tail = Vec::new();
        let mut next = 0;
        for (i, o) in out.chunks_exact_mut(row_len).enumerate() {
            let y = y0 + i;
            let (lo, hi) = (first_rows[y], first_rows[y] + taps);
            for s in next.max(lo)..hi {
                let slot = &mut mid[(s % ring) * row_len..][..row_len];
                rows.filter(&src[s * sw * CHANNELS..][..sw * CHANNELS], slot, &mut tail);
            }
            next = next.max(hi);
            starts.clear();
            starts.extend((lo..hi).map(|s| (s % ring) * row_len));
            columns.filter(&mid, &starts, y, o);
        }
    };
    if run.parallel {
        dst.par_chunks_mut(band * row_len).enumerate().for_each(work);
    } else {
        dst.chunks_mut(band * row_len).enumerate().for_each(work);
    }
}

/// The exact result [`resample`] is held to: the same taps in `f64`, the horizontal pass
/// clamped to 0..=255, the vertical sum rounded half up and clamped. For tests.
pub fn resize_reference(src: Rgba, (dw, dh): (usize, usize), filter: Filter) -> Vec<f64> {
    let ((sw, sh), src) = (src.size(), src.data());
    let h = taps(sw, dw, filter);
    let v = taps(sh, dh, filter);
    let mid: Vec<f64> = (0..sh)
        .flat_map(|y| {
            let h = &h;
            (0..dw * CHANNELS).map(move |i| {
                let (x, c) = (i / CHANNELS, i % CHANNELS);
                let w = &h.weights[x * h.taps..][..h.taps];
                let s: f64 = w.iter().enumerate().map(|(k, wk)| wk * f64::from(src[(y * sw + h.first[x] + k) * CHANNELS + c])).sum();
                s.clamp(0.0, 255.0)
            })
        })
        .collect();
    (0..dh)
        .flat_map(|y| {
            let (v, mid) = (&v, &mid);
            (0..dw * CHANNELS).map(move |i| {
                let w = &v.weights[y * v.taps..][..v.taps];
                w.iter().enumerate().map(|(k, wk)| wk * mid[(v.first[y] + k) * dw * CHANNELS + i]).sum::<f64>()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixed::quantize;
    use super::*;
    use crate::kernels::image::{rgba, rgba_mut};

    use super::super::noise_image as image;

    const FILTERS: [Filter; 3] = [Filter::Bilinear, Filter::Area, Filter::Lanczos3];

    #[test]
    fn weights_sum_to_one_and_fit_the_fixed_point_bounds() {
        for filter in FILTERS {
            for (input, output) in [(1, 1), (1, 7), (7, 1), (10, 3), (3, 10), (1920, 1280), (1920, 960), (97, 5), (5, 97), (1000, 7)] {
                let t = taps(input, output, filter);
                assert_eq!(t.first.len(), output);
                for (i, row) in t.weights.chunks_exact(t.taps).enumerate() {
                    assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{filter:?} {input}→{output} row {i}");
                    assert!(row.iter().map(|w| w.abs()).sum::<f64>() <= MAX_ABS_SUM, "{filter:?} {input}→{output}: Σ|w| too large");
                    assert!(t.first[i] + t.taps <= input);
                }
                for bits in [14, 15, 20] {
                    for (row, exact) in quantize(&t.weights, t.taps, bits).chunks_exact(t.taps).zip(t.weights.chunks_exact(t.taps)) {
                        assert_eq!(row.iter().sum::<i32>(), 1 << bits);
                        for (&q, &w) in row.iter().zip(exact) {
                            assert!((f64::from(q) - w * f64::from(1u32 << bits)).abs() < 1.0);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn lanczos_weights_stay_inside_the_vertical_pass_bound_at_every_small_size() {
        // Σ|w| is largest where edge taps are dropped and the rest renormalised, which
        // depends on the sizes only near the edges: every pair up to 120 covers the cases.
        for input in 1..=120 {
            for output in 1..=120 {
                let t = taps(input, output, Filter::Lanczos3);
                for row in t.weights.chunks_exact(t.taps) {
                    assert!(row.iter().map(|w| w.abs()).sum::<f64>() <= MAX_ABS_SUM, "{input}→{output}");
                }
            }
        }
    }

    #[test]
    fn bilinear_at_exactly_half_is_the_two_by_two_average() {
        let src = image(8, 6, 3);
        let mut dst = vec![0; 4 * 3 * 4];
        resample(rgba(&src, 8, 6), rgba_mut(&mut dst, 4, 3), Filter::Bilinear, Run::SEQUENTIAL);
        for y in 0..3 {
            for x in 0..4 {
                for c in 0..4 {
                    let p = |dx: usize, dy: usize| u32::from(src[((2 * y + dy) * 8 + 2 * x + dx) * 4 + c]);
                    let mean = (p(0, 0) + p(1, 0) + p(0, 1) + p(1, 1) + 2) / 4;
                    assert_eq!(u32::from(dst[(y * 4 + x) * 4 + c]), mean);
                }
            }
        }
        let mut area = vec![0; dst.len()];
        resample(rgba(&src, 8, 6), rgba_mut(&mut area, 4, 3), Filter::Area, Run::SEQUENTIAL);
        assert_eq!(area, dst, "area at 2× down is the same average");
    }

    #[test]
    fn the_half_size_fast_path_equals_the_general_path() {
        for (sw, sh) in [(2, 2), (8, 6), (202, 100), (1000, 2)] {
            let src = image(sw, sh, 17);
            let (dw, dh) = (sw / 2, sh / 2);
            let h = taps(sw, dw, Filter::Bilinear);
            let v = taps(sh, dh, Filter::Bilinear);
            let (hw, vw) = (RowFilter::new(&h), ColumnFilter::new(&v));
            let mut general = vec![0; dw * dh * 4];
            for (y, o) in general.chunks_exact_mut(dw * 4).enumerate() {
                let mut rows = vec![0i16; v.taps * dw * 4];
                for (k, r) in rows.chunks_exact_mut(dw * 4).enumerate() {
                    hw.filter(&src[(v.first[y] + k) * sw * 4..][..sw * 4], r, &mut Vec::new());
                }
                let starts: Vec<usize> = (0..v.taps).map(|k| k * dw * 4).collect();
                vw.filter(&rows, &starts, y, o);
            }
            for filter in [Filter::Bilinear, Filter::Area] {
                let mut fast = vec![0; dw * dh * 4];
                resample(rgba(&src, sw, sh), rgba_mut(&mut fast, dw, dh), filter, Run::PARALLEL);
                assert_eq!(fast, general, "{filter:?} {sw}×{sh}");
            }
        }
    }

    #[test]
    fn a_flat_image_stays_flat_and_identity_is_exact() {
        for filter in FILTERS {
            let flat = vec![201u8; 13 * 9 * 4];
            let mut out = vec![0; 29 * 4 * 4];
            resample(rgba(&flat, 13, 9), rgba_mut(&mut out, 29, 4), filter, Run::SEQUENTIAL);
            assert!(out.iter().all(|&v| v == 201), "{filter:?}");
            let src = image(11, 7, 5);
            let mut same = vec![0; src.len()];
            resample(rgba(&src, 11, 7), rgba_mut(&mut same, 11, 7), filter, Run::SEQUENTIAL);
            assert_eq!(same, src, "{filter:?} at scale 1");
        }
    }

    #[test]
    fn every_byte_is_within_one_of_the_exact_result() {
        let sizes = [
            (1, 1, 1, 1),
            (1, 1, 5, 3),
            (7, 5, 1, 1),
            (17, 13, 8, 6),
            (33, 21, 97, 61),
            (97, 61, 12, 7),
            (200, 150, 25, 19),
            (64, 48, 64, 48),
            (31, 1, 9, 1),
            (1, 31, 1, 9),
            (120, 90, 80, 60),
        ];
        for (seed, &(sw, sh, dw, dh)) in sizes.iter().enumerate() {
            let src = image(sw, sh, seed as u32 + 11);
            for filter in FILTERS {
                let exact = resize_reference(rgba(&src, sw, sh), (dw, dh), filter);
                let mut out = vec![0; dw * dh * 4];
                resample(rgba(&src, sw, sh), rgba_mut(&mut out, dw, dh), filter, Run::SEQUENTIAL);
                let mut same = 0;
                for (i, (&o, &e)) in out.iter().zip(&exact).enumerate() {
                    let rounded = (e + 0.5).floor().clamp(0.0, 255.0);
                    assert!((f64::from(o) - rounded).abs() <= 1.0, "{filter:?} {sw}×{sh}→{dw}×{dh} byte {i}: {o} vs exact {e}");
                    same += usize::from(f64::from(o) == rounded);
                }
                if out.len() >= 1000 {
                    assert!(same * 100 >= out.len() * 98, "{filter:?} {sw}×{sh}→{dw}×{dh}: only {same} of {} exact", out.len());
                }
            }
        }
    }

    /// The passes keep a copy per tap count (`resample_rows` per quad, `resample_columns` per
    /// pair); every copy, and the general one past them, meets the reference.
    #[test]
    fn every_tap_count_the_passes_specialise_is_within_one() {
        let (sw, sh) = (97, 89);
        let src = image(sw, sh, 5);
        let (mut quads, mut pairs) = (Vec::new(), Vec::new());
        for filter in FILTERS {
            for (dw, dh) in
                [(200, 190), (97, 89), (60, 59), (50, 45), (45, 40), (40, 31), (30, 27), (28, 25), (26, 23), (24, 21), (20, 17), (16, 14)]
            {
                let (h, v) = (taps(sw, dw, filter), taps(sh, dh, filter));
                quads.push(h.taps.div_ceil(4));
                pairs.push(v.taps.div_ceil(2));
                let exact = resize_reference(rgba(&src, sw, sh), (dw, dh), filter);
                let mut out = vec![0; dw * dh * 4];
                resample(rgba(&src, sw, sh), rgba_mut(&mut out, dw, dh), filter, Run::SEQUENTIAL);
                for (i, (&o, &e)) in out.iter().zip(&exact).enumerate() {
                    let rounded = (e + 0.5).floor().clamp(0.0, 255.0);
                    assert!((f64::from(o) - rounded).abs() <= 1.0, "{filter:?} {sw}×{sh}→{dw}×{dh} byte {i}: {o} vs exact {e}");
                }
            }
        }
        for q in 1..=6 {
            assert!(quads.contains(&q), "no case with {q} quads: {quads:?}");
        }
        for p in [1, 2, 3, 4, 5, 6, 7] {
            assert!(pairs.contains(&p), "no case with {p} pairs: {pairs:?}");
        }
    }

    #[test]
    fn parallel_equals_sequential() {
        let src = image(301, 203, 9);
        for filter in FILTERS {
            for (dw, dh) in [(150, 101), (640, 480), (7, 3), (301, 203)] {
                let (mut a, mut b) = (vec![0; dw * dh * 4], vec![0; dw * dh * 4]);
                resample(rgba(&src, 301, 203), rgba_mut(&mut a, dw, dh), filter, Run::SEQUENTIAL);
                resample(rgba(&src, 301, 203), rgba_mut(&mut b, dw, dh), filter, Run::PARALLEL);
                assert_eq!(a, b, "{filter:?} → {dw}×{dh}");
            }
        }
    }
}
