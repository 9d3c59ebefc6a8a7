//! Bytes to text: the one place that knows about character encodings.
//!
//! The order, as browsers do it: a byte order mark (UTF-8, UTF-16LE/BE)
//! wins; then an encoding the user forced (`--encoding`); then valid UTF-8,
//! kept in its own buffer (a 50 MB article is not copied); then an encoding
//! the origin declared (an HTTP header's or a page's `charset`); then, for
//! bytes that are not UTF-8, an encoding guessed by `chardetng` (Firefox's
//! detector: it tells windows-1256 from ISO-8859-6 and the other legacy
//! encodings of the web), decoded by `encoding_rs` (Firefox's decoders,
//! the WHATWG labels and tables). A text read as anything but UTF-8 gets a
//! one-line note naming the encoding.

use encoding_rs::{Encoding as Table, UTF_8, UTF_16BE, UTF_16LE};
use std::fmt;

/// A character encoding, by its WHATWG name (`windows-1256`, `UTF-16LE`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Encoding(&'static Table);

impl Encoding {
    /// The encoding a label names (`cp1256`, `arabic`, `utf-16le`... as
    /// browsers accept them), or why there is none.
    pub fn for_label(label: &str) -> Result<Encoding, String> {
        match Table::for_label_no_replacement(label.trim().as_bytes()) {
            Some(table) => Ok(Encoding(table)),
            None => Err(format!(
                "unknown encoding '{}' (try windows-1256, iso-8859-6, utf-16le, utf-16be or utf-8)",
                crate::text::sanitize::visible(label)
            )),
        }
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    fn is_utf16(self) -> bool {
        self.0 == UTF_16LE || self.0 == UTF_16BE
    }
}

impl fmt::Debug for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is known of a file's encoding before its bytes are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Charset {
    /// Nothing: a BOM, UTF-8 or detection decide.
    #[default]
    Unknown,
    /// Declared by where the bytes came from (an HTTP `Content-Type`, a
    /// page's `<meta charset>`): used when the bytes are not UTF-8.
    Declared(Encoding),
    /// Asked for by the user: used unless the bytes start with a BOM.
    Forced(Encoding),
}

/// The encoding an XML declaration at the start of `bytes` names
/// (`<?xml version="1.0" encoding="windows-1256"?>`), if it names one this
/// module knows: the declared charset of a feed.
pub fn xml_declared(bytes: &[u8]) -> Option<Encoding> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = bytes.get(start..)?.strip_prefix(b"<?xml")?;
    let end = memchr::memmem::find(head, b"?>")?;
    let declaration = std::str::from_utf8(&head[..end]).ok()?;
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = after[1..].split(quote).next()?;
    Encoding::for_label(label).ok()
}

/// The outcome of decoding one file.
#[derive(Debug)]
pub enum Decoded {
    /// The text, and notes about how it was read (each one line).
    Text { text: String, notes: Vec<String> },
    /// Not text to load, and why (empty, binary).
    Skipped(String),
}

/// Decodes a whole file's bytes (see the module's documentation for the
/// order of the rules). The bytes become the text without a copy when
/// they are UTF-8.
pub fn decode(mut bytes: Vec<u8>, charset: Charset) -> Decoded {
    let (bom, bom_len) = match Table::for_bom(&bytes) {
        Some((table, len)) => (Some(Encoding(table)), len),
        None => (None, 0),
    };
    let chosen = match (bom, charset) {
        (Some(bom), _) => Some((bom, "byte order mark")),
        (None, Charset::Forced(forced)) => Some((forced, "--encoding")),
        _ => None,
    };
    if let Some((encoding, why)) = chosen {
        if encoding.0 == UTF_8 {
            // In place: the rest of the buffer moves down three bytes.
            bytes.drain(..bom_len);
            return empty_or_binary(&bytes).unwrap_or_else(|| utf8(bytes));
        }
        if !encoding.is_utf16()
            && let Some(skipped) = empty_or_binary(&bytes)
        {
            return skipped;
        }
        let text = transcode(encoding, &bytes[bom_len..]);
        return checked(text, format!("read as {} ({why})", encoding.name()));
    }
    if let Some(skipped) = empty_or_binary(&bytes) {
        return skipped;
    }
    // Checked as the buffer it is: valid, it becomes the text.
    let not_utf8 = match String::from_utf8(bytes) {
        Ok(text) => {
            return Decoded::Text {
                text,
                notes: Vec::new(),
            };
        }
        Err(e) => e,
    };
    let bytes = not_utf8.as_bytes();
    if let Charset::Declared(declared) = charset {
        if declared.0 == UTF_8 {
            return repaired(not_utf8);
        }
        let text = transcode(declared, bytes);
        return checked(text, format!("read as {} (declared)", declared.name()));
    }
    if damaged_utf8(bytes) {
        return repaired(not_utf8);
    }
    // ISO-2022-JP is 7-bit: text that is not UTF-8 cannot be in it.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let detected = Encoding(detector.guess(None, chardetng::Utf8Detection::Deny));
    let text = transcode(detected, bytes);
    checked(
        text,
        format!("not UTF-8: read as {} (detected)", detected.name()),
    )
}

/// Empty (only ASCII whitespace) or binary (a NUL byte): not an article.
fn empty_or_binary(bytes: &[u8]) -> Option<Decoded> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some(Decoded::Skipped("empty file, skipped".into()));
    }
    memchr::memchr(0, bytes)
        .map(|at| Decoded::Skipped(format!("binary file (NUL byte at byte {at}), skipped")))
}

/// UTF-8 bytes as text: in their own buffer when valid, else repaired
/// (bad bytes as U+FFFD) with a note naming the first bad byte.
fn utf8(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text {
            text,
            notes: Vec::new(),
        },
        Err(e) => repaired(e),
    }
}

/// Bytes that are nearly UTF-8, bad bytes shown as U+FFFD.
fn repaired(e: std::string::FromUtf8Error) -> Decoded {
    let valid_up_to = e.utf8_error().valid_up_to();
    Decoded::Text {
        text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
        notes: vec![format!(
            "invalid UTF-8 at byte {valid_up_to}; bad bytes shown as \u{FFFD}"
        )],
    }
}

/// True when bytes that are not UTF-8 are damaged UTF-8 (repaired with
/// U+FFFD) rather than a legacy encoding: when their valid non-ASCII
/// characters are at least as many as their invalid sequences. Arabic in
/// windows-1256 or ISO-8859-6 makes an invalid sequence of nearly every
/// letter and a valid one only by chance (a letter before «،», about one
/// in a hundred); a UTF-8 text with a bad byte is nearly all valid.
fn damaged_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= invalid
}

fn transcode(encoding: Encoding, bytes: &[u8]) -> String {
    // Without BOM handling: the BOM, if any, was read (and cut) already,
    // and a forced encoding must not be overruled by bytes that only look
    // like one in the middle of a file.
    let (text, _had_errors) = encoding.0.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// A decoded text, unless it is empty or binary (checked after decoding
/// for UTF-16, whose every ASCII character holds a NUL byte).
fn checked(text: String, note: String) -> Decoded {
    if text.chars().all(|c| c.is_ascii_whitespace()) {
        return Decoded::Skipped(format!("empty file ({note}), skipped"));
    }
    if let Some(at) = text.find('\0') {
        return Decoded::Skipped(format!(
            "binary file ({note}; NUL character at byte {at} of the text), skipped"
        ));
    }
    Decoded::Text {
        text,
        notes: vec![note],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_and_notes(decoded: Decoded) -> (String, Vec<String>) {
        match decoded {
            Decoded::Text { text, notes } => (text, notes),
            Decoded::Skipped(why) => panic!("skipped: {why}"),
        }
    }

    #[test]
    fn xml_declaration_names_the_encoding() {
        let named = |b: &[u8]| xml_declared(b).map(Encoding::name);
        assert_eq!(
            named(b"\n<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss/>"),
            Some("windows-1256")
        );
        assert_eq!(
            named(b"<?xml version='1.0' encoding = 'cp1256' ?>"),
            Some("windows-1256")
        );
        assert_eq!(named(b"<?xml version=\"1.0\"?><rss/>"), None);
        assert_eq!(named(b"<rss encoding=\"windows-1256\"/>"), None);
        assert_eq!(named(b"<?xml encoding=\"klingon\"?>"), None);
    }

    #[test]
    fn valid_utf8_keeps_its_buffer() {
        let bytes = "أستانا 6".as_bytes().to_vec();
        let at = bytes.as_ptr();
        let (text, notes) = text_and_notes(decode(bytes, Charset::Unknown));
        assert_eq!(text, "أستانا 6");
        assert_eq!(text.as_ptr(), at, "the bytes became the text");
        assert!(notes.is_empty());
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_are_repaired_not_redetected() {
        let mut bytes = "مباحثات أستانا تنتهي ببيان ختامي".as_bytes().to_vec();
        bytes.splice(6..6, [0xff, 0xfe]);
        let (text, notes) = text_and_notes(decode(bytes, Charset::Unknown));
        assert!(text.starts_with("مبا\u{FFFD}\u{FFFD}حثات"), "{text}");
        assert_eq!(
            notes,
            ["invalid UTF-8 at byte 6; bad bytes shown as \u{FFFD}"]
        );
    }

    #[test]
    fn windows_1256_is_detected() {
        let arabic = "وقالت الدول الضامنة، روسيا وتركيا وإيران، في بيان مشترك إن الجولة المقبلة ستعقد في أستانا.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
        let (text, notes) = text_and_notes(decode(bytes.into_owned(), Charset::Unknown));
        assert_eq!(text, arabic);
        assert_eq!(notes, ["not UTF-8: read as windows-1256 (detected)"]);
    }

    #[test]
    fn a_declared_charset_is_used_for_bytes_that_are_not_utf8() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("إيران");
        let declared = Charset::Declared(Encoding::for_label("cp1256").unwrap());
        let (text, notes) = text_and_notes(decode(bytes.into_owned(), declared));
        assert_eq!(text, "إيران");
        assert_eq!(notes, ["read as windows-1256 (declared)"]);
        // Valid UTF-8 stays UTF-8 whatever the declaration.
        let (text, notes) = text_and_notes(decode("إيران".into(), declared));
        assert_eq!((text.as_str(), notes.len()), ("إيران", 0));
    }

    #[test]
    fn a_bom_wins_over_a_forced_encoding() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("روسيا".encode_utf16().flat_map(u16::to_le_bytes));
        let forced = Charset::Forced(Encoding::for_label("windows-1256").unwrap());
        let (text, notes) = text_and_notes(decode(bytes, forced));
        assert_eq!(text, "روسيا");
        assert_eq!(notes, ["read as UTF-16LE (byte order mark)"]);
    }

    #[test]
    fn empty_and_binary_files_are_skipped_in_any_encoding() {
        for (bytes, why) in [
            (b"  \n".to_vec(), "empty file"),
            (b"ab\0c".to_vec(), "NUL byte at byte 2"),
            (vec![0xFF, 0xFE, b' ', 0, b'\n', 0], "empty file"),
            (vec![0xFE, 0xFF, 0, 0, 0, b'a'], "NUL character at byte 0"),
        ] {
            match decode(bytes, Charset::Unknown) {
                Decoded::Skipped(message) => assert!(message.contains(why), "{message}"),
                Decoded::Text { text, .. } => panic!("{text:?} was not skipped"),
            }
        }
    }

    #[test]
    fn labels_are_checked() {
        assert_eq!(
            Encoding::for_label(" Arabic ").unwrap().name(),
            "ISO-8859-6"
        );
        assert!(Encoding::for_label("klingon").is_err());
        // The "replacement" encoding is not one a user can mean.
        assert!(Encoding::for_label("iso-2022-kr").is_err());
    }
}
