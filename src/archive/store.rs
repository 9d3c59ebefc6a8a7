//! Writing the archive: an article is added in its own transaction as
//! new, as a copy of a story already there (`duplicate_of`), or not at
//! all when the archive has it; sources keep their HTTP validators.

use super::shingles::{CONTAINMENT, TextPrint};
use super::{Archive, ArchiveError, canonical_url, now};
use crate::corpus::Article;
use crate::extract::encode_stored;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

/// Reprints are looked for among stories dated this many days around an
/// article's date.
const COPY_DAYS: i64 = 3;

/// A sampled shingle is followed to at most this many stories: one that
/// more stories of the week share is boilerplate (a site's footer, a
/// formula of the wire), which says little about which story a text
/// copies, and following it everywhere would make each addition slower
/// as the archive grows.
const STORIES_PER_SHINGLE: i64 = 16;

/// At most this many of a new article's sampled shingles (the smallest
/// hashes: a sample of the sample, the same for two texts) are looked up.
const LOOKED_UP: usize = 16;

/// At most this many candidate originals are compared in full, those that
/// share the most sampled shingles first.
const COMPARED: usize = 8;

/// One row of the table `shingles`: a sampled shingle of a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct ShingleRow {
    hash: i64,
    day: i64,
    article: i64,
    /// The story's number of sampled shingles.
    sampled: i64,
}

/// The sampled shingles of the articles an import added whose rows are not
/// written yet. A shingle's place in its table is its hash, so each
/// article's own rows would rewrite some twenty pages scattered over the
/// table in the article's transaction; an import writes a batch's rows in
/// one transaction instead ([`Archive::write_pending_shingles`]). Until
/// then the articles are listed in the table `unshingled` (in their own
/// transaction), so that a crash loses none of them: opening the archive
/// for writing shingles what is listed there from the stored text.
#[derive(Debug, Default)]
pub(super) struct PendingShingles {
    rows: Vec<ShingleRow>,
    /// Rows by hash, for the reprint lookups of the batch's next articles.
    by_hash: foldhash::HashMap<i64, Vec<u32>>,
}

impl PendingShingles {
    fn push(&mut self, row: ShingleRow) {
        self.by_hash
            .entry(row.hash)
            .or_default()
            .push(self.rows.len() as u32);
        self.rows.push(row);
    }

    /// The (article, sampled) of the pending rows of `hash` dated within `days`.
    fn find(
        &self,
        hash: i64,
        days: std::ops::RangeInclusive<i64>,
    ) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.by_hash
            .get(&hash)
            .into_iter()
            .flatten()
            .map(|&i| self.rows[i as usize])
            .filter(move |row| days.contains(&row.day))
            .map(|row| (row.article, row.sampled))
    }
}

/// What [`Archive::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new story, with its id.
    New(i64),
    /// Kept as a copy (the same text under another URL, or a reprint) of
    /// the story `of`.
    Copy { id: i64, of: i64 },
    /// The archive has it already (the same canonical URL; without a URL,
    /// the same id and text): nothing was written.
    Known(i64),
}

/// A feed, sitemap or page that is fetched again, with what the last
/// fetch learned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub url: String,
    /// What it turned out to be (`feed`, `sitemap`, `page`).
    pub kind: Option<String>,
    /// Validators for a conditional GET (`If-None-Match`, `If-Modified-Since`).
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The last HTTP status (or none when no answer came).
    pub last_status: Option<u16>,
    /// When it was last fetched, in Unix seconds.
    pub last_fetched: Option<i64>,
}

/// The day (since 1970-01-01) of an ISO 8601 date's first ten characters.
fn day_of(date: &str) -> Option<i64> {
    let day = chrono::NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    Some(
        day.signed_duration_since(chrono::NaiveDate::default())
            .num_days(),
    )
}

impl Archive {
    /// The id of the article stored under `url`'s canonical form, as its
    /// own URL or as one it was reached by (see [`Archive::add_with_urls`]).
    pub fn knows_url(&self, url: &str) -> Result<Option<i64>, ArchiveError> {
        let Some(canonical) = canonical_url(url) else {
            return Ok(None);
        };
        Ok(known_url(&self.conn, &canonical)?)
    }

    /// Adds `article` (extracted with the extractor whose
    /// [`crate::extract::Extractor::fingerprint`] is `extractor`), fetched now.
    pub fn add(&mut self, article: &Article, extractor: u64) -> Result<Added, ArchiveError> {
        self.add_with_urls(article, &[], extractor)
    }

    /// [`Archive::add`], remembering `urls` (a feed's link to the page, the
    /// URLs a redirect went through) as URLs of the article it is or
    /// copies, so that [`Archive::knows_url`] knows them next time.
    pub fn add_with_urls(
        &mut self,
        article: &Article,
        urls: &[String],
        extractor: u64,
    ) -> Result<Added, ArchiveError> {
        let print = TextPrint::of_text(&article.text);
        self.add_full(article, urls, &print, extractor, now(), false)
    }

    /// [`Archive::add`] with the text's print made already (the importer
    /// makes it from the words the extractor normalized) and the fetch time;
    /// the rows of its sampled shingles wait for
    /// [`Archive::write_pending_shingles`] (see [`PendingShingles`]).
    pub fn add_printed(
        &mut self,
        article: &Article,
        print: &TextPrint,
        extractor: u64,
        fetched_at: i64,
    ) -> Result<Added, ArchiveError> {
        self.add_full(article, &[], print, extractor, fetched_at, true)
    }

    /// Writes the sampled shingles of the articles [`Archive::add_printed`]
    /// added, in one transaction, and takes them off `unshingled`.
    pub fn write_pending_shingles(&mut self) -> Result<(), ArchiveError> {
        let rows = std::mem::take(&mut self.pending).rows;
        let mut articles: Vec<i64> = rows.iter().map(|r| r.article).collect();
        articles.dedup();
        self.write_shingles(rows, &articles)
    }

    /// Shingles the articles listed in `unshingled`: an import stopped
    /// before it wrote their rows.
    pub(super) fn shingle_unshingled(&mut self) -> Result<(), ArchiveError> {
        let listed: Vec<(i64, i64, String)> = {
            let mut select = self.conn.prepare(
                "SELECT a.id, a.day, a.text FROM unshingled u JOIN articles a ON a.id = u.article",
            )?;
            select
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        let mut rows = Vec::new();
        for (article, day, text) in &listed {
            let print = TextPrint::of_text(text);
            let sampled = print.sample().count() as i64;
            rows.extend(print.sample().map(|hash| ShingleRow {
                hash: hash as i64,
                day: *day,
                article: *article,
                sampled,
            }));
        }
        // Only the listed articles are taken off: another import may be
        // adding more.
        let articles: Vec<i64> = listed.iter().map(|(article, _, _)| *article).collect();
        self.write_shingles(rows, &articles)
    }

    /// Writes `rows` and takes `articles` off `unshingled`, in one
    /// transaction.
    fn write_shingles(
        &mut self,
        mut rows: Vec<ShingleRow>,
        articles: &[i64],
    ) -> Result<(), ArchiveError> {
        if articles.is_empty() {
            return Ok(());
        }
        // In the table's order: neighbouring rows fill the same pages.
        rows.sort_unstable();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_shingles(&tx, &rows)?;
        {
            let mut done = tx.prepare_cached("DELETE FROM unshingled WHERE article = ?1")?;
            for article in articles {
                done.execute([article])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn add_full(
        &mut self,
        article: &Article,
        urls: &[String],
        print: &TextPrint,
        extractor: u64,
        fetched_at: i64,
        defer_shingles: bool,
    ) -> Result<Added, ArchiveError> {
        let names_before = self.names.len();
        let result =
            self.add_in_transaction(article, urls, print, extractor, fetched_at, defer_shingles);
        if result.is_err() && self.names.len() != names_before {
            // The names numbered in the rolled-back transaction are gone.
            self.load_names()?;
        }
        result
    }

    fn add_in_transaction(
        &mut self,
        article: &Article,
        urls: &[String],
        print: &TextPrint,
        extractor: u64,
        fetched_at: i64,
        defer_shingles: bool,
    ) -> Result<Added, ArchiveError> {
        let canonical = article.url().and_then(canonical_url);
        let day = article
            .date()
            .and_then(day_of)
            .unwrap_or(fetched_at.div_euclid(86_400));
        let content = print.content as i64;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::catch_up_names(&tx, &mut self.names)?;
        let known: Option<i64> = match &canonical {
            Some(url) => known_url(&tx, url)?,
            // Without a URL, the same id and text (a file imported again).
            None => tx
                .prepare_cached(
                    "SELECT id FROM articles WHERE canonical_url IS NULL AND content_hash = ?1
                         AND (name = ?2 OR (name > ?2 || '~' AND name < ?2 || '\u{7f}')) LIMIT 1",
                )?
                .query_row(params![content, &*article.id], |r| r.get(0))
                .optional()?,
        };
        if let Some(id) = known {
            add_urls(&tx, urls, id)?;
            tx.commit()?;
            return Ok(Added::Known(id));
        }
        let same_text: Option<i64> = tx
            .prepare_cached(
                "SELECT coalesce(duplicate_of, id) FROM articles WHERE content_hash = ?1
                     ORDER BY id LIMIT 1",
            )?
            .query_row([content], |r| r.get(0))
            .optional()?;
        let original = match same_text {
            Some(id) => Some(id),
            None => reprinted(&tx, print, day, &self.pending)?,
        };
        let name = unique_name(&tx, &article.id)?;
        let mut new_names = Vec::new();
        let extraction = encode_stored(&article.extraction, |entity| {
            let (number, new) = self.names.number(entity);
            if new {
                new_names.push((number, entity.clone()));
            }
            number
        });
        for (number, entity) in &new_names {
            tx.execute(
                "INSERT INTO names (id, key, name, arabic) VALUES (?1, ?2, ?3, ?4)",
                params![number, entity.key(), entity.name(), entity.arabic()],
            )?;
        }
        let sample: Vec<u64> = match original {
            Some(_) => Vec::new(),
            None => print.sample().collect(),
        };
        let origin = article.path.as_ref().map(|p| p.display().to_string());
        tx.prepare_cached(
            "INSERT INTO articles (name, title, title_is_separate, text, date, source, url,
                 canonical_url, origin, fetched_at, day, content_hash, sampled, duplicate_of,
                 extraction, extractor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(params![
            name,
            &*article.title,
            article.title_is_separate,
            &*article.text,
            article.date(),
            article.source(),
            article.url(),
            canonical,
            origin,
            fetched_at,
            day,
            content,
            sample.len() as i64,
            original,
            extraction,
            extractor as i64,
        ])?;
        let id = tx.last_insert_rowid();
        let sampled = sample.len() as i64;
        let rows = sample.into_iter().map(|hash| ShingleRow {
            hash: hash as i64,
            day,
            article: id,
            sampled,
        });
        let deferred: Vec<ShingleRow> = if defer_shingles && sampled > 0 {
            tx.prepare_cached("INSERT INTO unshingled (article) VALUES (?1)")?
                .execute([id])?;
            rows.collect()
        } else {
            insert_shingles(&tx, &rows.collect::<Vec<_>>())?;
            Vec::new()
        };
        add_urls(&tx, urls, id)?;
        tx.commit()?;
        for row in deferred {
            self.pending.push(row);
        }
        Ok(match original {
            Some(of) => Added::Copy { id, of },
            None => Added::New(id),
        })
    }

    /// What the last fetch of `url` learned, if it was fetched before.
    pub fn source(&self, url: &str) -> Result<Option<Source>, ArchiveError> {
        Ok(self
            .conn
            .query_row(
                "SELECT url, kind, etag, last_modified, last_status, last_fetched
                     FROM sources WHERE url = ?1",
                [url],
                |r| {
                    Ok(Source {
                        url: r.get(0)?,
                        kind: r.get(1)?,
                        etag: r.get(2)?,
                        last_modified: r.get(3)?,
                        last_status: r.get(4)?,
                        last_fetched: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records `source` (replacing what was known of its URL).
    pub fn set_source(&mut self, source: &Source) -> Result<(), ArchiveError> {
        self.conn.execute(
            "INSERT INTO sources (url, kind, etag, last_modified, last_status, last_fetched)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, etag = excluded.etag,
                 last_modified = excluded.last_modified, last_status = excluded.last_status,
                 last_fetched = excluded.last_fetched",
            params![
                source.url,
                source.kind,
                source.etag,
                source.last_modified,
                source.last_status,
                source.last_fetched
            ],
        )?;
        Ok(())
    }
}

/// The article whose canonical URL, or one of whose other URLs, is `canonical`.
fn known_url(conn: &rusqlite::Connection, canonical: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT id FROM articles WHERE canonical_url = ?1
         UNION ALL SELECT article FROM urls WHERE url = ?1 LIMIT 1",
    )?
    .query_row([canonical], |r| r.get(0))
    .optional()
}

fn insert_shingles(tx: &rusqlite::Transaction, rows: &[ShingleRow]) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO shingles (hash, day, article, sampled) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for row in rows {
        insert.execute(params![row.hash, row.day, row.article, row.sampled])?;
    }
    Ok(())
}

/// Records the canonical forms of `urls` as URLs of article `id` (a URL
/// known already keeps its article).
fn add_urls(tx: &rusqlite::Transaction, urls: &[String], id: i64) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO urls (url, article) VALUES (?1, ?2)")?;
    for url in urls.iter().filter_map(|u| canonical_url(u)) {
        insert.execute(params![url, id])?;
    }
    Ok(())
}

/// The first story, dated within [`COPY_DAYS`] of `day`, that contains
/// (or is contained in) `print` at [`CONTAINMENT`] or more. Only stories
/// that share sampled shingles with it are looked at, and of those only
/// the ones sharing enough to reach the containment.
fn reprinted(
    tx: &rusqlite::Transaction,
    print: &TextPrint,
    day: i64,
    pending: &PendingShingles,
) -> Result<Option<i64>, ArchiveError> {
    let sample: Vec<u64> = print.sample().collect();
    if sample.is_empty() {
        return Ok(None);
    }
    // The shingles are sorted: the first are the smallest hashes.
    let looked_up = &sample[..sample.len().min(LOOKED_UP)];
    // Stories by the number of sampled shingles they share.
    let mut shared: foldhash::HashMap<i64, (usize, usize)> = Default::default();
    {
        let mut find = tx.prepare_cached(
            "SELECT article, sampled FROM shingles
                 WHERE hash = ?1 AND day BETWEEN ?2 AND ?3 LIMIT ?4",
        )?;
        for &hash in looked_up {
            let hash = hash as i64;
            let days = day - COPY_DAYS..=day + COPY_DAYS;
            let mut found = Vec::new();
            let mut rows =
                find.query(params![hash, days.start(), days.end(), STORIES_PER_SHINGLE])?;
            while let Some(row) = rows.next()? {
                found.push((row.get(0)?, row.get(1)?));
            }
            let room = STORIES_PER_SHINGLE as usize - found.len();
            found.extend(pending.find(hash, days).take(room));
            for (article, sampled) in found {
                shared.entry(article).or_insert((0, sampled as usize)).0 += 1;
            }
        }
    }
    // The shingles looked up estimate the containment: of `k` looked up,
    // a story that holds the new text shares about `k`, one that the new
    // text holds `k * theirs / ours`. A candidate must share 60 % of that
    // (a copy's 80 % less the sample's error; the full comparison decides).
    let (k, ours) = (looked_up.len(), sample.len());
    let mut candidates: Vec<(i64, usize)> = shared
        .into_iter()
        .filter(|&(_, (hits, theirs))| 5 * hits * ours >= (3 * k * theirs.min(ours)).max(ours))
        .map(|(id, (hits, _))| (id, hits))
        .collect();
    candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    candidates.truncate(COMPARED);
    let mut text = tx.prepare_cached("SELECT text FROM articles WHERE id = ?1")?;
    let mut first: Option<i64> = None;
    for (id, _) in candidates {
        if first.is_some_and(|f| f < id) {
            continue;
        }
        let other: String = text.query_row([id], |r| r.get(0))?;
        if TextPrint::of_text(&other).containment(print) >= CONTAINMENT {
            first = Some(id);
        }
    }
    Ok(first)
}

/// `id`, or `id~2`, `id~3`... when the archive has it already: the ids
/// `show` takes stay unique across imports.
fn unique_name(tx: &rusqlite::Transaction, id: &str) -> Result<String, ArchiveError> {
    let mut taken = tx.prepare_cached("SELECT 1 FROM articles WHERE name = ?1")?;
    if !taken.exists([id])? {
        return Ok(id.to_string());
    }
    let copies: i64 = tx.query_row(
        // `id~...` sorts between `id~` and `id` followed by DEL.
        "SELECT count(*) FROM articles WHERE name > ?1 || '~' AND name < ?1 || '\u{7f}'",
        [id],
        |r| r.get(0),
    )?;
    let mut n = copies + 2;
    loop {
        let candidate = format!("{id}~{n}");
        if !taken.exists([&candidate])? {
            return Ok(candidate);
        }
        n += 1;
    }
}
