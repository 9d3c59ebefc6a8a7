//! The one form of an article's URL that two copies of a page share: the
//! archive keeps one article per canonical URL.

use url::Url;

/// Query parameters that only say where a reader came from.
fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || name == "fbclid" || name == "gclid"
}

/// `url` without its fragment and tracking parameters (`utm_*`, `fbclid`,
/// `gclid`), its scheme and host lower-cased (the `url` crate does that
/// and removes a default port); the other parameters keep their order.
/// `None` for something that is not an absolute URL.
pub fn canonical_url(url: &str) -> Option<String> {
    let mut parsed = Url::parse(url.trim()).ok()?;
    if parsed.cannot_be_a_base() {
        return None;
    }
    parsed.set_fragment(None);
    if parsed.query().is_some() {
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter(|(name, _)| !is_tracking(name))
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            parsed.set_query(None);
        } else {
            parsed.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(parsed.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_and_fragment_go() {
        assert_eq!(
            canonical_url("https://WWW.Example.COM/news/1?utm_source=tw&id=7&fbclid=x&gclid=y#top")
                .as_deref(),
            Some("https://www.example.com/news/1?id=7")
        );
        assert_eq!(
            canonical_url("https://example.com/a?UTM_Medium=x").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(
            canonical_url("HTTP://example.com:80/a#b").as_deref(),
            Some("http://example.com/a")
        );
    }

    #[test]
    fn the_path_and_other_parameters_stay() {
        // The path's case is the server's business; the order of kept
        // parameters is kept.
        assert_eq!(
            canonical_url("https://example.com/News/Page?b=2&a=1").as_deref(),
            Some("https://example.com/News/Page?b=2&a=1")
        );
        // Arabic paths come out percent-encoded, one form for both spellings.
        let arabic = canonical_url("https://example.com/أخبار/1").unwrap();
        assert_eq!(
            canonical_url("https://example.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1").unwrap(),
            arabic
        );
    }

    #[test]
    fn non_urls_are_none() {
        assert_eq!(canonical_url("not a url"), None);
        assert_eq!(canonical_url("/relative/path"), None);
        assert_eq!(canonical_url("mailto:x@example.com"), None);
    }
}
