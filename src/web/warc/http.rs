//! An archived HTTP response as a page: the status line and headers read
//! by `httparse`, the body un-chunked (`Transfer-Encoding: chunked`, chunk
//! sizes by `httparse`) and inflated (`Content-Encoding: deflate` here;
//! gzip bodies are inflated by `web::html`, which takes gzip pages), then
//! read by `web::html` with the record's URL and the header's charset.

use super::Record;
use crate::corpus::{Charset, Encoding};
use crate::web::html::{self, PageDraft, PageError};
use std::borrow::Cow;
use std::io::Read;

/// Response headers read at most; a response with more is broken.
const MAX_HEADERS: usize = 256;

/// A body inflated past this is cut there: no news page is larger, and a
/// small record must not become gigabytes.
const MAX_BODY_BYTES: u64 = 64 << 20;

/// Why a response is no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// An ordinary reason (`status not 200`, `not HTML`, `no article
    /// text`): counted in the file's note.
    Counted(String),
    /// A response that cannot be read (headers cut short, a broken
    /// compressed body): a warning of its own.
    Broken(String),
}

/// The page an HTTP response record holds, or why it holds none.
pub fn read_response(record: &Record) -> Result<PageDraft, Skip> {
    read_response_with(record, Charset::Unknown)
}

/// [`read_response`] with the charset the user forced (`--encoding`),
/// which wins over the HTTP header's (`Charset::Unknown`: none forced).
pub fn read_response_with(record: &Record, forced: Charset) -> Result<PageDraft, Skip> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let mut config = httparse::ParserConfig::default();
    // Archives keep what servers sent, including what browsers forgive.
    config
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true);
    let head = match config.parse_response(&mut response, &record.block) {
        Ok(httparse::Status::Complete(head)) => head,
        Ok(httparse::Status::Partial) => {
            return Err(Skip::Broken("HTTP headers cut short".to_string()));
        }
        Err(e) => return Err(Skip::Broken(format!("not an HTTP response ({e})"))),
    };
    if response.code != Some(200) {
        return Err(Skip::Counted("status not 200".to_string()));
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .rev()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = header("content-type");
    let mut params = content_type.as_deref().unwrap_or("").split(';');
    let media = params.next().unwrap_or("").trim();
    // Without a Content-Type the page reader decides: text without an
    // article in it is "no article text".
    if !media.is_empty() && media != "text/html" && media != "application/xhtml+xml" {
        return Err(Skip::Counted("not HTML".to_string()));
    }
    let charset = params
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|label| label.trim().trim_matches(['"', '\'']))
        .find_map(|label| Encoding::for_label(label).ok())
        .map_or(Charset::Unknown, Charset::Declared);
    let charset = match forced {
        Charset::Forced(_) => forced,
        _ => charset,
    };
    let mut body = Cow::Borrowed(&record.block[head..]);
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked"))
        // An archiver that stored the body un-chunked may keep the header.
        && let Some(joined) = dechunk(&body)
    {
        body = Cow::Owned(joined);
    }
    // Codings apply in the order listed: undone last first.
    let codings = header("content-encoding").unwrap_or_default();
    for coding in codings.split(',').map(str::trim).rev() {
        match coding {
            "" | "identity" | "gzip" | "x-gzip" => {}
            "deflate" => body = Cow::Owned(inflate(&body)?),
            other => return Err(Skip::Counted(format!("content-encoding {other}"))),
        }
    }
    let origin = html::Origin {
        url: record.url.as_deref(),
        charset,
    };
    html::read_page(&body, &origin).map_err(|e| match e {
        PageError::NoArticle => Skip::Counted("no article text".to_string()),
        PageError::NotText(_) => Skip::Counted("empty or binary body".to_string()),
        PageError::Gzip { .. } => Skip::Broken(format!("HTTP body: {e}")),
    })
}

/// A chunked body's chunks joined; `None` when the body does not start
/// as a chunked one. A body cut short keeps the chunks it has.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut joined = Vec::with_capacity(body.len());
    let mut rest = body;
    let mut chunks = 0;
    loop {
        let (size_line, size) = match httparse::parse_chunk_size(rest) {
            Ok(httparse::Status::Complete(found)) => found,
            _ if chunks == 0 => return None,
            _ => return Some(joined),
        };
        chunks += 1;
        rest = &rest[size_line..];
        if size == 0 {
            return Some(joined);
        }
        let take = usize::try_from(size).unwrap_or(usize::MAX).min(rest.len());
        joined.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// A `deflate` body: zlib data as the standard says, or raw deflate as
/// some servers send; a body that is neither is broken.
fn inflate(body: &[u8]) -> Result<Vec<u8>, Skip> {
    let mut out = Vec::new();
    let zlib = flate2::bufread::ZlibDecoder::new(body)
        .take(MAX_BODY_BYTES)
        .read_to_end(&mut out);
    if zlib.is_ok() {
        return Ok(out);
    }
    out.clear();
    flate2::bufread::DeflateDecoder::new(body)
        .take(MAX_BODY_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| Skip::Broken(format!("HTTP body: deflate data broken: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const PAGE: &str = "<html><head><title>محادثات أستانا</title></head><body><article><h1>محادثات أستانا</h1>\
        <p>اتفقت الدول الضامنة الثلاث روسيا وتركيا وإيران في ختام الجولة الرابعة من محادثات أستانا على مذكرة لإقامة أربع مناطق لخفض التصعيد في سوريا، وفق ما أعلنه رئيس الوفد الروسي.</p>\
        <p>وقال المبعوث الأممي إن المذكرة خطوة في الاتجاه الصحيح، داعيا الأطراف إلى احترام وقف إطلاق النار وتسهيل وصول المساعدات الإنسانية إلى المناطق المحاصرة.</p>\
        </article></body></html>";

    fn record(head: &str, body: &[u8]) -> Record {
        let mut block = head.replace('\n', "\r\n").into_bytes();
        block.extend_from_slice(b"\r\n");
        block.extend_from_slice(body);
        Record {
            number: 1,
            url: Some("https://news.example/astana".to_string()),
            block,
        }
    }

    /// `body` in two chunks (the first with an extension), a trailer after.
    fn chunked(body: &[u8]) -> Vec<u8> {
        let (a, b) = body.split_at(body.len() / 2);
        let (a_size, b_size) = (
            format!("{:x};ext=1\r\n", a.len()),
            format!("{:X}\r\n", b.len()),
        );
        [
            a_size.as_bytes(),
            a,
            b"\r\n",
            b_size.as_bytes(),
            b,
            b"\r\n0\r\nX-Trailer: 1\r\n\r\n",
        ]
        .concat()
    }

    #[test]
    fn a_page_with_the_records_url() {
        let page = read_response(&record(
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n",
            PAGE.as_bytes(),
        ))
        .unwrap();
        assert_eq!(page.title.as_deref(), Some("محادثات أستانا"));
        assert_eq!(page.url.as_deref(), Some("https://news.example/astana"));
        assert!(
            page.text.starts_with("اتفقت الدول الضامنة"),
            "{}",
            page.text
        );
        assert!(page.notes.is_empty());
    }

    #[test]
    fn chunked_gzip_and_deflate_bodies() {
        let plain = read_response(&record("HTTP/1.1 200 OK\n", PAGE.as_bytes())).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(PAGE.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        zlib.write_all(PAGE.as_bytes()).unwrap();
        let zlib = zlib.finish().unwrap();
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(PAGE.as_bytes()).unwrap();
        let raw = raw.finish().unwrap();
        let cases = [
            ("Transfer-Encoding: chunked\n", chunked(PAGE.as_bytes())),
            (
                "Transfer-Encoding: chunked\nContent-Encoding: gzip\n",
                chunked(&gz),
            ),
            ("Content-Encoding: deflate\n", zlib),
            ("Content-Encoding: deflate\n", raw),
            // Stored un-chunked under the original header.
            ("Transfer-Encoding: chunked\n", PAGE.as_bytes().to_vec()),
        ];
        for (headers, body) in cases {
            let head = format!("HTTP/1.1 200 OK\nContent-Type: text/html\n{headers}");
            assert_eq!(
                read_response(&record(&head, &body)),
                Ok(plain.clone()),
                "{headers}"
            );
        }
    }

    #[test]
    fn the_http_charset_decodes_a_page_that_declares_none() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(PAGE);
        let page = read_response(&record(
            "HTTP/1.0 200 OK\nContent-Type: text/html; charset=\"windows-1256\"\n",
            &bytes,
        ))
        .unwrap();
        assert_eq!(page.notes, ["read as windows-1256 (declared)"]);
        assert_eq!(page.title.as_deref(), Some("محادثات أستانا"));
        // --encoding wins over the header.
        let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(PAGE);
        let forced = Charset::Forced(Encoding::for_label("iso-8859-6").unwrap());
        let record = record(
            "HTTP/1.0 200 OK\nContent-Type: text/html; charset=windows-1256\n",
            &bytes,
        );
        let page = read_response_with(&record, forced).unwrap();
        assert_eq!(page.notes, ["read as ISO-8859-6 (--encoding)"]);
        assert_eq!(page.title.as_deref(), Some("محادثات أستانا"));
    }

    #[test]
    fn what_is_counted_and_what_is_broken() {
        let counted = |head: &str, body: &[u8]| match read_response(&record(head, body)) {
            Err(Skip::Counted(why)) => why,
            other => panic!("{head}: {other:?}"),
        };
        assert_eq!(
            counted("HTTP/1.1 404 Not Found\n", PAGE.as_bytes()),
            "status not 200"
        );
        assert_eq!(
            counted("HTTP/1.1 301 Moved\nLocation: /x\n", b""),
            "status not 200"
        );
        assert_eq!(
            counted("HTTP/1.1 200 OK\nContent-Type: image/png\n", b"\x89PNG\r\n"),
            "not HTML"
        );
        assert_eq!(
            counted(
                "HTTP/1.1 200 OK\nContent-Type: text/html\n",
                b"<html><body><a href=/>x</a></body></html>"
            ),
            "no article text"
        );
        assert_eq!(
            counted("HTTP/1.1 200 OK\nContent-Encoding: br\n", b"\x0b\x02"),
            "content-encoding br"
        );
        let broken = |block: &[u8]| match read_response(&Record {
            number: 1,
            url: None,
            block: block.to_vec(),
        }) {
            Err(Skip::Broken(why)) => why,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            broken(b"HTTP/1.1 200 OK\r\nContent-Type: te"),
            "HTTP headers cut short"
        );
        assert!(broken(b"\x00\x01garbage\r\n\r\n").starts_with("not an HTTP response"));
        assert!(
            broken(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00\x00")
                .starts_with("HTTP body: gzip data broken at byte")
        );
        assert!(
            broken(b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n\xff\xff\xff")
                .starts_with("HTTP body: deflate data broken")
        );
    }
}
