//! Evaluating one query term over the whole corpus: its hits and their
//! scores (title > entity > text), from the index.

use super::index::{SearchIndex, char_mask, cut_like_the_index, pair_bits};
use super::query::{EntityField, Term, TextTerm};
use super::rank::{Contender, Row, sort_by_bound, sort_ranked};
use super::words::{PhraseScan, QueryWord};
use crate::corpus::Article;
use crate::text::normalize::{normalize, tokens};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;
use std::collections::HashMap;

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
/// the title's, so a pasted paragraph would take seconds. Longer terms
/// match by their words only.
const MAX_FUZZY_CHARS: usize = 100;

/// Whether a term is scored fuzzily (see [`MIN_FUZZY_CHARS`] and
/// [`MAX_FUZZY_CHARS`]).
pub(super) fn is_fuzzy_length(pattern: &str) -> bool {
    (MIN_FUZZY_CHARS..=MAX_FUZZY_CHARS).contains(&pattern.chars().take(MAX_FUZZY_CHARS + 1).count())
}
/// Titles fuzzy-scanned in one parallel chunk.
const TITLE_CHUNK: usize = 2048;
/// Articles whose parts are summed into hits in one parallel chunk.
const HITS_CHUNK: usize = 16384;

/// The bit of a candidate title's end that says the term is in the title
/// as it is ([`TermHits::title_candidates`]; a title key's bytes are far
/// fewer than 2^30).
const VERBATIM: u32 = 1 << 31;
/// The bit of a candidate title's end that says the title was not read:
/// its article matched anyway, so the scan left it for later
/// ([`Deferred`]). A longer term checks it from the title's start.
const UNCHECKED: u32 = 1 << 30;

/// What one term matched over the whole corpus.
#[derive(Debug, Default, Clone)]
pub(super) struct TermHits {
    /// (article, score, matched in the title), ascending by article. The
    /// scores of the articles in `deferred` are without their title's fuzzy
    /// score.
    pub(super) hits: Vec<(u32, i64, bool)>,
    /// For a fuzzy term: its key, and the articles whose title may contain
    /// it as a subsequence, each with the byte where the title key's
    /// leftmost such subsequence ends and [`VERBATIM`] set when the title
    /// holds the key as it is, or [`UNCHECKED`] when the title was not
    /// read. A term that has this key as a subsequence can only match
    /// among these titles; a term that starts with it (one more letter
    /// typed) is a subsequence of a title if its rest is one of the title
    /// after that byte, and is in the title as it is only if the key was.
    pub(super) title_candidates: Option<(String, Vec<(u32, u32)>)>,
    /// Titles whose fuzzy score is left to compute (see [`Deferred`]).
    pub(super) deferred: Option<Deferred>,
    /// The first rows of the hits, while their scores are as counted.
    pub(super) tops: Option<Tops>,
    /// A fuzzy term's per-article parts while its hits are not summed
    /// into `hits` (which is then empty): a one-clause query's key needs
    /// only how many hits there are and the first rows ([`Tops`]), found
    /// while counting them, and writing out every hit of a name that
    /// much of the corpus mentions would be most of that key: it waits
    /// for [`TermHits::sum_now`], after the frame.
    unsummed: Option<Box<Unsummed>>,
}

/// A term's parts kept for summing later, and how many hits they make.
#[derive(Debug, Clone)]
struct Unsummed {
    parts: Parts,
    count: usize,
}

/// The first rows of a term's hits, found while they were counted (a pass
/// over a broad term's hits afterwards costs as much as summing them):
/// per chunk of articles, its first `shown` hits by score and its first
/// [`Tops::contenders`] hits with a slack by bound (score plus slack),
/// ties in article order. The first `shown` of all the chunks' are the
/// first of all the hits, and so are the first `contenders` by bound.
#[derive(Debug, Clone)]
pub(super) struct Tops {
    pub(super) shown: usize,
    by_score: Vec<Row>,
    by_bound: Vec<Contender>,
}

impl Tops {
    /// The first `shown` hits, ranked by their scores as counted.
    pub(super) fn first_rows(&self) -> Vec<Row> {
        let mut first = self.by_score.clone();
        sort_ranked(&mut first);
        first.truncate(self.shown);
        first
    }

    /// The first [`Tops::contenders`] hits with a slack, in the order
    /// [`Contenders`](super::rank::Contenders) gives them.
    pub(super) fn first_contenders(&self) -> Vec<Contender> {
        let mut first = self.by_bound.clone();
        sort_by_bound(&mut first);
        first.truncate(Tops::contenders(self.shown));
        first
    }

    /// How many hits by bound are kept: the screenful's contenders are
    /// settled within the first few.
    pub(super) fn contenders(shown: usize) -> usize {
        16 * shown
    }
}

/// The first `k` of the rows pushed (ascending by article) by a key,
/// highest first, ties in article order.
struct FirstRows<T> {
    k: usize,
    rows: Vec<(i64, T)>,
}

impl<T> FirstRows<T> {
    fn new(k: usize) -> FirstRows<T> {
        FirstRows {
            k,
            rows: Vec::with_capacity(k),
        }
    }

    fn push(&mut self, key: i64, row: T) {
        if self.rows.len() == self.k {
            // An equal key from a later article ranks after.
            match self.rows.last() {
                Some((last, _)) if key > *last => {
                    self.rows.pop();
                }
                _ => return,
            }
        }
        let at = self.rows.partition_point(|(k, _)| *k >= key);
        self.rows.insert(at, (key, row));
    }
}

/// The fuzzy scoring of titles of articles that are hits anyway (by their
/// text or an entity), left for later: it changes their score, not
/// whether they match. A broad term's first screenful is ranked without
/// reading most of them (`Searcher::run_showing`); the rest are scored
/// after the frame. Most articles match a broad term by their text, and
/// reading every candidate title on every key cost more than the rest of
/// the key.
#[derive(Debug, Clone)]
pub(super) struct Deferred {
    pattern: String,
    threshold: i64,
    /// The most the fuzzy score of a title can be, clipped like the scores
    /// ([`title_score_bound`]).
    best: i64,
    /// Per hit (aligned with [`TermHits::hits`]), the most scoring its
    /// title can add to its score: 0 when nothing is left to score.
    slacks: Vec<u32>,
    /// The hits before this one are scored.
    next: usize,
}

impl Deferred {
    /// At most how much scoring a title can add, given its score so far
    /// (from its words: 0 when it has not all the term's words).
    fn slack(best: i64, so_far: u32) -> u32 {
        let so_far = i64::from(so_far);
        let slack = if so_far == 0 {
            TITLE + best
        } else {
            (best - so_far).max(0)
        };
        slack as u32
    }

    /// The title's score so far, from its slack (the inverse of
    /// [`Deferred::slack`] for a slack above 0: a title without a score
    /// so far has the only slack above `best`).
    fn so_far(&self, slack: u32) -> i64 {
        let slack = i64::from(slack);
        if slack > self.best {
            0
        } else {
            self.best - slack
        }
    }

    /// The gain in its article's score of each title (article, slack
    /// above 0), scored as the scan scores a title it reads; only the
    /// gains above 0, ascending.
    fn gains(&self, titles: &[(u32, u32)], index: &SearchIndex) -> Vec<(u32, i64)> {
        let pattern = TitlePattern::new(&self.pattern);
        titles
            .par_iter()
            .map_init(matcher, |matcher, &(a, slack)| {
                let so_far = self.so_far(slack);
                let title = match pattern.score_unread(matcher, index, a) {
                    Some(s) if s >= self.threshold => so_far.max(s.min(MAX_FUZZY)),
                    _ => so_far,
                };
                let gain = match (so_far, title) {
                    (_, 0) => 0,
                    (0, t) => TITLE + t,
                    (s, t) => t - s,
                };
                (a, gain)
            })
            .filter(|&(_, gain)| gain > 0)
            .collect()
    }
}

impl TermHits {
    /// Per hit (aligned with `hits`), the most that scoring its title can
    /// still add; `None` when no title is left to score.
    pub(super) fn slacks(&self) -> Option<&[u32]> {
        debug_assert!(self.unsummed.is_none(), "slacks of hits not summed");
        self.deferred.as_ref().map(|d| &d.slacks[..])
    }

    /// How many hits the term has.
    pub(super) fn len(&self) -> usize {
        self.unsummed.as_ref().map_or(self.hits.len(), |u| u.count)
    }

    /// Whether `hits` waits for [`TermHits::sum_now`].
    pub(super) fn is_unsummed(&self) -> bool {
        self.unsummed.is_some()
    }

    /// Sums the hits (and the slacks of titles still unread) if they are
    /// not yet.
    pub(super) fn sum_now(&mut self) {
        let Some(unsummed) = self.unsummed.take() else {
            return;
        };
        let best = self.deferred.as_ref().map(|d| d.best);
        let summed = unsummed.parts.sum(best, None, true);
        self.hits = summed.hits;
        // The titles scored meanwhile have no slack left.
        match summed.slacks {
            Some(slacks) if slacks.iter().any(|&s| s > 0) => {
                if let Some(deferred) = &mut self.deferred {
                    deferred.slacks = slacks;
                    deferred.next = 0;
                }
            }
            _ => self.deferred = None,
        }
    }

    /// The articles the term matches, ascending.
    pub(super) fn articles(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match &self.unsummed {
            Some(unsummed) => Box::new(unsummed.parts.hit_articles()),
            None => Box::new(self.hits.iter().map(|h| h.0)),
        }
    }

    /// Whether some title scoring is left.
    pub(super) fn is_deferred(&self) -> bool {
        self.deferred.is_some()
    }

    /// The gains of scoring the deferred titles of `articles` (ascending;
    /// those without one are left out), without recording them: see
    /// [`TermHits::add_gains`].
    pub(super) fn title_gains(&self, articles: &[u32], index: &SearchIndex) -> Vec<(u32, i64)> {
        let Some(deferred) = &self.deferred else {
            return Vec::new();
        };
        if let Some(unsummed) = &self.unsummed {
            let parts = &unsummed.parts;
            let titles: Vec<(u32, u32)> = articles
                .iter()
                .filter(|&&a| parts.fuzzy_title[a as usize] == UNREAD)
                .map(|&a| (a, Deferred::slack(deferred.best, parts.by_words(a))))
                .filter(|&(_, slack)| slack > 0)
                .collect();
            return deferred.gains(&titles, index);
        }
        let titles: Vec<(u32, u32)> = self
            .hit_positions(articles)
            .map(|at| (self.hits[at].0, deferred.slacks[at]))
            .filter(|&(_, slack)| slack > 0)
            .collect();
        deferred.gains(&titles, index)
    }

    /// Records the titles of `articles` (ascending) as scored, with
    /// `gains` ([`TermHits::title_gains`] of them).
    pub(super) fn add_gains(&mut self, articles: &[u32], gains: &[(u32, i64)]) {
        if let Some(unsummed) = &mut self.unsummed {
            self.tops = None;
            unsummed.parts.read_titles(articles, gains);
            return;
        }
        let positions: Vec<usize> = self.hit_positions(articles).collect();
        if let Some(deferred) = &mut self.deferred {
            for at in positions {
                deferred.slacks[at] = 0;
            }
        }
        self.add(gains);
    }

    /// Where the hits of `articles` (ascending) are in `hits`, for those
    /// that are hits.
    fn hit_positions<'a>(&'a self, articles: &'a [u32]) -> impl Iterator<Item = usize> + 'a {
        let mut from = 0;
        articles.iter().filter_map(move |&a| {
            let at = from + self.hits[from..].binary_search_by_key(&a, |h| h.0).ok()?;
            from = at + 1;
            Some(at)
        })
    }

    /// Scores the deferred titles of up to `count` hits; whether none is
    /// left.
    pub(super) fn settle_some(&mut self, count: usize, index: &SearchIndex) -> bool {
        self.sum_now();
        let Some(deferred) = &mut self.deferred else {
            return true;
        };
        let end = deferred.next.saturating_add(count).min(self.hits.len());
        let titles: Vec<(u32, u32)> = (deferred.next..end)
            .map(|at| (self.hits[at].0, std::mem::take(&mut deferred.slacks[at])))
            .filter(|&(_, slack)| slack > 0)
            .collect();
        let gains = deferred.gains(&titles, index);
        deferred.next = end;
        if end == self.hits.len() {
            self.deferred = None;
        }
        self.add(&gains);
        self.deferred.is_none()
    }

    /// Adds title scores (article, gain; ascending) to the hits (the first
    /// rows found while counting them are no longer).
    fn add(&mut self, gains: &[(u32, i64)]) {
        self.tops = None;
        for &(a, gain) in gains {
            if let Ok(at) = self.hits.binary_search_by_key(&a, |h| h.0) {
                self.hits[at].1 += gain;
                self.hits[at].2 = true;
            }
        }
    }
}

/// What scoring titles against one fuzzy pattern needs, computed once per
/// pattern, not per title.
struct TitlePattern<'p> {
    text: &'p str,
    /// The pattern's [`char_mask`].
    mask: u64,
    pairs: [u64; 4],
    pair_count: u32,
    /// The pattern's score against itself: a title holding it as it is
    /// gets this score without scoring.
    perfect: i64,
    finder: memchr::memmem::Finder<'p>,
}

impl<'p> TitlePattern<'p> {
    fn new(text: &'p str) -> TitlePattern<'p> {
        let pairs = pair_bits(text);
        TitlePattern {
            text,
            mask: char_mask(text),
            pairs,
            pair_count: pairs.iter().map(|w| w.count_ones()).sum(),
            perfect: matcher().fuzzy_match(text, text).unwrap_or(0),
            finder: memchr::memmem::Finder::new(text.as_bytes()),
        }
    }

    /// Title `a`'s fuzzy score (before the threshold) read from its start,
    /// as [`TitlePattern::score`] gives it.
    fn score_unread(&self, matcher: &SkimMatcherV2, index: &SearchIndex, a: u32) -> Option<i64> {
        if index.titles.mask(a as usize) & self.mask != self.mask {
            return None;
        }
        let key = index.titles.key(a as usize);
        let verbatim = self.finder.find(key.as_bytes()).is_some();
        self.score(matcher, index, a, verbatim)
    }

    /// Title `a`'s fuzzy score (before the threshold), given whether it
    /// holds the pattern as it is: the perfect score if it does, else
    /// Skim's when the title shares enough of the pattern's letter pairs
    /// to reach the threshold ([`shares_enough_pairs`]).
    fn score(
        &self,
        matcher: &SkimMatcherV2,
        index: &SearchIndex,
        a: u32,
        verbatim: bool,
    ) -> Option<i64> {
        if verbatim {
            Some(self.perfect)
        } else if shares_enough_pairs(index.titles.pairs(a as usize), &self.pairs, self.pair_count)
        {
            matcher.fuzzy_match(index.titles.key(a as usize), self.text)
        } else {
            None
        }
    }
}

/// An upper bound of the Skim score of `pattern` over any normalized title
/// key, if the pattern is one the bound is known for: its score against
/// itself. Skim (`SkimMatcherV2`, default scores) scores an alignment
/// character by character. The first pattern character adds 15 plus the
/// bonus of its place in the title (16 at the start, 8 after a separator,
/// 7 after punctuation, else 0): at most 31. A later one adds 16 plus
/// either 4 when it directly follows the previous matched character (its
/// place's bonus is then 0: the previous character is no separator in
/// such a pattern, and normalized keys have no capitals), or, after a gap
/// of g characters, the bonus of its place minus (3 + g): at most 20 either
/// way. The pattern against itself scores 31 + 20 per later character, the
/// most any title can. This holds for patterns without separators (space,
/// ASCII punctuation) or capitals, and without a character twice in a row
/// (Skim then carries a bonus over from the previous column, which may be
/// higher). `None` for other patterns: their titles are scored during the
/// scan.
fn title_score_bound(matcher: &SkimMatcherV2, pattern: &str) -> Option<i64> {
    let plain = pattern
        .chars()
        .all(|c| !c.is_ascii() || c.is_ascii_lowercase() || c.is_ascii_digit());
    let repeats = pattern
        .chars()
        .zip(pattern.chars().skip(1))
        .any(|(a, b)| a.eq_ignore_ascii_case(&b));
    (plain && !repeats)
        .then(|| matcher.fuzzy_match(pattern, pattern))
        .flatten()
}

pub(super) fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// The least fuzzy score that counts as a match: the pattern must mostly
/// appear in runs, not as letters scattered through a long title (Arabic
/// titles contain ا ل ي ن everywhere).
pub(super) fn fuzzy_threshold(matcher: &SkimMatcherV2, pattern: &str) -> i64 {
    let perfect = matcher.fuzzy_match(pattern, pattern).unwrap_or(0);
    perfect * 2 / 3
}

/// The best fuzzy score of `pattern` over entity names, if it reaches
/// `threshold` (the pattern's [`fuzzy_threshold`]).
pub(super) fn entity_name_score(
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
/// [`entity_value`](super::query::entity_value) of its key), which is what
/// astana writes.
pub(super) fn entity_field_matches(
    names: &[String],
    value: &str,
    key: &str,
    word_hit: bool,
) -> bool {
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

/// One term's hits. With `shown` (the rows a caller shows first), a fuzzy
/// term may leave the scoring of titles of articles that match anyway for
/// later ([`Deferred`]), and finds its first rows ([`Tops`]).
pub(super) fn evaluate(
    term: &Term,
    index: &SearchIndex,
    articles: &[Article],
    narrower: Option<&TermHits>,
    shown: Option<usize>,
) -> TermHits {
    match term {
        Term::Fuzzy(text) => fuzzy_hits(text, index, narrower, shown),
        Term::Exact(text) => exact_hits(text, index, articles),
        Term::Phrase(text) => phrase_hits(text, index, articles),
        Term::Guarantor(g) => filter_hits(articles, |a| a.extraction.guarantors.contains(g)),
        Term::Rounds(ranges) => filter_hits(articles, |a| {
            a.extraction
                .round
                .is_some_and(|r| ranges.iter().any(|range| range.contains(&r)))
        }),
        Term::NoRound => filter_hits(articles, |a| a.extraction.round.is_none()),
        Term::Marked(flag) => {
            from_scores((0..index.len()).map(|a| (index.has_mark(a, *flag), 0, false)))
        }
        Term::Dates(ranges) => from_scores(index.date_numbers().iter().map(|&n| {
            let hit = n != 0 && ranges.iter().any(|range| range.contains(&n));
            (hit, 0, false)
        })),
        Term::NoDate => from_scores(index.date_numbers().iter().map(|&n| (n == 0, 0, false))),
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
                for (a, _, _) in evaluate(term, index, articles, None, None).hits {
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
        ..TermHits::default()
    }
}

/// Body: every word of the term must match a word of the article.
/// Returns per article the summed word quality (0 = no body hit), and the
/// matched vocabulary of each word.
pub(super) fn body_scores(
    words: &[QueryWord],
    index: &SearchIndex,
) -> (Vec<u32>, Vec<HashMap<u32, i64>>) {
    let mut total = vec![0u32; index.len()];
    let mut matched = Vec::with_capacity(words.len());
    let mut scores = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let found = index.matching_words(word);
        if i == 0 {
            index.add_articles(&found, &mut total);
        } else {
            // The later words' scores go through a vector of their own,
            // reused: the first word's are added in place.
            scores.clear();
            scores.resize(index.len(), 0);
            index.add_articles(&found, &mut scores);
            for (t, &s) in total.iter_mut().zip(&scores) {
                *t = if s == 0 || *t == 0 {
                    0
                } else {
                    t.saturating_add(s)
                };
            }
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
fn shares_enough_pairs(
    title_pairs: &[u64; 4],
    pattern_pairs: &[u64; 4],
    pattern_count: u32,
) -> bool {
    let shared: u32 = title_pairs
        .iter()
        .zip(pattern_pairs)
        .map(|(t, p)| (t & p).count_ones())
        .sum();
    shared >= pattern_count - pattern_count / 3
}

fn fuzzy_hits(
    term: &TextTerm,
    index: &SearchIndex,
    narrower: Option<&TermHits>,
    shown: Option<usize>,
) -> TermHits {
    let words: Vec<QueryWord> = term.words.iter().map(|w| QueryWord::new(w)).collect();
    let (body, matched) = body_scores(&words, index);
    // A title that holds the matched words counts as a title hit: per
    // article, how many of the term's words its title has, counted from
    // the matched words' title lists (each word once per article: a title
    // counts for word `i` only when it had the words before it).
    let mut title_has = vec![0u32; index.len()];
    for (i, found) in matched.iter().enumerate() {
        for &id in found.keys() {
            for &a in index.titles_with_word(id) {
                let has = &mut title_has[a as usize];
                if *has == i as u32 {
                    *has += 1;
                }
            }
        }
    }
    let all_words = words.len() as u32;
    // Per article: the title's fuzzy score (at most `MAX_FUZZY`) and the
    // best entity score; the vectors of a keystroke are kept small, as
    // each is read and written over the whole corpus.
    let mut fuzzy_title = vec![0u16; index.len()];
    let mut entity = vec![0u16; index.len()];
    let matcher = matcher();
    let pattern = term.key.as_str();
    let fuzzy = is_fuzzy_length(pattern);
    let threshold = if fuzzy {
        fuzzy_threshold(&matcher, pattern)
    } else {
        0
    };
    if fuzzy {
        // Tens of thousands of entities in a real archive: scored in
        // parallel.
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
                *slot = (*slot).max(clip(s));
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
                *slot = (*slot).max(clip(super::words::EXACT_WORD));
            }
        }
    }
    let mut title_candidates = None;
    let mut deferred = None;
    if fuzzy {
        let title_pattern = TitlePattern::new(pattern);
        let all: Vec<(u32, u32)>;
        // The part of the pattern left to find after each candidate's end.
        let (candidates, rest): (&[(u32, u32)], Option<&str>) =
            match narrower.and_then(|n| n.title_candidates.as_ref()) {
                Some((key, c)) => (c, pattern.strip_prefix(key.as_str())),
                // Every title is a candidate of the empty key, unread.
                None => {
                    all = (0..index.len() as u32).map(|a| (a, UNCHECKED)).collect();
                    (&all, Some(pattern))
                }
            };
        // Titles of articles that match anyway are scored later, when the
        // bound of their score is known.
        let bound = title_score_bound(&matcher, pattern).filter(|_| shown.is_some());
        let scans: Vec<ChunkScan> = candidates
            .par_chunks(TITLE_CHUNK)
            .map(|chunk| {
                let matcher = self::matcher();
                let mut scan = ChunkScan {
                    candidates: Vec::with_capacity(chunk.len()),
                    ..ChunkScan::default()
                };
                for &(a, end) in chunk {
                    if index.titles.mask(a as usize) & title_pattern.mask != title_pattern.mask {
                        continue;
                    }
                    if bound.is_some() && (body[a as usize] > 0 || entity[a as usize] > 0) {
                        scan.candidates.push((a, UNCHECKED));
                        scan.unread.push(a);
                        continue;
                    }
                    let key = index.titles.key(a as usize);
                    let (end, rest, key_verbatim) = if end & UNCHECKED != 0 {
                        (0, Some(pattern), true)
                    } else {
                        (end & !VERBATIM, rest, end & VERBATIM != 0)
                    };
                    let Some(end) = (match rest {
                        Some(rest) => subsequence_end(rest, &key[end as usize..])
                            .map(|more| end as usize + more),
                        None => subsequence_end(pattern, key),
                    }) else {
                        continue;
                    };
                    // An extension of a key the title does not hold as it
                    // is is not in it either.
                    let verbatim = (key_verbatim || rest.is_none())
                        && title_pattern.finder.find(key.as_bytes()).is_some();
                    scan.candidates
                        .push((a, end as u32 | if verbatim { VERBATIM } else { 0 }));
                    if let Some(s) = title_pattern.score(&matcher, index, a, verbatim) {
                        scan.scored.push((a, s));
                    }
                }
                scan
            })
            .collect();
        let mut found = Vec::with_capacity(scans.iter().map(|s| s.candidates.len()).sum());
        let unread = scans.iter().any(|s| !s.unread.is_empty());
        for scan in scans {
            found.extend(scan.candidates);
            for (a, s) in scan.scored {
                if s >= threshold {
                    let slot = &mut fuzzy_title[a as usize];
                    *slot = (*slot).max(clip(s));
                }
            }
            for a in scan.unread {
                fuzzy_title[a as usize] = UNREAD;
            }
        }
        title_candidates = Some((pattern.to_string(), found));
        // Without a title unread, no hit has a slack to keep.
        deferred = bound.filter(|_| unread).map(|best| Deferred {
            pattern: pattern.to_string(),
            threshold,
            best: best.min(MAX_FUZZY),
            slacks: Vec::new(),
            next: 0,
        });
    }
    let best = deferred.as_ref().map(|d| d.best);
    let parts = Parts {
        body,
        entity,
        fuzzy_title,
        title_has,
        all_words,
    };
    // A caller that shows a screenful first gets the hits counted, and
    // summed later.
    let summed = parts.sum(best, shown, shown.is_none());
    let unsummed = shown.map(|_| {
        Box::new(Unsummed {
            parts,
            count: summed.count,
        })
    });
    let deferred = deferred.map(|d| Deferred {
        slacks: summed.slacks.unwrap_or_default(),
        ..d
    });
    TermHits {
        hits: summed.hits,
        title_candidates,
        deferred,
        tops: summed.tops,
        unsummed,
    }
}

/// A title's score: its words' (the body's score) when it has all
/// `all_words` of the term's words (`has` of them), or its fuzzy score if
/// higher.
fn title_part(body: u32, has: u32, all_words: u32, fuzzy: u16) -> u32 {
    let by_words = if has == all_words { body } else { 0 };
    by_words.max(u32::from(fuzzy))
}

/// A fuzzy term's per-article parts, each vector one entry per article.
#[derive(Debug, Clone)]
struct Parts {
    body: Vec<u32>,
    entity: Vec<u16>,
    fuzzy_title: Vec<u16>,
    title_has: Vec<u32>,
    all_words: u32,
}

/// What [`Parts::sum`] gives: the hits (when asked for) and their slacks
/// (when a title is unread), how many hits, and the first rows (when
/// asked for).
struct Summed {
    hits: Vec<Row>,
    slacks: Option<Vec<u32>>,
    count: usize,
    tops: Option<Tops>,
}

/// What summing a chunk of articles' parts gives.
struct SummedChunk {
    hits: Vec<Row>,
    slacks: Vec<u32>,
    count: usize,
    by_score: FirstRows<Row>,
    by_bound: FirstRows<Row>,
}

impl Parts {
    /// The hits, summed in parallel chunks, each a plain loop over the
    /// vectors' slices (a closure per article would read every vector
    /// through its captures), then put end to end; only counted unless
    /// `write_hits`. With `best` (the bound of a title's fuzzy score,
    /// given when some title is [`UNREAD`]), per hit written the most its
    /// title can add (see [`Deferred::slacks`]); with `shown`, the first
    /// rows ([`Tops`]).
    fn sum(&self, best: Option<i64>, shown: Option<usize>, write_hits: bool) -> Summed {
        let count = self.body.len();
        let capacity = |wanted: bool, len: usize| if wanted && write_hits { len } else { 0 };
        let keep = shown.unwrap_or(0);
        let chunks: Vec<SummedChunk> = (0..count.div_ceil(HITS_CHUNK))
            .into_par_iter()
            .map(|c| {
                let range = c * HITS_CHUNK..((c + 1) * HITS_CHUNK).min(count);
                // Sized for the whole chunk: grown, they are copied again
                // and again.
                let mut out = SummedChunk {
                    hits: Vec::with_capacity(capacity(true, range.len())),
                    slacks: Vec::with_capacity(capacity(best.is_some(), range.len())),
                    count: 0,
                    by_score: FirstRows::new(keep),
                    by_bound: FirstRows::new(Tops::contenders(keep)),
                };
                for block in (range.start..range.end).step_by(SUM_BLOCK) {
                    let len = SUM_BLOCK.min(range.end - block);
                    let summed = self.sum_block(block, len);
                    let mut nonzero = summed.nonzero;
                    out.count += nonzero.count_ones() as usize;
                    while nonzero != 0 {
                        let j = nonzero.trailing_zeros() as usize;
                        nonzero &= nonzero - 1;
                        let (score, by_words) = (summed.scores[j], summed.by_words[j]);
                        let row = ((block + j) as u32, score, by_words > 0);
                        if write_hits {
                            out.hits.push(row);
                        }
                        if let Some(best) = best {
                            let slack = if self.fuzzy_title[block + j] == UNREAD {
                                Deferred::slack(best, by_words)
                            } else {
                                0
                            };
                            if write_hits {
                                out.slacks.push(slack);
                            }
                            if slack > 0 && keep > 0 {
                                out.by_bound.push(score + i64::from(slack), row);
                            }
                        }
                        if keep > 0 {
                            out.by_score.push(score, row);
                        }
                    }
                }
                out
            })
            .collect();
        let total = chunks.iter().map(|c| c.count).sum();
        let mut hits = Vec::with_capacity(capacity(true, total));
        let mut slacks = Vec::with_capacity(capacity(best.is_some(), total));
        let mut tops = shown.map(|shown| Tops {
            shown,
            by_score: Vec::new(),
            by_bound: Vec::new(),
        });
        for chunk in chunks {
            hits.extend(chunk.hits);
            slacks.extend(chunk.slacks);
            if let Some(tops) = &mut tops {
                tops.by_score
                    .extend(chunk.by_score.rows.into_iter().map(|(_, r)| r));
                tops.by_bound
                    .extend(chunk.by_bound.rows.into_iter().map(|(b, r)| (r, b)));
            }
        }
        Summed {
            hits,
            slacks: best.filter(|_| write_hits).map(|_| slacks),
            count: total,
            tops,
        }
    }

    /// The title part ([`title_part`]) of article `a`'s score, an unread
    /// title's fuzzy score not counted.
    fn by_words(&self, a: u32) -> u32 {
        let a = a as usize;
        let fuzzy = read_fuzzy(self.fuzzy_title[a]);
        title_part(self.body[a], self.title_has[a], self.all_words, fuzzy)
    }

    /// Marks the unread titles of `articles` (ascending) read, with the
    /// fuzzy score that gives their article its gain in `gains` (as
    /// [`Deferred::gains`] computes them; none, no gain).
    fn read_titles(&mut self, articles: &[u32], gains: &[(u32, i64)]) {
        let mut gains = gains.iter().peekable();
        for &a in articles {
            while gains.next_if(|g| g.0 < a).is_some() {}
            if self.fuzzy_title[a as usize] != UNREAD {
                continue;
            }
            let so_far = i64::from(self.by_words(a));
            let title = match gains.next_if(|g| g.0 == a) {
                Some(&(_, gain)) if so_far == 0 => gain - TITLE,
                Some(&(_, gain)) => so_far + gain,
                None => 0,
            };
            self.fuzzy_title[a as usize] = clip(title);
        }
    }

    /// The articles with a score, ascending.
    fn hit_articles(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.body.len() as u32).filter(|&a| {
            let i = a as usize;
            article_score(self.by_words(a), self.entity[i], self.body[i]) > 0
        })
    }

    /// The scores of the `len` (at most [`SUM_BLOCK`]) articles from
    /// `first`, without a branch per article: which of them are hits is
    /// a mask, as about any share of a block can be (a branch on each
    /// article's score mispredicts on a term a third of the corpus
    /// matches).
    fn sum_block(&self, first: usize, len: usize) -> SummedBlock {
        let mut block = SummedBlock {
            scores: [0; SUM_BLOCK],
            by_words: [0; SUM_BLOCK],
            nonzero: 0,
        };
        let range = first..first + len;
        let parts = self.body[range.clone()]
            .iter()
            .zip(&self.entity[range.clone()])
            .zip(&self.fuzzy_title[range.clone()])
            .zip(&self.title_has[range]);
        for (j, (((&b, &e), &f), &has)) in parts.enumerate() {
            let by_words = title_part(b, has, self.all_words, read_fuzzy(f));
            let score = article_score(by_words, e, b);
            block.scores[j] = score;
            block.by_words[j] = by_words;
            block.nonzero |= u64::from(score > 0) << j;
        }
        block
    }
}

/// An article's score for a fuzzy term from its parts: its title's
/// ([`title_part`]), its best entity's and its body's, each on its base.
fn article_score(title: u32, entity: u16, body: u32) -> i64 {
    let part = |score: i64, base: i64| if score > 0 { base + score } else { 0 };
    part(i64::from(title), TITLE) + part(i64::from(entity), ENTITY) + part(i64::from(body), BODY)
}

/// Articles scored at a time by [`Parts::sum_block`], one bit each in its
/// mask.
const SUM_BLOCK: usize = 64;

/// The scores of a block of articles: per article its score and its
/// title's part ([`title_part`]), and a bit set for each hit.
struct SummedBlock {
    scores: [i64; SUM_BLOCK],
    by_words: [u32; SUM_BLOCK],
    nonzero: u64,
}

/// A title's fuzzy score in the per-article vector while it is left
/// unread ([`Deferred`]); fuzzy scores are at most [`MAX_FUZZY`].
const UNREAD: u16 = u16::MAX;

/// A title's fuzzy score as far as it is known: 0 while [`UNREAD`].
fn read_fuzzy(f: u16) -> u16 {
    if f == UNREAD { 0 } else { f }
}

/// A fuzzy score clipped below the next base, in the width the per-article
/// vectors keep.
fn clip(score: i64) -> u16 {
    score.clamp(0, MAX_FUZZY) as u16
}

/// What the scan of one chunk of candidate titles found, in article order.
#[derive(Debug, Default)]
struct ChunkScan {
    /// The titles that may hold the term as a subsequence, with where its
    /// leftmost occurrence ends or [`UNCHECKED`] (the next, longer term's
    /// candidates).
    candidates: Vec<(u32, u32)>,
    /// Fuzzy scores of the titles scored (before the threshold).
    scored: Vec<(u32, i64)>,
    /// Titles left unread ([`Deferred`]).
    unread: Vec<u32>,
}

/// Bytes of text normalized at a time while a phrase is looked for: a
/// candidate is left at the phrase's first occurrence, so most of a text
/// that has it is never normalized.
pub(super) const PHRASE_PIECE: usize = 2048;

/// A phrase: its words are found as a bare term's words are (through the
/// index), which makes the candidates, the articles that hold them all;
/// only their title keys and texts are read, for the words adjacent and in
/// order.
fn phrase_hits(term: &TextTerm, index: &SearchIndex, articles: &[Article]) -> TermHits {
    let words: Vec<QueryWord> = term.words.iter().map(|w| QueryWord::new(w)).collect();
    let mut member = vec![true; index.len()];
    // Per phrase word, the vocabulary words it matches: a token of a
    // candidate is then checked with one lookup, not with every clitic
    // and spelling of the query word.
    let mut matched: Vec<foldhash::HashSet<&str>> = Vec::with_capacity(words.len());
    for word in &words {
        let found: Vec<u32> = index.matching_words(word).into_keys().collect();
        for (m, has) in member.iter_mut().zip(index.articles_with(&found)) {
            *m &= has;
        }
        matched.push(found.iter().map(|&id| index.word(id)).collect());
    }
    let matches = |k: usize, token: &str| matched[k].contains(cut_like_the_index(token));
    let per_article: Vec<(bool, i64, bool)> = member
        .par_iter()
        .enumerate()
        .map(|(a, &candidate)| {
            if !candidate {
                return (false, 0, false);
            }
            let mut scan = PhraseScan::new(words.len());
            let in_title = tokens(index.titles.key(a)).any(|(_, t)| scan.push(t, matches));
            let in_body = text_has_phrase(&articles[a].text, words.len(), matches);
            exact_score(in_title, in_body)
        })
        .collect();
    from_scores(per_article.into_iter())
}

/// Whether `text` has the phrase, normalized a piece at a time (cut at
/// ASCII whitespace, which no word spans, so the pieces' words are the
/// text's) and scanned across the cuts.
pub(super) fn text_has_phrase(
    text: &str,
    len: usize,
    matches: impl Fn(usize, &str) -> bool,
) -> bool {
    let mut scan = PhraseScan::new(len);
    let mut rest = text;
    while !rest.is_empty() {
        let cut = match rest.as_bytes().get(PHRASE_PIECE..) {
            Some(after) => after
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(rest.len(), |at| PHRASE_PIECE + at),
            None => rest.len(),
        };
        let key = normalize(&rest[..cut]);
        if tokens(&key).any(|(_, t)| scan.push(t, &matches)) {
            return true;
        }
        rest = &rest[cut..];
    }
    false
}

/// An exact term's (matched, score, in title) for one article, from where
/// it was found.
fn exact_score(in_title: bool, in_body: bool) -> (bool, i64, bool) {
    let score = if in_title { TITLE } else { 0 } + if in_body { BODY } else { 0 };
    (
        in_title || in_body,
        score + super::words::EXACT_WORD,
        in_title,
    )
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
            exact_score(in_title, in_body)
        })
        .collect();
    from_scores(per_article.into_iter())
}

/// Whether `short` is a subsequence of `long` (every fuzzy match of `long`
/// is then a fuzzy match of `short`).
pub(super) fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Where in `long` the leftmost occurrence of `short` as a subsequence
/// ends (a byte offset), if it is one. Leftmost matching extends: the
/// subsequence `short + more` ends where `more` ends after this offset.
pub(super) fn subsequence_end(short: &str, long: &str) -> Option<usize> {
    let mut rest = long.char_indices();
    let mut end = 0;
    for c in short.chars() {
        let (at, _) = rest.find(|&(_, l)| l == c)?;
        end = at + c.len_utf8();
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::numbers;

    #[test]
    fn no_title_scores_above_the_bound_of_a_plain_pattern() {
        let mut numbers = numbers(11);
        let mut next = |below: usize| numbers(below as u64) as usize;
        // Letters, digits, separators and punctuation, as normalized keys
        // have them (no capitals).
        let alphabet: Vec<char> = "الضامنةيوبlav19 -.،\"(".chars().collect();
        let letters: Vec<char> = "الضامنةيوبlav19".chars().collect();
        let matcher = matcher();
        let mut compared = 0;
        for _ in 0..300 {
            let length = 3 + next(6);
            let mut pattern = String::new();
            while pattern.chars().count() < length {
                let c = letters[next(letters.len())];
                if !pattern.ends_with(c) {
                    pattern.push(c);
                }
            }
            let bound = title_score_bound(&matcher, &pattern).expect("a plain pattern");
            assert_eq!(matcher.fuzzy_match(&pattern, &pattern), Some(bound));
            for _ in 0..200 {
                // Titles made of the pattern's pieces among other letters,
                // so that many match it in runs and with gaps.
                let mut title = String::new();
                for _ in 0..next(12) {
                    if next(3) == 0 {
                        let chars: Vec<char> = pattern.chars().collect();
                        let from = next(chars.len());
                        let to = from + 1 + next(chars.len() - from);
                        title.extend(&chars[from..to]);
                    } else {
                        title.push(alphabet[next(alphabet.len())]);
                    }
                }
                if let Some(score) = matcher.fuzzy_match(&title, &pattern) {
                    assert!(
                        score <= bound,
                        "{pattern:?} in {title:?}: {score} > {bound}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000, "{compared} titles matched");
        // Patterns the argument does not cover.
        for pattern in ["الل", "ab c", "la.v", "Lav", "aab"] {
            assert_eq!(title_score_bound(&matcher, pattern), None, "{pattern}");
        }
    }
}
