//! Reading articles from disk (and from the embedded seeds).
//!
//! Files are read in parallel and kept in path order; JSONL is streamed in
//! batches so a large archive never sits in memory twice.

use super::{
    Article, ArticleMeta, Corpus, LoadError, LoadWarning, clip_title, cut_debris, json_text,
};
use crate::extract::{Extraction, Extractor};
use rayon::prelude::*;
use serde::Deserialize;
use std::{
    collections::HashMap,
    fs,
    io::Read,
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
}

impl LoadProgress {
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
}

/// Loading with nothing beside it.
impl ArticleSink for () {
    type Words = ();
    fn words(_: &str, _: &str, _: &[Range<usize>]) {}
    fn more_words(_: &mut (), _: &str, _: &[Range<usize>]) {}
    fn add(&mut self, _: Vec<()>, _: &[Article]) {}
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
    if paths.is_empty() {
        Ok(load_bundled_into(extractor, sink))
    } else {
        load_paths_into(paths, extractor, progress, sink)
    }
}

fn load_bundled_into<S: ArticleSink>(extractor: &Extractor, sink: &mut S) -> Corpus {
    let results: Vec<(Source, FileResult<S::Words>)> = seeds::SEEDS
        .par_iter()
        .map(|(name, bytes)| {
            let source = Source {
                display: format!("bundled:{name}"),
                path: None,
                stem: stem_of(Path::new(name)),
            };
            let result = load_text_bytes::<S>(&source, bytes.to_vec(), extractor);
            (source, result)
        })
        .collect();
    let mut gather = Gather::new(sink);
    for (source, result) in results {
        gather.take(&source.display, result);
    }
    gather.flush();
    gather.corpus
}

/// Loads every path (files of any kind named directly; folders walked for
/// `.txt`, `.md`, `.json`, `.jsonl`). A path that does not exist is an
/// error; everything else that goes wrong is a warning.
pub fn load_paths(
    paths: &[PathBuf],
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
) -> Result<Corpus, LoadError> {
    load_paths_into(paths, extractor, progress, &mut ())
}

/// Files read in parallel at a time (between two hand-overs to the sink).
const FILES_PER_BATCH: usize = 256;

fn load_paths_into<S: ArticleSink>(
    paths: &[PathBuf],
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    sink: &mut S,
) -> Result<Corpus, LoadError> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(path.clone()),
            _ => LoadError::Unreadable {
                path: path.clone(),
                source: e,
            },
        })?;
        if meta.is_dir() {
            walk(path, &mut files, &mut warnings);
        } else {
            files.push((path.clone(), kind_of(path).unwrap_or(Kind::Text)));
        }
    }
    if let Some(progress) = progress {
        let total: u64 = files
            .iter()
            .filter_map(|(p, _)| fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        progress.bytes_total.store(total, Ordering::Relaxed);
    }
    let mut gather = Gather::new(sink);
    gather.corpus.warnings = warnings;
    // In path order: a JSONL file streams its own batches; runs of other
    // files are read a batch of files at a time.
    let mut rest = &files[..];
    while let Some(((path, kind), after)) = rest.split_first() {
        if *kind == Kind::Jsonl {
            load_jsonl(&source_of(path), extractor, progress, &mut gather);
            rest = after;
            continue;
        }
        let run = rest
            .iter()
            .take(FILES_PER_BATCH)
            .take_while(|(_, kind)| *kind != Kind::Jsonl)
            .count();
        let (batch, after) = rest.split_at(run);
        let (_, results) = rayon::join(
            || gather.flush(),
            || -> Vec<(Source, FileResult<S::Words>)> {
                batch
                    .par_iter()
                    .map(|(path, kind)| {
                        let source = source_of(path);
                        let result =
                            load_whole_file::<S>(&source, path, *kind, extractor, progress);
                        (source, result)
                    })
                    .collect()
            },
        );
        for (source, result) in results {
            gather.take(&source.display, result);
        }
        rest = after;
    }
    gather.flush();
    Ok(gather.corpus)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Json,
    Jsonl,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "md" => Some(Kind::Text),
        "json" => Some(Kind::Json),
        "jsonl" | "ndjson" => Some(Kind::Jsonl),
        _ => None,
    }
}

/// Collects article files under `dir`, sorted by path, skipping hidden
/// entries. Symbolic links to folders are not followed (no loops).
fn walk(dir: &Path, files: &mut Vec<(PathBuf, Kind)>, warnings: &mut Vec<LoadWarning>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warnings.push(warning(&dir.display().to_string(), None, e.to_string()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk(&path, files, warnings);
        } else if let Some(kind) = kind_of(&path)
            && (file_type.is_file() || path.is_file())
        {
            files.push((path, kind));
        }
    }
}

/// Where an article came from, for ids and messages.
struct Source {
    display: String,
    path: Option<std::sync::Arc<Path>>,
    stem: String,
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn source_of(path: &Path) -> Source {
    Source {
        display: path.display().to_string(),
        path: Some(std::sync::Arc::from(path)),
        stem: stem_of(path),
    }
}

/// An article, the line it started on (for messages about it later) and
/// what the sink made of it.
struct Loaded<W> {
    article: Article,
    line: Option<usize>,
    words: W,
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

fn warning(file: &str, line: Option<usize>, message: impl Into<String>) -> LoadWarning {
    LoadWarning {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// A `.txt`, `.md` or `.json` file, read whole.
fn load_whole_file<S: ArticleSink>(
    source: &Source,
    path: &Path,
    kind: Kind,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
) -> FileResult<S::Words> {
    match fs::read(path) {
        Ok(bytes) => {
            let read = bytes.len();
            let result = if kind == Kind::Json {
                load_json_bytes::<S>(source, bytes, extractor)
            } else {
                load_text_bytes::<S>(source, bytes, extractor)
            };
            if let Some(p) = progress {
                p.read(read, result.articles.len());
            }
            result
        }
        Err(e) => FileResult {
            articles: Vec::new(),
            warnings: vec![warning(&source.display, None, e.to_string())],
        },
    }
}

/// Checks shared by every kind of file: empty, binary, invalid UTF-8.
/// Returns the text (lossily repaired when it had invalid bytes), in the
/// file's own buffer when it was valid: a 50 MB article is not copied.
fn decode(source: &Source, bytes: Vec<u8>, warnings: &mut Vec<LoadWarning>) -> Option<String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        warnings.push(warning(&source.display, None, "empty file, skipped"));
        return None;
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        warnings.push(warning(
            &source.display,
            None,
            format!("binary file (NUL byte at byte {at}), skipped"),
        ));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            warnings.push(warning(
                &source.display,
                None,
                format!("invalid UTF-8 at byte {valid_up_to}; bad bytes shown as \u{FFFD}"),
            ));
            Some(String::from_utf8_lossy(&e.into_bytes()).into_owned())
        }
    }
}

fn load_text_bytes<S: ArticleSink>(
    source: &Source,
    bytes: Vec<u8>,
    extractor: &Extractor,
) -> FileResult<S::Words> {
    let mut result = FileResult::default();
    let Some(text) = decode(source, bytes, &mut result.warnings) else {
        return result;
    };
    match article_from_text::<S>(source, text, extractor) {
        Ok((article, words)) => result.articles.push(Loaded {
            article,
            line: None,
            words,
        }),
        Err(message) => result
            .warnings
            .push(warning(&source.display, None, message)),
    }
    result
}

/// A `.txt`/`.md` article: the first non-empty line is the title line; a
/// second line repeating it is dropped; debris at the end is cut.
fn article_from_text<S: ArticleSink>(
    source: &Source,
    mut text: String,
    extractor: &Extractor,
) -> Result<(Article, S::Words), String> {
    // Trimmed and cut in place: the file's buffer becomes the article's.
    let start = text.len()
        - text
            .trim_start_matches(['\n', '\r', ' ', '\t', '\u{feff}'])
            .len();
    text.drain(..start);
    keep_debris_free(&mut text);
    if text.trim().is_empty() {
        return Err("no article text (only debris), skipped".to_string());
    }
    check_length(&text)?;
    drop_repeated_title(&mut text);
    // Boxed before the extraction (see `article_from_record`).
    let text = text.into_boxed_str();
    let title = clip_title(text.lines().next().unwrap_or_default());
    let (extraction, words) = extract::<S>(extractor, None, &title, &text);
    let article = Article {
        id: source.stem.as_str().into(),
        title: title.into(),
        path: source.path.clone(),
        meta: None,
        title_is_separate: false,
        text,
        extraction,
    };
    Ok((article, words))
}

/// Extracts from an article and gathers its words for the sink, window by
/// window. `separate_title` is a record's own title field; `title` is the
/// title either way.
fn extract<S: ArticleSink>(
    extractor: &Extractor,
    separate_title: Option<&str>,
    title: &str,
    text: &str,
) -> (Extraction, S::Words) {
    let mut words = None;
    let extraction = extractor.extract_with(separate_title, text, |key, ranges| match &mut words {
        None => words = Some(S::words(title, key, ranges)),
        Some(words) => S::more_words(words, key, ranges),
    });
    (
        extraction,
        words.expect("the extractor analyses every text"),
    )
}

/// A record's `title` longer than this is taken as the head of its text.
const MAX_TITLE_BYTES: usize = 4096;

/// Mentions keep their offsets in 31 bits (see `extract::Mention`).
const MAX_FIELD_BYTES: usize = (1 << 31) - 1;

/// An article's text or title must be under 2 GiB.
fn check_length(field: &str) -> Result<(), String> {
    if field.len() > MAX_FIELD_BYTES {
        return Err(format!(
            "an article of {} bytes, over the 2 GiB an article may have, skipped",
            field.len()
        ));
    }
    Ok(())
}

/// Cuts the debris block at the end of `text` (see [`cut_debris`]), in place.
fn keep_debris_free(text: &mut String) {
    let kept = cut_debris(text).len();
    text.truncate(kept);
}

/// Removes the next non-empty line when it repeats the first line (scraped
/// pages often print the headline twice).
fn drop_repeated_title(text: &mut String) {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return;
    };
    let mut offset = first.len();
    for line in lines {
        if line.trim().is_empty() {
            offset += line.len();
            continue;
        }
        if line.trim() == first.trim() {
            let repeated = offset..offset + line.len();
            text.replace_range(repeated, "");
            let kept = text.trim_end().len();
            text.truncate(kept);
        }
        return;
    }
}

/// A JSON value that may be written as a string or a number (ids, dates).
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    String(String),
    Number(serde_json::Number),
}

impl Scalar {
    fn into_string(self) -> String {
        match self {
            Scalar::String(s) => s,
            Scalar::Number(n) => n.to_string(),
        }
    }
}

/// One record of a JSON or JSONL file. (`T`: a raw JSON value for a
/// record whose longest string is decoded in place, see `record_in_buffer`.)
#[derive(Default, Deserialize)]
struct Record<T = String> {
    text: Option<T>,
    body: Option<T>,
    content: Option<T>,
    id: Option<Scalar>,
    title: Option<T>,
    date: Option<Scalar>,
    source: Option<String>,
    url: Option<String>,
}

/// Turns a record into an article, or says why it cannot be one.
fn article_from_record<S: ArticleSink>(
    source: &Source,
    number: usize,
    record: Record,
    extractor: &Extractor,
) -> Result<(Article, S::Words), String> {
    let text = [record.text, record.body, record.content]
        .into_iter()
        .flatten()
        .find(|t| !t.trim().is_empty())
        .ok_or("record has no text (expected a non-empty \"text\", \"body\" or \"content\")")?;
    let mut text = text;
    keep_debris_free(&mut text);
    let mut title = record.title.filter(|t| !t.trim().is_empty());
    if let Some(long) = title.take_if(|t| t.len() > MAX_TITLE_BYTES) {
        // Not a title but a paragraph (or hostile): it heads the text, and
        // the title is clipped from it as from a text's first line, so that
        // it is read a window at a time like any text.
        let mut joined = long;
        joined.reserve_exact(1 + text.len());
        joined.push('\n');
        joined.push_str(&text);
        text = joined;
    }
    check_length(&text)?;
    // Boxed (its spare room given back) before the extraction, while
    // nothing else is large: after it, a moved 50 MB text would sit beside
    // the article's mentions.
    let text = text.into_boxed_str();
    let title_is_separate = title.is_some();
    let (extraction, title, words) = match title {
        Some(title) => {
            let (extraction, words) = extract::<S>(extractor, Some(&title), &title, &text);
            (extraction, title, words)
        }
        None => {
            let title = clip_title(text.lines().find(|l| !l.trim().is_empty()).unwrap_or(""));
            let (extraction, words) = extract::<S>(extractor, None, &title, &text);
            (extraction, title, words)
        }
    };
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let article = Article {
        id: non_empty(record.id.map(Scalar::into_string))
            .unwrap_or_else(|| format!("{}:{number}", source.stem))
            .into(),
        title: title.into(),
        path: source.path.clone(),
        meta: ArticleMeta {
            date: non_empty(record.date.map(Scalar::into_string)),
            source: non_empty(record.source),
            url: non_empty(record.url),
        }
        .boxed(),
        text,
        title_is_separate,
        extraction,
    };
    Ok((article, words))
}

fn load_json_bytes<S: ArticleSink>(
    source: &Source,
    bytes: Vec<u8>,
    extractor: &Extractor,
) -> FileResult<S::Words> {
    let mut result = FileResult::default();
    let Some(text) = decode(source, bytes, &mut result.warnings) else {
        return result;
    };
    // The records as slices of the text first: the longest, when longer
    // than a JSONL chunk, is then decoded in the text's own buffer once
    // the others are read (see `record_in_buffer`).
    let spans: Vec<Range<usize>> =
        match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(&text) {
            Ok(raws) => raws
                .iter()
                .map(|r| {
                    let start = r.get().as_ptr() as usize - text.as_ptr() as usize;
                    start..start + r.get().len()
                })
                .collect(),
            Err(e) => {
                result.warnings.push(warning(
                    &source.display,
                    Some(e.line()),
                    format!("not a JSON array of articles: {e}"),
                ));
                return result;
            }
        };
    let longest = (0..spans.len())
        .max_by_key(|&i| spans[i].len())
        .filter(|&i| spans[i].len() > CHUNK_BYTES);
    let mut records: Vec<Result<Record, String>> = spans
        .par_iter()
        .enumerate()
        .map(|(i, span)| match longest {
            Some(l) if l == i => Ok(Record::default()),
            _ => serde_json::from_str(&text[span.clone()])
                .map_err(|e| without_position(e.to_string())),
        })
        .collect();
    if let Some(l) = longest {
        records[l] = record_in_buffer(text, spans[l].clone()).map_err(without_position);
    } else {
        drop(text);
    }
    let loaded: Vec<Result<Loaded<S::Words>, LoadWarning>> = records
        .into_par_iter()
        .enumerate()
        .map(|(index, record)| {
            let number = index + 1;
            let at = |message: String| {
                warning(&source.display, None, format!("record {number}: {message}"))
            };
            let (article, words) =
                article_from_record::<S>(source, number, record.map_err(at)?, extractor)
                    .map_err(at)?;
            Ok(Loaded {
                article,
                line: None,
                words,
            })
        })
        .collect();
    for item in loaded {
        match item {
            Ok(article) => result.articles.push(article),
            Err(w) => result.warnings.push(w),
        }
    }
    result
}

/// A serde_json message without its "at line L column C": in a record
/// parsed on its own, that place is in the record, not in the file.
fn without_position(message: String) -> String {
    match message.rsplit_once(" at line ") {
        Some((head, place))
            if place
                .split_once(" column ")
                .is_some_and(|(l, c)| l.parse::<u64>().is_ok() && c.parse::<u64>().is_ok()) =>
        {
            head.to_string()
        }
        _ => message,
    }
}

/// JSONL is read in chunks of about this size (cut at a line end); a reader
/// thread fills the next chunk while the pool parses and extracts this one.
const CHUNK_BYTES: usize = 4 << 20;

/// At most this much room is reserved at once for a line longer than a
/// chunk (see `read_chunks`).
const LONG_LINE_ROOM: usize = 512 << 20;

/// Lines of a chunk parsed in parallel at a time (see `load_jsonl`).
const LINES_PER_BATCH: usize = 4096;

/// A run of whole lines from a JSONL file.
struct Chunk {
    /// Line number of the first line (1-based).
    first_line: usize,
    /// Byte offset of the chunk in the file.
    offset: usize,
    bytes: Vec<u8>,
    /// Where each line ends in `bytes` (after its newline): found by the
    /// reader thread, beside the pool, rather than by the thread that
    /// hands the pool its work.
    line_ends: Vec<usize>,
}

/// Reads `reader` into chunks of whole lines and sends them down `chunks`.
/// A line longer than a chunk makes the chunk grow to hold it. Buffers
/// sent back on `spent` are filled again: a fresh one for every chunk
/// would be handed back to the system and faulted in anew each time.
fn read_chunks(
    mut reader: impl Read,
    size: Option<u64>,
    chunks: std::sync::mpsc::SyncSender<std::io::Result<Chunk>>,
    spent: std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let mut carry: Vec<u8> = Vec::new();
    let mut line = 1;
    let mut offset = 0;
    loop {
        // The part line carried over goes to the front of a spent buffer,
        // unless it is a line longer than a chunk, still growing in its own.
        let mut bytes = if carry.len() < CHUNK_BYTES
            && let Ok(mut buffer) = spent.try_recv()
        {
            buffer.clear();
            buffer.append(&mut carry);
            buffer
        } else {
            std::mem::take(&mut carry)
        };
        let filled = bytes.len();
        let mut want = filled.max(CHUNK_BYTES / 2) + CHUNK_BYTES;
        // The file's bytes from this chunk on, when its size is known and
        // not yet passed (a pipe says 0).
        let in_file = size
            .and_then(|s| usize::try_from(s.saturating_sub(offset as u64)).ok())
            .filter(|&n| n >= filled);
        if filled >= CHUNK_BYTES
            && let Some(in_file) = in_file
        {
            // A line longer than a chunk, still growing: room up to the end
            // of the file at once (virtual until read), and reading stops
            // there, instead of doubling, which left each old copy in the
            // allocator's cache: a 50 MB line cost twice its size. (One
            // byte more: the read that finds the end needs room.)
            let room = (in_file + 1).min(filled + LONG_LINE_ROOM);
            if bytes.capacity() < room {
                bytes.reserve_exact(room - filled);
            }
            want = want.min(room);
        }
        bytes.reserve(want - filled);
        // `take` + `read_to_end` fill the spare capacity without zeroing it first.
        let eof = loop {
            let room = (want - bytes.len()) as u64;
            match (&mut reader).take(room).read_to_end(&mut bytes) {
                Ok(0) => break true,
                Ok(_) if bytes.len() >= want => break false,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = chunks.send(Err(e));
                    return;
                }
            }
        };
        let end = bytes.len();
        let cut = if eof {
            end
        } else {
            match memchr::memrchr(b'\n', &bytes) {
                Some(at) => at + 1,
                // No line end yet: keep reading into a bigger buffer.
                None => {
                    carry = bytes;
                    continue;
                }
            }
        };
        carry = bytes.split_off(cut);
        let first_line = line;
        let mut line_ends: Vec<usize> = memchr::memchr_iter(b'\n', &bytes)
            .map(|at| at + 1)
            .collect();
        line += line_ends.len();
        if line_ends.last().copied().unwrap_or(0) < bytes.len() {
            line_ends.push(bytes.len()); // the last line, without a newline
        }
        let chunk = Chunk {
            first_line,
            offset,
            bytes,
            line_ends,
        };
        offset += cut;
        if chunk.bytes.is_empty() && eof {
            return;
        }
        if chunks.send(Ok(chunk)).is_err() || eof {
            return;
        }
    }
}

fn load_jsonl<S: ArticleSink>(
    source: &Source,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    gather: &mut Gather<'_, S>,
) {
    let file = match fs::File::open(source.path.as_deref().unwrap_or(Path::new(""))) {
        Ok(file) => file,
        Err(e) => {
            gather.warn(warning(&source.display, None, e.to_string()));
            return;
        }
    };
    let mut any_content = false;
    let mut any_warning = false;
    std::thread::scope(|scope| {
        let (sender, chunks) = std::sync::mpsc::sync_channel(1);
        let (give_back, spent) = std::sync::mpsc::channel();
        let size = file.metadata().ok().map(|m| m.len());
        scope.spawn(move || read_chunks(file, size, sender, spent));
        for chunk in chunks {
            let mut chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    gather.warn(warning(&source.display, None, e.to_string()));
                    any_warning = true;
                    break;
                }
            };
            let read = chunk.bytes.len();
            let mut take = |loaded: Vec<Option<Result<Loaded<S::Words>, LoadWarning>>>,
                            gather: &mut Gather<'_, S>| {
                let mut result = FileResult::default();
                for item in loaded.into_iter().flatten() {
                    any_content = true;
                    match item {
                        Ok(article) => result.articles.push(article),
                        Err(w) => result.warnings.push(w),
                    }
                }
                any_warning |= !result.warnings.is_empty();
                let articles = result.articles.len();
                gather.take(&source.display, result);
                articles
            };
            if chunk.line_ends.len() == 1 && read > CHUNK_BYTES {
                // One line longer than a chunk (an article of many
                // megabytes): its bytes are freed once parsed, not kept
                // beside its text while it is extracted.
                let (number, offset) = (chunk.first_line, chunk.offset);
                let line = std::mem::take(&mut chunk.bytes);
                let record = parse_long_jsonl_record(source, number, offset, line);
                let loaded =
                    record.map(|r| r.and_then(|r| load_record::<S>(source, number, r, extractor)));
                gather.flush();
                let articles = take(vec![loaded], gather);
                if let Some(p) = progress {
                    p.read(read, articles);
                }
                continue;
            }
            let (bytes, ends) = (&chunk.bytes, &chunk.line_ends);
            // Line `k` of the chunk: its number, its offset in the file, its bytes.
            let line = |k: usize| {
                let start = if k == 0 { 0 } else { ends[k - 1] };
                (
                    chunk.first_line + k,
                    chunk.offset + start,
                    &bytes[start..ends[k]],
                )
            };
            // At most this many lines are in flight at once: a chunk of tiny
            // records holds a hundred thousand lines, each becoming an
            // article and its words before the sink takes them.
            let mut articles = 0;
            for first in (0..ends.len()).step_by(LINES_PER_BATCH) {
                let batch = first..ends.len().min(first + LINES_PER_BATCH);
                // The sink takes the last batch while this one is parsed:
                // one phase waiting for the other would leave a core idle.
                let (_, loaded) = rayon::join(
                    || gather.flush(),
                    || -> Vec<Option<Result<Loaded<S::Words>, LoadWarning>>> {
                        batch
                            .into_par_iter()
                            .map(|k| {
                                let (number, at, line) = line(k);
                                parse_jsonl_line::<S>(source, number, at, line, extractor)
                            })
                            .collect()
                    },
                );
                articles += take(loaded, gather);
            }
            if let Some(p) = progress {
                p.read(read, articles);
            }
            // The reader may have finished: then the buffer is simply dropped.
            let _ = give_back.send(chunk.bytes);
        }
    });
    if !any_content && !any_warning {
        gather.warn(warning(&source.display, None, "empty file, skipped"));
    }
}

/// One JSONL line: `None` when blank, otherwise an article or a warning.
fn parse_jsonl_line<S: ArticleSink>(
    source: &Source,
    number: usize,
    offset: usize,
    line: &[u8],
    extractor: &Extractor,
) -> Option<Result<Loaded<S::Words>, LoadWarning>> {
    let record = parse_jsonl_record(source, number, offset, line)?;
    Some(record.and_then(|record| load_record::<S>(source, number, record, extractor)))
}

/// The record of one JSONL line; `None` for a blank line.
fn parse_jsonl_record(
    source: &Source,
    number: usize,
    offset: usize,
    line: &[u8],
) -> Option<Result<Record, LoadWarning>> {
    Some(
        checked_jsonl_line(source, number, offset, line)?.and_then(|line| {
            // from_str: the bytes were validated once already.
            serde_json::from_str(line).map_err(|e| malformed(source, number, e))
        }),
    )
}

/// A JSONL line as text; `None` for a blank line, a warning for one with
/// a NUL byte or invalid UTF-8.
fn checked_jsonl_line<'l>(
    source: &Source,
    number: usize,
    offset: usize,
    line: &'l [u8],
) -> Option<Result<&'l str, LoadWarning>> {
    Some(
        blank_or_binary(source, number, offset, line)?.and_then(|()| {
            simdutf8::compat::from_utf8(line)
                .map_err(|e| invalid_utf8(source, number, offset + e.valid_up_to()))
        }),
    )
}

/// `None` for a blank line, a warning for one with a NUL byte (the UTF-8
/// check is the caller's, on a slice or on an owned buffer).
fn blank_or_binary(
    source: &Source,
    number: usize,
    offset: usize,
    line: &[u8],
) -> Option<Result<(), LoadWarning>> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(match memchr::memchr(0, line) {
        Some(nul) => Err(warning(
            &source.display,
            Some(number),
            format!(
                "binary data (NUL byte at byte {}), line skipped",
                offset + nul
            ),
        )),
        None => Ok(()),
    })
}

fn invalid_utf8(source: &Source, number: usize, at: usize) -> LoadWarning {
    warning(
        &source.display,
        Some(number),
        format!("invalid UTF-8 at byte {at}, line skipped"),
    )
}

fn malformed(source: &Source, number: usize, e: impl std::fmt::Display) -> LoadWarning {
    warning(
        &source.display,
        Some(number),
        format!("malformed JSON: {e}"),
    )
}

/// The record of a JSONL line longer than a chunk, its longest string
/// decoded in the line's own buffer (see [`record_in_buffer`]).
fn parse_long_jsonl_record(
    source: &Source,
    number: usize,
    offset: usize,
    line: Vec<u8>,
) -> Option<Result<Record, LoadWarning>> {
    if let Err(w) = blank_or_binary(source, number, offset, &line)? {
        return Some(Err(w));
    }
    // Checked as the buffer it is (not as a slice, then again to own it).
    let line = match String::from_utf8(line) {
        Ok(line) => line,
        Err(e) => {
            let at = offset + e.utf8_error().valid_up_to();
            return Some(Err(invalid_utf8(source, number, at)));
        }
    };
    let whole = 0..line.len();
    Some(record_in_buffer(line, whole).map_err(|e| malformed(source, number, e)))
}

/// The record `buffer[record]` with its longest string field decoded in
/// the buffer itself, which becomes that string (the other fields are
/// decoded as usual): a record of 50 MB is not held twice, as serde_json,
/// which copies every string it returns, would hold it.
fn record_in_buffer(buffer: String, record: Range<usize>) -> Result<Record, String> {
    use serde_json::value::RawValue;
    let json = &buffer[record];
    let raw: Record<&RawValue> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let fields = [raw.text, raw.body, raw.content, raw.title];
    let longest = (0..fields.len())
        .max_by_key(|&i| fields[i].map_or(0, |v| v.get().len()))
        .unwrap_or_default();
    let mut strings: [Option<String>; 4] = Default::default();
    for (i, field) in fields.iter().enumerate() {
        if i != longest
            && let Some(value) = field
        {
            strings[i] = Some(serde_json::from_str(value.get()).map_err(|e| e.to_string())?);
        }
    }
    // The longest literal's place in the buffer (it is a slice of it).
    let literal = fields[longest].map(|v| {
        let start = v.get().as_ptr() as usize - buffer.as_ptr() as usize;
        start..start + v.get().len()
    });
    let Record {
        id,
        date,
        source,
        url,
        ..
    } = raw;
    if let Some(literal) = literal {
        strings[longest] = Some(json_text::decode_in_place(buffer.into_bytes(), literal)?);
    }
    let [text, body, content, title] = strings;
    Ok(Record {
        text,
        body,
        content,
        id,
        title,
        date,
        source,
        url,
    })
}

/// The article of line `number`'s record.
fn load_record<S: ArticleSink>(
    source: &Source,
    number: usize,
    record: Record,
    extractor: &Extractor,
) -> Result<Loaded<S::Words>, LoadWarning> {
    article_from_record::<S>(source, number, record, extractor)
        .map(|(article, words)| Loaded {
            article,
            line: Some(number),
            words,
        })
        .map_err(|message| warning(&source.display, Some(number), message))
}

/// The corpus as it grows, in order: makes ids unique and hands the
/// sink each batch's words.
struct Gather<'s, S: ArticleSink> {
    corpus: Corpus,
    /// The words of the articles taken since the last `flush`.
    pending: Vec<S::Words>,
    /// The hash of every id taken → the article holding it. Not a set of
    /// the ids themselves: that would copy every id of a million-line file.
    ids: foldhash::HashMap<u64, u32>,
    /// Ids taken whose hash another id had first (rare): kept exactly.
    shared_hash: std::collections::HashSet<String>,
    /// Per duplicated id, the last number given to a copy (`id~2`...).
    copies: HashMap<String, usize>,
    sink: &'s mut S,
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(id)
}

impl<'s, S: ArticleSink> Gather<'s, S> {
    fn new(sink: &'s mut S) -> Self {
        Gather {
            corpus: Corpus::default(),
            pending: Vec::new(),
            ids: Default::default(),
            shared_hash: Default::default(),
            copies: HashMap::new(),
            sink,
        }
    }

    fn warn(&mut self, warning: LoadWarning) {
        self.corpus.warnings.push(warning);
    }

    fn is_taken(&self, id: &str) -> bool {
        match self.ids.get(&id_hash(id)) {
            Some(&holder) if *self.corpus.articles[holder as usize].id == *id => true,
            _ => self.shared_hash.contains(id),
        }
    }

    /// Records `id` as held by the article about to be pushed.
    fn claim(&mut self, id: &str) {
        let holder = self.corpus.articles.len() as u32;
        if let std::collections::hash_map::Entry::Vacant(slot) = self.ids.entry(id_hash(id)) {
            slot.insert(holder);
        } else {
            self.shared_hash.insert(id.to_string());
        }
    }

    /// Hands the sink the words of the articles taken since the last time:
    /// once per batch, not per file (a folder holds thousands).
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let first = self.corpus.articles.len() - self.pending.len();
            let articles = &self.corpus.articles[first..];
            self.sink.add(std::mem::take(&mut self.pending), articles);
        }
    }

    /// Appends the next results of file `file`.
    fn take(&mut self, file: &str, result: FileResult<S::Words>) {
        self.corpus.warnings.extend(result.warnings);
        for Loaded {
            mut article,
            line,
            words: article_words,
        } in result.articles
        {
            if self.is_taken(&article.id) {
                let original = String::from(std::mem::take(&mut article.id));
                let mut n = self.copies.get(&original).map_or(2, |last| last + 1);
                let mut renamed = format!("{original}~{n}");
                while self.is_taken(&renamed) {
                    n += 1;
                    renamed = format!("{original}~{n}");
                }
                self.copies.insert(original.clone(), n);
                self.corpus.warnings.push(warning(
                    file,
                    line,
                    format!("duplicate id '{original}', renamed to '{renamed}'"),
                ));
                article.id = renamed.into();
            }
            self.claim(&article.id);
            self.corpus.articles.push(article);
            self.pending.push(article_words);
        }
    }
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

    /// Chunks hold whole lines, in order, with the right line numbers and
    /// offsets, whether buffers come back or not and whatever the lines'
    /// lengths (one is longer than a chunk).
    #[test]
    fn chunks_are_whole_lines_in_order() {
        let long = "x".repeat(CHUNK_BYTES + CHUNK_BYTES / 3);
        let mut input = String::new();
        for n in 0..200_000 {
            input.push_str(&format!("{{\"n\":{n}}}\n"));
            if n == 100_000 {
                input.push_str(&long);
                input.push('\n');
            }
        }
        input.push_str("last line without an end");
        for give_back in [false, true] {
            let (sender, chunks) = std::sync::mpsc::sync_channel(1);
            let (spent_sender, spent) = std::sync::mpsc::channel();
            let reader = std::io::Cursor::new(input.clone().into_bytes());
            let size = Some(input.len() as u64);
            let thread = std::thread::spawn(move || read_chunks(reader, size, sender, spent));
            let mut joined = Vec::new();
            let mut line = 1;
            for chunk in chunks {
                let chunk = chunk.unwrap();
                assert_eq!(chunk.first_line, line);
                assert_eq!(chunk.offset, joined.len());
                line += memchr::memchr_iter(b'\n', &chunk.bytes).count();
                // The line ends are every newline's next byte, and the
                // chunk's end.
                let mut expected: Vec<usize> = memchr::memchr_iter(b'\n', &chunk.bytes)
                    .map(|at| at + 1)
                    .collect();
                if expected.last() != Some(&chunk.bytes.len()) {
                    expected.push(chunk.bytes.len());
                }
                assert_eq!(chunk.line_ends, expected);
                joined.extend_from_slice(&chunk.bytes);
                if joined.len() < input.len() {
                    assert_eq!(chunk.bytes.last(), Some(&b'\n'));
                }
                if give_back {
                    let _ = spent_sender.send(chunk.bytes);
                }
            }
            thread.join().unwrap();
            assert!(joined == input.as_bytes(), "the chunks are the input");
        }
    }

    #[test]
    fn repeated_title_line_is_dropped() {
        let mut text = "عنوان الخبر\n\nعنوان الخبر\nالنص هنا.".to_string();
        drop_repeated_title(&mut text);
        assert_eq!(text, "عنوان الخبر\n\nالنص هنا.");
        let mut other = "عنوان\n\nنص مختلف".to_string();
        drop_repeated_title(&mut other);
        assert_eq!(other, "عنوان\n\nنص مختلف");
    }
}
