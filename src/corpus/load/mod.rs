//! Reading articles from disk (and from the embedded seeds): which files
//! (`discover`), each read in its format (`corpus::format`) and finished
//! into articles (`finish`), JSONL streamed in chunks (`stream`), web
//! archives record by record (`warc`), ids made unique and the sink fed in
//! batches (`gather`).
//!
//! Files are read in parallel and kept in path order; JSONL and web
//! archives are streamed in batches so a large archive never sits in memory
//! twice.

mod discover;
mod finish;
mod gather;
mod page;
mod stored;
mod stream;
mod warc;

pub use page::page_article;
pub use stored::{StoredArticle, StoredLoad, load_stored_into, words_of};
pub(super) use stream::CHUNK_BYTES;

use super::decode::{Charset, Encoding};
use super::format::{self, Format, Origin};
use super::{Article, Corpus, LoadError, LoadWarning};
use crate::extract::Extractor;
use crate::input_file::Found;
use finish::finish;
use gather::Gather;
use rayon::prelude::*;
use std::{
    fs,
    ops::Range,
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, AtomicUsize, Ordering},
};

mod seeds {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

/// Counters a loading screen can poll from another thread.
#[derive(Debug, Default)]
pub struct LoadProgress {
    pub bytes_total: AtomicU64,
    pub bytes_read: AtomicU64,
    pub articles: AtomicUsize,
    /// The input files found (set once they are).
    pub files_total: AtomicUsize,
    /// The titles of the first articles loaded, in the corpus's order (at
    /// most [`LoadProgress::ARRIVED`]): the loading screen lists them.
    pub arrived: std::sync::Mutex<Vec<Box<str>>>,
}

impl LoadProgress {
    /// Titles kept in `arrived`: a tall terminal's screenful.
    pub const ARRIVED: usize = 100;

    /// Keeps the title of the next article loaded; false once there are
    /// enough.
    fn arrive(&self, title: &str) -> bool {
        let mut arrived = self.arrived.lock().unwrap_or_else(|e| e.into_inner());
        if arrived.len() < Self::ARRIVED {
            arrived.push(title.into());
        }
        arrived.len() < Self::ARRIVED
    }

    fn read(&self, bytes: usize, articles: usize) {
        self.bytes_read.fetch_add(bytes as u64, Ordering::Relaxed);
        self.articles.fetch_add(articles, Ordering::Relaxed);
    }
}

/// What loading does with each article besides keeping it: the search
/// index's words, made from the extractor's normalized text while it exists
/// rather than normalizing every text a second time. `words` runs in
/// parallel, once per article; `add` receives them batch by batch, in
/// corpus order (the order of [`Corpus::articles`]). `words` has no
/// `self`: the next batch is parsed while `add` takes the last one.
pub trait ArticleSink: Send {
    type Words: Send;
    /// `text_words`: the byte ranges of the words of `text_key`.
    fn words(title: &str, text_key: &str, text_words: &[Range<usize>]) -> Self::Words;
    /// Adds the words of the next window of a long text (the extractor
    /// reads a text over `text::windows::WINDOW_BYTES` a window at a time).
    fn more_words(words: &mut Self::Words, text_key: &str, text_words: &[Range<usize>]);
    /// `articles` are the articles of the batch, as the corpus holds them.
    fn add(&mut self, batch: Vec<Self::Words>, articles: &[Article]);

    /// Whether the sink reads the words at all: stored articles (whose
    /// extraction is kept) are not normalized for a sink that does not.
    const USES_WORDS: bool = true;

    /// Whether [`ArticleSink::seed`] can take kept words.
    const SEEDS: bool = false;

    /// Takes the search index's words an archive kept for the first
    /// articles of this load (or for the next ones, called again: an
    /// archive keeps them in stretches), instead of their words (those
    /// articles are then not given to [`ArticleSink::add`]), while the
    /// articles are read: the number of articles they cover, or `None`
    /// when they are another build's or damaged (the sink is then new).
    fn seed(&mut self, _stored: &[u8]) -> Option<usize> {
        None
    }

    /// The articles the seeded words cover, once read. False when they are
    /// not as many as the words covered: the sink forgets the words and is
    /// as it was, and the articles are to be added as usual.
    fn seeded(&mut self, _articles: &[Article]) -> bool {
        false
    }
}

/// Loading with nothing beside it.
impl ArticleSink for () {
    const USES_WORDS: bool = false;
    type Words = ();
    fn words(_: &str, _: &str, _: &[Range<usize>]) {}
    fn more_words(_: &mut (), _: &str, _: &[Range<usize>]) {}
    fn add(&mut self, _: Vec<()>, _: &[Article]) {}
}

/// How files are to be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// `--encoding`: the encoding of every file without a byte order mark
    /// (none: UTF-8, else detected).
    pub encoding: Option<Encoding>,
    /// The sink keeps the articles (an import into the archive): each
    /// batch is dropped once the sink has it, so that a large import never
    /// sits in memory, and ids are not made unique here (the sink does).
    pub sink_keeps: bool,
    /// `--max-file-size`: no file is read past this many bytes (none:
    /// [`crate::input_file::MAX_ARTICLES_BYTES`]).
    pub max_file_size: Option<u64>,
}

impl LoadOptions {
    fn cap(self) -> u64 {
        self.max_file_size
            .unwrap_or(crate::input_file::MAX_ARTICLES_BYTES)
    }

    fn charset(self) -> Charset {
        self.encoding.map_or(Charset::Unknown, Charset::Forced)
    }
}

/// The articles bundled in the binary (the files of `seeds/`).
pub fn load_bundled(extractor: &Extractor) -> Corpus {
    load_bundled_into(extractor, &mut ())
}

/// The articles of `paths`, or the bundled ones when no path is given,
/// feeding `sink` on the way (see [`load_paths`] for what is read).
pub fn load_into<S: ArticleSink>(
    paths: &[PathBuf],
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    sink: &mut S,
) -> Result<Corpus, LoadError> {
    load_into_with(paths, LoadOptions::default(), extractor, progress, sink)
}

/// [`load_into`], reading the files as `options` say.
pub fn load_into_with<S: ArticleSink>(
    paths: &[PathBuf],
    options: LoadOptions,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    sink: &mut S,
) -> Result<Corpus, LoadError> {
    if paths.is_empty() {
        Ok(load_bundled_into(extractor, sink))
    } else {
        load_paths_into(paths, options, extractor, progress, sink)
    }
}

/// The bundled articles, feeding `sink`.
pub fn load_bundled_into<S: ArticleSink>(extractor: &Extractor, sink: &mut S) -> Corpus {
    let results: Vec<(Origin, FileResult<S::Words>)> = seeds::SEEDS
        .par_iter()
        .map(|(name, bytes)| {
            let origin = Origin::bundled(name);
            let drafts = format::drafts(Format::Text, &origin, bytes.to_vec());
            let result = finish_all::<S>(&origin, drafts, extractor);
            (origin, result)
        })
        .collect();
    let mut gather = Gather::new(sink);
    for (origin, result) in results {
        gather.take(&origin.display, result);
    }
    gather.flush();
    gather.corpus
}

/// Loads every path: files in the format of their extension (see
/// `Format::EXTENSIONS`; another extension is a warning),
/// folders walked for those. A path that does not exist is an error;
/// everything else that goes wrong is a warning.
pub fn load_paths(
    paths: &[PathBuf],
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
) -> Result<Corpus, LoadError> {
    load_paths_into(paths, LoadOptions::default(), extractor, progress, &mut ())
}

/// Files read in parallel at a time (between two hand-overs to the sink).
const FILES_PER_BATCH: usize = 256;

fn load_paths_into<S: ArticleSink>(
    paths: &[PathBuf],
    options: LoadOptions,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    sink: &mut S,
) -> Result<Corpus, LoadError> {
    let charset = options.charset();
    let mut warnings = Vec::new();
    let files = discover::inputs(paths, charset, &mut warnings)?;
    if let Some(progress) = progress {
        progress.files_total.store(files.len(), Ordering::Relaxed);
        let total: u64 = files
            .iter()
            .filter_map(|input| fs::metadata(&input.path).ok())
            .map(|m| m.len())
            .sum();
        progress.bytes_total.store(total, Ordering::Relaxed);
    }
    let mut gather = Gather::new(sink);
    gather.arrivals = progress;
    gather.sink_keeps = options.sink_keeps;
    gather.corpus.warnings = warnings;
    // In path order: a streamed file streams its own batches; runs of
    // other files are read a batch of files at a time.
    let mut rest = &files[..];
    while let Some((input, after)) = rest.split_first() {
        if input.streamed {
            let origin = Origin::of_path(&input.path, charset);
            if input.format == Format::Warc {
                warc::load_warc(&origin, options.cap(), extractor, progress, &mut gather);
            } else {
                stream::load_jsonl(&origin, options.cap(), extractor, progress, &mut gather);
            }
            rest = after;
            continue;
        }
        let run = rest
            .iter()
            .take(FILES_PER_BATCH)
            .take_while(|input| !input.streamed)
            .count();
        let (batch, after) = rest.split_at(run);
        let (_, results) = rayon::join(
            || gather.flush(),
            || -> Vec<(Origin, FileResult<S::Words>)> {
                batch
                    .par_iter()
                    .map(|input| {
                        let origin = Origin::of_path(&input.path, charset);
                        let result = load_whole_file::<S>(
                            &origin,
                            &input.path,
                            options.cap(),
                            input.format,
                            extractor,
                            progress,
                        );
                        (origin, result)
                    })
                    .collect()
            },
        );
        for (origin, result) in results {
            gather.take(&origin.display, result);
        }
        rest = after;
    }
    gather.flush();
    Ok(gather.corpus)
}

/// An article, the line it started on (for messages about it later) and
/// what the sink made of it.
struct Loaded<W> {
    article: Article,
    line: Option<usize>,
    words: W,
    /// A warning about the article that still loaded.
    note: Option<LoadWarning>,
}

struct FileResult<W> {
    articles: Vec<Loaded<W>>,
    warnings: Vec<LoadWarning>,
}

impl<W> Default for FileResult<W> {
    fn default() -> Self {
        FileResult {
            articles: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// A file read whole, in its format.
fn load_whole_file<S: ArticleSink>(
    origin: &Origin,
    path: &Path,
    cap: u64,
    format: Format,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
) -> FileResult<S::Words> {
    // Named or found, `discover` has kept only what may be read.
    match crate::input_file::read(path, Found::Named, cap) {
        Ok(bytes) => {
            let read = bytes.len();
            let drafts = format::drafts(format, origin, bytes);
            let result = finish_all::<S>(origin, drafts, extractor);
            if let Some(p) = progress {
                p.read(read, result.articles.len());
            }
            result
        }
        Err(e) => FileResult {
            articles: Vec::new(),
            warnings: vec![origin.warning(e.to_string())],
        },
    }
}

/// Finishes a file's drafts (in parallel: a JSON array holds thousands).
fn finish_all<S: ArticleSink>(
    origin: &Origin,
    drafts: Vec<Result<format::Draft, LoadWarning>>,
    extractor: &Extractor,
) -> FileResult<S::Words> {
    let finished: Vec<Result<Loaded<S::Words>, LoadWarning>> = drafts
        .into_par_iter()
        .map(|draft| draft.and_then(|d| finish::<S>(origin, d, extractor)))
        .collect();
    let mut result = FileResult::default();
    for item in finished {
        match item {
            Ok(article) => result.articles.push(article),
            Err(w) => result.warnings.push(w),
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_seeds_load_with_titles() {
        let corpus = load_bundled(&Extractor::builtin());
        assert_eq!(corpus.articles.len(), 5);
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
        for a in &corpus.articles {
            assert!(!a.title.is_empty());
            assert!(a.title.chars().count() <= 140, "{}", a.title);
            assert!(
                a.text.starts_with(a.title.trim_end_matches('…')),
                "{}",
                a.id
            );
            assert!(!a.text.contains("التعليقات (0)"));
            assert!(!a.text.contains("اضف رد"));
        }
    }
}
