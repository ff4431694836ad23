//! The few 128-bit integer-lane operations the fixed-point kernels need, on wasm SIMD128, on
//! x86-64 SSE2 (the native baseline, so native runs the same algorithm at a comparable
//! width) and, elsewhere, as plain arrays. Each operation gives the same bits everywhere.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;
    pub type V = v128;

    #[inline]
    pub fn load(v: &[i16; 8]) -> V {
        // SAFETY: `v` is 16 bytes; v128_load reads 16 bytes at any alignment.
        unsafe { v128_load(v.as_ptr().cast()) }
    }
    #[inline]
    pub fn load_bytes(v: &[u8; 16]) -> V {
        // SAFETY: `v` is 16 bytes; v128_load reads 16 bytes at any alignment.
        unsafe { v128_load(v.as_ptr().cast()) }
    }
    #[inline]
    pub fn store(v: V, out: &mut [i16; 8]) {
        // SAFETY: `out` is 16 bytes; v128_store writes 16 bytes at any alignment.
        unsafe { v128_store(out.as_mut_ptr().cast(), v) }
    }
    #[inline]
    pub fn store_bytes(v: V, out: &mut [u8; 16]) {
        // SAFETY: `out` is 16 bytes; v128_store writes 16 bytes at any alignment.
        unsafe { v128_store(out.as_mut_ptr().cast(), v) }
    }
    #[inline]
    pub fn splat32(v: i32) -> V {
        i32x4_splat(v)
    }
    /// Lane pairs of i16 multiplied and added into i32: `[a0 b0 + a1 b1, …]`.
    #[inline]
    pub fn dot(a: V, b: V) -> V {
        i32x4_dot_i16x8(a, b)
    }
    #[inline]
    pub fn add32(a: V, b: V) -> V {
        i32x4_add(a, b)
    }
    #[inline]
    pub fn shr32<const N: u32>(a: V) -> V {
        i32x4_shr(a, N)
    }
    /// Logical (zero-filling) shift of the i32 lanes.
    #[inline]
    pub fn shr32u<const N: u32>(a: V) -> V {
        u32x4_shr(a, N)
    }
    #[inline]
    pub fn shl32<const N: u32>(a: V) -> V {
        i32x4_shl(a, N)
    }
    #[inline]
    pub fn add16(a: V, b: V) -> V {
        i16x8_add(a, b)
    }
    /// 8 bytes as u16 lanes: one `i16x8.load8x8_u`, which V8 makes one `pmovzxbw` from
    /// memory, where a 16-byte load and two widenings take four instructions.
    #[inline]
    pub fn load_widen8(v: &[u8; 8]) -> V {
        // SAFETY: `v` is 8 bytes; the load reads 8 bytes at any alignment.
        unsafe { u16x8_load_extend_u8x8(v.as_ptr()) }
    }
    #[inline]
    pub fn splat16(v: i16) -> V {
        i16x8_splat(v)
    }
    /// The low 16 bits of each i16 product.
    #[inline]
    pub fn mul16(a: V, b: V) -> V {
        i16x8_mul(a, b)
    }
    /// The bits of `a` where `mask` is set, else those of `b`.
    #[inline]
    pub fn select(mask: V, a: V, b: V) -> V {
        v128_bitselect(a, b, mask)
    }
    #[inline]
    pub fn sub16(a: V, b: V) -> V {
        i16x8_sub(a, b)
    }
    /// Bytes 0..8 of `a` and `b` alternating: `[a0 b0 a1 b1 … a7 b7]`.
    #[inline]
    pub fn zip_lo8(a: V, b: V) -> V {
        u8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(a, b)
    }
    /// `floor(sqrt(s) + 0.5)` of each i32 lane (0 ≤ s < 2^24), in `f32`: the square root and
    /// the sum each rounded to `f32`, then truncated.
    #[inline]
    pub fn sqrt_round32(s: V) -> V {
        i32x4_trunc_sat_f32x4(f32x4_add(f32x4_sqrt(f32x4_convert_i32x4(s)), f32x4_splat(0.5)))
    }
    #[inline]
    pub fn and(a: V, b: V) -> V {
        v128_and(a, b)
    }
    #[inline]
    pub fn or(a: V, b: V) -> V {
        v128_or(a, b)
    }
    /// i16 lanes 0..4 of `a` and `b` alternating: `[a0 b0 a1 b1 a2 b2 a3 b3]`.
    #[inline]
    pub fn zip_lo16(a: V, b: V) -> V {
        i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(a, b)
    }
    /// i16 lanes 4..8 alternating.
    #[inline]
    pub fn zip_hi16(a: V, b: V) -> V {
        i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(a, b)
    }
    /// i32 lanes to i16, saturating: `a` then `b`.
    #[inline]
    pub fn narrow32(a: V, b: V) -> V {
        i16x8_narrow_i32x4(a, b)
    }
    /// i16 lanes to u8, saturating: `a` then `b`.
    #[inline]
    pub fn narrow16(a: V, b: V) -> V {
        u8x16_narrow_i16x8(a, b)
    }
    /// Four vectors of i32 lanes as 16 bytes, saturating at 0 and 255 (`narrow32` then
    /// `narrow16`). Written with the clamp to 0..=255 in i16 lanes: LLVM writes a chain of
    /// saturating narrows out as clamps in i32 lanes, truncating shuffles and clamps again
    /// (21 instructions per 16 bytes in V8's code, 11 this way).
    #[inline]
    pub fn bytes32(w: [V; 4]) -> V {
        let clamp = |v: V| i16x8_min(i16x8_max(v, i16x8_splat(0)), i16x8_splat(255));
        u8x16_narrow_i16x8(clamp(i16x8_narrow_i32x4(w[0], w[1])), clamp(i16x8_narrow_i32x4(w[2], w[3])))
    }
    #[inline]
    pub fn max16(a: V, b: V) -> V {
        i16x8_max(a, b)
    }
    #[inline]
    pub fn min16(a: V, b: V) -> V {
        i16x8_min(a, b)
    }
    /// Pixels x, x + 1 and x + 1, x + 2 of `v` (bytes 0..12) interleaved, as i16:
    /// `[r_x r_x+1 g_x g_x+1 …]`, `[r_x+1 r_x+2 …]`; with `SWAP` each pair the other way
    /// round (`[r_x+1 r_x …]`). The bytes beside the next pixel's, then widened.
    #[inline]
    pub fn interleave_pixels<const SWAP: bool>(v: V) -> (V, V) {
        let next = i32x4_shuffle::<1, 2, 3, 3>(v, v);
        let pairs = if SWAP { zip_lo8(next, v) } else { zip_lo8(v, next) };
        (u16x8_extend_low_u8x16(pairs), u16x8_extend_high_u8x16(pairs))
    }
}

#[cfg(all(target_arch = "x86_64", not(all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp {
    use core::arch::x86_64::*;
    pub type V = __m128i;

    #[inline]
    pub fn load(v: &[i16; 8]) -> V {
        // SAFETY: `v` is 16 bytes; _mm_loadu_si128 reads 16 bytes at any alignment (SSE2 is baseline on x86-64).
        unsafe { _mm_loadu_si128(v.as_ptr().cast()) }
    }
    #[inline]
    pub fn load_bytes(v: &[u8; 16]) -> V {
        // SAFETY: as in `load`.
        unsafe { _mm_loadu_si128(v.as_ptr().cast()) }
    }
    #[inline]
    pub fn store(v: V, out: &mut [i16; 8]) {
        // SAFETY: `out` is 16 bytes; _mm_storeu_si128 writes 16 bytes at any alignment.
        unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), v) }
    }
    #[inline]
    pub fn store_bytes(v: V, out: &mut [u8; 16]) {
        // SAFETY: as in `store`.
        unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), v) }
    }
    #[inline]
    pub fn splat32(v: i32) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_set1_epi32(v) }
    }
    #[inline]
    pub fn dot(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_madd_epi16(a, b) }
    }
    #[inline]
    pub fn add32(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_add_epi32(a, b) }
    }
    #[inline]
    pub fn shr32<const N: u32>(a: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_sra_epi32(a, _mm_cvtsi32_si128(N as i32)) }
    }
    #[inline]
    pub fn shr32u<const N: u32>(a: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_srl_epi32(a, _mm_cvtsi32_si128(N as i32)) }
    }
    #[inline]
    pub fn shl32<const N: u32>(a: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_sll_epi32(a, _mm_cvtsi32_si128(N as i32)) }
    }
    #[inline]
    pub fn add16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_add_epi16(a, b) }
    }
    #[inline]
    pub fn load_widen8(v: &[u8; 8]) -> V {
        // SAFETY: `v` is 8 bytes; _mm_loadl_epi64 reads 8 bytes at any alignment.
        unsafe { _mm_unpacklo_epi8(_mm_loadl_epi64(v.as_ptr().cast()), _mm_setzero_si128()) }
    }
    #[inline]
    pub fn splat16(v: i16) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_set1_epi16(v) }
    }
    #[inline]
    pub fn mul16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_mullo_epi16(a, b) }
    }
    #[inline]
    pub fn select(mask: V, a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_or_si128(_mm_and_si128(mask, a), _mm_andnot_si128(mask, b)) }
    }
    #[inline]
    pub fn sub16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_sub_epi16(a, b) }
    }
    #[inline]
    pub fn zip_lo8(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_unpacklo_epi8(a, b) }
    }
    /// Truncation without saturation (`cvttps2dq`) is exact here: the lanes stay below 2^12.
    #[inline]
    pub fn sqrt_round32(s: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_cvttps_epi32(_mm_add_ps(_mm_sqrt_ps(_mm_cvtepi32_ps(s)), _mm_set1_ps(0.5))) }
    }
    #[inline]
    pub fn and(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_and_si128(a, b) }
    }
    #[inline]
    pub fn or(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_or_si128(a, b) }
    }
    #[inline]
    pub fn zip_lo16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_unpacklo_epi16(a, b) }
    }
    #[inline]
    pub fn zip_hi16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_unpackhi_epi16(a, b) }
    }
    #[inline]
    pub fn narrow32(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_packs_epi32(a, b) }
    }
    #[inline]
    pub fn narrow16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_packus_epi16(a, b) }
    }
    #[inline]
    pub fn bytes32(w: [V; 4]) -> V {
        narrow16(narrow32(w[0], w[1]), narrow32(w[2], w[3]))
    }
    #[inline]
    pub fn max16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_max_epi16(a, b) }
    }
    #[inline]
    pub fn min16(a: V, b: V) -> V {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe { _mm_min_epi16(a, b) }
    }
    #[inline]
    pub fn interleave_pixels<const SWAP: bool>(v: V) -> (V, V) {
        // Bytes of pixels x, x+1 beside those of x+1, x+2, then widened with zeros.
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist.
        unsafe {
            let next = _mm_srli_si128::<4>(v);
            let pairs = if SWAP { _mm_unpacklo_epi8(next, v) } else { _mm_unpacklo_epi8(v, next) };
            let zero = _mm_setzero_si128();
            (_mm_unpacklo_epi8(pairs, zero), _mm_unpackhi_epi8(pairs, zero))
        }
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
mod imp {
    /// Sixteen bytes, read as i16 or i32 lanes (little-endian) by each operation.
    pub type V = [u8; 16];

    fn i16s(v: V) -> [i16; 8] {
        core::array::from_fn(|i| i16::from_le_bytes([v[2 * i], v[2 * i + 1]]))
    }
    fn from_i16s(a: [i16; 8]) -> V {
        let mut v = [0; 16];
        a.iter().enumerate().for_each(|(i, x)| v[2 * i..2 * i + 2].copy_from_slice(&x.to_le_bytes()));
        v
    }
    fn i32s(v: V) -> [i32; 4] {
        core::array::from_fn(|i| i32::from_le_bytes([v[4 * i], v[4 * i + 1], v[4 * i + 2], v[4 * i + 3]]))
    }
    fn from_i32s(a: [i32; 4]) -> V {
        let mut v = [0; 16];
        a.iter().enumerate().for_each(|(i, x)| v[4 * i..4 * i + 4].copy_from_slice(&x.to_le_bytes()));
        v
    }
    pub fn load(v: &[i16; 8]) -> V {
        from_i16s(*v)
    }
    pub fn load_bytes(v: &[u8; 16]) -> V {
        *v
    }
    pub fn store(v: V, out: &mut [i16; 8]) {
        *out = i16s(v);
    }
    pub fn store_bytes(v: V, out: &mut [u8; 16]) {
        *out = v;
    }
    pub fn splat32(v: i32) -> V {
        from_i32s([v; 4])
    }
    pub fn dot(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i32s(core::array::from_fn(|c| i32::from(a[2 * c]) * i32::from(b[2 * c]) + i32::from(a[2 * c + 1]) * i32::from(b[2 * c + 1])))
    }
    pub fn add32(a: V, b: V) -> V {
        let (a, b) = (i32s(a), i32s(b));
        from_i32s(core::array::from_fn(|i| a[i].wrapping_add(b[i])))
    }
    pub fn shr32<const N: u32>(a: V) -> V {
        from_i32s(i32s(a).map(|x| x >> N))
    }
    pub fn shr32u<const N: u32>(a: V) -> V {
        from_i32s(i32s(a).map(|x| ((x as u32) >> N) as i32))
    }
    pub fn shl32<const N: u32>(a: V) -> V {
        from_i32s(i32s(a).map(|x| x << N))
    }
    pub fn add16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i16s(core::array::from_fn(|i| a[i].wrapping_add(b[i])))
    }
    pub fn load_widen8(v: &[u8; 8]) -> V {
        from_i16s(v.map(i16::from))
    }
    pub fn splat16(v: i16) -> V {
        from_i16s([v; 8])
    }
    pub fn mul16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i16s(core::array::from_fn(|i| a[i].wrapping_mul(b[i])))
    }
    pub fn select(mask: V, a: V, b: V) -> V {
        core::array::from_fn(|i| (mask[i] & a[i]) | (!mask[i] & b[i]))
    }
    pub fn sub16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i16s(core::array::from_fn(|i| a[i].wrapping_sub(b[i])))
    }
    pub fn zip_lo8(a: V, b: V) -> V {
        core::array::from_fn(|i| if i % 2 == 0 { a[i / 2] } else { b[i / 2] })
    }
    pub fn sqrt_round32(s: V) -> V {
        from_i32s(i32s(s).map(|x| ((x as f32).sqrt() + 0.5) as i32))
    }
    pub fn and(a: V, b: V) -> V {
        core::array::from_fn(|i| a[i] & b[i])
    }
    pub fn or(a: V, b: V) -> V {
        core::array::from_fn(|i| a[i] | b[i])
    }
    pub fn zip_lo16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i16s(core::array::from_fn(|i| if i % 2 == 0 { a[i / 2] } else { b[i / 2] }))
    }
    pub fn zip_hi16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i16s(core::array::from_fn(|i| if i % 2 == 0 { a[4 + i / 2] } else { b[4 + i / 2] }))
    }
    pub fn narrow32(a: V, b: V) -> V {
        let (a, b) = (i32s(a), i32s(b));
        from_i16s(core::array::from_fn(|i| (if i < 4 { a[i] } else { b[i - 4] }).clamp(-32768, 32767) as i16))
    }
    pub fn narrow16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        core::array::from_fn(|i| (if i < 8 { a[i] } else { b[i - 8] }).clamp(0, 255) as u8)
    }
    pub fn bytes32(w: [V; 4]) -> V {
        narrow16(narrow32(w[0], w[1]), narrow32(w[2], w[3]))
    }
    pub fn max16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i16s(core::array::from_fn(|i| a[i].max(b[i])))
    }
    pub fn min16(a: V, b: V) -> V {
        let (a, b) = (i16s(a), i16s(b));
        from_i16s(core::array::from_fn(|i| a[i].min(b[i])))
    }
    pub fn interleave_pixels<const SWAP: bool>(v: V) -> (V, V) {
        let at = |x: usize| -> V { from_i16s(core::array::from_fn(|i| i16::from(v[4 * x + 4 * ((i % 2) ^ usize::from(SWAP)) + i / 2]))) };
        (at(0), at(1))
    }
}

pub use imp::*;

/// The first 16 bytes of `s`, for [`load_bytes`] (panics if shorter, like indexing).
#[inline]
pub fn bytes16(s: &[u8]) -> &[u8; 16] {
    s[..16].try_into().expect("16 bytes")
}

/// The first 8 bytes of `s`, for [`load_widen8`].
#[inline]
pub fn bytes8(s: &[u8]) -> &[u8; 8] {
    s[..8].try_into().expect("8 bytes")
}

/// Pixels 0, 2 and pixels 1, 3 of 16 bytes in memory, each pair's channels side by side as
/// i16: `[r0 r2 g0 g2 b0 b2 a0 a2]`, `[r1 r3 …]` (the operand order of `dot`). Two
/// [`load_widen8`] then zips: two instructions in V8 where a 16-byte load and two widenings
/// (one zeroing a register first) took four; no shuffle mask, which V8 would load again in
/// every loop iteration.
#[inline]
pub fn pixel_pairs_at(v: &[u8; 16]) -> (V, V) {
    let (lo, hi) = (load_widen8(bytes8(v)), load_widen8(bytes8(&v[8..])));
    (zip_lo16(lo, hi), zip_hi16(lo, hi))
}

/// The first 16 bytes of `s`, for [`store_bytes`].
#[inline]
pub fn bytes16_mut(s: &mut [u8]) -> &mut [u8; 16] {
    (&mut s[..16]).try_into().expect("16 bytes")
}
