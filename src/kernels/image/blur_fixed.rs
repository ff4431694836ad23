//! The Gaussian blur of 8-bit images in fixed point, for up to 31 taps (σ ≤ 5): weights in
//! 2^-14 units summing to exactly 1, a horizontal pass into `i16` rows of 2^-7 units, a
//! vertical pass back to bytes. Both passes multiply pairs of taps with one
//! `i32x4.dot_i16x8_s` on wasm (eight exact products per instruction, where the `f32` path
//! has four), the approach of libvips's `convi` and OpenCV's fixed-point Gaussian. A pair of
//! taps needs its two values side by side: the horizontal pass reads each row interleaved
//! (`[r_x, r_x+1, g_x, g_x+1, …]`), the vertical pass interleaves two rows with a shuffle.
//!
//! Into a separate output the passes are fused (`blur_fixed()`): in strips of 512 columns,
//! the horizontal pass fills a ring of rows in cache that the vertical pass reads, each row
//! kept twice so that the rows an output row reads are consecutive, a constant distance
//! apart. In place the passes run one after the other through an image of `i16` rows.
//!
//! Mirrored taps (every Gaussian) take the folded loops of `blur_mirrored`, which add the
//! two values at each distance before multiplying: 13 `dot`s for 25 taps instead of 25.
//! The rows between the passes are stored centred on zero (`MID_OFFSET` subtracted) so that
//! such a sum fits 16 bits.
//!
//! The lane operations are `lanes`: wasm SIMD128, x86-64 SSE2, or plain arrays elsewhere.
//!
//! Measured in Chromium on this path's first forms: `i16x8.q15mulr_sat_s` (one rounding
//! multiply per tap) ran no faster than `f32`, as V8 expands it into several instructions;
//! `dot` is one (`pmaddwd`).
//!
//! Precision: every byte is within 1 of the exact blur (`f64` weights, no intermediate
//! rounding). Per pass each quantised weight is within one unit (2^-14) of its exact value,
//! the errors summing to zero, so the pass errs by at most taps · 2^-14 · 127.5 (0.241 at 31
//! taps); products are exact; the rows are rounded to 2^-8. Before the final rounding the
//! value is within 0.486 of exact, so the byte is within 0.986.

use super::blur_mirrored::{self as mirrored, FoldedWeights, folded, is_mirrored};
use super::fixed::{quantize, quantize_mirrored};
use super::lanes;
use super::{CHANNELS, ring_band_rows, rows_per_task};
use crate::kernels::Run;
use rayon::prelude::*;

/// The most taps the fixed-point path takes; larger blurs run in `f32`.
pub const MAX_FIXED_TAPS: usize = 31;
const W_BITS: u32 = 14;
const MID_BITS: u32 = 7;
/// Subtracted from the rows between the passes: 128 in 2^-7 units, so they lie in
/// [-2^14, 2^14) and two of them add up without overflowing 16 bits.
const MID_OFFSET: i32 = 128 << MID_BITS;
/// Added before the horizontal pass's shift: half a unit of 2^-7, less the offset.
const ROUND_ROWS: i32 = (1 << (W_BITS - MID_BITS - 1)) - (MID_OFFSET << (W_BITS - MID_BITS));
/// Added before the vertical pass's shift: half a unit, plus the offset times the weights'
/// sum (exactly 2^14).
const ROUND_COLUMNS: i32 = (1 << (W_BITS + MID_BITS - 1)) + (MID_OFFSET << W_BITS);

/// The Gaussian's taps for `sigma` in 2^-14 units (radius ⌈3σ⌉, as `gaussian_weights`), or
/// `None` beyond [`MAX_FIXED_TAPS`].
pub fn fixed_weights(sigma: f32) -> Option<Vec<i16>> {
    let radius = (3.0 * sigma).ceil() as isize;
    if (2 * radius + 1) as usize > MAX_FIXED_TAPS {
        return None;
    }
    let denom = 2.0 * f64::from(sigma) * f64::from(sigma);
    let raw: Vec<f64> = (-radius..=radius).map(|k| (-((k * k) as f64) / denom).exp()).collect();
    let total: f64 = raw.iter().sum();
    let exact: Vec<f64> = raw.iter().map(|w| w / total).collect();
    Some(fixed_taps(&exact))
}

/// Non-negative `exact` taps summing to 1 in the passes' 2^-14 units, summing to exactly 1;
/// mirrored taps stay mirrored (for the folded loops).
pub(super) fn fixed_taps(exact: &[f64]) -> Vec<i16> {
    let mirror = exact.len() % 2 == 1 && exact.iter().eq(exact.iter().rev());
    let q = if mirror { quantize_mirrored(exact, W_BITS) } else { quantize(exact, exact.len(), W_BITS) };
    q.into_iter().map(|v| v as i16).collect()
}

/// Taps in pairs, `[w0, w1]` four times (a zero weight after an odd last tap): the second
/// operand of one `dot`.
fn weight_pairs(weights: &[i16]) -> Vec<[i16; 8]> {
    weights
        .chunks(2)
        .map(|p| {
            let (a, b) = (p[0], p.get(1).copied().unwrap_or(0));
            [a, b, a, b, a, b, a, b]
        })
        .collect()
}

/// Pixels per step of the horizontal pass: they share each pair of weights.
const PIXELS: usize = 4;

/// A pass's taps in the forms its loops take: pairs for the general loops, and the folded
/// form where the taps are mirrored and `fold` asks for it.
struct PassTaps<'a> {
    weights: &'a [i16],
    pairs: Vec<[i16; 8]>,
    folded: Option<FoldedWeights>,
}

impl<'a> PassTaps<'a> {
    fn new(weights: &'a [i16], fold: bool) -> PassTaps<'a> {
        PassTaps { weights, pairs: weight_pairs(weights), folded: fold.then(|| folded(weights)) }
    }

    fn radius(&self) -> usize {
        self.weights.len() / 2
    }
}

/// The blur of `src` into `dst` (separate buffers, `width × height` RGBA) with `horizontal`
/// then `vertical` taps, the two passes fused: each band of output rows filters its source
/// rows once, into a ring of `vertical.len()` rows that stays in cache, and the vertical pass
/// reads the ring. The same bits as [`blur_rows_fixed`] then [`blur_columns_fixed`] without
/// their 2-bytes-per-channel image between the passes: natively at 1080p each pass ran 10 to
/// 80 % slower over the whole image than over rows in cache, the most when the host's
/// memory was busy.
pub fn blur_fixed(src: &[u8], dst: &mut [u8], width: usize, height: usize, horizontal: &[i16], vertical: &[i16], run: Run) {
    if width == 0 || height == 0 {
        return;
    }
    let (h, v) = (PassTaps::new(horizontal, is_mirrored(horizontal)), PassTaps::new(vertical, is_mirrored(vertical)));
    blur_fused(src, dst, width, height, &h, &v, STRIP_PIXELS, run);
}

/// Output rows between progress reports and cancellation checks of the fused blur.
const PROGRESS_ROWS: usize = 8;

/// Pixels per strip of columns of the fused blur. Its ring (below) is 212 KB at 25 taps,
/// in L2. Strips of 128 pixels (a ring in L1) ran slower: each strip interleaves `2 r + 2`
/// pixels more of every row (`blur_row`).
const STRIP_PIXELS: usize = 512;

/// Lanes from one ring row to the next, a constant so that the vertical pass reaches its
/// rows from two addresses at constant offsets (see `blur_mirrored::window_strip`); an odd
/// number of 64-byte cache lines (65), so that the rows read at one column fall in different
/// sets of the L1 cache.
const PITCH: usize = STRIP_PIXELS * CHANNELS + 32;
const _: () = assert!((PITCH * 2).is_multiple_of(64) && (PITCH * 2 / 64) % 2 == 1);

/// The fused passes in strips of `strip` pixels (at most [`STRIP_PIXELS`]; the tests take
/// narrower ones). Each band of output rows filters its source rows once per strip, in order,
/// into a ring of `taps` rows, and copies each into a second ring right after the first, so
/// that the `taps` rows an output row reads are always consecutive, `PITCH` lanes apart.
#[allow(clippy::too_many_arguments)]
fn blur_fused(src: &[u8], dst: &mut [u8], width: usize, height: usize, h: &PassTaps, v: &PassTaps, strip: usize, run: Run) {
    debug_assert!(strip > 0 && strip <= STRIP_PIXELS);
    let row_len = width * CHANNELS;
    let (taps, r) = (v.weights.len(), v.radius());
    // A band filters the `taps − 1` source rows around it again, a strip `2 r + 3` pixels
    // of each row.
    let band = ring_band_rows(height, taps, run);
    let strips = width.div_ceil(strip);
    run.expect(height * strips);
    let work = |(b, out): (usize, &mut [u8])| {
        let y0 = b * band;
        let rows_out = out.len() / row_len;
        let mut scratch = Scratch::default();
        // A row of padding, then the slots.
        let mut ring = vec![0i16; (1 + 2 * taps) * PITCH];
        for x0 in (0..width).step_by(strip) {
            let lanes = strip.min(width - x0) * CHANNELS;
            // Window row t of the band is source row y0 + t − r (clamped to the image): it is
            // read by output rows t − 2r ..= t, and lives in slots t % taps and t % taps + taps.
            let (mut next, mut last_source) = (0, usize::MAX);
            for (i, row_out) in out.chunks_exact_mut(row_len).enumerate() {
                if i % PROGRESS_ROWS == 0 {
                    if run.cancelled() {
                        return;
                    }
                    run.advance(PROGRESS_ROWS.min(rows_out - i));
                }
                while next <= i + 2 * r {
                    let source = (y0 + next).saturating_sub(r).min(height - 1);
                    let slot = (1 + next % taps) * PITCH;
                    if source == last_source {
                        // Above and below the image the edge row repeats: copied, not filtered again.
                        let previous = (1 + (next - 1) % taps) * PITCH;
                        ring.copy_within(previous..previous + lanes, slot);
                    } else {
                        blur_row(&src[source * row_len..][..row_len], x0, &mut ring[slot..][..lanes], h, &mut scratch);
                    }
                    ring.copy_within(slot..slot + lanes, slot + taps * PITCH);
                    (next, last_source) = (next + 1, source);
                }
                window_row(&ring[(i % taps) * PITCH..], &mut row_out[x0 * CHANNELS..][..lanes], v);
            }
        }
    };
    if run.parallel {
        dst.par_chunks_mut(band * row_len).enumerate().for_each(work);
    } else {
        dst.chunks_mut(band * row_len).enumerate().for_each(work);
    }
}

/// One output row's strip of the fused blur's vertical pass from `window`, whose row k
/// from lane (k + 1) · PITCH is the horizontal pass's row at distance k − r (row −1 is
/// padding).
fn window_row(window: &[i16], row_out: &mut [u8], v: &PassTaps) {
    let (lanes, taps) = (row_out.len(), v.weights.len());
    let r = taps / 2;
    assert!(window.len() >= (2 * r + 3) * PITCH && lanes <= PITCH, "the window holds every row");
    let strips = match &v.folded {
        Some(w) => {
            let strips = lanes / STRIP * STRIP;
            for s in (0..strips).step_by(STRIP) {
                // SAFETY: s + 16 ≤ lanes ≤ PITCH and (2 r + 3) · PITCH ≤ window.len(), asserted
                // above; the folded weights have ⌈r / 2⌉ pairs.
                let acc = unsafe { mirrored::window_strip::<PITCH>(window, r, w, s, ROUND_COLUMNS) };
                row_out[s..s + STRIP].copy_from_slice(&strip_bytes(acc));
            }
            strips
        }
        None => 0,
    };
    // The rest (the general taps, or a strip's last lanes) through the row-by-row form.
    if strips < lanes {
        // The window's rows as an image of `taps` rows seen from its middle row: no clamping.
        let rows = column_rows(r, taps, taps, |k| &window[(k + 1) * PITCH..][..lanes]);
        blur_column_row_from(&rows[..=taps], row_out, v, strips);
    }
}

/// Horizontal pass over bands of rows: `mid` gets each pixel's four channels in 2^-7 units.
pub fn blur_rows_fixed(src: &[u8], mid: &mut [i16], width: usize, weights: &[i16], run: Run) {
    if width == 0 {
        return;
    }
    blur_rows_with(src, mid, width, weights, is_mirrored(weights), run);
}

/// The horizontal pass with the folded loops where `fold` (and `weights` are mirrored).
fn blur_rows_with(src: &[u8], mid: &mut [i16], width: usize, weights: &[i16], fold: bool, run: Run) {
    let row_len = width * CHANNELS;
    let taps = PassTaps::new(weights, fold);
    let band = row_len * rows_per_task(width);
    run.expect(mid.len() / row_len);
    let work = |scratch: &mut Scratch, (b, out): (usize, &mut [i16])| {
        if run.cancelled() {
            return;
        }
        run.advance(out.len() / row_len);
        for (row_out, row_in) in out.chunks_mut(row_len).zip(src[b * band..].chunks(row_len)) {
            blur_row(row_in, 0, row_out, &taps, scratch);
        }
    };
    if run.parallel {
        mid.par_chunks_mut(band).enumerate().for_each_init(Default::default, work);
    } else {
        let mut scratch = Default::default();
        mid.chunks_mut(band).enumerate().for_each(|item| work(&mut scratch, item));
    }
}

/// One row of the horizontal pass: `row_out` gets the pixels of image row `row_in` from
/// `x0` on (as many as it holds) in 2^-7 units, centred.
fn blur_row(row_in: &[u8], x0: usize, row_out: &mut [i16], taps: &PassTaps, (interleaved, swapped): &mut Scratch) {
    let width = row_out.len() / CHANNELS;
    let r = taps.radius();
    // A pixel more on the left, two on the right: the zero weight of an odd last distance
    // (or tap) reads one each side, the interleaving's last vector another.
    let from = x0 as isize - (r as isize + 1);
    let positions = width + 2 * r + 2;
    let steps = width / PIXELS * PIXELS;
    if let Some(w) = &taps.folded {
        interleave_row(row_in, from, positions, interleaved, Some(swapped));
        for x in (0..steps).step_by(PIXELS) {
            let acc = mirrored::row_taps::<PIXELS>(interleaved, swapped, x + r + 1, w, ROUND_ROWS);
            row_out[x * CHANNELS..][..PIXELS * CHANNELS].copy_from_slice(&narrow_pixels::<PIXELS, 16>(acc));
        }
    } else {
        interleave_row(row_in, from, positions, interleaved, None);
        for x in (0..steps).step_by(PIXELS) {
            row_out[x * CHANNELS..][..PIXELS * CHANNELS].copy_from_slice(&row_taps::<PIXELS, 16>(&interleaved[x + 1..], &taps.pairs));
        }
    }
    for x in steps..width {
        row_out[x * CHANNELS..][..CHANNELS].copy_from_slice(&row_taps::<1, 4>(&interleaved[x + 1..], &taps.pairs));
    }
}

/// Per task of the horizontal pass: a row's interleaved and swapped positions.
type Scratch = (Vec<[i16; 8]>, Vec<[i16; 8]>);

/// Positions `p` in `0..positions` of the pixels `from + p` and `from + p + 1` of `row`
/// (clamped to its first and last pixel), as `[r, r', g, g', b, b', a, a']`; and in
/// `swapped`, where asked for, the same pairs the other way round (`[r', r, g', g, …]`).
/// Inside the row two positions come from one 16-byte load of the row itself; copying the
/// row into a padded one first had taken 6 % of the blur natively.
fn interleave_row(row: &[u8], from: isize, positions: usize, out: &mut Vec<[i16; 8]>, mut swapped: Option<&mut Vec<[i16; 8]>>) {
    let pixels = (row.len() / CHANNELS) as isize;
    out.resize(positions, [0; 8]);
    if let Some(sw) = swapped.as_deref_mut() {
        sw.resize(positions, [0; 8]);
    }
    // Vector steps at p, p + 2, …, from the first position inside the row while the load's
    // four pixels (from + p .. from + p + 4) are.
    let start = ((-from).max(0) as usize).min(positions);
    let last = (pixels - 4 - from).min(positions as isize - 2);
    let steps = if last >= start as isize { ((last - start as isize) / 2 + 1) as usize } else { 0 };
    if steps > 0 {
        // Bounds checked once here, not per step (V8 kept every check in the loop).
        let bytes = &row[(from + start as isize) as usize * CHANNELS..][..8 * (steps - 1) + 16];
        let quads = |j: usize| {
            // SAFETY: 8j + 16 ≤ bytes.len() for j < steps.
            lanes::load_bytes(unsafe { &*bytes.as_ptr().add(8 * j).cast::<[u8; 16]>() })
        };
        let pairs = out[start..start + 2 * steps].chunks_exact_mut(2);
        match swapped.as_deref_mut() {
            Some(sw) => {
                for ((j, out), sw) in pairs.enumerate().zip(sw[start..start + 2 * steps].chunks_exact_mut(2)) {
                    let v = quads(j);
                    let (a, b) = lanes::interleave_pixels::<false>(v);
                    let (sa, sb) = lanes::interleave_pixels::<true>(v);
                    lanes::store(a, &mut out[0]);
                    lanes::store(b, &mut out[1]);
                    lanes::store(sa, &mut sw[0]);
                    lanes::store(sb, &mut sw[1]);
                }
            }
            None => {
                for (j, out) in pairs.enumerate() {
                    let (a, b) = lanes::interleave_pixels::<false>(quads(j));
                    lanes::store(a, &mut out[0]);
                    lanes::store(b, &mut out[1]);
                }
            }
        }
    }
    let pixel = |i: isize| &row[i.clamp(0, pixels - 1) as usize * CHANNELS..][..CHANNELS];
    for p in (0..start).chain(start + 2 * steps..positions) {
        let (a, b) = (pixel(from + p as isize), pixel(from + p as isize + 1));
        out[p] = [a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3]].map(i16::from);
        if let Some(sw) = swapped.as_deref_mut() {
            sw[p] = [b[0], a[0], b[1], a[1], b[2], a[2], b[3], a[3]].map(i16::from);
        }
    }
}

/// `P` output pixels (`L = 4P` lanes) from interleaved positions x.., rounded to 2^-7.
#[inline]
fn row_taps<const P: usize, const L: usize>(interleaved: &[[i16; 8]], pairs: &[[i16; 8]]) -> [i16; L] {
    // One bounds check for the whole loop: V8 kept the per-load checks, a fifth of the pass.
    let interleaved = &interleaved[..2 * pairs.len() + P - 1];
    let mut acc = [lanes::splat32(ROUND_ROWS); P];
    for (j, w) in pairs.iter().enumerate() {
        let w = lanes::load(w);
        for (p, a) in acc.iter_mut().enumerate() {
            // SAFETY: 2j + p ≤ 2 (pairs − 1) + P − 1 < interleaved.len(), sliced above.
            let v = unsafe { interleaved.get_unchecked(2 * j + p) };
            *a = lanes::add32(*a, lanes::dot(lanes::load(v), w));
        }
    }
    narrow_pixels::<P, L>(acc)
}

/// `P` pixels' sums shifted to 2^-7 units and narrowed to i16, two pixels per vector (the
/// centred values lie in [-2^14, 2^14): no saturation).
#[inline]
fn narrow_pixels<const P: usize, const L: usize>(acc: [lanes::V; P]) -> [i16; L] {
    let mut out = [0i16; L];
    for (p, chunk) in out.chunks_mut(8).enumerate() {
        let a = lanes::shr32::<{ W_BITS - MID_BITS }>(acc[2 * p]);
        let b = if 2 * p + 1 < P { lanes::shr32::<{ W_BITS - MID_BITS }>(acc[2 * p + 1]) } else { a };
        let mut both = [0i16; 8];
        lanes::store(lanes::narrow32(a, b), &mut both);
        chunk.copy_from_slice(&both[..chunk.len()]);
    }
    out
}

/// Lanes per step of the vertical pass.
const STRIP: usize = 16;

/// Vertical pass: each output row is the weighted sum of `weights.len()` rows of `mid`
/// (clamped at the edges), 16 lanes at a time, rounded back to bytes.
pub fn blur_columns_fixed(mid: &[i16], dst: &mut [u8], width: usize, height: usize, weights: &[i16], run: Run) {
    if width == 0 || height == 0 {
        return;
    }
    blur_columns_with(mid, dst, width, height, weights, is_mirrored(weights), run);
}

/// The vertical pass with the folded loops where `fold` (and `weights` are mirrored).
fn blur_columns_with(mid: &[i16], dst: &mut [u8], width: usize, height: usize, weights: &[i16], fold: bool, run: Run) {
    let row_len = width * CHANNELS;
    let taps = PassTaps::new(weights, fold);
    let n = weights.len();
    let rows_in_band = rows_per_task(width);
    run.expect(height);
    let work = |(b, out): (usize, &mut [u8])| {
        if run.cancelled() {
            return;
        }
        run.advance(out.len() / row_len);
        for (i, row_out) in out.chunks_mut(row_len).enumerate() {
            let rows = column_rows(b * rows_in_band + i, n, height, |sy| &mid[sy * row_len..][..row_len]);
            blur_column_row(&rows[..=n], row_out, &taps);
        }
    };
    let band = row_len * rows_in_band;
    if run.parallel {
        dst.par_chunks_mut(band).enumerate().for_each(work);
    } else {
        dst.chunks_mut(band).enumerate().for_each(work);
    }
}

/// The rows output row `y` of the vertical pass reads, `taps + 1` of them: the horizontal
/// pass's rows at offsets −r..=r (clamped at the image's edges; `row(sy)` is row `sy`) and a
/// repeat of the last, which an odd last tap pairs with under a zero weight.
fn column_rows<'a>(y: usize, taps: usize, height: usize, row: impl Fn(usize) -> &'a [i16]) -> [&'a [i16]; MAX_FIXED_TAPS + 1] {
    let mut rows: [&[i16]; MAX_FIXED_TAPS + 1] = [&[]; MAX_FIXED_TAPS + 1];
    for (k, slot) in rows[..taps].iter_mut().enumerate() {
        *slot = row((y + k).saturating_sub(taps / 2).min(height - 1));
    }
    rows[taps] = rows[taps - 1];
    rows
}

/// One output row of the vertical pass from `rows` (see [`column_rows`]).
fn blur_column_row(rows: &[&[i16]], row_out: &mut [u8], taps: &PassTaps) {
    blur_column_row_from(rows, row_out, taps, 0);
}

/// [`blur_column_row`] from lane `from` on (0, or where the 16-lane strips end).
fn blur_column_row_from(rows: &[&[i16]], row_out: &mut [u8], taps: &PassTaps, from: usize) {
    let row_len = row_out.len();
    let strips = row_len / STRIP * STRIP;
    assert!(rows.iter().all(|row| row.len() == row_len), "every row is row_len lanes");
    if let Some(w) = &taps.folded {
        // Distances 1..=2m, the last repeated after an odd last distance (its weight is 0).
        let r = taps.radius();
        let mut mirrored: [(&[i16], &[i16]); MAX_FIXED_TAPS + 1] = [(&[], &[]); MAX_FIXED_TAPS + 1];
        for k in 1..=2 * w.pairs.len() {
            mirrored[k - 1] = (rows[r - k.min(r)], rows[r + k.min(r)]);
        }
        for s in (from..strips).step_by(STRIP) {
            // SAFETY: s + 16 ≤ strips ≤ row_len, the length of every row (asserted above).
            let acc = unsafe { mirrored::column_strip(rows[r], &mirrored[..2 * w.pairs.len()], w, s, ROUND_COLUMNS) };
            row_out[s..s + STRIP].copy_from_slice(&strip_bytes(acc));
        }
    } else {
        for s in (from..strips).step_by(STRIP) {
            row_out[s..s + STRIP].copy_from_slice(&strip_bytes(column_strip(rows, &taps.pairs, s)));
        }
    }
    for i in strips.max(from)..row_len {
        let sum = rows.iter().zip(taps.weights).fold(ROUND_COLUMNS, |a, (row, &w)| a + i32::from(w) * i32::from(row[i]));
        row_out[i] = (sum >> (W_BITS + MID_BITS)).clamp(0, 255) as u8;
    }
}

/// 16 output bytes from lane `s`: rows in pairs, their lanes interleaved by a shuffle so one
/// `dot` multiplies a pair of taps for four lanes.
#[inline]
fn column_strip(rows: &[&[i16]], pairs: &[[i16; 8]], s: usize) -> [lanes::V; 4] {
    let rows = &rows[..2 * pairs.len()];
    let vector = |row: &[i16], at: usize| lanes::load(row[at..at + 8].try_into().expect("8 lanes"));
    let mut acc = [lanes::splat32(ROUND_COLUMNS); 4];
    for (j, w) in pairs.iter().enumerate() {
        let w = lanes::load(w);
        let (top, bottom) = (rows[2 * j], rows[2 * j + 1]);
        for h in 0..2 {
            let (a, b) = (vector(top, s + 8 * h), vector(bottom, s + 8 * h));
            acc[2 * h] = lanes::add32(acc[2 * h], lanes::dot(lanes::zip_lo16(a, b), w));
            acc[2 * h + 1] = lanes::add32(acc[2 * h + 1], lanes::dot(lanes::zip_hi16(a, b), w));
        }
    }
    acc
}

/// A strip's four i32 vectors shifted to bytes and narrowed, saturating.
#[inline]
fn strip_bytes(acc: [lanes::V; 4]) -> [u8; STRIP] {
    let mut out = [0u8; STRIP];
    lanes::store_bytes(lanes::bytes32(acc.map(lanes::shr32::<{ W_BITS + MID_BITS }>)), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::noise_image as image;

    /// The exact blur: f64 weights, separable with no intermediate rounding, edges clamped.
    fn exact(src: &[u8], w: usize, h: usize, sigma: f32) -> Vec<f64> {
        let radius = (3.0 * sigma).ceil() as isize;
        let denom = 2.0 * f64::from(sigma) * f64::from(sigma);
        let raw: Vec<f64> = (-radius..=radius).map(|k| (-((k * k) as f64) / denom).exp()).collect();
        let total: f64 = raw.iter().sum();
        let wts: Vec<f64> = raw.iter().map(|v| v / total).collect();
        let clamp = |v: isize, n: usize| v.clamp(0, n as isize - 1) as usize;
        let mut mid = vec![0.0; src.len()];
        for y in 0..h {
            for x in 0..w {
                for c in 0..4 {
                    mid[(y * w + x) * 4 + c] = wts
                        .iter()
                        .enumerate()
                        .map(|(k, wk)| wk * f64::from(src[(y * w + clamp(x as isize + k as isize - radius, w)) * 4 + c]))
                        .sum();
                }
            }
        }
        let mut out = vec![0.0; src.len()];
        for y in 0..h {
            for i in 0..w * 4 {
                out[y * w * 4 + i] =
                    wts.iter().enumerate().map(|(k, wk)| wk * mid[clamp(y as isize + k as isize - radius, h) * w * 4 + i]).sum();
            }
        }
        out
    }

    fn blur(src: &[u8], w: usize, h: usize, sigma: f32, run: Run) -> Vec<u8> {
        let q = fixed_weights(sigma).unwrap();
        let mut dst = vec![0u8; src.len()];
        blur_fixed(src, &mut dst, w, h, &q, &q, run);
        dst
    }

    #[test]
    fn weights_sum_to_one_and_stop_at_31_taps() {
        for sigma in [0.1, 0.5, 1.0, 2.3, 4.0, 5.0] {
            let q = fixed_weights(sigma).unwrap();
            assert_eq!(q.iter().map(|&v| i32::from(v)).sum::<i32>(), 1 << W_BITS);
            assert!(q.len() <= MAX_FIXED_TAPS && q.len() % 2 == 1);
        }
        assert!(fixed_weights(5.1).is_none(), "33 taps");
    }

    #[test]
    fn every_byte_is_within_one_of_the_exact_blur() {
        for (seed, (w, h, sigma)) in
            [(1, 1, 1.0), (2, 3, 0.7), (7, 5, 1.5), (33, 17, 4.0), (64, 40, 5.0), (101, 3, 2.2), (3, 101, 3.3), (40, 30, 0.3)]
                .into_iter()
                .enumerate()
        {
            let src = image(w, h, seed as u32);
            let want = exact(&src, w, h, sigma);
            let got = blur(&src, w, h, sigma, Run::SEQUENTIAL);
            let mut same = 0;
            for (i, (&g, &e)) in got.iter().zip(&want).enumerate() {
                assert!((f64::from(g) - e).abs() < 1.0, "{w}×{h} σ {sigma} byte {i}: {g} vs exact {e}");
                same += usize::from(f64::from(g) == (e + 0.5).floor());
            }
            if got.len() >= 1000 {
                assert!(same * 100 >= got.len() * 98, "{w}×{h} σ {sigma}: {same} of {} rounded exactly", got.len());
            }
        }
    }

    #[test]
    fn mirrored_weights_stay_mirrored() {
        for sigma in [0.3, 0.8, 1.0, 1.7, 2.0, 2.5, 3.3, 4.0, 4.4, 5.0] {
            let q = fixed_weights(sigma).unwrap();
            assert!(is_mirrored(&q), "σ {sigma}: {q:?}");
            let exact_of = |k: usize| {
                let r = (q.len() / 2) as f64;
                let raw = |k: f64| (-(k - r) * (k - r) / (2.0 * f64::from(sigma) * f64::from(sigma))).exp();
                raw(k as f64) / (0..q.len()).map(|j| raw(j as f64)).sum::<f64>()
            };
            for (k, &v) in q.iter().enumerate() {
                assert!((f64::from(v) - exact_of(k) * f64::from(1 << W_BITS)).abs() < 1.0, "σ {sigma} tap {k}: {v}");
            }
        }
    }

    /// The folded loops (mirrored taps) and the general ones give the same bits.
    #[test]
    fn folded_passes_equal_the_general_ones() {
        for (seed, (w, h, sigma)) in
            [(1, 1, 1.0), (3, 2, 0.7), (5, 9, 1.0), (17, 13, 2.5), (64, 7, 4.0), (333, 29, 5.0), (7, 200, 3.0)].into_iter().enumerate()
        {
            let src = image(w, h, 11 + seed as u32);
            let q = fixed_weights(sigma).unwrap();
            let pass = |fold: bool| {
                let (mut mid, mut dst) = (vec![0i16; src.len()], vec![0u8; src.len()]);
                blur_rows_with(&src, &mut mid, w, &q, fold, Run::SEQUENTIAL);
                blur_columns_with(&mid, &mut dst, w, h, &q, fold, Run::SEQUENTIAL);
                (mid, dst)
            };
            assert_eq!(pass(true), pass(false), "{w}×{h} σ {sigma}");
        }
    }

    /// The fused passes give the two passes' bits, with mirrored taps or not, the same taps
    /// both ways or not, in one band or many (the parallel bands at 200 rows and 7 taps).
    #[test]
    fn fused_passes_equal_the_two_passes() {
        let lopsided: Vec<i16> = fixed_taps(&[0.1, 0.2, 0.4, 0.25, 0.05]);
        for (seed, (w, h, sigma)) in [
            (1, 1, 1.0),
            (3, 2, 0.7),
            (1, 97, 2.0),
            (97, 1, 2.0),
            (5, 40, 1.0),
            (17, 13, 2.5),
            (64, 7, 4.0),
            (333, 29, 5.0),
            (7, 200, 1.0),
            (61, 450, 4.0),
        ]
        .into_iter()
        .enumerate()
        {
            let src = image(w, h, 23 + seed as u32);
            let q = fixed_weights(sigma).unwrap();
            for (horizontal, vertical) in [(&q, &q), (&q, &lopsided), (&lopsided, &q)] {
                let two_passes = {
                    let (mut mid, mut dst) = (vec![0i16; src.len()], vec![0u8; src.len()]);
                    blur_rows_fixed(&src, &mut mid, w, horizontal, Run::SEQUENTIAL);
                    blur_columns_fixed(&mid, &mut dst, w, h, vertical, Run::SEQUENTIAL);
                    dst
                };
                let (ht, vt) = (PassTaps::new(horizontal, is_mirrored(horizontal)), PassTaps::new(vertical, is_mirrored(vertical)));
                // Full strips, and strips of 4 to 64 pixels (narrower than some radii).
                for strip in [STRIP_PIXELS, 4, 12, 64] {
                    for run in [Run::SEQUENTIAL, Run::PARALLEL] {
                        let mut fused = vec![0u8; src.len()];
                        blur_fused(&src, &mut fused, w, h, &ht, &vt, strip, run);
                        assert!(
                            fused == two_passes,
                            "{w}×{h} σ {sigma} strips of {strip} {horizontal:?} {vertical:?} parallel {}",
                            run.parallel
                        );
                    }
                }
            }
        }
    }

    /// Every radius the fixed-point path takes (1 to 15) gives the two passes' bits in the
    /// fused form, over strips with 16-lane steps and a shorter rest.
    #[test]
    fn every_radius_of_the_fused_pass_equals_the_two_passes() {
        for r in 1..=15usize {
            let sigma = (r as f32 - 0.5) / 3.0;
            let q = fixed_weights(sigma).unwrap();
            assert_eq!(q.len(), 2 * r + 1, "σ {sigma}");
            let (w, h) = (2 * STRIP_PIXELS + 37, 2 * r + 9);
            let src = image(w, h, 100 + r as u32);
            let (mut mid, mut two_passes) = (vec![0i16; src.len()], vec![0u8; src.len()]);
            blur_rows_fixed(&src, &mut mid, w, &q, Run::SEQUENTIAL);
            blur_columns_fixed(&mid, &mut two_passes, w, h, &q, Run::SEQUENTIAL);
            for run in [Run::SEQUENTIAL, Run::PARALLEL] {
                assert!(blur(&src, w, h, sigma, run) == two_passes, "radius {r}, parallel {}", run.parallel);
            }
        }
    }

    #[test]
    fn parallel_equals_sequential_and_flat_stays_flat() {
        for (w, h, sigma) in [(1, 97, 2.0), (97, 1, 2.0), (301, 67, 4.0), (640, 48, 1.2)] {
            let src = image(w, h, 5);
            assert_eq!(blur(&src, w, h, sigma, Run::SEQUENTIAL), blur(&src, w, h, sigma, Run::PARALLEL), "{w}×{h}");
        }
        let flat = vec![77u8; 9 * 11 * 4];
        assert_eq!(blur(&flat, 9, 11, 5.0, Run::PARALLEL), flat);
    }

    /// At the ends of the byte range every byte is within 1 of the exact blur, and flat
    /// black and white stay flat.
    #[test]
    fn black_and_white_stay_in_range() {
        let (w, h) = (37, 29);
        let blocks: Vec<u8> = (0..w * h * 4).map(|i| if (i / 4 % w / 3 + i / 4 / w / 3) % 2 == 0 { 255 } else { 0 }).collect();
        for sigma in [0.3, 0.8, 1.5, 2.5, 4.0, 5.0] {
            for v in [0u8, 255] {
                let flat = vec![v; w * h * 4];
                assert_eq!(blur(&flat, w, h, sigma, Run::SEQUENTIAL), flat, "flat {v}, σ {sigma}");
            }
            let want = exact(&blocks, w, h, sigma);
            for (i, (&g, &e)) in blur(&blocks, w, h, sigma, Run::SEQUENTIAL).iter().zip(&want).enumerate() {
                assert!((f64::from(g) - e).abs() < 1.0, "σ {sigma} byte {i}: {g} vs exact {e}");
            }
        }
    }
}
