//! The open article as display lines: title, metadata, then the body, each
//! piece laid out by the layout module for the pane's width.
//!
//! The body is cut into pieces at newlines, and very long lines into chunks
//! of at most [`CHUNK`] bytes. Pieces are laid out only when a line of
//! theirs is wanted (on screen, or the target of a jump); until then their
//! line count is estimated from their length. So opening a 50 MB single-line
//! article lays out a screenful, and a change of highlights (the next match,
//! another entity) lays out again only the pieces whose spans changed.
//!
//! A display line is named across layouts by a [`LinePos`] (its piece and
//! the byte its line starts at), so a selection stays on the same text
//! when the width changes or estimated pieces above it are laid out; and
//! the logical text of any lines is their bytes in the article
//! ([`ArticleView::copy_text`]).

use crate::corpus::Article;
use crate::extract::Field;
use crate::text::layout::{BidiMode, StyleSpan, VisualLine, fit_line, layout_text, line_of};
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
    /// the blank line after it.
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

/// What the article pane shows, laid out by the app's `update` for the
/// pane's size, so that drawing only reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFrame {
    /// The first display line shown.
    pub scroll: usize,
    /// The display lines from `scroll` on, as many as the pane has rows.
    pub lines: Vec<(PieceKind, VisualLine)>,
    /// Display lines in the article (exact near what is shown).
    pub total: usize,
    /// The display lines selected with `v`, if any.
    pub selected: Option<Range<usize>>,
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
    /// The article's bookmark and note as its header shows them.
    marks_label: String,
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

/// A display line by what it shows: the piece, and the byte (relative to
/// the piece) its line starts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinePos {
    piece: usize,
    offset: usize,
}

/// `round 4 · RU TR IR · 2017-05-04 · source · id · url`, from what the
/// article has. The URL comes last: the line is fitted to the pane's width,
/// and what a narrow pane cuts off is the end of the URL.
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
    parts.extend(article.url().map(str::to_string));
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
    /// The mark of the article about to be refreshed; a change lays the
    /// article out again.
    pub fn set_marks_label(&mut self, label: &str) {
        if self.marks_label != label {
            self.marks_label = label.to_string();
            self.key = None;
        }
    }

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
            if !self.marks_label.is_empty() {
                // First, where a narrow pane does not cut it off.
                self.meta = format!("{} · {}", self.marks_label, self.meta);
            }
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
                Field::Title => &*article.title,
                Field::Text => &*article.text,
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
                // Blank lines too point into the text: copying lines
                // across them copies the text between, as it is.
                push(kind, Some(Field::Text), r);
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
                    PieceKind::Blank | PieceKind::Meta => 1,
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
        let lines = match piece.kind {
            // One header line, fitted: a long source or URL ends in `…`
            // instead of pushing the body down.
            PieceKind::Meta => vec![fit_line(text, &spans, key.width, key.mode)],
            _ => layout_text(text, &spans, key.width, key.mode),
        };
        let changed = lines.len() != piece.count;
        piece.count = lines.len();
        piece.lines = Some(lines);
        changed
    }

    /// The piece holding display line `line` (the last one past the end).
    /// Display line `at` with its piece, if that piece is laid out.
    fn laid_out(&self, at: usize) -> Option<(&Piece, &VisualLine)> {
        let i = self.piece_at(at);
        let piece = &self.pieces[i];
        let line = piece.lines.as_ref()?.get(at - self.starts[i])?;
        Some((piece, line))
    }

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
            let Some((piece, line)) = self.laid_out(at) else {
                break;
            };
            out.push((piece.kind, line.clone()));
            at += 1;
        }
        out
    }

    /// What display line `line` shows (the last line for one past the end),
    /// or `None` for an empty view.
    pub fn pos_of(&mut self, line: usize, article: &Article) -> Option<LinePos> {
        if self.total == 0 {
            return None;
        }
        let line = line.min(self.total - 1);
        self.ensure(line..line + 1, article);
        let line = line.min(self.total - 1);
        let piece = self.piece_at(line);
        let lines = self.pieces[piece].lines.as_deref().unwrap_or_default();
        let offset = lines
            .get(line - self.starts[piece])
            .or(lines.last())
            .map_or(0, |l| l.logical.start);
        Some(LinePos { piece, offset })
    }

    /// The display line that shows what `pos` named, at the current width.
    pub fn line_at(&mut self, pos: LinePos, article: &Article) -> usize {
        if pos.piece >= self.pieces.len() {
            return self.total.saturating_sub(1);
        }
        if self.lay_out(pos.piece, article) {
            self.recount();
        }
        let lines = self.pieces[pos.piece].lines.as_deref().unwrap_or_default();
        let within = lines
            .iter()
            .rposition(|l| l.logical.start <= pos.offset)
            .unwrap_or(0);
        self.starts[pos.piece] + within
    }

    /// The logical text of display lines `range`: the article's own bytes
    /// (not the shaped, reordered cells), a wrapped line giving its part of
    /// its paragraph. Lines of one string that follow each other are one
    /// stretch of it, so the line ends and blank lines between them are
    /// the article's; the heading, the metadata line and the body are
    /// joined with newlines, as they are shown.
    pub fn copy_text(&mut self, range: Range<usize>, article: &Article) -> String {
        self.ensure(range.clone(), article);
        // (where the bytes are, their range) per run of lines of one string.
        let mut stretches: Vec<(Option<Field>, Range<usize>)> = Vec::new();
        for at in range.start..range.end.min(self.total) {
            let Some((piece, line)) = self.laid_out(at) else {
                break;
            };
            let base = if piece.source.is_some() {
                piece.range.start
            } else {
                0
            };
            let bytes = base + line.logical.start..base + line.logical.end;
            match stretches.last_mut() {
                Some((source, last)) if piece.source.is_some() && *source == piece.source => {
                    last.end = bytes.end.max(last.end);
                }
                _ => stretches.push((piece.source, bytes)),
            }
        }
        let texts: Vec<&str> = stretches
            .into_iter()
            .map(|(source, bytes)| {
                let whole = match source {
                    Some(Field::Title) => &article.title[..],
                    Some(Field::Text) => &article.text[..],
                    None => self.meta.as_str(),
                };
                // A wrapped line's range ends with the space it was wrapped
                // at, which belongs to no line.
                whole
                    .get(bytes)
                    .unwrap_or_default()
                    .trim_end_matches([' ', '\t'])
            })
            .collect();
        texts.join("\n")
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

    /// The logical text of every display line from `from`, one string per line.
    fn copied_lines(view: &mut ArticleView, a: &Article, range: Range<usize>) -> Vec<String> {
        range.map(|l| view.copy_text(l..l + 1, a)).collect()
    }

    #[test]
    fn copying_lines_gives_the_article_bytes_not_the_cells() {
        let text = "وقعت الدول الضامنة مذكرة تفاهم لإنشاء مناطق خفض التصعيد.\r\n\nوقال لافرنتييف إن إيران ملتزمة.";
        let a = article("T", text);
        let mut view = ArticleView::default();
        view.refresh(0, &a, 20, BidiMode::App, &Arc::default());
        let total = view.total();
        view.lines(0..total, &a);
        let body = 3..view.total();
        // Each wrapped line copies its own part of the paragraph, in
        // logical order (the cells hold reversed presentation forms).
        let parts = copied_lines(&mut view, &a, body.clone());
        assert!(parts.len() > 4, "{parts:?}");
        for (part, line) in parts.iter().zip(view.lines(body.clone(), &a)) {
            assert!(text.contains(part.as_str()), "{part:?}");
            if !part.is_empty() {
                assert_ne!(part, &line.1.visual_text());
            }
        }
        assert_eq!(parts[0], "وقعت الدول الضامنة");
        // The whole body is the text as it is, line ends and blank line
        // included.
        assert_eq!(view.copy_text(body, &a), text);
        // Title, metadata and body are joined as shown.
        let all = view.copy_text(0..view.total(), &a);
        assert_eq!(all, format!("T\nno round · 2017-05-04 · a1\n\n{text}"));
    }

    #[test]
    fn a_title_from_the_text_and_the_body_copy_as_one_stretch() {
        let mut a = article("First line", "First line\nThe body.");
        a.title_is_separate = false;
        let mut view = ArticleView::default();
        view.refresh(0, &a, 40, BidiMode::App, &Arc::default());
        let total = view.total();
        assert_eq!(view.copy_text(0..1, &a), "First line");
        assert_eq!(
            view.copy_text(0..total, &a),
            "First line\nno round · 2017-05-04 · a1\n\nThe body."
        );
        assert_eq!(view.copy_text(3..total, &a), "The body.");
    }

    #[test]
    fn a_line_position_survives_a_new_width() {
        let text = "aaaa bbbb cccc dddd eeee ffff";
        let a = article("T", text);
        let mut view = ArticleView::default();
        view.refresh(0, &a, 10, BidiMode::App, &Arc::default());
        let line = view
            .line_of(Field::Text, text.find("eeee").unwrap(), &a)
            .unwrap();
        let pos = view.pos_of(line, &a).unwrap();
        assert_eq!(view.line_at(pos, &a), line);
        view.refresh(0, &a, 5, BidiMode::App, &Arc::default());
        let now = view.line_at(pos, &a);
        assert_ne!(now, line, "the lines moved");
        assert!(view.copy_text(now..now + 1, &a).starts_with("eeee"));
        // Past the end: the last line.
        let last = view.pos_of(usize::MAX, &a).unwrap();
        assert_eq!(view.line_at(last, &a), view.total() - 1);
    }

    #[test]
    fn the_metadata_line_names_source_and_url_and_is_fitted_to_the_width() {
        let mut a = article("T", "body");
        a.meta = crate::corpus::ArticleMeta {
            date: Some("2017-05-04".into()),
            source: Some("الجزيرة".into()),
            url: Some("https://example.org/\u{1b}[2J/astana-4".into()),
            ..Default::default()
        }
        .boxed();
        let meta = metadata_line(&a);
        assert_eq!(
            meta,
            "no round · 2017-05-04 · الجزيرة · a1 · https://example.org/\u{1b}[2J/astana-4"
        );
        let mut view = ArticleView::default();
        view.refresh(0, &a, 200, BidiMode::App, &Arc::default());
        let wide = view.lines(1..2, &a)[0].1.visual_text();
        assert!(wide.contains("https://example.org/␛[2J/astana-4"), "{wide}");
        view.refresh(0, &a, 30, BidiMode::App, &Arc::default());
        let lines = view.lines(0..view.total(), &a);
        let metas: Vec<String> = lines
            .iter()
            .filter(|(k, _)| *k == PieceKind::Meta)
            .map(|(_, l)| l.visual_text())
            .collect();
        assert_eq!(metas.len(), 1, "one header line: {metas:?}");
        assert!(metas[0].ends_with('…'), "{metas:?}");
        assert!(lines.iter().all(|(_, l)| l.width() <= 30));
        // Copying the header line gives it whole.
        assert_eq!(view.copy_text(1..2, &a), meta);
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
