//! Known people under a misspelling: «سيرغي لافرون» is Sergei Lavrov,
//! «المبعوث الأممي غير بيدرسوم» Geir Pedersen. Asked only where the rules
//! expect a person (after a title, a verb of saying, in a list of
//! members), never for short names: a word one edit away from a listed
//! spelling (a letter changed, added, dropped, or two letters swapped)
//! counts when the rest of the spelling is exact, and the word has at
//! least four letters (six for a surname written alone), and the whole
//! name at least eight.

use super::phrases::{Doc, is_tight};
use super::{EntityKind, GazetteerEntry};
use crate::text::normalize::{normalize, tokens};
use foldhash::HashMap;

/// The shortest word that may be misspelled inside a longer spelling.
const MIN_WORD: usize = 4;
/// The shortest spelling of one word that may be misspelled.
const MIN_ALONE: usize = 6;
/// The shortest spelling of several words that may be misspelled.
const MIN_NAME: usize = 8;

#[derive(Debug, Clone, Default)]
pub(crate) struct Typos {
    /// People's spellings, as normalized words, with their entry.
    spellings: Vec<(usize, Vec<String>)>,
    /// First word, and it with each letter dropped in turn → spellings
    /// starting with it: one map, so that a written word and its
    /// letter-dropped forms are each looked up once.
    by_first: HashMap<String, Vec<usize>>,
}

/// `word` with each of its letters dropped in turn.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(at, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..at]);
        s.push_str(&word[at + c.len_utf8()..]);
        s
    })
}

/// The optimal-string-alignment distance is exactly one: one letter
/// changed, inserted or dropped, or two neighbours swapped.
fn one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

fn letters(word: &str) -> usize {
    word.chars().count()
}

impl Typos {
    pub fn new(entries: &[GazetteerEntry]) -> Typos {
        let mut typos = Typos::default();
        for (entry, e) in entries.iter().enumerate() {
            if e.kind != EntityKind::Person {
                continue;
            }
            for arabic in &e.arabic {
                let key = normalize(arabic);
                let words: Vec<String> = tokens(&key).map(|(_, w)| w.to_string()).collect();
                let Some(first) = words.first().cloned() else {
                    continue;
                };
                let total: usize = words.iter().map(|w| letters(w)).sum();
                let long_enough = if words.len() == 1 {
                    total >= MIN_ALONE
                } else {
                    total >= MIN_NAME
                };
                if !long_enough {
                    continue;
                }
                let n = typos.spellings.len();
                typos.spellings.push((entry, words));
                for key in std::iter::once(first.clone()).chain(deletions(&first)) {
                    typos.by_first.entry(key).or_default().push(n);
                }
            }
        }
        typos
    }

    /// A known person misspelled in the words starting at `k`: the entry
    /// and the word after the name. The longest spelling wins; two people
    /// that fit equally well give nothing.
    pub fn person_at(&self, doc: &Doc, k: usize) -> Option<(usize, usize)> {
        if k >= doc.len() || self.spellings.is_empty() {
            return None;
        }
        let word = doc.word(k);
        // Written and listed first words are equal, or one edit apart:
        // then one of them, or both, with a letter dropped are equal.
        let mut candidates: Vec<usize> = Vec::new();
        let mut look_up = |key: &str| {
            if let Some(list) = self.by_first.get(key) {
                candidates.extend(list);
            }
        };
        look_up(word);
        // The word with each letter dropped, in one buffer.
        let mut dropped = String::with_capacity(word.len());
        for (at, c) in word.char_indices() {
            dropped.clear();
            dropped.push_str(&word[..at]);
            dropped.push_str(&word[at + c.len_utf8()..]);
            look_up(&dropped);
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, usize, usize)> = None; // (words, entry, end)
        let mut tie = false;
        for &n in &candidates {
            let (entry, words) = &self.spellings[n];
            let end = k + words.len();
            if end > doc.len() || (k + 1..end).any(|w| !is_tight(doc.gap_before(w))) {
                continue;
            }
            let mut edited = 0;
            let mut fits = true;
            for (j, listed) in words.iter().enumerate() {
                let written = doc.word(k + j);
                if written == listed {
                    continue;
                }
                if one_edit(written, listed) && letters(listed) >= MIN_WORD {
                    edited += 1;
                } else {
                    fits = false;
                    break;
                }
            }
            if !fits || edited != 1 || (words.len() == 1 && doc.is_definite(k)) {
                continue;
            }
            match best {
                Some((len, e, _)) if len == words.len() && e != *entry => tie = true,
                Some((len, _, _)) if len >= words.len() => {}
                _ => {
                    best = Some((words.len(), *entry, end));
                    tie = false;
                }
            }
        }
        if tie {
            return None;
        }
        best.map(|(_, entry, end)| (entry, end))
    }
}

#[cfg(test)]
mod tests {
    use super::one_edit;

    #[test]
    fn one_edit_is_one_change_insertion_deletion_or_swap() {
        assert!(one_edit("لافرون", "لافروف"));
        assert!(one_edit("زخاروفا", "زاخاروفا"));
        assert!(one_edit("ميستوار", "ميستورا"));
        assert!(one_edit("لافروفف", "لافروف"));
        assert!(!one_edit("لافروف", "لافروف"));
        assert!(!one_edit("كوزلوف", "لافروف"));
        assert!(!one_edit("ميستارو", "ميستورا"));
    }
}
