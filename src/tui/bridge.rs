//! The names the explorer uses from the layout and search modules.
//!
//! TEMPORARY ADAPTER for search: the `search` branch is being written in
//! parallel. Until it is merged, the search half below has the same names
//! and signatures as its agreed contract, backed by the smallest honest
//! implementation from what exists today (`Query::parse` + `Query::matches`
//! over every article). Once the incremental searcher lands, it becomes a
//! `pub use` of the real thing.

use crate::corpus::Article;
use crate::extract::Extractor;
use crate::search::{Query, QueryError};
use std::ops::Range;

pub use crate::text::layout::{BidiMode, StyleSpan, VisualLine, fit_line, layout_text, line_of};

// ---------------------------------------------------------------- search

/// One article in the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub article: usize,
    pub score: i64,
    /// Byte ranges of the title that matched free-text terms.
    pub title_matches: Vec<Range<usize>>,
}

/// What the searcher keeps per corpus.
#[derive(Debug, Default)]
pub struct SearchIndex;

impl SearchIndex {
    pub fn build(_articles: &[Article], _extractor: &Extractor) -> SearchIndex {
        SearchIndex
    }
}

/// Runs queries, keeping the last good results.
#[derive(Debug, Default)]
pub struct Searcher {
    hits: Vec<Hit>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// The results of the last successful run.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    pub fn run(
        &mut self,
        _index: &SearchIndex,
        articles: &[Article],
        query_text: &str,
    ) -> Result<&[Hit], QueryError> {
        let query = Query::parse(query_text)?;
        self.hits = articles
            .iter()
            .enumerate()
            .filter(|(_, a)| query.matches(a))
            .map(|(article, _)| Hit {
                article,
                score: 0,
                title_matches: Vec::new(),
            })
            .collect();
        Ok(&self.hits)
    }
}

/// Byte ranges of the article's text that the query's free-text terms match.
/// Today's query language has only field terms, so there are none.
pub fn text_matches(_query: &Query, _article: &Article) -> Vec<Range<usize>> {
    Vec::new()
}
