//! Per word, the articles that contain it, as delta-encoded varints.

use smallvec::SmallVec;

/// Per word, the ascending article numbers that contain it, as varint gaps.
/// Short lists (up to 255 bytes: most words of a real vocabulary are rare)
/// lie end to end in one buffer, each after a byte of its length; a long
/// one stays the allocation it was built in: copying those into one buffer
/// at the end would touch a second index's worth of fresh pages.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Postings {
    /// Per word, `SHORT | offset` of its length byte in `short`, or its
    /// list's index in `long`.
    pub(super) at: Vec<u32>,
    pub(super) short: Vec<u8>,
    pub(super) long: Vec<Box<[u8]>>,
}

const SHORT: u32 = 1 << 31;

/// Whether a list of `len` bytes is kept as a long one: past 255 bytes (a
/// short list's length is one byte).
fn is_long(len: usize) -> bool {
    len > u8::MAX as usize
}

impl Postings {
    /// Room for the lists of `words`, about to be pushed.
    pub(super) fn for_words<'w>(words: impl Iterator<Item = &'w ShardWord>) -> Postings {
        let (mut count, mut short_bytes, mut long) = (0, 0, 0);
        for w in words {
            count += 1;
            if is_long(w.postings.len()) {
                long += 1;
            } else {
                short_bytes += 1 + w.postings.len();
            }
        }
        Postings {
            at: Vec::with_capacity(count),
            short: Vec::with_capacity(short_bytes),
            long: Vec::with_capacity(long),
        }
    }

    /// Appends the next word's list.
    pub(super) fn push(&mut self, list: SmallVec<[u8; INLINE_POSTINGS]>) {
        // Offsets into `short` have 31 bits: past 2 GB of short lists (some
        // hundreds of millions of words), lists are kept as long ones.
        if is_long(list.len()) || self.short.len() + 1 + list.len() > !SHORT as usize {
            self.at.push(self.long.len() as u32);
            self.long.push(list.into_vec().into_boxed_slice());
        } else {
            self.at.push(SHORT | self.short.len() as u32);
            self.short.push(list.len() as u8);
            self.short.extend_from_slice(&list);
        }
    }

    pub(super) fn list(&self, word: usize) -> &[u8] {
        let at = self.at[word];
        if at & SHORT == 0 {
            &self.long[at as usize]
        } else {
            let start = (at & !SHORT) as usize + 1;
            &self.short[start..start + usize::from(self.short[start - 1])]
        }
    }

    pub(super) fn articles(&self, word: usize) -> impl Iterator<Item = u32> + '_ {
        let bytes = self.list(word);
        let (mut at, end) = (0, bytes.len());
        let mut previous = 0u32;
        let mut first = true;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let mut gap = 0u32;
            let mut shift = 0;
            loop {
                let b = bytes[at];
                at += 1;
                gap |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            previous = if first { gap } else { previous + gap };
            first = false;
            Some(previous)
        })
    }

    pub(super) fn heap_bytes(&self) -> usize {
        let boxes = self.long.capacity() * std::mem::size_of::<Box<[u8]>>();
        self.at.capacity() * 4
            + self.short.capacity()
            + boxes
            + self.long.iter().map(|l| l.len()).sum::<usize>()
    }
}

/// Posting bytes a word keeps inline while the index is built (and in the
/// short lists after).
const INLINE_POSTINGS: usize = 16;

/// One word of a vocabulary shard while the index is built: where its bytes
/// end in the shard's text, and its articles, encoded as they come (the
/// same varint gaps as `Postings`), so building never holds four bytes per
/// entry. Up to 16 bytes (eight articles or more) stay inline: most words of
/// a real archive's vocabulary are rare, and a heap allocation per word would
/// be the allocator's work and one more cache miss per posting. The end is
/// here, not in an array of its own, for the same miss.
#[derive(Debug, Default)]
pub(super) struct ShardWord {
    pub(super) end: u32,
    /// The last article added (meaningless while `postings` is empty).
    pub(super) last: u32,
    pub(super) postings: SmallVec<[u8; INLINE_POSTINGS]>,
}

impl ShardWord {
    /// Adds an article; articles arrive in ascending order.
    pub(super) fn add(&mut self, article: u32) {
        let mut gap = if self.postings.is_empty() {
            article
        } else {
            article - self.last
        };
        self.last = article;
        loop {
            let low = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                self.postings.push(low);
                break;
            }
            self.postings.push(low | 0x80);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip_through_varints() {
        let lists: [Vec<u32>; 5] = [
            vec![0, 1, 200, 70_000, 70_001],
            vec![5],
            // Past its inline bytes, a list moves to the heap intact; past
            // 255 bytes, it stays there (one byte is a short list's length).
            (0..40).map(|a| a * 3).collect(),
            vec![u32::MAX - 1],
            (0..300).collect(),
        ];
        let mut p = Postings::default();
        for articles in &lists {
            let mut word = ShardWord::default();
            for &a in articles {
                word.add(a);
            }
            p.push(word.postings);
        }
        assert_eq!(p.long.len(), 1, "one list is long");
        for (i, articles) in lists.iter().enumerate() {
            assert_eq!(&p.articles(i).collect::<Vec<_>>(), articles);
        }
    }
}
