//! Counts of articles per facet value (guarantor, round, person, place,
//! organisation, agency), for `astana facets` and the facet picker.

use crate::corpus::Article;
use crate::extract::EntityKind;
use std::collections::BTreeMap;

/// Facet value → number of articles that have it, per facet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    pub guarantors: BTreeMap<String, usize>,
    /// Round number → count; articles without a round are not counted here.
    pub rounds: BTreeMap<u8, usize>,
    pub without_round: usize,
    /// Per entity kind (person, place, organization, agency): key → count.
    pub entities: BTreeMap<EntityKind, BTreeMap<String, usize>>,
}

/// The entity kinds counted as facets.
pub const ENTITY_FACETS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Place,
    EntityKind::Organization,
    EntityKind::Agency,
];

impl FacetCounts {
    pub fn count<'a>(articles: impl IntoIterator<Item = &'a Article>) -> FacetCounts {
        let mut counts = FacetCounts::default();
        for kind in ENTITY_FACETS {
            counts.entities.insert(kind, BTreeMap::new());
        }
        for article in articles {
            let x = &article.extraction;
            for g in &x.guarantors {
                *counts.guarantors.entry(g.key().to_string()).or_default() += 1;
            }
            match x.round {
                Some(r) => *counts.rounds.entry(r).or_default() += 1,
                None => counts.without_round += 1,
            }
            for entity in &x.entities {
                if let Some(per_key) = counts.entities.get_mut(&entity.kind) {
                    *per_key.entry(entity.key().to_string()).or_default() += 1;
                }
            }
        }
        counts
    }
}
