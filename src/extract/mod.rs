//! Entities found in an article, each with the exact byte spans it was
//! found at. Independent of the terminal.
//!
//! How: the article is normalized once ([`phrases::Doc`]); the gazetteer
//! (data/gazetteer.toml, plus the user's) is matched word by word with a
//! hash map keyed by first word, the longest name winning at each word;
//! then rules (data/rules.toml, rounds.toml, dates.toml) find people after
//! titles, places after place words, outlets, rounds and dates. See
//! docs/EXTRACTION.md.
//!
//! - `model`: what an extraction is (entities, kinds, mentions, guarantors,
//!   gazetteer entries), the public face of this module.
//! - `found`: one article's entities while they are gathered.
//! - `phrases`: the normalized document and phrase lookup every pass uses;
//!   `gazetteer`, `rules`, `round`, `dates`: the passes.

mod dates;
mod found;
mod gazetteer;
mod glued;
mod model;
mod phrases;
mod round;
mod rules;
mod statements;
mod stored;
mod typos;

pub use dates::full_dates;
pub use gazetteer::GazetteerError;
pub use model::{
    Entity, EntityKind, Extraction, Field, GazetteerEntry, Guarantor, Mention, Mentions,
};
pub use round::ordinal_round;
pub use statements::Statement;
pub use stored::{NameTable, StoredError, decode as decode_stored, encode as encode_stored};

/// The first full date (day, month and year) written in `text` in
/// Arabic (`الخميس 4 مايو 2017`, `4 أيار/مايو 2017`), as `2017-05-04`, read
/// with the extractor's date rules: how a date field that is not machine
/// readable (a feed's `pubDate` in Arabic) gets its ISO date.
pub fn full_date_in(text: &str) -> Option<String> {
    static RULES: OnceLock<dates::DateRules> = OnceLock::new();
    let rules = RULES.get_or_init(dates::DateRules::builtin);
    rules
        .find(&Doc::window(text, 0..text.len(), None))
        .into_iter()
        .find(|d| d.year.is_some() && d.month.is_some() && d.day.is_some())
        .map(|d| d.key())
}

use found::Found;
use model::EntityStrings;

use crate::text::normalize::{is_arabic_mark, is_word_char};
use crate::text::stable_hash::{self, fnv1a};
use crate::text::windows::windows;
use phrases::Doc;
use rules::Claim;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Raised when the extractor's code finds other entities than before in
/// the same text with the same data files: stored extractions are then
/// made again (see [`Extractor::fingerprint`]).
pub const EXTRACTOR_VERSION: u32 = 1;

/// The built-in extractor's fingerprint: its version and data files.
fn builtin_fingerprint() -> u64 {
    let mut hash = fnv1a(stable_hash::START, &EXTRACTOR_VERSION.to_le_bytes());
    for data in [
        gazetteer::BUILTIN,
        rules::RULES,
        round::ROUNDS,
        dates::DATES,
    ] {
        hash = fnv1a(hash, data.as_bytes());
        // The lengths too, so that moving text between files changes it.
        hash = fnv1a(hash, &data.len().to_le_bytes());
    }
    hash
}

/// Finds entities in articles. Built once, shared by every loader thread
/// (cloning is cheap).
#[derive(Debug, Clone)]
pub struct Extractor {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    entries: Vec<GazetteerEntry>,
    /// Per entry, the strings its entities share.
    shared: Vec<Arc<EntityStrings>>,
    /// See [`Extractor::fingerprint`].
    fingerprint: u64,
    vocabulary: phrases::Vocabulary,
    gazetteer: gazetteer::Compiled,
    rules: rules::Rules,
    rounds: round::RoundRules,
    dates: dates::DateRules,
    typos: typos::Typos,
    statements: statements::StatementRules,
    /// Bits of the first two letters (four bytes) of each glued word (see
    /// `glued`).
    glued_starts: Box<[u64]>,
    /// Every word of every gazetteer spelling (normalized).
    name_words: foldhash::HashSet<String>,
    /// The glued words of data/rules.toml (normalized).
    glued_words: Vec<String>,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::builtin()
    }
}

impl Extractor {
    /// The extractor with the built-in gazetteer.
    pub fn builtin() -> Self {
        static BUILTIN: OnceLock<Extractor> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Extractor::from_listed(gazetteer::builtin_entries(), builtin_fingerprint())
            })
            .clone()
    }

    /// The built-in gazetteer with the user's TOML file merged over it: an
    /// entry with a known key replaces its name and adds its spellings, a
    /// new key adds an entity. The file has the built-in format
    /// (`[[entity]]` tables; see docs/EXTRACTION.md).
    pub fn with_user_gazetteer(path: &Path) -> Result<Extractor, GazetteerError> {
        Extractor::with_user_gazetteer_capped(path, crate::input_file::MAX_GAZETTEER_BYTES)
    }

    /// [`Extractor::with_user_gazetteer`], reading at most `cap` bytes of
    /// it (a device or a socket is refused, see `input_file`).
    pub fn with_user_gazetteer_capped(path: &Path, cap: u64) -> Result<Extractor, GazetteerError> {
        use crate::input_file::{self, Found, InputError};
        let read_error = |source| GazetteerError::Read {
            path: path.to_path_buf(),
            source,
        };
        let bytes = input_file::read(path, Found::Named, cap).map_err(read_error)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            read_error(InputError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                e.utf8_error(),
            )))
        })?;
        let user = gazetteer::parse(&text, path)?;
        let mut entries = gazetteer::builtin_entries();
        gazetteer::merge(&mut entries, user);
        let fingerprint = fnv1a(builtin_fingerprint(), text.as_bytes());
        Ok(Extractor::from_listed(entries, fingerprint))
    }

    fn from_listed(listed: Vec<gazetteer::Listed>, fingerprint: u64) -> Extractor {
        let (entries, ambiguous): (Vec<GazetteerEntry>, Vec<Vec<String>>) = listed
            .into_iter()
            .map(|l| {
                let ambiguous = if l.entry.cue_only {
                    l.entry.arabic.clone()
                } else {
                    l.ambiguous
                };
                (l.entry, ambiguous)
            })
            .unzip();
        let mut vocabulary = phrases::Vocabulary::default();
        let mut gazetteer = gazetteer::Compiled::new(&entries, &ambiguous);
        let mut rules = rules::Rules::builtin();
        let mut rounds = round::RoundRules::builtin();
        let mut dates = dates::DateRules::builtin();
        gazetteer.register(&mut vocabulary);
        rules.register(&mut vocabulary);
        rounds.register(&mut vocabulary);
        dates.register(&mut vocabulary);
        let shared = entries
            .iter()
            .map(|e| EntityStrings::new(&e.key, &e.name, &e.arabic[0]))
            .collect();
        let typos = typos::Typos::new(&entries);
        let mut name_words = foldhash::HashSet::default();
        for arabic in entries.iter().flat_map(|e| &e.arabic) {
            let key = crate::text::normalize::normalize(arabic);
            for (_, word) in crate::text::normalize::tokens(&key) {
                name_words.insert(word.to_string());
            }
        }
        vocabulary.register_name_words(name_words.iter().map(String::as_str));
        let glued_words: Vec<String> = rules.glued_words.iter().map(str::to_string).collect();
        let mut glued_starts = vec![0u64; 1 << 10].into_boxed_slice();
        for word in rules.glued_words.iter() {
            let bytes = word.as_bytes();
            let first = if bytes.len() <= 4 {
                bytes
            } else {
                &bytes[..bytes.len().min(6)]
            };
            let bit = glued::glued_start_bit(first);
            glued_starts[bit / 64] |= 1 << (bit % 64);
        }
        Extractor {
            inner: Arc::new(Inner {
                entries,
                shared,
                fingerprint,
                vocabulary,
                gazetteer,
                rules,
                rounds,
                dates,
                typos,
                statements: statements::StatementRules::builtin(),
                glued_starts,
                name_words,
                glued_words,
            }),
        }
    }

    /// What an extraction depends on, as a number: the extractor's
    /// [`EXTRACTOR_VERSION`], its data files and the user's gazetteer. An
    /// archive keeps it beside each stored extraction and extracts again
    /// when it differs.
    pub fn fingerprint(&self) -> u64 {
        self.inner.fingerprint
    }

    /// The reported statements of an article's text (see
    /// docs/EXTRACTION.md, *Statements*), given its extraction: each with
    /// its speaker (an index into `extraction.entities`) and the byte span
    /// of the words said. Computed on demand, not while loading.
    pub fn statements(&self, text: &str, extraction: &Extraction) -> Vec<Statement> {
        let x = &*self.inner;
        let mut out = Vec::new();
        let mut last_speaker = None;
        for window in windows(text) {
            let doc = Doc::window(text, window, None);
            x.statements
                .find(&doc, extraction, &mut last_speaker, &mut out);
        }
        out
    }

    /// The gazetteer's entries (built-in merged with the user's).
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.inner.entries
    }

    /// Extracts from an article. `title` is given only when the title is a
    /// separate field (JSON records); otherwise it is the text's first line
    /// and its mentions point into `text`.
    pub fn extract(&self, title: Option<&str>, text: &str) -> Extraction {
        self.extract_with(title, text, |_, _| ())
    }

    /// Extracts, and hands `on_text` the text's search key and its words
    /// (byte ranges in the key) while they exist: the search index is built
    /// from them instead of normalizing every text a second time. A text
    /// longer than [`crate::text::windows::WINDOW_BYTES`] is analysed a window at a time, and
    /// `on_text` is called once per window, in text order.
    pub fn extract_with(
        &self,
        title: Option<&str>,
        text: &str,
        mut on_text: impl FnMut(&str, &[Range<usize>]),
    ) -> Extraction {
        let x = &*self.inner;
        let mut found = Found::with_room_for(title.map_or(0, str::len) + text.len());
        let mut rounds = Vec::new();
        let mut first_round_dated = false;
        let title_piece = title.map(|t| (Field::Title, t, 0..t.len()));
        let text_pieces = windows(text).map(|w| (Field::Text, text, w));
        let mut recurring = Recurring::default();
        for (field, source, window) in title_piece.into_iter().chain(text_pieces) {
            let has_lead = window.start == 0;
            if has_lead {
                // A field's people recur only in that field.
                recurring = Recurring::default();
            }
            let (window_len, rest) = (window.len(), source.len() - window.end);
            let doc = Doc::window(source, window, Some(&x.vocabulary));
            if field == Field::Text {
                on_text(&doc.norm.key, &doc.word_ranges);
            }
            let claims = x.gazetteer_pass(&doc, field, &mut found);
            x.rules_pass(&doc, field, &claims, &mut recurring, &mut found);
            for date in x.dates.find(&doc) {
                first_round_dated |= date.year == Some(x.rounds.first_round.0)
                    && date.month == Some(x.rounds.first_round.1);
                let arabic = &source[doc.original_range(date.range.clone())];
                let key = date.key();
                found.add(
                    EntityKind::Date,
                    &key,
                    || EntityStrings::new(&key, &x.dates.display(&date), arabic),
                    None,
                    mention(&doc, field, date.range.clone()),
                );
            }
            rounds.push(x.rounds.find(&doc, field, has_lead));
            if field == Field::Text && has_lead && rest > 0 {
                found.expect_more(window_len, rest);
            }
        }
        for cue in round::astana_cues(&rounds, first_round_dated) {
            let source = match cue.field {
                Field::Title => title.unwrap_or_default(),
                Field::Text => text,
            };
            let arabic = &source[cue.range.clone()];
            let key = cue.round.to_string();
            found.add(
                EntityKind::Round,
                &key,
                || EntityStrings::new(&key, &format!("Round {}", cue.round), arabic),
                None,
                mention_at(source, cue.field, cue.range.clone()),
            );
        }
        let round = round::reported_round(&rounds, first_round_dated);
        found.finish(round)
    }
}

/// A mention of key range `range` of `doc`. The original range keeps the
/// harakat after the last letter but not the invisible controls (RLM...)
/// that the key dropped there.
fn mention(doc: &Doc, field: Field, range: Range<usize>) -> Mention {
    mention_at(doc.original, field, doc.original_range(range))
}

/// A mention of the original range `r` of `original` (see [`mention`]).
fn mention_at(original: &str, field: Field, r: Range<usize>) -> Mention {
    let text = &original[r.clone()];
    // After the last letter, keep only the marks that follow it directly.
    let mut end = text
        .char_indices()
        .rev()
        .find(|&(_, c)| is_word_char(c) && !is_arabic_mark(c))
        .map_or(0, |(at, c)| at + c.len_utf8());
    end += text[end..]
        .chars()
        .take_while(|&c| is_arabic_mark(c))
        .map(char::len_utf8)
        .sum::<usize>();
    Mention::new(field, r.start as u32, (r.start + end) as u32)
}

/// The people a field has introduced so far (by a title: «وزير الخارجية
/// سيرغي لافروف»), found again where their full name or surname recurs;
/// carried from one window of a long text to the next.
#[derive(Default)]
struct Recurring {
    people: Vec<rules::Found>,
    /// Full names and surnames (normalized), each once, to their person.
    names: phrases::PhraseMap<usize>,
    seen: foldhash::HashSet<String>,
}

impl Inner {
    /// Matches the gazetteer over `doc`, longest name first at each word;
    /// returns which words each match covers, for the rules.
    fn gazetteer_pass(&self, doc: &Doc, field: Field, found: &mut Found) -> Vec<Option<Claim>> {
        let mut claims = vec![None; doc.len()];
        let mut scratch = String::new();
        let mut i = 0;
        while i < doc.len() {
            let hit = if doc.may_start(i) {
                // «بوتين وأردوغان ورئيسي»: a name joined to a person's.
                let after_person = i > 0
                    && claims[i - 1].is_some_and(|c: Claim| c.kind == EntityKind::Person)
                    && doc.word(i).starts_with('و');
                self.gazetteer.phrases.longest_where(doc, i, |m| {
                    let entry = &self.entries[m.value.entry];
                    (!m.value.ambiguous
                        || self.in_context(doc, entry, m.start, m.end, found, after_person))
                        && !self.vetoed(doc, m.value.entry, m.end)
                })
            } else {
                None
            };
            let (entry, range, end) = match hit {
                Some(m) => (m.value.entry, m.key_range(doc), m.end),
                None => match self.gazetteer.person_by_skeleton(doc, i, &mut scratch) {
                    Some((entry, strip)) => {
                        let t = &doc.word_ranges[i];
                        (entry, t.start + strip..t.end, i + 1)
                    }
                    None => {
                        i = self
                            .glued(doc, field, i, &mut claims, found)
                            .unwrap_or(i + 1);
                        continue;
                    }
                },
            };
            let e = &self.entries[entry];
            let claim = Claim {
                kind: e.kind,
                entry,
                end,
            };
            claims[i..end].fill(Some(claim));
            found.add(
                e.kind,
                &e.key,
                || Arc::clone(&self.shared[entry]),
                None,
                mention(doc, field, range),
            );
            i = end;
        }
        claims
    }

    /// Whether an ambiguous spelling at words `start..end` has the context
    /// its kind needs (see docs/EXTRACTION.md).
    fn in_context(
        &self,
        doc: &Doc,
        entry: &GazetteerEntry,
        start: usize,
        end: usize,
        found: &Found,
        after_person: bool,
    ) -> bool {
        let seen = || found.position(entry.kind, &entry.key).is_some();
        match entry.kind {
            EntityKind::Person => {
                self.rules.follows_title(doc, start)
                    || self.rules.follows_person_verb(doc, start)
                    || after_person
                    || seen()
            }
            EntityKind::Place => self.rules.follows_place_word(doc, start) || seen(),
            _ => self.rules.attributed(doc, start, end),
        }
    }

    /// The word after a match is one of its entry's `not_before` words.
    fn vetoed(&self, doc: &Doc, entry: usize, end: usize) -> bool {
        let words = &self.gazetteer.not_before[entry];
        !words.is_empty()
            && end < doc.len()
            && phrases::is_tight(doc.gap_before(end))
            && words.iter().any(|w| w == doc.word(end))
    }

    /// People after titles, places after place words, outlets; a person
    /// found by a title is then found wherever the full name or the
    /// surname recurs.
    fn rules_pass(
        &self,
        doc: &Doc,
        field: Field,
        claims: &[Option<Claim>],
        recurring: &mut Recurring,
        found: &mut Found,
    ) {
        let rules::People {
            found: people,
            roles,
            misspelled,
        } = self.rules.people(doc, claims, &self.typos);
        for role in roles {
            let e = &self.entries[role.entry];
            found.set_role(e.kind, &e.key, role.role);
        }
        for m in misspelled {
            let e = &self.entries[m.entry];
            let range = doc.word_ranges[m.words.start].start..doc.word_ranges[m.words.end - 1].end;
            found.add(
                e.kind,
                &e.key,
                || Arc::clone(&self.shared[m.entry]),
                m.role,
                mention(doc, field, range),
            );
        }
        let mut places = self.rules.places(doc, claims);
        places.extend(self.rules.place_lists(doc, claims));
        let agencies = self.rules.agencies(doc, claims);
        for f in people.iter().chain(&places).chain(&agencies) {
            let range = f.range.clone();
            found.add(
                f.kind,
                &f.key,
                || EntityStrings::new(&f.key, &f.arabic, &f.arabic),
                f.role.clone(),
                mention(doc, field, range),
            );
        }
        // Each distinct name once (an article may introduce the same
        // person many times).
        for person in people {
            let key = &doc.norm.key[person.range.clone()];
            let surname = key
                .split_once(' ')
                .map(|(_, s)| s)
                .filter(|s| s.chars().filter(|c| !c.is_whitespace()).count() >= 4);
            let n = recurring.people.len();
            let mut named = false;
            for name in std::iter::once(key).chain(surname) {
                if !recurring.seen.contains(name) {
                    recurring.seen.insert(name.to_string());
                    recurring.names.insert(name, n);
                    named = true;
                }
            }
            if named {
                recurring.people.push(person);
            }
        }
        if recurring.names.is_empty() {
            return;
        }
        let mut i = 0;
        while i < doc.len() {
            if claims[i].is_some() {
                i += 1;
                continue;
            }
            match recurring.names.longest_at(doc, i) {
                Some(m) if !doc.is_definite(i) || doc.word(i).starts_with("ال") => {
                    let person = &recurring.people[*m.value];
                    let range = m.key_range(doc);
                    found.add(
                        person.kind,
                        &person.key,
                        || EntityStrings::new(&person.key, &person.arabic, &person.arabic),
                        None,
                        mention(doc, field, range),
                    );
                    i = m.end;
                }
                _ => i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests;
