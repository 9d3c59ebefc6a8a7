//! An article's publication date as far as it is known: the metadata's
//! date first, else the first full date written in the article (its
//! dateline, «الخميس 4 أيار/مايو 2017»), else none.

use super::Article;
use crate::extract::{EntityKind, Field};
use std::fmt;

/// A year, a month of a year, or a day: `yyyymmdd` in one `u32` with `00`
/// for an unknown month or day, so that dates order as they read and a
/// year or month is the bottom of its own range (`2017` < `2017-01` <
/// `2017-01-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PubDate(u32);

/// The years a date may name: before the first round and after the last
/// there is coverage (background pieces, retrospectives), but a four-digit
/// number outside this span is not a publication date.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2199;

impl PubDate {
    /// A valid date of this precision (a day needs its month; the day
    /// must exist in that month).
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<PubDate> {
        if !YEARS.contains(&year) {
            return None;
        }
        let month_part = match month {
            None if day.is_some() => return None,
            None => 0,
            Some(m) if (1..=12).contains(&m) => m,
            Some(_) => return None,
        };
        let day_part = match day {
            None => 0,
            Some(d) if d >= 1 && d <= days_in_month(year, month_part) => d,
            Some(_) => return None,
        };
        Some(PubDate(
            u32::from(year) * 10_000 + u32::from(month_part) * 100 + u32::from(day_part),
        ))
    }

    /// `2017`, `2017-05`, `2017-05-04`, or a longer ISO 8601 value
    /// (`2017-05-04T10:00:00+03:00`, `2017-05-04 10:00`) or `2017/05/04`,
    /// in ASCII or Arabic-Indic digits. `None` for anything else.
    pub fn parse_iso(text: &str) -> Option<PubDate> {
        let text = ascii_digits(text.trim());
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = text.get(range)?;
            (part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
        };
        let year = number(0..4)?;
        let separator = |i: usize| matches!(bytes.get(i), Some(b'-' | b'/'));
        // After a part, the value ends or goes on with a time.
        let ends_at = |i: usize| bytes.get(i).is_none_or(|b| matches!(b, b'T' | b' '));
        if ends_at(4) {
            return PubDate::new(year, None, None);
        }
        if !separator(4) {
            return None;
        }
        let month = u8::try_from(number(5..7)?).ok()?;
        if bytes.len() == 7 {
            return PubDate::new(year, Some(month), None);
        }
        if !separator(7) || bytes[7] != bytes[4] {
            return None;
        }
        let day = u8::try_from(number(8..10)?).ok()?;
        ends_at(10).then(|| PubDate::new(year, Some(month), Some(day)))?
    }

    /// A metadata date: ISO 8601 (see [`PubDate::parse_iso`]), else a date
    /// written out in full (`4 أيار 2017`, as some feeds and records give
    /// it).
    pub fn parse_metadata(text: &str) -> Option<PubDate> {
        PubDate::parse_iso(text).or_else(|| {
            let (year, month, day, _) = crate::extract::full_dates(text).into_iter().next()?;
            PubDate::new(year, Some(month), Some(day))
        })
    }

    pub fn year(self) -> u16 {
        (self.0 / 10_000) as u16
    }

    pub fn month(self) -> Option<u8> {
        Some((self.0 / 100 % 100) as u8).filter(|&m| m != 0)
    }

    pub fn day(self) -> Option<u8> {
        Some((self.0 % 100) as u8).filter(|&d| d != 0)
    }

    /// The `yyyymmdd` number (`00` for an unknown month or day).
    pub fn number(self) -> u32 {
        self.0
    }

    /// The date of a `number()`, if it is one.
    pub fn from_number(n: u32) -> Option<PubDate> {
        let year = u16::try_from(n / 10_000).ok()?;
        let month = Some((n / 100 % 100) as u8).filter(|&m| m != 0);
        let day = Some((n % 100) as u8).filter(|&d| d != 0);
        PubDate::new(year, month, day).filter(|d| d.0 == n)
    }

    /// Days from 1970-01-01 to this date's first day (a year's 1 January,
    /// a month's first day).
    pub fn days(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year()),
            i64::from(self.month().unwrap_or(1)),
            i64::from(self.day().unwrap_or(1)),
        );
        // Days from civil (H. Hinnant's algorithm): March-based years put
        // the leap day last.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The numbers of every date this one covers: a year covers its
    /// months and days (`2017` covers `20170000..=20179999`).
    pub fn covered(self) -> std::ops::RangeInclusive<u32> {
        match (self.month(), self.day()) {
            (_, Some(_)) => self.0..=self.0,
            (Some(_), None) => self.0..=self.0 + 99,
            (None, _) => self.0..=self.0 + 9_999,
        }
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year())?;
        if let Some(m) = self.month() {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day() {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits as ASCII.
fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    let digit = |c: char| match c {
        '\u{660}'..='\u{669}' => char::from_digit(c as u32 - 0x660, 10),
        '\u{6f0}'..='\u{6f9}' => char::from_digit(c as u32 - 0x6f0, 10),
        _ => None,
    };
    if text.chars().any(|c| digit(c).is_some()) {
        text.chars().map(|c| digit(c).unwrap_or(c)).collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A full date that begins this early in the text is its dateline
/// («دمشق، 4 أيار/مايو 2017 (سانا) -»).
const DATELINE_BYTES: usize = 512;

/// Coverage of a round starts with its announcement: a date read from the
/// text further back than this before the round began is one the article
/// recalls (the first round, a ceasefire), not the day it was written.
const DAYS_BEFORE_ROUND: i64 = 90;

impl Article {
    /// The article's publication date: its `date` field when that reads
    /// as a date; else its dateline (a full date at the start of the
    /// text); else the first full date of the text that is not long before
    /// the round it reports on; else none.
    pub fn pub_date(&self) -> Option<PubDate> {
        if let Some(date) = self.date().and_then(PubDate::parse_metadata) {
            return Some(date);
        }
        let mut written: Vec<(u32, PubDate)> = self
            .extraction
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Date)
            .filter_map(|e| {
                let date = PubDate::parse_iso(e.key()).filter(|d| d.day().is_some())?;
                let first = e.mentions.iter().find(|m| m.field() == Field::Text)?;
                Some((first.start(), date))
            })
            .collect();
        written.sort_unstable();
        let earliest = self
            .extraction
            .round
            .and_then(crate::talks::round)
            .map(|r| r.start.days() - DAYS_BEFORE_ROUND);
        written
            .iter()
            .find(|(start, date)| {
                *start < DATELINE_BYTES as u32 || earliest.is_none_or(|e| date.days() >= e)
            })
            .map(|(_, date)| *date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        PubDate::parse_iso(text).map(|d| d.to_string())
    }

    #[test]
    fn iso_dates_of_each_precision_and_with_a_time() {
        assert_eq!(iso("2017").as_deref(), Some("2017"));
        assert_eq!(iso("2017-05").as_deref(), Some("2017-05"));
        assert_eq!(iso("2017-05-04").as_deref(), Some("2017-05-04"));
        assert_eq!(
            iso("2017-05-04T10:00:00+03:00").as_deref(),
            Some("2017-05-04")
        );
        assert_eq!(iso("2017-05-04 10:00").as_deref(), Some("2017-05-04"));
        assert_eq!(iso("2017/05/04").as_deref(), Some("2017-05-04"));
        assert_eq!(iso("٢٠١٧-٠٥-٠٤").as_deref(), Some("2017-05-04"));
        assert_eq!(iso(" 2024-01-24 ").as_deref(), Some("2024-01-24"));
    }

    #[test]
    fn impossible_or_other_values_are_not_dates() {
        for bad in [
            "",
            "17",
            "20170",
            "2017-13",
            "2017-02-30",
            "2019-02-29",
            "2017-5-4",
            "2017-05/04",
            "2017-05-04x",
            "May 4, 2017",
            "12345",
            "0000",
            "abcd",
        ] {
            assert_eq!(iso(bad), None, "{bad}");
        }
        assert_eq!(iso("2020-02-29").as_deref(), Some("2020-02-29"));
    }

    #[test]
    fn dates_order_as_they_read_and_cover_their_span() {
        let y = PubDate::parse_iso("2017").unwrap();
        let m = PubDate::parse_iso("2017-05").unwrap();
        let d = PubDate::parse_iso("2017-05-04").unwrap();
        assert!(y < m && m < d);
        assert!(y.covered().contains(&d.number()));
        assert!(m.covered().contains(&d.number()));
        assert!(!m.covered().contains(&y.number()));
        assert_eq!(d.covered(), d.number()..=d.number());
        assert_eq!(PubDate::from_number(d.number()), Some(d));
        assert_eq!(PubDate::from_number(20171399), None);
    }

    #[test]
    fn days_count_from_the_unix_epoch() {
        let days = |s: &str| PubDate::parse_iso(s).unwrap().days();
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("2000-03-01"), 11_017);
        assert_eq!(days("2017-05-04"), 17_290);
        assert_eq!(days("2017"), days("2017-01-01"));
        assert_eq!(days("2024-03-01") - days("2024-02-28"), 2);
    }

    #[test]
    fn a_written_metadata_date_is_read() {
        assert_eq!(
            PubDate::parse_metadata("الخميس 4 أيار/مايو 2017").map(|d| d.to_string()),
            Some("2017-05-04".to_string())
        );
        assert_eq!(PubDate::parse_metadata("قريبا"), None);
    }
}
