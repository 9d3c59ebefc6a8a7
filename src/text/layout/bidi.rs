//! Reordering with the Unicode Bidi Algorithm. `unicode-bidi` resolves the
//! embedding levels once per paragraph (rules P–I); the line rules are
//! applied here on grapheme clusters rather than characters, because
//! `unicode-bidi` reverses characters (harakat would land before their
//! letter) and skips mirroring (L4).

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

use super::glyph::{Glyph, Paragraph};

/// Rule P2/P3: the paragraph is right-to-left when its first strong
/// character is R or AL. (Isolates are never obeyed here: sanitizing turns
/// them into visible placeholders.)
pub(super) fn first_strong_is_rtl(text: &str) -> bool {
    text.chars()
        .map(bidi_class)
        .find(|class| matches!(class, BidiClass::L | BidiClass::R | BidiClass::AL))
        .is_some_and(|class| class != BidiClass::L)
}

/// Resolve the embedding level of every glyph of the paragraph, reading the
/// whole paragraph (so the direction of neutrals at a line's edge is the
/// paragraph's business, not the line's).
pub(super) fn resolve_levels(paragraph: &mut Paragraph) {
    if paragraph.analysis.is_empty() {
        return;
    }
    let base = if paragraph.rtl {
        Level::rtl()
    } else {
        Level::ltr()
    };
    let info = ParagraphBidiInfo::new(&paragraph.analysis, Some(base));
    for glyph in &mut paragraph.glyphs {
        glyph.level = info.levels[glyph.analysis].number();
    }
}

fn is_line_end_whitespace(glyph: &Glyph) -> bool {
    !glyph.display.is_empty()
        && glyph
            .display
            .chars()
            .all(|c| matches!(bidi_class(c), BidiClass::WS | BidiClass::S | BidiClass::B))
}

/// Put one line's glyphs (logical order, levels resolved) into screen order:
/// rule L1 (trailing whitespace takes the paragraph level), L2 (reverse
/// runs from the highest level down to the lowest odd one, whole grapheme
/// clusters at a time) and L4 (mirror brackets in right-to-left runs).
pub(super) fn reorder_line(glyphs: &mut [Glyph], rtl: bool) {
    let paragraph_level = u8::from(rtl);
    for glyph in glyphs.iter_mut().rev() {
        if !is_line_end_whitespace(glyph) {
            break;
        }
        glyph.level = paragraph_level;
    }
    let Some(highest) = glyphs.iter().map(|g| g.level).max() else {
        return;
    };
    let lowest = glyphs.iter().map(|g| g.level).min().unwrap_or(0);
    let lowest_odd = lowest | 1;
    let mut level = highest;
    while level >= lowest_odd {
        let mut i = 0;
        while i < glyphs.len() {
            if glyphs[i].level >= level {
                let start = i;
                while i < glyphs.len() && glyphs[i].level >= level {
                    i += 1;
                }
                glyphs[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    let mirrors = mirrors();
    for glyph in glyphs.iter_mut().filter(|g| g.level % 2 == 1) {
        let Some(first) = glyph.display.chars().next() else {
            continue;
        };
        if let Some(&mirror) = mirrors.get(&first) {
            let rest = glyph.display[first.len_utf8()..].to_owned();
            glyph.display.clear();
            glyph.display.push(mirror);
            glyph.display.push_str(&rest);
        }
    }
}

/// Mirrored pairs from data/bidi_mirroring.txt, both directions.
fn mirrors() -> &'static HashMap<char, char> {
    static MIRRORS: OnceLock<HashMap<char, char>> = OnceLock::new();
    MIRRORS.get_or_init(|| {
        let mut map = HashMap::new();
        for line in include_str!("../../../data/bidi_mirroring.txt").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let pair: Vec<char> = line
                .split_whitespace()
                .filter_map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
                .collect();
            let [a, b] = pair[..] else {
                panic!("data/bidi_mirroring.txt: bad line {line:?}");
            };
            map.insert(a, b);
            map.insert(b, a);
        }
        map
    })
}
