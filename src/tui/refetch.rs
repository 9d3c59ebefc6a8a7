//! `R` in the explorer: the sources of the feeds file fetched into the
//! archive on a thread of their own, progress sent to the event loop as
//! status-line text, then the archive read again (with its index) and
//! handed over whole, so the explorer swaps it in between two keys.

use super::run::Input;
use crate::archive::{self, Archive};
use crate::corpus::{Corpus, LoadOptions, LoadProgress, LoadWarning};
use crate::extract::Extractor;
use crate::fetch::{self, Options, archive_store::ArchiveStore, feeds_file};
use crate::search::{IndexBuilder, SearchIndex};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

/// What the fetching thread tells the event loop.
pub enum Message {
    /// The status line's text: `fetching 1/3 sources, 4/20 pages`.
    Progress(String),
    /// The archive read again, or why the fetch could not start.
    Done(Result<Box<Reloaded>, String>),
}

pub struct Reloaded {
    pub corpus: Corpus,
    pub index: SearchIndex,
    /// `archive 1,234`.
    pub label: Option<String>,
    /// The summary line: `fetched 3 sources: 4 new, 0 copies, 1 failed`.
    pub summary: String,
}

/// Starts fetching into the archive at `archive` (`--archive`, else the
/// default place); `all`: the explorer shows every copy.
pub fn start(
    archive: Option<PathBuf>,
    all: bool,
    extractor: Arc<Extractor>,
) -> std::io::Result<mpsc::Receiver<Message>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("astana-fetch".into())
        .spawn(move || {
            let done = fetch_and_reload(archive, all, &extractor, &tx);
            let _ = tx.send(Message::Done(done.map(Box::new)));
        })?;
    Ok(rx)
}

fn fetch_and_reload(
    archive_flag: Option<PathBuf>,
    all: bool,
    extractor: &Extractor,
    tx: &mpsc::Sender<Message>,
) -> Result<Reloaded, String> {
    let path = feeds_file::path().ok_or("no home folder to find the feeds file in")?;
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "no feeds to fetch: {} ({e}); one URL per line",
            path.display()
        )
    })?;
    let sources = feeds_file::urls(&text);
    if sources.is_empty() {
        return Err(format!("{} lists no URL", path.display()));
    }
    let location =
        archive::location(archive_flag.as_deref()).ok_or("no archive location (no home folder)")?;
    let mut warnings = Vec::new();
    let tally = {
        let mut archive = Archive::open(&location).map_err(|e| e.to_string())?;
        let mut store = ArchiveStore {
            archive: &mut archive,
            extractor,
        };
        let tally = fetch::fetch(
            &sources,
            &mut store,
            &Options::default(),
            &mut |tally, warning| {
                if let Some(w) = warning {
                    warnings.push(LoadWarning::new(&w.url, None, w.reason.clone()));
                }
                let _ = tx.send(Message::Progress(format!(
                    "fetching {}/{} sources, {}/{} pages",
                    tally.sources_done, tally.sources, tally.pages_done, tally.pages
                )));
            },
        );
        let _ = tx.send(Message::Progress("indexing the new articles…".into()));
        // Failing here loses nothing: the archive is read from its texts.
        if let Err(e) = archive.update_index_words() {
            warnings.push(LoadWarning::new(
                &location.display().to_string(),
                None,
                e.to_string(),
            ));
        }
        tally
    };
    let _ = tx.send(Message::Progress("reading the archive…".into()));
    let input = Input {
        paths: Vec::new(),
        load: LoadOptions::default(),
        archive: Some(location),
        all,
    };
    let mut builder = IndexBuilder::new();
    let read = input
        .load(extractor, &LoadProgress::default(), &mut builder)
        .map_err(|e| e.to_string())?;
    let (mut corpus, label) = (read.corpus, read.label);
    corpus.warnings.extend(warnings);
    let index = builder.finish(&corpus.articles, extractor.entries());
    Ok(Reloaded {
        corpus,
        index,
        label,
        summary: tally.summary(),
    })
}
