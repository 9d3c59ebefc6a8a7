//! Dates as ISO 8601: `2017-05-04`, or `2017-05-04T10:30:00+03:00` when the
//! page gives the time and its offset. Machine-readable dates come in the
//! forms of ISO 8601 and RFC 2822; a date written for readers in Arabic is
//! read with the extractor's date rules (both month systems).

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A machine-readable date in ISO 8601, or `None` when `s` is not one.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    iso_like(s).or_else(|| rfc_2822(s))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, then optionally `T` or a space, `HH:MM`,
/// `:SS`, a fraction and an offset (`Z`, `+03:00`, `+0300`).
fn iso_like(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        (!part.is_empty() && part.bytes().all(|c| c.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let year = num(0..4)?;
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/') || b.get(7) != Some(&sep) {
        return None;
    }
    let (month, day) = (num(5..7)?, num(8..10)?);
    let date = valid_date(year, month, day)?;
    let rest = &s[10..];
    let Some(time) = rest.strip_prefix(['T', ' ']) else {
        return rest.trim().is_empty().then_some(date);
    };
    let t = time.as_bytes();
    let tnum = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = time.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (hour, minute) = (tnum(0..2)?, tnum(3..5)?);
    if t.get(2) != Some(&b':') || hour > 23 || minute > 59 {
        return Some(date);
    }
    let mut at = 5;
    let mut second = 0;
    if t.get(5) == Some(&b':') {
        second = tnum(6..8).filter(|&s| s <= 60)?;
        at = 8;
        if t.get(at) == Some(&b'.') {
            at += 1;
            while t.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
        }
    }
    let offset = offset(time[at..].trim());
    Some(format!(
        "{date}T{hour:02}:{minute:02}:{second:02}{}",
        offset.unwrap_or_default()
    ))
}

/// `Z`, `+03:00`, `+0300`, `GMT`/`UTC` or RFC 2822's North American zones
/// (`EST`, `PDT`…, still in feeds) as ISO 8601 writes it.
fn offset(s: &str) -> Option<String> {
    let named = match s {
        "Z" | "z" | "GMT" | "UTC" | "UT" => return Some("Z".to_string()),
        "EDT" => "-04:00",
        "EST" | "CDT" => "-05:00",
        "CST" | "MDT" => "-06:00",
        "MST" | "PDT" => "-07:00",
        "PST" => "-08:00",
        _ => "",
    };
    if !named.is_empty() {
        return Some(named.to_string());
    }
    let sign = s.chars().next().filter(|c| matches!(c, '+' | '-'))?;
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    (h <= 14 && m <= 59).then(|| format!("{sign}{h:02}:{m:02}"))
}

/// `Thu, 04 May 2017 10:30:00 +0300` and the date-only `4 May 2017`.
fn rfc_2822(s: &str) -> Option<String> {
    let s = s.split_once(',').map_or(s, |(_, rest)| rest).trim();
    let mut parts = s.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month_word = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month_word.starts_with(m))? as u32 + 1;
    let year: u32 = parts.next()?.parse().ok()?;
    let date = valid_date(year, month, day)?;
    let Some(time) = parts.next() else {
        return Some(date);
    };
    let hms: Vec<u32> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (hour, minute, second) = match hms[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return Some(date),
    };
    if hour > 23 || minute > 59 || second > 60 {
        return Some(date);
    }
    let zone = parts.next().and_then(offset).unwrap_or_default();
    Some(format!("{date}T{hour:02}:{minute:02}:{second:02}{zone}"))
}

fn valid_date(year: u32, month: u32, day: u32) -> Option<String> {
    let days = match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    ((1900..=2100).contains(&year) && (1..=days).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The first full Arabic date (day, month and year) in `text`, as
/// `YYYY-MM-DD`.
pub fn written_date(text: &str) -> Option<String> {
    crate::extract::full_dates(text)
        .into_iter()
        .find_map(|(y, m, d, _)| valid_date(y.into(), m.into(), d.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms() {
        assert_eq!(iso_date("2017-05-04").as_deref(), Some("2017-05-04"));
        assert_eq!(
            iso_date("2017-05-04T10:30:00+03:00").as_deref(),
            Some("2017-05-04T10:30:00+03:00")
        );
        assert_eq!(
            iso_date("2017-05-04T10:30:00.000+0300").as_deref(),
            Some("2017-05-04T10:30:00+03:00")
        );
        assert_eq!(
            iso_date("2017-05-04 10:30").as_deref(),
            Some("2017-05-04T10:30:00")
        );
        assert_eq!(iso_date("2017/05/04").as_deref(), Some("2017-05-04"));
        assert_eq!(
            iso_date("2017-05-04T07:30:00Z").as_deref(),
            Some("2017-05-04T07:30:00Z")
        );
    }

    #[test]
    fn rfc_2822_forms() {
        assert_eq!(
            iso_date("Thu, 04 May 2017 10:30:00 +0300").as_deref(),
            Some("2017-05-04T10:30:00+03:00")
        );
        assert_eq!(iso_date("4 May 2017").as_deref(), Some("2017-05-04"));
        assert_eq!(
            iso_date("Wed, 20 Jun 2023 08:00:00 GMT").as_deref(),
            Some("2023-06-20T08:00:00Z")
        );
    }

    #[test]
    fn not_dates() {
        for s in [
            "",
            "2017-13-01",
            "2017-02-30",
            "yesterday",
            "2017",
            "١٢٣٤",
            "2017-05-0٤",
        ] {
            assert_eq!(iso_date(s), None, "{s}");
        }
    }

    #[test]
    fn written_arabic_dates_in_both_month_systems() {
        assert_eq!(
            written_date("الخميس 4 أيار/مايو 2017 - 10:30").as_deref(),
            Some("2017-05-04")
        );
        assert_eq!(
            written_date("نشر في الخميس 4 مايو 2017").as_deref(),
            Some("2017-05-04")
        );
        assert_eq!(
            written_date("٢٠ حزيران ٢٠٢٣").as_deref(),
            Some("2023-06-20")
        );
        assert_eq!(written_date("في أيار الماضي"), None);
    }
}
