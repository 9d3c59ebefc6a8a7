//! News feeds: RSS 0.9x, 1.0 and 2.0, Atom and JSON Feed, read by the
//! `feed-rs` crate (one parser for the three families, kept up to date with
//! their quirks; writing one would be a second XML reader in the project).
//! Around it, what Arabic feeds need: dates written in Arabic (`الخميس 4
//! مايو 2017`), which feed-rs cannot read, are read with the extractor's
//! date rules; the bytes are decoded by the caller, so feed-rs is given
//! UTF-8 text without a declaration that could make it decode them again.

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
    // The dates read from Arabic text, to be written without the midnight
    // feed-rs's timestamps require.
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

/// A timestamp as RFC 2822 (RSS) or RFC 3339 (Atom, JSON Feed), or as
/// `2017-05-04 10:30:00` (taken as UTC: the form many Arabic sites' CMSs
/// write), else the first full Arabic date in it (true: read from words, a
/// day without a time).
fn timestamp(s: &str) -> Option<(DateTime<Utc>, bool)> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc2822(s).or_else(|_| DateTime::parse_from_rfc3339(s)) {
        return Some((d.with_timezone(&Utc), false));
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Some((d.and_utc(), false));
    }
    let key = crate::extract::full_date_in(s)?;
    let day = NaiveDate::parse_from_str(&key, "%Y-%m-%d").ok()?;
    Some((day.and_hms_opt(0, 0, 0)?.and_utc(), true))
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

/// Tags that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "pre",
    "hr",
];

/// The plain text of a feed's HTML field: tags out (scripts and styles
/// with their content), entities decoded, each block a paragraph, one
/// blank line between paragraphs. Text without markup comes out with its
/// own line breaks kept as paragraph breaks.
pub fn plain(html: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let joined = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !joined.is_empty() {
            paragraphs.push(joined);
        }
        current.clear();
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut current, &mut paragraphs, rest, &flush);
            break;
        };
        push_text(&mut current, &mut paragraphs, &rest[..lt], &flush);
        let tag = &rest[lt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() && !tag.starts_with('!') && !tag.starts_with('/') {
            // A lone `<` in text.
            current.push('<');
            rest = tag;
            continue;
        }
        let Some(gt) = tag.find('>') else { break };
        rest = &tag[gt + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(at) => rest[at..].find('>').map_or("", |gt| &rest[at + gt + 1..]),
                None => "",
            };
        } else if BLOCKS.contains(&name.as_str()) {
            flush(&mut current, &mut paragraphs);
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs.join("\n\n")
}

/// Text between tags, entities decoded; a line break in it ends a
/// paragraph only in text without markup (in HTML it is a space).
fn push_text(
    current: &mut String,
    paragraphs: &mut Vec<String>,
    text: &str,
    flush: &dyn Fn(&mut String, &mut Vec<String>),
) {
    let decoded = super::entities::decode(text);
    let mut lines = decoded.split('\n').peekable();
    while let Some(line) = lines.next() {
        current.push_str(line);
        if lines.peek().is_some() {
            if line.trim().is_empty() {
                flush(current, paragraphs);
            } else {
                current.push(' ');
            }
        }
    }
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
