//! Building the index batch by batch while the corpus loads: vocabulary
//! shards filled in parallel, then one sorted vocabulary with its postings.

use super::SearchIndex;
use super::article_words::{ArticleWords, SHARDS};
use super::bytes::{same_word, sort_prefix};
use super::entities::{EntityLists, EntityWords};
use super::lexicon::Lexicon;
use super::postings::{Postings, ShardWord};
use super::strings::Strings;
use super::titles::Titles;
use super::word_titles::WordTitles;
use crate::corpus::Article;
use crate::extract::GazetteerEntry;
use hashbrown::HashTable;
use rayon::prelude::*;
use std::ops::Range;

/// One shard of the vocabulary while it is being built: its words end to
/// end, found by hash.
#[derive(Default)]
pub(super) struct Shard {
    pub(super) table: HashTable<u32>,
    /// Bytes, as in `ArticleWords`.
    pub(super) text: Vec<u8>,
    /// By shard-local number.
    pub(super) words: Vec<ShardWord>,
    pub(super) hashes: Vec<u64>,
    /// (article, shard-local word) for title words.
    pub(super) title_words: Vec<(u32, u32)>,
}

impl Shard {
    pub(super) fn word(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].end as usize
        };
        &self.text[start..self.words[i].end as usize]
    }

    pub(super) fn add(&mut self, analysed: &[ArticleWords], first_article: usize, shard: usize) {
        for (i, article) in analysed.iter().enumerate() {
            let number = (first_article + i) as u32;
            let mine = usize::from(article.shard_starts[shard])
                ..usize::from(article.shard_starts[shard + 1]);
            for w in mine {
                let (word, entry) = (article.word(w), article.words[w]);
                let (id, _) = self.intern(word, entry.hash);
                self.words[id as usize].add(number);
                if entry.in_title {
                    self.title_words.push((number, id));
                }
            }
        }
    }

    /// The shard-local number of `word` (whose hash is `hash`), added if
    /// new; true when it was.
    #[inline(always)]
    pub(super) fn intern(&mut self, word: &[u8], hash: u64) -> (u32, bool) {
        let found = self
            .table
            .find(hash, |&id| same_word(self.word(id as usize), word));
        if let Some(&id) = found {
            return (id, false);
        }
        let id = self.words.len() as u32;
        self.text.extend_from_slice(word);
        self.words.push(ShardWord {
            end: self.text.len() as u32,
            ..ShardWord::default()
        });
        self.hashes.push(hash);
        let hashes = &self.hashes;
        self.table.insert_unique(hash, id, |&j| hashes[j as usize]);
        (id, true)
    }
}

/// Builds a [`SearchIndex`] batch by batch, in corpus order, so the words
/// can be added while the rest of the corpus is still being read.
pub struct IndexBuilder {
    pub(super) shards: Vec<Shard>,
    pub(super) titles: Titles,
    pub(super) entities: EntityLists,
}

impl Default for IndexBuilder {
    fn default() -> IndexBuilder {
        IndexBuilder::new()
    }
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            titles: Titles::default(),
            entities: EntityLists::default(),
        }
    }

    /// Adds the next articles and their words (article numbers continue
    /// from the last batch); the shards are filled in parallel, the entity
    /// lists beside them.
    pub fn add(&mut self, batch: Vec<ArticleWords>, articles: &[Article]) {
        let first = self.titles.len();
        let IndexBuilder {
            shards,
            entities,
            titles,
        } = self;
        rayon::join(
            || add_words(shards, titles, batch),
            || entities.add_articles(first, articles),
        );
    }

    /// [`IndexBuilder::add`] without the articles: only their words (for
    /// the words an archive keeps, see `stored`).
    pub fn add_words(&mut self, batch: Vec<ArticleWords>) {
        add_words(&mut self.shards, &mut self.titles, batch);
    }

    /// Finishes the index over `articles` (the ones whose words were added,
    /// in the same order). Gazetteer names and aliases (Damascus for دمشق)
    /// make entity names searchable in both scripts.
    pub fn finish(mut self, articles: &[Article], gazetteer: &[GazetteerEntry]) -> SearchIndex {
        assert_eq!(
            self.titles.len(),
            articles.len(),
            "every article's words are added once"
        );
        let entities = std::mem::take(&mut self.entities);
        let (mut index, (entities, entity_words)) = rayon::join(
            || self.finish_words(),
            || {
                let entities = entities.finish(gazetteer);
                let words = EntityWords::new(&entities);
                (entities, words)
            },
        );
        index.entities = entities;
        index.entity_words = entity_words;
        index.dates = articles
            .par_iter()
            .map(|a| a.pub_date().map_or(0, |d| d.number()))
            .collect();
        index
    }

    /// Everything but the entities: vocabulary, postings, skeletons.
    pub(super) fn finish_words(self) -> SearchIndex {
        let IndexBuilder {
            mut shards, titles, ..
        } = self;
        let article_count = titles.len();
        // Finding words by hash is over: that memory goes before the sort's.
        for shard in &mut shards {
            shard.table = HashTable::new();
            shard.hashes = Vec::new();
        }
        // One sorted vocabulary over all shards.
        let word = |&(s, id): &(u32, u32)| shards[s as usize].word(id as usize);
        // Collected into its exact size: grown by doubling, it would hold
        // up to twice the room at once.
        let mut keyed: Vec<(u128, (u32, u32))> =
            Vec::with_capacity(shards.iter().map(|s| s.words.len()).sum());
        keyed.extend(
            shards
                .iter()
                .enumerate()
                .flat_map(|(s, shard)| (0..shard.words.len() as u32).map(move |id| (s as u32, id)))
                .map(|at| (sort_prefix(word(&at)), at)),
        );
        // Byte order is the order of the characters' code points. Most
        // words differ in their first 16 bytes: compared as a number there,
        // only ties read the words themselves.
        keyed
            .par_sort_unstable_by(|(pa, a), (pb, b)| pa.cmp(pb).then_with(|| word(a).cmp(word(b))));
        let sorted: Vec<(u32, u32)> = keyed.into_iter().map(|(_, at)| at).collect();
        let vocabulary = Strings::from_sorted(
            sorted.iter().map(word),
            shards.iter().map(|s| s.text.len()).sum(),
        );
        let mut renumbered: Vec<Vec<u32>> = shards.iter().map(|s| vec![0; s.words.len()]).collect();
        let mut postings = Postings::for_words(shards.iter().flat_map(|s| &s.words));
        for (number, &(s, id)) in sorted.iter().enumerate() {
            renumbered[s as usize][id as usize] = number as u32;
            postings.push(std::mem::take(
                &mut shards[s as usize].words[id as usize].postings,
            ));
        }
        let word_count = sorted.len();
        drop(sorted);
        // The rest of the shards goes; their title words are in article
        // order already: merged article by article, not gathered and
        // sorted (a million one-line records have four million).
        let shard_titles: Vec<Vec<(u32, u32)>> =
            shards.into_iter().map(|s| s.title_words).collect();
        let mut title_words = Vec::with_capacity(shard_titles.iter().map(Vec::len).sum());
        let mut title_word_starts = Vec::with_capacity(article_count + 1);
        let mut next = [0usize; SHARDS];
        title_word_starts.push(0);
        for article in 0..article_count as u32 {
            for (s, list) in shard_titles.iter().enumerate() {
                while let Some(&(a, id)) = list.get(next[s])
                    && a == article
                {
                    title_words.push(renumbered[s][id as usize]);
                    next[s] += 1;
                }
            }
            title_word_starts.push(title_words.len() as u32);
        }
        // Kept turned around only: per word, the titles that have it.
        let word_titles = WordTitles::invert(&title_words, &title_word_starts, word_count);
        SearchIndex {
            article_count,
            titles,
            word_titles,
            vocabulary: Lexicon::new(vocabulary),
            postings,
            entities: Vec::new(),
            entity_words: EntityWords::default(),
            marks: Vec::new(),
            dates: Vec::new(),
        }
    }
}

/// The next articles' words into the shards (in parallel) and their titles.
fn add_words(shards: &mut [Shard], titles: &mut Titles, batch: Vec<ArticleWords>) {
    let first = titles.len();
    shards
        .par_iter_mut()
        .enumerate()
        .for_each(|(s, shard)| shard.add(&batch, first, s));
    for (filter, key) in batch.into_iter().map(|a| a.title) {
        titles.push(&key, filter);
    }
}

/// Loading builds the index as it goes: each article's words come from the
/// extractor's normalized text.
impl crate::corpus::ArticleSink for IndexBuilder {
    type Words = ArticleWords;

    fn words(title: &str, text_key: &str, text_words: &[Range<usize>]) -> ArticleWords {
        ArticleWords::new(title, text_key, text_words)
    }

    fn more_words(words: &mut ArticleWords, text_key: &str, text_words: &[Range<usize>]) {
        words.add_text(text_key, text_words);
    }

    fn add(&mut self, batch: Vec<ArticleWords>, articles: &[Article]) {
        IndexBuilder::add(self, batch, articles);
    }

    const SEEDS: bool = true;

    fn seed(&mut self, stored: &[u8]) -> Option<usize> {
        let seeded = self.seed_words(stored).ok();
        if seeded.is_none() {
            *self = IndexBuilder::new();
        }
        seeded
    }

    fn seeded(&mut self, articles: &[Article]) -> bool {
        if self.titles.len() != articles.len() {
            *self = IndexBuilder::new();
            return false;
        }
        self.entities.add_articles(0, articles);
        true
    }
}
