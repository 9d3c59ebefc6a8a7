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

/// The articles of `rows` (as `combine` returns them) whose score, with
/// the most the positive clauses' deferred titles can still add, could
/// reach the row ranked at `(last, floor)` (see [`nth_ranked`]): a higher
/// score, or the same from an article not after it. `None` when nothing
/// is deferred.
pub(super) fn contenders(
    query: &Query,
    terms: &HashMap<String, Arc<TermHits>>,
    rows: &[Row],
    (last, floor): (u32, i64),
) -> Option<Vec<u32>> {
    let deferred: Vec<&TermHits> = query
        .clauses
        .iter()
        .filter(|c| !c.negated)
        .map(|c| terms[&c.text].as_ref())
        .filter(|t| t.is_deferred())
        .collect();
    // Per article, the sum of its slacks over the terms, ascending.
    let slacks: Vec<(u32, i64)> = match &deferred[..] {
        [] => return None,
        [term] => term.slacks().collect(),
        terms => {
            let mut all: Vec<(u32, i64)> = terms.iter().flat_map(|t| t.slacks()).collect();
            all.sort_unstable_by_key(|&(a, _)| a);
            let mut summed: Vec<(u32, i64)> = Vec::with_capacity(all.len());
            for (a, slack) in all {
                match summed.last_mut() {
                    Some((b, s)) if *b == a => *s += slack,
                    _ => summed.push((a, slack)),
                }
            }
            summed
        }
    };
    let mut rows = rows.iter().peekable();
    Some(
        slacks
            .into_iter()
            .filter(|&(a, slack)| {
                while rows.next_if(|r| r.0 < a).is_some() {}
                let Some(&(_, score, _)) = rows.next_if(|r| r.0 == a) else {
                    return false;
                };
                slack > 0 && (score + slack > floor || (score + slack == floor && a <= last))
            })
            .map(|(a, _)| a)
            .collect(),
    )
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

    #[test]
    fn counting_ranks_as_a_stable_sort_does() {
        let mut state = 7u64;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
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
}
