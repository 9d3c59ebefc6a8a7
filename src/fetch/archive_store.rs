//! The archive as the fetcher's [`Store`]: a fetched page becomes an
//! article through the corpus's finishing (the same as a page file's), and
//! the archive decides whether it is new, a copy, or known.

use super::store::{Added, FetchedPage, SourceState, Store};
use crate::archive::{self, Archive};
use crate::corpus::page_article;
use crate::extract::Extractor;

pub struct ArchiveStore<'a> {
    pub archive: &'a mut Archive,
    pub extractor: &'a Extractor,
}

/// The id a fetched article shows: the last segment of its address
/// (`astana-4-memorandum` of `.../2017/05/04/astana-4-memorandum.html`),
/// else its host.
pub fn page_id(url: &str) -> String {
    let Ok(parsed) = url::Url::parse(url) else {
        return url.to_string();
    };
    let segment = parsed
        .path_segments()
        .and_then(|mut s| s.rfind(|s| !s.is_empty()))
        .map(|s| {
            let s = percent_decoded(s);
            match s.rsplit_once('.') {
                Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem.to_string(),
                _ => s,
            }
        });
    segment.unwrap_or_else(|| parsed.host_str().unwrap_or(url).to_string())
}

fn percent_decoded(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

impl Store for ArchiveStore<'_> {
    fn knows(&mut self, canonical_url: &str) -> anyhow::Result<bool> {
        Ok(self.archive.knows_url(canonical_url)?.is_some())
    }

    fn add(&mut self, page: &FetchedPage) -> anyhow::Result<Added> {
        let article = page_article(
            &page_id(&page.canonical_url),
            page.draft.clone(),
            self.extractor,
        )
        .map_err(anyhow::Error::msg)?;
        Ok(
            match self.archive.add_with_urls(
                &article,
                &page.other_urls,
                self.extractor.fingerprint(),
            )? {
                archive::Added::New(_) => Added::New,
                archive::Added::Copy { .. } => Added::Copy,
                archive::Added::Known(_) => Added::Known,
            },
        )
    }

    fn source_state(&mut self, url: &str) -> anyhow::Result<Option<SourceState>> {
        Ok(self.archive.source(url)?.map(|s| SourceState {
            etag: s.etag,
            last_modified: s.last_modified,
            kind: s.kind,
            status: s.last_status,
        }))
    }

    fn set_source_state(&mut self, url: &str, state: &SourceState) -> anyhow::Result<()> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        self.archive.set_source(&archive::Source {
            url: url.to_string(),
            kind: state.kind.clone(),
            etag: state.etag.clone(),
            last_modified: state.last_modified.clone(),
            last_status: state.status,
            last_fetched: Some(now),
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_last_segment_of_the_address() {
        assert_eq!(
            page_id("https://a.example/politics/2017/05/04/astana-4-memorandum.html"),
            "astana-4-memorandum"
        );
        assert_eq!(
            page_id("https://a.example/news/syria/astana-5-ends/"),
            "astana-5-ends"
        );
        assert_eq!(page_id("https://a.example/"), "a.example");
        assert_eq!(
            page_id("https://a.example/%D8%A3%D8%B3%D8%AA%D8%A7%D9%86%D8%A7"),
            "أستانا"
        );
    }
}
