//! Where a query matches: byte ranges in a title or an article's text, in
//! the original spelling, for highlighting.

use super::query::{Query, Term, entity_value};
use super::score::{
    entity_field_matches, entity_name_score, fuzzy_threshold, is_fuzzy_length, matcher,
    names_have_word,
};
use super::words::{QueryWord, compounds, phrase_occurrences};
use crate::corpus::Article;
use crate::extract::{EntityKind, Field};
use crate::text::normalize::{NormalizedText, normalize, tokens};
use crate::text::windows::windows;
use fuzzy_matcher::FuzzyMatcher;
use std::ops::Range;

/// Byte ranges in `title` that the query's free-text terms match.
pub fn title_matches(query: &Query, title: &str) -> Vec<Range<usize>> {
    let normalized = NormalizedText::new(title);
    let mut ranges = word_ranges(query, title, &normalized);
    let matcher = matcher();
    for clause in query.clauses.iter().filter(|c| !c.negated) {
        let Term::Fuzzy(term) = &clause.term else {
            continue;
        };
        if !is_fuzzy_length(&term.key) {
            continue;
        }
        let threshold = fuzzy_threshold(&matcher, &term.key);
        if let Some((score, indices)) = matcher.fuzzy_indices(&normalized.key, &term.key)
            && score >= threshold
        {
            let starts: Vec<(usize, char)> = normalized.key.char_indices().collect();
            for i in indices {
                if let Some(&(at, c)) = starts.get(i) {
                    ranges.push(normalized.original_range(title, at..at + c.len_utf8()));
                }
            }
        }
    }
    merge(ranges)
}

/// Byte ranges in `article.text` to highlight for the query: matched words
/// of free-text terms, exact terms, and mentions of matched entities.
pub fn text_matches(query: &Query, article: &Article) -> Vec<Range<usize>> {
    // A window at a time, as the extractor reads it: the key and tokens of
    // a long article at once would cost several times its size.
    let mut ranges = Vec::new();
    for window in windows(&article.text) {
        let part = &article.text[window.clone()];
        let normalized = NormalizedText::new(part);
        let found = word_ranges(query, part, &normalized);
        ranges.extend(
            found
                .into_iter()
                .map(|r| r.start + window.start..r.end + window.start),
        );
    }
    let matcher = matcher();
    let terms = query
        .clauses
        .iter()
        .filter(|c| !c.negated)
        .flat_map(|c| c.term.alternatives());
    for term in terms {
        // Once per term, not per entity: the term's one word (a field
        // term or a free-text term of one word also matches a name's word)
        // and the fuzzy threshold.
        let term_word = match term {
            Term::Entity(_, term) | Term::Fuzzy(term) if term.words.len() == 1 => {
                Some(QueryWord::new(&term.words[0]))
            }
            _ => None,
        };
        let has_word = |names: &[String]| {
            term_word
                .as_ref()
                .is_some_and(|w| names_have_word(names, w))
        };
        let threshold = match term {
            Term::Fuzzy(term) if is_fuzzy_length(&term.key) => fuzzy_threshold(&matcher, &term.key),
            _ => 0,
        };
        let entity_matches = |kind: EntityKind, key: &str, names: &[String]| match term {
            Term::Entity(field, term) => {
                field.kind() == kind
                    && entity_field_matches(names, &entity_value(key), &term.key, has_word(names))
            }
            // `g:`/`r:` match the article by its guarantors and round; in the
            // text they are the mentions of those guarantors and rounds.
            Term::Guarantor(g) => kind == EntityKind::Guarantor && key == g.key(),
            Term::Rounds(ranges) => {
                kind == EntityKind::Round
                    && key
                        .parse::<u8>()
                        .is_ok_and(|r| ranges.iter().any(|range| range.contains(&r)))
            }
            Term::Fuzzy(term) => {
                (is_fuzzy_length(&term.key)
                    && entity_name_score(&matcher, names, &term.key, threshold).is_some())
                    || has_word(names)
            }
            _ => false,
        };
        for entity in &article.extraction.entities {
            let names = [normalize(entity.name()), normalize(entity.arabic())];
            if entity_matches(entity.kind, entity.key(), &names) {
                ranges.extend(
                    entity
                        .mentions
                        .iter()
                        .filter(|m| m.field() == Field::Text)
                        .map(|m| m.range()),
                );
            }
        }
    }
    merge(ranges)
}

/// Ranges of words matched by free-text terms and of exact terms, in the
/// original of `normalized`.
pub(super) fn word_ranges(
    query: &Query,
    original: &str,
    normalized: &NormalizedText,
) -> Vec<Range<usize>> {
    let key = normalized.key.as_str();
    let words: Vec<(Range<usize>, &str)> = tokens(key).collect();
    let ranges: Vec<Range<usize>> = words.iter().map(|(r, _)| r.clone()).collect();
    let joined = compounds(key, &ranges);
    let mut key_ranges: Vec<Range<usize>> = Vec::new();
    for clause in query.clauses.iter().filter(|c| !c.negated) {
        match &clause.term {
            Term::Fuzzy(term) => {
                for query_word in term.words.iter().map(|w| QueryWord::new(w)) {
                    for (range, token) in &words {
                        if let Some((within, _)) = query_word.match_token(token) {
                            key_ranges.push(range.start + within.start..range.start + within.end);
                        }
                    }
                    for (range, token) in &joined {
                        if query_word.match_token(token).is_some() {
                            key_ranges.push(range.clone());
                        }
                    }
                }
            }
            Term::Phrase(term) => {
                // One range per occurrence, from the first word's match to
                // the last one's, whatever lies between.
                let query_words: Vec<QueryWord> =
                    term.words.iter().map(|w| QueryWord::new(w)).collect();
                let token_words: Vec<&str> = words.iter().map(|(_, token)| *token).collect();
                let within = |k: usize, at: usize| {
                    query_words[k].match_token(words[at].1).map(|(within, _)| {
                        words[at].0.start + within.start..words[at].0.start + within.end
                    })
                };
                for found in phrase_occurrences(&token_words, query_words.len(), |k, token| {
                    query_words[k].match_token(token).is_some()
                }) {
                    let last = query_words.len() - 1;
                    if let (Some(first), Some(end)) =
                        (within(0, found.start), within(last, found.end - 1))
                    {
                        key_ranges.push(first.start..end.end);
                    }
                }
            }
            Term::Exact(term) => {
                key_ranges.extend(
                    memchr::memmem::find_iter(key.as_bytes(), term.key.as_bytes())
                        .map(|at| at..at + term.key.len()),
                );
            }
            _ => {}
        }
    }
    key_ranges
        .into_iter()
        .map(|r| normalized.original_range(original, r))
        .collect()
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}
