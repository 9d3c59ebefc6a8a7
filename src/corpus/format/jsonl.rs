//! JSONL lines: one record a line. A file is streamed in chunks by
//! `load::stream`, which hands each line to [`draft_of_line`] (or a line
//! longer than a chunk, in its own buffer, to [`draft_of_long_line`]); a
//! file that must be transcoded first (UTF-16, a forced encoding) is read
//! whole by [`drafts`].

use super::json::{Record, draft_of_record, parse_record, record_in_buffer};
use super::{Draft, Origin, Place};
use crate::corpus::LoadWarning;

/// The UTF-8 byte order mark, which only the first line may start with.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One JSONL line (`number`, at byte `offset` of the file): `None` when
/// blank, otherwise a draft or a warning.
pub(in crate::corpus) fn draft_of_line(
    origin: &Origin,
    number: usize,
    offset: usize,
    line: &[u8],
) -> Option<Result<Draft, LoadWarning>> {
    let (offset, line) = match line.strip_prefix(BOM) {
        Some(rest) if offset == 0 => (BOM.len(), rest),
        _ => (offset, line),
    };
    if let Err(w) = blank_or_binary(origin, number, offset, line)? {
        return Some(Err(w));
    }
    let (line, note) = match simdutf8::compat::from_utf8(line) {
        Ok(line) => (std::borrow::Cow::Borrowed(line), None),
        Err(e) => (
            String::from_utf8_lossy(line),
            Some(repaired(offset + e.valid_up_to())),
        ),
    };
    // from_str: the bytes were validated once already.
    let record = parse_record(&line).map_err(|e| malformed(origin, number, e));
    Some(
        record
            .and_then(|record| draft(origin, number, record))
            .map(|d| Draft { note, ..d }),
    )
}

/// A line longer than a chunk, its longest string decoded in the line's
/// own buffer (see `record_in_buffer`).
pub(in crate::corpus) fn draft_of_long_line(
    origin: &Origin,
    number: usize,
    offset: usize,
    mut line: Vec<u8>,
) -> Option<Result<Draft, LoadWarning>> {
    let offset = if offset == 0 && line.starts_with(BOM) {
        line.drain(..BOM.len());
        BOM.len()
    } else {
        offset
    };
    if let Err(w) = blank_or_binary(origin, number, offset, &line)? {
        return Some(Err(w));
    }
    // Checked as the buffer it is (not as a slice, then again to own it).
    let (line, note) = match String::from_utf8(line) {
        Ok(line) => (line, None),
        Err(e) => {
            let at = offset + e.utf8_error().valid_up_to();
            let line = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (line, Some(repaired(at)))
        }
    };
    let whole = 0..line.len();
    let record = record_in_buffer(line, whole).map_err(|e| malformed(origin, number, e));
    Some(
        record
            .and_then(|record| draft(origin, number, record))
            .map(|d| Draft { note, ..d }),
    )
}

/// A JSONL file read whole: decoded as one text (see the module's
/// documentation), then line by line. Byte offsets in its messages are
/// offsets in the decoded text.
pub(super) fn drafts(origin: &Origin, bytes: Vec<u8>) -> Vec<Result<Draft, LoadWarning>> {
    let (text, mut out) = match origin.decode(bytes) {
        Ok(decoded) => decoded,
        Err(skipped) => return skipped,
    };
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        out.extend(draft_of_line(origin, index + 1, offset, line.as_bytes()));
        offset += line.len();
    }
    out
}

fn draft(origin: &Origin, number: usize, record: Record) -> Result<Draft, LoadWarning> {
    draft_of_record(origin, Place::Line(number), number, record)
}

/// `None` for a blank line, a warning for one with a NUL byte (the UTF-8
/// check is the caller's, on a slice or on an owned buffer).
fn blank_or_binary(
    origin: &Origin,
    number: usize,
    offset: usize,
    line: &[u8],
) -> Option<Result<(), LoadWarning>> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(match memchr::memchr(0, line) {
        Some(nul) => Err(Place::Line(number).warning(
            origin,
            format!(
                "binary data (NUL byte at byte {}), line skipped",
                offset + nul
            ),
        )),
        None => Ok(()),
    })
}

/// The note of a line whose damaged UTF-8 was repaired, as a `.json`
/// file's is (`corpus::decode`): the article loads, the bad bytes shown
/// as U+FFFD.
fn repaired(at: usize) -> String {
    format!("invalid UTF-8 at byte {at}; bad bytes shown as \u{FFFD}")
}

fn malformed(origin: &Origin, number: usize, e: impl std::fmt::Display) -> LoadWarning {
    Place::Line(number).warning(origin, format!("malformed JSON: {e}"))
}
