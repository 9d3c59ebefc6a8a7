//! Counts of articles per facet value (guarantor, round, person, place,
//! organisation, agency, year): over a set of articles for `astana facets`, and
//! disjunctively under a filter for the explorer's facet picker.

use super::index::SearchIndex;
use super::query::{QueryField, Term, TextTerm};
use super::score::{entities_matching, names_have_word};
use super::searcher::Searcher;
use super::words::QueryWord;
use crate::corpus::{Article, PubDate};
use crate::extract::{EntityKind, Guarantor};
use crate::text::normalize::normalize;
use std::collections::{BTreeMap, HashMap};

/// Facet value → number of articles that have it, per facet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    pub guarantors: BTreeMap<String, usize>,
    /// Round number → count; articles without a round are not counted here.
    pub rounds: BTreeMap<u8, usize>,
    pub without_round: usize,
    /// Year of publication → count; articles without a date are not counted here.
    pub years: BTreeMap<u16, usize>,
    pub without_date: usize,
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
            match article.pub_date() {
                Some(d) => *counts.years.entry(d.year()).or_default() += 1,
                None => counts.without_date += 1,
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

/// One value of a facet, as the picker offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// The value as written after the field's prefix (`iran`, `4`, `none`,
    /// `eastern-ghouta`): the field term `g:iran` selects exactly this row.
    pub value: String,
    /// The name to show (`iran`, `round 4`, `no round`, `Alexander
    /// Lavrentiev`); article text, so sanitized when drawn.
    pub label: String,
    /// The Arabic form, when there is one.
    pub arabic: String,
    /// Articles that have it under the filter without this facet's own clauses.
    pub count: usize,
    /// The filter's own clauses of this facet select it.
    pub selected: bool,
    /// Normalized names, to narrow the rows by ([`FacetValue::matches`]).
    names: Vec<String>,
}

impl FacetValue {
    fn new(value: String, label: String, arabic: String, names: Vec<String>) -> FacetValue {
        FacetValue {
            value,
            label,
            arabic,
            count: 0,
            selected: false,
            names,
        }
    }

    /// Whether typed text names this value, matched as a field term's value
    /// is (normalized; a name contains it, or one of the names' words
    /// matches it with clitics, prefixes and Latin skeletons). Empty text
    /// matches every value.
    pub fn matches(&self, typed: &TextTerm) -> bool {
        match &typed.words[..] {
            [] => true,
            [word] => {
                self.names.iter().any(|n| n.contains(&typed.key))
                    || names_have_word(&self.names, &QueryWord::new(word))
            }
            _ => self.names.iter().any(|n| n.contains(&typed.key)),
        }
    }
}

/// One facet: a field's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub field: QueryField,
    pub values: Vec<FacetValue>,
}

/// Every facet of the last query the searcher ran, counted disjunctively
/// (the usual faceted-search rule): each facet's counts are taken under
/// the filter without that facet's own (not negated) clauses, so the
/// picker offers the values that widen the filter too. A facet's values
/// are those with articles, and the selected ones.
pub fn facets(index: &SearchIndex, articles: &[Article], searcher: &Searcher) -> Vec<Facet> {
    let query = searcher.query();
    let n = index.len().min(articles.len());
    let mut results: Option<Vec<bool>> = None;
    QueryField::ALL
        .into_iter()
        .map(|field| {
            let own: Vec<&Term> = query
                .clauses
                .iter()
                .filter(|c| !c.negated && c.field() == Some(field))
                .flat_map(|c| c.term.alternatives())
                .collect();
            let base = if own.is_empty() {
                results
                    .get_or_insert_with(|| searcher.members_without(n, |_| false))
                    .clone()
            } else {
                searcher.members_without(n, |c| !c.negated && c.field() == Some(field))
            };
            let values = match field {
                QueryField::Guarantor => guarantor_values(articles, &base, &own),
                QueryField::Round => round_values(articles, &base, &own),
                QueryField::Date => year_values(index, &base, &own),
                _ => entity_values(index, field, &base, &own),
            };
            Facet { field, values }
        })
        .collect()
}

fn members<'a>(articles: &'a [Article], base: &'a [bool]) -> impl Iterator<Item = &'a Article> {
    articles
        .iter()
        .zip(base)
        .filter(|(_, m)| **m)
        .map(|(a, _)| a)
}

fn guarantor_values(articles: &[Article], base: &[bool], own: &[&Term]) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = Guarantor::ALL
        .into_iter()
        .map(|g| {
            let names = vec![g.key().to_string(), normalize(g.arabic())];
            let mut v = FacetValue::new(g.key().into(), g.key().into(), g.arabic().into(), names);
            v.selected = own.contains(&&Term::Guarantor(g));
            v
        })
        .collect();
    for article in members(articles, base) {
        for g in &article.extraction.guarantors {
            if let Some(i) = Guarantor::ALL.iter().position(|x| x == g) {
                values[i].count += 1;
            }
        }
    }
    values
}

fn round_values(articles: &[Article], base: &[bool], own: &[&Term]) -> Vec<FacetValue> {
    let mut counts: BTreeMap<u8, usize> = BTreeMap::new();
    let mut none = 0;
    for article in members(articles, base) {
        match article.extraction.round {
            Some(r) => *counts.entry(r).or_default() += 1,
            None => none += 1,
        }
    }
    let mut selected_none = false;
    for term in own {
        match term {
            // A single round stays offered at zero, so it can be unticked;
            // a range's empty rounds are not listed one by one.
            Term::Rounds(ranges) => {
                for range in ranges.iter().filter(|r| r.start() == r.end()) {
                    counts.entry(*range.start()).or_default();
                }
            }
            Term::NoRound => selected_none = true,
            _ => {}
        }
    }
    let is_selected = |r: u8| {
        own.iter()
            .any(|t| matches!(t, Term::Rounds(ranges) if ranges.iter().any(|x| x.contains(&r))))
    };
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(r, count)| {
            let mut v = FacetValue::new(
                r.to_string(),
                format!("round {r}"),
                String::new(),
                vec![r.to_string()],
            );
            v.count = count;
            v.selected = is_selected(r);
            v
        })
        .collect();
    values.extend(none_row("no round", none, selected_none));
    values
}

/// Years of publication with their counts, and `none` for undated
/// articles. A year is selected when a date term covers the whole year.
fn year_values(index: &SearchIndex, base: &[bool], own: &[&Term]) -> Vec<FacetValue> {
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    let mut none = 0;
    for (a, _) in base.iter().enumerate().filter(|(_, m)| **m) {
        match index.date(a) {
            Some(d) => *counts.entry(d.year()).or_default() += 1,
            None => none += 1,
        }
    }
    let whole_year = |y: u16| PubDate::new(y, None, None).map(PubDate::covered);
    let is_selected = |y: u16| {
        own.iter().any(|t| {
            matches!(t, Term::Dates(ranges) if whole_year(y).is_some_and(|year| {
                ranges.iter().any(|r| r.start() <= year.start() && year.end() <= r.end())
            }))
        })
    };
    for term in own {
        if let Term::Dates(ranges) = term {
            for range in ranges {
                let Some(d) = PubDate::from_number(*range.start()) else {
                    continue;
                };
                if whole_year(d.year()).as_ref() == Some(range) {
                    counts.entry(d.year()).or_default();
                }
            }
        }
    }
    let selected_none = own.contains(&&Term::NoDate);
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .rev()
        .map(|(y, count)| {
            let mut v = FacetValue::new(
                y.to_string(),
                y.to_string(),
                String::new(),
                vec![y.to_string()],
            );
            v.count = count;
            v.selected = is_selected(y);
            v
        })
        .collect();
    values.extend(none_row("no date", none, selected_none));
    values
}

/// The `none` value of the round and year facets (`label`: what it means),
/// offered when articles have it or the filter selects it.
fn none_row(label: &str, count: usize, selected: bool) -> Option<FacetValue> {
    (count > 0 || selected).then(|| {
        let mut v = FacetValue::new(
            "none".into(),
            label.into(),
            String::new(),
            vec!["none".into()],
        );
        v.count = count;
        v.selected = selected;
        v
    })
}

/// Values of an entity facet from the index's entities (one pass over
/// their article lists). Entities of one value (an agency and the same
/// name as an article's `source`) are one row, each article counted once.
fn entity_values(
    index: &SearchIndex,
    field: QueryField,
    base: &[bool],
    own: &[&Term],
) -> Vec<FacetValue> {
    let Some(entity_field) = field.entity() else {
        return Vec::new();
    };
    let kind = entity_field.kind();
    let mut selected = vec![false; index.entities.len()];
    for term in own {
        if let Term::Entity(f, text) = term {
            for (s, m) in selected.iter_mut().zip(entities_matching(index, *f, text)) {
                *s |= m;
            }
        }
    }
    let mut rows: Vec<FacetValue> = Vec::new();
    let mut by_value: HashMap<&str, usize> = HashMap::new();
    // The row an article was last counted for.
    let mut counted_for = vec![usize::MAX; base.len()];
    for (e, entity) in index.entities.iter().enumerate() {
        // A key of punctuation only has no value to write.
        if entity.kind != kind || entity.value.is_empty() {
            continue;
        }
        let row = *by_value.entry(&entity.value).or_insert_with(|| {
            rows.push(FacetValue::new(
                entity.value.to_string(),
                entity.name.to_string(),
                String::new(),
                Vec::new(),
            ));
            rows.len() - 1
        });
        let v = &mut rows[row];
        v.selected |= selected[e];
        if v.arabic.is_empty() && *entity.arabic != *entity.name {
            v.arabic = entity.arabic.to_string();
        }
        for &a in &entity.articles {
            let a = a as usize;
            if base.get(a) == Some(&true) && counted_for[a] != row {
                counted_for[a] = row;
                v.count += 1;
            }
        }
    }
    // Names only for the rows offered (narrowing reads them).
    for (e, entity) in index.entities.iter().enumerate() {
        if entity.kind == kind && !entity.value.is_empty() {
            let v = &mut rows[by_value[&*entity.value]];
            if v.count > 0 || selected[e] || v.selected {
                v.names.extend(entity.names.iter().cloned());
            }
        }
    }
    rows.retain(|v| v.count > 0 || v.selected);
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ArticleMeta;
    use crate::extract::{Entity, Extraction, Field, Mention};

    fn article(id: &str, round: Option<u8>, guarantors: &[Guarantor], people: &[&str]) -> Article {
        let text = people.join(" و");
        let entities = people
            .iter()
            .map(|p| {
                let start = text.find(p).unwrap() as u32;
                let mention = Mention::new(Field::Text, start, start + p.len() as u32);
                Entity::new(
                    EntityKind::Person,
                    [&format!("ar:{p}"), p, p],
                    None,
                    vec![mention],
                )
            })
            .collect();
        Article {
            id: id.into(),
            title: id.into(),
            path: None,
            meta: ArticleMeta {
                source: Some("Reuters".into()),
                ..Default::default()
            }
            .boxed(),
            text: text.into(),
            title_is_separate: true,
            extraction: Extraction {
                round,
                guarantors: guarantors.into(),
                entities,
            },
        }
    }

    fn corpus() -> Vec<Article> {
        use Guarantor::{Iran, Russia, Turkey};
        vec![
            article("a", Some(4), &[Iran, Russia], &["لافرنتييف"]),
            article("b", Some(4), &[Russia], &["أنصاري", "لافرنتييف"]),
            article("c", Some(6), &[Turkey, Russia], &["أنصاري"]),
            article("d", None, &[Iran], &[]),
        ]
    }

    /// A value as (value, count, selected).
    type Row = (String, usize, bool);

    /// (field, rows) under `filter`.
    fn counts(filter: &str) -> Vec<(QueryField, Vec<Row>)> {
        let articles = corpus();
        let index = SearchIndex::build_with_gazetteer(&articles, &[]);
        let mut searcher = Searcher::new();
        searcher.run(&index, &articles, filter).unwrap();
        facets(&index, &articles, &searcher)
            .into_iter()
            .map(|f| {
                let values = f
                    .values
                    .iter()
                    .map(|v| (v.value.clone(), v.count, v.selected));
                (f.field, values.collect())
            })
            .collect()
    }

    fn facet(filter: &str, field: QueryField) -> Vec<Row> {
        let all = counts(filter);
        all.into_iter().find(|(f, _)| *f == field).unwrap().1
    }

    fn v(value: &str, count: usize, selected: bool) -> Row {
        (value.to_string(), count, selected)
    }

    #[test]
    fn every_kind_is_a_facet_and_rounds_have_none() {
        let all = counts("");
        let fields: Vec<QueryField> = all.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, QueryField::ALL);
        assert_eq!(
            facet("", QueryField::Round),
            [v("4", 2, false), v("6", 1, false), v("none", 1, false)]
        );
        assert_eq!(
            facet("", QueryField::Person),
            [v("انصاري", 2, false), v("لافرنتييف", 2, false)]
        );
        assert_eq!(facet("", QueryField::Source), [v("reuters", 4, false)]);
        assert!(facet("", QueryField::Place).is_empty());
    }

    #[test]
    fn a_facet_s_own_clauses_do_not_narrow_its_counts() {
        // r:4 leaves rounds 6 and none offered with their counts, so the
        // filter can widen; the other facets count under r:4.
        assert_eq!(
            facet("r:4", QueryField::Round),
            [v("4", 2, true), v("6", 1, false), v("none", 1, false)]
        );
        assert_eq!(
            facet("r:4", QueryField::Guarantor),
            [
                v("iran", 1, false),
                v("russia", 2, false),
                v("turkey", 0, false)
            ]
        );
        // Other facets' clauses still narrow: under g:turkey only round 6.
        assert_eq!(
            facet("r:4 g:turkey", QueryField::Round),
            [v("4", 0, true), v("6", 1, false)]
        );
        // Several values of one facet, in both scripts and any case.
        assert_eq!(
            facet("G:IRAN,تركيا", QueryField::Guarantor),
            [
                v("iran", 2, true),
                v("russia", 3, false),
                v("turkey", 1, true)
            ]
        );
        assert_eq!(
            facet("r:none,6", QueryField::Round),
            [v("4", 2, false), v("6", 1, true), v("none", 1, true)]
        );
        // A negated clause is the rest of the filter: it narrows its own facet.
        assert_eq!(
            facet("!r:none", QueryField::Round),
            [v("4", 2, false), v("6", 1, false)]
        );
    }

    #[test]
    fn entity_facets_tick_what_the_filter_names_in_either_script() {
        for filter in ["p:lavrentiev", "P:لافرنتييف", "p:لافرنتييف"] {
            assert_eq!(
                facet(filter, QueryField::Person),
                [v("انصاري", 2, false), v("لافرنتييف", 2, true)],
                "{filter}"
            );
            assert_eq!(
                facet(filter, QueryField::Round),
                [v("4", 2, false)],
                "{filter}"
            );
        }
    }

    #[test]
    fn values_narrow_by_the_filter_s_matching() {
        let articles = corpus();
        let index = SearchIndex::build_with_gazetteer(&articles, &[]);
        let mut searcher = Searcher::new();
        searcher.run(&index, &articles, "").unwrap();
        let all = facets(&index, &articles, &searcher);
        let shown = |field: QueryField, typed: &str| -> Vec<String> {
            let term = TextTerm::new(typed);
            let facet = all.iter().find(|f| f.field == field).unwrap();
            facet
                .values
                .iter()
                .filter(|v| v.matches(&term))
                .map(|v| v.value.clone())
                .collect()
        };
        // Latin finds an Arabic-only name as the filter does: the whole
        // word through its skeleton (a Latin name is found by any part).
        assert_eq!(shown(QueryField::Person, "lavrentiev"), ["لافرنتييف"]);
        assert_eq!(shown(QueryField::Person, "لافرن"), ["لافرنتييف"]);
        assert_eq!(shown(QueryField::Person, "ansari"), ["انصاري"]);
        assert_eq!(shown(QueryField::Guarantor, "ايران"), ["iran"]);
        assert_eq!(shown(QueryField::Guarantor, "tur"), ["turkey"]);
        assert_eq!(shown(QueryField::Round, "no"), ["none"]);
        assert_eq!(shown(QueryField::Person, "").len(), 2);
    }
}
