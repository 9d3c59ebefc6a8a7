//! The entities of one article while they are gathered: found again by
//! kind and key, their mentions collected, then finished into an
//! [`Extraction`].

use super::{Entity, EntityKind, EntityStrings, Extraction, Field, Guarantor, Mention, Mentions};
use std::sync::Arc;

/// Entities being gathered for one article, found by kind and key.
#[derive(Debug)]
pub(super) struct Found {
    /// Their mentions are filled in by `finish`.
    entities: Vec<Entity>,
    /// Every mention found, with the index of its entity: `finish` gives
    /// each entity its list in one allocation, instead of each list
    /// growing (and being shrunk) mention by mention.
    mentions: Vec<(u32, Mention)>,
    /// The entities' numbers, by the hash of their kind and key.
    index: hashbrown::HashTable<u32>,
}

pub(super) fn entity_hash(kind: EntityKind, key: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one((kind as u8, key))
}

impl Found {
    /// Room for the entities and mentions of about this many bytes of text
    /// (news text has about one mention per 128 bytes), up to an article
    /// of half a megabyte, so that the lists do not grow from empty in
    /// every article.
    pub(super) fn with_room_for(bytes: usize) -> Found {
        Found {
            entities: Vec::with_capacity(32),
            mentions: Vec::with_capacity((bytes / 128).clamp(8, 4096)),
            index: hashbrown::HashTable::with_capacity(32),
        }
    }

    /// Room for the mentions of `rest` more bytes of a long text, at the
    /// rate of the `done` bytes found so far: the list then grows once
    /// instead of doubling its way up, and each doubling would leave its old copy
    /// in the allocator's cache, resident for a while.
    pub(super) fn expect_more(&mut self, done: usize, rest: usize) {
        let expected = (self.mentions.len() as u128 * rest as u128 / done.max(1) as u128) as usize;
        self.mentions.reserve_exact(expected + expected / 32 + 64);
    }

    pub(super) fn add(
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

    pub(super) fn position(&self, kind: EntityKind, key: &str) -> Option<usize> {
        self.index
            .find(entity_hash(kind, key), |&n| {
                let e = &self.entities[n as usize];
                e.kind == kind && e.key() == key
            })
            .map(|&n| n as usize)
    }

    pub(super) fn set_role(&mut self, kind: EntityKind, key: &str, role: String) {
        if let Some(n) = self.position(kind, key)
            && self.entities[n].role.is_none()
        {
            self.entities[n].role = Some(role.into_boxed_str());
        }
    }

    pub(super) fn finish(mut self, round: Option<u8>) -> Extraction {
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
