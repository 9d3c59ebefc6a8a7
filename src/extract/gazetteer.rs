//! The gazetteer: entities known by name, read from TOML (the built-in
//! data/gazetteer.toml, and the user's `--gazetteer FILE` merged over it),
//! compiled into a [`PhraseMap`] keyed by first word.

use super::phrases::{Doc, PhraseMap, Vocabulary};
use super::{EntityKind, GazetteerEntry, Guarantor};
use crate::text::normalize::{is_word_char, normalize};
use foldhash::HashMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub(super) const BUILTIN: &str = include_str!("../../data/gazetteer.toml");

/// A gazetteer file that cannot be used. The message names the file.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The message is the path; the I/O error is the source (shown after
    /// it by `{:#}`).
    #[error("{}", .path.display())]
    Read {
        path: PathBuf,
        source: crate::input_file::InputError,
    },
    #[error("{}: {message}", .path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: entity {key:?}: {message}", .path.display())]
    Invalid {
        path: PathBuf,
        key: String,
        message: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    #[serde(default)]
    entity: Vec<EntityTable>,
}

/// One `[[entity]]` table: a [`GazetteerEntry`] plus the spellings that
/// need context.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityTable {
    kind: EntityKind,
    key: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    arabic: Vec<String>,
    #[serde(default)]
    cue_only: bool,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    ambiguous: Vec<String>,
}

/// An entry as listed in a gazetteer file.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    pub entry: GazetteerEntry,
    /// Spellings (among `entry.arabic`) that are also ordinary words.
    pub ambiguous: Vec<String>,
}

/// Parses gazetteer TOML; `path` is only used in error messages.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Vec<Listed>, GazetteerError> {
    let file: GazetteerFile = toml::from_str(text).map_err(|e| GazetteerError::Parse {
        path: path.to_path_buf(),
        message: e.message().to_string() + &line_of(text, e.span()),
    })?;
    let mut listed = Vec::with_capacity(file.entity.len());
    for t in file.entity {
        let l = Listed {
            entry: GazetteerEntry {
                kind: t.kind,
                key: normal_key(&t.key),
                name: t.name,
                aliases: t.aliases,
                arabic: t.arabic,
                cue_only: t.cue_only,
                not_before: t.not_before,
            },
            ambiguous: t.ambiguous,
        };
        validate(&l).map_err(|message| GazetteerError::Invalid {
            path: path.to_path_buf(),
            key: l.entry.key.clone(),
            message,
        })?;
        listed.push(l);
    }
    Ok(listed)
}

/// " (line N)" for an error span, so one line says where the mistake is.
fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!(" (line {line})")
        }
        None => String::new(),
    }
}

/// A key as the program uses it: one word, its spaces (`zaid bin amr`)
/// made hyphens (`zaid-bin-amr`, the way keys are written).
fn normal_key(key: &str) -> String {
    key.split_whitespace().collect::<Vec<_>>().join("-")
}

fn validate(listed: &Listed) -> Result<(), String> {
    let entry = &listed.entry;
    if entry.key.trim().is_empty() {
        return Err("the key is empty".into());
    }
    // A filter term names the entity by the words of its key.
    if crate::text::normalize::tokens(&normalize(&entry.key))
        .next()
        .is_none()
    {
        return Err("the key has no letter or digit".into());
    }
    if entry.key.starts_with("ar:") {
        return Err("keys starting with \"ar:\" are kept for names found by rules".into());
    }
    match entry.kind {
        EntityKind::Round | EntityKind::Date => {
            return Err(format!(
                "kind {} is found by rules, not listed",
                entry.kind.as_str()
            ));
        }
        EntityKind::Guarantor if Guarantor::from_key(&entry.key).is_none() => {
            return Err("a guarantor's key is iran, russia or turkey".into());
        }
        _ => {}
    }
    if entry.arabic.iter().all(|a| normalize(a).trim().is_empty()) {
        return Err("no Arabic spelling".into());
    }
    if let Some(a) = listed.ambiguous.iter().find(|a| !entry.arabic.contains(a)) {
        return Err(format!(
            "ambiguous spelling {a:?} is not one of its arabic spellings"
        ));
    }
    Ok(())
}

/// The built-in entries.
pub(crate) fn builtin_entries() -> Vec<Listed> {
    // The built-in file is part of the source; a mistake in it is a bug
    // that the unit tests catch.
    parse(BUILTIN, Path::new("data/gazetteer.toml")).expect("data/gazetteer.toml is valid")
}

/// Merges `user` over `base`: an entry with a known kind and key replaces
/// the name and adds its spellings and aliases (its first spelling becomes
/// the canonical one); an entry with a known key but another kind replaces
/// the old entry; others are added. Linear: entries are found by key in a
/// map, lists joined through a set.
pub(crate) fn merge(base: &mut Vec<Listed>, user: Vec<Listed>) {
    let mut by_key: HashMap<String, usize> = base
        .iter()
        .enumerate()
        .map(|(i, l)| (l.entry.key.clone(), i))
        .collect();
    for listed in user {
        let Listed { entry, ambiguous } = listed;
        let Some(&at) = by_key.get(&entry.key) else {
            by_key.insert(entry.key.clone(), base.len());
            base.push(Listed { entry, ambiguous });
            continue;
        };
        let Listed {
            entry: old,
            ambiguous: old_ambiguous,
        } = &mut base[at];
        if old.kind != entry.kind {
            base[at] = Listed { entry, ambiguous };
            continue;
        }
        old.arabic = joined(entry.arabic, std::mem::take(&mut old.arabic));
        old.aliases = joined(entry.aliases, std::mem::take(&mut old.aliases));
        old.not_before = joined(std::mem::take(&mut old.not_before), entry.not_before);
        *old_ambiguous = joined(std::mem::take(old_ambiguous), ambiguous);
        old.name = entry.name;
        old.cue_only |= entry.cue_only;
    }
}

/// `first`, then what of `then` is not in it yet, in order.
fn joined(mut first: Vec<String>, then: Vec<String>) -> Vec<String> {
    let mut seen: std::collections::HashSet<String> = first.iter().cloned().collect();
    for item in then {
        if seen.insert(item.clone()) {
            first.push(item);
        }
    }
    first
}

/// A spelling of an entry, as compiled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spelling {
    pub entry: usize,
    /// Listed in the entry's `ambiguous`: needs context.
    pub ambiguous: bool,
}

/// The compiled gazetteer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    pub phrases: PhraseMap<Spelling>,
    /// Consonant skeleton of a distinctive surname → person entry.
    skeletons: HashMap<String, usize>,
    /// The first and last letters of those skeletons (see [`letter_pair`]):
    /// most long words are ruled out without computing a skeleton.
    skeleton_ends: Box<[u64]>,
    /// Normalized words that veto a match right after it, per entry.
    pub not_before: Vec<Vec<String>>,
}

impl Compiled {
    pub fn new(entries: &[GazetteerEntry], ambiguous: &[Vec<String>]) -> Compiled {
        let mut phrases = PhraseMap::default();
        let mut skeletons: HashMap<String, Option<usize>> = HashMap::default();
        for (n, entry) in entries.iter().enumerate() {
            for arabic in &entry.arabic {
                let ambiguous = ambiguous[n].contains(arabic);
                phrases.insert(
                    arabic,
                    Spelling {
                        entry: n,
                        ambiguous,
                    },
                );
                let key = normalize(arabic);
                let single = key.split_whitespace().count() == 1;
                if entry.kind == EntityKind::Person
                    && single
                    && let Some(sk) = skeleton(&key)
                {
                    let slot = skeletons.entry(sk).or_insert(Some(n));
                    if *slot != Some(n) {
                        // Two people share it: the skeleton says nothing.
                        *slot = None;
                    }
                }
            }
        }
        let skeletons: HashMap<String, usize> = skeletons
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect();
        let mut skeleton_ends = vec![0u64; LETTER_PAIRS / 64].into_boxed_slice();
        for sk in skeletons.keys() {
            if let (Some(first), Some(last)) = (sk.chars().next(), sk.chars().next_back()) {
                let pair = letter_pair(u32::from(first), u32::from(last));
                skeleton_ends[pair / 64] |= 1 << (pair % 64);
            }
        }
        Compiled {
            phrases,
            skeletons,
            skeleton_ends,
            not_before: entries
                .iter()
                .map(|e| e.not_before.iter().map(|w| normalize(w)).collect())
                .collect(),
        }
    }

    pub fn register(&mut self, v: &mut Vocabulary) {
        v.register(&mut self.phrases);
    }

    /// A person whose listed surname word `i` is a spelling variant of
    /// (same consonant skeleton): لافرينتييف / لافرنتيف. Only words with
    /// clitics other than the article are considered (names take no «ال»).
    /// `scratch` holds the skeletons (asked at most words of every
    /// article, this allocates nothing).
    #[inline]
    pub fn person_by_skeleton(
        &self,
        doc: &Doc,
        i: usize,
        scratch: &mut String,
    ) -> Option<(usize, usize)> {
        // Five consonants and two long vowels: shorter words cannot match
        // (most words; they cost no call).
        if doc.word_ranges[i].len() < 7 * "ل".len() || self.skeletons.is_empty() {
            return None;
        }
        self.long_word_by_skeleton(doc, i, scratch)
    }

    #[inline(never)]
    fn long_word_by_skeleton(
        &self,
        doc: &Doc,
        i: usize,
        scratch: &mut String,
    ) -> Option<(usize, usize)> {
        let word = doc.word(i);
        // Read on the bytes (most long words stop here): a character's
        // low six bits are those of its last byte, and ا و ي are two
        // bytes each.
        let bytes = word.as_bytes();
        // The last letter of a skeleton is the word's last letter other
        // than ا و ي (five letters are kept, so it is not the first).
        let mut end = bytes.len();
        while end >= 2
            && LONG_VOWELS
                .iter()
                .any(|v| bytes[end - 2..end] == *v.as_bytes())
        {
            end -= 2;
        }
        let last = *bytes[..end].last()?;
        // Try the word and the word without a one-letter clitic (و، ب، ل),
        // each only if a listed skeleton has its first and last letters.
        let first_end = utf8_width(bytes[0]);
        let mut starts = [(0, bytes[first_end - 1]); 2];
        let mut tries = 1;
        if ["و", "ب", "ل", "ف"]
            .iter()
            .any(|c| bytes[..first_end] == *c.as_bytes())
            && let Some(&lead) = bytes.get(first_end)
        {
            starts[1] = (first_end, bytes[first_end + utf8_width(lead) - 1]);
            tries = 2;
        }
        for &(strip, lead) in &starts[..tries] {
            let pair = letter_pair(u32::from(lead), u32::from(last));
            if self.skeleton_ends[pair / 64] & (1 << (pair % 64)) == 0 {
                continue;
            }
            // A transliterated surname spells out its vowels: demand at
            // least two long vowels, so Arabic words with the same
            // consonants (زخارف for زاخاروفا) stay out.
            let Some(dropped) = skeleton_into(&word[strip..], scratch) else {
                continue;
            };
            if dropped < 2 {
                continue;
            }
            if let Some(&entry) = self.skeletons.get(scratch.as_str()) {
                // Checked last: it costs more than the rest, and a match
                // is rare.
                return (!doc.is_definite(i)).then_some((entry, strip));
            }
        }
        None
    }
}

/// The consonant skeleton of a normalized word: the first letter, then the
/// letters other than ا و ي, doubled letters once. None when shorter than
/// five letters (too many words would share it).
fn skeleton(word: &str) -> Option<String> {
    let mut out = String::new();
    skeleton_into(word, &mut out).map(|_| out)
}

/// [`skeleton`] written into `out`; returns how many letters it left out.
fn skeleton_into(word: &str, out: &mut String) -> Option<usize> {
    out.clear();
    let mut chars = word.chars();
    let first = chars.next()?;
    if first.is_ascii() || !is_letter(first) {
        return None;
    }
    out.push(first);
    let (mut kept, mut dropped) = (1, 0);
    let mut last = first;
    for c in chars {
        if is_long_vowel(c) || c == last {
            dropped += 1;
            continue;
        }
        out.push(c);
        kept += 1;
        last = c;
    }
    (kept >= 5).then_some(dropped)
}

/// The letters a skeleton leaves out (after its first letter).
const LONG_VOWELS: [&str; 3] = ["ا", "و", "ي"];

fn is_long_vowel(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي')
}

/// How many bytes the UTF-8 character starting with `lead` has.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
    }
}

/// How many (first letter, last letter) pairs [`letter_pair`] tells apart.
const LETTER_PAIRS: usize = 1 << 12;

/// A number for a skeleton's first and last letters: the low six bits of
/// each (distinct for the Arabic letters ء to ي). Either is a code point
/// or the last byte of a character's UTF-8 form (the same low six bits).
fn letter_pair(first: u32, last: u32) -> usize {
    ((first & 63) << 6 | (last & 63)) as usize
}

/// `char::is_alphabetic`, answered directly for the Arabic block (the
/// general Unicode lookup is slow, and the key is mostly Arabic).
fn is_letter(c: char) -> bool {
    match c {
        // The Arabic block's letters and marks, not its digits.
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => false,
        '\u{0600}'..='\u{06FF}' => is_word_char(c),
        _ => c.is_alphabetic(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_gazetteer_parses_and_keys_are_unique() {
        let entries = builtin_entries();
        assert!(entries.len() > 100);
        let mut keys: Vec<&str> = entries.iter().map(|l| l.entry.key.as_str()).collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate keys in data/gazetteer.toml");
    }

    #[test]
    fn letters_are_unicode_letters() {
        for c in ('\0'..='\u{07FF}').chain(['\u{FEFB}', 'é', '٣', '۳']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn skeletons_join_spelling_variants() {
        assert_eq!(
            skeleton(&normalize("لافرنتييف")),
            skeleton(&normalize("لافرينتيف"))
        );
        assert_eq!(skeleton("بوتين"), None);
    }

    #[test]
    fn keys_are_one_word_with_a_letter_or_digit() {
        let entry = |key: &str| {
            format!(
                "[[entity]]\nkind = \"person\"\nkey = \"{key}\"\nname = \"Z\"\narabic = [\"زيد بن عمرو\"]\n"
            )
        };
        let listed = parse(&entry(" zaid  bin amr "), Path::new("u.toml")).unwrap();
        assert_eq!(listed[0].entry.key, "zaid-bin-amr");
        let err = parse(&entry("--- ***"), Path::new("u.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("the key has no letter or digit"), "{err}");
    }

    #[test]
    fn a_bad_user_entry_is_reported_with_its_key() {
        let text = "[[entity]]\nkind = \"guarantor\"\nkey = \"china\"\nname = \"China\"\narabic = [\"الصين\"]\n";
        let err = parse(text, Path::new("mine.toml")).unwrap_err().to_string();
        assert!(err.starts_with("mine.toml: entity \"china\""), "{err}");
        let err = parse("[[entity]]\nkind = 3\n", Path::new("x.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.toml: ") && err.contains("line"), "{err}");
    }

    #[test]
    fn merging_extends_a_known_key_and_adds_new_ones() {
        let mut base = builtin_entries();
        let user = parse(
            "[[entity]]\nkind = \"person\"\nkey = \"lavrentiev\"\nname = \"A. Lavrentiev\"\narabic = [\"لاورنتيف\"]\n\n\
             [[entity]]\nkind = \"place\"\nkey = \"kafr-nabl\"\nname = \"Kafr Nabl\"\narabic = [\"كفرنبل\", \"كفر نبل\"]\n",
            Path::new("u.toml"),
        )
        .unwrap();
        let n = base.len();
        merge(&mut base, user);
        assert_eq!(base.len(), n + 1);
        let lav = &base
            .iter()
            .find(|l| l.entry.key == "lavrentiev")
            .unwrap()
            .entry;
        assert_eq!(lav.name, "A. Lavrentiev");
        assert_eq!(lav.arabic[0], "لاورنتيف");
        assert!(lav.arabic.iter().any(|a| a == "لافرنتييف"));
    }
}

#[cfg(test)]
mod merge_size_tests {
    use super::*;

    /// `n` user entries of their own keys, each listed twice (the second
    /// time with another spelling, merged into the first).
    pub(crate) fn many_entries(n: usize) -> Vec<Listed> {
        (0..n)
            .map(|i| Listed {
                entry: GazetteerEntry {
                    kind: EntityKind::Place,
                    key: format!("place-{}", i % (n / 2).max(1)),
                    name: format!("Place {i}"),
                    aliases: Vec::new(),
                    arabic: vec![format!("مكان{i}")],
                    cue_only: false,
                    not_before: Vec::new(),
                },
                ambiguous: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_hundred_thousand_user_entries_merge_in_linear_time() {
        let mut base = builtin_entries();
        let n = base.len();
        let started = std::time::Instant::now();
        merge(&mut base, many_entries(100_000));
        // A bound for quadratic blow-ups only (it took 14.7 s in a release
        // build when each entry was searched for in the list).
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(base.len(), n + 50_000);
        let last = base.last().unwrap();
        assert_eq!(last.entry.arabic, ["مكان99999", "مكان49999"]);
    }
}
