//! Text kernels for the seed's string example: the work of reversing a string, apart from
//! the cost of moving it across the JS/wasm boundary.

/// The seed's `reverse_string`: Unicode scalar values in reverse order.
pub fn reverse_string(s: &str) -> String {
    s.chars().rev().collect()
}

/// Reverses the UTF-8 text in `src` into `dst` (same length) character by character,
/// without allocating. `src` must be valid UTF-8 (see [`std::str::from_utf8`]).
pub fn reverse_utf8_into(src: &str, dst: &mut [u8]) {
    let mut end = dst.len();
    for ch in src.chars() {
        let n = ch.len_utf8();
        ch.encode_utf8(&mut dst[end - n..end]);
        end -= n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversal_by_characters_keeps_multibyte_characters_whole() {
        for s in ["", "a", "abc", "héllo wörld", "漢字とかな", "a😀b"] {
            let want: String = s.chars().rev().collect();
            assert_eq!(reverse_string(s), want);
            let mut dst = vec![0u8; s.len()];
            reverse_utf8_into(s, &mut dst);
            assert_eq!(std::str::from_utf8(&dst).unwrap(), want);
        }
    }
}
