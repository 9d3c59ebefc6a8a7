//! Arabic contextual shaping to presentation forms, in logical order.
//!
//! Terminals that draw cells left to right do not join letters, so each
//! letter is replaced by the presentation form (isolated, final, initial,
//! medial) its neighbours call for, and lam + alef by their mandatory
//! ligature. The table is data/arabic_shaping.txt. Shaped text is only for
//! drawing: never search, copy or export it.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;

use super::glyph::{Glyph, grapheme_width};

const ZWJ: char = '\u{200D}';
const ZWNJ: char = '\u{200C}';
const LAM: char = '\u{644}';

/// Joining type (Unicode ArabicShaping.txt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joining {
    /// Dual-joining: connects on both sides.
    Dual,
    /// Right-joining: connects only to the letter before it (alef, dal...).
    Right,
    /// Join-causing: tatweel, ZWJ.
    Causing,
    /// Transparent: combining marks, skipped when looking for neighbours.
    Transparent,
    /// Non-joining.
    None,
}

/// The four presentation forms of a letter, where they exist.
#[derive(Debug, Clone, Copy)]
struct Forms {
    isolated: Option<char>,
    last: Option<char>,
    first: Option<char>,
    middle: Option<char>,
}

struct Table {
    letters: HashMap<char, (Joining, Forms)>,
    /// alef → (isolated ligature, final ligature) for lam + alef.
    lam_alef: HashMap<char, (char, char)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(include_str!("../../../data/arabic_shaping.txt")))
}

fn hex_char(field: &str) -> Option<char> {
    if field == "-" {
        return None;
    }
    u32::from_str_radix(field, 16).ok().and_then(char::from_u32)
}

fn parse_table(source: &str) -> Table {
    let mut letters = HashMap::new();
    let mut lam_alef = HashMap::new();
    for line in source.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["ligature", lam, alef, isolated, last] => {
                let (Some(lam), Some(alef), Some(isolated), Some(last)) = (
                    hex_char(lam),
                    hex_char(alef),
                    hex_char(isolated),
                    hex_char(last),
                ) else {
                    panic!("data/arabic_shaping.txt: bad ligature line {line:?}");
                };
                assert_eq!(
                    lam, LAM,
                    "data/arabic_shaping.txt: ligature must start with lam"
                );
                lam_alef.insert(alef, (isolated, last));
            }
            [letter, kind, isolated, last, first, middle] => {
                let joining = match *kind {
                    "D" => Joining::Dual,
                    "R" => Joining::Right,
                    "C" => Joining::Causing,
                    "U" => Joining::None,
                    other => panic!("data/arabic_shaping.txt: unknown joining type {other}"),
                };
                let letter = hex_char(letter)
                    .unwrap_or_else(|| panic!("data/arabic_shaping.txt: bad line {line:?}"));
                let forms = Forms {
                    isolated: hex_char(isolated),
                    last: hex_char(last),
                    first: hex_char(first),
                    middle: hex_char(middle),
                };
                letters.insert(letter, (joining, forms));
            }
            [] => {}
            _ => panic!("data/arabic_shaping.txt: bad line {line:?}"),
        }
    }
    Table { letters, lam_alef }
}

/// How one glyph joins: its type and the join control it ends with.
#[derive(Debug, Clone, Copy)]
struct Join {
    kind: Joining,
    /// Can connect to the next letter (logical order).
    forward: bool,
    /// Can connect to the previous letter.
    backward: bool,
    /// Ends with ZWJ: joins forward even with nothing joinable after it.
    forced: bool,
}

fn join_of(glyph: &Glyph) -> Join {
    let mut chars = glyph.display.chars();
    let kind = match chars.next() {
        None => Joining::Transparent,
        Some(c) if is_combining_mark(c) => Joining::Transparent,
        Some(c) => table()
            .letters
            .get(&c)
            .map_or(Joining::None, |(kind, _)| *kind),
    };
    let control = chars.rev().find(|c| matches!(*c, ZWJ | ZWNJ));
    let forward = match control {
        Some(ZWJ) => true,
        Some(_) => false,
        None => matches!(kind, Joining::Dual | Joining::Causing),
    };
    Join {
        kind,
        forward,
        backward: matches!(kind, Joining::Dual | Joining::Right | Joining::Causing),
        forced: control == Some(ZWJ) && kind == Joining::Dual,
    }
}

/// Shape `glyphs` (one logical line or paragraph). Returns the shaped
/// glyphs and, for each, the index of the first input glyph it came from
/// (a lam-alef ligature comes from two).
pub(super) fn shape(glyphs: &[Glyph]) -> (Vec<Glyph>, Vec<usize>) {
    let joins: Vec<Join> = glyphs.iter().map(join_of).collect();
    // Nearest non-transparent neighbour on each side.
    let mut prev = vec![None; glyphs.len()];
    let mut last = None;
    for (i, join) in joins.iter().enumerate() {
        prev[i] = last;
        if join.kind != Joining::Transparent {
            last = Some(i);
        }
    }
    let mut next = vec![None; glyphs.len()];
    let mut following = None;
    for (i, join) in joins.iter().enumerate().rev() {
        next[i] = following;
        if join.kind != Joining::Transparent {
            following = Some(i);
        }
    }
    let joins_previous = |i: usize| joins[i].backward && prev[i].is_some_and(|p| joins[p].forward);
    let joins_next = |i: usize| {
        joins[i].forced || (joins[i].forward && next[i].is_some_and(|n| joins[n].backward))
    };

    let table = table();
    let mut out = Vec::with_capacity(glyphs.len());
    let mut origin = Vec::with_capacity(glyphs.len());
    let mut i = 0;
    while i < glyphs.len() {
        let glyph = &glyphs[i];
        // Lam directly followed by an alef (no mark in between, as FriBidi
        // and fonts do): one ligature glyph carrying both letters.
        if glyph.display.len() == LAM.len_utf8()
            && glyph.display.starts_with(LAM)
            && let Some(alef) = glyphs.get(i + 1)
            && let Some(&(isolated, last)) = alef
                .display
                .chars()
                .next()
                .and_then(|a| table.lam_alef.get(&a))
            // Only harakat (or a join control) may ride on the alef:
            // anything else attached to it (a halfwidth sound mark) keeps
            // the letters apart.
            && alef
                .display
                .chars()
                .skip(1)
                .all(|c| is_combining_mark(c) || matches!(c, ZWJ | ZWNJ))
        {
            let form = if joins_previous(i) { last } else { isolated };
            let mut display = String::with_capacity(8);
            display.push(form);
            display.extend(alef.display.chars().skip(1));
            out.push(Glyph {
                source: glyph.source.start..alef.source.end,
                analysis: glyph.analysis,
                width: grapheme_width(&display),
                display,
                tags: glyph.tags | alef.tags,
                level: glyph.level,
                space: false,
            });
            origin.push(i);
            i += 2;
            continue;
        }
        let mut shaped = glyph.clone();
        if let Some(first) = glyph.display.chars().next()
            && let Some((kind, forms)) = table.letters.get(&first)
            // A non-joining letter (hamza) is drawn as itself, as FriBidi does.
            && *kind != Joining::None
        {
            let wanted = match (joins_previous(i), joins_next(i)) {
                (true, true) => [forms.middle, forms.last, forms.isolated],
                (true, false) => [forms.last, forms.isolated, None],
                (false, true) => [forms.first, forms.isolated, None],
                (false, false) => [forms.isolated, None, None],
            };
            if let Some(form) = wanted.into_iter().flatten().next() {
                let mut display = String::with_capacity(glyph.display.len() + 2);
                display.push(form);
                display.push_str(&glyph.display[first.len_utf8()..]);
                shaped.width = grapheme_width(&display);
                shaped.display = display;
            }
        }
        out.push(shaped);
        origin.push(i);
        i += 1;
    }
    (out, origin)
}
