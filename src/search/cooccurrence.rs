//! Co-occurrence: the entities that appear most often in the same articles
//! as one entity, within a set of results, with the rounds they share.

use super::index::SearchIndex;
use super::query::{QueryField, entity_value};
use super::searcher::Hit;
use crate::corpus::Article;
use crate::extract::EntityKind;
use std::collections::{BTreeMap, HashMap};

/// Rows kept: the most frequent companions (a broad entity in a large
/// archive has thousands, which nobody reads through).
const MOST: usize = 500;

/// An entity seen beside the chosen one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Companion {
    pub kind: EntityKind,
    /// Its key as a field term's value (`entity_value`).
    pub value: String,
    pub name: String,
    pub arabic: String,
    /// Results naming both.
    pub count: usize,
    /// Of those, how many per round (articles with a round only).
    pub rounds: BTreeMap<u8, usize>,
}

impl Companion {
    /// The filter term that selects it (`p:lavrov`).
    pub fn term(&self) -> Option<String> {
        QueryField::for_kind(self.kind).map(|f| f.term(&[self.value.as_str()]))
    }
}

/// The entities of the results that name `kind`/`key` as well, most
/// frequent first (then by name), and how many results name it. People,
/// places, organisations and agencies are counted; an article counts once
/// per companion.
pub fn companions(
    index: &SearchIndex,
    articles: &[Article],
    hits: &[Hit],
    kind: EntityKind,
    key: &str,
) -> (Vec<Companion>, usize) {
    let value = entity_value(key);
    let Some(chosen) = index
        .entities
        .iter()
        .find(|e| e.kind == kind && *e.value == *value)
    else {
        return (Vec::new(), 0);
    };
    let mut in_results = vec![false; articles.len()];
    for hit in hits {
        if let Some(slot) = in_results.get_mut(hit.article) {
            *slot = true;
        }
    }
    let mut rows: Vec<Companion> = Vec::new();
    let mut by_value: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut together = 0;
    for &a in &chosen.articles {
        let a = a as usize;
        if !in_results.get(a).copied().unwrap_or(false) {
            continue;
        }
        together += 1;
        let article = &articles[a];
        let mut seen: Vec<usize> = Vec::new();
        for entity in article.extraction.entities.iter() {
            if !matches!(
                entity.kind,
                EntityKind::Person
                    | EntityKind::Place
                    | EntityKind::Organization
                    | EntityKind::Agency
            ) {
                continue;
            }
            let other = entity_value(entity.key());
            if entity.kind == kind && other == value || other.is_empty() {
                continue;
            }
            let slot = *by_value
                .entry((entity.kind, other.clone()))
                .or_insert_with(|| {
                    rows.push(Companion {
                        kind: entity.kind,
                        value: other,
                        name: entity.name().to_string(),
                        arabic: entity.arabic().to_string(),
                        count: 0,
                        rounds: BTreeMap::new(),
                    });
                    rows.len() - 1
                });
            if seen.contains(&slot) {
                continue;
            }
            seen.push(slot);
            let row = &mut rows[slot];
            row.count += 1;
            if let Some(r) = article.extraction.round {
                *row.rounds.entry(r).or_default() += 1;
            }
        }
    }
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    rows.truncate(MOST);
    (rows, together)
}
