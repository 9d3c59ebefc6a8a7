//! HTML pages (`.html`, `.htm`, `.xhtml`, and the same gzip-compressed) as
//! article drafts: the main text without the page's boilerplate, and the
//! title, date, source and URL the page states. The main text is found by
//! the `trafilatura` crate (a port of go-trafilatura, itself a port of the
//! Python library that scores best on the public extraction benchmark);
//! around it sits what Arabic news pages need: the debris list
//! (`data/debris.txt`) cut out of the page before extraction, and dates
//! written for readers in either Arabic month system. docs/INPUTS.md says
//! what is taken from where.

pub mod charset;
pub(super) mod date;
mod meta;
mod text;

pub use meta::PageMeta;
pub use text::{Steps, fragment_paragraphs};

use crate::corpus::{Charset, Decoded, Encoding, decode};
use std::io::Read;

/// What is known of where a page came from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    /// The page's own URL, when known (a web archive's record).
    pub url: Option<&'a str>,
    /// The charset the HTTP header declared, or the one the user forced;
    /// `Unknown`: the page's own declaration or detection decides.
    pub charset: Charset,
}

/// One page read as an article, before the corpus finishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageDraft {
    /// Paragraphs separated by one blank line.
    pub text: String,
    pub title: Option<String>,
    /// ISO 8601.
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// How the bytes were decoded, when not as plain UTF-8 (one line each).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// A home page, a list of links, an error page: nothing to read.
    #[error("no article text found")]
    NoArticle,
    #[error("gzip data broken at byte {offset}: {message}")]
    Gzip { offset: u64, message: String },
    /// Not text: empty, or binary (the decoder's reason).
    #[error("{0}")]
    NotText(String),
}

/// Whether a path names a page this module reads.
pub fn is_html_path(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".html", ".htm", ".xhtml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A page's bytes as an article draft.
pub fn read_page(bytes: &[u8], origin: &Origin) -> Result<PageDraft, PageError> {
    read_page_with(bytes, origin, Steps::default())
}

/// [`read_page`] with some of its steps left out, to measure each.
pub fn read_page_with(bytes: &[u8], origin: &Origin, steps: Steps) -> Result<PageDraft, PageError> {
    let inflated;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        inflated = gunzip(bytes)?;
        &inflated[..]
    } else {
        bytes
    };
    // The page's own declaration counts only when nothing outside it
    // (an HTTP header, the user) said otherwise.
    let charset = match origin.charset {
        Charset::Unknown => charset::declared(bytes)
            .and_then(|enc| Encoding::for_label(enc.name()).ok())
            .map_or(Charset::Unknown, Charset::Declared),
        given => given,
    };
    let (html, notes) = match decode(bytes.to_vec(), charset) {
        Decoded::Text { text, notes } => (text, notes),
        Decoded::Skipped(why) => return Err(PageError::NotText(why)),
    };
    let page = text::extract_with(&html, origin.url, steps)?;
    Ok(PageDraft {
        text: page.text,
        title: page.meta.title,
        date: page.meta.date,
        source: page.meta.source,
        url: page.meta.url,
        notes,
    })
}

/// Every gzip member of `bytes`, decompressed. A broken stream is an error
/// naming the byte of the compressed data where reading stopped.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, PageError> {
    let mut rest = bytes;
    let mut out = Vec::with_capacity(bytes.len() * 4);
    let result = flate2::bufread::MultiGzDecoder::new(&mut rest).read_to_end(&mut out);
    match result {
        Ok(_) => Ok(out),
        Err(e) => Err(PageError::Gzip {
            offset: (bytes.len() - rest.len()) as u64,
            message: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests;
