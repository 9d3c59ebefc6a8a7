//! Words that aggregators glued together by losing a space: «إيرانوتركيا»,
//! «والجامعةالعربية», «فيإدلب», «لافروفوجاويش أوغلو». A word the gazetteer
//! does not know is cut where a known name's first word ends (before «و»
//! or «ال», or after «ة»), or after a preposition or place word listed in
//! data/rules.toml `glued_words` («فيإدلب», «ريفإدلب»), and the
//! gazetteer is matched on the word with the space put back; each name
//! found gets a mention inside the glued word.

use super::phrases::{Doc, is_tight};
use super::rules::Claim;
use super::{Field, Found, Inner, mention_at};
use crate::text::normalize::clitic_variants;
use std::ops::Range;
use std::sync::Arc;

/// Only words this long (key bytes, five Arabic letters) may be two glued.
const MIN_GLUED: usize = 10;
/// Two names glued are this long at least (eight letters): «دمشقوحمص».
const MIN_PAIR: usize = 16;
/// Words after the glued one that a name starting in it may run into.
const RUN_ON: usize = 2;

/// A piece of the rebuilt text and where it comes from in the original.
struct Piece {
    rebuilt: usize,
    original: usize,
    len: usize,
}

impl Inner {
    /// Word `i` (which the gazetteer did not match) as two glued words:
    /// adds the names found in it, marks the words they cover in
    /// `claims`, and returns the word after them; None when it is no
    /// glued pair.
    #[inline]
    pub(super) fn glued(
        &self,
        doc: &Doc,
        field: Field,
        i: usize,
        claims: &mut [Option<Claim>],
        found: &mut Found,
    ) -> Option<usize> {
        // Most words are shorter, or end like no name's word, or are
        // shorter than two names and start with no glued word: they cost
        // a few bit tests and no call.
        if doc.word_ranges[i].len() < MIN_GLUED || !doc.ends_like_name_word(i) {
            return None;
        }
        let word = doc.word(i);
        if word.len() < MIN_PAIR && !self.may_start_glued(word) {
            return None;
        }
        let cut = self.glued_cut(word)?;
        self.split_glued(doc, field, i, cut, claims, found)
    }

    /// [`Inner::glued`] for word `i` cut `cut` bytes in (the rare case).
    #[inline(never)]
    fn split_glued(
        &self,
        doc: &Doc,
        field: Field,
        i: usize,
        cut: usize,
        claims: &mut [Option<Claim>],
        found: &mut Found,
    ) -> Option<usize> {
        let key_start = doc.word_ranges[i].start;
        let token = doc.words_range(i, i + 1);
        let cut_at = doc.original_range(key_start + cut..key_start + cut).start;
        if cut_at <= token.start || cut_at >= token.end {
            return None;
        }
        // The word with the space put back, and the words after it.
        let mut rebuilt = String::new();
        let mut pieces = Vec::new();
        let mut push = |rebuilt: &mut String, original: Range<usize>| {
            if !rebuilt.is_empty() {
                rebuilt.push(' ');
            }
            pieces.push(Piece {
                rebuilt: rebuilt.len(),
                original: original.start,
                len: original.len(),
            });
            rebuilt.push_str(&doc.original[original]);
        };
        push(&mut rebuilt, token.start..cut_at);
        push(&mut rebuilt, cut_at..token.end);
        let mut after = i + 1;
        while after < doc.len() && after <= i + RUN_ON && is_tight(doc.gap_before(after)) {
            push(&mut rebuilt, doc.words_range(after, after + 1));
            after += 1;
        }
        let mini = Doc::window(&rebuilt, 0..rebuilt.len(), Some(&self.vocabulary));
        let to_original = |at: usize, end: bool| {
            pieces
                .iter()
                .find(|p| {
                    if end {
                        at > p.rebuilt && at <= p.rebuilt + p.len
                    } else {
                        at >= p.rebuilt && at < p.rebuilt + p.len
                    }
                })
                .map(|p| p.original + (at - p.rebuilt))
        };
        let mut next = None;
        let mut j = 0;
        while j < mini.len() {
            let hit = self.gazetteer.phrases.longest_where(&mini, j, |m| {
                !m.value.ambiguous && !self.vetoed(&mini, m.value.entry, m.end)
            });
            let Some(m) = hit else {
                j += 1;
                continue;
            };
            let range = mini.original_range(m.key_range(&mini));
            // Only names that start inside the glued word: the words after
            // it are read as usual.
            if range.start >= pieces[1].rebuilt + pieces[1].len {
                break;
            }
            let (Some(start), Some(end)) = (
                to_original(range.start, false),
                to_original(range.end, true),
            ) else {
                j = m.end;
                continue;
            };
            let entry = m.value.entry;
            let e = &self.entries[entry];
            found.add(
                e.kind,
                &e.key,
                || Arc::clone(&self.shared[entry]),
                None,
                mention_at(doc.original, field, start..end),
            );
            // The text's words the name covers: the glued word holds the
            // first two words rebuilt, each later one is a word of its own.
            let last_word = i + (m.end - 1).saturating_sub(1);
            let claim = Claim {
                kind: e.kind,
                entry,
                end: last_word + 1,
            };
            claims[i..=last_word].fill(Some(claim));
            next = Some(next.unwrap_or(i + 1).max(last_word + 1));
            j = m.end;
        }
        next
    }

    /// Where `word` (a normalized word) may be two words glued: before an
    /// inner «و» or «ال», or after an inner «ة» (ه in the key), when the
    /// part before starts a name; or after a glued preposition or place
    /// word («فيإدلب», «ريفإدلب») when the part after starts one. Read on
    /// the bytes (every Arabic letter is two): the loader asks this of
    /// every long word no name matched that ends like a name's word (the
    /// part after the cut is one, and ends the glued word) and, shorter
    /// than two names, starts with a glued word.
    #[inline(never)]
    fn glued_cut(&self, word: &str) -> Option<usize> {
        let bytes = word.as_bytes();
        if !bytes.len().is_multiple_of(2) || bytes.iter().any(u8::is_ascii) {
            return None;
        }
        let starts_name = |part: &str| {
            self.vocabulary.may_hold(part)
                && clitic_variants(part)
                    .into_iter()
                    .any(|form| self.gazetteer.phrases.starts_with_word(form))
        };
        if bytes.len() >= MIN_PAIR {
            // Three letters at least on each side; the part after the cut
            // (without its «و») is a word of some name, the part before
            // starts one.
            // و is D9 88, ا D8 A7, ل D9 84, ه D9 87.
            for at in (6..=bytes.len() - 6).step_by(2) {
                let (next, before) = ([bytes[at], bytes[at + 1]], [bytes[at - 2], bytes[at - 1]]);
                let right = if next == [0xD9, 0x88] {
                    &word[at + "و".len()..]
                } else if (next == [0xD8, 0xA7]
                    && bytes[at + 2..at + 4] == [0xD9, 0x84]
                    && bytes.len() - at > 8)
                    || before == [0xD9, 0x87]
                {
                    &word[at..]
                } else {
                    continue;
                };
                if self.name_words.contains(right) && starts_name(&word[..at]) {
                    return Some(at);
                }
            }
        }
        if !self.may_start_glued(word) {
            return None;
        }
        let first = bytes.first_chunk::<4>()?;
        self.glued_words
            .iter()
            .filter(|glued| {
                glued.as_bytes().first_chunk::<4>() == Some(first)
                    && bytes.len() >= glued.len() + 6
                    && word.starts_with(glued.as_str())
            })
            .map(String::len)
            .find(|&at| starts_name(&word[at..]))
    }

    /// `word` may start with a glued word: bit tests on its first two
    /// letters (for glued words of two letters: في، من) and its first
    /// three (for longer ones: إلى، ريف…; «الـ» alone says nothing).
    #[inline]
    fn may_start_glued(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let bit = |n: usize| self.glued_starts[n / 64] & (1 << (n % 64)) != 0;
        bytes.get(..4).is_some_and(|b| bit(glued_start_bit(b)))
            || bytes.get(..6).is_some_and(|b| bit(glued_start_bit(b)))
    }
}

/// A 16-bit hash of the first letters of a glued word: its first two
/// letters (four bytes) when it has two, else its first three (six).
#[inline]
pub(super) fn glued_start_bit(first: &[u8]) -> usize {
    let mut bytes = [0u8; 8];
    bytes[..first.len().min(8)].copy_from_slice(&first[..first.len().min(8)]);
    (u64::from_le_bytes(bytes).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}
