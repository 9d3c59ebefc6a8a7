//! Every article's title key, end to end, with the cheap prefilter of a
//! fuzzy title match.

/// What the cheap prefilter of a fuzzy title match needs of a title.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TitleFilter {
    /// One bit per character class present (char code mod 64): a fuzzy
    /// pattern can only match a title that has all of its bits.
    pub mask: u64,
    /// One bit per hashed pair of adjacent characters (256 bits).
    pub pairs: [u64; 4],
}

impl TitleFilter {
    pub(super) fn of(key: &str) -> TitleFilter {
        TitleFilter {
            mask: char_mask(key),
            pairs: pair_bits(key),
        }
    }
}

/// Every article's title search key (normalized), end to end, with its
/// filter: one allocation per corpus, not one per title.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Titles {
    pub(super) keys: String,
    /// Where title `a`'s key ends in `keys` (it starts where `a - 1`'s ends).
    pub(super) ends: Vec<usize>,
    /// Per title, its filter's mask and pairs apart: a scan reads every
    /// candidate's mask and only some candidates' pairs.
    masks: Vec<u64>,
    pairs: Vec<[u64; 4]>,
}

impl Titles {
    pub(super) fn push(&mut self, key: &str, filter: TitleFilter) {
        self.keys.push_str(key);
        self.ends.push(self.keys.len());
        self.masks.push(filter.mask);
        self.pairs.push(filter.pairs);
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Title `a`'s search key.
    pub(crate) fn key(&self, a: usize) -> &str {
        let start = if a == 0 { 0 } else { self.ends[a - 1] };
        &self.keys[start..self.ends[a]]
    }

    /// Title `a`'s filter mask ([`TitleFilter::mask`]).
    pub(crate) fn mask(&self, a: usize) -> u64 {
        self.masks[a]
    }

    /// Title `a`'s filter pairs ([`TitleFilter::pairs`]).
    pub(crate) fn pairs(&self, a: usize) -> &[u64; 4] {
        &self.pairs[a]
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.keys.capacity()
            + self.ends.capacity() * std::mem::size_of::<usize>()
            + self.masks.capacity() * std::mem::size_of::<u64>()
            + self.pairs.capacity() * std::mem::size_of::<[u64; 4]>()
    }
}

/// The bit of a pair of adjacent characters in `TitleFilter::pairs`.
pub(crate) fn pair_bit(a: char, b: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32).wrapping_mul(0x85EB_CA77);
    (h >> 24) as usize
}

/// The pair bits of a key's adjacent characters (within words).
pub(crate) fn pair_bits(s: &str) -> [u64; 4] {
    let mut bits = [0u64; 4];
    let mut previous: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            let bit = pair_bit(p, c);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        previous = Some(c);
    }
    bits
}

pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .fold(0u64, |m, c| m | 1 << (c as u32 % 64))
}
