//! `astana import`: whatever the loader reads, added to the archive as it
//! is read. The importer is the loader's sink: each batch of finished
//! articles goes to the archive, one transaction per article, with the
//! print of its words made from the extractor's normalized text (not a
//! second normalization), and is then dropped.

use super::shingles::PrintBuilder;
use super::{Added, Archive, ArchiveError, now};
use crate::corpus::{Article, ArticleSink};
use std::ops::Range;

/// What an import did so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// New stories.
    pub new: usize,
    /// Copies of stories already there (kept with `duplicate_of`).
    pub copies: usize,
    /// Articles the archive had already (nothing written).
    pub known: usize,
}

/// The loader's sink for an import.
pub struct Importer<'a> {
    archive: &'a mut Archive,
    fingerprint: u64,
    pub counts: ImportCounts,
    /// The first error writing the archive; nothing more is written after it.
    error: Option<ArchiveError>,
    /// Told after each batch (a progress bar).
    on_batch: Box<dyn FnMut(&ImportCounts) + Send + 'a>,
}

impl<'a> Importer<'a> {
    /// An importer into `archive` of articles extracted with the extractor
    /// whose fingerprint is `fingerprint`.
    pub fn new(
        archive: &'a mut Archive,
        fingerprint: u64,
        on_batch: impl FnMut(&ImportCounts) + Send + 'a,
    ) -> Importer<'a> {
        Importer {
            archive,
            fingerprint,
            counts: ImportCounts::default(),
            error: None,
            on_batch: Box::new(on_batch),
        }
    }

    /// The counts, or the error that stopped the import.
    pub fn finish(self) -> Result<ImportCounts, ArchiveError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.counts),
        }
    }
}

impl ArticleSink for Importer<'_> {
    type Words = PrintBuilder;

    fn words(_title: &str, text_key: &str, text_words: &[Range<usize>]) -> PrintBuilder {
        let mut print = PrintBuilder::default();
        print.add(text_key, text_words);
        print
    }

    fn more_words(print: &mut PrintBuilder, text_key: &str, text_words: &[Range<usize>]) {
        print.add(text_key, text_words);
    }

    fn add(&mut self, batch: Vec<PrintBuilder>, articles: &[Article]) {
        if self.error.is_some() {
            return;
        }
        let fetched_at = now();
        for (print, article) in batch.into_iter().zip(articles) {
            let print = print.finish();
            match self
                .archive
                .add_printed(article, &print, self.fingerprint, fetched_at)
            {
                Ok(Added::New(_)) => self.counts.new += 1,
                Ok(Added::Copy { .. }) => self.counts.copies += 1,
                Ok(Added::Known(_)) => self.counts.known += 1,
                Err(e) => {
                    self.error = Some(e);
                    break;
                }
            }
        }
        if let Err(e) = self.archive.write_pending_shingles() {
            self.error.get_or_insert(e);
        }
        if self.error.is_none() {
            (self.on_batch)(&self.counts);
        }
    }
}
