//! Entities found in an article, each with the exact byte spans it was
//! found at. Independent of the terminal.
//!
//! How: the article is normalized once ([`phrases::Doc`]); the gazetteer
//! (data/gazetteer.toml, plus the user's) is matched word by word with a
//! hash map keyed by first word, the longest name winning at each word;
//! then rules (data/rules.toml, rounds.toml, dates.toml) find people after
//! titles, places after place words, outlets, rounds and dates. See
//! docs/EXTRACTION.md.

mod dates;
mod gazetteer;
mod phrases;
mod round;
mod rules;

pub use dates::full_dates;
pub use gazetteer::GazetteerError;

use crate::text::normalize::{is_arabic_mark, is_word_char};
use crate::text::windows::windows;
use phrases::Doc;
use rules::Claim;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Guarantor,
    Round,
    Person,
    Place,
    Organization,
    Agency,
    Date,
}

impl EntityKind {
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Guarantor,
        EntityKind::Round,
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Organization,
        EntityKind::Agency,
        EntityKind::Date,
    ];

    /// The lower-case English name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Guarantor => "guarantor",
            EntityKind::Round => "round",
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
            EntityKind::Agency => "agency",
            EntityKind::Date => "date",
        }
    }
}

/// The three guarantor states of the Astana format, in key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Guarantor {
    Iran,
    Russia,
    Turkey,
}

impl Guarantor {
    pub const ALL: [Guarantor; 3] = [Guarantor::Iran, Guarantor::Russia, Guarantor::Turkey];

    /// English key: `iran`, `russia`, `turkey`.
    pub fn key(self) -> &'static str {
        match self {
            Guarantor::Iran => "iran",
            Guarantor::Russia => "russia",
            Guarantor::Turkey => "turkey",
        }
    }

    /// Two-letter badge shown in the article list.
    pub fn badge(self) -> &'static str {
        match self {
            Guarantor::Iran => "IR",
            Guarantor::Russia => "RU",
            Guarantor::Turkey => "TR",
        }
    }

    /// Canonical Arabic name.
    pub fn arabic(self) -> &'static str {
        match self {
            Guarantor::Iran => "إيران",
            Guarantor::Russia => "روسيا",
            Guarantor::Turkey => "تركيا",
        }
    }

    pub fn from_key(key: &str) -> Option<Guarantor> {
        Guarantor::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// Which string of the article a mention's offsets point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The article's `text`.
    #[default]
    Text,
    /// The article's separate `title` (JSON records that carry one).
    Title,
}

/// One place an entity was found: a byte range of the original (not
/// normalized) string named by its field. Eight bytes: a 50 MB article can
/// hold two million of them.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mention {
    start: u32,
    /// The end, with the field in the top bit (set: the title).
    end_and_field: u32,
}

impl Mention {
    const TITLE_BIT: u32 = 1 << 31;

    /// A mention of `start..end` of `field`. Offsets are below 2 GiB (the
    /// loader refuses longer articles).
    pub fn new(field: Field, start: u32, end: u32) -> Mention {
        debug_assert!(end < Self::TITLE_BIT, "offsets fit in 31 bits");
        let bit = match field {
            Field::Text => 0,
            Field::Title => Self::TITLE_BIT,
        };
        Mention {
            start,
            end_and_field: end | bit,
        }
    }

    pub fn field(&self) -> Field {
        if self.end_and_field & Self::TITLE_BIT == 0 {
            Field::Text
        } else {
            Field::Title
        }
    }

    pub fn start(&self) -> u32 {
        self.start
    }

    pub fn end(&self) -> u32 {
        self.end_and_field & !Self::TITLE_BIT
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end() as usize
    }
}

impl std::fmt::Debug for Mention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} {}..{}", self.field(), self.start, self.end())
    }
}

/// An entity's mentions, read as a slice: a stretch of one list that all
/// the entities of an article share, so that an article's mentions are one
/// allocation, not one per entity (a hundred thousand articles hold well
/// over a million entities).
#[derive(Clone, Default)]
pub struct Mentions {
    /// None while the entity is being found (no allocation for nothing).
    all: Option<Arc<[Mention]>>,
    start: u32,
    end: u32,
}

impl std::ops::Deref for Mentions {
    type Target = [Mention];

    fn deref(&self) -> &[Mention] {
        match &self.all {
            Some(all) => &all[self.start as usize..self.end as usize],
            None => &[],
        }
    }
}

impl<'a> IntoIterator for &'a Mentions {
    type Item = &'a Mention;
    type IntoIter = std::slice::Iter<'a, Mention>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for Mentions {
    fn eq(&self, other: &Mentions) -> bool {
        **self == **other
    }
}

impl Eq for Mentions {}

impl std::fmt::Debug for Mentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<Vec<Mention>> for Mentions {
    fn from(mentions: Vec<Mention>) -> Mentions {
        let end = mentions.len() as u32;
        Mentions {
            all: Some(mentions.into()),
            start: 0,
            end,
        }
    }
}

/// An entity with its evidence. Millions of these live as long as the
/// corpus, so it is small: its strings are one shared allocation, its
/// mentions part of one list per article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    /// Key, display name and canonical Arabic form (see the methods).
    strings: Arc<EntityStrings>,
    /// For people: the title that introduced them (وزير الخارجية...).
    pub role: Option<Box<str>>,
    /// Every place it was found, in text order (title mentions first).
    pub mentions: Mentions,
}

impl Entity {
    pub fn new(
        kind: EntityKind,
        [key, name, arabic]: [&str; 3],
        role: Option<&str>,
        mentions: Vec<Mention>,
    ) -> Entity {
        Entity {
            kind,
            strings: EntityStrings::new(key, name, arabic),
            role: role.map(Box::from),
            mentions: mentions.into(),
        }
    }

    /// Canonical key, e.g. `lavrentiev`, `idlib`, `4` for a round,
    /// `2017-05-04` for a date.
    pub fn key(&self) -> &str {
        self.strings.key()
    }

    /// Display name, Latin where known.
    pub fn name(&self) -> &str {
        self.strings.name()
    }

    /// Canonical Arabic form.
    pub fn arabic(&self) -> &str {
        self.strings.arabic()
    }
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// The Astana round the article reports on, if any.
    pub round: Option<u8>,
    /// Guarantors named in the article, sorted. (Boxed slices, not
    /// vectors: every article of a corpus keeps one of each.)
    pub guarantors: Box<[Guarantor]>,
    pub entities: Box<[Entity]>,
}

/// One entity the gazetteer knows by name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerEntry {
    pub kind: EntityKind,
    pub key: String,
    /// Display name (Latin).
    pub name: String,
    /// Other Latin names a user may type (exonyms: Damascus, Aleppo...).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Arabic spellings; the first is the canonical form.
    pub arabic: Vec<String>,
    /// Every spelling is also an ordinary word (العربية، الجزيرة، روسيا
    /// اليوم), so it counts only in context (see docs/EXTRACTION.md). The
    /// gazetteer file can also mark single spellings with `ambiguous`.
    #[serde(default)]
    pub cue_only: bool,
    /// Words that, right after the name, make it something else
    /// («القاعدة العسكرية» is a base, not al-Qaeda).
    #[serde(default)]
    pub not_before: Vec<String>,
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
    vocabulary: phrases::Vocabulary,
    gazetteer: gazetteer::Compiled,
    rules: rules::Rules,
    rounds: round::RoundRules,
    dates: dates::DateRules,
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
            .get_or_init(|| Extractor::from_listed(gazetteer::builtin_entries()))
            .clone()
    }

    /// The built-in gazetteer with the user's TOML file merged over it: an
    /// entry with a known key replaces its name and adds its spellings, a
    /// new key adds an entity. The file has the built-in format
    /// (`[[entity]]` tables; see docs/EXTRACTION.md).
    pub fn with_user_gazetteer(path: &Path) -> Result<Extractor, GazetteerError> {
        let text = std::fs::read_to_string(path).map_err(|source| GazetteerError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let user = gazetteer::parse(&text, path)?;
        let mut entries = gazetteer::builtin_entries();
        gazetteer::merge(&mut entries, user);
        Ok(Extractor::from_listed(entries))
    }

    fn from_listed(listed: Vec<gazetteer::Listed>) -> Extractor {
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
        Extractor {
            inner: Arc::new(Inner {
                entries,
                shared,
                vocabulary,
                gazetteer,
                rules,
                rounds,
                dates,
            }),
        }
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
                self.gazetteer.phrases.longest_where(doc, i, |m| {
                    let entry = &self.entries[m.value.entry];
                    (!m.value.ambiguous || self.in_context(doc, entry, m.start, m.end, found))
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
                        i += 1;
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
    ) -> bool {
        let seen = || found.position(entry.kind, &entry.key).is_some();
        match entry.kind {
            EntityKind::Person => self.rules.follows_title(doc, start) || seen(),
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
        let (people, roles) = self.rules.people(doc, claims);
        for role in roles {
            let e = &self.entries[role.entry];
            found.set_role(e.kind, &e.key, role.role);
        }
        let places = self.rules.places(doc, claims);
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

/// The strings of an entity (key, display name, canonical Arabic form)
/// end to end in one allocation, shared by every entity that has them: a
/// gazetteer entity found in a hundred thousand articles is stored once.
#[derive(Debug, PartialEq, Eq)]
struct EntityStrings {
    text: Box<str>,
    name_at: u32,
    arabic_at: u32,
}

impl EntityStrings {
    fn new(key: &str, name: &str, arabic: &str) -> Arc<EntityStrings> {
        Arc::new(EntityStrings {
            text: [key, name, arabic].concat().into(),
            name_at: key.len() as u32,
            arabic_at: (key.len() + name.len()) as u32,
        })
    }

    fn key(&self) -> &str {
        &self.text[..self.name_at as usize]
    }

    fn name(&self) -> &str {
        &self.text[self.name_at as usize..self.arabic_at as usize]
    }

    fn arabic(&self) -> &str {
        &self.text[self.arabic_at as usize..]
    }
}

/// Entities being gathered for one article, found by kind and key.
#[derive(Debug)]
struct Found {
    /// Their mentions are filled in by `finish`.
    entities: Vec<Entity>,
    /// Every mention found, with the index of its entity: `finish` gives
    /// each entity its list in one allocation, instead of each list
    /// growing (and being shrunk) mention by mention.
    mentions: Vec<(u32, Mention)>,
    /// The entities' numbers, by the hash of their kind and key.
    index: hashbrown::HashTable<u32>,
}

fn entity_hash(kind: EntityKind, key: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one((kind as u8, key))
}

impl Found {
    /// Room for the entities and mentions of about this many bytes of text
    /// (the synthetic archive has about one mention per 130 bytes), up to
    /// an article of half a megabyte: growing from empty cost eight
    /// reallocations an article.
    fn with_room_for(bytes: usize) -> Found {
        Found {
            entities: Vec::with_capacity(32),
            mentions: Vec::with_capacity((bytes / 128).clamp(8, 4096)),
            index: hashbrown::HashTable::with_capacity(32),
        }
    }

    /// Room for the mentions of `rest` more bytes of a long text, at the
    /// rate of the `done` bytes found so far: the list then grows once
    /// instead of doubling its way up, and each doubling left its old copy
    /// in the allocator's cache (resident for a while: 25 MB for a 50 MB
    /// article).
    fn expect_more(&mut self, done: usize, rest: usize) {
        let expected = (self.mentions.len() as u128 * rest as u128 / done.max(1) as u128) as usize;
        self.mentions.reserve_exact(expected + expected / 32 + 64);
    }

    fn add(
        &mut self,
        kind: EntityKind,
        key: &str,
        strings: impl FnOnce() -> Arc<EntityStrings>,
        role: Option<String>,
        mention: Mention,
    ) {
        let n = match self.position(kind, key) {
            Some(n) => n,
            None => {
                let strings = strings();
                debug_assert_eq!(strings.key(), key, "an entity is found by its own key");
                self.entities.push(Entity {
                    kind,
                    strings,
                    role: None,
                    mentions: Mentions::default(),
                });
                let n = self.entities.len() - 1;
                let entities = &self.entities;
                self.index
                    .insert_unique(entity_hash(kind, key), n as u32, |&m| {
                        let e = &entities[m as usize];
                        entity_hash(e.kind, e.key())
                    });
                n
            }
        };
        let entity = &mut self.entities[n];
        if entity.role.is_none() {
            entity.role = role.map(String::into_boxed_str);
        }
        // Overlaps (the same words found by two passes) are removed in
        // `finish`, in one pass over sorted mentions: checking each new
        // mention against all earlier ones would be quadratic.
        if mention.start() < mention.end() {
            self.mentions.push((n as u32, mention));
        }
    }

    fn position(&self, kind: EntityKind, key: &str) -> Option<usize> {
        self.index
            .find(entity_hash(kind, key), |&n| {
                let e = &self.entities[n as usize];
                e.kind == kind && e.key() == key
            })
            .map(|&n| n as usize)
    }

    fn set_role(&mut self, kind: EntityKind, key: &str, role: String) {
        if let Some(n) = self.position(kind, key)
            && self.entities[n].role.is_none()
        {
            self.entities[n].role = Some(role.into_boxed_str());
        }
    }

    fn finish(mut self, round: Option<u8>) -> Extraction {
        let order = |m: &Mention| (m.field() != Field::Title, m.start());
        // By entity; then title first, then by start; at one start the
        // longest first. Sorted and thinned in place: a second list would
        // cost as much again for an article of two million mentions.
        self.mentions
            .sort_unstable_by_key(|(n, m)| (*n, order(m), std::cmp::Reverse(m.end())));
        let mut kept = 0;
        let mut kept_end: Option<(u32, Field, u32)> = None;
        for read in 0..self.mentions.len() {
            let (n, m) = self.mentions[read];
            let overlaps = kept_end
                .is_some_and(|(e, field, end)| e == n && field == m.field() && m.start() < end);
            if !overlaps {
                kept_end = Some((n, m.field(), m.end()));
                self.mentions[kept] = (n, m);
                kept += 1;
            }
        }
        self.mentions.truncate(kept);
        // Extractions live as long as the corpus: one allocation of its
        // exact length for all of an article's mentions.
        let all: Option<Arc<[Mention]>> =
            (kept > 0).then(|| self.mentions.iter().map(|&(_, m)| m).collect());
        let mut start = 0;
        for (n, e) in self.entities.iter_mut().enumerate() {
            let end = start + self.mentions[start..].partition_point(|&(m, _)| m as usize == n);
            e.mentions = Mentions {
                all: all.clone(),
                start: start as u32,
                end: end as u32,
            };
            start = end;
        }
        self.entities
            .sort_by_key(|e| (e.kind, e.mentions.first().map(order)));
        let mut guarantors: Vec<Guarantor> = self
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Guarantor)
            .filter_map(|e| Guarantor::from_key(e.key()))
            .collect();
        guarantors.sort();
        guarantors.dedup();
        Extraction {
            round,
            guarantors: guarantors.into(),
            entities: self.entities.into(),
        }
    }
}

#[cfg(test)]
mod tests;
