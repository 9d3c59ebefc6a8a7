//! The public model of an extraction: entities, their kinds and mentions,
//! guarantors, rounds, and the gazetteer's entries.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

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
    pub(super) start: u32,
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
    pub(super) all: Option<Arc<[Mention]>>,
    pub(super) start: u32,
    pub(super) end: u32,
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
    pub(super) strings: Arc<EntityStrings>,
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

/// The strings of an entity (key, display name, canonical Arabic form)
/// end to end in one allocation, shared by every entity that has them: a
/// gazetteer entity found in a hundred thousand articles is stored once.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct EntityStrings {
    text: Box<str>,
    name_at: u32,
    arabic_at: u32,
}

impl EntityStrings {
    pub(super) fn new(key: &str, name: &str, arabic: &str) -> Arc<EntityStrings> {
        Arc::new(EntityStrings {
            text: [key, name, arabic].concat().into(),
            name_at: key.len() as u32,
            arabic_at: (key.len() + name.len()) as u32,
        })
    }

    pub(super) fn key(&self) -> &str {
        &self.text[..self.name_at as usize]
    }

    pub(super) fn name(&self) -> &str {
        &self.text[self.name_at as usize..self.arabic_at as usize]
    }

    pub(super) fn arabic(&self) -> &str {
        &self.text[self.arabic_at as usize..]
    }
}
