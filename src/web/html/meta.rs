//! A page's title, date, source and URL, from the markup that states them:
//! JSON-LD, OpenGraph and other `<meta>` tags, `<time datetime>`, `<link
//! rel=canonical>`, `<h1>` and `<title>`.

use super::date::iso_date;
use serde_json::Value;
use trafilatura::dom::{Document, NodeId};

/// What the markup says about the page; each field in the order of trust
/// given in docs/INPUTS.md.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// The fields of the first JSON-LD object that describes an article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    date: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

pub fn read(doc: &Document, page_url: Option<&str>) -> PageMeta {
    let root = doc.root();
    let ld = json_ld(doc, root);
    let meta = |keys: &[&str]| meta_content(doc, root, keys);

    let url = canonical(doc, root, page_url)
        .or_else(|| meta(&["og:url"]).and_then(|u| absolute(&u, page_url)))
        .or_else(|| ld.url.as_deref().and_then(|u| absolute(u, page_url)))
        .or_else(|| page_url.map(str::to_string));
    let source = meta(&["og:site_name"])
        .or(ld.publisher)
        .or_else(|| url.as_deref().and_then(host));

    let title = ld
        .headline
        .or_else(|| {
            meta(&["og:title", "twitter:title"]).map(|t| strip_site(&t, source.as_deref(), false))
        })
        .or_else(|| headline_h1(doc, root))
        .or_else(|| {
            let t = collapse(&doc.text_content(doc.query_selector(root, "title")?));
            (!t.is_empty()).then(|| strip_site(&t, source.as_deref(), true))
        })
        .filter(|t| !t.is_empty());

    let date = ld
        .date
        .as_deref()
        .and_then(iso_date)
        .or_else(|| {
            meta(&["article:published_time"])
                .as_deref()
                .and_then(iso_date)
        })
        .or_else(|| time_datetime(doc, root))
        .or_else(|| meta(META_DATES).as_deref().and_then(iso_date));

    PageMeta {
        title,
        date,
        source,
        url,
    }
}

/// `<meta>` names that carry a publication date, beside the ones above.
const META_DATES: &[&str] = &[
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "published_time",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "original-publish-date",
];

/// The content of the first `<meta>` whose `property`, `name` or `itemprop`
/// is one of `keys` (in the order of `keys`, compared without case).
fn meta_content(doc: &Document, root: NodeId, keys: &[&str]) -> Option<String> {
    let metas = doc.query_selector_all(root, "meta");
    keys.iter().find_map(|key| {
        metas.iter().find_map(|&m| {
            let named = ["property", "name", "itemprop"].iter().any(|attr| {
                doc.get_attribute(m, attr)
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case(key))
            });
            if !named {
                return None;
            }
            let content = collapse(&doc.get_attribute(m, "content")?);
            (!content.is_empty()).then_some(content)
        })
    })
}

fn canonical(doc: &Document, root: NodeId, page_url: Option<&str>) -> Option<String> {
    doc.query_selector_all(root, "link")
        .into_iter()
        .find_map(|l| {
            let rel = doc.get_attribute(l, "rel")?;
            if !rel
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("canonical"))
            {
                return None;
            }
            absolute(doc.get_attribute(l, "href")?.trim(), page_url)
        })
}

/// An absolute http(s) URL: as given, or resolved against the page's own.
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let parsed = match url::Url::parse(href) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base?).ok()?.join(href).ok()?
        }
        Err(_) => return None,
    };
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// The host of a URL without `www.`, the outlet's name when it gives none.
pub fn host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// The article's own `<h1>`: the one inside `<article>`, else the page's
/// only one (a page with several has its logo or section names in some).
fn headline_h1(doc: &Document, root: NodeId) -> Option<String> {
    let text = |id| Some(collapse(&doc.text_content(id))).filter(|t| !t.is_empty());
    if let Some(h1) = doc.query_selector(root, "article h1") {
        return text(h1);
    }
    // A lone `<h1>` is the headline only if the page's `<title>` says it
    // too: on blogs it is the blog's name.
    let page_title = doc
        .query_selector(root, "title")
        .map(|t| collapse(&doc.text_content(t)))
        .unwrap_or_default();
    match doc.query_selector_all(root, "h1").as_slice() {
        [only] => text(*only).filter(|h| page_title.is_empty() || page_title.contains(h.as_str())),
        _ => None,
    }
}

/// `<time datetime>`: the one marked as the publication date, else the
/// first in the article, else the first on the page.
fn time_datetime(doc: &Document, root: NodeId) -> Option<String> {
    [
        "time[itemprop=datePublished][datetime]",
        "time[pubdate][datetime]",
        "article time[datetime]",
        "time[datetime]",
    ]
    .iter()
    .find_map(|selector| {
        let t = doc.query_selector(root, selector)?;
        iso_date(&doc.get_attribute(t, "datetime")?)
    })
}

/// Separators between a page's title and its site's name.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " || "];

/// A title without its site's name at either end (` - Site`, `Site | `).
/// When the site's name is not found and `guess` is set (a `<title>`), a
/// short last part after a separator is taken for the site's name.
pub fn strip_site(title: &str, site: Option<&str>, guess: bool) -> String {
    let title = title.trim();
    let is_site = |part: &str| {
        let part = part.trim();
        site.is_some_and(|s| {
            let s = s.trim();
            !s.is_empty()
                && (part.eq_ignore_ascii_case(s)
                    || part.contains(s)
                    || s.contains(part) && !part.is_empty())
        })
    };
    // `Site: title` only when the part is the site's name: a colon inside a
    // headline is common («أستانا 8: …»).
    for sep in SEPARATORS.iter().chain(&[": "]) {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && !head.trim().is_empty()
            && is_site(tail)
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && !tail.trim().is_empty()
            && is_site(head)
        {
            return tail.trim().to_string();
        }
    }
    if guess {
        for sep in SEPARATORS {
            if let Some((head, tail)) = title.rsplit_once(sep) {
                let (head_words, tail_words) = (word_count(head), word_count(tail));
                if tail_words <= 3 && head_words > tail_words {
                    return head.trim().to_string();
                }
            }
        }
    }
    title.to_string()
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Whitespace runs as one space, ends trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Types of JSON-LD objects that describe an article.
fn is_article(v: &Value) -> bool {
    let matches = |t: &str| t.contains("Article") || t == "BlogPosting" || t == "Report";
    match v.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

fn json_ld(doc: &Document, root: NodeId) -> JsonLd {
    let mut objects = Vec::new();
    for script in doc.query_selector_all(root, "script") {
        let is_ld = doc
            .get_attribute(script, "type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let raw = doc.text_content(script);
        // Sites write raw line breaks and tabs inside JSON strings, which
        // JSON forbids; read as the browser-side consumers do, leniently.
        let parsed = serde_json::from_str::<Value>(raw.trim()).or_else(|_| {
            let cleaned: String = raw
                .trim()
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            serde_json::from_str::<Value>(cleaned.trim_end_matches(';'))
        });
        if let Ok(value) = parsed {
            flatten(value, &mut objects, 0);
        }
    }
    let article = objects
        .iter()
        .find(|o| is_article(o))
        .or_else(|| objects.iter().find(|o| o.get("headline").is_some()));
    let Some(article) = article else {
        return JsonLd::default();
    };
    let string = |v: Option<&Value>| {
        let s = match v? {
            Value::String(s) => s.clone(),
            Value::Array(a) => a.first()?.as_str()?.to_string(),
            _ => return None,
        };
        let s = collapse(&s);
        (!s.is_empty()).then_some(s)
    };
    let publisher = article.get("publisher").and_then(|p| {
        let p = match p {
            Value::Array(a) => a.first()?,
            p => p,
        };
        if let Some(name) = string(p.get("name")) {
            return Some(name);
        }
        // A reference to an object elsewhere in the graph.
        let id = p.get("@id")?.as_str()?;
        let target = objects
            .iter()
            .find(|o| o.get("@id").and_then(Value::as_str) == Some(id))?;
        string(target.get("name"))
    });
    let url = string(article.get("url")).or_else(|| {
        let main = article.get("mainEntityOfPage")?;
        string(Some(main)).or_else(|| string(main.get("@id")))
    });
    JsonLd {
        headline: string(article.get("headline")).map(|h| crate::web::entities::decode(&h)),
        date: string(article.get("datePublished")).or_else(|| string(article.get("dateCreated"))),
        publisher: publisher.map(|p| crate::web::entities::decode(&p)),
        url,
    }
}

/// Every object of a JSON-LD value: arrays and `@graph`s opened.
fn flatten(value: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| flatten(v, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes_and_prefixes_go() {
        assert_eq!(
            strip_site("نص العنوان - الموقع", Some("الموقع"), true),
            "نص العنوان"
        );
        assert_eq!(
            strip_site("الموقع | نص العنوان", Some("الموقع"), false),
            "نص العنوان"
        );
        assert_eq!(
            strip_site("اتفاق على مناطق خفض التصعيد | عربي 21", None, true),
            "اتفاق على مناطق خفض التصعيد"
        );
        // Without a known site a long last part is part of the title.
        assert_eq!(
            strip_site("أستانا - الجولة الرابعة تنتهي بمذكرة تفاهم", None, true),
            "أستانا - الجولة الرابعة تنتهي بمذكرة تفاهم"
        );
        assert_eq!(strip_site("عنوان - كلمة", None, false), "عنوان - كلمة");
    }

    #[test]
    fn relative_canonical_resolves_against_the_page() {
        assert_eq!(
            absolute("/news/1", Some("https://example.org/a/b")),
            Some("https://example.org/news/1".to_string())
        );
        assert_eq!(absolute("/news/1", None), None);
        assert_eq!(absolute("javascript:void(0)", None), None);
        assert_eq!(
            host("https://www.aljazeera.net/news"),
            Some("aljazeera.net".to_string())
        );
    }
}
