//! Bookmarks and notes: what a user marked, kept between sessions.
//!
//! A mark belongs to an article by its id and a hash of its text, so an
//! article from a file or the bundled ones can be marked as well as an
//! archived one, and a mark does not move to another text that happens to
//! get the same id. Marks are one SQLite table, `marks`, that this module
//! creates where it is missing: in the archive's file when an archive is in
//! use, else in `$XDG_STATE_HOME/astana/marks.sqlite3`. Each change is one
//! statement, so one transaction, written when it is made: a session that
//! ends by a hang-up or a kill loses nothing that was marked before.

use crate::corpus::Article;
use crate::text::stable_hash;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the user marked on one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    pub bookmarked: bool,
    /// A one-line note (never empty when present).
    pub note: Option<String>,
}

impl Mark {
    pub fn is_empty(&self) -> bool {
        !self.bookmarked && self.note.is_none()
    }
}

/// A note as it is kept: one line, its ends trimmed; `None` when nothing
/// is left.
pub fn clean_note(text: &str) -> Option<String> {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

/// The hash that ties a mark to an article's text.
pub fn content_hash(article: &Article) -> u64 {
    stable_hash::fnv1a(stable_hash::START, article.text.as_bytes())
}

#[derive(Debug, thiserror::Error)]
pub enum MarksError {
    #[error("{}: {source}", crate::text::sanitize::visible(&.path.display().to_string()))]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("marks ({}): {source}", crate::text::sanitize::visible(&.path.display().to_string()))]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// Where marks are kept: the archive's file when one is in use, else
/// their own file in the XDG state folder.
pub fn location(archive: Option<&Path>) -> Option<PathBuf> {
    match archive {
        Some(path) => Some(path.to_path_buf()),
        None => Some(crate::config::paths::state_dir()?.join("marks.sqlite3")),
    }
}

/// The open store.
pub struct MarkStore {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for MarkStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarkStore")
            .field("path", &self.path)
            .finish()
    }
}

const CREATE: &str = "CREATE TABLE IF NOT EXISTS marks (
    article TEXT NOT NULL,          -- the article's id
    content_hash INTEGER NOT NULL,  -- marks::content_hash of its text
    bookmarked INTEGER NOT NULL,
    note TEXT,
    changed_at INTEGER NOT NULL,    -- Unix seconds
    PRIMARY KEY (article, content_hash)
)";

impl MarkStore {
    /// Opens the store at `path` for changing marks, creating the file,
    /// its folder and the table if need be.
    pub fn open(path: &Path) -> Result<MarkStore, MarksError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| MarksError::Folder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let sqlite = |source| MarksError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
        // WAL as the archive uses it: a reader never waits for a writer.
        let _: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(sqlite)?;
        conn.execute_batch(CREATE).map_err(sqlite)?;
        Ok(MarkStore {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing store only to read it; `None` when the file or
    /// its table is not there (nothing was ever marked).
    pub fn open_to_read(path: &Path) -> Result<Option<MarkStore>, MarksError> {
        if !path.exists() {
            return Ok(None);
        }
        let sqlite = |source| MarksError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sqlite)?;
        let has_table: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'marks'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(sqlite)?;
        Ok(has_table.map(|_| MarkStore {
            conn,
            path: path.to_path_buf(),
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sqlite(&self, source: rusqlite::Error) -> MarksError {
        MarksError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// The marks of these articles, by their index. Only the articles
    /// whose id has a mark have their text hashed.
    pub fn marks_of(&self, articles: &[Article]) -> Result<HashMap<usize, Mark>, MarksError> {
        let mut by_id: HashMap<String, Vec<(u64, Mark)>> = HashMap::new();
        let mut statement = self
            .conn
            .prepare("SELECT article, content_hash, bookmarked, note FROM marks")
            .map_err(|e| self.sqlite(e))?;
        let rows = statement
            .query_map([], |row| {
                let id: String = row.get(0)?;
                let hash: i64 = row.get(1)?;
                let mark = Mark {
                    bookmarked: row.get::<_, i64>(2)? != 0,
                    note: row.get(3)?,
                };
                Ok((id, hash as u64, mark))
            })
            .map_err(|e| self.sqlite(e))?;
        for row in rows {
            let (id, hash, mark) = row.map_err(|e| self.sqlite(e))?;
            by_id.entry(id).or_default().push((hash, mark));
        }
        let mut marks = HashMap::new();
        for (i, article) in articles.iter().enumerate() {
            let Some(candidates) = by_id.get(&*article.id) else {
                continue;
            };
            let hash = content_hash(article);
            if let Some((_, mark)) = candidates.iter().find(|(h, _)| *h == hash) {
                marks.insert(i, mark.clone());
            }
        }
        Ok(marks)
    }

    /// Keeps `mark` for `article` (an empty mark removes it), at once.
    pub fn set(&self, article: &Article, mark: &Mark) -> Result<(), MarksError> {
        let hash = content_hash(article) as i64;
        let id: &str = &article.id;
        let result = if mark.is_empty() {
            self.conn.execute(
                "DELETE FROM marks WHERE article = ?1 AND content_hash = ?2",
                params![id, hash],
            )
        } else {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            self.conn.execute(
                "INSERT INTO marks (article, content_hash, bookmarked, note, changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (article, content_hash) DO UPDATE SET
                     bookmarked = excluded.bookmarked,
                     note = excluded.note,
                     changed_at = excluded.changed_at",
                params![id, hash, mark.bookmarked as i64, mark.note, now],
            )
        };
        result.map(|_| ()).map_err(|e| self.sqlite(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    fn articles() -> Vec<Article> {
        crate::corpus::load_bundled(&Extractor::builtin()).articles
    }

    #[test]
    fn marks_survive_reopening_and_belong_to_id_and_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/marks.sqlite3");
        let articles = articles();
        let store = MarkStore::open(&path).unwrap();
        let bookmark = Mark {
            bookmarked: true,
            note: None,
        };
        let note = Mark {
            bookmarked: false,
            note: clean_note("  ask\nabout   round 4 "),
        };
        store.set(&articles[1], &bookmark).unwrap();
        store.set(&articles[3], &note).unwrap();
        drop(store);
        let store = MarkStore::open_to_read(&path).unwrap().expect("a store");
        let marks = store.marks_of(&articles).unwrap();
        assert_eq!(marks.len(), 2);
        assert_eq!(marks[&1], bookmark);
        assert_eq!(marks[&3].note.as_deref(), Some("ask about round 4"));
        // The same id with another text is another article.
        let mut changed = articles.clone();
        changed[1].text = format!("{} (corrected)", changed[1].text).into();
        assert!(!store.marks_of(&changed).unwrap().contains_key(&1));
        // An empty mark removes it.
        let store = MarkStore::open(&path).unwrap();
        store.set(&articles[1], &Mark::default()).unwrap();
        assert_eq!(store.marks_of(&articles).unwrap().len(), 1);
    }

    #[test]
    fn nothing_marked_is_no_store_to_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            MarkStore::open_to_read(&dir.path().join("none.sqlite3"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn notes_are_one_trimmed_line() {
        assert_eq!(clean_note(" a\tb\r\nc "), Some("a b c".to_string()));
        assert_eq!(clean_note(" \n "), None);
    }
}
