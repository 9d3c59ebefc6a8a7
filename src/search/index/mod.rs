//! The search index, built once after loading.
//!
//! Bodies are never scanned per keystroke. Each article's text becomes a set
//! of normalized words; the index keeps one sorted vocabulary of all words
//! and, per word, the articles that contain it (delta-encoded varints, a
//! byte or two per entry). A query word is looked up as a range of the
//! sorted vocabulary (prefixes, behind each proclitic); a Latin word is
//! compared with the consonant skeletons of the Arabic vocabulary, one
//! bucket (first consonant class) at a time. Only short fields — titles and
//! entity names — are matched fuzzily, article by article.

mod article_words;
mod builder;
mod bytes;
mod distinct;
mod entities;
mod lexicon;
mod postings;
mod stored;
mod strings;
mod titles;
mod word_titles;

pub use article_words::ArticleWords;
pub use builder::IndexBuilder;
pub(crate) use entities::IndexedEntity;
pub(crate) use titles::{char_mask, pair_bits};

use crate::corpus::{Article, PubDate};
use crate::extract::{Extractor, GazetteerEntry};
use crate::search::words::QueryWord;
pub(crate) use bytes::cut_like_the_index;
use entities::EntityWords;
use lexicon::Lexicon;
use postings::Postings;
use rayon::prelude::*;
use std::collections::HashMap;
use titles::Titles;

/// Articles analysed in parallel at a time: bounds the memory of the
/// per-article word lists while the vocabulary is merged.
const BATCH: usize = 4096;

/// Built once after loading; answers every query term without reading the
/// article bodies.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    article_count: usize,
    pub(crate) titles: Titles,
    /// Per vocabulary word, the articles whose title has it.
    word_titles: word_titles::WordTitles,
    vocabulary: Lexicon,
    postings: Postings,
    pub(crate) entities: Vec<IndexedEntity>,
    entity_words: EntityWords,
    /// Per article, its marks' bits (`is:`); empty until marks are set.
    marks: Vec<u8>,
    /// Per article, its publication date's number (`PubDate::number`), 0
    /// when it has none: the date filter and the date order read it
    /// instead of parsing each article's metadata per query.
    dates: Vec<u32>,
}

impl SearchIndex {
    pub fn build(articles: &[Article], extractor: &Extractor) -> SearchIndex {
        SearchIndex::build_with_gazetteer(articles, extractor.entries())
    }

    /// Builds over articles already loaded, normalizing each text here.
    pub fn build_with_gazetteer(articles: &[Article], gazetteer: &[GazetteerEntry]) -> SearchIndex {
        let mut builder = IndexBuilder::new();
        for batch in articles.chunks(BATCH) {
            builder.add(
                batch.par_iter().map(ArticleWords::of_article).collect(),
                batch,
            );
        }
        builder.finish(articles, gazetteer)
    }

    /// Sets what `is:bookmarked` and `is:noted` answer for an article
    /// (a `Searcher` that ran before must `forget_marks`).
    pub fn set_marks(&mut self, article: usize, bookmarked: bool, noted: bool) {
        if self.marks.len() < self.article_count {
            self.marks.resize(self.article_count, 0);
        }
        if let Some(bits) = self.marks.get_mut(article) {
            *bits = u8::from(bookmarked) | (u8::from(noted) << 1);
        }
    }

    pub fn has_mark(&self, article: usize, flag: crate::search::MarkFlag) -> bool {
        let bit = match flag {
            crate::search::MarkFlag::Bookmarked => 1,
            crate::search::MarkFlag::Noted => 2,
        };
        self.marks.get(article).is_some_and(|m| m & bit != 0)
    }

    /// The number of articles indexed.
    pub fn len(&self) -> usize {
        self.article_count
    }

    pub fn is_empty(&self) -> bool {
        self.article_count == 0
    }

    /// Distinct words in the vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// Bytes the index holds on the heap (approximate, for --timings).
    pub fn heap_bytes(&self) -> usize {
        let titles = self.titles.heap_bytes();
        let entities: usize = self
            .entities
            .iter()
            .map(|e| e.articles.len() * 4 + e.names.iter().map(|n| n.len() + 24).sum::<usize>())
            .sum();
        self.vocabulary.heap_bytes()
            + self.postings.heap_bytes()
            + titles
            + entities
            + self.entity_words.heap_bytes()
            + self.word_titles.heap_bytes()
            + self.dates.capacity() * 4
    }

    /// Article `article`'s publication date.
    pub fn date(&self, article: usize) -> Option<PubDate> {
        self.dates
            .get(article)
            .and_then(|&n| PubDate::from_number(n))
    }

    /// Per article, its date's number, 0 for none (see [`PubDate::number`]).
    pub(crate) fn date_numbers(&self) -> &[u32] {
        &self.dates
    }

    /// Vocabulary words that a query word matches, with a quality each
    /// (several entries for one word keep the best).
    pub(crate) fn matching_words(&self, word: &QueryWord) -> HashMap<u32, i64> {
        self.vocabulary.matching(word)
    }

    /// Per entity (numbers in `entities`), whether one of its names' words
    /// matches `word`.
    pub(crate) fn entities_with_word(&self, word: &QueryWord) -> Vec<bool> {
        self.entity_words.matching(word, self.entities.len())
    }

    /// The articles whose title has vocabulary word `word`, ascending.
    pub(crate) fn titles_with_word(&self, word: u32) -> &[u32] {
        self.word_titles.articles(word)
    }

    /// Vocabulary word number `id`.
    pub(crate) fn word(&self, id: u32) -> &str {
        self.vocabulary.words.get(id as usize)
    }

    /// Vocabulary words containing `needle` (an exact term's word).
    pub(crate) fn words_containing(&self, needle: &str) -> Vec<u32> {
        let needle = cut_like_the_index(needle);
        let mut out: Vec<u32> =
            memchr::memmem::find_iter(self.vocabulary.words.text.as_bytes(), needle)
                .map(|at| self.vocabulary.words.holding(at) as u32)
                .collect();
        out.dedup();
        out
    }

    /// Adds `quality` (the best per article) for every article containing
    /// one of `words` into `scores` (indexed by article number).
    pub(crate) fn add_articles(&self, words: &HashMap<u32, i64>, scores: &mut [u32]) {
        for (&word, &quality) in words {
            let quality = quality.clamp(0, i64::from(u32::MAX)) as u32;
            for article in self.postings.articles(word as usize) {
                let slot = &mut scores[article as usize];
                *slot = (*slot).max(quality);
            }
        }
    }

    /// The articles containing one of `words`, as a membership vector.
    pub(crate) fn articles_with(&self, words: &[u32]) -> Vec<bool> {
        let mut out = vec![false; self.article_count];
        for &word in words {
            for article in self.postings.articles(word as usize) {
                out[article as usize] = true;
            }
        }
        out
    }
}
