//! `.warc`, `.warc.gz`: web archives, one article per HTML page answered
//! with status 200 (see `web::warc`). A file is streamed by `load::warc`,
//! which hands each response record to [`read_record`] and closes the file
//! with [`closing`]; [`drafts`] reads archive bytes held whole the same way.
//! Records that are no article are counted, and the counts are one note
//! per file, not a warning per record.

use super::html::draft_of_page;
use super::{Draft, Origin, Place};
use crate::corpus::LoadWarning;
use crate::web::warc::{self, Broken, Entry, Record, Records, Skip, Tally};

/// What one response record is.
pub(in crate::corpus) enum Outcome {
    /// A page: its draft, and how its bytes were decoded when not as UTF-8.
    Page(Draft, Vec<String>),
    /// No article, for this reason (counted).
    Skipped(String),
    /// A record that cannot be read.
    Warning(LoadWarning),
}

/// The page of a response record, or why there is none.
pub(in crate::corpus) fn read_record(origin: &Origin, record: Record) -> Outcome {
    let place = Place::Record(record.number);
    match warc::read_response_with(&record, origin.charset) {
        Ok(mut page) => {
            let notes = std::mem::take(&mut page.notes);
            let id = format!("{}:{}", archive_stem(&origin.stem), record.number);
            Outcome::Page(draft_of_page(place, id, page), notes)
        }
        Err(Skip::Counted(why)) => Outcome::Skipped(why),
        Err(Skip::Broken(why)) => {
            let url = record.url.as_deref().unwrap_or("no WARC-Target-URI");
            Outcome::Warning(place.warning(origin, format!("{url}: {why}, skipped")))
        }
    }
}

/// The file's last messages: where it broke (the `records` read whole
/// before the break stand), then what was skipped and how pages were
/// decoded.
pub(in crate::corpus) fn closing(
    origin: &Origin,
    records: usize,
    broken: Option<Broken>,
    tally: &Tally,
) -> Vec<LoadWarning> {
    let mut out = Vec::new();
    match broken {
        Some(broken) if records == 0 => {
            out.push(origin.warning(format!("not read as a web archive: {broken}, skipped")));
        }
        Some(broken) => out.push(origin.warning(format!(
            "{broken}; the {records} record{} before it are read",
            if records == 1 { "" } else { "s" }
        ))),
        None if records == 0 => out.push(origin.warning("empty file, skipped")),
        None => {}
    }
    out.extend(tally.notes().into_iter().map(|n| origin.warning(n)));
    out
}

/// An archive's bytes held whole, read in order.
pub(super) fn drafts(origin: &Origin, bytes: Vec<u8>) -> Vec<Result<Draft, LoadWarning>> {
    let mut out = Vec::new();
    let mut tally = Tally::default();
    let mut records = 0;
    let mut broken = None;
    let entries = match Records::new(&bytes[..]) {
        Ok(entries) => entries,
        Err(e) => return vec![Err(origin.warning(e.to_string()))],
    };
    for entry in entries {
        match entry {
            Ok(Entry::Other(why)) => tally.skip(&why),
            Ok(Entry::Response(record)) => match read_record(origin, record) {
                Outcome::Page(draft, notes) => {
                    notes.iter().for_each(|n| tally.decoded(n));
                    out.push(Ok(draft));
                }
                Outcome::Skipped(why) => tally.skip(&why),
                Outcome::Warning(w) => out.push(Err(w)),
            },
            Err(b) => {
                broken = Some(b);
                break;
            }
        }
        records += 1;
    }
    out.extend(
        closing(origin, records, broken, &tally)
            .into_iter()
            .map(Err),
    );
    out
}

/// `news.warc.gz`'s stem is `news.warc`: its pages' ids start `news:`.
fn archive_stem(stem: &str) -> &str {
    let cut = stem.len().saturating_sub(".warc".len());
    match stem.get(cut..) {
        Some(tail) if tail.eq_ignore_ascii_case(".warc") => &stem[..cut],
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Charset;
    use std::path::Path;

    fn record(kind: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://news.example/a\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn pages_skips_and_the_break_in_order() {
        let page = "<html><head><title>أستانا</title></head><body><article><p>اتفقت الدول الضامنة الثلاث روسيا وتركيا وإيران في ختام الجولة الرابعة من محادثات أستانا على مذكرة لإقامة أربع مناطق لخفض التصعيد في سوريا.</p><p>وقال المبعوث الأممي إن المذكرة خطوة في الاتجاه الصحيح، داعيا الأطراف إلى احترام وقف إطلاق النار.</p></article></body></html>";
        let archive = [
            record("warcinfo", "software: test"),
            record("request", "GET /a HTTP/1.1\r\n\r\n"),
            record("response", &format!("HTTP/1.1 200 OK\r\n\r\n{page}")),
            record("response", "HTTP/1.1 404 Not Found\r\n\r\ngone"),
            record("response", "HTTP/1.1 200 OK\r\n\r\n"),
        ]
        .concat();
        let origin = Origin::of_path(Path::new("dir/news.warc"), Charset::Unknown);
        let cut = archive.len() - 10;
        let out = drafts(&origin, archive.as_bytes()[..cut].to_vec());
        let draft = out[0].as_ref().ok().unwrap();
        assert_eq!(draft.id, "news:3");
        assert_eq!(draft.meta.url.as_deref(), Some("https://news.example/a"));
        let warnings: Vec<String> = out[1..]
            .iter()
            .map(|w| w.as_ref().err().unwrap().to_string())
            .collect();
        assert_eq!(
            warnings,
            [
                format!(
                    "dir/news.warc: truncated at byte {cut}: record 5 at byte {} has 13 of its 19 bytes; the 4 records before it are read",
                    archive.len() - record("response", "HTTP/1.1 200 OK\r\n\r\n").len()
                ),
                "dir/news.warc: 3 records skipped: 1 warcinfo, 1 request, 1 status not 200"
                    .to_string(),
            ]
        );
        let out = drafts(&origin, b"garbage".to_vec());
        assert_eq!(
            out[0].as_ref().err().unwrap().to_string(),
            "dir/news.warc: not read as a web archive: no WARC record at byte 0, skipped"
        );
        assert_eq!(archive_stem("CC-NEWS.WARC"), "CC-NEWS");
        assert_eq!(archive_stem("x"), "x");
    }
}
