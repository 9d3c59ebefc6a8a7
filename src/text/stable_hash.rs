//! A hash that is the same in every build and on every machine (64-bit
//! FNV-1a), for numbers that are stored and compared later: an
//! extractor's fingerprint, an archived text's content hash, its
//! shingles. (The hash maps use faster hashes whose values may change
//! between versions.)

/// The starting value of a hash.
pub const START: u64 = 0xcbf2_9ce4_8422_2325;

/// `hash` continued over `bytes`.
pub fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(START, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(START, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(START, b"foobar"), 0x8594_4171_f739_67e8);
    }
}
