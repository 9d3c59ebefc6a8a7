//! Display layout of article text for a grid of terminal cells, independent
//! of any terminal library: wrap, reorder (Unicode Bidi Algorithm), shape
//! Arabic, right-align, and carry style spans and a visual↔logical map
//! through all of it. See docs/LAYOUT.md for the pipeline.
//!
//! Two modes: [`BidiMode::App`] does all the right-to-left work here (for
//! terminals that draw cells left to right, like xterm, kitty, tmux);
//! [`BidiMode::Terminal`] shapes, wraps and aligns but leaves the text in
//! logical order for terminals that reorder by themselves (Konsole, Apple
//! Terminal, mlterm when told to).

mod bidi;
mod glyph;
pub use glyph::is_invisible_filler;
mod shape;
mod wrap;

use std::ops::Range;

use glyph::{Glyph, Paragraph};

/// Who reorders right-to-left text: this program or the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BidiMode {
    /// The program reorders, mirrors, shapes and right-aligns; cells are
    /// drawn left to right exactly as laid out.
    App,
    /// Text stays in logical order, shaped (so a lam-alef is one cell for
    /// the program and the terminal alike) and right-aligned like `App`;
    /// the terminal reorders each run of right-to-left text in place.
    Terminal,
}

impl std::fmt::Display for BidiMode {
    /// The name shown in the status line and accepted by `--bidi`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BidiMode::App => "app",
            BidiMode::Terminal => "terminal",
        })
    }
}

/// A styled byte range of the caller's text. `tag` (0..32) is the caller's
/// own meaning (entity kind, query match...); tags of 32 and above are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StyleSpan {
    pub range: Range<usize>,
    pub tag: u8,
}

/// A piece of a display line with one set of tags, in screen order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualRun {
    /// Shaped and sanitized text, ready to draw left to right.
    pub text: String,
    /// Bit `t` is set when a span with tag `t` covers these characters.
    pub tags: u32,
    /// Cells the text takes (the width rule of [`cell_width`]).
    pub width: u16,
}

/// One display line: what to draw, and where each cell came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualLine {
    /// Blank cells before the first run (right-alignment of RTL paragraphs).
    pub indent: u16,
    /// Runs left to right on screen.
    pub runs: Vec<VisualRun>,
    /// Byte range of the input this line shows (including the whitespace
    /// consumed at its wrap point, which takes no cell).
    pub logical: Range<usize>,
    /// Paragraph direction (from the first strong character of the paragraph).
    pub rtl: bool,
    /// The visual↔logical map: one entry per displayed grapheme, in screen
    /// order, cells counted from the line's left edge (indent included).
    map: Vec<CellSpan>,
}

/// One displayed grapheme: the cells it takes and the input bytes it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CellSpan {
    cell: u16,
    width: u16,
    logical: Range<usize>,
}

impl VisualLine {
    /// Cells used: indent plus the runs.
    pub fn width(&self) -> u16 {
        self.indent + self.runs.iter().map(|r| r.width).sum::<u16>()
    }

    /// The text as drawn (runs concatenated, without the indent).
    pub fn visual_text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// First cell of the character containing input byte `byte`, or `None`
    /// when that character is not drawn on this line (another line, the
    /// whitespace consumed at a wrap, a dropped bidi mark, clipped by `…`).
    pub fn cell_of(&self, byte: usize) -> Option<u16> {
        self.map
            .iter()
            .find(|c| c.logical.contains(&byte))
            .map(|c| c.cell)
    }

    /// Input byte where the character drawn at `cell` starts, or `None` for
    /// the indent and cells past the end.
    pub fn logical_of(&self, cell: u16) -> Option<usize> {
        self.map
            .iter()
            .find(|c| c.cell <= cell && cell < c.cell + c.width)
            .map(|c| c.logical.start)
    }

    /// The whole map in screen order: (cells, input bytes) per drawn
    /// grapheme. A lam-alef ligature is one cell for two letters; a
    /// zero-width grapheme has an empty cell range.
    pub fn cell_map(&self) -> impl Iterator<Item = (Range<u16>, Range<usize>)> + '_ {
        self.map
            .iter()
            .map(|c| (c.cell..c.cell + c.width, c.logical.clone()))
    }

    /// Cell ranges (left to right, merged when adjacent) that show any byte
    /// of `logical`: where to put the cursor or scroll for a match.
    pub fn cells_of(&self, logical: Range<usize>) -> Vec<Range<u16>> {
        let mut out: Vec<Range<u16>> = Vec::new();
        for c in &self.map {
            if c.width == 0 || c.logical.start >= logical.end || c.logical.end <= logical.start {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.end == c.cell => last.end = c.cell + c.width,
                _ => out.push(c.cell..c.cell + c.width),
            }
        }
        out
    }
}

/// Cells a string takes on screen: ratatui's rule (unicode-width per
/// grapheme cluster, the way its buffer draws them), applied to the shaped
/// text. One rule everywhere: wrapping, clipping, indent and run widths.
pub fn cell_width(text: &str) -> u16 {
    use unicode_segmentation::UnicodeSegmentation;
    text.graphemes(true)
        .map(glyph::grapheme_width)
        .fold(0u16, u16::saturating_add)
}

/// Lay out `text` (paragraphs separated by `'\n'`, empty ones kept as empty
/// lines) for `width` cells.
pub fn layout_text(text: &str, spans: &[StyleSpan], width: u16, mode: BidiMode) -> Vec<VisualLine> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut pieces = text.split('\n').peekable();
    while let Some(piece) = pieces.next() {
        let mut end = start + piece.len();
        // A Windows line ending is a line ending, not a character to show.
        if piece.ends_with('\r') && pieces.peek().is_some() {
            end -= 1;
        }
        lay_paragraph(text, start..end, spans, width, mode, &mut lines);
        start += piece.len() + 1;
    }
    lines
}

/// Index of the line (in the output of [`layout_text`]) that covers input
/// byte `byte`, for scrolling to a match; `None` for a paragraph-separating
/// newline or a byte past the end.
pub fn line_of(lines: &[VisualLine], byte: usize) -> Option<usize> {
    let index = lines.partition_point(|line| line.logical.end <= byte);
    lines
        .get(index)
        .filter(|line| line.logical.start <= byte)
        .map(|_| index)
}

/// One display line for `text` (a title, a list row): newlines count as
/// spaces; when too wide it is clipped in logical order and ends with `…`,
/// then reordered (App mode) and shaped. RTL text is right-aligned.
pub fn fit_line(text: &str, spans: &[StyleSpan], width: u16, mode: BidiMode) -> VisualLine {
    let whole = Paragraph::build(text, 0..text.len(), spans);
    if width == 0 {
        return empty_line(0..text.len(), whole.rtl);
    }
    let glyphs = shape::shape(&whole.glyphs).0;
    let total: u32 = glyphs.iter().map(|g| u32::from(g.width)).sum();
    if total <= u32::from(width) {
        let rtl = whole.rtl;
        let mut lines = Vec::new();
        lay_glyphs(whole, width, mode, 0..text.len(), &mut lines, false);
        return lines
            .pop()
            .unwrap_or_else(|| empty_line(0..text.len(), rtl));
    }
    // Keep the longest logical prefix that fits with the ellipsis, measured
    // on the shaped text (shaping only ever narrows: lam-alef is 2 → 1).
    let budget = u32::from(width - 1);
    let mut used = 0u32;
    let mut cut = 0;
    for g in &glyphs {
        if used + u32::from(g.width) > budget {
            break;
        }
        used += u32::from(g.width);
        cut = g.source.end;
    }
    // No dangling space before the ellipsis.
    let rtl = whole.rtl;
    let kept = text[..cut].trim_end_matches(glyph::is_break_space);
    let cut = kept.len();
    let mut clipped = Paragraph::build_with_direction(text, 0..cut, spans, rtl);
    clipped.push_ellipsis(cut..text.len(), spans);
    let mut lines = Vec::new();
    lay_glyphs(clipped, width, mode, 0..text.len(), &mut lines, false);
    lines
        .pop()
        .unwrap_or_else(|| empty_line(0..text.len(), rtl))
}

/// One piece of a row that holds several (a status line): laid out like
/// [`fit_line`] but taking only the cells its own text needs, with no
/// alignment, so the caller places the pieces left to right. A
/// right-to-left piece is reordered inside its own cells instead of being
/// pushed to the right edge of `width`.
pub fn fit_segment(text: &str, spans: &[StyleSpan], width: u16, mode: BidiMode) -> VisualLine {
    let mut line = fit_line(text, spans, width, mode);
    let indent = std::mem::take(&mut line.indent);
    for entry in &mut line.map {
        entry.cell -= indent;
    }
    line
}

fn empty_line(logical: Range<usize>, rtl: bool) -> VisualLine {
    VisualLine {
        indent: 0,
        runs: Vec::new(),
        logical,
        rtl,
        map: Vec::new(),
    }
}

fn lay_paragraph(
    text: &str,
    range: Range<usize>,
    spans: &[StyleSpan],
    width: u16,
    mode: BidiMode,
    out: &mut Vec<VisualLine>,
) {
    let paragraph = Paragraph::build(text, range.clone(), spans);
    if width == 0 || paragraph.glyphs.is_empty() {
        out.push(empty_line(range, paragraph.rtl));
        return;
    }
    lay_glyphs(paragraph, width, mode, range, out, true);
}

/// The pipeline after sanitizing: shape, wrap, then per line reshape in
/// logical order, reorder and mirror (App), align and build runs and map.
fn lay_glyphs(
    mut paragraph: Paragraph,
    width: u16,
    mode: BidiMode,
    range: Range<usize>,
    out: &mut Vec<VisualLine>,
    wrap_lines: bool,
) {
    if mode == BidiMode::App {
        bidi::resolve_levels(&mut paragraph);
    }
    // Shaped in both modes: a terminal that reorders but joins letters
    // itself draws lam + alef in one cell, where the program would count
    // two, and its rows would shift; given the presentation forms, it has
    // nothing left to join.
    let (mut glyphs, origin) = shape::shape(&paragraph.glyphs);
    for g in &mut glyphs {
        g.fit_into(width);
    }
    let breaks = if wrap_lines {
        wrap::wrap(&glyphs, width)
    } else {
        vec![wrap::LineBreak {
            glyphs: 0..glyphs.len(),
            shown_end: glyphs.len(),
        }]
    };
    let count = breaks.len();
    for (i, line) in breaks.into_iter().enumerate() {
        let logical_start = if i == 0 {
            range.start
        } else {
            glyphs[line.glyphs.start].source.start
        };
        let logical_end = if i + 1 == count {
            range.end
        } else {
            glyphs[line.glyphs.end - 1].source.end
        };
        // Joining is decided on the logical line: a word broken across
        // lines gets end forms at the break, like a word of its own.
        let from = origin
            .get(line.glyphs.start)
            .copied()
            .unwrap_or(paragraph.glyphs.len());
        let to = if line.shown_end < glyphs.len() {
            origin[line.shown_end]
        } else {
            paragraph.glyphs.len()
        };
        let (mut shown, _) = shape::shape(&paragraph.glyphs[from..to]);
        for g in &mut shown {
            g.fit_into(width);
        }
        if mode == BidiMode::App {
            bidi::reorder_line(&mut shown, paragraph.rtl);
        }
        out.push(assemble(
            shown,
            width,
            paragraph.rtl,
            logical_start..logical_end,
        ));
    }
}

/// Runs and map from glyphs already in screen order.
/// A right-to-left paragraph is right-aligned in both modes: a terminal
/// that reorders reverses the text in place within the row's piece between
/// pane borders (mlterm lays out each such piece left to right), so the
/// blank cells before it stay on the left.
fn assemble(glyphs: Vec<Glyph>, width: u16, rtl: bool, logical: Range<usize>) -> VisualLine {
    let used: u16 = glyphs.iter().map(|g| g.width).sum();
    let indent = if rtl { width.saturating_sub(used) } else { 0 };
    let mut runs: Vec<VisualRun> = Vec::new();
    let mut map = Vec::with_capacity(glyphs.len());
    let mut cell = indent;
    for g in glyphs {
        if g.display.is_empty() {
            continue;
        }
        map.push(CellSpan {
            cell,
            width: g.width,
            logical: g.source.clone(),
        });
        cell += g.width;
        match runs.last_mut() {
            Some(run) if run.tags == g.tags => {
                run.text.push_str(&g.display);
                run.width += g.width;
            }
            _ => runs.push(VisualRun {
                text: g.display,
                tags: g.tags,
                width: g.width,
            }),
        }
    }
    VisualLine {
        indent,
        runs,
        logical,
        rtl,
        map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(text: &str, width: u16) -> Vec<String> {
        layout_text(text, &[], width, BidiMode::App)
            .iter()
            .map(VisualLine::visual_text)
            .collect()
    }

    fn one(text: &str, width: u16) -> VisualLine {
        let mut lines = layout_text(text, &[], width, BidiMode::App);
        assert_eq!(lines.len(), 1, "{text:?} on one line");
        lines.remove(0)
    }

    #[test]
    fn latin_text_is_unchanged_and_wrapped_at_words() {
        assert_eq!(app("the talks in Astana", 10), ["the talks", "in Astana"]);
        let line = one("abc", 10);
        assert_eq!(line.indent, 0);
        assert!(!line.rtl);
    }

    #[test]
    fn arabic_is_shaped_reversed_and_right_aligned() {
        // أستانا: alef-hamza, seen, teh, alef, noon, alef.
        let line = one("أستانا", 10);
        assert!(line.rtl);
        assert_eq!(line.indent, 4);
        assert_eq!(line.width(), 10);
        // Screen order, left to right: final alef, initial noon, final alef,
        // medial teh, initial seen, isolated alef-hamza.
        assert_eq!(
            line.visual_text(),
            "\u{FE8E}\u{FEE7}\u{FE8E}\u{FE98}\u{FEB3}\u{FE83}"
        );
    }

    // Expected strings below are GNU FriBidi's (`fribidi --nopad --rtl`).

    #[test]
    fn numbers_stay_left_to_right_inside_arabic() {
        assert_eq!(
            one("«أستانا 4»", 20).visual_text(),
            "«4 \u{FE8E}\u{FEE7}\u{FE8E}\u{FE98}\u{FEB3}\u{FE83}»"
        );
        assert!(one("القرار ٢٢٥٤", 20).visual_text().starts_with("٢٢٥٤ "));
        assert!(one("القرار 2254", 20).visual_text().starts_with("2254 "));
    }

    #[test]
    fn latin_name_in_parentheses_inside_arabic() {
        assert_eq!(
            one("التقى (Lavrentiev) اليوم", 40).visual_text(),
            "\u{FEE1}\u{FEEE}\u{FEF4}\u{FEDF}\u{FE8D} (Lavrentiev) \u{FEF0}\u{FED8}\u{FE98}\u{FEDF}\u{FE8D}"
        );
    }

    #[test]
    fn bracketed_arabic_phrase_is_mirrored() {
        assert_eq!(
            one("صدر [بيان] اليوم", 40).visual_text(),
            "\u{FEE1}\u{FEEE}\u{FEF4}\u{FEDF}\u{FE8D} [\u{FEE5}\u{FE8E}\u{FEF4}\u{FE91}] \u{FEAD}\u{FEAA}\u{FEBB}"
        );
    }

    #[test]
    fn harakat_stay_on_their_letter() {
        // عَلَى: each fatha follows its letter in screen order too.
        assert_eq!(
            one("عَلَى", 10).visual_text(),
            "\u{FEF0}\u{FEE0}\u{64E}\u{FECB}\u{64E}"
        );
    }

    #[test]
    fn lam_alef_is_one_cell_carrying_both_letters_tags() {
        // سلام: seen, lam, alef, meem → meem, final lam-alef, initial seen.
        let text = "سلام";
        let lam = text.find('ل').unwrap();
        let alef = text.find('ا').unwrap();
        let spans = [
            StyleSpan {
                range: lam..lam + 2,
                tag: 1,
            },
            StyleSpan {
                range: alef..alef + 2,
                tag: 2,
            },
        ];
        let line = &layout_text(text, &spans, 10, BidiMode::App)[0];
        assert_eq!(line.visual_text(), "\u{FEE1}\u{FEFC}\u{FEB3}");
        assert_eq!(line.width(), 10);
        assert_eq!(line.cell_of(lam), Some(8));
        assert_eq!(line.cell_of(alef), Some(8));
        let tagged: Vec<_> = line
            .runs
            .iter()
            .map(|r| (r.text.as_str(), r.tags))
            .collect();
        assert_eq!(
            tagged,
            [("\u{FEE1}", 0), ("\u{FEFC}", 0b110), ("\u{FEB3}", 0)]
        );
    }

    #[test]
    fn join_controls_tatweel_and_persian_letters_shape_as_unicode_says() {
        // ZWNJ keeps two behs apart; ZWJ makes a lone beh take its initial form.
        assert_eq!(
            one("ب\u{200C}ب", 5).visual_text(),
            "\u{FE8F}\u{FE8F}\u{200C}"
        );
        assert_eq!(one("ب\u{200D}", 5).visual_text(), "\u{FE91}\u{200D}");
        // Tatweel joins on both sides.
        assert_eq!(one("بـ", 5).visual_text(), "\u{640}\u{FE91}");
        // Persian peh and farsi yeh from Presentation Forms-A.
        assert_eq!(one("پی", 5).visual_text(), "\u{FBFD}\u{FB58}");
        // Hamza does not join and stays itself.
        assert_eq!(one("ء", 5).visual_text(), "\u{621}");
    }

    #[test]
    fn allah_ligature_is_not_used() {
        let line = one("الله", 10);
        assert_eq!(line.visual_text(), "\u{FEEA}\u{FEE0}\u{FEDF}\u{FE8D}");
        assert!(!line.visual_text().contains('\u{FDF2}'));
    }

    #[test]
    fn paragraph_direction_comes_from_the_paragraph_not_the_line() {
        let lines = layout_text("أستانا talks in Kazakhstan", &[], 12, BidiMode::App);
        assert!(lines.len() >= 2);
        for line in &lines {
            assert!(line.rtl);
            assert_eq!(line.width(), 12, "right-aligned: {line:?}");
        }
        assert_eq!(lines.last().unwrap().visual_text(), "Kazakhstan");
    }

    #[test]
    fn maps_go_both_ways_in_right_to_left_lines() {
        let text = "أب";
        let line = one(text, 5);
        // Alef-hamza is drawn rightmost, beh left of it.
        assert_eq!(line.cell_of(0), Some(4));
        assert_eq!(line.cell_of(2), Some(3));
        assert_eq!(line.logical_of(4), Some(0));
        assert_eq!(line.logical_of(3), Some(2));
        assert_eq!(line.logical_of(0), None, "indent");
        let whole_word = line.cells_of(0..text.len());
        assert_eq!(whole_word.len(), 1, "one contiguous stretch of cells");
        assert_eq!(whole_word[0], 3..5);
    }

    #[test]
    fn a_word_broken_across_lines_gets_end_forms() {
        // Four behs at width 2: each line holds a two-letter piece, shaped
        // as a word of its own (final on the left, initial on the right).
        assert_eq!(app("بببب", 2), ["\u{FE90}\u{FE91}", "\u{FE90}\u{FE91}"]);
    }

    #[test]
    fn long_words_are_broken_and_layout_is_linear() {
        let word = "ب".repeat(100_000);
        let lines = layout_text(&word, &[], 1, BidiMode::App);
        assert_eq!(lines.len(), 100_000);
        assert!(lines.iter().all(|l| l.width() == 1));
        let lines = layout_text(&word, &[], 80, BidiMode::App);
        assert_eq!(lines.len(), 1250);
        let latin = "x".repeat(100_000);
        assert_eq!(
            layout_text(&latin, &[], 7, BidiMode::Terminal).len(),
            14_286
        );
    }

    #[test]
    fn line_of_finds_the_line_showing_a_byte() {
        let text = "one two three\n\nأستانا four";
        let lines = layout_text(text, &[], 8, BidiMode::App);
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert_eq!(line_of(&lines, 0), Some(0));
        assert_eq!(line_of(&lines, text.find("three").unwrap()), Some(1));
        assert_eq!(line_of(&lines, text.find('\n').unwrap()), None);
        assert_eq!(line_of(&lines, text.find("four").unwrap()), Some(4));
        assert_eq!(line_of(&lines, text.len()), None);
        assert_eq!(BidiMode::Terminal.to_string(), "terminal");
    }

    #[test]
    fn control_characters_become_placeholders() {
        assert_eq!(one("a\u{1b}[2Jb", 20).visual_text(), "a\u{241b}[2Jb");
        // An override is shown, not obeyed.
        assert_eq!(one("\u{202E}abc", 20).visual_text(), "\u{25C6}abc");
        // A tab is a space.
        assert_eq!(one("a\tb", 20).visual_text(), "a b");
    }

    #[test]
    fn bidi_marks_steer_the_algorithm_and_are_dropped() {
        let line = one("\u{200F}abc", 10);
        assert!(line.rtl, "RLM makes the paragraph right-to-left");
        assert_eq!(line.visual_text(), "abc");
        assert_eq!(line.indent, 7);
    }

    #[test]
    fn paragraphs_split_on_newlines_and_crlf() {
        assert_eq!(app("a\r\nb\n\nc", 10), ["a", "b", "", "c"]);
        assert_eq!(app("", 10), [""]);
    }

    #[test]
    fn terminal_mode_keeps_logical_order_shaped_and_right_aligned() {
        let lines = layout_text("أستانا 4\u{7}", &[], 20, BidiMode::Terminal);
        let line = &lines[0];
        assert!(line.rtl);
        // Logical order, each letter in the form its neighbours call for.
        assert_eq!(
            line.visual_text(),
            "\u{FE83}\u{FEB3}\u{FE98}\u{FE8E}\u{FEE7}\u{FE8E} 4\u{2407}"
        );
        assert_eq!((line.indent, line.width()), (11, 20));
        assert_eq!(line.cell_of(0), Some(11));
        // Left-to-right text is left alone.
        let latin = &layout_text("Astana", &[], 20, BidiMode::Terminal)[0];
        assert_eq!((latin.indent, latin.visual_text().as_str()), (0, "Astana"));
    }

    #[test]
    fn terminal_mode_draws_lam_alef_as_the_one_cell_the_terminal_gives_it() {
        // بلا: beh, lam, alef. A terminal that joins by itself draws
        // lam + alef in one cell; counted as two, every lam-alef would
        // leave a blank cell and push the pane's border.
        let line = &layout_text("بلا", &[], 10, BidiMode::Terminal)[0];
        assert_eq!(line.visual_text(), "\u{FE91}\u{FEFC}");
        assert_eq!((line.indent, line.width()), (8, 10));
        let map: Vec<_> = line.cell_map().collect();
        assert_eq!(map, [(8..9, 0..2), (9..10, 2..6)]);
        let fitted = fit_line("الاتفاق", &[], 10, BidiMode::Terminal);
        assert_eq!(cell_width(&fitted.visual_text()), 6);
    }

    #[test]
    fn fit_line_clips_in_logical_order_then_reorders() {
        let line = fit_line("محادثات أستانا حول سوريا", &[], 10, BidiMode::App);
        assert!(line.rtl);
        assert_eq!(line.width(), 10);
        let shown = line.visual_text();
        // The ellipsis ends the logical text, so it is drawn leftmost.
        assert!(shown.starts_with('…'), "{shown}");
        let latin = fit_line("Astana talks on Syria", &[], 10, BidiMode::App);
        assert_eq!(latin.visual_text(), "Astana ta…");
        assert_eq!(
            fit_line("short", &[], 10, BidiMode::App).visual_text(),
            "short"
        );
    }

    #[test]
    fn a_segment_takes_only_the_cells_of_its_text() {
        for mode in [BidiMode::App, BidiMode::Terminal] {
            let line = fit_segment("إدلب", &[], 100, mode);
            assert!(line.rtl);
            assert_eq!((line.indent, line.width()), (0, 4), "{mode}");
            assert_eq!(line.cell_of(0), Some(3 * u16::from(mode == BidiMode::App)));
            assert_eq!(
                line.logical_of(0),
                Some(if mode == BidiMode::App { 6 } else { 0 })
            );
        }
        // Clipped like a line.
        let line = fit_segment("محادثات أستانا حول سوريا", &[], 10, BidiMode::App);
        assert_eq!((line.indent, line.width()), (0, 10));
        assert!(line.visual_text().starts_with('…'));
        assert_eq!(fit_segment("abc", &[], 10, BidiMode::App).width(), 3);
    }

    #[test]
    fn widths_follow_the_grapheme_rule() {
        assert_eq!(cell_width("👍🏽"), 2);
        assert_eq!(cell_width("中文"), 4);
        assert_eq!(cell_width("e\u{301}"), 1);
        // Unshaped lam + alef is two cells, as ratatui draws it.
        assert_eq!(cell_width("لا"), 2);
        // A wide character at width 1 cannot be drawn: shown as an ellipsis.
        assert_eq!(app("中", 1), ["…"]);
        // Saturates rather than overflowing on a huge string.
        assert_eq!(cell_width(&"中".repeat(40_000)), u16::MAX);
    }
}
