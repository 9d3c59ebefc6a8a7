//! Entities found in an article, each with the exact byte spans it was
//! found at. Independent of the terminal.

use serde::{Deserialize, Serialize};

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
/// normalized) string named by `field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mention {
    pub field: Field,
    pub start: u32,
    pub end: u32,
}

impl Mention {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// An entity with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    /// Canonical key, e.g. `lavrentiev`, `idlib`, `4` for a round,
    /// `2017-05-04` for a date.
    pub key: String,
    /// Display name, Latin where known.
    pub name: String,
    /// Canonical Arabic form.
    pub arabic: String,
    /// For people: the title that introduced them (وزير الخارجية...).
    pub role: Option<String>,
    /// Every place it was found, in text order (title mentions first).
    pub mentions: Vec<Mention>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// The Astana round the article reports on, if any.
    pub round: Option<u8>,
    /// Guarantors named in the article, sorted.
    pub guarantors: Vec<Guarantor>,
    pub entities: Vec<Entity>,
}

/// One entity the gazetteer knows by name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
}

/// Finds entities in articles. Built once, shared by every loader thread.
#[derive(Debug, Clone, Default)]
pub struct Extractor {
    entries: Vec<GazetteerEntry>,
}

impl Extractor {
    /// The extractor with the built-in gazetteer.
    pub fn builtin() -> Self {
        Extractor::default()
    }

    /// The gazetteer's entries (built-in merged with the user's).
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// Extracts from an article. `title` is given only when the title is a
    /// separate field (JSON records); otherwise it is the text's first line.
    pub fn extract(&self, _title: Option<&str>, _text: &str) -> Extraction {
        Extraction::default()
    }
}
