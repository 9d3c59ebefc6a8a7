//! Writes a `.warc.gz` of N pages made from the twenty Arabic fixture pages
//! of tests/web, in CC-NEWS's layout: a `warcinfo` record, then per page a
//! `request`, a `response` (status 200; every third body chunked and
//! gzip-encoded, the fixture kept gzip-compressed sent gzip-encoded) and a `metadata` record, each record its own gzip member.
//! For measuring the load of a large archive (docs/PERFORMANCE.md):
//!
//!     cargo run --release --example warc_archive -- /tmp/pages.warc.gz 10000
//!
//! A third argument adds an `image/png` response of that many KiB (of
//! zeros: they compress to almost nothing) beside every page.

#[path = "../tests/web/articles.rs"]
#[allow(dead_code)]
mod articles;
#[path = "../tests/web/shapes.rs"]
#[allow(dead_code)]
mod shapes;
#[path = "../tests/web/warc_writer.rs"]
#[allow(dead_code)]
mod warc_writer;

use std::io::Write;
use warc_writer::{chunked, http, record, request, response};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(out), pages) = (args.next(), args.next()) else {
        eprintln!("usage: warc_archive OUT.warc.gz [PAGES, default 10000] [IMAGE_KIB]");
        std::process::exit(2);
    };
    let pages: usize = pages.map_or(10_000, |n| n.parse().expect("PAGES: a number"));
    // Optional: an image response of this many KiB beside every page, to
    // show that records read past cost no memory.
    let image_kib: usize = args
        .next()
        .map_or(0, |n| n.parse().expect("IMAGE_KIB: a number"));
    let image = vec![0u8; image_kib << 10];
    let fixtures = shapes::fixtures();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let mut number = 1;
    let mut put = |bytes: Vec<u8>, number: &mut usize| -> std::io::Result<()> {
        *number += 1;
        file.write_all(&shapes::gzip(&bytes))
    };
    put(
        record(
            "warcinfo",
            number,
            None,
            "application/warc-fields",
            b"software: astana warc_archive example\r\n",
        ),
        &mut number,
    )?;
    for i in 0..pages {
        let page = &fixtures[i % fixtures.len()];
        let uri = format!("https://archive.example/{i}/{}", i % fixtures.len());
        put(request(number, &uri), &mut number)?;
        // The fixture stored gzip-compressed is sent as it is, encoded.
        let gzipped = page.bytes.starts_with(&[0x1f, 0x8b]);
        let block = if i % 3 == 2 || gzipped {
            let body = if gzipped {
                page.bytes.clone()
            } else {
                shapes::gzip(&page.bytes)
            };
            let mut headers = vec!["Content-Type: text/html", "Content-Encoding: gzip"];
            if i % 3 == 2 {
                headers.push("Transfer-Encoding: chunked");
            }
            let body = if i % 3 == 2 {
                chunked(&body, 4096)
            } else {
                body
            };
            http("200 OK", &headers, &body)
        } else {
            http("200 OK", &["Content-Type: text/html"], &page.bytes)
        };
        put(response(number, &uri, &block), &mut number)?;
        if image_kib > 0 {
            let block = http("200 OK", &["Content-Type: image/png"], &image);
            put(response(number, &format!("{uri}.png"), &block), &mut number)?;
        }
        put(
            record(
                "metadata",
                number,
                Some(&uri),
                "application/warc-fields",
                b"fetchTimeMs: 120\r\ncharset-detected: UTF-8\r\n",
            ),
            &mut number,
        )?;
    }
    file.flush()?;
    let size = std::fs::metadata(&out)?.len();
    println!("{out}: {pages} pages, {} records, {size} bytes", number - 1);
    Ok(())
}
