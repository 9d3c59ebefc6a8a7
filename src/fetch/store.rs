//! What the fetcher needs from where articles are kept: whether an address
//! is known, adding a fetched page, and each source's validators for the
//! next conditional request. The archive implements it; [`MemoryStore`]
//! keeps everything in memory, for tests and for fetching without one.

use crate::web::html::PageDraft;
use std::collections::HashMap;

/// A source's state after its last fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceState {
    /// The `ETag` the server sent with the last full answer.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent with the last full answer.
    pub last_modified: Option<String>,
    /// What it turned out to be: `feed`, `sitemap`, `sitemap index`, `page`.
    pub kind: Option<String>,
    /// The last HTTP status (304 when unchanged), none when no answer came.
    pub status: Option<u16>,
}

/// A page fetched and read as an article, ready to be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedPage {
    /// The address the archive knows the article by: the page's
    /// `rel=canonical` (or `og:url`), else the address it was fetched from,
    /// in canonical form.
    pub canonical_url: String,
    /// Every other address that led to it (the link followed, the one
    /// after redirects), in canonical form, so that a later fetch knows
    /// them without fetching.
    pub other_urls: Vec<String>,
    /// The feed or sitemap it was listed in, or the page itself when it was
    /// given as a source.
    pub source_url: String,
    /// Seconds since the Unix epoch.
    pub fetched_at: i64,
    pub draft: PageDraft,
}

/// What became of a page handed to [`Store::add`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new article.
    New,
    /// Kept as a copy of an article the store had (the same text under
    /// another address, a reprint).
    Copy,
    /// Not kept: the store has an article under its canonical address.
    Known,
}

/// Where fetched articles go.
pub trait Store {
    /// Whether an article is known under this canonical URL (its own or one
    /// of its other addresses).
    fn knows(&mut self, canonical_url: &str) -> anyhow::Result<bool>;
    /// Keeps a fetched page, each in its own transaction.
    fn add(&mut self, page: &FetchedPage) -> anyhow::Result<Added>;
    /// The state of a feed, sitemap or page source after its last fetch.
    fn source_state(&mut self, url: &str) -> anyhow::Result<Option<SourceState>>;
    /// Records a source's state.
    fn set_source_state(&mut self, url: &str, state: &SourceState) -> anyhow::Result<()>;
}

/// Everything in memory: a page is known by its canonical address, a copy
/// when its exact text is known (the archive also finds reprints).
#[derive(Debug, Default)]
pub struct MemoryStore {
    pub pages: Vec<FetchedPage>,
    /// How each page of `pages` was added.
    pub added: Vec<Added>,
    pub sources: HashMap<String, SourceState>,
}

impl Store for MemoryStore {
    fn knows(&mut self, canonical_url: &str) -> anyhow::Result<bool> {
        Ok(self.pages.iter().any(|p| {
            p.canonical_url == canonical_url || p.other_urls.iter().any(|u| u == canonical_url)
        }))
    }

    fn add(&mut self, page: &FetchedPage) -> anyhow::Result<Added> {
        let added = if self
            .pages
            .iter()
            .any(|p| p.canonical_url == page.canonical_url)
        {
            Added::Known
        } else if self.pages.iter().any(|p| p.draft.text == page.draft.text) {
            Added::Copy
        } else {
            Added::New
        };
        self.pages.push(page.clone());
        self.added.push(added);
        Ok(added)
    }

    fn source_state(&mut self, url: &str) -> anyhow::Result<Option<SourceState>> {
        Ok(self.sources.get(url).cloned())
    }

    fn set_source_state(&mut self, url: &str, state: &SourceState) -> anyhow::Result<()> {
        self.sources.insert(url.to_string(), state.clone());
        Ok(())
    }
}
