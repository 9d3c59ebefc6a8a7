//! Articles and how they are read: `.txt`/`.md` files, folders, JSON and
//! JSONL, and the bundled seeds. Bad input becomes a [`LoadWarning`] and the
//! rest still loads.
//!
//! A file's way in: `load::discover` picks its [`format`] by extension;
//! the format's module decodes its bytes (`decode`: BOM, UTF-8, declared,
//! forced or detected encoding) and reads them into drafts; `load::finish`
//! makes each draft an [`Article`]; `load::gather` gives it a unique id and
//! hands its words to the [`ArticleSink`].

mod article_text;
mod date;
mod debris;
mod decode;
mod format;
mod json_text;
mod load;
mod title;

pub use article_text::{ArticleText, BlockBuilder};
pub use date::PubDate;
pub use debris::{cut_debris, is_debris_line};
pub use decode::{Charset, Encoding};
pub(crate) use decode::{Decoded, decode, xml_declared};
pub use load::{
    ArticleSink, LoadOptions, LoadProgress, StoredArticle, StoredLoad, load_bundled,
    load_bundled_into, load_into, load_into_with, load_paths, load_stored_into, page_article,
    words_of,
};
pub use title::clip_title;

use crate::extract::Extraction;
use std::{fmt, path::PathBuf};

/// One article, as read. `text` is kept exactly as given (after debris is
/// cut and a repeated title line dropped); everything shown or searched
/// points into it by byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: Box<str>,
    pub title: Box<str>,
    /// The file it came from (shared by the articles of one file); `None`
    /// for bundled articles.
    pub path: Option<std::sync::Arc<std::path::Path>>,
    /// Date, source and URL, when the record gives any: boxed apart, so
    /// that an article without them (a text file, a bare record) costs a
    /// pointer, not three empty strings.
    pub meta: Option<Box<ArticleMeta>>,
    /// Packed with the texts of its loading batch (see [`ArticleText`]).
    pub text: ArticleText,
    /// True when `title` is a field of its own (a JSON record's `title`);
    /// false when it was taken from the text's first line.
    pub title_is_separate: bool,
    pub extraction: Extraction,
}

/// An article's optional fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleMeta {
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// How many copies of it (the same story under other URLs, reprints)
    /// an archive keeps besides it.
    pub copies: u32,
    /// When the archive took it in (Unix seconds); `None` outside an archive.
    pub arrived: Option<i64>,
}

impl ArticleMeta {
    /// `None` when no field is set.
    pub fn boxed(self) -> Option<Box<ArticleMeta>> {
        (self != ArticleMeta::default()).then(|| Box::new(self))
    }
}

impl Article {
    pub fn date(&self) -> Option<&str> {
        self.meta.as_ref()?.date.as_deref()
    }

    pub fn source(&self) -> Option<&str> {
        self.meta.as_ref()?.source.as_deref()
    }

    pub fn url(&self) -> Option<&str> {
        self.meta.as_ref()?.url.as_deref()
    }

    /// See [`ArticleMeta::copies`].
    pub fn copies(&self) -> u32 {
        self.meta.as_ref().map_or(0, |m| m.copies)
    }

    /// When an archive took it in (Unix seconds).
    pub fn arrived(&self) -> Option<i64> {
        self.meta.as_ref()?.arrived
    }
}

/// A problem with one file (or one line of it) that did not stop loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl LoadWarning {
    pub fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> LoadWarning {
        LoadWarning {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File names and messages (which quote ids from the data) are shown,
        // never obeyed: a warning is one line with no control characters.
        let file = crate::text::sanitize::visible(&self.file);
        let message = crate::text::sanitize::visible(&self.message);
        match self.line {
            Some(line) => write!(f, "{file}:{line}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

/// Each file the warnings name, in order, with the last thing said of it
/// (notes on its decoding come before why it was skipped). When nothing
/// loaded, these are the files skipped and why.
pub fn files_warned(warnings: &[LoadWarning]) -> Vec<(&str, &str)> {
    let mut files: Vec<(&str, &str)> = Vec::new();
    for w in warnings {
        match files.iter_mut().find(|(file, _)| *file == w.file) {
            Some((_, last)) => *last = &w.message,
            None => files.push((&w.file, &w.message)),
        }
    }
    files
}

/// Problems that stop loading altogether.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: no such file or directory", crate::text::sanitize::visible(&.0.display().to_string()))]
    NotFound(PathBuf),
    /// The I/O error is part of the message, not a `source`: anyhow's
    /// `{:#}` would print it a second time.
    #[error("{}: {error}", crate::text::sanitize::visible(&.path.display().to_string()))]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// The loaded articles in a stable order, and what went wrong on the way.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub warnings: Vec<LoadWarning>,
}
