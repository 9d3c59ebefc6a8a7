//! An article's distinct words, found again through a small open-addressing
//! table.

use super::bytes::{indexed_part, same_word, word_hash};
use std::ops::Range;

/// An article's distinct words (hash, word, in the title) in first-seen
/// order, with an open-addressing table of their numbers to find them
/// again. Not a general hash table: every word of a corpus passes through
/// here once, and this probe (the stored hash compared before the bytes)
/// is cheaper than hashbrown's for these small, short-lived tables
/// (docs/PERFORMANCE.md has the count).
pub(super) struct DistinctWords<'w> {
    pub(super) words: Vec<(u64, &'w [u8], bool)>,
    /// Word number + 1 (0: empty), at the word's hash modulo the length
    /// (a power of two, at least twice the words it can hold).
    slots: Vec<u16>,
}

impl<'w> DistinctWords<'w> {
    /// At most this many distinct words are kept: an absurdly long article
    /// adds nothing new past them.
    const MAX: usize = u16::MAX as usize - 1;

    pub(super) fn with_room_for(occurrences: usize) -> Self {
        let most = occurrences.min(Self::MAX);
        DistinctWords {
            // Room for every word: news text repeats few of its words, so
            // less room would mean a second allocation and a copy.
            words: Vec::with_capacity(most),
            slots: vec![0; (2 * most + 2).next_power_of_two()],
        }
    }

    /// The words of a key at `ranges`, and its joined compounds. One loop
    /// per source, not a chain: this runs for every word of a corpus.
    #[inline(always)]
    pub(super) fn add_key(
        &mut self,
        key: &'w str,
        ranges: &[Range<usize>],
        joined: &'w [(Range<usize>, String)],
        in_title: bool,
    ) {
        // Bytes: slicing the key as `str` would check character bounds
        // that the normalizer's ranges always fall on.
        let bytes = key.as_bytes();
        for range in ranges {
            self.add(&bytes[range.clone()], in_title);
        }
        for (_, word) in joined {
            self.add(word.as_bytes(), in_title);
        }
    }

    #[inline(always)]
    pub(super) fn add(&mut self, word: &'w [u8], in_title: bool) {
        let word = indexed_part(word);
        let hash = word_hash(word);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            match self.slots[at] {
                0 => break,
                n => {
                    let entry = &mut self.words[usize::from(n) - 1];
                    if entry.0 == hash && same_word(entry.1, word) {
                        entry.2 |= in_title;
                        return;
                    }
                }
            }
            at = (at + 1) & mask;
        }
        if self.words.len() < Self::MAX {
            self.words.push((hash, word, in_title));
            self.slots[at] = self.words.len() as u16;
        }
    }
}
