//! Dates: «4 أيار/ مايو»، «23 كانون الثاني من العام 2017»، «تشرين الأول/
//! أكتوبر المقبل»، «منذ العام 2017». Month names of both systems are in
//! data/dates.toml.

use super::phrases::{Doc, PhraseMap, Vocabulary, WordSet, ends_clause, is_tight, number};
use serde::Deserialize;
use std::ops::Range;

pub(super) const DATES: &str = include_str!("../../data/dates.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesFile {
    months: Vec<MonthEntry>,
    month_year_links: Vec<String>,
    day_month_links: Vec<String>,
    year_cues: Vec<String>,
    month_relative: Vec<String>,
    first_year: u16,
    last_year: u16,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MonthEntry {
    number: u8,
    english: String,
    arabic: Vec<String>,
    #[serde(default)]
    ambiguous: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
struct Month {
    number: u8,
    /// Also an ordinary word: needs a day or a year.
    ambiguous: bool,
}

/// A date found in the text: what it says, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub year: Option<u16>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// Key byte range.
    pub range: Range<usize>,
}

impl FoundDate {
    /// `2017-05-04`, `2017-05`, `2017`, or without a year `--05-04`, `--05`.
    pub fn key(&self) -> String {
        let year = self.year.map_or("-".to_string(), |y| y.to_string());
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year}-{m:02}"),
            _ => year,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct DateRules {
    months: PhraseMap<Month>,
    english: Vec<String>,
    month_year_links: PhraseMap<()>,
    day_month_links: WordSet,
    year_cues: WordSet,
    relative: WordSet,
    years: std::ops::RangeInclusive<u16>,
}

impl DateRules {
    pub fn builtin() -> DateRules {
        let file: DatesFile = toml::from_str(DATES).expect("data/dates.toml is valid");
        let mut months = PhraseMap::default();
        let mut english = vec![String::new(); 13];
        for m in &file.months {
            for a in &m.arabic {
                months.insert(
                    a,
                    Month {
                        number: m.number,
                        ambiguous: m.ambiguous.contains(a),
                    },
                );
            }
            english[usize::from(m.number)] = m.english.clone();
        }
        let mut month_year_links = PhraseMap::default();
        for l in &file.month_year_links {
            month_year_links.insert(l, ());
        }
        DateRules {
            months,
            english,
            month_year_links,
            day_month_links: WordSet::new(&file.day_month_links),
            year_cues: WordSet::new(&file.year_cues),
            relative: WordSet::new(&file.month_relative),
            years: file.first_year..=file.last_year,
        }
    }

    pub fn register(&mut self, v: &mut Vocabulary) {
        v.register(&mut self.months);
        v.register(&mut self.month_year_links);
    }

    /// Display name: «4 May 2017», «May», «2017».
    pub fn display(&self, d: &FoundDate) -> String {
        let mut parts = Vec::new();
        if let Some(day) = d.day {
            parts.push(day.to_string());
        }
        if let Some(m) = d.month {
            parts.push(self.english[usize::from(m)].clone());
        }
        if let Some(y) = d.year {
            parts.push(y.to_string());
        }
        parts.join(" ")
    }

    fn year_at(&self, doc: &Doc, i: usize) -> Option<u16> {
        let n = u16::try_from(number(doc, i)?).ok()?;
        (self.years.contains(&n) && doc.word(i).len() == 4).then_some(n)
    }

    pub fn find(&self, doc: &Doc) -> Vec<FoundDate> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < doc.len() {
            // Only numbers can be years.
            let digits = doc.starts_with_digit(i);
            if !digits && !doc.may_start(i) {
                i += 1;
                continue;
            }
            if let Some(m) = self.months.longest_at(doc, i) {
                let found = self.month_date(doc, m.start, m.end, *m.value, m.strip);
                if let Some((date, end)) = found {
                    out.push(date);
                    i = end;
                    continue;
                }
                i = m.end;
                continue;
            }
            if digits
                && let Some(year) = self.year_at(doc, i)
                && i > 0
                && self.year_cues.has_any_form(doc, i - 1)
                && is_tight(doc.gap_before(i))
            {
                out.push(FoundDate {
                    year: Some(year),
                    month: None,
                    day: None,
                    range: doc.word_ranges[i].clone(),
                });
            }
            i += 1;
        }
        out
    }

    /// The date around a month name at words `start..end`; returns it and
    /// the word after it.
    fn month_date(
        &self,
        doc: &Doc,
        start: usize,
        end: usize,
        month: Month,
        strip: usize,
    ) -> Option<(FoundDate, usize)> {
        let mut first_key = doc.word_ranges[start].start + strip;
        // A day before the month: «4 أيار», «1 من يناير».
        let mut day = None;
        if strip == 0 && start > 0 {
            let mut d = start - 1;
            if self.day_month_links.has_word(doc, d) && d > 0 && is_tight(doc.gap_before(d + 1)) {
                d -= 1;
            }
            if let Some(n) = number(doc, d)
                && (1..=31).contains(&n)
                && doc.word(d).len() <= 2
                && (d + 1..=start).all(|w| is_tight(doc.gap_before(w)))
            {
                day = Some(n as u8);
                first_key = doc.word_ranges[d].start;
            }
        }
        let mut last = end;
        // A paired name of the other system: «أيار/ مايو», «تشرين الأول (أكتوبر)».
        let mut paired = false;
        if last < doc.len() && !ends_clause(doc.gap_before(last)) {
            let gap = doc.gap_before(last);
            if gap
                .trim()
                .chars()
                .all(|c| matches!(c, '/' | '-' | '(' | '،' | ','))
                && let Some(other) = self.months.longest_at(doc, last)
                && other.value.number == month.number
                && other.strip == 0
            {
                paired = true;
                last = other.end;
            }
        }
        // A year: «مايو 2017», «كانون الثاني من العام 2017».
        let mut year = None;
        if last < doc.len() {
            let mut y = last;
            if let Some(link) = self.month_year_links.longest_at(doc, y)
                && is_tight(doc.gap_before(y))
            {
                y = link.end;
            }
            if y < doc.len()
                && is_tight(doc.gap_before(y))
                && let Some(n) = self.year_at(doc, y)
            {
                year = Some(n);
                last = y + 1;
            }
        }
        let relative = year.is_none()
            && last < doc.len()
            && is_tight(doc.gap_before(last))
            && self.relative.has_word(doc, last);
        let enough = day.is_some() || year.is_some() || ((paired || relative) && !month.ambiguous);
        if !enough {
            return None;
        }
        Some((
            FoundDate {
                year,
                month: Some(month.number),
                day,
                range: first_key..doc.word_ranges[last - 1].end,
            },
            last,
        ))
    }
}

/// The dates of `text` written out in full (day, month and year), in
/// order, as `(year, month, day, byte range in text)`: how a web page shows
/// its date to readers (`الخميس 4 أيار/مايو 2017`).
pub fn full_dates(text: &str) -> Vec<(u16, u8, u8, Range<usize>)> {
    static RULES: std::sync::LazyLock<DateRules> = std::sync::LazyLock::new(DateRules::builtin);
    let doc = Doc::window(text, 0..text.len(), None);
    RULES
        .find(&doc)
        .into_iter()
        .filter_map(|d| Some((d.year?, d.month?, d.day?, doc.original_range(d.range))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, String)> {
        let rules = DateRules::builtin();
        let doc = Doc::new(text);
        rules
            .find(&doc)
            .into_iter()
            .map(|d| {
                let r = doc.original_range(d.range.clone());
                (d.key(), text[r].to_string())
            })
            .collect()
    }

    #[test]
    fn paired_month_names_with_a_day() {
        assert_eq!(
            keys("وقّعت المذكرة في 12 شباط/ فبراير الماضي"),
            [("--02-12".to_string(), "12 شباط/ فبراير".to_string())]
        );
    }

    #[test]
    fn two_word_levantine_month_with_a_year() {
        assert_eq!(
            keys("بدأ المسار في 9 كانون الأول من العام 2019 في العاصمة"),
            [(
                "2019-12-09".to_string(),
                "9 كانون الأول من العام 2019".to_string()
            )]
        );
        assert_eq!(
            keys("في تموز ٢٠١٨"),
            [("2018-07".to_string(), "تموز ٢٠١٨".to_string())]
        );
        assert_eq!(
            keys("ابتداء من 1 من يناير 2018"),
            [("2018-01-01".to_string(), "1 من يناير 2018".to_string())]
        );
    }

    #[test]
    fn month_alone_needs_a_pair_or_a_relative_word() {
        assert_eq!(
            keys("تعقد الجولة في تشرين الثاني/ نوفمبر المقبل"),
            [("--11".to_string(), "تشرين الثاني/ نوفمبر".to_string())]
        );
        assert_eq!(
            keys("في سبتمبر المقبل"),
            [("--09".to_string(), "سبتمبر".to_string())]
        );
        assert!(keys("زار سبتمبر").is_empty());
        // آب is also «father»: alone it is not a date.
        assert!(keys("قال آب الماضي").is_empty());
        assert_eq!(
            keys("في 3 آب"),
            [("--08-03".to_string(), "3 آب".to_string())]
        );
    }

    #[test]
    fn years_need_a_cue() {
        assert_eq!(
            keys("منذ العام 2011"),
            [("2011".to_string(), "2011".to_string())]
        );
        assert!(keys("نحو 2000 مقاتل").is_empty());
        assert!(keys("القرار 2254").is_empty());
    }
}
