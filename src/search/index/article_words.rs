//! What one article contributes to the index: its title key and its
//! distinct words, grouped by vocabulary shard.

use super::distinct::DistinctWords;
use super::titles::TitleFilter;
use crate::corpus::Article;
use crate::search::words::compounds;
use crate::text::normalize::{normalize, tokens};
use std::ops::Range;

/// Vocabulary shards: words are split by hash so that the shards' maps can
/// be filled in parallel. Each shard reads its part of every article of a
/// batch; more shards than cores would only read the batch more often
/// (a batch is megabytes: each reading is cache misses).
pub(super) const SHARDS: usize = 8;

/// What one article contributes to the index: computed in parallel (while
/// loading, from the extractor's normalized text), then added in corpus
/// order by an [`IndexBuilder`].
#[derive(Debug)]
pub struct ArticleWords {
    /// The title's filter and search key.
    pub(super) title: (TitleFilter, String),
    /// The distinct words of title and text (and joined compounds), end to
    /// end; word `i` ends at `words[i].end` and starts where word `i - 1`
    /// ends. Bytes, not a `String`: words are only compared and copied
    /// until the vocabulary is sorted, and slicing a `String` checks
    /// character boundaries each time.
    pub(super) text: Vec<u8>,
    pub(super) words: Vec<WordEntry>,
    /// The words are stored grouped by shard, so that a shard reads one
    /// stretch of each article: shard `s` has words
    /// `shard_starts[s]..shard_starts[s + 1]`.
    pub(super) shard_starts: [u16; SHARDS + 1],
}

/// One of an article's distinct words.
#[derive(Debug, Clone, Copy)]
pub(super) struct WordEntry {
    /// Where it ends in `ArticleWords::text`.
    pub(super) end: u32,
    /// Whether the title has it.
    pub(super) in_title: bool,
    /// Its hash, computed once: for the article's own de-duplication, then
    /// by the vocabulary's shard.
    pub(super) hash: u64,
}

/// The shard of a word's hash: middle bits, so that a shard's table still
/// sees varied low bits (buckets) and top bits (tags).
pub(super) fn shard_of(hash: u64) -> usize {
    (hash >> 40) as usize % SHARDS
}

impl ArticleWords {
    /// An article's words, normalizing its title and text here.
    pub fn of_article(article: &Article) -> ArticleWords {
        let text_key = normalize(&article.text);
        let text_words: Vec<Range<usize>> = tokens(&text_key).map(|(r, _)| r).collect();
        ArticleWords::new(&article.title, &text_key, &text_words)
    }

    /// An article's words from its text already normalized into `text_key`
    /// and split into words at `text_words` (the extractor's work, not
    /// done twice).
    pub fn new(title: &str, text_key: &str, text_words: &[Range<usize>]) -> ArticleWords {
        let title_key = normalize(title);
        let title_words: Vec<Range<usize>> = tokens(&title_key).map(|(r, _)| r).collect();
        let title_joined = compounds(&title_key, &title_words);
        let text_joined = compounds(text_key, text_words);
        let mut distinct = DistinctWords::with_room_for(
            title_words.len() + title_joined.len() + text_words.len() + text_joined.len(),
        );
        distinct.add_key(&title_key, &title_words, &title_joined, true);
        distinct.add_key(text_key, text_words, &text_joined, false);
        let mut words = ArticleWords::grouped(distinct.words);
        words.title = (TitleFilter::of(&title_key), title_key);
        words
    }

    /// Adds the words of the next window of a long text (see
    /// [`crate::corpus::ArticleSink::more_words`]).
    pub fn add_text(&mut self, text_key: &str, text_words: &[Range<usize>]) {
        let text_joined = compounds(text_key, text_words);
        let mut distinct =
            DistinctWords::with_room_for(self.words.len() + text_words.len() + text_joined.len());
        for (i, entry) in self.words.iter().enumerate() {
            distinct.add(self.word(i), entry.in_title);
        }
        distinct.add_key(text_key, text_words, &text_joined, false);
        let mut grouped = ArticleWords::grouped(distinct.words);
        std::mem::swap(&mut grouped.title, &mut self.title);
        *self = grouped;
    }

    /// The distinct words (hash, word, in the title), stored grouped by
    /// shard; the title is the caller's to set.
    fn grouped(distinct: Vec<(u64, &[u8], bool)>) -> ArticleWords {
        // Stored grouped by shard (a counting sort), first-seen order
        // within a shard.
        let mut starts = [0usize; SHARDS + 1];
        for &(hash, _, _) in &distinct {
            starts[shard_of(hash) + 1] += 1;
        }
        for s in 1..=SHARDS {
            starts[s] += starts[s - 1];
        }
        let mut shard_starts = [0u16; SHARDS + 1];
        for (s, &start) in starts.iter().enumerate() {
            shard_starts[s] = start as u16;
        }
        let mut order = vec![0u16; distinct.len()];
        for (i, &(hash, _, _)) in distinct.iter().enumerate() {
            let slot = &mut starts[shard_of(hash)];
            order[*slot] = i as u16;
            *slot += 1;
        }
        let mut text = Vec::with_capacity(distinct.iter().map(|(_, w, _)| w.len()).sum());
        let mut words = Vec::with_capacity(order.len());
        for &i in &order {
            let (hash, word, title) = distinct[usize::from(i)];
            text.extend_from_slice(word);
            words.push(WordEntry {
                end: text.len() as u32,
                in_title: title,
                hash,
            });
        }
        ArticleWords {
            title: (TitleFilter::default(), String::new()),
            text,
            words,
            shard_starts,
        }
    }

    pub(super) fn word(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].end as usize
        };
        &self.text[start..self.words[i].end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::bytes::MAX_WORD_BYTES;

    #[test]
    fn a_long_word_is_indexed_by_its_head_cut_on_a_character() {
        // «ب» is two bytes: 256 falls on a character boundary, 255 does not.
        for (prefix, kept) in [("", 256), ("x", 255)] {
            let text = format!("{prefix}{}", "ب".repeat(50_000));
            let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
            let words = ArticleWords::new("عنوان", &text, &whole);
            let stored: Vec<&str> = (0..words.words.len())
                .map(|i| std::str::from_utf8(words.word(i)).expect("whole characters"))
                .collect();
            assert!(stored.contains(&&text[..kept]), "{prefix:?}");
            assert!(stored.iter().all(|w| w.len() <= MAX_WORD_BYTES));
        }
    }
}
