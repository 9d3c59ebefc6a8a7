//! Reading the archive as the corpus loader's input: one article per story
//! (with its number of copies), or every copy, each with its stored
//! extraction; the ones extracted again (another extractor or gazetteer)
//! are stored back when the archive is writable.

use super::{Archive, ArchiveError, location};
use crate::corpus::{
    ArticleMeta, ArticleSink, ArticleText, BlockBuilder, Corpus, LoadProgress, StoredArticle,
    StoredLoad,
};
use crate::extract::{Extractor, encode_stored};
use crate::search::IndexBuilder;
use rayon::prelude::*;
use rusqlite::types::Type;
use rusqlite::{Connection, OpenFlags, params};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows read at a time (handed to the loader as one batch).
const BATCH: usize = 1024;

/// The index's words are kept in parts of at most this many bytes (SQLite
/// holds a value of at most 1 GB).
pub(super) const WORDS_PART: usize = 64 << 20;

/// At most this many segments of index words are kept: the next update
/// writes them again as one.
pub(super) const WORDS_SEGMENTS: usize = 8;

/// A segment of the search index's words an archive keeps: the words of
/// the stories after the last segment's, up to `last_article`. An update
/// adds a segment for the stories added since the last one (a fetch does
/// not write the words of the whole archive again).
struct KeptWords {
    bytes: Vec<u8>,
    last_article: i64,
}

/// The archive opened for the explorer and the commands.
#[derive(Debug)]
pub struct Opened {
    pub archive: Archive,
    /// Said once when it opened read-only.
    pub note: Option<String>,
}

/// The archive at [`location`]`(flag)`, when it exists and holds
/// articles; else `None` (the bundled articles are shown instead). It is
/// never created here.
pub fn open_default(flag: Option<&Path>) -> Result<Option<Opened>, ArchiveError> {
    let Some(path) = location(flag) else {
        return Ok(None);
    };
    if !path.is_file() {
        return Ok(None);
    }
    let (archive, note) = Archive::open_for_reading(&path)?;
    if archive.story_count()? == 0 {
        return Ok(None);
    }
    Ok(Some(Opened { archive, note }))
}

/// Where the articles opened with no path came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultSource {
    /// The archive, with the message to show when it opened read-only,
    /// and the index words to write back when they were made here.
    Archive {
        note: Option<String>,
        keep: Option<WordsToKeep>,
    },
    /// The articles bundled in the binary (no archive, or an empty one).
    Bundled,
}

/// The articles to open when no path is given: the archive's stories
/// (with `all`, every copy) when it exists and holds articles, else the
/// bundled ones.
pub fn load_default_into<S: ArticleSink>(
    flag: Option<&Path>,
    all: bool,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    sink: &mut S,
) -> Result<(Corpus, DefaultSource), ArchiveError> {
    match open_default(flag)? {
        Some(Opened { mut archive, note }) => {
            let corpus = archive.load_into(all, extractor, progress, sink)?;
            let keep = archive.words_to_keep.take();
            Ok((corpus, DefaultSource::Archive { note, keep }))
        }
        None => Ok((
            crate::corpus::load_bundled_into(extractor, sink),
            DefaultSource::Bundled,
        )),
    }
}

/// An opening of a writable archive normalized texts that the index words
/// it keeps did not cover (none were kept, they were another build's, or
/// stories came after them): the words of the index built over the
/// stories loaded are worth writing back, so that the next opening reads
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordsToKeep {
    path: PathBuf,
    /// The last story loaded.
    last_article: i64,
}

impl WordsToKeep {
    /// Writes `words`: the `SearchIndex::stored_words` of the index built
    /// over the stories loaded.
    pub fn write(self, words: &[u8]) -> Result<(), ArchiveError> {
        Archive::open(&self.path)?.write_index_words(words, self.last_article)
    }
}

impl Archive {
    /// Loads the stories (with `all`, every copy too) in the order they
    /// were added, feeding `sink`. The stories whose index words the
    /// archive keeps are given to a sink that takes them (an
    /// `IndexBuilder`) without normalizing their texts.
    pub fn load_into<S: ArticleSink>(
        &mut self,
        all: bool,
        extractor: &Extractor,
        progress: Option<&LoadProgress>,
        sink: &mut S,
    ) -> Result<Corpus, ArchiveError> {
        let kept = match S::SEEDS && !all {
            true => self.kept_words()?,
            false => Vec::new(),
        };
        let mut covered_all = false;
        let (loaded, ids) = match kept.last().map(|k| k.last_article) {
            Some(last_article) => {
                let upto = i64::MIN..=last_article;
                // The kept words are read while the articles they cover are.
                let (covered, seeded) = std::thread::scope(|scope| {
                    let seeding = scope.spawn(|| {
                        kept.iter()
                            .try_fold(0, |n, segment| Some(n + sink.seed(&segment.bytes)?))
                    });
                    let covered = self.load_rows(all, upto, extractor, progress, &mut ());
                    let seeded = seeding
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (covered, seeded)
                });
                let (mut covered, mut ids) = covered?;
                if seeded.is_some() && sink.seeded(&covered.corpus.articles) {
                    drop(kept);
                    let after = last_article + 1..=i64::MAX;
                    let (rest, rest_ids) = self.load_rows(all, after, extractor, progress, sink)?;
                    covered_all = rest_ids.is_empty();
                    let first = covered.corpus.articles.len();
                    covered.corpus.articles.extend(rest.corpus.articles);
                    covered.corpus.warnings.extend(rest.corpus.warnings);
                    covered
                        .extracted
                        .extend(rest.extracted.into_iter().map(|i| first + i));
                    ids.extend(rest_ids);
                    (covered, ids)
                } else {
                    drop(covered);
                    self.load_rows(all, i64::MIN..=i64::MAX, extractor, progress, sink)?
                }
            }
            None => self.load_rows(all, i64::MIN..=i64::MAX, extractor, progress, sink)?,
        };
        self.words_to_keep = match ids.last() {
            Some(&last_article) if S::SEEDS && !all && !self.read_only && !covered_all => {
                Some(WordsToKeep {
                    path: self.path.clone(),
                    last_article,
                })
            }
            _ => None,
        };
        let fingerprint = extractor.fingerprint() as i64;
        if !self.read_only && !loaded.extracted.is_empty() {
            self.store_extractions(&loaded.corpus, &loaded.extracted, &ids, fingerprint)?;
        }
        Ok(loaded.corpus)
    }

    /// The stories (with `all`, every copy too) whose ids are in `ids`, in
    /// order, with their ids. Rows are read on two threads of their own,
    /// one for each half of the ids (reading is most of an opening once the
    /// extractions and the index words are kept), while the last batch is
    /// finished; the second half's batches wait for the first's.
    fn load_rows<S: ArticleSink>(
        &self,
        all: bool,
        ids: std::ops::RangeInclusive<i64>,
        extractor: &Extractor,
        progress: Option<&LoadProgress>,
        sink: &mut S,
    ) -> Result<(StoredLoad, Vec<i64>), ArchiveError> {
        let fingerprint = extractor.fingerprint() as i64;
        let (low, high): (Option<i64>, Option<i64>) =
            self.conn
                .query_row("SELECT min(id), max(id) FROM articles", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        let (start, end) = (
            (*ids.start()).max(low.unwrap_or(0)),
            (*ids.end()).min(high.unwrap_or(0)),
        );
        let middle = start + (end - start) / 2;
        let (first_tx, first_rx) = std::sync::mpsc::sync_channel::<Result<Batch, ArchiveError>>(4);
        let (second_tx, second_rx) = std::sync::mpsc::channel::<Result<Batch, ArchiveError>>();
        let mut read_ids: Vec<i64> = Vec::new();
        let mut failure = None;
        let loaded = std::thread::scope(|scope| {
            let path = &self.path;
            scope.spawn(move || {
                read_rows(path, all, start..=middle, fingerprint, |b| {
                    first_tx.send(b).is_ok()
                })
            });
            scope.spawn(move || {
                read_rows(path, all, middle + 1..=end, fingerprint, |b| {
                    second_tx.send(b).is_ok()
                })
            });
            let batches = first_rx
                .iter()
                .chain(second_rx.iter())
                .map_while(|batch| match batch {
                    Ok(batch) => {
                        read_ids.extend(batch.ids);
                        Some(batch.articles)
                    }
                    Err(e) => {
                        failure = Some(e);
                        None
                    }
                });
            let loaded =
                crate::corpus::load_stored_into(batches, &self.names, extractor, progress, sink);
            // A failure stops the reading: the other half's reader ends at
            // its next batch.
            drop(second_rx);
            loaded
        });
        match failure {
            Some(e) => Err(e),
            None => Ok((loaded, read_ids)),
        }
    }

    /// The segments of index words kept, in order (none when they do not
    /// follow each other).
    fn kept_words(&self) -> Result<Vec<KeptWords>, ArchiveError> {
        let mut select = self.conn.prepare(
            "SELECT segment, last_article, bytes FROM index_words ORDER BY segment, part",
        )?;
        let mut rows = select.query([])?;
        let mut kept: Vec<(i64, KeptWords)> = Vec::new();
        while let Some(row) = rows.next()? {
            let (segment, last_article): (i64, i64) = (row.get(0)?, row.get(1)?);
            let bytes = row
                .get_ref(2)?
                .as_blob()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, Type::Blob, e.into()))?;
            match kept.last_mut() {
                Some((s, k)) if *s == segment => {
                    if k.last_article != last_article {
                        return Ok(Vec::new());
                    }
                    k.bytes.extend_from_slice(bytes);
                }
                Some((_, k)) if k.last_article >= last_article => return Ok(Vec::new()),
                _ => kept.push((
                    segment,
                    KeptWords {
                        bytes: bytes.to_vec(),
                        last_article,
                    },
                )),
            }
        }
        Ok(kept.into_iter().map(|(_, k)| k).collect())
    }

    /// Brings the search index's words the archive keeps up to its stories
    /// (after an import or a fetch added some), so that opening it reads
    /// them instead of normalizing every text: the words of the stories
    /// added since the last segment are made from their texts and kept as
    /// a segment of their own (past [`WORDS_SEGMENTS`], every segment is
    /// read and written again as one). Kept words of another build, or
    /// damaged ones, are made again from every text.
    pub fn update_index_words(&mut self) -> Result<(), ArchiveError> {
        if self.read_only {
            return Ok(());
        }
        // The bytes (the last column) are not read here.
        let heads: Vec<(i64, i64, String)> = self
            .conn
            .prepare(
                "SELECT segment, last_article, written_by FROM index_words
                     WHERE part = 0 ORDER BY segment",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let stamp = IndexBuilder::words_stamp();
        let readable = heads.iter().all(|(_, _, written_by)| *written_by == stamp);
        let (mut builder, after, replace) = match heads.last() {
            Some(&(_, last_article, _)) if readable && heads.len() < WORDS_SEGMENTS => {
                (IndexBuilder::new(), last_article, false)
            }
            Some(&(_, last_article, _)) if readable => {
                let mut builder = IndexBuilder::new();
                let kept = self.kept_words()?;
                let seeded =
                    !kept.is_empty() && kept.iter().all(|k| builder.seed_words(&k.bytes).is_ok());
                match seeded {
                    true => (builder, last_article, true),
                    false => (IndexBuilder::new(), 0, true),
                }
            }
            _ => (IndexBuilder::new(), 0, true),
        };
        let mut last_article = after;
        {
            let mut select = self.conn.prepare(
                "SELECT id, title, text FROM articles
                     WHERE duplicate_of IS NULL AND id > ?1 ORDER BY id",
            )?;
            let mut rows = select.query([after])?;
            let mut batch: Vec<(String, String)> = Vec::with_capacity(BATCH);
            loop {
                let row = rows.next()?;
                if let Some(row) = row {
                    last_article = row.get(0)?;
                    batch.push((row.get(1)?, text_column(row, 2)?.to_string()));
                }
                if batch.len() == BATCH || (row.is_none() && !batch.is_empty()) {
                    builder.add_words(
                        batch
                            .par_iter()
                            .map(|(title, text)| {
                                crate::corpus::words_of::<IndexBuilder>(title, text)
                            })
                            .collect(),
                    );
                    batch.clear();
                }
                if row.is_none() {
                    break;
                }
            }
        }
        if last_article == after {
            // No story since the kept words (or no story at all).
            return Ok(());
        }
        let bytes = builder.into_stored_words();
        match replace {
            true => self.write_index_words(&bytes, last_article),
            false => self.add_index_words(&bytes, after, last_article),
        }
    }

    /// Keeps `bytes`, the index words of the stories up to `last_article`,
    /// in place of those kept.
    fn write_index_words(&mut self, bytes: &[u8], last_article: i64) -> Result<(), ArchiveError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM index_words", [])?;
        insert_words(&tx, 0, bytes, last_article)?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps `bytes`, the index words of the stories after `after` up to
    /// `last_article`, as the next segment, if the last segment still ends
    /// at `after`.
    fn add_index_words(
        &mut self,
        bytes: &[u8],
        after: i64,
        last_article: i64,
    ) -> Result<(), ArchiveError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (segment, last): (i64, Option<i64>) = tx.query_row(
            "SELECT coalesce(max(segment) + 1, 0), max(last_article) FROM index_words",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Another update came first: its words cover some of these
        // stories, and the next update or opening makes the rest.
        if last != Some(after) {
            return Ok(());
        }
        insert_words(&tx, segment, bytes, last_article)?;
        tx.commit()?;
        Ok(())
    }

    /// Stores the extractions made again, in transactions of a batch each.
    fn store_extractions(
        &mut self,
        corpus: &Corpus,
        extracted: &[usize],
        ids: &[i64],
        fingerprint: i64,
    ) -> Result<(), ArchiveError> {
        for chunk in extracted.chunks(BATCH) {
            let names_before = self.names.len();
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            super::catch_up_names(&tx, &mut self.names)?;
            let mut new_names = Vec::new();
            {
                let mut update = tx.prepare_cached(
                    "UPDATE articles SET extraction = ?1, extractor = ?2 WHERE id = ?3",
                )?;
                for &i in chunk {
                    let bytes = encode_stored(&corpus.articles[i].extraction, |entity| {
                        let (number, new) = self.names.number(entity);
                        if new {
                            new_names.push((number, entity.clone()));
                        }
                        number
                    });
                    update.execute(params![bytes, fingerprint, ids[i]])?;
                }
                let mut insert = tx.prepare_cached(
                    "INSERT INTO names (id, key, name, arabic) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (number, e) in &new_names {
                    insert.execute(params![number, e.key(), e.name(), e.arabic()])?;
                }
            }
            if let Err(e) = tx.commit() {
                if self.names.len() != names_before {
                    self.load_names()?;
                }
                return Err(e.into());
            }
        }
        Ok(())
    }
}

fn insert_words(
    tx: &rusqlite::Transaction,
    segment: i64,
    bytes: &[u8],
    last_article: i64,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO index_words (segment, part, last_article, written_by, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let stamp = IndexBuilder::words_stamp();
    for (part, chunk) in bytes.chunks(WORDS_PART.max(1)).enumerate() {
        insert.execute(params![segment, part as i64, last_article, stamp, chunk])?;
    }
    Ok(())
}

/// A text column, its UTF-8 checked by `simdutf8` (rusqlite's check of
/// every stored text is most of the reading thread's time otherwise).
fn text_column<'r>(row: &'r rusqlite::Row, column: usize) -> rusqlite::Result<&'r str> {
    let bytes = row
        .get_ref(column)?
        .as_bytes()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, Type::Text, e.into()))?;
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => Err(rusqlite::Error::FromSqlConversionFailure(
            column,
            Type::Text,
            e.into(),
        )),
    }
}

struct Batch {
    ids: Vec<i64>,
    articles: Vec<StoredArticle>,
}

impl Batch {
    fn set_texts(&mut self, texts: Vec<ArticleText>) {
        for (article, text) in self.articles.iter_mut().zip(texts) {
            article.text = text;
        }
    }
}

/// Reads the rows on a connection of its own, a batch at a time, handing
/// each to `send` (false: no one wants more).
fn read_rows(
    path: &Path,
    all: bool,
    ids: std::ops::RangeInclusive<i64>,
    fingerprint: i64,
    mut send: impl FnMut(Result<Batch, ArchiveError>) -> bool,
) {
    if let Err(e) = try_read_rows(path, all, ids, fingerprint, &mut send) {
        send(Err(e));
    }
}

fn try_read_rows(
    path: &Path,
    all: bool,
    ids: std::ops::RangeInclusive<i64>,
    fingerprint: i64,
    send: &mut impl FnMut(Result<Batch, ArchiveError>) -> bool,
) -> Result<(), ArchiveError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let mut statement = conn.prepare(
        "SELECT a.id, a.name, a.title, a.title_is_separate, a.text, a.date, a.source, a.url,
                a.origin, CASE WHEN a.extractor = ?2 THEN a.extraction END,
                (SELECT count(*) FROM articles c WHERE c.duplicate_of = a.id),
                a.fetched_at
             FROM articles a WHERE (?1 OR a.duplicate_of IS NULL) AND a.id BETWEEN ?3 AND ?4
             ORDER BY a.id",
    )?;
    let mut rows = statement.query(params![all, fingerprint, ids.start(), ids.end()])?;
    // One shared path per file, as the loader gives the articles of a file.
    let mut last_origin: Option<Arc<Path>> = None;
    // The batch's texts, in one block: never allocated one by one.
    let mut texts = BlockBuilder::default();
    let mut batch = Batch {
        ids: Vec::with_capacity(BATCH),
        articles: Vec::with_capacity(BATCH),
    };
    while let Some(row) = rows.next()? {
        let origin: Option<String> = row.get(8)?;
        let path = origin.map(|o| match &last_origin {
            Some(last) if last.as_os_str() == o.as_str() => Arc::clone(last),
            _ => {
                let path: Arc<Path> = Path::new(&o).into();
                last_origin = Some(Arc::clone(&path));
                path
            }
        });
        batch.ids.push(row.get(0)?);
        texts.push(text_column(row, 4)?);
        batch.articles.push(StoredArticle {
            id: row.get::<_, String>(1)?.into(),
            title: row.get::<_, String>(2)?.into(),
            title_is_separate: row.get(3)?,
            // Made from the batch's block when it is sent.
            text: ArticleText::default(),
            meta: ArticleMeta {
                date: row.get(5)?,
                source: row.get(6)?,
                url: row.get(7)?,
                copies: row.get(10)?,
                arrived: row.get(11)?,
            },
            path,
            extraction: row.get(9)?,
        });
        if batch.articles.len() == BATCH {
            let mut full = std::mem::replace(
                &mut batch,
                Batch {
                    ids: Vec::with_capacity(BATCH),
                    articles: Vec::with_capacity(BATCH),
                },
            );
            full.set_texts(texts.take());
            if !send(Ok(full)) {
                return Ok(());
            }
        }
    }
    if !batch.articles.is_empty() {
        batch.set_texts(texts.take());
        send(Ok(batch));
    }
    Ok(())
}
