//! JSON records (the elements of a `.json` array, the lines of a JSONL
//! file) and `.json` files.

use super::{Draft, Origin, Place, Shape};
use crate::corpus::{ArticleMeta, LoadWarning, clip_title, json_text};
use rayon::prelude::*;
use serde::Deserialize;
use std::ops::Range;

/// A JSON value that may be written as a string or a number (ids,
/// dates), kept raw: a number is taken as written (`1e400`, an id of 30
/// digits), never through a float.
type Scalar = Box<serde_json::value::RawValue>;

/// The text of `field`'s value: a string's contents, a number as written.
fn scalar_text(field: &str, raw: &serde_json::value::RawValue) -> Result<String, String> {
    let json = raw.get();
    match json.as_bytes().first() {
        Some(b'"') => serde_json::from_str(json).map_err(|e| e.to_string()),
        Some(b'-' | b'0'..=b'9') => Ok(json.to_string()),
        _ => Err(format!("\"{field}\" is not a string or a number")),
    }
}

/// A record of a JSON or JSONL file: a JSON object, nothing else (serde
/// would read an array of eight values as the fields in order).
pub(in crate::corpus) fn parse_record(json: &str) -> Result<Record, String> {
    if !json.trim_start().starts_with('{') {
        return Err("a record is a JSON object ({\"text\": ...})".into());
    }
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// One record of a JSON or JSONL file. (`T`: a raw JSON value for a
/// record whose longest string is decoded in place, see `record_in_buffer`.)
#[derive(Default, Deserialize)]
pub(in crate::corpus) struct Record<T = String> {
    text: Option<T>,
    body: Option<T>,
    content: Option<T>,
    id: Option<Scalar>,
    title: Option<T>,
    date: Option<Scalar>,
    source: Option<String>,
    url: Option<String>,
}

/// The draft of record `place` (number `number` in its file), or why it
/// cannot be one.
pub(in crate::corpus) fn draft_of_record(
    origin: &Origin,
    place: Place,
    number: usize,
    record: Record,
) -> Result<Draft, LoadWarning> {
    let Some(text) = [record.text, record.body, record.content]
        .into_iter()
        .flatten()
        .find(|t| !t.trim().is_empty())
    else {
        return Err(place.warning(
            origin,
            "record has no text (expected a non-empty \"text\", \"body\" or \"content\")",
        ));
    };
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let scalar = |field: &str, raw: Option<Scalar>| {
        raw.map(|raw| scalar_text(field, &raw))
            .transpose()
            .map_err(|message| place.warning(origin, message))
    };
    let id = scalar("id", record.id)?;
    let date = scalar("date", record.date)?;
    Ok(Draft {
        note: None,
        place,
        id: non_empty(id).unwrap_or_else(|| format!("{}:{number}", origin.stem)),
        title: record.title.filter(|t| !t.trim().is_empty()),
        title_of_line: clip_title,
        text,
        meta: ArticleMeta {
            date: non_empty(date),
            source: non_empty(record.source),
            url: non_empty(record.url),
            ..Default::default()
        },
        shape: Shape::Record,
    })
}

/// The record `buffer[record]` with its longest string field decoded in
/// the buffer itself, which becomes that string (the other fields are
/// decoded as usual): a record of 50 MB is not held twice, as serde_json,
/// which copies every string it returns, would hold it.
pub(in crate::corpus) fn record_in_buffer(
    buffer: String,
    record: Range<usize>,
) -> Result<Record, String> {
    use serde_json::value::RawValue;
    let json = &buffer[record];
    if !json.trim_start().starts_with('{') {
        return parse_record(json).map(|_| Record::default());
    }
    let raw: Record<&RawValue> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let fields = [raw.text, raw.body, raw.content, raw.title];
    let longest = (0..fields.len())
        .max_by_key(|&i| fields[i].map_or(0, |v| v.get().len()))
        .unwrap_or_default();
    let mut strings: [Option<String>; 4] = Default::default();
    for (i, field) in fields.iter().enumerate() {
        if i != longest
            && let Some(value) = field
        {
            strings[i] = Some(serde_json::from_str(value.get()).map_err(|e| e.to_string())?);
        }
    }
    // The longest literal's place in the buffer (it is a slice of it).
    let literal = fields[longest].map(|v| {
        let start = v.get().as_ptr() as usize - buffer.as_ptr() as usize;
        start..start + v.get().len()
    });
    let Record {
        id,
        date,
        source,
        url,
        ..
    } = raw;
    if let Some(literal) = literal {
        strings[longest] = Some(json_text::decode_in_place(buffer.into_bytes(), literal)?);
    }
    let [text, body, content, title] = strings;
    Ok(Record {
        text,
        body,
        content,
        id,
        title,
        date,
        source,
        url,
    })
}

/// A `.json` file: an array of records, each a draft or a warning.
pub(super) fn drafts(origin: &Origin, bytes: Vec<u8>) -> Vec<Result<Draft, LoadWarning>> {
    let (text, mut out) = match origin.decode(bytes) {
        Ok(decoded) => decoded,
        Err(skipped) => return skipped,
    };
    if crate::web::feed::is_json_feed(&text) {
        out.extend(super::feed::drafts_of_text(origin, &text));
        return out;
    }
    // The records as slices of the text first: the longest, when longer
    // than a JSONL chunk, is then decoded in the text's own buffer once
    // the others are read (see `record_in_buffer`).
    let spans: Vec<Range<usize>> =
        match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(&text) {
            Ok(raws) => raws
                .iter()
                .map(|r| {
                    let start = r.get().as_ptr() as usize - text.as_ptr() as usize;
                    start..start + r.get().len()
                })
                .collect(),
            Err(e) => {
                out.push(Err(LoadWarning::new(
                    &origin.display,
                    Some(e.line()),
                    format!("not a JSON array of articles: {e}"),
                )));
                return out;
            }
        };
    let longest = (0..spans.len())
        .max_by_key(|&i| spans[i].len())
        .filter(|&i| spans[i].len() > crate::corpus::load::CHUNK_BYTES);
    let mut records: Vec<Result<Record, String>> = spans
        .par_iter()
        .enumerate()
        .map(|(i, span)| match longest {
            Some(l) if l == i => Ok(Record::default()),
            _ => parse_record(&text[span.clone()]).map_err(without_position),
        })
        .collect();
    if let Some(l) = longest {
        records[l] = record_in_buffer(text, spans[l].clone()).map_err(without_position);
    } else {
        drop(text);
    }
    out.extend(records.into_iter().enumerate().map(|(index, record)| {
        let number = index + 1;
        let place = Place::Record(number);
        record
            .map_err(|message| place.warning(origin, message))
            .and_then(|record| draft_of_record(origin, place, number, record))
    }));
    out
}

/// A serde_json message without its "at line L column C": in a record
/// parsed on its own, that place is in the record, not in the file.
fn without_position(message: String) -> String {
    match message.rsplit_once(" at line ") {
        Some((head, place))
            if place
                .split_once(" column ")
                .is_some_and(|(l, c)| l.parse::<u64>().is_ok() && c.parse::<u64>().is_ok()) =>
        {
            head.to_string()
        }
        _ => message,
    }
}
