//! The input formats. Each format is one module that turns a file's bytes,
//! with what is known of their origin ([`Origin`]: path, URL, declared
//! charset), into [`Draft`]s; `load::finish` makes every draft an
//! `Article` the same way, whatever its format. Adding a format is one
//! module, one [`Format`] variant with its extensions, and one arm in
//! [`drafts`]. Bytes become text through `corpus::decode`, in the format
//! that knows where a charset may be declared.

pub(super) mod feed;
pub(in crate::corpus) mod html;
pub(super) mod json;
pub(super) mod jsonl;
pub(super) mod text;
pub(super) mod warc;

use super::decode::{Charset, Decoded, decode};
use super::{ArticleMeta, LoadWarning};
use std::path::Path;
use std::sync::Arc;

/// What a format makes of one file: drafts, and warnings in their places.
pub(super) type FileDrafts = Vec<Result<Draft, LoadWarning>>;

/// A kind of input file, known by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// `.txt`: one article, titled by its first line.
    Text,
    /// `.md`: a text whose title line loses its Markdown markers.
    Markdown,
    /// `.json`: an array of records.
    Json,
    /// `.jsonl`, `.ndjson`: one record a line, streamed (see `load::stream`).
    Jsonl,
    /// `.html`, `.htm`, `.xhtml`, and the same `.gz`: a web page.
    Html,
    /// `.xml`, `.rss`, `.atom`: a feed, one article an item (a JSON Feed
    /// is a `.json` file, found by its shape).
    Feed,
    /// `.warc`, `.warc.gz`: a web archive, one article an HTML page,
    /// streamed (see `load::warc`).
    Warc,
}

impl Format {
    /// Every extension read, for messages about the others.
    pub(super) const EXTENSIONS: &str = ".txt, .md, .json, .jsonl, .ndjson, .html, .htm, .xhtml, .html.gz, .xml, .rss, .atom, .warc, .warc.gz";

    pub(super) fn of_path(path: &Path) -> Option<Format> {
        if crate::web::warc::is_warc_path(path) {
            return Some(Format::Warc);
        }
        if crate::web::html::is_html_path(path) {
            return Some(Format::Html);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "xml" | "rss" | "atom" => Some(Format::Feed),
            _ => None,
        }
    }
}

/// The drafts of a file read whole (a streamed format's, too, when its
/// bytes are at hand),
/// with its warnings and notes (decoding, records that are no article).
pub(super) fn drafts(
    format: Format,
    origin: &Origin,
    bytes: Vec<u8>,
) -> Vec<Result<Draft, LoadWarning>> {
    match format {
        Format::Text => text::drafts(origin, bytes, super::clip_title),
        Format::Markdown => text::drafts(origin, bytes, super::title::markdown_title),
        Format::Json => json::drafts(origin, bytes),
        Format::Jsonl => jsonl::drafts(origin, bytes),
        Format::Html => html::drafts(origin, bytes),
        Format::Feed => feed::drafts(origin, bytes),
        Format::Warc => warc::drafts(origin, bytes),
    }
}

/// Where a file came from: for ids, messages and decoding.
pub(super) struct Origin {
    /// How messages name it (`path`, or `bundled:NAME`).
    pub display: String,
    /// Shared by the articles of the file; `None` for bundled articles.
    pub path: Option<Arc<Path>>,
    /// The file name without its extension: the id of a text file, the
    /// head of a record's id when it has none.
    pub stem: String,
    /// The charset declared for the bytes, or forced by the user.
    pub charset: Charset,
}

impl Origin {
    pub(super) fn of_path(path: &Path, charset: Charset) -> Origin {
        Origin {
            display: path.display().to_string(),
            path: Some(Arc::from(path)),
            stem: stem_of(path),
            charset,
        }
    }

    pub(super) fn bundled(name: &str) -> Origin {
        Origin {
            display: format!("bundled:{name}"),
            path: None,
            stem: stem_of(Path::new(name)),
            charset: Charset::Unknown,
        }
    }

    /// A warning about the whole file.
    pub(super) fn warning(&self, message: impl Into<String>) -> LoadWarning {
        LoadWarning::new(&self.display, None, message)
    }

    /// Notes about how the file was read, as the first of its results.
    pub(super) fn notes(&self, notes: Vec<String>) -> FileDrafts {
        notes.into_iter().map(|n| Err(self.warning(n))).collect()
    }

    /// The file's bytes as text, with its results begun by the decoder's
    /// notes; `Err` holds the one warning of a file that is not text.
    pub(super) fn decode(&self, bytes: Vec<u8>) -> Result<(String, FileDrafts), FileDrafts> {
        match decode(bytes, self.charset) {
            Decoded::Skipped(why) => Err(vec![Err(self.warning(why))]),
            Decoded::Text { text, notes } => Ok((text, self.notes(notes))),
        }
    }
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where in its file a draft was: how warnings about it name the place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// The whole file is the article.
    File,
    /// Record N (1-based) of a JSON array or a web archive.
    Record(usize),
    /// Line N of a JSONL file.
    Line(usize),
    /// Item N (1-based) of a feed.
    Item(usize),
}

impl Place {
    /// The line later messages about the article name (duplicate ids).
    pub(super) fn line(self) -> Option<usize> {
        match self {
            Place::Line(n) => Some(n),
            Place::File | Place::Record(_) | Place::Item(_) => None,
        }
    }

    pub(super) fn warning(self, origin: &Origin, message: impl Into<String>) -> LoadWarning {
        let message = message.into();
        match self {
            Place::File => origin.warning(message),
            Place::Record(n) => origin.warning(format!("record {n}: {message}")),
            Place::Item(n) => origin.warning(format!("item {n}: {message}")),
            Place::Line(n) => LoadWarning::new(&origin.display, Some(n), message),
        }
    }
}

/// How the text of a draft is laid out, which decides how it is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A whole document (a text file, a page): blank lines before it are
    /// dropped, a headline printed twice loses its copy, and a text that
    /// is only debris is no article.
    Document,
    /// A record's text field, kept as given (only debris is cut).
    Record,
}

/// An article as its format reads it, before it is finished (debris cut,
/// title chosen, limits checked, entities extracted).
pub(super) struct Draft {
    pub place: Place,
    pub id: String,
    /// A title of its own (a record's `title`); `None`: the title is made
    /// from the text's first line by `title_of_line`.
    pub title: Option<String>,
    pub title_of_line: fn(&str) -> String,
    pub text: String,
    pub meta: ArticleMeta,
    pub shape: Shape,
    /// Something to say about the article that still loads (a line's
    /// damaged UTF-8, repaired): reported with its place.
    pub note: Option<String>,
}
