//! The archive: one SQLite file that keeps every article astana has
//! imported or fetched, with its extraction (so that opening it does not
//! extract again), which articles are copies of which, and the sources
//! fetched with their HTTP validators.
//!
//! - `location`: where the file is (`--archive`, `$ASTANA_ARCHIVE`, XDG).
//! - `schema`: the tables and their migrations (`PRAGMA user_version`).
//! - `canonical`: the one URL two copies of a page share.
//! - `shingles`: the hashes that find the same text and reprints.
//! - `store`: adding an article (new, known, or a copy) and the sources.
//! - `import`: the loader's sink that adds what it reads.
//! - `read`: the stories (or every copy) as the corpus loader's input.
//!
//! SQLite through `rusqlite` with its `bundled` feature: the library is
//! compiled into the binary, so astana needs no system SQLite (and gets
//! the same version, with WAL, everywhere). The file is in WAL mode: a
//! reader (the explorer) reads while a writer (`import`, `fetch`) adds,
//! and each article is its own transaction, so a killed import loses at
//! most the article it was writing. (An import writes its articles'
//! sampled shingles a batch at a time; the articles waiting for theirs are
//! listed in their own transactions and shingled when the archive opens.)

mod canonical;
mod import;
mod location;
mod read;
mod schema;
mod shingles;
mod store;
pub mod visits;

pub use canonical::canonical_url;
pub use import::{ImportCounts, Importer};
pub use location::{location, location_in};
pub use read::{DefaultSource, Opened, WordsToKeep, load_default_into, open_default};
pub use schema::VERSION as SCHEMA_VERSION;
pub use shingles::{CONTAINMENT, PrintBuilder, TextPrint};
pub use store::{Added, Source};

use crate::extract::NameTable;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Why the archive cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}: {source}", crate::text::sanitize::visible(&.path.display().to_string()))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the archive's schema is version {found}, newer than this astana knows ({known}); \
         it was left untouched: use a newer astana"
    )]
    Newer { found: i64, known: i64 },
    #[error(
        "the archive's schema is version {found}, older than this astana's ({known}), \
         and it is read-only here: open it once with write access to upgrade it"
    )]
    OlderReadOnly { found: i64, known: i64 },
    #[error("archive: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// An open archive.
pub struct Archive {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// The entity names of stored extractions, by number (table `names`).
    names: NameTable,
    /// The rows of `shingles` an import has yet to write.
    pending: store::PendingShingles,
    /// Set by the last `load_into` when the index words are worth writing back.
    words_to_keep: Option<read::WordsToKeep>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

impl Archive {
    /// Opens the archive at `path` for reading and writing, creating it
    /// (and its folder) if need be and bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Archive, ArchiveError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| ArchiveError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Refused before anything is written, the journal mode included.
        schema::check_not_newer(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // In WAL mode, NORMAL syncs at checkpoints, not at every commit: a
        // power cut may lose the last commits but never corrupts the file.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Room for the shingle index's pages that additions look up (the
        // default 2 MiB would read most of them from the file each time).
        conn.pragma_update(None, "cache_size", -65_536)?;
        schema::migrate(&mut conn)?;
        let mut archive = Archive::with_connection(conn, path, false)?;
        archive.shingle_unshingled()?;
        Ok(archive)
    }

    /// Opens the archive at `path` without writing to it. Its schema must
    /// be this program's (an older one needs a writable open to upgrade).
    pub fn open_read_only(path: &Path) -> Result<Archive, ArchiveError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let found = schema::check_not_newer(&conn)?;
        if found < schema::VERSION {
            return Err(ArchiveError::OlderReadOnly {
                found,
                known: schema::VERSION,
            });
        }
        Archive::with_connection(conn, path, true)
    }

    /// Opens for writing when the file and its folder allow it, else for
    /// reading only; the second value is then the message to show.
    pub fn open_for_reading(path: &Path) -> Result<(Archive, Option<String>), ArchiveError> {
        match Archive::open(path) {
            Ok(archive) => Ok((archive, None)),
            Err(ArchiveError::Sqlite(e)) if is_permission(&e) => {
                let archive = Archive::open_read_only(path)?;
                let note = format!(
                    "{}: no write access, opened read-only",
                    crate::text::sanitize::visible(&path.display().to_string())
                );
                Ok((archive, Some(note)))
            }
            Err(e) => Err(e),
        }
    }

    fn with_connection(
        conn: Connection,
        path: &Path,
        read_only: bool,
    ) -> Result<Archive, ArchiveError> {
        let mut archive = Archive {
            conn,
            path: path.to_path_buf(),
            read_only,
            names: NameTable::default(),
            pending: store::PendingShingles::default(),
            words_to_keep: None,
        };
        archive.load_names()?;
        Ok(archive)
    }

    fn load_names(&mut self) -> Result<(), ArchiveError> {
        self.names = read_names(&self.conn)?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Articles that are no copy of another: one per story.
    pub fn story_count(&self) -> Result<usize, ArchiveError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM articles WHERE duplicate_of IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Every article, copies included.
    pub fn article_count(&self) -> Result<usize, ArchiveError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// SQLite's own check of the file (`PRAGMA integrity_check`): "ok", or
    /// what is wrong.
    pub fn integrity_check(&self) -> Result<String, ArchiveError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// The table `names`, numbered by id.
fn read_names(conn: &Connection) -> Result<NameTable, ArchiveError> {
    let mut names = NameTable::default();
    let mut statement =
        conn.prepare_cached("SELECT id, key, name, arabic FROM names ORDER BY id")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let (key, name, arabic): (String, String, String) = (row.get(1)?, row.get(2)?, row.get(3)?);
        // Numbers are ids counted from 0 with no gap (see `store`).
        if id != names.len() as i64 {
            return Err(rusqlite::Error::IntegralValueOutOfRange(0, id).into());
        }
        names.push(&key, &name, &arabic);
    }
    Ok(names)
}

/// Makes `names` the table's again if another process (an import beside a
/// fetch) added names since they were read. Called inside a write
/// transaction, so that no one adds more before this one's are written.
fn catch_up_names(conn: &Connection, names: &mut NameTable) -> Result<(), ArchiveError> {
    let stored: i64 = conn
        .prepare_cached("SELECT coalesce(max(id) + 1, 0) FROM names")?
        .query_row([], |r| r.get(0))?;
    if stored != names.len() as i64 {
        *names = read_names(conn)?;
    }
    Ok(())
}

/// Whether opening failed for want of write access (a read-only file or
/// folder: SQLite cannot write the file or create its WAL beside it).
fn is_permission(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
    matches!(
        e.sqlite_error_code(),
        Some(ReadOnly | PermissionDenied | CannotOpen)
    )
}

/// Now, in Unix seconds.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, ArticleMeta};
    use crate::extract::Extractor;
    use read::WORDS_SEGMENTS as WORDS_SEGMENTS_FOR_TESTS;

    const WIRE: &str = "أعلنت وزارة الخارجية الكازاخية أن الجولة الجديدة من محادثات أستانا \
        حول سوريا ستعقد الأسبوع المقبل بمشاركة الدول الضامنة روسيا وتركيا وإيران، \
        إضافة إلى وفدي الحكومة السورية والمعارضة المسلحة، وبحضور المبعوث الأممي \
        الخاص إلى سوريا. وقال المتحدث باسم الوزارة إن جدول الأعمال يتضمن ملف \
        المعتقلين وتثبيت وقف إطلاق النار في مناطق خفض التصعيد وعودة اللاجئين، \
        وإن الوفود ستصل إلى العاصمة الكازاخية نور سلطان قبل يوم من بدء الاجتماعات \
        التي تستمر يومين، على أن يصدر بيان ختامي مشترك عن الدول الضامنة الثلاث.";

    fn article(id: &str, text: &str, url: Option<&str>, date: &str) -> Article {
        let extractor = Extractor::builtin();
        Article {
            id: id.into(),
            title: "محادثات أستانا".into(),
            path: None,
            meta: ArticleMeta {
                date: Some(date.into()),
                url: url.map(String::from),
                ..Default::default()
            }
            .boxed(),
            text: text.into(),
            title_is_separate: true,
            extraction: extractor.extract(Some("محادثات أستانا"), text),
        }
    }

    fn temp_archive() -> (tempfile::TempDir, Archive) {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(&dir.path().join("sub/archive.sqlite3")).unwrap();
        (dir, archive)
    }

    /// The first `1/parts` of `text`'s characters.
    fn first_part(text: &str, parts: usize) -> &str {
        let n = text.chars().count() / parts;
        &text[..text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)]
    }

    #[test]
    fn one_article_per_canonical_url_and_copies_of_the_same_text() {
        let (_dir, mut archive) = temp_archive();
        let fp = Extractor::builtin().fingerprint();
        let first = article(
            "a",
            WIRE,
            Some("https://example.com/n/1?utm_source=x"),
            "2019-04-25",
        );
        let Added::New(id) = archive.add(&first, fp).unwrap() else {
            panic!("first is new")
        };
        // The same page with other tracking parameters: known.
        let again = article(
            "a",
            WIRE,
            Some("https://EXAMPLE.com/n/1#comments"),
            "2019-04-25",
        );
        assert_eq!(archive.add(&again, fp).unwrap(), Added::Known(id));
        assert_eq!(
            archive
                .knows_url("https://example.com/n/1?gclid=1")
                .unwrap(),
            Some(id)
        );
        // A URL it was reached by (a feed's link, a redirect) is known too.
        assert_eq!(
            archive.knows_url("https://feed.example/item/1").unwrap(),
            None
        );
        let via = article("a", WIRE, Some("https://example.com/n/1"), "2019-04-25");
        let urls = ["https://feed.example/item/1?utm_campaign=rss".to_string()];
        assert_eq!(
            archive.add_with_urls(&via, &urls, fp).unwrap(),
            Added::Known(id)
        );
        assert_eq!(
            archive.knows_url("https://feed.example/item/1").unwrap(),
            Some(id)
        );
        // The same text elsewhere: a copy, whatever its date.
        let moved = article("b", WIRE, Some("https://other.org/x"), "2020-01-01");
        assert!(matches!(archive.add(&moved, fp).unwrap(), Added::Copy { of, .. } if of == id));
        // A reprint with a dateline and a footer, two days later: a copy.
        let reprint = format!("دمشق (وكالات) -\n{WIRE}\nتابعونا على مواقع التواصل.");
        let reprinted = article("c", &reprint, Some("https://third.net/y"), "2019-04-27");
        assert!(matches!(archive.add(&reprinted, fp).unwrap(), Added::Copy { of, .. } if of == id));
        // Another reprint ten days later is another story.
        let far = format!("بيروت -\n{WIRE}\nاقرأ أيضا.");
        let later = article("d", &far, Some("https://fourth.net/z"), "2019-05-07");
        assert!(matches!(archive.add(&later, fp).unwrap(), Added::New(_)));
        let other = format!(
            "{}\nوفي سياق آخر قالت مصادر إن الاجتماع تأجل.",
            first_part(WIRE, 3)
        );
        let late = article("e", &other, Some("https://fifth.net/w"), "2019-05-20");
        assert!(matches!(archive.add(&late, fp).unwrap(), Added::New(_)));
        assert_eq!(archive.story_count().unwrap(), 3);
        assert_eq!(archive.article_count().unwrap(), 5);
        assert_eq!(archive.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn imported_shingles_wait_for_the_batch_and_survive_a_stop_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("archive.sqlite3");
        let fp = Extractor::builtin().fingerprint();
        let print = |a: &Article| shingles::TextPrint::of_text(&a.text);
        let rows = |archive: &Archive| -> (i64, i64) {
            archive
                .conn
                .query_row(
                    "SELECT (SELECT count(*) FROM shingles), (SELECT count(*) FROM unshingled)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap()
        };
        let other = format!(
            "{}\nوفي سياق آخر قالت مصادر إن الاجتماع تأجل.",
            first_part(WIRE, 2)
        );
        let second = article("c", &other, Some("https://example.com/2"), "2019-06-01");
        let written = {
            let mut archive = Archive::open(&path).unwrap();
            let first = article("a", WIRE, Some("https://example.com/1"), "2019-04-25");
            let Added::New(id) = archive.add_printed(&first, &print(&first), fp, 0).unwrap() else {
                panic!("first is new")
            };
            // Its rows are not written yet, but a reprint in the same
            // batch is found by them.
            assert_eq!(rows(&archive), (0, 1));
            let text = format!("دمشق (وكالات) -\n{WIRE}\nتابعونا على مواقع التواصل.");
            let copy = article("b", &text, Some("https://other.org/1"), "2019-04-26");
            let added = archive.add_printed(&copy, &print(&copy), fp, 0).unwrap();
            assert!(
                matches!(added, Added::Copy { of, .. } if of == id),
                "{added:?}"
            );
            archive.write_pending_shingles().unwrap();
            let (written, waiting) = rows(&archive);
            assert_eq!(written, print(&first).sample().count() as i64);
            assert_eq!(waiting, 0);
            // The next article's rows are never written: the import stops.
            archive
                .add_printed(&second, &print(&second), fp, 0)
                .unwrap();
            assert_eq!(rows(&archive), (written, 1));
            written
        };
        // Opened again: the listed article is shingled from its stored
        // text, and a reprint of it is found.
        let mut archive = Archive::open(&path).unwrap();
        assert_eq!(
            rows(&archive),
            (written + print(&second).sample().count() as i64, 0)
        );
        let text = format!("بيروت -\n{other}");
        let again = article("d", &text, Some("https://x.net/2"), "2019-06-02");
        assert!(matches!(
            archive.add(&again, fp).unwrap(),
            Added::Copy { .. }
        ));
        assert_eq!(archive.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn opening_reads_the_kept_index_words_and_makes_only_the_newer_ones() {
        use crate::search::{IndexBuilder, Order, Query, SearchIndex, search};
        let (_dir, mut archive) = temp_archive();
        let extractor = Extractor::builtin();
        let fp = extractor.fingerprint();
        let texts = [
            WIRE.to_string(),
            "قال المبعوث الأممي إن اجتماع جنيف تأجل إلى الشهر المقبل.".to_string(),
            "أعلنت الخارجية الكازاخية موعد الجولة المقبلة في نور سلطان.".to_string(),
        ];
        let add = |archive: &mut Archive, id: &str, text: &str| {
            let url = format!("https://example.com/{id}");
            let story = article(id, text, Some(&url), "2019-04-25");
            archive.add(&story, fp).unwrap();
        };
        for (i, text) in texts.iter().enumerate() {
            add(&mut archive, &format!("a{i}"), text);
        }
        archive.update_index_words().unwrap();
        // A fourth and a fifth story, kept a segment each (as two fetches
        // would), then a sixth after the words were kept.
        for (i, text) in [
            "قال لافروف إن الجولة المقبلة ستعقد في موعدها.",
            "أكد جاويش أوغلو أن تركيا ملتزمة بالاتفاق.",
        ]
        .iter()
        .enumerate()
        {
            add(&mut archive, &format!("s{i}"), text);
            archive.update_index_words().unwrap();
        }
        let segments: i64 = archive
            .conn
            .query_row("SELECT count(DISTINCT segment) FROM index_words", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(segments, 3);
        let late = "وصل وفد المعارضة برئاسة أحمد طعمة إلى العاصمة.";
        archive
            .add(
                &article("a3", late, Some("https://example.com/3"), "2019-04-26"),
                fp,
            )
            .unwrap();
        let open = |archive: &mut Archive| {
            let mut builder = IndexBuilder::new();
            let corpus = archive
                .load_into(false, &extractor, None, &mut builder)
                .unwrap();
            let index = builder.finish(&corpus.articles, extractor.entries());
            (corpus, index)
        };
        let hits = |index: &SearchIndex, corpus: &crate::corpus::Corpus, q: &str| {
            search(
                index,
                &corpus.articles,
                &Query::parse(q).unwrap(),
                Order::default(),
            )
            .len()
        };
        let (corpus, index) = open(&mut archive);
        assert_eq!(corpus.articles.len(), 6);
        assert_eq!(index, SearchIndex::build(&corpus.articles, &extractor));
        assert_eq!(hits(&index, &corpus, "طعمة"), 1);
        // The kept words are what opening reads: a text changed behind
        // the archive's back is not normalized again...
        archive
            .conn
            .execute(
                "UPDATE articles SET text = 'كلمة زعفرانية' WHERE name = 'a1'",
                [],
            )
            .unwrap();
        let (corpus, index) = open(&mut archive);
        assert_eq!(hits(&index, &corpus, "جنيف"), 1);
        assert_eq!(hits(&index, &corpus, "زعفرانية"), 0);
        // ...and words of another build (or damaged ones) are not read.
        archive
            .conn
            .execute("UPDATE index_words SET bytes = x'00'", [])
            .unwrap();
        let (corpus, index) = open(&mut archive);
        assert_eq!(hits(&index, &corpus, "زعفرانية"), 1);
        assert_eq!(index, SearchIndex::build(&corpus.articles, &extractor));
        // That opening made the words from the texts: written back, they
        // are what the next opening reads, and it has nothing to write.
        let keep = archive.words_to_keep.take().expect("words to write back");
        keep.write(&index.stored_words()).unwrap();
        let (_, again) = open(&mut archive);
        assert_eq!(again, index);
        assert_eq!(archive.words_to_keep, None);
    }

    #[test]
    fn index_words_kept_a_fetch_at_a_time_are_merged_past_eight_segments() {
        use crate::search::{IndexBuilder, SearchIndex};
        let (_dir, mut archive) = temp_archive();
        let extractor = Extractor::builtin();
        let fp = extractor.fingerprint();
        let segments = |archive: &Archive| -> i64 {
            archive
                .conn
                .query_row("SELECT count(DISTINCT segment) FROM index_words", [], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        let mut most = 0;
        for i in 0..12 {
            let text = format!("خبر رقم {i} عن محادثات أستانا والدول الضامنة في العاصمة.");
            let url = format!("https://example.com/{i}");
            archive
                .add(
                    &article(&format!("n{i}"), &text, Some(&url), "2019-04-25"),
                    fp,
                )
                .unwrap();
            archive.update_index_words().unwrap();
            most = most.max(segments(&archive));
        }
        assert_eq!(most, WORDS_SEGMENTS_FOR_TESTS as i64);
        assert!(
            segments(&archive) < most,
            "merged into one, then grown again"
        );
        let mut builder = IndexBuilder::new();
        let corpus = archive
            .load_into(false, &extractor, None, &mut builder)
            .unwrap();
        assert_eq!(archive.words_to_keep, None, "every story's words were kept");
        let index = builder.finish(&corpus.articles, extractor.entries());
        assert_eq!(index, SearchIndex::build(&corpus.articles, &extractor));
    }

    #[test]
    fn a_file_without_url_imported_again_is_known_and_ids_stay_unique() {
        let (_dir, mut archive) = temp_archive();
        let fp = Extractor::builtin().fingerprint();
        let a = article("report", WIRE, None, "2019-04-25");
        let Added::New(id) = archive.add(&a, fp).unwrap() else {
            panic!()
        };
        assert_eq!(archive.add(&a, fp).unwrap(), Added::Known(id));
        let other = article(
            "report",
            "نص آخر تماما عن اجتماع آخر في جنيف.",
            None,
            "2019-04-25",
        );
        assert!(matches!(archive.add(&other, fp).unwrap(), Added::New(_)));
        let mut corpus_ids: Vec<String> = {
            let mut stored = archive
                .load_into(false, &Extractor::builtin(), None, &mut ())
                .unwrap();
            stored.articles.drain(..).map(|a| a.id.into()).collect()
        };
        corpus_ids.sort();
        assert_eq!(corpus_ids, ["report", "report~2"]);
    }

    #[test]
    fn stories_load_back_with_their_extraction_and_copies() {
        let (_dir, mut archive) = temp_archive();
        let extractor = Extractor::builtin();
        let fp = extractor.fingerprint();
        let first = article("a", WIRE, Some("https://example.com/1"), "2019-04-25");
        archive.add(&first, fp).unwrap();
        archive
            .add(
                &article("b", WIRE, Some("https://example.com/2"), "2019-04-25"),
                fp,
            )
            .unwrap();
        let corpus = archive.load_into(false, &extractor, None, &mut ()).unwrap();
        assert_eq!(corpus.articles.len(), 1);
        let back = &corpus.articles[0];
        assert_eq!(back.extraction, first.extraction);
        assert_eq!(back.copies(), 1);
        assert_eq!(back.text, first.text);
        let all = archive.load_into(true, &extractor, None, &mut ()).unwrap();
        assert_eq!(all.articles.len(), 2);
    }

    #[test]
    fn a_stale_extraction_is_made_again_and_stored() {
        let (_dir, mut archive) = temp_archive();
        let extractor = Extractor::builtin();
        archive
            .add(
                &article("a", WIRE, None, "2019-04-25"),
                extractor.fingerprint() ^ 1,
            )
            .unwrap();
        let corpus = archive.load_into(false, &extractor, None, &mut ()).unwrap();
        assert_eq!(
            corpus.articles[0].extraction,
            extractor.extract(Some("محادثات أستانا"), WIRE)
        );
        let stale: i64 = archive
            .conn
            .query_row(
                "SELECT count(*) FROM articles WHERE extractor != ?1",
                [extractor.fingerprint() as i64],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, 0, "stored back");
    }

    #[test]
    fn two_writers_number_entity_names_without_clashing() {
        let (dir, mut first) = temp_archive();
        let mut second = Archive::open(&dir.path().join("sub/archive.sqlite3")).unwrap();
        let extractor = Extractor::builtin();
        let fp = extractor.fingerprint();
        let texts = [
            "قال وزير الخارجية الروسي سيرغي لافروف في موسكو إن المحادثات مستمرة.",
            "التقى المبعوث الأممي ستيفان دي ميستورا في جنيف وفد المعارضة السورية.",
            "أعلنت أنقرة أن وزير الخارجية التركي مولود جاويش أوغلو سيزور طهران.",
        ];
        // Each writer numbers names the other has not read yet.
        first
            .add(&article("a", texts[0], None, "2017-01-01"), fp)
            .unwrap();
        second
            .add(&article("b", texts[1], None, "2017-01-01"), fp)
            .unwrap();
        first
            .add(&article("c", texts[2], None, "2017-01-01"), fp)
            .unwrap();
        let corpus = Archive::open_read_only(&dir.path().join("sub/archive.sqlite3"))
            .unwrap()
            .load_into(false, &extractor, None, &mut ())
            .unwrap();
        for (article, text) in corpus.articles.iter().zip(texts) {
            assert_eq!(
                article.extraction,
                extractor.extract(Some("محادثات أستانا"), text)
            );
        }
    }

    #[test]
    fn sources_keep_their_validators() {
        let (_dir, mut archive) = temp_archive();
        assert_eq!(archive.source("https://example.com/feed").unwrap(), None);
        let mut source = Source {
            url: "https://example.com/feed".into(),
            kind: Some("feed".into()),
            etag: Some("\"abc\"".into()),
            last_modified: Some("Wed, 21 Oct 2026 07:28:00 GMT".into()),
            last_status: Some(200),
            last_fetched: Some(1_700_000_000),
        };
        archive.set_source(&source).unwrap();
        assert_eq!(archive.source(&source.url).unwrap().as_ref(), Some(&source));
        source.last_status = Some(304);
        source.etag = None;
        archive.set_source(&source).unwrap();
        assert_eq!(archive.source(&source.url).unwrap(), Some(source));
    }

    #[test]
    fn a_newer_archive_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1000;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(
            Archive::open(&path),
            Err(ArchiveError::Newer { found: 1000, .. })
        ));
        assert!(matches!(
            Archive::open_read_only(&path),
            Err(ArchiveError::Newer { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("future.sqlite3-wal").exists());
    }
}
