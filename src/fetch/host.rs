//! The key requests are spaced by. (Canonical URLs, the addresses the
//! archive knows an article by, are `archive::canonical_url`.)

use url::Url;

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
    fn hosts_are_told_apart_by_port() {
        let key = |u: &str| host_key(&Url::parse(u).unwrap());
        assert_eq!(key("https://Example.com/a"), "example.com:443");
        assert_eq!(key("http://example.com:8080/a"), "example.com:8080");
        assert_ne!(key("http://127.0.0.1:1/"), key("http://127.0.0.1:2/"));
    }
}
