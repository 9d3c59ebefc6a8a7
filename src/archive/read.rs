//! Reading the archive as the corpus loader's input: one article per story
//! (with its number of copies), or every copy, each with its stored
//! extraction; the ones extracted again (another extractor or gazetteer)
//! are stored back when the archive is writable.

use super::{Archive, ArchiveError, location};
use crate::corpus::{ArticleMeta, ArticleSink, Corpus, LoadProgress, StoredArticle};
use crate::extract::{Extractor, encode_stored};
use rusqlite::{Connection, OpenFlags, params};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows read at a time (handed to the loader as one batch).
const BATCH: usize = 1024;

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
    /// The archive, with the message to show when it opened read-only.
    Archive { note: Option<String> },
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
            Ok((corpus, DefaultSource::Archive { note }))
        }
        None => Ok((
            crate::corpus::load_bundled_into(extractor, sink),
            DefaultSource::Bundled,
        )),
    }
}

impl Archive {
    /// Loads the stories (with `all`, every copy too) in the order they
    /// were added, feeding `sink`. Rows are read on a thread of their own
    /// while the last batch is finished.
    pub fn load_into<S: ArticleSink>(
        &mut self,
        all: bool,
        extractor: &Extractor,
        progress: Option<&LoadProgress>,
        sink: &mut S,
    ) -> Result<Corpus, ArchiveError> {
        let fingerprint = extractor.fingerprint() as i64;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Batch, ArchiveError>>(4);
        let path = self.path.clone();
        let mut ids: Vec<i64> = Vec::new();
        let mut failure = None;
        let loaded = std::thread::scope(|scope| {
            scope.spawn(move || read_rows(&path, all, fingerprint, &tx));
            let batches = rx.iter().map_while(|batch| match batch {
                Ok(batch) => {
                    ids.extend(batch.ids);
                    Some(batch.articles)
                }
                Err(e) => {
                    failure = Some(e);
                    None
                }
            });
            crate::corpus::load_stored_into(batches, &self.names, extractor, progress, sink)
        });
        if let Some(e) = failure {
            return Err(e);
        }
        if !self.read_only && !loaded.extracted.is_empty() {
            self.store_extractions(&loaded.corpus, &loaded.extracted, &ids, fingerprint)?;
        }
        Ok(loaded.corpus)
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

struct Batch {
    ids: Vec<i64>,
    articles: Vec<StoredArticle>,
}

/// Reads the rows on a connection of its own, a batch at a time.
fn read_rows(
    path: &PathBuf,
    all: bool,
    fingerprint: i64,
    out: &std::sync::mpsc::SyncSender<Result<Batch, ArchiveError>>,
) {
    if let Err(e) = try_read_rows(path, all, fingerprint, out) {
        let _ = out.send(Err(e));
    }
}

fn try_read_rows(
    path: &PathBuf,
    all: bool,
    fingerprint: i64,
    out: &std::sync::mpsc::SyncSender<Result<Batch, ArchiveError>>,
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
             FROM articles a WHERE ?1 OR a.duplicate_of IS NULL ORDER BY a.id",
    )?;
    let mut rows = statement.query(params![all, fingerprint])?;
    // One shared path per file, as the loader gives the articles of a file.
    let mut last_origin: Option<Arc<Path>> = None;
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
        batch.articles.push(StoredArticle {
            id: row.get::<_, String>(1)?.into(),
            title: row.get::<_, String>(2)?.into(),
            title_is_separate: row.get(3)?,
            text: row.get::<_, String>(4)?.into(),
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
            let full = std::mem::replace(
                &mut batch,
                Batch {
                    ids: Vec::with_capacity(BATCH),
                    articles: Vec::with_capacity(BATCH),
                },
            );
            if out.send(Ok(full)).is_err() {
                return Ok(());
            }
        }
    }
    if !batch.articles.is_empty() {
        let _ = out.send(Ok(batch));
    }
    Ok(())
}
