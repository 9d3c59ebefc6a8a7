//! The facet picker (`f`): every facet of the filter language (guarantors,
//! rounds, people, places, organisations, agencies) as a section of values
//! with their disjunctive counts (`search::facets`). Space ticks a value,
//! typed letters narrow the section, Enter rewrites the filter's clauses
//! of the sections that changed and leaves the rest of its text as it was.
//!
//! Its state comes from the filter through `search::Query` (the one
//! parser), so it ticks `g:إيران`, `G:iran` and `r:none` as the filter
//! line reads them.

use crate::search::facets::{Facet, FacetValue};
use crate::search::{Query, QueryField, TextTerm, open_quote};
use std::ops::Range;

/// What a key asks of the open picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextSection,
    PrevSection,
    /// A letter of the text that narrows the section.
    Type(char),
    /// Widens: the last typed letter goes.
    Backspace,
    Toggle,
    Apply,
    /// Clears the narrowing text, or closes when there is none.
    Back,
    Close,
}

/// What the picker asks of the app after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerOutcome {
    Stay,
    Close,
    /// Close and set the filter to this text.
    Apply(String),
}

/// Rows moved by PageUp/PageDown.
const PAGE: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetPicker {
    /// The filter the picker was opened on (what Enter rewrites).
    filter: String,
    facets: Vec<Facet>,
    /// Per section, per value: ticked now (the facets keep what the filter
    /// selected, to tell which sections changed).
    on: Vec<Vec<bool>>,
    section: usize,
    /// The text typed to narrow the current section.
    typed: String,
    /// The current section's values that the typed text matches.
    shown: Vec<usize>,
    /// Index into `shown`.
    cursor: usize,
}

impl FacetPicker {
    /// A picker over `facets` (counted under `filter`), opened on the
    /// first section the filter selects something in.
    pub fn new(filter: &str, facets: Vec<Facet>) -> FacetPicker {
        let on: Vec<Vec<bool>> = facets
            .iter()
            .map(|f| f.values.iter().map(|v| v.selected).collect())
            .collect();
        let section = on.iter().position(|s| s.contains(&true)).unwrap_or(0);
        let mut picker = FacetPicker {
            filter: filter.to_string(),
            facets,
            on,
            section,
            typed: String::new(),
            shown: Vec::new(),
            cursor: 0,
        };
        picker.narrow();
        picker
    }

    pub fn sections(&self) -> impl Iterator<Item = QueryField> + '_ {
        self.facets.iter().map(|f| f.field)
    }

    /// Index of the current section.
    pub fn section(&self) -> usize {
        self.section
    }

    /// How many values of section `i` are ticked.
    pub fn ticked(&self, i: usize) -> usize {
        self.on
            .get(i)
            .map_or(0, |s| s.iter().filter(|&&x| x).count())
    }

    /// The narrowing text.
    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// The current section's rows as shown: value, ticked.
    pub fn rows(&self) -> impl Iterator<Item = (&FacetValue, bool)> + '_ {
        let facet = self.facets.get(self.section);
        self.shown.iter().filter_map(move |&i| {
            let value = facet?.values.get(i)?;
            Some((value, self.on[self.section][i]))
        })
    }

    /// The most values of any section (the picker keeps one size while
    /// the user goes through the sections).
    pub fn longest_section(&self) -> usize {
        self.facets
            .iter()
            .map(|f| f.values.len())
            .max()
            .unwrap_or(0)
    }

    pub fn row_count(&self) -> usize {
        self.shown.len()
    }

    /// Index of the row under the cursor among [`FacetPicker::rows`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn update(&mut self, action: PickerAction) -> PickerOutcome {
        let last = self.shown.len().saturating_sub(1);
        match action {
            PickerAction::Up => self.cursor = self.cursor.saturating_sub(1),
            PickerAction::Down => self.cursor = (self.cursor + 1).min(last),
            PickerAction::PageUp => self.cursor = self.cursor.saturating_sub(PAGE),
            PickerAction::PageDown => self.cursor = (self.cursor + PAGE).min(last),
            PickerAction::Top => self.cursor = 0,
            PickerAction::Bottom => self.cursor = last,
            PickerAction::NextSection | PickerAction::PrevSection => {
                let n = self.facets.len().max(1);
                let step = if action == PickerAction::NextSection {
                    1
                } else {
                    n - 1
                };
                self.section = (self.section + step) % n;
                self.typed.clear();
                self.narrow();
            }
            PickerAction::Type(c) => {
                self.typed.push(c);
                self.narrow();
            }
            PickerAction::Backspace => {
                if self.typed.pop().is_some() {
                    self.narrow();
                }
            }
            PickerAction::Toggle => {
                if let Some(&i) = self.shown.get(self.cursor) {
                    let on = &mut self.on[self.section][i];
                    *on = !*on;
                }
            }
            PickerAction::Apply => return PickerOutcome::Apply(self.apply()),
            PickerAction::Back if !self.typed.is_empty() => {
                self.typed.clear();
                self.narrow();
            }
            PickerAction::Back | PickerAction::Close => return PickerOutcome::Close,
        }
        PickerOutcome::Stay
    }

    /// Recomputes the shown rows for the typed text, keeping the cursor on
    /// the same value when it is still shown.
    fn narrow(&mut self) {
        let under = self.shown.get(self.cursor).copied();
        let typed = TextTerm::new(&self.typed);
        self.shown = match self.facets.get(self.section) {
            Some(facet) => (facet.values.iter().enumerate())
                .filter(|(_, v)| v.matches(&typed))
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        };
        self.cursor = under
            .and_then(|u| self.shown.iter().position(|&i| i == u))
            .unwrap_or(0);
    }

    /// The filter with the clauses of every changed section replaced by one
    /// term of its ticked values (none when nothing is ticked); the other
    /// words stay as they were typed.
    fn apply(&self) -> String {
        let Ok(query) = Query::parse(&self.filter) else {
            return self.filter.clone();
        };
        // (span to replace, replacement); an empty span appends.
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for (facet, on) in self.facets.iter().zip(&self.on) {
            let changed = facet.values.iter().zip(on).any(|(v, &on)| v.selected != on);
            if !changed {
                continue;
            }
            let values: Vec<&str> = (facet.values.iter().zip(on))
                .filter(|(_, on)| **on)
                .map(|(v, _)| v.value.as_str())
                .collect();
            let mut term = (!values.is_empty()).then(|| facet.field.term(&values));
            let own = query
                .clauses
                .iter()
                .filter(|c| !c.negated && c.field() == Some(facet.field));
            for clause in own {
                edits.push((clause.span.clone(), term.take().unwrap_or_default()));
            }
            if let Some(term) = term {
                let end = self.filter.len();
                edits.push((end..end, term));
            }
        }
        edits.sort_by_key(|(span, _)| span.start);
        let mut out = String::new();
        let mut at = 0;
        for (span, replacement) in edits {
            let (start, mut end) = (span.start, span.end);
            if replacement.is_empty() {
                // A removed word takes the blanks after it along.
                let rest = &self.filter[end..];
                end += rest.len() - rest.trim_start().len();
            }
            out.push_str(&self.filter[at..start.max(at)]);
            // An appended term is one blank after the last word, and after
            // the quote closing a phrase still open there.
            if !replacement.is_empty() && start == self.filter.len() && !out.trim_end().is_empty() {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                if let Some(close) = open_quote(&out) {
                    out.push(close);
                }
                out.push(' ');
            }
            out.push_str(&replacement);
            at = end.max(at);
        }
        out.push_str(&self.filter[at..]);
        out.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;
    use crate::extract::{Entity, EntityKind, Extraction, Field, Guarantor, Mention};
    use crate::search::facets::facets;
    use crate::search::{SearchIndex, Searcher, Term};

    fn article(id: &str, round: Option<u8>, guarantors: &[Guarantor], people: &[&str]) -> Article {
        let text = people.join(" و");
        let entities = people
            .iter()
            .map(|p| {
                let start = text.find(p).unwrap() as u32;
                let mention = Mention::new(Field::Text, start, start + p.len() as u32);
                let (key, name) = match *p {
                    "لافرنتييف" => ("lavrentiev", "Alexander Lavrentiev"),
                    other => (other, other),
                };
                Entity::new(EntityKind::Person, [key, name, p], None, vec![mention])
            })
            .collect();
        Article {
            id: id.into(),
            title: id.into(),
            path: None,
            meta: None,
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

    fn index(articles: &[Article]) -> SearchIndex {
        SearchIndex::build_with_gazetteer(articles, &[])
    }

    fn picker(filter: &str) -> FacetPicker {
        let articles = corpus();
        let index = index(&articles);
        let mut searcher = Searcher::new();
        searcher.run(&index, &articles, filter).unwrap();
        FacetPicker::new(filter, facets(&index, &articles, &searcher))
    }

    /// The current section's rows as "[x] value count".
    fn rows(p: &FacetPicker) -> Vec<String> {
        p.rows()
            .map(|(v, on)| format!("[{}] {} {}", if on { "x" } else { " " }, v.value, v.count))
            .collect()
    }

    fn go_to(p: &mut FacetPicker, field: QueryField) {
        while p.sections().nth(p.section()) != Some(field) {
            p.update(PickerAction::NextSection);
        }
    }

    fn type_text(p: &mut FacetPicker, text: &str) {
        for c in text.chars() {
            p.update(PickerAction::Type(c));
        }
    }

    fn apply(p: &mut FacetPicker) -> String {
        match p.update(PickerAction::Apply) {
            PickerOutcome::Apply(filter) => filter,
            other => panic!("Enter applies: {other:?}"),
        }
    }

    #[test]
    fn ticks_what_the_filter_holds_in_both_scripts_and_any_case() {
        for filter in ["g:إيران", "G:iran", "g:Iran", "guarantor:IR", "g:الإيرانية"] {
            let p = picker(filter);
            assert_eq!(p.sections().nth(p.section()), Some(QueryField::Guarantor));
            assert_eq!(
                rows(&p),
                ["[x] iran 2", "[ ] russia 3", "[ ] turkey 1"],
                "{filter}"
            );
        }
        for (filter, ticked) in [
            ("r:4", vec!["[x] 4 2", "[ ] 6 1", "[ ] none 1"]),
            ("R:NONE", vec!["[ ] 4 2", "[ ] 6 1", "[x] none 1"]),
            ("r:٤,none", vec!["[x] 4 2", "[ ] 6 1", "[x] none 1"]),
        ] {
            let mut p = picker(filter);
            go_to(&mut p, QueryField::Round);
            assert_eq!(rows(&p), ticked, "{filter}");
        }
        for filter in ["p:lavrentiev", "P:Lavrentiev", "p:لافرنتييف"] {
            let mut p = picker(filter);
            go_to(&mut p, QueryField::Person);
            assert_eq!(rows(&p), ["[x] lavrentiev 2", "[ ] انصاري 2"], "{filter}");
        }
        // A negated term selects nothing in the picker.
        let mut p = picker("!r:none");
        go_to(&mut p, QueryField::Round);
        assert_eq!(rows(&p), ["[ ] 4 2", "[ ] 6 1"]);
    }

    #[test]
    fn a_phrase_in_the_filter_stays_whole() {
        // The phrase is one clause: terms the picker writes beside it leave
        // it as it was typed.
        let mut p = picker("\"مذكرة تفاهم\" r:4");
        go_to(&mut p, QueryField::Guarantor);
        p.update(PickerAction::Toggle); // iran
        let applied = apply(&mut p);
        assert_eq!(applied, "\"مذكرة تفاهم\" r:4 g:iran");
        let query = Query::parse(&applied).unwrap();
        assert_eq!(query.clauses.len(), 3);
        assert!(matches!(&query.clauses[0].term, Term::Phrase(t) if t.words == ["مذكره", "تفاهم"]));
        let mut p = picker("\"مذكرة تفاهم\" r:4");
        go_to(&mut p, QueryField::Round);
        p.update(PickerAction::Toggle); // round 4 off
        assert_eq!(apply(&mut p), "\"مذكرة تفاهم\"");
        // Its words are counted as a phrase: one article has them in a row.
        let mut p = picker("«أنصاري ولافرنتييف» r:4,6");
        go_to(&mut p, QueryField::Guarantor);
        assert_eq!(rows(&p), ["[ ] iran 0", "[ ] russia 1", "[ ] turkey 0"]);
        p.update(PickerAction::Down);
        p.update(PickerAction::Toggle); // russia
        assert_eq!(apply(&mut p), "«أنصاري ولافرنتييف» r:4,6 g:russia");
        // A phrase still open at the end is closed before an appended term.
        let mut p = picker("r:6 \"أنصاري ولا");
        go_to(&mut p, QueryField::Guarantor);
        p.update(PickerAction::Toggle); // iran
        assert_eq!(apply(&mut p), "r:6 \"أنصاري ولا\" g:iran");
        // A round written as an ordinal word is ticked as its number.
        let mut p = picker("\"مذكرة تفاهم\" r:الرابعة,6");
        go_to(&mut p, QueryField::Round);
        assert_eq!(rows(&p), ["[x] 4 0", "[x] 6 0"]);
    }

    #[test]
    fn every_section_is_offered_and_counts_are_disjunctive() {
        let mut p = picker("r:4");
        let sections: Vec<QueryField> = p.sections().collect();
        assert_eq!(sections, QueryField::ALL);
        go_to(&mut p, QueryField::Round);
        // Round 6 and none are outside the results and still offered.
        assert_eq!(rows(&p), ["[x] 4 2", "[ ] 6 1", "[ ] none 1"]);
        go_to(&mut p, QueryField::Guarantor);
        assert_eq!(rows(&p), ["[ ] iran 1", "[ ] russia 2", "[ ] turkey 0"]);
    }

    #[test]
    fn ticking_widens_and_the_rest_of_the_filter_stays() {
        let mut p = picker("p:انصاري  r:4 !g:iran");
        go_to(&mut p, QueryField::Round);
        assert_eq!(rows(&p), ["[x] 4 1", "[ ] 6 1"]);
        p.update(PickerAction::Down);
        p.update(PickerAction::Toggle); // round 6
        assert_eq!(apply(&mut p), "p:انصاري  r:4,6 !g:iran");

        let mut p = picker("r:4 g:iran");
        go_to(&mut p, QueryField::Round);
        p.update(PickerAction::Toggle); // round 4 off
        assert_eq!(apply(&mut p), "g:iran");

        let mut p = picker("g:iran");
        p.update(PickerAction::Down);
        p.update(PickerAction::Down);
        p.update(PickerAction::Toggle); // turkey
        go_to(&mut p, QueryField::Person);
        // Under g:iran only Lavrentiev is named.
        assert_eq!(rows(&p), ["[ ] lavrentiev 1"]);
        p.update(PickerAction::Toggle);
        assert_eq!(apply(&mut p), "g:iran,turkey p:lavrentiev");
        // What was written parses back to the same ticks.
        let mut again = picker("g:iran,turkey p:lavrentiev");
        assert_eq!(rows(&again), ["[x] iran 1", "[ ] russia 2", "[x] turkey 0"]);
        go_to(&mut again, QueryField::Person);
        assert_eq!(rows(&again), ["[x] lavrentiev 1", "[ ] انصاري 1"]);

        // Nothing changed: the filter comes back as typed.
        let mut p = picker("\"مذكرة تفاهم\"  r:4");
        assert_eq!(apply(&mut p), "\"مذكرة تفاهم\"  r:4");
        let mut p = picker("G:Iran  r:4-6");
        assert_eq!(apply(&mut p), "G:Iran  r:4-6");
    }

    #[test]
    fn typing_narrows_the_section_and_backspace_widens() {
        let mut p = picker("");
        go_to(&mut p, QueryField::Person);
        type_text(&mut p, "أنصار");
        assert_eq!(rows(&p), ["[ ] انصاري 2"]);
        p.update(PickerAction::Toggle);
        for _ in 0..4 {
            p.update(PickerAction::Backspace);
        }
        assert_eq!(p.typed(), "أ");
        assert_eq!(
            rows(&p).len(),
            2,
            "one letter matches every name with an alef"
        );
        p.update(PickerAction::Backspace);
        assert_eq!(rows(&p), ["[ ] lavrentiev 2", "[x] انصاري 2"]);
        assert_eq!(p.cursor(), 1, "the cursor stays on its value");
        type_text(&mut p, "lav");
        assert_eq!(rows(&p), ["[ ] lavrentiev 2"]);
        p.update(PickerAction::Back);
        type_text(&mut p, "أنصار");
        assert_eq!(p.typed(), "أنصار");
        assert_eq!(p.update(PickerAction::Back), PickerOutcome::Stay);
        assert_eq!(p.typed(), "");
        assert_eq!(p.update(PickerAction::Back), PickerOutcome::Close);
        // Another section starts unnarrowed.
        type_text(&mut p, "zzz");
        assert!(rows(&p).is_empty());
        p.update(PickerAction::PrevSection);
        assert_eq!(p.typed(), "");
        assert!(!rows(&p).is_empty());
    }
}
