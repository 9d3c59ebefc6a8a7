//! The round timeline: how many of a set of results report on each round
//! of the talks, with their guarantors, in date order; results with no
//! round fall into the months they are dated in, or into "no round".

use super::index::SearchIndex;
use super::searcher::Hit;
use crate::corpus::{Article, PubDate};
use crate::extract::Guarantor;
use crate::talks::{self, HeldRound};
use std::collections::BTreeMap;

/// What a row of the timeline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A round of the talks, as held.
    Round(&'static HeldRound),
    /// A month (a `PubDate` of month precision) of articles that report on
    /// no round.
    Month(PubDate),
    /// Articles with neither a round nor a date.
    Undated,
}

impl Period {
    /// The filter terms that select this row's articles.
    pub fn terms(self) -> Vec<String> {
        match self {
            Period::Round(r) => vec![format!("r:{}", r.number)],
            Period::Month(m) => vec!["r:none".to_string(), format!("d:{m}")],
            Period::Undated => vec!["r:none".to_string(), "d:none".to_string()],
        }
    }
}

/// One row: a period and the results in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineRow {
    pub period: Period,
    pub count: usize,
    /// Of those, how many name each guarantor (in `Guarantor::ALL` order).
    pub guarantors: [usize; 3],
}

impl TimelineRow {
    fn new(period: Period) -> TimelineRow {
        TimelineRow {
            period,
            count: 0,
            guarantors: [0; 3],
        }
    }

    fn add(&mut self, article: &Article) {
        self.count += 1;
        for g in &article.extraction.guarantors {
            if let Some(i) = Guarantor::ALL.iter().position(|x| x == g) {
                self.guarantors[i] += 1;
            }
        }
    }
}

/// Every round (with or without results), then months of results without
/// a round, in date order, and "no round" last when it has results. One
/// pass over the hits.
pub fn timeline(index: &SearchIndex, articles: &[Article], hits: &[Hit]) -> Vec<TimelineRow> {
    let mut rounds: Vec<TimelineRow> = talks::rounds()
        .iter()
        .map(|r| TimelineRow::new(Period::Round(r)))
        .collect();
    let mut months: BTreeMap<PubDate, TimelineRow> = BTreeMap::new();
    let mut undated = TimelineRow::new(Period::Undated);
    for hit in hits {
        let Some(article) = articles.get(hit.article) else {
            continue;
        };
        let round = article
            .extraction
            .round
            .and_then(|n| rounds.get_mut(usize::from(n).checked_sub(1)?));
        if let Some(row) = round {
            row.add(article);
            continue;
        }
        let month = index
            .date(hit.article)
            .and_then(|d| PubDate::new(d.year(), Some(d.month()?), None));
        match month {
            Some(m) => months
                .entry(m)
                .or_insert_with(|| TimelineRow::new(Period::Month(m)))
                .add(article),
            None => undated.add(article),
        }
    }
    // Rounds and months interleaved by date: a month sorts at its first
    // day, a round at its start.
    let start = |row: &TimelineRow| match row.period {
        Period::Round(r) => r.start,
        Period::Month(m) => m,
        Period::Undated => last_year(),
    };
    let mut rows: Vec<TimelineRow> = rounds.into_iter().chain(months.into_values()).collect();
    rows.sort_by_key(start);
    if undated.count > 0 {
        rows.push(undated);
    }
    rows
}

fn last_year() -> PubDate {
    PubDate::new(2199, None, None).expect("the last year a date may name")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ArticleMeta;
    use crate::extract::Extraction;

    fn article(round: Option<u8>, date: Option<&str>, guarantors: &[Guarantor]) -> Article {
        Article {
            id: "a".into(),
            title: "t".into(),
            path: None,
            meta: ArticleMeta {
                date: date.map(str::to_string),
                ..ArticleMeta::default()
            }
            .boxed(),
            text: "نص".into(),
            title_is_separate: true,
            extraction: Extraction {
                round,
                guarantors: guarantors.into(),
                entities: Box::new([]),
            },
        }
    }

    #[test]
    fn rounds_months_and_undated_rows_in_date_order() {
        use Guarantor::{Iran, Russia, Turkey};
        let articles = vec![
            article(Some(4), Some("2017-05-04"), &[Iran, Russia, Turkey]),
            article(Some(4), None, &[Russia]),
            article(None, Some("2020-03-05"), &[Turkey]),
            article(None, Some("2017-05-20"), &[]),
            article(None, None, &[]),
            article(Some(20), None, &[Russia, Turkey]),
        ];
        let index = SearchIndex::build_with_gazetteer(&articles, &[]);
        let hits: Vec<Hit> = (0..articles.len())
            .map(|a| Hit {
                article: a,
                score: 0,
                title_matches: Vec::new(),
            })
            .collect();
        let rows = timeline(&index, &articles, &hits);
        assert_eq!(rows.len(), 22 + 2 + 1);
        let label = |row: &TimelineRow| match row.period {
            Period::Round(r) => format!("r{}", r.number),
            Period::Month(m) => m.to_string(),
            Period::Undated => "none".to_string(),
        };
        let shown: Vec<String> = rows.iter().map(label).collect();
        // A month sorts at its first day: May 2017 before round 4 (3 May),
        // 2020-03 between rounds 14 (Dec 2019) and 15 (Feb 2021).
        let at = |s: &str| shown.iter().position(|x| x == s).unwrap();
        assert_eq!(at("r4"), at("2017-05") + 1);
        assert_eq!(at("2020-03"), at("r14") + 1);
        assert_eq!(at("r15"), at("2020-03") + 1);
        assert_eq!(shown.last().unwrap(), "none");
        let r4 = &rows[at("r4")];
        assert_eq!((r4.count, r4.guarantors), (2, [1, 2, 1]));
        assert_eq!(rows[at("r20")].count, 1);
        assert_eq!(rows[at("r5")].count, 0);
        assert_eq!(rows[at("2020-03")].guarantors, [0, 0, 1]);
        assert_eq!(rows[at("2020-03")].period.terms(), ["r:none", "d:2020-03"]);
        assert_eq!(rows[at("r4")].period.terms(), ["r:4"]);
    }
}
