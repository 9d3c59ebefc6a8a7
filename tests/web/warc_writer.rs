//! Writing web archives for the tests and the benchmark generator: WARC
//! records around HTTP requests and responses, each record its own gzip
//! member in a `.warc.gz`, as CC-NEWS writes them.

/// A WARC record: its header block (type, target, date, length), then
/// `block` and the two line ends that close it.
pub fn record(
    kind: &str,
    number: usize,
    uri: Option<&str>,
    content_type: &str,
    block: &[u8],
) -> Vec<u8> {
    let mut head = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2017-05-04T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{number:012}>\r\n"
    );
    if let Some(uri) = uri {
        head.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
    }
    head.push_str(&format!(
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    ));
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response: status line, headers (`Name: value` each), body.
pub fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for header in headers {
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

pub fn response(number: usize, uri: &str, http: &[u8]) -> Vec<u8> {
    record(
        "response",
        number,
        Some(uri),
        "application/http; msgtype=response",
        http,
    )
}

pub fn request(number: usize, uri: &str) -> Vec<u8> {
    let path = uri.splitn(4, '/').nth(3).unwrap_or("");
    let block = format!("GET /{path} HTTP/1.1\r\nHost: example\r\nAccept-Encoding: gzip\r\n\r\n");
    record(
        "request",
        number,
        Some(uri),
        "application/http; msgtype=request",
        block.as_bytes(),
    )
}

/// A body in chunks of `size` bytes, with a chunk extension and a trailer.
pub fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size) {
        out.extend_from_slice(format!("{:x};n=1\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\nX-Trailer: end\r\n\r\n");
    out
}

/// Each record its own gzip member.
pub fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    records
        .iter()
        .flat_map(|r| super::shapes::gzip(r))
        .collect()
}
