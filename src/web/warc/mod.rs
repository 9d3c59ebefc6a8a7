//! Web archives (`.warc`, `.warc.gz`): the format of Common Crawl's
//! CC-NEWS and of every web archive. A file is read record by record
//! ([`Records`], from any reader, so a multi-gigabyte archive streams);
//! each `response` record holding an HTTP response with status 200 and an
//! HTML body becomes a page through `web::html` ([`read_response`]), with
//! the record's `WARC-Target-URI` as the page's own URL and the charset its
//! HTTP `Content-Type` declares. Every other record is counted under a
//! reason ([`Tally`]), for one note per file rather than a warning each.
//!
//! The WARC framing (a header block, then `Content-Length` bytes) is read
//! here; HTTP headers and chunk sizes by the `httparse` crate; gzip by
//! `flate2`. docs/INPUTS.md says why not the `warc` crate.

mod http;
mod records;

pub use http::{Skip, read_response, read_response_with};
pub use records::{Broken, Entry, Record, Records};

/// Whether a path names a web archive: `.warc` or `.warc.gz`.
pub fn is_warc_path(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// How many records of a file were skipped, and why; how many pages were
/// decoded other than as UTF-8, and how. Reasons keep the order they were
/// first met in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    skipped: Vec<(String, usize)>,
    decoded: Vec<(String, usize)>,
}

impl Tally {
    /// One record more skipped for `reason` (`request`, `status not 200`…).
    pub fn skip(&mut self, reason: &str) {
        bump(&mut self.skipped, reason, 1);
    }

    /// One page more read with the decoder's `note` (`read as windows-1256
    /// (declared)`).
    pub fn decoded(&mut self, note: &str) {
        bump(&mut self.decoded, note, 1);
    }

    pub fn add(&mut self, other: Tally) {
        for (reason, n) in other.skipped {
            bump(&mut self.skipped, &reason, n);
        }
        for (note, n) in other.decoded {
            bump(&mut self.decoded, &note, n);
        }
    }

    /// The records skipped, in all.
    pub fn skipped(&self) -> usize {
        self.skipped.iter().map(|(_, n)| n).sum()
    }

    /// The file's notes, one line each: the records skipped and why
    /// (`12 records skipped: 1 warcinfo, 5 request, 2 status not 200, …`),
    /// then each way pages were decoded (`3 pages read as windows-1256
    /// (declared)`).
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.skipped.is_empty() {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            let total = self.skipped();
            notes.push(format!(
                "{total} record{} skipped: {}",
                plural(total),
                reasons.join(", ")
            ));
        }
        for (note, n) in &self.decoded {
            notes.push(format!("{n} page{} {note}", plural(*n)));
        }
        notes
    }
}

fn bump(counts: &mut Vec<(String, usize)>, key: &str, by: usize) {
    match counts.iter_mut().find(|(k, _)| k == key) {
        Some((_, n)) => *n += by,
        None => counts.push((key.to_string(), by)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn archives_are_known_by_their_extensions() {
        for yes in ["a.warc", "b.WARC.GZ", "dir/CC-NEWS-20170504.warc.gz"] {
            assert!(is_warc_path(Path::new(yes)), "{yes}");
        }
        for no in ["a.gz", "b.warc.txt", "warc", "c.html.gz", "d.arc.gz"] {
            assert!(!is_warc_path(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn a_tally_is_one_line_of_reasons_and_one_per_decoding() {
        let mut tally = Tally::default();
        assert!(tally.notes().is_empty());
        tally.skip("warcinfo");
        tally.skip("request");
        let mut more = Tally::default();
        more.skip("request");
        more.skip("status not 200");
        more.decoded("read as windows-1256 (declared)");
        tally.add(more);
        tally.decoded("read as windows-1256 (declared)");
        assert_eq!(tally.skipped(), 4);
        assert_eq!(
            tally.notes(),
            [
                "4 records skipped: 1 warcinfo, 2 request, 1 status not 200",
                "2 pages read as windows-1256 (declared)",
            ]
        );
    }
}
