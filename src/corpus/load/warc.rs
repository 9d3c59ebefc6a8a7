//! Web archives streamed: a reader thread reads the records (inflating a
//! `.warc.gz` as it goes) and sends the HTTP responses in batches, while
//! the pool reads the pages of the batch before and finishes them into
//! articles. At most three batches are held at once (one being read, one
//! waiting, one being read into articles), so a multi-gigabyte archive
//! loads in the memory of the articles it keeps.

use super::finish::finish;
use super::gather::Gather;
use super::{ArticleSink, FileResult, LoadProgress, Loaded};
use crate::corpus::LoadWarning;
use crate::corpus::format::Origin;
use crate::corpus::format::warc::{Outcome, closing, read_record};
use crate::extract::Extractor;
use crate::web::warc::{Broken, Entry, Record, Records, Tally};
use rayon::prelude::*;
use std::sync::mpsc;

/// A batch is sent once its responses hold this many bytes...
const BATCH_BYTES: usize = 8 << 20;
/// ...or this many responses, whichever comes first.
const BATCH_RECORDS: usize = 512;

/// The responses read since the last batch, and the rest counted.
struct Batch {
    responses: Vec<Record>,
    skipped: Tally,
    /// Records in the batch, skipped ones included.
    records: usize,
    /// Bytes of the file read so far.
    consumed: u64,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            responses: Vec::new(),
            skipped: Tally::default(),
            records: 0,
            consumed: 0,
        }
    }
}

/// Reads `records` into batches and sends them down `batches`; a break
/// ends the stream after the batch before it.
fn read_batches(mut records: Records, batches: mpsc::SyncSender<Result<Batch, Broken>>) {
    let mut batch = Batch::new();
    let mut bytes = 0;
    loop {
        let mut end = None;
        match records.next() {
            Some(Ok(Entry::Response(record))) => {
                bytes += record.block.len();
                batch.responses.push(record);
            }
            Some(Ok(Entry::Other(why))) => batch.skipped.skip(&why),
            Some(Err(broken)) => end = Some(Some(broken)),
            None => end = Some(None),
        }
        batch.records += usize::from(end.is_none());
        if end.is_some() || bytes >= BATCH_BYTES || batch.responses.len() >= BATCH_RECORDS {
            batch.consumed = records.consumed();
            if batches
                .send(Ok(std::mem::replace(&mut batch, Batch::new())))
                .is_err()
            {
                return;
            }
            bytes = 0;
        }
        match end {
            Some(Some(broken)) => {
                let _ = batches.send(Err(broken));
                return;
            }
            Some(None) => return,
            None => {}
        }
    }
}

/// Streams the web archive of `origin` into `gather`, reading no more
/// than `cap` bytes of the file.
pub(super) fn load_warc<S: ArticleSink>(
    origin: &Origin,
    cap: u64,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    gather: &mut Gather<'_, S>,
) {
    let Some((file, _)) = super::stream::open(origin, gather) else {
        return;
    };
    let records = match Records::new(crate::input_file::Capped::new(file, cap)) {
        Ok(records) => records,
        Err(e) => {
            gather.warn(origin.warning(e.to_string()));
            return;
        }
    };
    let mut tally = Tally::default();
    let mut read = 0;
    let mut broken = None;
    let mut consumed = 0;
    std::thread::scope(|scope| {
        let (sender, batches) = mpsc::sync_channel(1);
        scope.spawn(move || read_batches(records, sender));
        for batch in batches {
            let batch = match batch {
                Ok(batch) => batch,
                Err(b) => {
                    broken = Some(b);
                    break;
                }
            };
            tally.add(batch.skipped);
            read += batch.records;
            // The sink takes the last batch while this one is read.
            let (_, outcomes) = rayon::join(
                || gather.flush(),
                || -> Vec<Finished<S::Words>> {
                    batch
                        .responses
                        .into_par_iter()
                        .map(|record| match read_record(origin, record) {
                            Outcome::Page(draft, notes) => {
                                Finished::Page(finish::<S>(origin, draft, extractor), notes)
                            }
                            Outcome::Skipped(why) => Finished::Skipped(why),
                            Outcome::Warning(w) => Finished::Page(Err(w), Vec::new()),
                        })
                        .collect()
                },
            );
            let mut result = FileResult::default();
            for outcome in outcomes {
                match outcome {
                    Finished::Page(loaded, notes) => {
                        notes.iter().for_each(|n| tally.decoded(n));
                        match loaded {
                            Ok(article) => result.articles.push(article),
                            Err(w) => result.warnings.push(w),
                        }
                    }
                    Finished::Skipped(why) => tally.skip(&why),
                }
            }
            let articles = result.articles.len();
            gather.take(&origin.display, result);
            if let Some(p) = progress {
                p.read((batch.consumed - consumed) as usize, articles);
            }
            consumed = batch.consumed;
        }
    });
    for warning in closing(origin, read, broken, &tally) {
        gather.warn(warning);
    }
}

/// What the pool made of one response.
enum Finished<W> {
    Page(Result<Loaded<W>, LoadWarning>, Vec<String>),
    Skipped(String),
}
