//! The archive's tables and how an older archive is brought up to date:
//! `PRAGMA user_version` holds the schema's version; each migration takes
//! it one step, in its own transaction. An archive of a newer version than
//! this program knows is refused and left as it is.

use super::ArchiveError;
use rusqlite::Connection;

/// Each step brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 → 1: articles, their extractions' entity names, the sampled
    // shingles, the other URLs of articles, the sources.
    "CREATE TABLE names (
         id INTEGER PRIMARY KEY,
         key TEXT NOT NULL,
         name TEXT NOT NULL,
         arabic TEXT NOT NULL
     );
     CREATE TABLE articles (
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL,              -- the id astana shows
         title_is_separate INTEGER NOT NULL,
         date TEXT,
         source TEXT,
         url TEXT,
         canonical_url TEXT,
         origin TEXT,                     -- the file it was imported from
         fetched_at INTEGER NOT NULL,     -- Unix seconds
         day INTEGER NOT NULL,            -- its date's day (else fetched_at's), for copies
         content_hash INTEGER NOT NULL,
         sampled INTEGER NOT NULL,        -- how many shingles it has in `shingles`
         duplicate_of INTEGER REFERENCES articles(id),
         extractor INTEGER NOT NULL,      -- the fingerprint it was extracted with
         -- The long columns last: SQLite reads a row's columns in order, and
         -- a column after a text that overflows its page is reached only
         -- through the overflow pages.
         title TEXT NOT NULL,
         extraction BLOB NOT NULL,
         text TEXT NOT NULL
     );
     CREATE UNIQUE INDEX articles_by_canonical_url ON articles(canonical_url)
         WHERE canonical_url IS NOT NULL;
     CREATE INDEX articles_by_content ON articles(content_hash);
     CREATE INDEX articles_by_name ON articles(name);
     CREATE INDEX articles_by_original ON articles(duplicate_of)
         WHERE duplicate_of IS NOT NULL;
     CREATE TABLE shingles (
         hash INTEGER NOT NULL,
         day INTEGER NOT NULL,
         article INTEGER NOT NULL,
         sampled INTEGER NOT NULL,        -- the article's, read without a join
         PRIMARY KEY (hash, day, article)
     ) WITHOUT ROWID;
     -- Other URLs an article was reached by (a feed's link, a redirect, an
     -- AMP page), canonical, so that they are known without a fetch.
     CREATE TABLE urls (
         url TEXT PRIMARY KEY,
         article INTEGER NOT NULL REFERENCES articles(id)
     ) WITHOUT ROWID;
     CREATE TABLE sources (
         url TEXT PRIMARY KEY,
         kind TEXT,
         etag TEXT,
         last_modified TEXT,
         last_status INTEGER,
         last_fetched INTEGER
     );",
    // 1 → 2: articles whose sampled shingles are not in `shingles` yet (an
    // import writes them a batch at a time; see `store::PendingShingles`);
    // the search index's words (`search::index::stored`) in segments, each
    // of the stories after the last segment's up to its `last_article`, in
    // parts of at most `read::WORDS_PART`.
    "CREATE TABLE unshingled (article INTEGER PRIMARY KEY REFERENCES articles(id));
     CREATE TABLE index_words (
         segment INTEGER NOT NULL,        -- the stories after the last segment's
         part INTEGER NOT NULL,
         last_article INTEGER NOT NULL,   -- up to this story
         written_by TEXT NOT NULL,        -- IndexBuilder::words_stamp
         bytes BLOB NOT NULL,
         PRIMARY KEY (segment, part)
     );",
];

/// The schema version this program writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn version(conn: &Connection) -> Result<i64, ArchiveError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses an archive newer than [`VERSION`].
pub(super) fn check_not_newer(conn: &Connection) -> Result<i64, ArchiveError> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(ArchiveError::Newer {
            found,
            known: VERSION,
        });
    }
    Ok(found)
}

/// Brings the schema to [`VERSION`], a step per transaction (a crash
/// between steps leaves a valid older version, taken up again next time).
pub(super) fn migrate(conn: &mut Connection) -> Result<(), ArchiveError> {
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Read inside the write lock: another process may have migrated.
        let found = check_not_newer(&tx)?;
        if found == VERSION {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[found as usize])?;
        tx.pragma_update(None, "user_version", found + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_gets_every_table() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
        for table in [
            "articles",
            "names",
            "shingles",
            "sources",
            "unshingled",
            "urls",
        ] {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{table}");
        }
        // Migrating again changes nothing.
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
    }

    #[test]
    fn a_newer_schema_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(
            matches!(err, ArchiveError::Newer { found: 99, .. }),
            "{err}"
        );
        assert_eq!(version(&conn).unwrap(), 99);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 1, "nothing was added");
    }
}
