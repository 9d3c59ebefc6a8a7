//! Evaluating queries against the index: per-term hit lists, ranking, the
//! stateful `Searcher` that reuses work between keystrokes, and match
//! positions for highlighting.

use super::index::{SearchIndex, TitleFilter, char_mask, pair_bits};
use super::query::{Clause, EntityField, Query, QueryError, Term, TextTerm, entity_value};
use super::words::{QueryWord, compounds};
use crate::corpus::Article;
use crate::extract::{EntityKind, Field};
use crate::text::normalize::{NormalizedText, normalize, tokens};
use crate::text::windows::windows;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Score bases: any title hit ranks above any entity hit, which ranks above
/// any body hit (a body hit adds at most a word-match quality of 100).
const TITLE: i64 = 3000;
const ENTITY: i64 = 2000;
const BODY: i64 = 1000;
/// Fuzzy scores are clipped below the next base.
const MAX_FUZZY: i64 = 900;
/// Fuzzy matching starts at this many characters; shorter terms match words.
const MIN_FUZZY_CHARS: usize = 3;
/// And stops at this many: a fuzzy score costs the pattern's length times
/// the title's, and a pasted 100,000-character word took 20 s. Longer
/// terms match by their words only.
const MAX_FUZZY_CHARS: usize = 100;

/// Whether a term is scored fuzzily (see [`MIN_FUZZY_CHARS`] and
/// [`MAX_FUZZY_CHARS`]).
fn is_fuzzy_length(pattern: &str) -> bool {
    (MIN_FUZZY_CHARS..=MAX_FUZZY_CHARS).contains(&pattern.chars().take(MAX_FUZZY_CHARS + 1).count())
}
/// Titles fuzzy-scanned in one parallel chunk.
const TITLE_CHUNK: usize = 2048;

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the articles the index was built from.
    pub article: usize,
    pub score: i64,
    /// Byte ranges in `article.title` to highlight.
    pub title_matches: Vec<Range<usize>>,
}

/// What one term matched over the whole corpus.
#[derive(Debug, Default)]
struct TermHits {
    /// (article, score, matched in the title), ascending by article.
    hits: Vec<(u32, i64, bool)>,
    /// For a fuzzy term: its key, and the articles whose title contains it
    /// as a subsequence at all (whatever the score). A term that has this
    /// key as a subsequence can only match among these titles.
    title_candidates: Option<(String, Vec<u32>)>,
}

fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// The least fuzzy score that counts as a match: the pattern must mostly
/// appear in runs, not as letters scattered through a long title (Arabic
/// titles contain ا ل ي ن everywhere).
fn fuzzy_threshold(matcher: &SkimMatcherV2, pattern: &str) -> i64 {
    let perfect = matcher.fuzzy_match(pattern, pattern).unwrap_or(0);
    perfect * 2 / 3
}

/// The best fuzzy score of `pattern` over entity names, if it reaches
/// `threshold` (the pattern's [`fuzzy_threshold`]).
fn entity_name_score(
    matcher: &SkimMatcherV2,
    names: &[String],
    pattern: &str,
    threshold: i64,
) -> Option<i64> {
    names
        .iter()
        // The pattern's characters in order, as a fuzzy match needs them:
        // checked first, it spares most names the scoring.
        .filter(|name| is_subsequence(pattern, name))
        .filter_map(|name| matcher.fuzzy_match(name, pattern))
        .filter(|&s| s >= threshold)
        .max()
}

/// Whether a field term (`p:`, `l:`...) names an entity with these
/// (normalized) names: a name contains the value, or one of its names'
/// words matches the value's one word (`word_hit`, found by the index for
/// all entities or by [`names_have_word`] for one).
/// The value may also be the entity's key as a filter word (`value`, the
/// [`entity_value`] of its key), which is what astana writes.
fn entity_field_matches(names: &[String], value: &str, key: &str, word_hit: bool) -> bool {
    word_hit || names.iter().any(|name| name.contains(key)) || value == key
}

/// Per entity of the index (numbers in `SearchIndex::entities`), whether the
/// field term `field:text` selects it.
pub(crate) fn entities_matching(
    index: &SearchIndex,
    field: EntityField,
    text: &TextTerm,
) -> Vec<bool> {
    let by_word = match &text.words[..] {
        [word] => index.entities_with_word(&QueryWord::new(word)),
        _ => vec![false; index.entities.len()],
    };
    index
        .entities
        .iter()
        .zip(by_word)
        .map(|(entity, word_hit)| {
            field.kind() == entity.kind
                && entity_field_matches(&entity.names, &entity.value, &text.key, word_hit)
        })
        .collect()
}

/// Whether a word of one of these (normalized) entity names matches `word`:
/// one entity's names compared word by word, as highlighting does (the
/// index answers the same for all entities at once:
/// `SearchIndex::entities_with_word`).
pub(crate) fn names_have_word(names: &[String], word: &QueryWord) -> bool {
    names
        .iter()
        .any(|name| tokens(name).any(|(_, token)| word.match_token(token).is_some()))
}

fn evaluate(
    term: &Term,
    index: &SearchIndex,
    articles: &[Article],
    narrower: Option<&TermHits>,
) -> TermHits {
    match term {
        Term::Fuzzy(text) => fuzzy_hits(text, index, narrower),
        Term::Exact(text) => exact_hits(text, index, articles),
        Term::Guarantor(g) => filter_hits(articles, |a| a.extraction.guarantors.contains(g)),
        Term::Rounds(ranges) => filter_hits(articles, |a| {
            a.extraction
                .round
                .is_some_and(|r| ranges.iter().any(|range| range.contains(&r)))
        }),
        Term::NoRound => filter_hits(articles, |a| a.extraction.round.is_none()),
        Term::Entity(field, text) => {
            let mut member = vec![false; index.len()];
            let selected = entities_matching(index, *field, text);
            for (entity, _) in index.entities.iter().zip(selected).filter(|(_, s)| *s) {
                for &a in &entity.articles {
                    member[a as usize] = true;
                }
            }
            from_scores(member.iter().map(|&m| (m, 0, false)))
        }
        // Field terms only filter (score 0), so the union is the alternatives' hits.
        Term::AnyOf(terms) => {
            let mut member = vec![false; index.len()];
            for term in terms {
                for (a, _, _) in evaluate(term, index, articles, None).hits {
                    member[a as usize] = true;
                }
            }
            from_scores(member.iter().map(|&m| (m, 0, false)))
        }
    }
}

fn filter_hits(articles: &[Article], keep: impl Fn(&Article) -> bool) -> TermHits {
    from_scores(articles.iter().map(|a| (keep(a), 0, false)))
}

fn from_scores(per_article: impl Iterator<Item = (bool, i64, bool)>) -> TermHits {
    TermHits {
        hits: per_article
            .enumerate()
            .filter(|(_, (hit, _, _))| *hit)
            .map(|(a, (_, score, title))| (a as u32, score, title))
            .collect(),
        title_candidates: None,
    }
}

/// Body: every word of the term must match a word of the article.
/// Returns per article the summed word quality (0 = no body hit), and the
/// matched vocabulary of each word.
fn body_scores(words: &[QueryWord], index: &SearchIndex) -> (Vec<i64>, Vec<HashMap<u32, i64>>) {
    let mut total = vec![0i64; index.len()];
    let mut matched = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let found = index.matching_words(word);
        let mut scores = vec![0i64; index.len()];
        index.add_articles(&found, &mut scores);
        for (t, s) in total.iter_mut().zip(scores) {
            *t = if s == 0 || (i > 0 && *t == 0) {
                0
            } else {
                *t + s
            };
        }
        matched.push(found);
    }
    (total, matched)
}

/// A title is fuzzy-scored only when it has at least two thirds of the
/// pattern's adjacent letter pairs (all of them for a pattern of three
/// letters): a match worth two thirds of a perfect score is made of runs,
/// and this skips the Skim scoring for the many titles that merely contain
/// the letters scattered.
fn shares_enough_pairs(title: &TitleFilter, pattern_pairs: &[u64; 4], pattern_count: u32) -> bool {
    let shared: u32 = title
        .pairs
        .iter()
        .zip(pattern_pairs)
        .map(|(t, p)| (t & p).count_ones())
        .sum();
    shared >= pattern_count - pattern_count / 3
}

fn fuzzy_hits(term: &TextTerm, index: &SearchIndex, narrower: Option<&TermHits>) -> TermHits {
    let words: Vec<QueryWord> = term.words.iter().map(|w| QueryWord::new(w)).collect();
    let (body, matched) = body_scores(&words, index);
    let mut title = vec![0i64; index.len()];
    let mut entity = vec![0i64; index.len()];
    // A title that holds the matched words counts as a title hit.
    let matched_sets: Vec<Vec<bool>> = matched
        .iter()
        .map(|found| {
            let mut set = vec![false; index.vocabulary_len()];
            for &id in found.keys() {
                set[id as usize] = true;
            }
            set
        })
        .collect();
    title
        .par_iter_mut()
        .zip(body.par_iter())
        .enumerate()
        .filter(|(_, (_, b))| **b > 0)
        .for_each(|(a, (t, &b))| {
            let title_words = index.title_words(a);
            if matched_sets
                .iter()
                .all(|set| title_words.iter().any(|&w| set[w as usize]))
            {
                *t = b;
            }
        });
    let matcher = matcher();
    let pattern = term.key.as_str();
    let mut title_candidates = None;
    if is_fuzzy_length(pattern) {
        let threshold = fuzzy_threshold(&matcher, pattern);
        let mask = char_mask(pattern);
        let all: Vec<u32>;
        let candidates: &[u32] = match narrower.and_then(|n| n.title_candidates.as_ref()) {
            Some((_, c)) => c,
            None => {
                all = (0..index.len() as u32).collect();
                &all
            }
        };
        let perfect = matcher.fuzzy_match(pattern, pattern).unwrap_or(0);
        let pattern_pairs = pair_bits(pattern);
        let pattern_pair_count: u32 = pattern_pairs.iter().map(|w| w.count_ones()).sum();
        // (article, Some(score) when the title is worth scoring)
        let scanned: Vec<(u32, Option<i64>)> = candidates
            .par_chunks(TITLE_CHUNK)
            .flat_map_iter(|chunk| {
                let matcher = self::matcher();
                chunk
                    .iter()
                    .filter_map(|&a| {
                        let (key, filter) = (
                            index.titles.key(a as usize),
                            index.titles.filter(a as usize),
                        );
                        if filter.mask & mask != mask || !is_subsequence(pattern, key) {
                            return None;
                        }
                        // A title holding the term as it is needs no scoring.
                        let score = if memchr::memmem::find(key.as_bytes(), pattern.as_bytes())
                            .is_some()
                        {
                            Some(perfect)
                        } else if shares_enough_pairs(filter, &pattern_pairs, pattern_pair_count) {
                            matcher.fuzzy_match(key, pattern)
                        } else {
                            None
                        };
                        Some((a, score))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let scored: Vec<(u32, i64)> = scanned
            .iter()
            .filter_map(|&(a, s)| s.map(|s| (a, s)))
            .collect();
        for &(a, s) in &scored {
            if s >= threshold {
                let slot = &mut title[a as usize];
                *slot = (*slot).max(s.min(MAX_FUZZY));
            }
        }
        title_candidates = Some((
            pattern.to_string(),
            scanned.into_iter().map(|(a, _)| a).collect(),
        ));
        // Tens of thousands of entities in a real archive: scored on both
        // cores.
        let scores: Vec<Option<i64>> = index
            .entities
            .par_iter()
            .map_init(self::matcher, |matcher, e| {
                entity_name_score(matcher, &e.names, pattern, threshold)
            })
            .collect();
        for (e, s) in index.entities.iter().zip(scores) {
            let Some(s) = s else { continue };
            for &a in &e.articles {
                let slot = &mut entity[a as usize];
                *slot = (*slot).max(s.min(MAX_FUZZY));
            }
        }
    }
    // Entity names are words too: a short term or a Latin skeleton that
    // matches a name's word makes an entity hit.
    if let [word] = &words[..] {
        let by_word = index.entities_with_word(word);
        for (e, _) in index.entities.iter().zip(by_word).filter(|(_, hit)| *hit) {
            for &a in &e.articles {
                let slot = &mut entity[a as usize];
                *slot = (*slot).max(super::words::EXACT_WORD);
            }
        }
    }
    let hits = (0..index.len())
        .filter_map(|a| {
            let parts = [(title[a], TITLE), (entity[a], ENTITY), (body[a], BODY)];
            let score: i64 = parts
                .iter()
                .filter(|(s, _)| *s > 0)
                .map(|(s, base)| base + s)
                .sum();
            (score > 0).then_some((a as u32, score, title[a] > 0))
        })
        .collect();
    TermHits {
        hits,
        title_candidates,
    }
}

fn exact_hits(term: &TextTerm, index: &SearchIndex, articles: &[Article]) -> TermHits {
    // Candidates: articles having, for every word of the term, a word that
    // contains it. A term that is more than one word is then checked in
    // the article's key itself.
    let mut member: Option<Vec<bool>> = None;
    for word in &term.words {
        let has = index.articles_with(&index.words_containing(word));
        member = Some(match member {
            None => has,
            Some(m) => m.into_iter().zip(has).map(|(a, b)| a && b).collect(),
        });
    }
    let member = member.unwrap_or_default();
    let single_word = term.words.len() == 1 && term.words[0] == term.key;
    let per_article: Vec<(bool, i64, bool)> = member
        .par_iter()
        .enumerate()
        .map(|(a, &candidate)| {
            let in_title = index.titles.key(a).contains(&term.key);
            let in_body =
                candidate && (single_word || normalize(&articles[a].text).contains(&term.key));
            let score = if in_title { TITLE } else { 0 } + if in_body { BODY } else { 0 };
            (
                in_title || in_body,
                score + super::words::EXACT_WORD,
                in_title,
            )
        })
        .collect();
    from_scores(per_article.into_iter())
}

/// Keeps stateful search results between keystrokes: the hits of each term
/// of the last query are kept, so a query that extends the last one only
/// evaluates the new or changed term, and a term that extends a previous
/// term fuzzy-scans only the titles the shorter term could match.
#[derive(Debug, Default)]
pub struct Searcher {
    terms: HashMap<String, Arc<TermHits>>,
    text: Option<String>,
    query: Query,
    hits: Vec<Hit>,
    /// Per hit: its title matched and its highlights are not computed yet.
    pending_titles: Vec<bool>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Forgets every kept result: call it when the articles (and so the
    /// index) change, since `run` trusts that they do not.
    pub fn clear(&mut self) {
        *self = Searcher::default();
    }

    /// The query of the last successful run.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The results of the last successful run.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Runs `query_text` over the corpus. `articles` must be the slice the
    /// index was built from. On a parse error the previous results stay
    /// (and the error is returned).
    pub fn run(
        &mut self,
        index: &SearchIndex,
        articles: &[Article],
        query_text: &str,
    ) -> Result<&[Hit], QueryError> {
        let query = Query::parse(query_text)?;
        if self.text.as_deref() == Some(query_text) {
            return Ok(&self.hits);
        }
        let mut kept: HashMap<String, Arc<TermHits>> = HashMap::new();
        for clause in &query.clauses {
            if kept.contains_key(&clause.text) {
                continue;
            }
            let hits = match self.terms.get(&clause.text) {
                Some(h) => h.clone(),
                None => {
                    let narrower = self.narrower_for(&clause.term);
                    Arc::new(evaluate(&clause.term, index, articles, narrower))
                }
            };
            kept.insert(clause.text.clone(), hits);
        }
        let (hits, pending) = combine(&query, &kept, index);
        self.hits = hits;
        self.pending_titles = pending;
        self.query = query;
        self.terms = kept;
        self.text = Some(query_text.to_string());
        self.highlight_titles(articles, 0..EAGER_TITLE_MATCHES);
        Ok(&self.hits)
    }

    /// Computes `title_matches` for the results at positions `rows` (the
    /// rows about to be shown). `run` does it for the first
    /// `EAGER_TITLE_MATCHES` results; call this when scrolling past them.
    pub fn highlight_titles(&mut self, articles: &[Article], rows: Range<usize>) -> &[Hit] {
        fill_title_matches(
            &self.query,
            articles,
            &mut self.hits,
            &mut self.pending_titles,
            rows,
        );
        &self.hits
    }

    /// Per article, whether it holds every clause of the last query that
    /// `skip` does not name: the results of the query without those
    /// clauses, from the kept per-term hits (the facet picker counts each
    /// facet against the filter without that facet's own clauses).
    pub fn members_without(&self, count: usize, skip: impl Fn(&Clause) -> bool) -> Vec<bool> {
        let mut keep = vec![true; count];
        for clause in self.query.clauses.iter().filter(|c| !skip(c)) {
            let Some(hits) = self.terms.get(&clause.text) else {
                continue;
            };
            let mut matched = vec![false; count];
            for &(a, _, _) in &hits.hits {
                if let Some(m) = matched.get_mut(a as usize) {
                    *m = true;
                }
            }
            for (k, m) in keep.iter_mut().zip(matched) {
                *k &= m != clause.negated;
            }
        }
        keep
    }

    /// A kept fuzzy term that the new term extends (typing one more letter).
    fn narrower_for(&self, term: &Term) -> Option<&TermHits> {
        let Term::Fuzzy(new) = term else {
            return None;
        };
        self.terms
            .values()
            .filter_map(|hits| {
                let (key, candidates) = hits.title_candidates.as_ref()?;
                is_subsequence(key, &new.key).then_some((candidates.len(), hits))
            })
            .min_by_key(|(count, _)| *count)
            .map(|(_, hits)| hits.as_ref())
    }
}

/// Whether `short` is a subsequence of `long` (every fuzzy match of `long`
/// is then a fuzzy match of `short`).
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Runs a query once, without keeping state (the CLI's path).
pub fn search(index: &SearchIndex, articles: &[Article], query: &Query) -> Vec<Hit> {
    let mut terms: HashMap<String, Arc<TermHits>> = HashMap::new();
    for clause in &query.clauses {
        terms
            .entry(clause.text.clone())
            .or_insert_with(|| Arc::new(evaluate(&clause.term, index, articles, None)));
    }
    let (mut hits, mut pending) = combine(query, &terms, index);
    fill_title_matches(
        query,
        articles,
        &mut hits,
        &mut pending,
        0..EAGER_TITLE_MATCHES,
    );
    hits
}

/// Title highlights are computed for this many leading results at once;
/// the rest when they are shown (`Searcher::highlight_titles`). Computing
/// them for 50,000 hits would cost more than the whole search.
pub const EAGER_TITLE_MATCHES: usize = 500;

/// Fills `title_matches` of the hits at positions `rows` whose flag in
/// `pending` is set, and clears the flags.
fn fill_title_matches(
    query: &Query,
    articles: &[Article],
    hits: &mut [Hit],
    pending: &mut [bool],
    rows: Range<usize>,
) {
    let end = rows.end.min(hits.len());
    let start = rows.start.min(end);
    hits[start..end]
        .par_iter_mut()
        .zip(pending[start..end].par_iter_mut())
        .filter(|(_, p)| **p)
        .for_each(|(hit, p)| {
            hit.title_matches = title_matches(query, &articles[hit.article].title);
            *p = false;
        });
}

/// The hits in ranked order, and per hit whether its title matched (its
/// highlights are still to be computed).
fn combine(
    query: &Query,
    terms: &HashMap<String, Arc<TermHits>>,
    index: &SearchIndex,
) -> (Vec<Hit>, Vec<bool>) {
    let n = index.len();
    let mut score = vec![0i64; n];
    let mut title = vec![false; n];
    let mut keep = vec![true; n];
    for clause in &query.clauses {
        let hits = &terms[&clause.text];
        let mut matched = vec![false; n];
        for &(a, s, in_title) in &hits.hits {
            let a = a as usize;
            if a < n {
                matched[a] = true;
                if !clause.negated {
                    score[a] += s;
                    title[a] |= in_title;
                }
            }
        }
        for (k, m) in keep.iter_mut().zip(matched) {
            *k &= m != clause.negated;
        }
    }
    let mut hits: Vec<Hit> = (0..n)
        .filter(|&a| keep[a])
        .map(|a| Hit {
            article: a,
            score: score[a],
            title_matches: Vec::new(),
        })
        .collect();
    hits.sort_by_key(|h| std::cmp::Reverse(h.score));
    let pending = hits.iter().map(|h| title[h.article]).collect();
    (hits, pending)
}

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
    // a 50 MB article at once took 400 MB.
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
fn word_ranges(query: &Query, original: &str, normalized: &NormalizedText) -> Vec<Range<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Entity, Extraction, Extractor, GazetteerEntry, Guarantor, Mention};

    fn article(id: &str, title: &str, body: &str) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            path: None,
            meta: None,
            text: format!("{title}\n{body}").into(),
            title_is_separate: false,
            extraction: Extraction::default(),
        }
    }

    /// An entity mentioned at the first occurrence of `arabic` in the text.
    fn entity(a: &Article, kind: EntityKind, key: &str, name: &str, arabic: &str) -> Entity {
        let start = a.text.find(arabic).expect("mention in text") as u32;
        Entity::new(
            kind,
            [key, name, arabic],
            None,
            vec![Mention::new(
                Field::Text,
                start,
                start + arabic.len() as u32,
            )],
        )
    }

    fn corpus() -> Vec<Article> {
        let mut a = article(
            "a",
            "لافرنتييف يصل إلى أستانا",
            "قال المبعوث الروسي ألكسندر لافرنتييف إن الجولة السادسة ناجحة.",
        );
        a.extraction = Extraction {
            round: Some(6),
            guarantors: [Guarantor::Russia].into(),
            entities: [entity(
                &a,
                EntityKind::Person,
                "lavrentiev",
                "Alexander Lavrentiev",
                "ألكسندر لافرنتييف",
            )]
            .into(),
        };
        let mut b = article(
            "b",
            "بيان ختامي في أستانة",
            "أكدت الدول الضامنة روسيا وتركيا وإيران وقف إطلاق النار في إدلب ودمشق.",
        );
        b.meta = crate::corpus::ArticleMeta {
            source: Some("وكالة سانا".to_string()),
            ..Default::default()
        }
        .boxed();
        b.extraction = Extraction {
            round: Some(4),
            guarantors: [Guarantor::Iran, Guarantor::Russia, Guarantor::Turkey].into(),
            entities: [entity(
                &b,
                EntityKind::Place,
                "damascus",
                "Damascus",
                "دمشق",
            )]
            .into(),
        };
        let c = article(
            "c",
            "اجتماع في جنيف",
            "التقى الرئيس السوري وفدا إيرانيا لبحث الوضع في الغوطة الشرقية وإدلب.",
        );
        vec![a, b, c]
    }

    fn gazetteer() -> Vec<GazetteerEntry> {
        vec![GazetteerEntry {
            kind: EntityKind::Place,
            key: "damascus".to_string(),
            name: "Damascus".to_string(),
            aliases: vec!["Dimashq".to_string()],
            arabic: vec!["دمشق".to_string()],
            cue_only: false,
            not_before: Vec::new(),
        }]
    }

    fn ids(articles: &[Article], query: &str) -> Vec<String> {
        let index = SearchIndex::build_with_gazetteer(articles, &gazetteer());
        let query = Query::parse(query).unwrap();
        search(&index, articles, &query)
            .into_iter()
            .map(|h| articles[h.article].id.to_string())
            .collect()
    }

    #[test]
    fn a_word_of_100_000_characters_is_found_by_its_start_and_in_full() {
        let word: String = "لافرنتييف".chars().cycle().take(100_000).collect();
        let mut articles = corpus();
        articles.push(article("long", "عنوان", &format!("قبل {word} بعد")));
        let start: String = word.chars().take(200).collect();
        for query in [&start, &word, &format!("'{word}")] {
            assert!(
                ids(&articles, query).contains(&"long".to_string()),
                "{}",
                query.len()
            );
        }
        assert_eq!(ids(&articles, "بعد"), ["long"]);
    }

    #[test]
    fn highlights_in_a_long_text_have_offsets_in_the_whole_text() {
        let filler = "وتواصلت المشاورات بين الوفود طوال اليوم.\n";
        let body = format!(
            "وصل لافرنتييف صباحا.\n{}وغادر لافرنتييف مساء.\n",
            filler.repeat(3 * crate::text::windows::WINDOW_BYTES / filler.len())
        );
        let a = article("long", "عنوان", &body);
        for query in ["لافرنتييف", "'لافرنتييف"] {
            let ranges = text_matches(&Query::parse(query).unwrap(), &a);
            let found: Vec<&str> = ranges.iter().map(|r| &a.text[r.clone()]).collect();
            assert_eq!(found, ["لافرنتييف", "لافرنتييف"], "{query}");
            assert!(ranges[1].start > 3 * crate::text::windows::WINDOW_BYTES);
        }
    }

    #[test]
    fn empty_query_lists_everything_in_corpus_order() {
        let articles = corpus();
        assert_eq!(ids(&articles, ""), ["a", "b", "c"]);
        assert_eq!(ids(&articles, "g:russia"), ["a", "b"]);
    }

    #[test]
    fn title_hits_rank_above_body_hits() {
        let articles = corpus();
        // إدلب is in the text of b and c; neither title: corpus order.
        assert_eq!(ids(&articles, "إدلب"), ["b", "c"]);
        // لافرنتييف is a's title; أستانا/أستانة are titles of a and b.
        assert_eq!(ids(&articles, "lavrentiev"), ["a"]);
        assert_eq!(ids(&articles, "astana"), ["a", "b"]);
        // جنيف only in c's title; الجولة only in a's body.
        assert_eq!(ids(&articles, "جنيف"), ["c"]);
        let both = {
            let mut x = corpus();
            x.swap(0, 2);
            x
        };
        // c (title hit) ranks first even when listed first or last.
        assert_eq!(ids(&both, "جنيف")[0], "c");
    }

    #[test]
    fn entity_fields_match_their_kind_in_both_scripts() {
        let articles = corpus();
        assert_eq!(ids(&articles, "p:lavrentiev"), ["a"]);
        assert_eq!(ids(&articles, "p:لافرنتييف"), ["a"]);
        assert!(ids(&articles, "l:lavrentiev").is_empty());
        assert_eq!(ids(&articles, "l:damascus"), ["b"]);
        assert_eq!(ids(&articles, "l:دمشق"), ["b"]);
        // The gazetteer's alias, not in the text at all.
        assert_eq!(ids(&articles, "l:dimashq"), ["b"]);
        assert_eq!(ids(&articles, "damascus"), ["b"]);
        assert_eq!(ids(&articles, "s:سانا"), ["b"]);
        assert!(ids(&articles, "s:reuters").is_empty());
    }

    #[test]
    fn negation_rounds_and_exact_terms() {
        let articles = corpus();
        assert_eq!(ids(&articles, "!idlib"), ["a"]);
        assert_eq!(ids(&articles, "r:4,6"), ["a", "b"]);
        assert_eq!(ids(&articles, "r:5-22"), ["a"]);
        assert_eq!(ids(&articles, "r:none"), ["c"]);
        assert_eq!(ids(&articles, "r:none !r:none"), Vec::<String>::new());
        assert_eq!(ids(&articles, "'الضامنة"), ["b"]);
        // Exact is a substring of the key, within words too.
        assert_eq!(ids(&articles, "'ضامن"), ["b"]);
        assert_eq!(ids(&articles, "'وقف-إطلاق").len(), 0);
        assert_eq!(ids(&articles, "'2254").len(), 0);
    }

    #[test]
    fn commas_in_a_field_term_are_any_of_its_values() {
        let articles = corpus();
        assert_eq!(ids(&articles, "g:iran,russia"), ["a", "b"]);
        assert_eq!(ids(&articles, "g:iran g:russia"), ["b"]);
        assert_eq!(ids(&articles, "r:6,none"), ["a", "c"]);
        assert_eq!(ids(&articles, "!r:6,none"), ["b"]);
        assert_eq!(ids(&articles, "p:lavrentiev,dimashq"), ["a"]);
        assert_eq!(ids(&articles, "l:lavrentiev,dimashq"), ["b"]);
    }

    #[test]
    fn an_entity_s_key_written_as_one_word_selects_it() {
        let mut articles = corpus();
        let c = &articles[2];
        let ghouta = entity(
            c,
            EntityKind::Place,
            "ar:الغوطه الشرقيه",
            "الغوطة الشرقية",
            "الغوطة الشرقية",
        );
        articles[2].extraction.entities = [ghouta].into();
        let value = entity_value("ar:الغوطه الشرقيه");
        assert_eq!(ids(&articles, &format!("l:{value}")), ["c"]);
        assert_eq!(
            ids(
                &articles,
                &format!("s:{}", entity_value("source:وكالة سانا"))
            ),
            ["b"]
        );
        // Highlighting agrees: the mention of the selected entity is marked.
        let query = Query::parse(&format!("l:{value}")).unwrap();
        let found: Vec<&str> = text_matches(&query, &articles[2])
            .into_iter()
            .map(|r| &articles[2].text[r])
            .collect();
        assert_eq!(found, ["الغوطة الشرقية"]);
    }

    #[test]
    fn latin_and_arabic_forms_find_the_same_articles() {
        let articles = corpus();
        for (latin, arabic) in [
            ("idlib", "إدلب"),
            ("ghouta", "الغوطة"),
            ("iran", "إيران"),
            ("russia", "روسيا"),
        ] {
            let sorted = |q: &str| {
                let mut found = ids(&articles, q);
                found.sort();
                found
            };
            assert_eq!(sorted(latin), sorted(arabic), "{latin}");
        }
        // الرئيس (c) is not Russia; الروسي (a) is. روسيا itself ranks first.
        assert_eq!(ids(&articles, "russia"), ["b", "a"]);
    }

    #[test]
    fn incremental_runs_equal_fresh_runs() {
        let mut articles = crate::corpus::load_bundled(&Extractor::builtin()).articles;
        articles.extend(corpus());
        let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
        let mut searcher = Searcher::new();
        let mut sizes = Vec::new();
        for typed in [
            "lavrentiev !r:4 الغوطة 'الضامنة g:ir astana",
            "p:lavr s:eli ghouta abdrakhmanov",
            "ادلب الغوطه !روسيا kazakhstan 'مذكرة",
        ] {
            // Type it one character at a time, then delete it the same way.
            let mut ends: Vec<usize> = typed.char_indices().map(|(at, _)| at).skip(1).collect();
            ends.push(typed.len());
            let backspaces: Vec<usize> = ends.iter().rev().skip(1).copied().chain([0]).collect();
            for end in ends.into_iter().chain(backspaces) {
                let text = &typed[..end];
                let Ok(query) = Query::parse(text) else {
                    let before = searcher.hits().to_vec();
                    assert!(searcher.run(&index, &articles, text).is_err());
                    assert_eq!(searcher.hits(), before.as_slice());
                    continue;
                };
                let fresh = search(&index, &articles, &query);
                let incremental = searcher.run(&index, &articles, text).unwrap();
                assert_eq!(incremental, fresh.as_slice(), "after typing {text:?}");
                sizes.push(fresh.len());
            }
        }
        // The sequences pass through narrow, wide and empty result sets.
        assert!(sizes.contains(&0));
        assert!(sizes.contains(&articles.len()));
        assert!(sizes.iter().any(|&n| n > 0 && n < articles.len()));
    }

    #[test]
    fn a_parse_error_keeps_the_previous_results() {
        let articles = corpus();
        let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
        let mut searcher = Searcher::new();
        let before = searcher.run(&index, &articles, "idlib").unwrap().to_vec();
        let err = searcher.run(&index, &articles, "idlib r:abc").unwrap_err();
        assert!(err.to_string().contains("r:abc"));
        assert_eq!(searcher.hits(), before.as_slice());
    }

    #[test]
    fn highlights_point_into_the_original_text() {
        let articles = corpus();
        let query = Query::parse("astana ادلب 'الضامنه p:lavrentiev").unwrap();
        let b = &articles[1];
        let found: Vec<&str> = text_matches(&query, b)
            .into_iter()
            .map(|r| &b.text[r])
            .collect();
        assert_eq!(found, ["أستانة", "الضامنة", "إدلب"]);
        let a = &articles[0];
        let found: Vec<&str> = text_matches(&query, a)
            .into_iter()
            .map(|r| &a.text[r])
            .collect();
        assert_eq!(found, ["أستانا", "ألكسندر لافرنتييف"]);
    }

    #[test]
    fn hits_carry_title_ranges() {
        let articles = corpus();
        let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
        let mut searcher = Searcher::new();
        let hits = searcher.run(&index, &articles, "أستانه").unwrap();
        assert_eq!(hits.len(), 2);
        for hit in hits {
            let title = &articles[hit.article].title;
            let marked: Vec<&str> = hit
                .title_matches
                .iter()
                .map(|r| &title[r.clone()])
                .collect();
            assert!(
                marked == ["أستانا"] || marked == ["أستانة"],
                "{title}: {marked:?}"
            );
        }
    }

    #[test]
    fn titles_past_the_first_results_are_highlighted_on_demand() {
        let articles: Vec<Article> = (0..EAGER_TITLE_MATCHES + 100)
            .map(|n| article(&n.to_string(), &format!("قصف في إدلب {n}"), "نص"))
            .collect();
        let index = SearchIndex::build_with_gazetteer(&articles, &[]);
        let mut searcher = Searcher::new();
        let hits = searcher.run(&index, &articles, "ادلب").unwrap();
        assert_eq!(hits.len(), articles.len());
        let marked = |hit: &Hit| -> Vec<String> {
            let title = &articles[hit.article].title;
            hit.title_matches
                .iter()
                .map(|r| title[r.clone()].to_string())
                .collect()
        };
        assert_eq!(marked(&hits[0]), ["إدلب"]);
        let late = EAGER_TITLE_MATCHES + 50;
        assert!(hits[late].title_matches.is_empty());
        let hits = searcher.highlight_titles(&articles, late..late + 10);
        assert_eq!(marked(&hits[late]), ["إدلب"]);
        assert!(hits[late + 20].title_matches.is_empty());
        // Out of range rows are ignored.
        searcher.highlight_titles(&articles, late..usize::MAX);
        assert_eq!(marked(&searcher.hits()[articles.len() - 1]), ["إدلب"]);
    }

    #[test]
    fn clearing_forgets_the_old_corpus() {
        let first = corpus();
        let index = SearchIndex::build_with_gazetteer(&first, &[]);
        let mut searcher = Searcher::new();
        assert_eq!(searcher.run(&index, &first, "ادلب").unwrap().len(), 2);
        let second = vec![article("z", "إدلب", "إدلب")];
        let index = SearchIndex::build_with_gazetteer(&second, &[]);
        searcher.clear();
        assert!(searcher.hits().is_empty());
        let hits = searcher.run(&index, &second, "ادلب").unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].article, 0);
    }

    #[test]
    fn index_lookups_agree_with_direct_word_matching() {
        // The index finds words through its sorted vocabulary and skeleton
        // buckets; highlighting compares words directly. Both must agree.
        let mut articles = crate::corpus::load_bundled(&Extractor::builtin()).articles;
        articles.extend(corpus());
        let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
        for text in [
            "idlib",
            "ادلب",
            "الغوطة",
            "ghouta",
            "russia",
            "روسيا",
            "astana",
            "أستانة",
            "lavrentiev",
            "abdrakhmanov",
            "مناطق",
            "من",
            "iran",
            "بيان",
            "kazakhstan",
            "7oms",
        ] {
            let query = Query::parse(text).unwrap();
            let Term::Fuzzy(term) = &query.clauses[0].term else {
                panic!("{text}")
            };
            let words: Vec<QueryWord> = term.words.iter().map(|w| QueryWord::new(w)).collect();
            let (body, _) = body_scores(&words, &index);
            for (a, article) in articles.iter().enumerate() {
                let direct = [&article.title, &article.text]
                    .into_iter()
                    .any(|s| !word_ranges(&query, s, &NormalizedText::new(s)).is_empty());
                assert_eq!(body[a] > 0, direct, "{text} in {}", article.id);
            }
        }
    }

    #[test]
    fn entity_words_agree_with_each_name() {
        // A query word is looked up once in the words of all entity names;
        // highlighting compares it with one entity's names. Both must agree.
        let articles = crate::corpus::load_bundled(&Extractor::builtin()).articles;
        let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
        assert!(index.entities.len() > 20);
        let mut found = 0;
        for text in [
            "idlib",
            "ادلب",
            "وادلب",
            "lavrentiev",
            "لافرنتييف",
            "jaafari",
            "damascus",
            "دمشق",
            "iran",
            "إيران",
            "onal",
            "sochi",
            "al",
            "ال",
            "kazakh",
            "الأمم",
        ] {
            let word = QueryWord::new(&normalize(text));
            let indexed = index.entities_with_word(&word);
            for (e, entity) in index.entities.iter().enumerate() {
                let direct = names_have_word(&entity.names, &word);
                assert_eq!(indexed[e], direct, "{text} and {:?}", entity.names);
                found += usize::from(direct);
            }
        }
        assert!(found >= 10, "only {found} entity matches");
    }
}
