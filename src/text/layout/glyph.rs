//! The unit that travels through the pipeline: one grapheme cluster of the
//! input, sanitized, with the input bytes it came from and its tags.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::StyleSpan;
use crate::text::sanitize::placeholder;

/// One grapheme on its way to the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Glyph {
    /// Bytes of the caller's text this glyph shows.
    pub source: Range<usize>,
    /// Offset of the glyph's first character in [`Paragraph::analysis`]
    /// (where its bidi level is read).
    pub analysis: usize,
    /// What is drawn: sanitized, later shaped and mirrored. Empty for a
    /// bidi mark that only steers the algorithm.
    pub display: String,
    /// Cells, by [`grapheme_width`] of `display`.
    pub width: u16,
    /// Bitmask of the span tags covering `source`.
    pub tags: u32,
    /// Resolved bidi embedding level (0 until resolved).
    pub level: u8,
    /// A break opportunity for wrapping.
    pub space: bool,
}

impl Glyph {
    fn new(source: Range<usize>, analysis: usize, display: String) -> Glyph {
        let width = if display.is_empty() {
            0
        } else {
            grapheme_width(&display)
        };
        let space = !display.is_empty() && display.chars().all(is_break_space);
        Glyph {
            source,
            analysis,
            display,
            width,
            tags: 0,
            level: 0,
            space,
        }
    }

    /// A grapheme wider than the whole line (a wide character at width 1)
    /// can never be drawn; it is shown as `…` so the line stays in bounds.
    pub fn fit_into(&mut self, width: u16) {
        if self.width > width {
            self.display = "…".to_owned();
            self.width = 1;
        }
    }
}

/// A paragraph (or a single fitted line) ready for shaping and reordering.
#[derive(Debug, Clone)]
pub(super) struct Paragraph {
    /// The text the bidi algorithm reads: sanitized like the display, but
    /// with the bidi marks (LRM, RLM, ALM) still present.
    pub analysis: String,
    pub glyphs: Vec<Glyph>,
    /// Paragraph direction, from its first strong character (rule P2/P3).
    pub rtl: bool,
}

impl Paragraph {
    /// Sanitize `text[range]` into glyphs and tag them with `spans`.
    pub fn build(text: &str, range: Range<usize>, spans: &[StyleSpan]) -> Paragraph {
        let mut paragraph = Paragraph::build_with_direction(text, range, spans, false);
        paragraph.rtl = super::bidi::first_strong_is_rtl(&paragraph.analysis);
        paragraph
    }

    /// Like [`Paragraph::build`] with the direction given (a clipped line
    /// keeps the direction of the whole text).
    pub fn build_with_direction(
        text: &str,
        range: Range<usize>,
        spans: &[StyleSpan],
        rtl: bool,
    ) -> Paragraph {
        let base = range.start;
        let mut analysis = String::with_capacity(range.len());
        let mut glyphs = Vec::new();
        for (offset, grapheme) in text[range].grapheme_indices(true) {
            let start = base + offset;
            let at = analysis.len();
            let display: String = if grapheme == "\r\n" {
                analysis.push(' ');
                " ".to_owned()
            } else {
                let mut display = String::with_capacity(grapheme.len());
                for c in grapheme.chars() {
                    let (shown, read) = sanitize_char(c);
                    analysis.push(read);
                    if let Some(shown) = shown {
                        display.push(shown);
                    }
                }
                display
            };
            glyphs.push(Glyph::new(start..start + grapheme.len(), at, display));
        }
        apply_tags(&mut glyphs, spans);
        Paragraph {
            analysis,
            glyphs,
            rtl,
        }
    }

    /// Append the `…` that stands for the clipped rest (`hidden`) of a
    /// line: it maps to those bytes (the cursor or a match there lands on
    /// it) and carries the tags of the spans hidden behind it.
    pub fn push_ellipsis(&mut self, hidden: Range<usize>, spans: &[StyleSpan]) {
        let at = self.analysis.len();
        self.analysis.push('…');
        let mut ellipsis = [Glyph::new(hidden, at, "…".to_owned())];
        apply_tags(&mut ellipsis, spans);
        let [ellipsis] = ellipsis;
        self.glyphs.push(ellipsis);
    }
}

/// What a character of the input becomes: (drawn, read by the bidi
/// algorithm). Controls become their placeholder (one character each, the
/// bidi embeddings and isolates included, so they are shown, not obeyed);
/// tabs, newlines and line/paragraph separators become spaces; the bidi
/// marks LRM, RLM and ALM are read by the algorithm and then dropped, and
/// so are the invisible fillers (see [`is_invisible_filler`]).
fn sanitize_char(c: char) -> (Option<char>, char) {
    match c {
        '\t' | '\n' | '\u{2028}' | '\u{2029}' => (Some(' '), ' '),
        '\u{200E}' | '\u{200F}' | '\u{061C}' => (None, c),
        _ if is_invisible_filler(c) => (None, c),
        _ => match placeholder(c) {
            Some(p) => (Some(p), p),
            None => (Some(c), c),
        },
    }
}

/// Characters that show nothing but whose width terminals disagree on
/// (the Hangul fillers are 2, 0 or 1 cells by unicode-width, and tmux and
/// others count them otherwise), so a cell drawn for one may stay on
/// screen after the text is gone: they are never emitted, which leaves
/// one width rule for everything that is. Zero-width joiners and
/// variation selectors stay: they belong to the grapheme before them.
pub fn is_invisible_filler(c: char) -> bool {
    matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{180E}' | '\u{200B}' | '\u{2060}'
            ..='\u{2064}' | '\u{FEFF}' | '\u{17B4}' | '\u{17B5}'
    )
}

/// Whitespace a line may break at (not the no-break spaces).
pub(super) fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// Cells of one grapheme cluster, as ratatui's buffer counts them: one for
/// a single byte, otherwise unicode-width of the cluster plus one for each
/// halfwidth katakana sound mark (which terminals draw as a cell).
pub(super) fn grapheme_width(grapheme: &str) -> u16 {
    if grapheme.len() == 1 {
        return 1;
    }
    let marks = grapheme
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count();
    u16::try_from(grapheme.width() + marks).unwrap_or(u16::MAX)
}

/// Set each glyph's tag bits from the spans that overlap its source bytes.
fn apply_tags(glyphs: &mut [Glyph], spans: &[StyleSpan]) {
    for span in spans {
        if span.tag >= 32 || span.range.start >= span.range.end {
            continue;
        }
        let bit = 1u32 << span.tag;
        let first = glyphs.partition_point(|g| g.source.end <= span.range.start);
        for g in &mut glyphs[first..] {
            if g.source.start >= span.range.end {
                break;
            }
            g.tags |= bit;
        }
    }
}
