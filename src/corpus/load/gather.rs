//! The corpus as it grows: ids made unique (a repeated id becomes
//! `id~2`, `id~3`...) and the sink handed each batch's words in order.

use super::{ArticleSink, FileResult, Loaded};
use crate::corpus::{Corpus, LoadWarning};
use std::collections::HashMap;

/// The corpus as it grows, in order: makes ids unique and hands the
/// sink each batch's words.
pub(super) struct Gather<'s, S: ArticleSink> {
    pub(super) corpus: Corpus,
    /// The words of the articles taken since the last `flush`.
    pending: Vec<S::Words>,
    /// The hash of every id taken → the article holding it. Not a set of
    /// the ids themselves: that would copy every id of a million-line file.
    ids: foldhash::HashMap<u64, u32>,
    /// Ids taken whose hash another id had first (rare): kept exactly.
    shared_hash: std::collections::HashSet<String>,
    /// Per duplicated id, the last number given to a copy (`id~2`...).
    copies: HashMap<String, usize>,
    sink: &'s mut S,
    /// See `LoadOptions::sink_keeps`.
    pub(super) sink_keeps: bool,
    /// Told the titles of the first articles, until it has enough.
    pub(super) arrivals: Option<&'s super::LoadProgress>,
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(id)
}

impl<'s, S: ArticleSink> Gather<'s, S> {
    pub(super) fn new(sink: &'s mut S) -> Self {
        Gather {
            corpus: Corpus::default(),
            pending: Vec::new(),
            ids: Default::default(),
            shared_hash: Default::default(),
            copies: HashMap::new(),
            sink,
            sink_keeps: false,
            arrivals: None,
        }
    }

    pub(super) fn warn(&mut self, warning: LoadWarning) {
        self.corpus.warnings.push(warning);
    }

    fn is_taken(&self, id: &str) -> bool {
        match self.ids.get(&id_hash(id)) {
            Some(&holder) if *self.corpus.articles[holder as usize].id == *id => true,
            _ => self.shared_hash.contains(id),
        }
    }

    /// Records `id` as held by the article about to be pushed.
    fn claim(&mut self, id: &str) {
        let holder = self.corpus.articles.len() as u32;
        if let std::collections::hash_map::Entry::Vacant(slot) = self.ids.entry(id_hash(id)) {
            slot.insert(holder);
        } else {
            self.shared_hash.insert(id.to_string());
        }
    }

    /// Hands the sink the words of the articles taken since the last time:
    /// once per batch, not per file (a folder holds thousands).
    pub(super) fn flush(&mut self) {
        if !self.pending.is_empty() {
            let first = self.corpus.articles.len() - self.pending.len();
            let articles = &mut self.corpus.articles[first..];
            if !self.sink_keeps {
                // Here, beside the next batch's parsing, not in `take`,
                // which the pool waits for.
                crate::corpus::article_text::pack(articles.iter_mut().map(|a| &mut a.text));
            }
            self.sink.add(std::mem::take(&mut self.pending), articles);
            if self.sink_keeps {
                self.corpus.articles.clear();
            }
        }
    }

    /// Appends the next results of file `file`.
    pub(super) fn take(&mut self, file: &str, result: FileResult<S::Words>) {
        self.corpus.warnings.extend(result.warnings);
        for Loaded {
            mut article,
            line,
            words: article_words,
            note,
        } in result.articles
        {
            self.corpus.warnings.extend(note);
            if !self.sink_keeps && self.is_taken(&article.id) {
                let original = String::from(std::mem::take(&mut article.id));
                let mut n = self.copies.get(&original).map_or(2, |last| last + 1);
                let mut renamed = format!("{original}~{n}");
                while self.is_taken(&renamed) {
                    n += 1;
                    renamed = format!("{original}~{n}");
                }
                self.copies.insert(original.clone(), n);
                self.corpus.warnings.push(LoadWarning::new(
                    file,
                    line,
                    format!("duplicate id '{original}', renamed to '{renamed}'"),
                ));
                article.id = renamed.into();
            }
            if !self.sink_keeps {
                self.claim(&article.id);
            }
            if let Some(progress) = self.arrivals
                && !progress.arrive(&article.title)
            {
                self.arrivals = None;
            }
            self.corpus.articles.push(article);
            self.pending.push(article_words);
        }
    }
}
