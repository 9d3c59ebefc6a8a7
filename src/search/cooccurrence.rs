//! Co-occurrence: the entities that appear most often in the same articles
//! as one entity, within a set of results, with the rounds they share.

use super::index::{IndexedEntity, SearchIndex};
use super::query::{QueryField, entity_value};
use super::searcher::Hit;
use crate::corpus::Article;
use crate::extract::EntityKind;
use rayon::prelude::*;
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
    search: &SearchIndex,
    articles: &[Article],
    hits: &[Hit],
    kind: EntityKind,
    key: &str,
) -> (Vec<Companion>, usize) {
    let value = entity_value(key);
    let Some(chosen) = search
        .entities
        .iter()
        .find(|e| e.kind == kind && *e.value == *value)
    else {
        return (Vec::new(), 0);
    };
    // The results that name the chosen entity, as a membership vector.
    let mut in_results = vec![false; articles.len()];
    for hit in hits {
        if let Some(slot) = in_results.get_mut(hit.article) {
            *slot = true;
        }
    }
    let mut together_with = vec![false; articles.len()];
    let mut together = 0;
    for &a in &chosen.articles {
        if in_results.get(a as usize).copied().unwrap_or(false) {
            together_with[a as usize] = true;
            together += 1;
        }
    }
    // Each other entity's article list (one pass over the index's lists,
    // no article read but the shared ones' rounds).
    let mut rows: Vec<Companion> = Vec::new();
    let mut by_value: HashMap<(EntityKind, &str), usize> = HashMap::new();
    // Per row, the shared articles of each of its entities.
    let mut shared_by_row: Vec<Vec<usize>> = Vec::new();
    // The lists are read in parallel; the rows are made in index order.
    let found: Vec<(&IndexedEntity, Vec<usize>)> = search
        .entities
        .par_iter()
        .filter(|entity| {
            matches!(
                entity.kind,
                EntityKind::Person
                    | EntityKind::Place
                    | EntityKind::Organization
                    | EntityKind::Agency
            ) && !entity.value.is_empty()
                && !std::ptr::eq(*entity, chosen)
        })
        .filter_map(|entity| {
            let shared: Vec<usize> = entity
                .articles
                .iter()
                .map(|&a| a as usize)
                .filter(|&a| together_with.get(a).copied().unwrap_or(false))
                .collect();
            (!shared.is_empty()).then_some((entity, shared))
        })
        .collect();
    for (entity, shared) in found {
        // Entities of one value (an agency and the same name as a
        // `source`) are one row.
        let slot = *by_value
            .entry((entity.kind, &entity.value))
            .or_insert_with(|| {
                rows.push(Companion {
                    kind: entity.kind,
                    value: entity.value.to_string(),
                    name: entity.name.to_string(),
                    arabic: entity.arabic.to_string(),
                    count: 0,
                    rounds: BTreeMap::new(),
                });
                rows.len() - 1
            });
        if slot == shared_by_row.len() {
            shared_by_row.push(shared);
        } else {
            shared_by_row[slot].extend(shared);
        }
    }
    for (row, mut shared) in rows.iter_mut().zip(shared_by_row) {
        // An article names a merged row's value once, whichever entity.
        shared.sort_unstable();
        shared.dedup();
        row.count = shared.len();
        for a in shared {
            if let Some(r) = articles[a].extraction.round {
                *row.rounds.entry(r).or_default() += 1;
            }
        }
    }
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    rows.truncate(MOST);
    (rows, together)
}
