//! Words as bytes: hashing, comparing and ordering them eight bytes at a
//! time, and the part of a long word the index keeps.

/// A multiply-rotate hash taking eight bytes at a time: the vocabulary's
/// keys are short words, hashed tens of millions of times while indexing,
/// and SipHash's resistance to crafted keys buys nothing here.
pub(super) fn word_hash(word: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, chunk: u64| (h.rotate_left(5) ^ chunk).wrapping_mul(K);
    let mut h = word.len() as u64;
    for chunk in word.chunks_exact(8) {
        h = mix(h, eight_bytes(chunk));
    }
    if !word.len().is_multiple_of(8) {
        h = mix(h, tail(word));
    }
    // The multiply leaves the low bits (a table's buckets) poorly mixed.
    h ^ (h >> 29)
}

/// Bytes that [`sort_prefix`] holds.
pub(super) const SORT_PREFIX: usize = 16;

/// The first 16 bytes of `bytes` (zeros past its end) as a number that
/// orders as the bytes do: two byte strings whose numbers differ compare as
/// their numbers; equal numbers need the bytes compared, unless both are
/// 16 bytes or shorter and as long (no word has a zero byte).
pub(super) fn sort_prefix(bytes: &[u8]) -> u128 {
    let mut first = [0u8; SORT_PREFIX];
    let n = bytes.len().min(SORT_PREFIX);
    first[..n].copy_from_slice(&bytes[..n]);
    u128::from_be_bytes(first)
}

#[inline]
fn eight_bytes(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// The bytes of a word after its whole eight-byte chunks, as one number,
/// read with overlapping loads (the word's last eight bytes, or two
/// four-byte loads, or its first, middle and last byte) rather than byte
/// by byte: every word of a corpus is hashed and compared through this.
/// For two words of the same length and the same chunks, the numbers are
/// equal exactly when the words are.
#[inline]
fn tail(word: &[u8]) -> u64 {
    let n = word.len();
    let four = |at: usize| {
        u64::from(u32::from_le_bytes(
            word[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    match n {
        _ if n.is_multiple_of(8) => 0,
        9.. => eight_bytes(&word[n - 8..]),
        4.. => four(0) | four(n - 4) << 32,
        _ => u64::from(word[0]) | u64::from(word[n / 2]) << 8 | u64::from(word[n - 1]) << 16,
    }
}

/// Whether two words are the same, compared eight bytes at a time in
/// place: most words are under 16 bytes, and a call to `memcmp` for each
/// of a corpus's words costs more than the comparison.
#[inline]
pub(super) fn same_word(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && a.chunks_exact(8)
            .zip(b.chunks_exact(8))
            .all(|(x, y)| eight_bytes(x) == eight_bytes(y))
        && tail(a) == tail(b)
}

/// Words are indexed by at most this many bytes: nobody types more, and a
/// 50 MB line of digits is one word.
pub(super) const MAX_WORD_BYTES: usize = 256;

/// The part of a word the index keeps: all of it, or its first
/// [`MAX_WORD_BYTES`] cut at a character boundary (a query word is cut the
/// same way, so a pasted long word still finds its article).
#[inline(always)]
pub(super) fn indexed_part(word: &[u8]) -> &[u8] {
    if word.len() <= MAX_WORD_BYTES {
        return word;
    }
    let mut end = MAX_WORD_BYTES;
    // UTF-8 continuation bytes are 0b10xx_xxxx.
    while word[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    &word[..end]
}

/// A query word cut as [`indexed_part`] cuts the words it is looked up among.
pub(crate) fn cut_like_the_index(word: &str) -> &str {
    let kept = indexed_part(word.as_bytes()).len();
    &word[..kept]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_word_compares_every_byte() {
        let words = [
            "",
            "a",
            "ايران",
            "والايرانيه",
            "12345678",
            "123456789",
            "1234567x9",
            "x23456789",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_word(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
        // Every length, a difference at every byte: the tail's loads
        // overlap, and none may miss a byte.
        for len in 0..=24 {
            let word: Vec<u8> = (0..len as u8).map(|i| b'a' + i).collect();
            assert!(same_word(&word, &word.clone()), "length {len}");
            for at in 0..len {
                let mut other = word.clone();
                other[at] = b'#';
                assert!(!same_word(&word, &other), "length {len}, byte {at}");
            }
        }
    }

    #[test]
    fn sort_prefixes_order_as_the_bytes_do() {
        let words: Vec<&[u8]> = vec![
            b"",
            b"a",
            b"ab",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefgz",
            b"abcdefghijklmnop",
            b"abcdefghijklmnopq",
            b"abcdefghijklmnopr",
            b"b",
            "ادلب".as_bytes(),
            "ادلبي".as_bytes(),
            "ايران".as_bytes(),
            "\u{ff}".as_bytes(),
        ];
        for a in &words {
            for b in &words {
                let (pa, pb) = (sort_prefix(a), sort_prefix(b));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} {b:?}");
                }
                if a.len() <= SORT_PREFIX && b.len() <= SORT_PREFIX && a.len() == b.len() {
                    assert_eq!(pa == pb, a == b, "{a:?} {b:?}");
                }
            }
        }
    }
}
