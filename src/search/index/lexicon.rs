//! Sorted distinct words with the consonant skeletons of the Arabic ones,
//! and how a query word is looked up in them.

use super::bytes::{SORT_PREFIX, cut_like_the_index, sort_prefix};
use super::strings::Strings;
use crate::search::words::{self, QueryWord, token_skeletons};
use crate::text::romanize::{
    consonant_classes, consonant_count, first_consonant_class, required_consonant_classes,
    skeleton_cost,
};
use rayon::prelude::*;
use std::collections::HashMap;

/// Distinct skeletons of the Arabic vocabulary, sorted by (first consonant
/// class, skeleton), each with the words that have it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Skeletons {
    classes: Vec<u8>,
    consonants: Vec<u8>,
    /// Each skeleton's [`consonant_classes`].
    consonant_classes: Vec<u64>,
    pub(super) skeletons: Vec<Box<str>>,
    word_starts: Vec<u32>,
    pub(super) words: Vec<u32>,
}

/// Sorted distinct words with the consonant skeletons of the Arabic ones:
/// what a query word is looked up in (the articles' vocabulary, and the
/// words of entity names).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Lexicon {
    pub(super) words: Strings,
    skeletons: Skeletons,
}

impl Lexicon {
    pub(super) fn new(words: Strings) -> Lexicon {
        let skeletons = build_skeletons(&words);
        Lexicon { words, skeletons }
    }

    pub(super) fn len(&self) -> usize {
        self.words.len()
    }

    /// The words a query word matches, with a quality each (several
    /// entries for one word keep the best).
    pub(super) fn matching(&self, word: &QueryWord) -> HashMap<u32, i64> {
        let mut found: HashMap<u32, i64> = HashMap::new();
        let mut note = |id: usize, quality: i64| {
            let q = found.entry(id as u32).or_insert(quality);
            *q = (*q).max(quality);
        };
        for (spelling, prefix) in word.spellings() {
            let spelling = cut_like_the_index(&spelling);
            if prefix {
                for id in self.words.prefix_range(spelling) {
                    let quality = if self.words.get(id) == spelling {
                        words::EXACT_WORD
                    } else {
                        words::PREFIX_WORD
                    };
                    note(id, quality);
                }
            } else if let Some(id) = self.words.find(spelling) {
                note(id, words::EXACT_WORD);
            }
        }
        if let Some(query) = &word.skeleton {
            let class = first_consonant_class(query);
            let consonants = consonant_count(query);
            let required = required_consonant_classes(query);
            let s = &self.skeletons;
            let start = s.classes.partition_point(|&c| c < class);
            let end = s.classes.partition_point(|&c| c <= class);
            for i in start..end {
                let count = s.consonants[i] as usize;
                if count + 1 < consonants
                    || count > consonants + 3
                    || required
                        .is_some_and(|(mask, classes)| s.consonant_classes[i] & mask != classes)
                {
                    continue;
                }
                if let Some(cost) = skeleton_cost(query, &s.skeletons[i]) {
                    let quality = words::SKELETON_WORD - cost as i64 / 5;
                    let words = s.word_starts[i] as usize..s.word_starts[i + 1] as usize;
                    for &id in &s.words[words] {
                        note(id as usize, quality);
                    }
                }
            }
        }
        found
    }

    pub(super) fn heap_bytes(&self) -> usize {
        let s = &self.skeletons;
        self.words.heap_bytes()
            + s.skeletons.iter().map(|s| s.len() + 18).sum::<usize>()
            + (s.words.capacity() + s.word_starts.capacity()) * 4
            + s.consonant_classes.capacity() * 8
            + s.classes.capacity()
            + s.consonants.capacity()
    }
}

fn build_skeletons(vocabulary: &Strings) -> Skeletons {
    // Grouped by class and skeleton: the skeleton's first 16 bytes as a
    // number and its length decide, without reading the strings, for all
    // but the longest skeletons.
    let mut pairs: Vec<(u8, u128, Box<str>, u32)> = (0..vocabulary.len())
        .into_par_iter()
        .flat_map_iter(|id| {
            token_skeletons(vocabulary.get(id))
                .into_iter()
                .map(move |s| {
                    let prefix = sort_prefix(s.as_bytes());
                    (
                        first_consonant_class(&s),
                        prefix,
                        s.into_boxed_str(),
                        id as u32,
                    )
                })
        })
        .collect();
    // Equal exactly for the same class and skeleton (equal prefixes and
    // lengths of at most 16 bytes mean equal skeletons).
    let skeleton_order = |a: &(u8, u128, Box<str>, u32), b: &(u8, u128, Box<str>, u32)| {
        (a.0, a.1, a.2.len())
            .cmp(&(b.0, b.1, b.2.len()))
            .then_with(|| {
                if a.2.len() > SORT_PREFIX {
                    a.2.cmp(&b.2)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
    };
    pairs.par_sort_unstable_by(|a, b| skeleton_order(a, b).then(a.3.cmp(&b.3)));
    let new_skeleton: Vec<bool> = (0..pairs.len())
        .map(|i| i == 0 || skeleton_order(&pairs[i - 1], &pairs[i]).is_ne())
        .collect();
    let mut out = Skeletons::default();
    for ((class, _, skeleton, id), new) in pairs.into_iter().zip(new_skeleton) {
        if new {
            out.word_starts.push(out.words.len() as u32);
            out.classes.push(class);
            out.consonants
                .push(consonant_count(&skeleton).min(u8::MAX as usize) as u8);
            out.consonant_classes.push(consonant_classes(&skeleton));
            out.skeletons.push(skeleton);
        }
        out.words.push(id);
    }
    out.word_starts.push(out.words.len() as u32);
    out
}
