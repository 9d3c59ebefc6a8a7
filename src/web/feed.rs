//! News feeds: RSS 0.9x, 1.0 and 2.0, Atom and JSON Feed, read by the
//! `feed-rs` crate (one parser for the three families, kept up to date with
//! their quirks; writing one would be a second XML reader in the project).
//! Around it, what Arabic feeds need: dates written in Arabic (`الخميس 4
//! مايو 2017`), which feed-rs cannot read, are read with the extractor's
//! date rules; the bytes are decoded by the caller, so feed-rs is given
//! UTF-8 text without a declaration that could make it decode them again.

use super::html::date;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// A feed's title and items, in their order.
#[derive(Debug)]
pub struct Feed {
    /// The feed's title: the items' source.
    pub title: Option<String>,
    /// Each item (1-based in messages), or why it is no article.
    pub items: Vec<Result<FeedItem, String>>,
}

/// One item of a feed, as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub title: Option<String>,
    pub url: Option<String>,
    /// ISO 8601: `2017-05-04T10:30:00Z`, or `2017-05-04` for a date
    /// written without a time (an Arabic date).
    pub date: Option<String>,
    /// Paragraphs, one blank line between.
    pub text: String,
}

/// Why a file is not read as a feed.
#[derive(Debug, PartialEq, Eq)]
pub enum NotAFeed {
    /// Readable, but its root is no feed (an `.xml` file of another kind).
    NoFeedRoot,
    /// Broken: the parser's message.
    Broken(String),
}

/// True when `json` is a JSON Feed: an object whose `version` names
/// jsonfeed.org and that has `items` (a `.json` file of articles is an
/// array, so the two cannot be confused).
pub fn is_json_feed(json: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Shape {
        version: String,
        // Required, not read: a feed without items is another object.
        #[allow(dead_code)]
        items: serde::de::IgnoredAny,
    }
    json.trim_start().starts_with('{')
        && serde_json::from_str::<Shape>(json)
            .is_ok_and(|s| s.version.starts_with("https://jsonfeed.org/"))
}

/// The feed in `text` (already decoded: any XML declaration's encoding is
/// ignored).
pub fn parse(text: &str) -> Result<Feed, NotAFeed> {
    let text = without_xml_declaration(text);
    // The dates given without a time (an Arabic date, a bare day), to be
    // written without the midnight feed-rs's timestamps require.
    let date_only: Arc<Mutex<HashSet<DateTime<Utc>>>> = Arc::default();
    let seen = Arc::clone(&date_only);
    let parser = feed_rs::parser::Builder::new()
        .timestamp_parser(move |s| {
            let (date, from_words) = timestamp(s)?;
            if from_words && let Ok(mut seen) = seen.lock() {
                seen.insert(date);
            }
            Some(date)
        })
        .build();
    let feed = parser.parse(text.as_bytes()).map_err(|e| match e {
        feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot,
        ) => NotAFeed::NoFeedRoot,
        e => NotAFeed::Broken(e.to_string()),
    })?;
    let date_only = date_only.lock().map(|s| s.clone()).unwrap_or_default();
    let iso = |d: DateTime<Utc>| {
        if date_only.contains(&d) {
            d.format("%Y-%m-%d").to_string()
        } else {
            d.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        }
    };
    let title = feed
        .title
        .as_ref()
        .map(|t| plain(&t.content))
        .filter(|t| !t.is_empty());
    let items = feed
        .entries
        .into_iter()
        .map(|entry| {
            let body = entry
                .content
                .as_ref()
                .and_then(|c| c.body.as_deref())
                .map(plain)
                .filter(|t| !t.is_empty());
            let summary = || {
                entry
                    .summary
                    .as_ref()
                    .map(|s| plain(&s.content))
                    .filter(|t| !t.is_empty())
            };
            let Some(text) = body.or_else(summary) else {
                return Err("no text (no content or summary), skipped".to_string());
            };
            Ok(FeedItem {
                title: entry
                    .title
                    .as_ref()
                    .map(|t| plain(&t.content))
                    .filter(|t| !t.is_empty()),
                url: entry
                    .links
                    .iter()
                    .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                    .or(entry.links.first())
                    .map(|l| l.href.trim().to_string())
                    .filter(|u| !u.is_empty()),
                date: entry.published.or(entry.updated).map(iso),
                text,
            })
        })
        .collect();
    Ok(Feed { title, items })
}

/// A timestamp as the page reader reads a machine date (ISO 8601 and RFC
/// 2822 forms, `html::date::iso_date`; a time without an offset taken as
/// UTC, the form many Arabic sites' CMSs write), else the first full Arabic
/// date in it (`html::date::written_date`); true: a day without a time.
fn timestamp(s: &str) -> Option<(DateTime<Utc>, bool)> {
    let iso = date::iso_date(s).or_else(|| date::written_date(s))?;
    if let Ok(day) = NaiveDate::parse_from_str(&iso, "%Y-%m-%d") {
        return Some((day.and_hms_opt(0, 0, 0)?.and_utc(), true));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(&iso) {
        return Some((d.with_timezone(&Utc), false));
    }
    let naive = chrono::NaiveDateTime::parse_from_str(&iso, "%Y-%m-%dT%H:%M:%S").ok()?;
    Some((naive.and_utc(), false))
}

/// The text without a leading `<?xml ...?>`: its `encoding` was read when
/// the bytes were decoded, and the text is UTF-8 now.
fn without_xml_declaration(text: &str) -> &str {
    let trimmed = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    match trimmed.strip_prefix("<?xml") {
        Some(rest) => rest.find("?>").map_or(text, |end| &rest[end + 2..]),
        None => text,
    }
}

/// The plain text of a feed's field: HTML made paragraphs by the page
/// reader's rules (`html::fragment_paragraphs`); text without markup keeps
/// its blank lines as paragraph breaks, a single line break being a space.
pub fn plain(field: &str) -> String {
    if has_markup(field) {
        return super::html::fragment_paragraphs(field);
    }
    let decoded = super::entities::decode(field);
    let mut paragraphs: Vec<String> = vec![String::new()];
    for line in decoded.lines() {
        let last = paragraphs.last_mut().expect("never empty");
        if line.trim().is_empty() {
            if !last.is_empty() {
                paragraphs.push(String::new());
            }
            continue;
        }
        for word in line.split_whitespace() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.join("\n\n")
}

/// A tag or a comment somewhere: `<` before a letter, `/` or `!`.
fn has_markup(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs() {
        assert_eq!(
            plain(
                "<p>الفقرة <b>الأولى</b> &amp; المزيد</p>\n<p>الثانية</p><script>x()</script><br><br>الثالثة&#x627;"
            ),
            "الفقرة الأولى & المزيد\n\nالثانية\n\nالثالثةا"
        );
        assert_eq!(plain("سطر\n\nسطر ثان\nيتبع"), "سطر\n\nسطر ثان يتبع");
        assert_eq!(plain("a < b &unknown; c"), "a < b &unknown; c");
        assert_eq!(plain("unclosed <b"), "unclosed");
        assert_eq!(plain("سطر\r\n\r\nسطر ثان\r\nيتبع"), "سطر\n\nسطر ثان يتبع");
    }

    #[test]
    fn arabic_and_rfc_timestamps() {
        let (d, words) = timestamp("الخميس 4 مايو 2017").unwrap();
        assert!(words);
        assert_eq!(d.format("%Y-%m-%d").to_string(), "2017-05-04");
        let (d, words) = timestamp("Thu, 04 May 2017 10:30:00 +0300").unwrap();
        assert!(!words);
        assert_eq!(d.to_rfc3339(), "2017-05-04T07:30:00+00:00");
        let (d, words) = timestamp("2017-05-04 10:30:00").unwrap();
        assert!(!words);
        assert_eq!(d.to_rfc3339(), "2017-05-04T10:30:00+00:00");
        assert!(timestamp("قريبا").is_none());
        // Read as pages' machine dates are: a zone by its name, a bare day.
        let (d, _) = timestamp("Thu, 04 May 2017 10:30:00 EST").unwrap();
        assert_eq!(d.to_rfc3339(), "2017-05-04T15:30:00+00:00");
        let (d, day_only) = timestamp("2017-05-04").unwrap();
        assert!(day_only);
        assert_eq!(d.format("%Y-%m-%d").to_string(), "2017-05-04");
    }

    #[test]
    fn json_feed_shape() {
        assert!(is_json_feed(
            r#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#
        ));
        assert!(!is_json_feed(r#"[{"text": "x"}]"#));
        assert!(!is_json_feed(r#"{"version": "1", "items": []}"#));
        assert!(!is_json_feed(
            r#"{"version": "https://jsonfeed.org/version/1"}"#
        ));
    }
}
