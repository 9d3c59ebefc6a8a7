//! Property tests of the right-to-left layout on Arabic-heavy text: what a
//! user checks on screen (nothing too wide, nothing lost or doubled,
//! highlights on the right cells, Latin text untouched), for any input.

use std::collections::BTreeSet;

use astana::text::layout::{
    BidiMode, StyleSpan, VisualLine, cell_width, fit_line, is_invisible_filler, layout_text,
};
use astana::text::sanitize::placeholder;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Pieces of news text, weighted towards Arabic, with everything that has
/// bitten layouts before: harakat, lam-alef, digits of both kinds, Latin
/// names, brackets and quotes, controls, bidi marks and embeddings, join
/// controls, wide characters, emoji, tabs and newlines.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => proptest::char::range('\u{0621}', '\u{064A}').prop_map(String::from),
        4 => Just(" ".to_owned()),
        2 => proptest::char::range('\u{064B}', '\u{0652}').prop_map(String::from),
        2 => prop::sample::select(vec!["لا", "لأ", "لإ", "لآ", "الله", "ـ", "ى", "ء"]).prop_map(str::to_owned),
        2 => "[a-zA-Z]{1,8}",
        1 => "[0-9]{1,5}",
        1 => proptest::char::range('\u{0660}', '\u{0669}').prop_map(String::from),
        2 => prop::sample::select(vec!["(", ")", "[", "]", "{", "}", "«", "»", "<", ">", "،", "؛", "؟", ".", ",", "\"", "-", "%", "/"]).prop_map(str::to_owned),
        1 => prop::sample::select(vec![
            "\u{1b}[2J", "\t", "\u{7}", "\u{7f}", "\u{9b}", "\u{202E}", "\u{202B}", "\u{2066}", "\u{2069}",
            "\u{200E}", "\u{200F}", "\u{061C}", "\u{200D}", "\u{200C}", "\u{FEFF}", "\u{A0}",
            "\u{115F}", "\u{1160}", "\u{3164}", "\u{FFA0}", "\u{200B}", "\u{2060}",
        ]).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["中文", "👍🏽", "🇸🇾", "e\u{301}", "\u{301}", "ﾞ"]).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["\n", "\r\n", "\n\n", "\r"]).prop_map(str::to_owned),
    ]
}

fn arabic_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|pieces| pieces.concat())
}

/// Spans on character boundaries of `text` (indices picked as fractions).
fn spans_for(text: &str, picks: &[(f64, f64, u8)]) -> Vec<StyleSpan> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    picks
        .iter()
        .map(|&(a, b, tag)| {
            let i = bounds[((bounds.len() - 1) as f64 * a) as usize];
            let j = bounds[((bounds.len() - 1) as f64 * b) as usize];
            StyleSpan {
                range: i.min(j)..i.max(j),
                tag,
            }
        })
        .collect()
}

fn mirror_pairs() -> Vec<(char, char)> {
    include_str!("../data/bidi_mirroring.txt")
        .lines()
        .filter_map(|line| {
            let line = line.split('#').next()?.trim();
            let mut hex = line
                .split_whitespace()
                .map(|h| char::from_u32(u32::from_str_radix(h, 16).ok()?));
            Some((hex.next()??, hex.next()??))
        })
        .collect()
}

/// Characters as compared: compatibility-decomposed (presentation forms
/// and the lam-alef ligature back to letters), mirrored pairs folded,
/// whitespace left out (a wrap consumes it), sorted.
fn folded_chars(text: &str, pairs: &[(char, char)]) -> Vec<char> {
    let mut chars: Vec<char> = text
        .nfkd()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            pairs
                .iter()
                .find(|(a, b)| *a == c || *b == c)
                .map_or(c, |(a, b)| (*a).min(*b))
        })
        .collect();
    chars.sort_unstable();
    chars
}

/// What the input should show, per the documented sanitizing rules:
/// placeholders for controls, spaces for tabs and line breaks, the bidi
/// marks LRM/RLM/ALM and the invisible fillers dropped, and `…` for a
/// grapheme wider than the line.
fn expected_display(text: &str, width: u16) -> String {
    let pieces: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        // "\r\n" is a line break like "\n".
        let paragraph = match piece.strip_suffix('\r') {
            Some(stripped) if i + 1 < pieces.len() => stripped,
            _ => piece,
        };
        for grapheme in paragraph.graphemes(true) {
            let shown: String = grapheme
                .chars()
                .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}'))
                .filter(|&c| !is_invisible_filler(c))
                .map(|c| match c {
                    '\t' | '\u{2028}' | '\u{2029}' => ' ',
                    _ => placeholder(c).unwrap_or(c),
                })
                .collect();
            if cell_width(&shown) > width {
                out.push('…');
            } else {
                out.push_str(&shown);
            }
        }
        out.push(' ');
    }
    out
}

fn drawn(lines: &[VisualLine]) -> String {
    lines.iter().map(VisualLine::visual_text).collect()
}

/// (cell, tags) for every cell the runs cover, left to right.
fn run_cells(line: &VisualLine) -> Vec<(u16, u32)> {
    let mut cells = Vec::new();
    let mut x = line.indent;
    for run in &line.runs {
        for cell in x..x + run.width {
            cells.push((cell, run.tags));
        }
        x += run.width;
    }
    cells
}

fn check_line_geometry(line: &VisualLine, width: u16) -> Result<(), TestCaseError> {
    prop_assert!(
        line.width() <= width,
        "line {} wider than {}",
        line.width(),
        width
    );
    let mut x = line.indent;
    for run in &line.runs {
        prop_assert_eq!(
            run.width,
            cell_width(&run.text),
            "run width rule: {:?}",
            run.text
        );
        prop_assert!(
            !run.text.chars().any(|c| c.is_control()),
            "raw control in {:?}",
            run.text
        );
        prop_assert!(
            !run.text.chars().any(|c| matches!(c,
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')),
            "raw bidi control in {:?}", run.text
        );
        x += run.width;
    }
    // The map tiles exactly the drawn cells, each cell once, and its two
    // directions agree.
    let mut next = line.indent;
    for (cells, bytes) in line.cell_map() {
        prop_assert_eq!(cells.start, next, "map gap or overlap");
        next = cells.end;
        if !cells.is_empty() {
            prop_assert_eq!(line.logical_of(cells.start), Some(bytes.start));
            prop_assert_eq!(line.cell_of(bytes.start), Some(cells.start));
        }
    }
    prop_assert_eq!(next, x, "map covers the runs' cells");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn lines_fit_and_nothing_is_lost_or_doubled(text in arabic_text(), width in 1u16..60) {
        let pairs = mirror_pairs();
        for mode in [BidiMode::App, BidiMode::Terminal] {
            let lines = layout_text(&text, &[], width, mode);
            prop_assert!(lines.len() >= text.split('\n').count(), "a line at least per paragraph");
            for line in &lines {
                check_line_geometry(line, width)?;
            }
            prop_assert_eq!(
                folded_chars(&drawn(&lines), &pairs),
                folded_chars(&expected_display(&text, width), &pairs),
                "mode {:?}", mode
            );
            if mode == BidiMode::Terminal {
                // The terminal reorders: cells must follow logical order,
                // and only a right-to-left paragraph is aligned.
                for line in &lines {
                    if !line.rtl {
                        prop_assert_eq!(line.indent, 0);
                    }
                    let map: Vec<_> = line.cell_map().collect();
                    for pair in map.windows(2) {
                        prop_assert!(pair[0].1.end <= pair[1].1.start, "logical order");
                    }
                }
            }
            // Every drawn grapheme of the input is in exactly one map entry.
            let mut ranges: Vec<std::ops::Range<usize>> =
                lines.iter().flat_map(|l| l.cell_map().map(|(_, b)| b)).collect();
            ranges.sort_by_key(|r| r.start);
            for pair in ranges.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start, "input bytes drawn twice");
            }
            let covered: BTreeSet<usize> = ranges.iter().flat_map(|r| r.clone()).collect();
            for (at, grapheme) in text.grapheme_indices(true) {
                let shown = expected_display(grapheme, width);
                if shown.trim().is_empty() {
                    continue;
                }
                prop_assert!(covered.contains(&at), "grapheme {:?} at {} not drawn", grapheme, at);
            }
        }
    }

    #[test]
    fn spans_cover_exactly_the_cells_of_their_characters(
        text in arabic_text(),
        width in 1u16..50,
        picks in prop::collection::vec((0.0f64..1.0, 0.0f64..1.0, 0u8..34), 0..6),
    ) {
        let spans = spans_for(&text, &picks);
        for mode in [BidiMode::App, BidiMode::Terminal] {
            let mut lines = layout_text(&text, &spans, width, mode);
            lines.push(fit_line(&text, &spans, width, mode));
            for line in &lines {
                let tagged = run_cells(line);
                for (cells, bytes) in line.cell_map() {
                    let mut want = 0u32;
                    for span in &spans {
                        // An empty span covers no character; tags 32+ are ignored.
                        if span.tag < 32
                            && !span.range.is_empty()
                            && span.range.start < bytes.end
                            && bytes.start < span.range.end
                        {
                            want |= 1 << span.tag;
                        }
                    }
                    for cell in cells {
                        let got = tagged.iter().find(|(c, _)| *c == cell).map(|(_, t)| *t);
                        prop_assert_eq!(got, Some(want), "cell {} of bytes {:?}", cell, bytes);
                    }
                }
            }
        }
    }

    #[test]
    fn left_to_right_text_is_unchanged(text in "[a-zA-Z0-9 ,.()\\[\\]'!?-]{0,200}", width in 1u16..80) {
        let lines = layout_text(&text, &[], width, BidiMode::App);
        for line in &lines {
            prop_assert!(!line.rtl);
            prop_assert_eq!(line.indent, 0);
            let shown = line.visual_text();
            let logical = &text[line.logical.clone()];
            prop_assert_eq!(shown.trim_end(), logical.trim_end());
            // Cells and bytes both increase: logical order is visual order.
            let map: Vec<_> = line.cell_map().collect();
            for pair in map.windows(2) {
                prop_assert!(pair[0].1.end <= pair[1].1.start);
            }
        }
        prop_assert_eq!(lines, layout_text(&text, &[], width, BidiMode::Terminal));
    }

    #[test]
    fn fit_line_fits_and_clips_in_logical_order(text in arabic_text(), width in 1u16..40) {
        for mode in [BidiMode::App, BidiMode::Terminal] {
            let line = fit_line(&text, &[], width, mode);
            check_line_geometry(&line, width)?;
            let one_line = text.replace("\r\n", " ").replace('\n', " ");
            let full: u16 = layout_text(&one_line, &[], u16::MAX, mode)
                .iter()
                .map(|l| l.width() - l.indent)
                .sum();
            let clipped = line.visual_text().contains('…') && !text.contains('…');
            prop_assert_eq!(clipped, full > width, "clipped exactly when too wide");
            if clipped {
                // What is drawn is a logical prefix of the text, then the
                // ellipsis standing for the rest.
                let mut map: Vec<_> = line.cell_map().map(|(_, bytes)| bytes).collect();
                map.sort_by_key(|b| b.start);
                let ellipsis = map.pop().expect("the ellipsis is in the map");
                prop_assert_eq!(ellipsis.end, text.len());
                let cut = ellipsis.start;
                let drawn_bytes: usize = map.iter().map(|b| b.len()).sum();
                // Only graphemes of bidi marks and invisible fillers, read
                // and dropped, are not in the map.
                let marks = text[..cut]
                    .graphemes(true)
                    .filter(|g| {
                        g.chars().all(|c| {
                            matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}') || is_invisible_filler(c)
                        })
                    })
                    .map(str::len)
                    .sum::<usize>();
                prop_assert_eq!(drawn_bytes + marks, cut, "a prefix, without holes");
            }
            if line.rtl {
                prop_assert_eq!(line.width(), width, "right-aligned to the last cell");
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>(), width in 0u16..30) {
        for mode in [BidiMode::App, BidiMode::Terminal] {
            for line in layout_text(&text, &[], width, mode) {
                prop_assert!(line.width() <= width);
            }
            prop_assert!(fit_line(&text, &[], width, mode).width() <= width);
        }
    }
}
