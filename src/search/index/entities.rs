//! The corpus's distinct entities with all their names, and the words of
//! those names as a lexicon of their own.

use super::lexicon::Lexicon;
use super::strings::Strings;
use crate::corpus::Article;
use crate::extract::{EntityKind, GazetteerEntry};
use crate::search::query::entity_value;
use crate::search::words::QueryWord;
use crate::text::normalize::{normalize, tokens};
use rayon::prelude::*;
use std::sync::Arc;

/// One distinct entity (kind and key) with every name it is known by.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct IndexedEntity {
    pub kind: EntityKind,
    /// Its key as a field term's value (`query::entity_value`).
    pub value: Box<str>,
    /// The name and Arabic form it was first found with, for display.
    pub name: Box<str>,
    pub arabic: Box<str>,
    /// Normalized names: Latin name and aliases (lower case), Arabic forms.
    pub names: Vec<String>,
    /// Ascending article numbers.
    pub articles: Vec<u32>,
}

/// The words of every entity's names, each with the entities that have it:
/// a query word is looked up here once instead of in each name.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct EntityWords {
    pub(super) lexicon: Lexicon,
    /// Per word, its entities (numbers in `SearchIndex::entities`):
    /// `entities[starts[w]..starts[w + 1]]`.
    pub(super) starts: Vec<u32>,
    pub(super) entities: Vec<u32>,
}

impl EntityWords {
    pub(super) fn new(entities: &[IndexedEntity]) -> EntityWords {
        let mut pairs: Vec<(&str, u32)> = entities
            .iter()
            .enumerate()
            .flat_map(|(e, entity)| {
                entity
                    .names
                    .iter()
                    .flat_map(move |name| tokens(name).map(move |(_, token)| (token, e as u32)))
            })
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        let mut words: Vec<&str> = Vec::new();
        let mut starts = Vec::new();
        let mut numbers = Vec::with_capacity(pairs.len());
        for &(word, entity) in &pairs {
            if words.last() != Some(&word) {
                words.push(word);
                starts.push(numbers.len() as u32);
            }
            numbers.push(entity);
        }
        starts.push(numbers.len() as u32);
        let bytes = words.iter().map(|w| w.len()).sum();
        EntityWords {
            lexicon: Lexicon::new(Strings::from_sorted(
                words.iter().map(|w| w.as_bytes()),
                bytes,
            )),
            starts,
            entities: numbers,
        }
    }

    /// Membership of each entity: one of its names' words matches `word`.
    pub(super) fn matching(&self, word: &QueryWord, entity_count: usize) -> Vec<bool> {
        let mut out = vec![false; entity_count];
        for &w in self.lexicon.matching(word).keys() {
            let range = self.starts[w as usize] as usize..self.starts[w as usize + 1] as usize;
            for &e in &self.entities[range] {
                out[e as usize] = true;
            }
        }
        out
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.lexicon.heap_bytes() + (self.starts.capacity() + self.entities.capacity()) * 4
    }
}

/// Every distinct entity of the corpus with its names (the articles' own
/// spellings plus the gazetteer's name, aliases and Arabic forms), and every
/// article `source` as an agency; built batch by batch while loading.
#[derive(Default)]
pub(super) struct EntityLists {
    /// Per entity kind (`EntityKind as usize`), key → entity number.
    by_key: [foldhash::HashMap<Arc<str>, usize>; EntityKind::ALL.len()],
    entities: Vec<EntityList>,
}

struct EntityList {
    kind: EntityKind,
    pub(super) key: Arc<str>,
    /// The first name and Arabic form seen.
    shown: [Box<str>; 2],
    /// The articles' spellings as given: most mentions repeat one, and
    /// normalizing it again for each of millions of mentions would cost
    /// more than the rest.
    spelled: foldhash::HashSet<Box<str>>,
    /// The same, normalized, in order of first appearance.
    pub(super) names: Vec<String>,
    pub(super) articles: Vec<u32>,
}

/// A source longer than this is no outlet's name and not listed as an
/// agency: its key, shown name and spellings are each a copy, so a source
/// field of 200 MB cost five times its size.
const MAX_SOURCE_NAME_BYTES: usize = 256;

impl EntityLists {
    /// Adds the entities of `articles`, numbered from `first`.
    pub(super) fn add_articles(&mut self, first: usize, articles: &[Article]) {
        for (i, article) in articles.iter().enumerate() {
            let number = (first + i) as u32;
            for e in &article.extraction.entities {
                self.add(e.kind, e.key(), [e.name(), e.arabic()], number);
            }
            if let Some(source) = article.source().map(str::trim)
                && !source.is_empty()
                && source.len() <= MAX_SOURCE_NAME_BYTES
            {
                let key = format!("source:{}", normalize(source));
                self.add(EntityKind::Agency, &key, [source, ""], number);
            }
        }
    }

    pub(super) fn add(&mut self, kind: EntityKind, key: &str, names: [&str; 2], article: u32) {
        let slot = match self.by_key[kind as usize].get(key) {
            Some(&slot) => slot,
            None => {
                let key: Arc<str> = key.into();
                self.entities.push(EntityList {
                    kind,
                    key: Arc::clone(&key),
                    shown: names.map(Box::from),
                    spelled: Default::default(),
                    names: Vec::new(),
                    articles: Vec::new(),
                });
                self.by_key[kind as usize].insert(key, self.entities.len() - 1);
                self.entities.len() - 1
            }
        };
        let entity = &mut self.entities[slot];
        for name in names {
            if entity.spelled.contains(name) {
                continue;
            }
            entity.spelled.insert(name.into());
            let name = normalize(name);
            if !name.is_empty() && !entity.names.contains(&name) {
                entity.names.push(name);
            }
        }
        if entity.articles.last() != Some(&article) {
            entity.articles.push(article);
        }
    }

    /// The lists, each entity's gazetteer names first.
    pub(super) fn finish(self, gazetteer: &[GazetteerEntry]) -> Vec<IndexedEntity> {
        self.entities
            .into_iter()
            .map(|entity| {
                let mut names: Vec<String> = Vec::new();
                if let Some(entry) = gazetteer
                    .iter()
                    .find(|e| e.kind == entity.kind && *e.key == *entity.key)
                {
                    names.push(normalize(&entry.name));
                    names.extend(entry.aliases.iter().map(|a| normalize(a)));
                    names.extend(entry.arabic.iter().map(|a| normalize(a)));
                }
                for name in entity.names {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                let [name, arabic] = entity.shown;
                IndexedEntity {
                    kind: entity.kind,
                    value: entity_value(&entity.key).into(),
                    name,
                    arabic,
                    names,
                    articles: entity.articles,
                }
            })
            .collect()
    }
}
