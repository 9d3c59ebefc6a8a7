//! One article per canonical URL: the form of an address under which the
//! archive knows a page, whatever tracking parameters or fragment a link
//! to it carried.

use url::Url;

/// Query parameters that only say where a reader clicked, never which page.
fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || name == "fbclid" || name == "gclid"
}

/// `url` without its fragment and tracking parameters (`utm_*`, `fbclid`,
/// `gclid`), host lower-cased and default port dropped (by `url`'s
/// parser); `None` when it is no absolute http(s) URL.
pub fn canonical_url(url: &str) -> Option<String> {
    let mut parsed = Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
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

/// The key one request at a time is kept per: host and port.
pub fn host_key(url: &Url) -> String {
    match url.port_or_known_default() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_fragment_and_host_case_go() {
        assert_eq!(
            canonical_url("https://WWW.Example.COM:443/news/1?utm_source=tw&id=7&fbclid=x#top")
                .as_deref(),
            Some("https://www.example.com/news/1?id=7")
        );
        assert_eq!(
            canonical_url("http://example.com/a?utm_medium=rss&gclid=1").as_deref(),
            Some("http://example.com/a")
        );
        assert_eq!(
            canonical_url("https://example.com/a?b=1").as_deref(),
            Some("https://example.com/a?b=1")
        );
    }

    #[test]
    fn not_web_addresses_have_none() {
        assert_eq!(canonical_url("mailto:a@b.c"), None);
        assert_eq!(canonical_url("/relative/path"), None);
        assert_eq!(canonical_url("ftp://example.com/x"), None);
    }
}
