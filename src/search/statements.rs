//! Who said what in a set of results: the reported statements of one
//! article, or of one speaker across the results, newest first. Statements
//! are found on demand (`Extractor::statements`), never while loading.

use super::index::SearchIndex;
use super::query::entity_value;
use super::searcher::Hit;
use crate::corpus::{Article, PubDate};
use crate::extract::{EntityKind, Extractor, Statement};
use std::ops::Range;

/// A speaker's statements are read from at most this many articles (the
/// newest): the list opens within a moment even for a speaker named in
/// half of a large archive.
pub const MOST_ARTICLES: usize = 300;

/// One statement, with what the list shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// Index of the article in the corpus.
    pub article: usize,
    /// The speaker's name, empty when the statement has none.
    pub speaker: String,
    /// Byte range of the words said in the article's text.
    pub said: Range<usize>,
    pub date: Option<PubDate>,
    pub round: Option<u8>,
    pub source: Option<String>,
}

fn said(article_index: usize, article: &Article, date: Option<PubDate>, s: &Statement) -> Said {
    let speaker = s
        .speaker
        .and_then(|n| article.extraction.entities.get(n))
        .map_or(String::new(), |e| {
            if e.name() == e.arabic() {
                e.arabic().to_string()
            } else {
                e.name().to_string()
            }
        });
    Said {
        article: article_index,
        speaker,
        said: s.said.clone(),
        date,
        round: article.extraction.round,
        source: article.source().map(str::to_string),
    }
}

/// The statements of article `index`, in text order.
pub fn of_article(
    extractor: &Extractor,
    search: &SearchIndex,
    articles: &[Article],
    index: usize,
) -> Vec<Said> {
    let Some(article) = articles.get(index) else {
        return Vec::new();
    };
    let date = search.date(index);
    extractor
        .statements(&article.text, &article.extraction)
        .iter()
        .map(|s| said(index, article, date, s))
        .collect()
}

/// The statements whose speaker is the entity `kind`/`key`, in the results
/// that name it, newest article first (undated last), and how many
/// articles were read and how many name it.
pub fn by_speaker(
    extractor: &Extractor,
    search: &SearchIndex,
    articles: &[Article],
    hits: &[Hit],
    kind: EntityKind,
    key: &str,
) -> (Vec<Said>, usize, usize) {
    let value = entity_value(key);
    let Some(entity) = search
        .entities
        .iter()
        .find(|e| e.kind == kind && *e.value == *value)
    else {
        return (Vec::new(), 0, 0);
    };
    let mut in_results = vec![false; articles.len()];
    for hit in hits {
        if let Some(slot) = in_results.get_mut(hit.article) {
            *slot = true;
        }
    }
    let mut naming: Vec<usize> = entity
        .articles
        .iter()
        .map(|&a| a as usize)
        .filter(|&a| in_results.get(a).copied().unwrap_or(false))
        .collect();
    let total = naming.len();
    // Newest first, undated last; ties in corpus order.
    naming.sort_by_key(|&a| {
        let date = search.date(a).map_or(0, PubDate::number);
        (date == 0, std::cmp::Reverse(date))
    });
    naming.truncate(MOST_ARTICLES);
    let mut out = Vec::new();
    for &a in &naming {
        let article = &articles[a];
        let date = search.date(a);
        for s in extractor.statements(&article.text, &article.extraction) {
            let speaker = s.speaker.and_then(|n| article.extraction.entities.get(n));
            if speaker.is_some_and(|e| e.kind == kind && entity_value(e.key()) == value) {
                out.push(said(a, article, date, &s));
            }
        }
    }
    (out, naming.len(), total)
}
