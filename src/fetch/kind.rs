//! What a fetched source is, by its content rather than its address or
//! `Content-Type` (servers call feeds `text/html` and sitemaps
//! `application/octet-stream`): a feed (RSS, Atom, JSON Feed), a sitemap
//! (`urlset`, `sitemapindex`, with Google News' `news:` fields) or a page.
//! Sitemaps are read here with `quick-xml` (the XML reader feed-rs already
//! brings in).

use quick_xml::events::Event;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Feed,
    /// `urlset`: pages.
    Sitemap,
    /// `sitemapindex`: other sitemaps.
    SitemapIndex,
    Page,
}

/// The kind of a decompressed body.
pub fn sniff(body: &[u8]) -> Kind {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let body = &body[start..];
    if body.starts_with(b"{") {
        let text = String::from_utf8_lossy(body);
        return if crate::web::feed::is_json_feed(&text) {
            Kind::Feed
        } else {
            Kind::Page
        };
    }
    match root_name(body) {
        Some(name) => match local(name) {
            b"rss" | b"feed" | b"RDF" => Kind::Feed,
            b"urlset" => Kind::Sitemap,
            b"sitemapindex" => Kind::SitemapIndex,
            _ => Kind::Page,
        },
        None => Kind::Page,
    }
}

/// The name of the first element, past declarations, comments and a
/// doctype.
fn root_name(mut rest: &[u8]) -> Option<&[u8]> {
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        let skip_past =
            |rest: &[u8], end: &[u8]| memchr::memmem::find(rest, end).map(|at| at + end.len());
        if rest.starts_with(b"<?") {
            rest = &rest[skip_past(rest, b"?>")?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[skip_past(rest, b"-->")?..];
        } else if rest.starts_with(b"<!") {
            rest = &rest[skip_past(rest, b">")?..];
        } else if let Some(after) = rest.strip_prefix(b"<") {
            let end = after
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .unwrap_or(after.len());
            return Some(&after[..end]).filter(|n| !n.is_empty());
        } else {
            return None;
        }
    }
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// One `<url>` of a sitemap (or `<sitemap>` of an index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub url: String,
    /// `news:title`.
    pub title: Option<String>,
    /// `news:publication_date`, else `lastmod`.
    pub date: Option<String>,
    /// `news:name` of the publication.
    pub source: Option<String>,
}

/// The entries of a sitemap or sitemap index (already decoded to UTF-8).
pub fn sitemap_entries(text: &str) -> Result<Vec<Entry>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    let mut entry = Entry::default();
    let mut lastmod: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("broken sitemap at byte {}: {e}", reader.error_position()))?;
        let text = match event {
            Event::Start(start) => {
                let name =
                    String::from_utf8_lossy(local(start.name().as_ref().as_bytes())).into_owned();
                path.push(name);
                continue;
            }
            Event::End(_) => {
                let closed = path.pop();
                if matches!(closed.as_deref(), Some("url" | "sitemap")) && path.len() == 1 {
                    let mut done = std::mem::take(&mut entry);
                    done.date = done.date.or(lastmod.take());
                    let trim = |s: &mut Option<String>| {
                        *s = s
                            .as_deref()
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(str::to_string);
                    };
                    done.url = done.url.trim().to_string();
                    trim(&mut done.title);
                    trim(&mut done.date);
                    trim(&mut done.source);
                    if !done.url.is_empty() {
                        entries.push(done);
                    }
                }
                continue;
            }
            Event::Eof if path.is_empty() => return Ok(entries),
            Event::Eof => return Err("broken sitemap: it ends inside an element".into()),
            Event::Text(t) => t.xml10_content().into_owned(),
            Event::CData(c) => c.xml10_content().into_owned(),
            Event::GeneralRef(r) => crate::web::entities::decode(&format!("&{};", &*r)),
            _ => continue,
        };
        let field = match path.last().map(String::as_str) {
            Some("loc") => &mut entry.url,
            Some("title") => entry.title.get_or_insert_default(),
            Some("publication_date") => entry.date.get_or_insert_default(),
            Some("name") => entry.source.get_or_insert_default(),
            Some("lastmod") => lastmod.get_or_insert_default(),
            _ => continue,
        };
        // Text and references arrive in pieces (`a &amp; b`): joined, and
        // trimmed when the entry ends.
        field.push_str(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_content() {
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- x --><rss version='2.0'>"),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"<feed xmlns='http://www.w3.org/2005/Atom'>"),
            Kind::Feed
        );
        assert_eq!(sniff(b"<rdf:RDF xmlns:rdf='x'>"), Kind::Feed);
        assert_eq!(
            sniff(br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"<?xml version='1.0'?><urlset xmlns='x'>"),
            Kind::Sitemap
        );
        assert_eq!(sniff(b"<sitemapindex>"), Kind::SitemapIndex);
        assert_eq!(sniff(b"<!doctype html><html lang='ar'>"), Kind::Page);
        assert_eq!(sniff(b"{\"a\": 1}"), Kind::Page);
        assert_eq!(sniff(b""), Kind::Page);
    }

    #[test]
    fn google_news_sitemap_fields() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.com/a?x=1&amp;y=2</loc>
<news:news><news:publication><news:name>وكالة</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>2017-05-04T10:30:00+03:00</news:publication_date><news:title>مذكرة &amp; اتفاق</news:title></news:news></url>
<url><loc>https://example.com/b</loc><lastmod>2017-05-05</lastmod></url>
</urlset>"#;
        let entries = sitemap_entries(xml).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].url, "https://example.com/a?x=1&y=2");
        assert_eq!(entries[0].title.as_deref(), Some("مذكرة & اتفاق"));
        assert_eq!(entries[0].source.as_deref(), Some("وكالة"));
        assert_eq!(
            entries[0].date.as_deref(),
            Some("2017-05-04T10:30:00+03:00")
        );
        assert_eq!(entries[1].date.as_deref(), Some("2017-05-05"));
    }

    #[test]
    fn broken_sitemaps_are_errors() {
        assert!(sitemap_entries("<urlset><url><loc>https://a/</loc></url>").is_err());
        assert!(sitemap_entries("<urlset><url><loc>x</lo></url></urlset>").is_err());
    }
}
