//! Combining the terms' hits into ranked results, and the stateful
//! `Searcher` that reuses work between keystrokes.

use super::highlight::title_matches;
use super::index::SearchIndex;
use super::query::{Clause, Query, QueryError, Term};
use super::rank;
use super::score::{TermHits, Tops, evaluate, is_subsequence};
use crate::corpus::Article;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the articles the index was built from.
    pub article: usize,
    pub score: i64,
    /// Byte ranges in `article.title` to highlight.
    pub title_matches: Vec<Range<usize>>,
}

/// How results are ordered: by score (the default), by publication date
/// (newest first, undated last) or by round (ascending, none last); ties
/// keep the relevance order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Relevance,
    Date,
    Round,
}

impl Order {
    pub const ALL: [Order; 3] = [Order::Relevance, Order::Date, Order::Round];

    /// The name `--sort` takes and the status line shows.
    pub fn name(self) -> &'static str {
        match self {
            Order::Relevance => "relevance",
            Order::Date => "date",
            Order::Round => "round",
        }
    }

    /// The order after this one, for a key that cycles them.
    pub fn next(self) -> Order {
        let i = Order::ALL.iter().position(|o| *o == self).unwrap_or(0);
        Order::ALL[(i + 1) % Order::ALL.len()]
    }

    /// Sorts `items` (in relevance order; `article` says whose each is)
    /// into this order, stably.
    fn arrange<T>(
        self,
        items: &mut Vec<T>,
        article: impl Fn(&T) -> usize,
        index: &SearchIndex,
        articles: &[Article],
    ) {
        match self {
            Order::Relevance => {}
            // Newest first; undated (0) last.
            Order::Date => {
                let dates = index.date_numbers();
                permute_by(items, |item| {
                    let n = dates.get(article(item)).copied().unwrap_or(0);
                    (n == 0, std::cmp::Reverse(n))
                })
            }
            Order::Round => permute_by(items, |item| {
                let round = articles.get(article(item)).and_then(|a| a.extraction.round);
                (round.is_none(), round)
            }),
        }
    }
}

/// Sorts `items` by `key`, ties kept in their order: the keys are computed
/// once into a compact vector and sorted there, then each item is moved
/// into place once (sorting the items themselves with a key closure took
/// four times as long on 100,000 hits).
fn permute_by<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut keyed: Vec<(K, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (key(item), i as u32))
        .collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        keyed
            .into_iter()
            .filter_map(|(_, i)| slots[i as usize].take()),
    );
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
    order: Order,
    /// Title highlights only for the rows asked for (`highlight_titles`),
    /// none eagerly: what a caller that shows a screenful at a time wants.
    titles_on_demand: bool,
    /// After `run_showing`: only this many leading hits are known (in
    /// their final place), until `settle`.
    settled: Option<usize>,
    /// The number of results of the last run, placed or not.
    count: usize,
    /// The results of the run before, freed by the first settle step
    /// rather than during the keystroke: freeing them is a pass over every
    /// hit (each holds a vector).
    stale: Vec<Hit>,
}

/// Deferred titles scored per `Searcher::settle_step`: a few milliseconds.
const SETTLE_STEP: usize = 2048;

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// A searcher that computes title highlights only for the rows passed
    /// to [`Searcher::highlight_titles`] (the explorer's visible rows), not
    /// for the first [`EAGER_TITLE_MATCHES`] results of every run: for a
    /// query most titles match, those 500 cost more than the rest of a
    /// keystroke's search.
    pub fn on_demand() -> Searcher {
        Searcher {
            titles_on_demand: true,
            ..Searcher::default()
        }
    }

    /// Forgets every kept result: call it when the articles (and so the
    /// index) change, since `run` trusts that they do not.
    pub fn clear(&mut self) {
        *self = Searcher {
            titles_on_demand: self.titles_on_demand,
            ..Searcher::default()
        };
    }

    /// The rows highlighted by every run.
    fn eager_rows(&self) -> Range<usize> {
        0..if self.titles_on_demand {
            0
        } else {
            EAGER_TITLE_MATCHES
        }
    }

    /// Forgets the kept results of `is:` terms, after marks changed: the
    /// next `run` evaluates them again, and only them.
    pub fn forget_marks(&mut self) {
        let marked = |term: &Term| {
            term.alternatives()
                .iter()
                .any(|t| matches!(t, Term::Marked(_)))
        };
        let stale: Vec<String> = self
            .query
            .clauses
            .iter()
            .filter(|c| marked(&c.term))
            .map(|c| c.text.clone())
            .collect();
        if !stale.is_empty() {
            for text in stale {
                self.terms.remove(&text);
            }
            self.text = None;
        }
    }

    /// The query of the last successful run.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The order of the results.
    pub fn order(&self) -> Order {
        self.order
    }

    /// Puts the results in `order`, now and for the next runs: the kept
    /// results are re-sorted from their relevance order.
    pub fn set_order(&mut self, order: Order, index: &SearchIndex, articles: &[Article]) {
        if order == self.order {
            return;
        }
        self.settle(index, articles);
        self.order = order;
        if !self.hits.is_empty() {
            let hits = std::mem::take(&mut self.hits);
            let pending = std::mem::take(&mut self.pending_titles);
            let mut paired: Vec<(Hit, bool)> = hits.into_iter().zip(pending).collect();
            // Back to the relevance order (score, then corpus order), then on.
            permute_by(&mut paired, |(h, _)| {
                (std::cmp::Reverse(h.score), h.article)
            });
            order.arrange(&mut paired, |(h, _)| h.article, index, articles);
            (self.hits, self.pending_titles) = paired.into_iter().unzip();
            self.highlight_titles(articles, self.eager_rows());
        }
    }

    /// The results of the last successful run (after `run_showing`, only
    /// the first rows until [`Searcher::settle`]: [`Searcher::count`]
    /// says how many there are).
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The number of results of the last successful run, including those
    /// `run_showing` has not placed yet.
    pub fn count(&self) -> usize {
        self.count
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
        self.run_with(index, articles, query_text, None)
    }

    /// Runs `query_text` as [`Searcher::run`] does, but finds only the
    /// first `shown` results (a screenful) and how many there are
    /// ([`Searcher::count`]): the rest, and a broad term's fuzzy title
    /// scores that cannot bring another article into those rows, are left
    /// for [`Searcher::settle`] (or [`Searcher::settle_step`]), which the
    /// caller runs before it reads past those rows; until then
    /// [`Searcher::hits`] holds only them.
    pub fn run_showing(
        &mut self,
        index: &SearchIndex,
        articles: &[Article],
        query_text: &str,
        shown: usize,
    ) -> Result<&[Hit], QueryError> {
        self.run_with(index, articles, query_text, Some(shown.max(1)))
    }

    fn run_with(
        &mut self,
        index: &SearchIndex,
        articles: &[Article],
        query_text: &str,
        shown: Option<usize>,
    ) -> Result<&[Hit], QueryError> {
        let query = Query::parse(query_text)?;
        if self.text.as_deref() == Some(query_text) {
            if shown.is_none() {
                self.settle(index, articles);
            }
            return Ok(&self.hits);
        }
        // Other orders than relevance place every hit by its score.
        let shown = shown.filter(|_| self.order == Order::Relevance);
        let mut kept: HashMap<String, Arc<TermHits>> = HashMap::new();
        for clause in &query.clauses {
            if kept.contains_key(&clause.text) {
                continue;
            }
            let hits = match self.terms.get(&clause.text) {
                Some(h) => h.clone(),
                None => {
                    let narrower = self.narrower_for(&clause.term);
                    Arc::new(evaluate(&clause.term, index, articles, narrower, shown))
                }
            };
            kept.insert(clause.text.clone(), hits);
        }
        // The kept terms are now held once, and settled in place.
        self.terms = kept;
        self.query = query;
        self.text = Some(query_text.to_string());
        let (rows, placed, count) = match shown {
            Some(shown) => self.top_ranked(index, shown),
            None => {
                self.settle_terms(index, true);
                let rows = rank::combine(&self.query, &self.terms, index.len());
                let count = rows.len();
                (rank::by_score(rows.into_owned()), None, count)
            }
        };
        self.settled = placed;
        self.count = count;
        // The previous results wait for the first settle step, if there
        // is one to come.
        self.stale = match placed {
            Some(_) => std::mem::take(&mut self.hits),
            None => Vec::new(),
        };
        (self.hits, self.pending_titles) = into_hits(rows, self.order, index, articles);
        self.highlight_titles(articles, self.eager_rows());
        Ok(&self.hits)
    }

    /// The first `shown` results of the complete ranking, ranked, while
    /// the deferred titles' scores are unknown except those that could
    /// place their article among them: an article whose score plus the
    /// most its deferred titles can add (its bound) does not reach the
    /// score of the `shown`-th row (or ties with it from a later article)
    /// stays below that row whatever they score. The contenders are
    /// scored from the highest bound down, in batches, and each batch's
    /// scores can raise that row, until no bound left reaches it: a broad
    /// term leaves most of the corpus's titles to score, and its first
    /// rows are found among the first few hundred. With how many rows
    /// those are when they are not all the results (the rest wait for
    /// [`Searcher::settle`]), and the number of results.
    fn top_ranked(
        &mut self,
        index: &SearchIndex,
        shown: usize,
    ) -> (Vec<rank::Row>, Option<usize>, usize) {
        if let Some(ranked) = self.top_unsummed(index, shown) {
            return ranked;
        }
        self.settle_terms(index, false);
        let rows = rank::combine(&self.query, &self.terms, index.len());
        let count = rows.len();
        if count <= shown {
            // Every row is shown.
            self.settle_terms(index, true);
            let rows = rank::combine(&self.query, &self.terms, index.len());
            return (rank::by_score(rows.into_owned()), None, count);
        }
        // A query of one clause: its term's rows found while counting.
        let tops = match (&rows, &self.query.clauses[..]) {
            (Cow::Borrowed(_), [clause]) => self.terms[&clause.text]
                .tops
                .as_ref()
                .filter(|t| t.shown == shown),
            _ => None,
        };
        // The first `shown` rows by the scores known so far.
        let first = match tops {
            Some(tops) => tops.first_rows(),
            None => {
                let last = rank::nth_ranked(&rows, shown - 1).unwrap_or_default();
                rank::ranked_up_to(&rows, last)
            }
        };
        let Some(slacks) = rank::slacks(&self.query, &self.terms, &rows) else {
            return (first, Some(shown), count);
        };
        // The first contenders, when known.
        let known: Vec<rank::Contender> = tops.map(Tops::first_contenders).unwrap_or_default();
        let (first, scored) = self
            .rank_contenders(index, shown, first, known, Some((&rows, &slacks)))
            .expect("every contender is at hand");
        drop((rows, slacks));
        self.record(scored);
        (first, Some(shown), count)
    }

    /// [`Searcher::top_ranked`] of a query of one term whose hits are not
    /// summed: how many there are and the first rows were found while
    /// counting them, and so were the first contenders. `None` when the
    /// query is another, or when those contenders are not enough (then
    /// the hits are summed, and nothing is recorded).
    fn top_unsummed(
        &mut self,
        index: &SearchIndex,
        shown: usize,
    ) -> Option<(Vec<rank::Row>, Option<usize>, usize)> {
        let [clause] = &self.query.clauses[..] else {
            return None;
        };
        let term = self.terms[&clause.text].as_ref();
        let count = term.len();
        if clause.negated || !term.is_unsummed() || count <= shown {
            return None;
        }
        let tops = term.tops.as_ref().filter(|t| t.shown == shown)?;
        let first = tops.first_rows();
        if !term.is_deferred() {
            return Some((first, Some(shown), count));
        }
        let known = tops.first_contenders();
        let (first, scored) = self.rank_contenders(index, shown, first, known, None)?;
        self.record(scored);
        Some((first, Some(shown), count))
    }

    /// Scores the deferred titles of the contenders (the rows whose bound
    /// could place them among `first`, the first `shown` rows by the
    /// scores known so far) from the highest bound down, in batches, and
    /// ranks `first` again after each, until no bound left reaches its
    /// last row: the first of them are `known` (highest first), the rest
    /// come from the rows and their slacks (as [`rank::combine`] and
    /// [`rank::slacks`] give them). `None` when more are needed than
    /// `known` and the rows are not given. The batches scored, for
    /// [`Searcher::record`].
    fn rank_contenders(
        &self,
        index: &SearchIndex,
        shown: usize,
        mut first: Vec<rank::Row>,
        mut known: Vec<rank::Contender>,
        ranked: Option<(&[rank::Row], &[u32])>,
    ) -> Option<(Vec<rank::Row>, Vec<ScoredTitles>)> {
        // Taken from the end.
        known.reverse();
        let mut scored: Vec<ScoredTitles> = Vec::new();
        let mut contenders: Option<rank::Contenders> = None;
        let mut given: Vec<rank::Contender> = Vec::new();
        let mut batch = Tops::contenders(shown);
        let deferred = self.deferred_terms();
        loop {
            let row = first[shown - 1];
            // The contenders come in order: none after one that cannot
            // reach the row can.
            if given.last().is_some_and(|c| !rank::could_pass(c, &row)) {
                break;
            }
            let next: Vec<rank::Contender> = if known.is_empty() {
                let (rows, slacks) = ranked?;
                contenders
                    .get_or_insert_with(|| rank::Contenders::after(rows, slacks, &given))
                    .next_batch(rows, slacks, batch)
            } else {
                let from = known.len().saturating_sub(batch);
                known.drain(from..).rev().collect()
            };
            given.extend(&next);
            let now: Vec<rank::Contender> = next
                .into_iter()
                .take_while(|c| rank::could_pass(c, &row))
                .collect();
            if now.is_empty() {
                break;
            }
            batch *= 2;
            let mut articles: Vec<u32> = now.iter().map(|(c, _)| c.0).collect();
            articles.sort_unstable();
            let mut settled: Vec<rank::Row> = now.iter().map(|&(c, _)| c).collect();
            settled.sort_unstable_by_key(|r| r.0);
            let gains: Vec<Vec<(u32, i64)>> = deferred
                .iter()
                .map(|text| self.terms[text].title_gains(&articles, index))
                .collect();
            for gains in &gains {
                add_gains(&mut settled, gains);
            }
            // The scores settled can only have risen.
            first.retain(|r| articles.binary_search(&r.0).is_err());
            first.extend(settled);
            rank::sort_ranked(&mut first);
            first.truncate(shown);
            scored.push(ScoredTitles { articles, gains });
        }
        Some((first, scored))
    }

    /// The positive clauses' terms with deferred titles, each once.
    fn deferred_terms(&self) -> Vec<String> {
        let mut deferred: Vec<String> = Vec::new();
        for clause in self.query.clauses.iter().filter(|c| !c.negated) {
            if self.terms[&clause.text].is_deferred() && !deferred.contains(&clause.text) {
                deferred.push(clause.text.clone());
            }
        }
        deferred
    }

    /// Records titles scored out of turn in their terms.
    fn record(&mut self, scored: Vec<ScoredTitles>) {
        let deferred = self.deferred_terms();
        for batch in scored {
            for (text, gains) in deferred.iter().zip(&batch.gains) {
                if let Some(term) = self.terms.get_mut(text) {
                    Arc::make_mut(term).add_gains(&batch.articles, gains);
                }
            }
        }
    }

    /// Sums the kept terms' hits where they are not, and with `titles`
    /// scores every deferred title too.
    fn settle_terms(&mut self, index: &SearchIndex, titles: bool) {
        for term in self.terms.values_mut() {
            if term.is_unsummed() || (titles && term.is_deferred()) {
                let term = Arc::make_mut(term);
                term.sum_now();
                if titles {
                    term.settle_some(usize::MAX, index);
                }
            }
        }
    }

    /// Whether every result is in its final place (see
    /// [`Searcher::run_showing`]).
    pub fn is_settled(&self) -> bool {
        self.settled.is_none()
    }

    /// Puts every result in its final place.
    pub fn settle(&mut self, index: &SearchIndex, articles: &[Article]) {
        while !self.settle_step(index, articles) {}
    }

    /// One step of [`Searcher::settle`], a few milliseconds long (for a
    /// caller that stops for input between steps); whether it is done.
    /// The rows already in place keep their place and highlights.
    pub fn settle_step(&mut self, index: &SearchIndex, articles: &[Article]) -> bool {
        let Some(shown) = self.settled else {
            return true;
        };
        if !self.stale.is_empty() {
            self.stale = Vec::new();
            return false;
        }
        if let Some(term) = self.terms.values_mut().find(|t| t.is_unsummed()) {
            Arc::make_mut(term).sum_now();
            return false;
        }
        if let Some(term) = self.terms.values_mut().find(|t| t.is_deferred()) {
            Arc::make_mut(term).settle_some(SETTLE_STEP, index);
            return false;
        }
        let rows =
            rank::by_score(rank::combine(&self.query, &self.terms, index.len()).into_owned());
        let (mut hits, mut pending) = into_hits(rows, self.order, index, articles);
        let placed = shown.min(hits.len());
        for (row, (hit, p)) in std::mem::take(&mut self.hits)
            .into_iter()
            .zip(std::mem::take(&mut self.pending_titles))
            .take(placed)
            .enumerate()
        {
            debug_assert_eq!(hits[row].article, hit.article, "the first rows stay");
            hits[row] = hit;
            pending[row] = p;
        }
        (self.hits, self.pending_titles) = (hits, pending);
        self.settled = None;
        self.highlight_titles(articles, self.eager_rows());
        true
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
            for a in hits.articles() {
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

/// A batch of titles scored out of turn by `Searcher::top_ranked`: the
/// articles (ascending), and each deferred term's gains of them.
struct ScoredTitles {
    articles: Vec<u32>,
    gains: Vec<Vec<(u32, i64)>>,
}

/// Adds title gains (article, gain; ascending) to `rows` (ascending by
/// article).
fn add_gains(rows: &mut [rank::Row], gains: &[(u32, i64)]) {
    let mut gains = gains.iter().peekable();
    for row in rows {
        while gains.next_if(|g| g.0 < row.0).is_some() {}
        if let Some(&(_, gain)) = gains.next_if(|g| g.0 == row.0) {
            row.1 += gain;
            row.2 = true;
        }
    }
}

/// Runs a query once, without keeping state (the CLI's path).
pub fn search(index: &SearchIndex, articles: &[Article], query: &Query, order: Order) -> Vec<Hit> {
    let mut terms: HashMap<String, Arc<TermHits>> = HashMap::new();
    for clause in &query.clauses {
        terms
            .entry(clause.text.clone())
            .or_insert_with(|| Arc::new(evaluate(&clause.term, index, articles, None, None)));
    }
    let rows = rank::by_score(rank::combine(query, &terms, index.len()).into_owned());
    let (mut hits, mut pending) = into_hits(rows, order, index, articles);
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

/// The ranked rows as hits in `order`, and per hit whether its title
/// matched (its highlights are still to be computed).
fn into_hits(
    mut rows: Vec<rank::Row>,
    order: Order,
    index: &SearchIndex,
    articles: &[Article],
) -> (Vec<Hit>, Vec<bool>) {
    order.arrange(&mut rows, |r| r.0 as usize, index, articles);
    let pending = rows.iter().map(|r| r.2).collect();
    let hits = rows
        .into_iter()
        .map(|(article, score, _)| Hit {
            article: article as usize,
            score,
            title_matches: Vec::new(),
        })
        .collect();
    (hits, pending)
}
