//! The open article as display lines: title, metadata, then the body, each
//! piece laid out by the layout module for the pane's width.
//!
//! The body is cut into pieces at newlines, and very long lines into chunks
//! of at most [`CHUNK`] bytes, so that a change of highlights (the next match,
//! another entity) re-lays out only the pieces whose spans changed, and a
//! 50 MB single-line article costs one linear layout per width, not one per
//! keystroke.

use super::bridge::{BidiMode, StyleSpan, VisualLine, layout_text};
use crate::corpus::Article;
use crate::extract::Field;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

/// Longest body piece laid out at once, in bytes.
pub const CHUNK: usize = 8 * 1024;

/// What a display line belongs to (the draw code styles titles and
/// metadata differently from the body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    Title,
    Meta,
    Blank,
    Body,
}

#[derive(Debug)]
struct Piece {
    kind: PieceKind,
    /// Byte range in the title (Title), the metadata line (Meta) or the text (Body).
    range: Range<usize>,
    /// Hash of the spans it was laid out with; `None` before the first layout.
    signature: Option<u64>,
    lines: Vec<VisualLine>,
}

/// The spans to draw an article with, each list sorted by start.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Highlights {
    pub title: Vec<StyleSpan>,
    pub body: Vec<StyleSpan>,
}

/// Identifies what a view was laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ViewKey {
    article: usize,
    width: u16,
    mode: BidiMode,
}

/// The laid-out lines of one article at one width.
#[derive(Debug, Default)]
pub struct ArticleView {
    key: Option<ViewKey>,
    meta: String,
    pieces: Vec<Piece>,
    /// `starts[i]` is the index of the first line of piece `i`.
    starts: Vec<usize>,
    total: usize,
}

/// `round 4 · RU TR IR · 2017-05-04 · source`, from what the article has.
pub fn metadata_line(article: &Article) -> String {
    let x = &article.extraction;
    let mut parts = Vec::new();
    parts.push(match x.round {
        Some(r) => format!("round {r}"),
        None => "no round".to_string(),
    });
    if !x.guarantors.is_empty() {
        let badges: Vec<&str> = x.guarantors.iter().map(|g| g.badge()).collect();
        parts.push(badges.join(" "));
    }
    parts.extend(article.date.iter().cloned());
    parts.extend(article.source.iter().cloned());
    parts.push(article.id.clone());
    parts.join(" · ")
}

/// Splits the text into body pieces: one per line, long lines cut into
/// chunks at a space (or any character boundary) before [`CHUNK`] bytes.
fn body_pieces(text: &str) -> Vec<(PieceKind, Range<usize>)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        let content_end = line_start + line.trim_end_matches('\r').len();
        if content_end == line_start {
            out.push((PieceKind::Blank, line_start..line_start));
        }
        let mut start = line_start;
        while start < content_end {
            let mut end = content_end.min(start + CHUNK);
            if end < content_end {
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                if let Some(space) = text[start..end].rfind(' ') {
                    end = start + space + 1;
                }
            }
            out.push((PieceKind::Body, start..end));
            start = end;
        }
        line_start = line_end + 1;
    }
    out
}

/// The spans of `spans` (sorted by start, none longer than `longest`) that
/// overlap `range`, clipped and made relative to its start.
fn spans_within(spans: &[StyleSpan], longest: usize, range: &Range<usize>) -> Vec<StyleSpan> {
    let first = spans.partition_point(|s| s.range.start + longest < range.start);
    spans[first..]
        .iter()
        .take_while(|s| s.range.start < range.end)
        .filter(|s| s.range.end > range.start)
        .map(|s| StyleSpan {
            range: s.range.start.max(range.start) - range.start
                ..s.range.end.min(range.end) - range.start,
            tag: s.tag,
        })
        .collect()
}

fn signature(spans: &[StyleSpan]) -> u64 {
    let mut hasher = DefaultHasher::new();
    spans.hash(&mut hasher);
    hasher.finish()
}

fn longest(spans: &[StyleSpan]) -> usize {
    spans.iter().map(|s| s.range.len()).max().unwrap_or(0)
}

impl ArticleView {
    /// Brings the view up to date for this article, width and highlights,
    /// laying out again only what changed.
    pub fn refresh(
        &mut self,
        index: usize,
        article: &Article,
        width: u16,
        mode: BidiMode,
        highlights: &Highlights,
    ) {
        let key = ViewKey {
            article: index,
            width,
            mode,
        };
        if self.key != Some(key) {
            self.key = Some(key);
            self.meta = metadata_line(article);
            self.pieces.clear();
            let mut push = |kind, range| {
                self.pieces.push(Piece {
                    kind,
                    range,
                    signature: None,
                    lines: Vec::new(),
                })
            };
            for (kind, range) in body_pieces(&article.title) {
                // A title is one paragraph; blank pieces only come from newlines in it.
                let kind = if kind == PieceKind::Body {
                    PieceKind::Title
                } else {
                    kind
                };
                push(kind, range);
            }
            push(PieceKind::Meta, 0..self.meta.len());
            push(PieceKind::Blank, 0..0);
            for (kind, range) in body_pieces(&article.text) {
                push(kind, range);
            }
        }
        let longest_title = longest(&highlights.title);
        let longest_body = longest(&highlights.body);
        for piece in &mut self.pieces {
            let (text, spans) = match piece.kind {
                PieceKind::Title => (
                    &article.title[piece.range.clone()],
                    spans_within(&highlights.title, longest_title, &piece.range),
                ),
                PieceKind::Body => (
                    &article.text[piece.range.clone()],
                    spans_within(&highlights.body, longest_body, &piece.range),
                ),
                PieceKind::Meta => (self.meta.as_str(), Vec::new()),
                // An empty paragraph: one empty line.
                PieceKind::Blank => ("", Vec::new()),
            };
            let sig = Some(signature(&spans));
            if sig == piece.signature {
                continue;
            }
            piece.signature = sig;
            piece.lines = layout_text(text, &spans, width, mode);
        }
        self.starts.clear();
        let mut total = 0;
        for piece in &self.pieces {
            self.starts.push(total);
            total += piece.lines.len();
        }
        self.total = total;
    }

    /// Number of display lines.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Display lines `range` (clipped to what exists), with their kind.
    pub fn lines(&self, range: Range<usize>) -> Vec<(PieceKind, &VisualLine)> {
        let end = range.end.min(self.total);
        if range.start >= end {
            return Vec::new();
        }
        let mut piece = self.starts.partition_point(|&s| s <= range.start) - 1;
        let mut out = Vec::with_capacity(end - range.start);
        let mut at = range.start;
        while at < end {
            let p = &self.pieces[piece];
            let within = at - self.starts[piece];
            for line in p.lines.iter().skip(within) {
                if at >= end {
                    break;
                }
                out.push((p.kind, line));
                at += 1;
            }
            piece += 1;
        }
        out
    }

    /// The display line showing byte `offset` of the title or the text.
    pub fn line_of(&self, field: Field, offset: usize) -> Option<usize> {
        let kind = match field {
            Field::Title => PieceKind::Title,
            Field::Text => PieceKind::Body,
        };
        let (i, piece) = self
            .pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == kind)
            .find(|(_, p)| p.range.contains(&offset) || p.range.end == offset)?;
        let relative = offset - piece.range.start;
        let line = piece
            .lines
            .iter()
            .position(|l| l.logical.contains(&relative))
            .unwrap_or(piece.lines.len().saturating_sub(1));
        Some(self.starts[i] + line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extraction;

    fn article(title: &str, text: &str) -> Article {
        Article {
            id: "a1".into(),
            title: title.into(),
            path: None,
            date: Some("2017-05-04".into()),
            source: None,
            url: None,
            text: text.into(),
            title_is_separate: true,
            extraction: Extraction::default(),
        }
    }

    fn text_of(line: &VisualLine) -> String {
        line.runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn long_lines_are_cut_into_chunks_at_spaces() {
        let text = "word ".repeat(5000);
        let pieces = body_pieces(&text);
        assert!(pieces.len() > 2);
        let mut at = 0;
        for (_, range) in &pieces {
            assert_eq!(range.start, at, "pieces cover the text without gaps");
            assert!(range.len() <= CHUNK);
            at = range.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn chunks_never_split_a_character() {
        let text = "س".repeat(CHUNK);
        for (_, range) in body_pieces(&text) {
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
    }

    #[test]
    fn blank_lines_are_kept() {
        let kinds: Vec<PieceKind> = body_pieces("a\n\nb\r\n").into_iter().map(|p| p.0).collect();
        assert_eq!(
            kinds,
            [
                PieceKind::Body,
                PieceKind::Blank,
                PieceKind::Body,
                PieceKind::Blank
            ]
        );
    }

    #[test]
    fn title_metadata_then_body() {
        let a = article("Talks", "first line\nsecond line");
        let mut view = ArticleView::default();
        view.refresh(0, &a, 40, BidiMode::App, &Highlights::default());
        let lines = view.lines(0..view.total());
        let kinds: Vec<PieceKind> = lines.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                PieceKind::Title,
                PieceKind::Meta,
                PieceKind::Blank,
                PieceKind::Body,
                PieceKind::Body
            ]
        );
        assert_eq!(text_of(lines[1].1), "no round · 2017-05-04 · a1");
        assert_eq!(text_of(lines[4].1), "second line");
    }

    #[test]
    fn blank_lines_inside_the_text_become_empty_display_lines() {
        let a = article("T", "one\n\ntwo");
        let mut view = ArticleView::default();
        view.refresh(0, &a, 40, BidiMode::App, &Highlights::default());
        let body: Vec<String> = view
            .lines(3..view.total())
            .iter()
            .map(|(_, l)| text_of(l))
            .collect();
        assert_eq!(body, ["one", "", "two"]);
    }

    #[test]
    fn line_of_finds_the_wrapped_line_of_an_offset() {
        let text = "aaaa bbbb cccc dddd";
        let a = article("T", text);
        let mut view = ArticleView::default();
        view.refresh(0, &a, 5, BidiMode::App, &Highlights::default());
        let d = text.find("dddd").unwrap();
        let line = view.line_of(Field::Text, d).unwrap();
        assert!(text_of(view.lines(line..line + 1)[0].1).contains("dddd"));
    }

    #[test]
    fn spans_reach_the_right_piece() {
        let text = "one\ntwo three";
        let a = article("T", text);
        let at = text.find("three").unwrap();
        let highlights = Highlights {
            title: Vec::new(),
            body: vec![StyleSpan {
                range: at..at + 5,
                tag: 0,
            }],
        };
        let mut view = ArticleView::default();
        view.refresh(0, &a, 40, BidiMode::App, &highlights);
        let lines = view.lines(0..view.total());
        let tagged: Vec<&str> = lines
            .iter()
            .flat_map(|(_, l)| l.runs.iter())
            .filter(|r| r.tags != 0)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(tagged, ["three"]);
    }
}
