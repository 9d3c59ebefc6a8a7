//! The explorer's view of the layout and search modules.
//!
//! TEMPORARY ADAPTER: the `layout` and `search` branches are being written
//! in parallel. Until they are merged, this file gives the explorer the same
//! names and signatures as their agreed contracts, backed by the smallest
//! honest implementation from what exists today:
//! - layout: logical order only (what `--bidi terminal` draws), wrapping at
//!   spaces by ratatui's width rule, control characters as placeholders;
//! - search: `Query::parse` + `Query::matches` over every article.
//!
//! Once `text::layout` and the incremental searcher land, each half of this
//! file becomes a `pub use` of the real thing and the code below goes away.

use crate::corpus::Article;
use crate::extract::Extractor;
use crate::search::{Query, QueryError};
use crate::text::sanitize::placeholder;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

// ---------------------------------------------------------------- layout

/// Who reorders right-to-left text: the program (`App`) or the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BidiMode {
    #[default]
    App,
    Terminal,
}

/// A styled byte range of the logical text; `tag` becomes bit `1 << tag`
/// of the runs it covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StyleSpan {
    pub range: Range<usize>,
    pub tag: u8,
}

/// Cells to draw left to right with one set of span tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualRun {
    pub text: String,
    pub tags: u32,
    pub width: u16,
}

/// One display line: `indent` blank cells, then the runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualLine {
    pub indent: u16,
    pub runs: Vec<VisualRun>,
    /// The logical byte range of the paragraph this line shows.
    pub logical: Range<usize>,
    pub rtl: bool,
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

fn tags_at(spans: &[StyleSpan], at: usize) -> u32 {
    spans
        .iter()
        .filter(|s| s.range.contains(&at))
        .fold(0, |acc, s| acc | 1u32 << (s.tag & 31))
}

/// One line made of `text[range]`, its characters made safe and grouped by tags.
fn make_line(text: &str, range: Range<usize>, spans: &[StyleSpan], max: usize) -> VisualLine {
    let mut runs: Vec<VisualRun> = Vec::new();
    let mut used = 0;
    let mut end = range.start;
    for (at, c) in text[range.clone()].char_indices() {
        let at = range.start + at;
        let shown = placeholder(c).unwrap_or(c);
        let w = char_width(shown);
        if used + w > max {
            break;
        }
        used += w;
        end = at + c.len_utf8();
        let tags = tags_at(spans, at);
        match runs.last_mut() {
            Some(run) if run.tags == tags => {
                run.text.push(shown);
                run.width += w as u16;
            }
            _ => runs.push(VisualRun {
                text: shown.to_string(),
                tags,
                width: w as u16,
            }),
        }
    }
    VisualLine {
        indent: 0,
        runs,
        logical: range.start..end,
        rtl: false,
    }
}

/// Wraps `text` (one paragraph) at spaces into lines of at most `width` cells.
pub fn layout_text(
    text: &str,
    spans: &[StyleSpan],
    width: u16,
    _mode: BidiMode,
) -> Vec<VisualLine> {
    let width = width.max(1) as usize;
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        // Find the longest prefix that fits, preferring to end after a space.
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        for (at, c) in text[start..].char_indices() {
            let w = char_width(placeholder(c).unwrap_or(c));
            if used + w > width {
                break;
            }
            used += w;
            end = start + at + c.len_utf8();
            if c == ' ' {
                last_space = Some(end);
            }
        }
        if end < text.len()
            && let Some(space) = last_space
        {
            end = space;
        }
        if end == start {
            // A character wider than the line: take it alone.
            end = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        lines.push(make_line(text, start..end, spans, width));
        start = end;
    }
    if lines.is_empty() {
        lines.push(make_line(text, 0..0, spans, width));
    }
    lines
}

/// `text` on one line, clipped to `width` cells.
pub fn fit_line(text: &str, spans: &[StyleSpan], width: u16, _mode: BidiMode) -> VisualLine {
    make_line(text, 0..text.len(), spans, width as usize)
}

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
