//! WARC records read one at a time from a byte stream, plain or gzip (one
//! member per record, as CC-NEWS writes them, or one member for the whole
//! file: `flate2`'s multi-member decoder reads both). Only an HTTP
//! response's block is kept; every other record's block is read past
//! without being held, so memory stays the size of one record.

use flate2::bufread::MultiGzDecoder;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A record's header block longer than this is not a WARC header (real
/// ones are under a kilobyte); reading a garbage file stops here.
const MAX_HEADER_BYTES: u64 = 256 << 10;

/// A response longer than this is no news page: it is read past, not kept.
const MAX_BLOCK_BYTES: u64 = 64 << 20;

/// Buffer sizes for the file and for the inflated stream.
const BUFFER_BYTES: usize = 256 << 10;

/// An HTTP response record: what `read_response` reads a page from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Its place among all the file's records, from 1.
    pub number: usize,
    /// `WARC-Target-URI`: the address the response came from.
    pub url: Option<String>,
    /// The HTTP response: status line, headers, body.
    pub block: Vec<u8>,
}

/// One record of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Response(Record),
    /// Any other record (`warcinfo`, `request`, `metadata`, `revisit`…),
    /// named by the reason it is skipped.
    Other(String),
}

/// Where and why an archive could not be read further. The records read
/// before it stand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Broken {
    /// The byte of the file (compressed, for `.warc.gz`) reading stopped at.
    pub offset: u64,
    /// A sentence naming that byte.
    pub message: String,
}

/// The records of an archive, in order. After a [`Broken`] nothing more
/// is read.
pub struct Records<'r> {
    input: Box<dyn BufRead + Send + 'r>,
    /// Bytes of the file taken so far (by the inflater, for gzip).
    consumed: Arc<AtomicU64>,
    gzip: bool,
    /// Bytes of the (inflated) archive read so far.
    position: u64,
    number: usize,
    done: bool,
}

impl<'r> Records<'r> {
    /// Reads `reader`, inflating it when it starts as gzip does.
    pub fn new(reader: impl Read + Send + 'r) -> io::Result<Records<'r>> {
        let consumed = Arc::new(AtomicU64::new(0));
        let mut file = Counted {
            inner: BufReader::with_capacity(BUFFER_BYTES, reader),
            consumed: Arc::clone(&consumed),
        };
        let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let input: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                BUFFER_BYTES,
                MultiGzDecoder::new(file),
            ))
        } else {
            Box::new(file)
        };
        Ok(Records {
            input,
            consumed,
            gzip,
            position: 0,
            number: 0,
            done: false,
        })
    }

    /// Bytes of the file read so far (for progress).
    pub fn consumed(&self) -> u64 {
        self.consumed.load(Ordering::Relaxed)
    }

    fn entry(&mut self) -> Result<Option<Entry>, Broken> {
        self.skip_line_ends()?;
        let start = self.position;
        let Some(header) = self.header(start)? else {
            return Ok(None);
        };
        self.number += 1;
        let number = self.number;
        let length = header.length.ok_or_else(|| {
            self.broken(format!(
                "record {number}{}: no Content-Length",
                self.record_at(start)
            ))
        })?;
        let kind = header.kind.as_deref().unwrap_or("");
        let http = header
            .content_type
            .as_deref()
            .is_none_or(|t| t.contains("application/http"));
        let skip = match kind {
            "response" if !http => Some("response not HTTP".to_string()),
            "response" if length > MAX_BLOCK_BYTES => {
                Some(format!("response over {} MiB", MAX_BLOCK_BYTES >> 20))
            }
            "response" => None,
            "" => Some("record without WARC-Type".to_string()),
            other => Some(other.to_string()),
        };
        let got = match &skip {
            Some(_) => {
                let mut block = (&mut self.input).take(length);
                io::copy(&mut block, &mut io::sink()).map_err(|e| self.read_error(e))?
            }
            None => {
                // `length` is at most MAX_BLOCK_BYTES.
                let mut block = Vec::with_capacity(length as usize);
                (&mut self.input)
                    .take(length)
                    .read_to_end(&mut block)
                    .map_err(|e| self.read_error(e))?;
                let got = block.len() as u64;
                if got == length {
                    self.position += got;
                    return Ok(Some(Entry::Response(Record {
                        number,
                        url: header.url,
                        block,
                    })));
                }
                got
            }
        };
        self.position += got;
        if got < length {
            let at = self.file_position();
            return Err(Broken {
                offset: at,
                message: format!(
                    "truncated at byte {at}: record {number}{} has {got} of its {length} bytes",
                    self.record_at(start)
                ),
            });
        }
        Ok(skip.map(Entry::Other))
    }

    /// The header block of the record at `start`; `None` at the end.
    fn header(&mut self, start: u64) -> Result<Option<Header>, Broken> {
        let mut block = Vec::new();
        loop {
            let room = MAX_HEADER_BYTES.saturating_sub(block.len() as u64);
            let line_start = block.len();
            let read = (&mut self.input)
                .take(room)
                .read_until(b'\n', &mut block)
                .map_err(|e| self.read_error(e))?;
            self.position += read as u64;
            let line = &block[line_start..];
            if read == 0 && block.is_empty() {
                return Ok(None);
            }
            if line_start == 0 && !line.starts_with(b"WARC/") {
                return Err(self.broken(format!("no WARC record{}", self.record_at(start))));
            }
            if line == b"\r\n" || line == b"\n" {
                break;
            }
            if !line.ends_with(b"\n") {
                let (number, at) = (self.number + 1, self.record_at(start));
                if block.len() as u64 >= MAX_HEADER_BYTES {
                    return Err(self.broken(format!("record {number}{at}: header over 256 KiB")));
                }
                let end = self.file_position();
                return Err(self.broken(format!(
                    "truncated at byte {end}: record {number}{at} ends in its header"
                )));
            }
        }
        Ok(Some(Header::parse(&block)))
    }

    /// Line ends between records: a record ends with two, some writers
    /// put more.
    fn skip_line_ends(&mut self) -> Result<(), Broken> {
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.read_error(e)),
            };
            let ends = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            let all = ends == buf.len();
            self.input.consume(ends);
            self.position += ends as u64;
            if ends == 0 || !all {
                return Ok(());
            }
        }
    }

    /// Where a record starts: ` at byte N` of the file when it is plain,
    /// else of the inflated data.
    fn record_at(&self, at: u64) -> String {
        if self.gzip {
            format!(" at byte {at} of the inflated data")
        } else {
            format!(" at byte {at}")
        }
    }

    /// The byte of the file reached: of the compressed file for gzip.
    fn file_position(&self) -> u64 {
        if self.gzip {
            self.consumed()
        } else {
            self.position
        }
    }

    fn broken(&self, message: String) -> Broken {
        Broken {
            offset: self.file_position(),
            message,
        }
    }

    fn read_error(&self, e: io::Error) -> Broken {
        let at = self.consumed();
        let message = if self.gzip {
            format!("gzip data broken at byte {at}: {e}")
        } else {
            format!("unreadable at byte {at}: {e}")
        };
        Broken {
            offset: at,
            message,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Entry, Broken>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let entry = self.entry();
        self.done = !matches!(entry, Ok(Some(_)));
        entry.transpose()
    }
}

/// The fields of a record's header this reader uses.
#[derive(Debug, Default)]
struct Header {
    /// `WARC-Type`, lower case.
    kind: Option<String>,
    length: Option<u64>,
    url: Option<String>,
    /// The record's `Content-Type`, lower case.
    content_type: Option<String>,
}

impl Header {
    /// Named fields, case-insensitive; a line starting with a space or a
    /// tab continues the field before it; lines without a colon are passed
    /// over.
    fn parse(block: &[u8]) -> Header {
        let text = String::from_utf8_lossy(block);
        let mut fields: Vec<(&str, String)> = Vec::new();
        for line in text.lines().skip(1) {
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                }
            } else if let Some((name, value)) = line.split_once(':') {
                fields.push((name.trim(), value.trim().to_string()));
            }
        }
        let mut header = Header::default();
        for (name, value) in fields {
            match name.to_ascii_lowercase().as_str() {
                "warc-type" => header.kind = Some(value.to_ascii_lowercase()),
                "content-length" => header.length = value.parse().ok(),
                // WARC 1.0's grammar put the address in angle brackets; some
                // writers still do.
                "warc-target-uri" => {
                    let url = value.trim_start_matches('<').trim_end_matches('>');
                    header.url = Some(url.to_string()).filter(|u| !u.is_empty());
                }
                "content-type" => header.content_type = Some(value.to_ascii_lowercase()),
                _ => {}
            }
        }
        header
    }
}

/// A buffered reader that counts the bytes taken from it (by `read` or by
/// `consume`): under the inflater, the bytes of the compressed file read.
struct Counted<B> {
    inner: B,
    consumed: Arc<AtomicU64>,
}

impl<B: BufRead> Read for Counted<B> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<B: BufRead> BufRead for Counted<B> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
        self.consumed.fetch_add(amount as u64, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, url: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn archive() -> Vec<Vec<u8>> {
        vec![
            record(
                "warcinfo",
                "",
                "application/warc-fields",
                b"software: test\r\n",
            ),
            record(
                "request",
                "https://a.example/1",
                "application/http; msgtype=request",
                b"GET /1 HTTP/1.1\r\n\r\n",
            ),
            record(
                "response",
                "<https://a.example/1>",
                "application/http; msgtype=response",
                b"HTTP/1.1 200 OK\r\n\r\n<p>one</p>",
            ),
            record(
                "response",
                "dns:a.example",
                "text/dns",
                b"a.example. 60 IN A 1.2.3.4",
            ),
        ]
    }

    fn read_all(bytes: &[u8]) -> (Vec<Entry>, Option<Broken>) {
        let mut entries = Vec::new();
        for entry in Records::new(bytes).unwrap() {
            match entry {
                Ok(entry) => entries.push(entry),
                Err(broken) => return (entries, Some(broken)),
            }
        }
        (entries, None)
    }

    fn expected() -> Vec<Entry> {
        vec![
            Entry::Other("warcinfo".into()),
            Entry::Other("request".into()),
            Entry::Response(Record {
                number: 3,
                url: Some("https://a.example/1".into()),
                block: b"HTTP/1.1 200 OK\r\n\r\n<p>one</p>".to_vec(),
            }),
            Entry::Other("response not HTTP".into()),
        ]
    }

    #[test]
    fn plain_and_gzip_per_record_and_whole_read_alike() {
        let records = archive();
        let plain = records.concat();
        let per_record: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        let whole = gzip(&plain);
        for bytes in [plain, per_record, whole] {
            assert_eq!(read_all(&bytes), (expected(), None));
        }
    }

    #[test]
    fn a_cut_archive_keeps_the_records_before_the_cut() {
        let records = archive();
        let plain = records.concat();
        let third = records[0].len() + records[1].len();
        for (cut, says) in [
            (third + records[2].len() - 10, "has 23 of its 29 bytes"),
            (third + 40, "ends in its header"),
        ] {
            let (entries, broken) = read_all(&plain[..cut]);
            assert_eq!(entries, expected()[..2]);
            let broken = broken.unwrap();
            assert_eq!(broken.offset, cut as u64);
            assert_eq!(
                broken.message,
                format!("truncated at byte {cut}: record 3 at byte {third} {says}")
            );
        }

        let per_record: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        let cut = per_record.len() - gzip(&records[3]).len() / 2;
        let (entries, broken) = read_all(&per_record[..cut]);
        assert_eq!(entries, expected()[..3]);
        let broken = broken.unwrap();
        assert!(
            broken.message.starts_with("gzip data broken at byte"),
            "{broken}"
        );
        assert!(
            broken.offset <= cut as u64 && broken.offset > 0,
            "{broken:?}"
        );
    }

    #[test]
    fn garbage_is_no_warc_record_at_byte_0() {
        let (entries, broken) = read_all(b"PK\x03\x04 not an archive\n at all");
        assert!(entries.is_empty());
        assert_eq!(broken.unwrap().message, "no WARC record at byte 0");
        let (entries, broken) = read_all(&gzip(b"<html>not an archive</html>"));
        assert!(entries.is_empty());
        assert_eq!(
            broken.unwrap().message,
            "no WARC record at byte 0 of the inflated data"
        );
        assert_eq!(read_all(b""), (vec![], None));
        // Random bytes after gzip's magic.
        let (entries, broken) = read_all(b"\x1f\x8b\x08\x00garbage garbage garbage");
        assert!(entries.is_empty());
        assert!(
            broken
                .unwrap()
                .message
                .starts_with("gzip data broken at byte")
        );
    }

    #[test]
    fn header_lines_fold_and_case_and_missing_length() {
        let header = Header::parse(
            b"WARC/1.1\r\nwarc-type: Response\r\nCONTENT-TYPE: application/http;\r\n msgtype=response\r\nContent-Length: 12\r\nno colon here\r\n\r\n",
        );
        assert_eq!(header.kind.as_deref(), Some("response"));
        assert_eq!(
            header.content_type.as_deref(),
            Some("application/http; msgtype=response")
        );
        assert_eq!(header.length, Some(12));
        let (entries, broken) = read_all(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody");
        assert!(entries.is_empty());
        assert_eq!(
            broken.unwrap().message,
            "record 1 at byte 0: no Content-Length"
        );
    }
}
