//! The open article as display lines: title, metadata, then the body, each
//! piece laid out by the layout module for the pane's width.
//!
//! The body is cut into pieces at newlines, and very long lines into chunks
//! of at most [`CHUNK`] bytes. Pieces are laid out only when a line of
//! theirs is wanted (on screen, or the target of a jump); until then their
//! line count is estimated from their length. So opening a 50 MB single-line
//! article lays out a screenful, and a change of highlights (the next match,
//! another entity) lays out again only the pieces whose spans changed.

use crate::corpus::Article;
use crate::extract::Field;
use crate::text::layout::{BidiMode, StyleSpan, VisualLine, layout_text, line_of};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

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
    /// Which string `range` points into; `None` for the metadata line and
    /// for blank lines.
    source: Option<Field>,
    /// Byte range in the source (the title or the text).
    range: Range<usize>,
    /// Hash of the piece's spans (they are clipped from the view's
    /// highlights when it is laid out: a copy per piece held a second copy
    /// of every span, 75 MB for an article of two million mentions).
    signature: u64,
    /// Display lines, once laid out with the current spans.
    lines: Option<Vec<VisualLine>>,
    /// Characters in the piece (for estimating its lines at any width).
    chars: usize,
    /// Number of display lines: exact once laid out, estimated before.
    count: usize,
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
    /// The highlights the pieces' spans come from (none since a new width),
    /// and the longest span of each list (to find a piece's spans by binary
    /// search). New highlights are a new `Arc`; the view holds the old one,
    /// so its address cannot be reused for them.
    highlights: Option<Arc<Highlights>>,
    longest: (usize, usize),
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
    parts.extend(article.date().map(str::to_string));
    parts.extend(article.source().map(str::to_string));
    parts.push(article.id.to_string());
    parts.join(" · ")
}

/// Splits the text into body pieces: one per line, long lines cut into
/// chunks at a space (or any character boundary) before [`CHUNK`] bytes.
fn body_pieces(text: &str, within: Range<usize>) -> Vec<(PieceKind, Range<usize>)> {
    let mut out = Vec::new();
    let mut line_start = within.start;
    for line in text[within].split('\n') {
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

/// The byte range of the first non-blank line of `text` (without its line
/// ending), or an empty range at the end.
fn first_line(text: &str) -> Range<usize> {
    let mut start = 0;
    for line in text.split('\n') {
        let content = line.trim_end_matches('\r');
        if !content.trim().is_empty() {
            return start..start + content.len();
        }
        start += line.len() + 1;
    }
    text.len()..text.len()
}

/// The spans of `spans` (sorted by start, none longer than `longest`) that
/// overlap `range`, clipped and made relative to its start.
fn spans_within<'s>(
    spans: &'s [StyleSpan],
    longest: usize,
    range: &'s Range<usize>,
) -> impl Iterator<Item = StyleSpan> + 's {
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
}

fn signature(spans: impl Iterator<Item = StyleSpan>) -> u64 {
    let mut hasher = DefaultHasher::new();
    for span in spans {
        span.hash(&mut hasher);
    }
    hasher.finish()
}

fn longest(spans: &[StyleSpan]) -> usize {
    spans.iter().map(|s| s.range.len()).max().unwrap_or(0)
}

/// Lines a piece of `chars` characters will probably take at `width`.
fn estimate(chars: usize, width: u16) -> usize {
    chars.div_ceil(width.max(1) as usize).max(1)
}

impl ArticleView {
    /// Makes the view describe this article at this width with these
    /// highlights (new highlights come as a new `Arc`). Lays nothing out.
    pub fn refresh(
        &mut self,
        index: usize,
        article: &Article,
        width: u16,
        mode: BidiMode,
        highlights: &Arc<Highlights>,
    ) {
        let key = ViewKey {
            article: index,
            width,
            mode,
        };
        if self.key.map(|k| k.article) != Some(index) {
            // Cutting into pieces is linear in the article: once per article.
            self.meta = metadata_line(article);
            self.pieces.clear();
            let mut push = |kind, source: Option<Field>, range: Range<usize>| {
                let chars = match source {
                    Some(Field::Title) => article.title[range.clone()].chars().count(),
                    Some(Field::Text) => article.text[range.clone()].chars().count(),
                    None => 1,
                };
                self.pieces.push(Piece {
                    kind,
                    source,
                    range,
                    signature: 0,
                    lines: None,
                    chars,
                    count: 1,
                })
            };
            // The heading is the title; when the title was taken from the
            // text's first line, it is that line (in full), so it is not
            // shown twice and its mentions keep their offsets.
            let (heading, body_start) = if article.title_is_separate {
                ((Field::Title, 0..article.title.len()), 0)
            } else {
                let first = first_line(&article.text);
                ((Field::Text, first.clone()), first.end)
            };
            let (field, range) = heading;
            let source = match field {
                Field::Title => &article.title,
                Field::Text => &article.text,
            };
            for (kind, r) in body_pieces(source, range) {
                // A heading is one paragraph; blank pieces only come from newlines in it.
                let kind = if kind == PieceKind::Body {
                    PieceKind::Title
                } else {
                    kind
                };
                push(kind, Some(field), r);
            }
            push(PieceKind::Meta, None, 0..self.meta.len());
            push(PieceKind::Blank, None, 0..0);
            let rest = body_pieces(&article.text, body_start..article.text.len());
            // The blank line after the metadata already separates the body.
            let rest = rest
                .into_iter()
                .skip_while(|(kind, _)| *kind == PieceKind::Blank);
            for (kind, r) in rest {
                push(kind, (kind == PieceKind::Body).then_some(Field::Text), r);
            }
            self.key = None;
        }
        if self.key != Some(key) {
            // A new width: everything is estimated again, nothing laid out
            // (a storm of resizes costs a pass over the pieces, not the text).
            self.key = Some(key);
            self.highlights = None;
            for piece in &mut self.pieces {
                piece.lines = None;
                piece.count = match piece.kind {
                    PieceKind::Blank => 1,
                    _ => estimate(piece.chars, width),
                };
            }
            self.recount();
        }
        if self
            .highlights
            .as_ref()
            .is_some_and(|h| Arc::ptr_eq(h, highlights))
        {
            return;
        }
        self.highlights = Some(Arc::clone(highlights));
        self.longest = (longest(&highlights.title), longest(&highlights.body));
        for i in 0..self.pieces.len() {
            let sig = signature(self.spans_of(i));
            let piece = &mut self.pieces[i];
            if sig != piece.signature || piece.lines.is_none() {
                // Keeps `count`: spans do not change wrapping.
                piece.lines = None;
                piece.signature = sig;
            }
        }
    }

    /// Piece `i`'s spans, relative to its start.
    fn spans_of(&self, i: usize) -> impl Iterator<Item = StyleSpan> + '_ {
        let piece = &self.pieces[i];
        let (spans, longest): (&[StyleSpan], usize) = match (piece.source, &self.highlights) {
            (Some(Field::Title), Some(h)) => (&h.title, self.longest.0),
            (Some(Field::Text), Some(h)) => (&h.body, self.longest.1),
            _ => (&[], 0),
        };
        spans_within(spans, longest, &piece.range)
    }

    fn recount(&mut self) {
        self.starts.clear();
        let mut total = 0;
        for piece in &self.pieces {
            self.starts.push(total);
            total += piece.count;
        }
        self.total = total;
    }

    /// Lays out piece `i` if it is not; true when its line count changed.
    fn lay_out(&mut self, i: usize, article: &Article) -> bool {
        let Some(key) = self.key else {
            return false;
        };
        if self.pieces[i].lines.is_some() {
            return false;
        }
        let spans: Vec<StyleSpan> = self.spans_of(i).collect();
        let piece = &mut self.pieces[i];
        let text = match (piece.source, piece.kind) {
            (Some(Field::Title), _) => &article.title[piece.range.clone()],
            (Some(Field::Text), _) => &article.text[piece.range.clone()],
            (None, PieceKind::Meta) => self.meta.as_str(),
            // An empty paragraph: one empty line.
            (None, _) => "",
        };
        let lines = layout_text(text, &spans, key.width, key.mode);
        let changed = lines.len() != piece.count;
        piece.count = lines.len();
        piece.lines = Some(lines);
        changed
    }

    /// The piece holding display line `line` (the last one past the end).
    fn piece_at(&self, line: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= line)
            .saturating_sub(1)
    }

    /// Lays out every piece with a line in `range`, until the estimates
    /// around it stop moving.
    fn ensure(&mut self, range: Range<usize>, article: &Article) {
        loop {
            if self.pieces.is_empty() || range.start >= self.total {
                return;
            }
            let first = self.piece_at(range.start);
            let last = self.piece_at(range.end.saturating_sub(1).max(range.start));
            let mut changed = false;
            let mut laid = false;
            for i in first..=last {
                if self.pieces[i].lines.is_none() {
                    laid = true;
                    changed |= self.lay_out(i, article);
                }
            }
            if changed {
                self.recount();
            }
            if !laid {
                return;
            }
        }
    }

    /// Number of display lines (partly estimated).
    pub fn total(&self) -> usize {
        self.total
    }

    /// The largest useful scroll offset for `height` rows: the last lines
    /// are laid out so that the end of the article is exact.
    pub fn bottom(&mut self, height: usize, article: &Article) -> usize {
        loop {
            let total = self.total;
            self.ensure(total.saturating_sub(height)..total, article);
            if self.total == total {
                return total.saturating_sub(height);
            }
        }
    }

    /// Display lines `range` (clipped to what exists), with their kind.
    pub fn lines(
        &mut self,
        range: Range<usize>,
        article: &Article,
    ) -> Vec<(PieceKind, VisualLine)> {
        self.ensure(range.clone(), article);
        let end = range.end.min(self.total);
        let mut out = Vec::with_capacity(end.saturating_sub(range.start));
        let mut at = range.start;
        while at < end {
            let i = self.piece_at(at);
            let piece = &self.pieces[i];
            let Some(line) = piece
                .lines
                .as_ref()
                .and_then(|l| l.get(at - self.starts[i]))
            else {
                break;
            };
            out.push((piece.kind, line.clone()));
            at += 1;
        }
        out
    }

    /// The display line showing byte `offset` of the title or the text.
    pub fn line_of(&mut self, field: Field, offset: usize, article: &Article) -> Option<usize> {
        let i = self.pieces.iter().position(|p| {
            p.source == Some(field) && (p.range.contains(&offset) || p.range.end == offset)
        })?;
        if self.lay_out(i, article) {
            self.recount();
        }
        let piece = &self.pieces[i];
        let lines = piece.lines.as_deref().unwrap_or_default();
        let relative = offset - piece.range.start;
        let line = line_of(lines, relative).unwrap_or(lines.len().saturating_sub(1));
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
            meta: crate::corpus::ArticleMeta {
                date: Some("2017-05-04".into()),
                ..Default::default()
            }
            .boxed(),
            text: text.into(),
            title_is_separate: true,
            extraction: Extraction::default(),
        }
    }

    #[test]
    fn long_lines_are_cut_into_chunks_at_spaces() {
        let text = "word ".repeat(5000);
        let pieces = body_pieces(&text, 0..text.len());
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
        for (_, range) in body_pieces(&text, 0..text.len()) {
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
    }

    #[test]
    fn blank_lines_are_kept() {
        let kinds: Vec<PieceKind> = body_pieces("a\n\nb\r\n", 0..6)
            .into_iter()
            .map(|p| p.0)
            .collect();
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
        view.refresh(0, &a, 40, BidiMode::App, &Arc::default());
        let lines = view.lines(0..view.total(), &a);
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
        assert_eq!(lines[1].1.visual_text(), "no round · 2017-05-04 · a1");
        assert_eq!(lines[4].1.visual_text(), "second line");
    }

    #[test]
    fn blank_lines_inside_the_text_become_empty_display_lines() {
        let a = article("T", "one\n\ntwo");
        let mut view = ArticleView::default();
        view.refresh(0, &a, 40, BidiMode::App, &Arc::default());
        let body: Vec<String> = view
            .lines(3..view.total(), &a)
            .iter()
            .map(|(_, l)| l.visual_text())
            .collect();
        assert_eq!(body, ["one", "", "two"]);
    }

    #[test]
    fn a_title_taken_from_the_text_is_shown_once_as_the_heading() {
        let mut a = article("First line", "\nFirst line\n\nThe body.");
        a.title_is_separate = false;
        let mut view = ArticleView::default();
        view.refresh(0, &a, 40, BidiMode::App, &Arc::default());
        let lines: Vec<(PieceKind, String)> = view
            .lines(0..view.total(), &a)
            .iter()
            .map(|(k, l)| (*k, l.visual_text()))
            .collect();
        let texts: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["First line", "no round · 2017-05-04 · a1", "", "The body."]
        );
        assert_eq!(lines[0].0, PieceKind::Title);
        // Mentions in the heading line point into the text.
        assert_eq!(view.line_of(Field::Text, 1, &a), Some(0));
        assert_eq!(
            view.line_of(Field::Text, a.text.find("body").unwrap(), &a),
            Some(3)
        );
    }

    #[test]
    fn line_of_finds_the_wrapped_line_of_an_offset() {
        let text = "aaaa bbbb cccc dddd";
        let a = article("T", text);
        let mut view = ArticleView::default();
        view.refresh(0, &a, 5, BidiMode::App, &Arc::default());
        let d = text.find("dddd").unwrap();
        let line = view.line_of(Field::Text, d, &a).unwrap();
        assert!(
            view.lines(line..line + 1, &a)[0]
                .1
                .visual_text()
                .contains("dddd")
        );
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
        view.refresh(0, &a, 40, BidiMode::App, &Arc::new(highlights));
        let lines = view.lines(0..view.total(), &a);
        let tagged: Vec<&str> = lines
            .iter()
            .flat_map(|(_, l)| l.runs.iter())
            .filter(|r| r.tags != 0)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(tagged, ["three"]);
    }

    #[test]
    fn only_what_is_on_screen_is_laid_out() {
        let text = "كلمة ".repeat(200_000);
        let a = article("T", &text);
        let mut view = ArticleView::default();
        view.refresh(0, &a, 80, BidiMode::App, &Arc::default());
        let shown = view.lines(0..30, &a);
        assert_eq!(shown.len(), 30);
        let laid = view.pieces.iter().filter(|p| p.lines.is_some()).count();
        assert!(laid <= 4, "{laid} of {} pieces laid out", view.pieces.len());
        let bottom = view.bottom(30, &a);
        let last = view.lines(bottom..bottom + 30, &a);
        assert_eq!(last.len(), 30, "the last screen is full");
        assert_eq!(view.total(), bottom + 30);
    }

    #[test]
    fn new_highlights_lay_out_again_only_the_pieces_they_touch() {
        let text = (0..50)
            .map(|i| format!("line {i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let a = article("T", &text);
        let mut view = ArticleView::default();
        view.refresh(0, &a, 80, BidiMode::App, &Arc::default());
        view.lines(0..view.total(), &a);
        let at = text.find("line 7").unwrap();
        let highlights = Highlights {
            title: Vec::new(),
            body: vec![StyleSpan {
                range: at..at + 4,
                tag: 0,
            }],
        };
        view.refresh(0, &a, 80, BidiMode::App, &Arc::new(highlights));
        let stale = view.pieces.iter().filter(|p| p.lines.is_none()).count();
        assert_eq!(stale, 1);
    }
}
