//! Combining the terms' hit lists into the results and ranking them, in
//! time proportional to the hits (no per-article arrays per keystroke).

use super::query::Query;
use super::score::TermHits;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// One result before it becomes a `Hit`: article, score, matched in the
/// title.
pub(super) type Row = (u32, i64, bool);

/// The articles that every clause of `query` keeps (each positive clause
/// holds them, no negated one does), with the positive clauses' scores
/// summed, ascending by article. `count` is the number of articles. A
/// query of one positive clause and no negated one is that clause's hits
/// as they are (borrowed: a copy would be one more pass over every hit
/// per keystroke).
pub(super) fn combine<'t>(
    query: &Query,
    terms: &'t HashMap<String, Arc<TermHits>>,
    count: usize,
) -> Cow<'t, [Row]> {
    debug_assert!(
        query.clauses.iter().all(|c| !terms[&c.text].is_unsummed()),
        "the terms' hits are summed before they are combined"
    );
    let in_range = |&&(a, _, _): &&Row| (a as usize) < count;
    let mut positive = query.clauses.iter().filter(|c| !c.negated);
    if let ([first], false) = (&query.clauses[..], query.clauses.iter().any(|c| c.negated)) {
        let hits = &terms[&first.text].hits;
        if hits.last().is_none_or(|h| in_range(&h)) {
            return Cow::Borrowed(hits);
        }
    }
    let mut rows: Vec<Row> = match positive.next() {
        Some(first) => terms[&first.text]
            .hits
            .iter()
            .filter(in_range)
            .copied()
            .collect(),
        None => (0..count as u32).map(|a| (a, 0, false)).collect(),
    };
    for clause in positive {
        let mut other = terms[&clause.text].hits.iter().peekable();
        rows.retain_mut(|(a, score, title)| {
            while other.next_if(|(b, _, _)| b < a).is_some() {}
            match other.next_if(|(b, _, _)| b == a) {
                Some(&(_, s, t)) => {
                    *score += s;
                    *title |= t;
                    true
                }
                None => false,
            }
        });
    }
    for clause in query.clauses.iter().filter(|c| c.negated) {
        let mut other = terms[&clause.text].hits.iter().peekable();
        rows.retain(|(a, _, _)| {
            while other.next_if(|(b, _, _)| b < a).is_some() {}
            other.next_if(|(b, _, _)| b == a).is_none()
        });
    }
    Cow::Owned(rows)
}

/// Per row of `rows` (as `combine` returns them), the most the positive
/// clauses' deferred titles can still add to its score; `None` when no
/// title is deferred.
pub(super) fn slacks<'t>(
    query: &Query,
    terms: &'t HashMap<String, Arc<TermHits>>,
    rows: &Cow<'t, [Row]>,
) -> Option<Cow<'t, [u32]>> {
    let deferred: Vec<&TermHits> = positive_terms(query, terms)
        .filter(|t| t.is_deferred())
        .collect();
    if deferred.is_empty() {
        return None;
    }
    // Borrowed rows are the one clause's hits, and so are its slacks.
    if let (Cow::Borrowed(_), [term]) = (rows, &deferred[..]) {
        return term.slacks().map(Cow::Borrowed);
    }
    let mut summed = vec![0u32; rows.len()];
    for term in deferred {
        let Some(slacks) = term.slacks() else {
            continue;
        };
        let mut theirs = term.hits.iter().zip(slacks).peekable();
        for (row, sum) in rows.iter().zip(&mut summed) {
            while theirs.next_if(|(h, _)| h.0 < row.0).is_some() {}
            if let Some((_, &slack)) = theirs.next_if(|(h, _)| h.0 == row.0) {
                *sum = sum.saturating_add(slack);
            }
        }
    }
    Some(Cow::Owned(summed))
}

/// The kept hits of the positive clauses of `query`.
fn positive_terms<'t>(
    query: &Query,
    terms: &'t HashMap<String, Arc<TermHits>>,
) -> impl Iterator<Item = &'t TermHits> {
    query
        .clauses
        .iter()
        .filter(|c| !c.negated)
        .map(|c| terms[&c.text].as_ref())
}

/// Whether a contender's bound ranks before `row` in the order of
/// [`by_score`]: scoring its titles could place it above that row.
pub(super) fn could_pass(&(contender, bound): &Contender, row: &Row) -> bool {
    bound > row.1 || (bound == row.1 && contender.0 < row.0)
}

/// A row with a slack, as [`Contenders`] gives it: the row, and its bound
/// (its score plus its slack).
pub(super) type Contender = (Row, i64);

/// The rows of `rows` with a slack above 0 (`slacks` aligned with them),
/// as contenders.
fn with_bounds<'r>(rows: &'r [Row], slacks: &'r [u32]) -> impl Iterator<Item = Contender> + 'r {
    rows.iter()
        .zip(slacks)
        .filter(|(_, s)| **s > 0)
        .map(|(&r, &s)| (r, r.1 + i64::from(s)))
}

/// Puts `rows` in the order of [`by_score`] (by score, highest first, ties
/// in article order).
pub(super) fn sort_ranked(rows: &mut [Row]) {
    rows.sort_unstable_by_key(|r| (std::cmp::Reverse(r.1), r.0));
}

/// Puts `contenders` in the order [`Contenders`] gives them (by bound,
/// highest first, ties in article order).
pub(super) fn sort_by_bound(contenders: &mut [Contender]) {
    contenders.sort_unstable_by_key(|&(r, bound)| (std::cmp::Reverse(bound), r.0));
}

/// The rows with a slack (see [`slacks`]), by their bound highest first,
/// ties in article order, a batch at a time: each batch is one pass over
/// the rows, not a sort of them all. A broad term leaves most rows a
/// slack, and a screenful is settled within the first few hundred.
pub(super) struct Contenders {
    /// The bounds counted per value from `low`, when their range allows
    /// (else every contender is sorted at once, into `sorted`).
    low: i64,
    counts: Vec<u32>,
    sorted: Option<std::vec::IntoIter<Contender>>,
    /// The last contender given (bound, article), and how many of its
    /// bound were given: the next rank after it.
    last: Option<(i64, u32)>,
    given_at_last: u32,
}

impl Contenders {
    /// The contenders after those `given` (the first ones, in order).
    pub(super) fn after(rows: &[Row], slacks: &[u32], given: &[Contender]) -> Contenders {
        let mut contenders = Contenders::new(rows, slacks);
        if let Some(&(row, bound)) = given.last() {
            match &mut contenders.sorted {
                Some(sorted) => {
                    sorted.nth(given.len() - 1);
                }
                None => {
                    contenders.last = Some((bound, row.0));
                    contenders.given_at_last =
                        given.iter().filter(|(_, b)| *b == bound).count() as u32;
                }
            }
        }
        contenders
    }

    fn new(rows: &[Row], slacks: &[u32]) -> Contenders {
        let bounds = || with_bounds(rows, slacks).map(|(_, bound)| bound);
        let (low, high) = bounds().fold((i64::MAX, i64::MIN), |(l, h), b| (l.min(b), h.max(b)));
        let mut contenders = Contenders {
            low,
            counts: Vec::new(),
            sorted: None,
            last: None,
            given_at_last: 0,
        };
        if high < low {
            contenders.sorted = Some(Vec::new().into_iter());
        } else if high - low < COUNTING_RANGE {
            contenders.counts = vec![0; (high - low) as usize + 1];
            for b in bounds() {
                contenders.counts[(b - low) as usize] += 1;
            }
        } else {
            let mut all: Vec<Contender> = with_bounds(rows, slacks).collect();
            sort_by_bound(&mut all);
            contenders.sorted = Some(all.into_iter());
        }
        contenders
    }

    /// The next (up to) `count` contenders in order; `rows` and `slacks`
    /// as given to [`Contenders::new`].
    pub(super) fn next_batch(
        &mut self,
        rows: &[Row],
        slacks: &[u32],
        count: usize,
    ) -> Vec<Contender> {
        if let Some(sorted) = &mut self.sorted {
            return sorted.take(count).collect();
        }
        // The least bound of the batch, and how many of that bound it
        // takes.
        let last_slot = self.last.map(|(b, _)| (b - self.low) as usize);
        let top = last_slot.map_or(self.counts.len(), |slot| slot + 1);
        let mut left = count;
        let mut least = None;
        for slot in (0..top).rev() {
            let given = if Some(slot) == last_slot {
                self.given_at_last
            } else {
                0
            };
            let available = (self.counts[slot] - given) as usize;
            if available >= left {
                least = Some((slot, left));
                break;
            }
            left -= available;
        }
        let (least, at_least) = match least {
            Some((slot, n)) => (self.low + slot as i64, n),
            None => (self.low, usize::MAX),
        };
        let mut batch = Vec::new();
        let mut taken_at_least = 0;
        for (row, bound) in with_bounds(rows, slacks) {
            if bound < least {
                continue;
            }
            if let Some((b, a)) = self.last
                && (bound > b || (bound == b && row.0 <= a))
            {
                continue;
            }
            if bound == least {
                if taken_at_least == at_least {
                    continue;
                }
                taken_at_least += 1;
            }
            batch.push((row, bound));
        }
        sort_by_bound(&mut batch);
        if let Some(&(row, bound)) = batch.last() {
            let same = batch.iter().filter(|(_, b)| *b == bound).count() as u32;
            self.given_at_last = match self.last {
                Some((b, _)) if b == bound => self.given_at_last + same,
                _ => same,
            };
            self.last = Some((bound, row.0));
        }
        batch
    }
}

/// Scores spread over at most this many values are ranked by counting
/// (a query's scores are a few bases plus a quality of at most 900).
const COUNTING_RANGE: i64 = 1 << 16;

/// `rows` (ascending by article) by descending score, ties in article
/// order: the order a stable sort gives, by counting when the scores'
/// range allows (linear; a comparison sort of 80,000 hits took a few
/// milliseconds per keystroke).
pub(super) fn by_score(rows: Vec<Row>) -> Vec<Row> {
    let (Some(min), Some(max)) = (
        rows.iter().map(|r| r.1).min(),
        rows.iter().map(|r| r.1).max(),
    ) else {
        return rows;
    };
    if max - min >= COUNTING_RANGE {
        let mut rows = rows;
        rows.sort_by_key(|r| std::cmp::Reverse(r.1));
        return rows;
    }
    // Slot of each score, highest first.
    let slot = |score: i64| (max - score) as usize;
    let mut starts = vec![0u32; (max - min) as usize + 2];
    for r in &rows {
        starts[slot(r.1) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut out = vec![(0, 0, false); rows.len()];
    for r in rows {
        let at = &mut starts[slot(r.1)];
        out[*at as usize] = r;
        *at += 1;
    }
    out
}

/// The row at position `k` (from 0) of `rows` (ascending by article) in
/// the order of [`by_score`], as (article, score), without sorting them.
pub(super) fn nth_ranked(rows: &[Row], k: usize) -> Option<(u32, i64)> {
    if k >= rows.len() {
        return None;
    }
    // The scores counted per value in one pass when they lie in
    // `0..COUNTING_RANGE` (a query's scores are a few bases and
    // qualities), else selected.
    let mut counts = vec![0u32; COUNTING_RANGE as usize];
    let counted = rows.iter().all(|r| match counts.get_mut(r.1 as usize) {
        Some(n) if r.1 >= 0 => {
            *n += 1;
            true
        }
        _ => false,
    });
    let (floor, above) = if counted {
        let mut above = 0;
        let mut score = counts.len();
        loop {
            score -= 1;
            let n = counts[score] as usize;
            if above + n > k {
                break (score as i64, above);
            }
            above += n;
        }
    } else {
        let mut scores: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let (_, &mut floor, _) = scores.select_nth_unstable_by(k, |a, b| b.cmp(a));
        (floor, rows.iter().filter(|r| r.1 > floor).count())
    };
    let last = rows.iter().filter(|r| r.1 == floor).nth(k - above)?.0;
    Some((last, floor))
}

/// The rows of `rows` (ascending by article) ranked up to `(article,
/// score)`, in the order of [`by_score`]: the first rows of the complete
/// ranking, found without ranking the others.
pub(super) fn ranked_up_to(rows: &[Row], (last, floor): (u32, i64)) -> Vec<Row> {
    by_score(
        rows.iter()
            .filter(|&&(a, score, _)| score > floor || (score == floor && a <= last))
            .copied()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::numbers;

    #[test]
    fn counting_ranks_as_a_stable_sort_does() {
        let mut next = numbers(7);
        for spread in [1, 3, 900, 5000, 1 << 20] {
            let mut rows: Vec<Row> = Vec::new();
            for a in 0..2000u32 {
                if next(3) > 0 {
                    rows.push((a, 1000 + next(spread) as i64, next(2) == 0));
                }
            }
            let mut sorted = rows.clone();
            sorted.sort_by_key(|r| std::cmp::Reverse(r.1));
            for k in [0, 1, 7, 40, rows.len() / 2, rows.len() - 1] {
                let (a, score, _) = sorted[k];
                assert_eq!(nth_ranked(&rows, k), Some((a, score)), "row {k}");
                assert_eq!(
                    ranked_up_to(&rows, (a, score)),
                    sorted[..=k],
                    "the first {k}"
                );
            }
            assert_eq!(nth_ranked(&rows, rows.len()), None);
            assert_eq!(by_score(rows), sorted, "scores over {spread} values");
        }
        assert!(by_score(Vec::new()).is_empty());
    }

    #[test]
    fn contenders_come_by_bound_in_batches_as_a_sort_gives_them() {
        let mut next = numbers(5);
        // Narrow spreads make long ties; the widest is sorted at once.
        for spread in [2, 40, 3000, 1 << 20] {
            let mut rows: Vec<Row> = Vec::new();
            let mut slacks: Vec<u32> = Vec::new();
            for a in 0..3000u32 {
                if next(4) > 0 {
                    rows.push((a, 1000 + next(spread) as i64, false));
                    slacks.push(if next(3) == 0 { 0 } else { next(spread) as u32 });
                }
            }
            let mut sorted: Vec<Contender> = rows
                .iter()
                .zip(&slacks)
                .filter(|(_, s)| **s > 0)
                .map(|(&r, &s)| (r, r.1 + i64::from(s)))
                .collect();
            sorted.sort_by_key(|&(r, bound)| (std::cmp::Reverse(bound), r.0));
            for first in [0, 1, 7, 300] {
                let mut given: Vec<Contender> = sorted[..first].to_vec();
                let mut contenders = Contenders::after(&rows, &slacks, &given);
                let mut size = 1;
                loop {
                    let batch = contenders.next_batch(&rows, &slacks, size);
                    assert!(batch.len() <= size);
                    if batch.is_empty() {
                        break;
                    }
                    given.extend(batch);
                    size = size * 3 + 1;
                }
                assert_eq!(given, sorted, "spread {spread}, after {first}");
            }
        }
    }
}
