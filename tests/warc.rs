//! Web archives (`.warc`, `.warc.gz`) on files the tests write from the
//! Arabic fixture pages: the HTML pages answered with status 200 load as
//! articles (title, url, text), every other record is counted in one note;
//! a cut `.warc.gz` keeps the records before the cut and says where it
//! broke; a file of garbage is one warning.

#[path = "web/articles.rs"]
#[allow(dead_code)]
mod articles;
#[path = "web/shapes.rs"]
#[allow(dead_code)]
mod shapes;
#[path = "web/warc_writer.rs"]
mod warc_writer;

use articles::ARTICLES;
use astana::corpus::load_paths;
use astana::extract::Extractor;
use encoding_rs::WINDOWS_1256;
use shapes::{Page, gzip};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use warc_writer::{chunked, http, record, request, response};

/// The mixed archive's records, and the pages that must come out of it
/// with the number of the record each is in.
fn mixed() -> (Vec<Vec<u8>>, Vec<(usize, Page)>) {
    let wordpress = shapes::wordpress(&ARTICLES[0]);
    // windows-1256 bytes with no declaration in the page: only the HTTP
    // header names the charset.
    let table = shapes::table_layout(&ARTICLES[8], WINDOWS_1256, false);
    let graph = shapes::graph_site(&ARTICLES[2]);
    let table_url = table.page_url.clone().unwrap();
    let home = "<html dir=\"rtl\"><body><ul><li><a href=\"/1\">أستانا</a></li><li><a href=\"/2\">سوريا</a></li></ul></body></html>";
    let records = vec![
        record(
            "warcinfo",
            1,
            None,
            "application/warc-fields",
            b"software: astana-tests\r\nformat: WARC File Format 1.1\r\n",
        ),
        request(2, "https://a.example/wp"),
        response(
            3,
            "https://a.example/wp",
            &http(
                "200 OK",
                &["Content-Type: text/html; charset=UTF-8", "Server: nginx"],
                &wordpress.bytes,
            ),
        ),
        record(
            "metadata",
            4,
            Some("https://a.example/wp"),
            "application/warc-fields",
            b"fetchTimeMs: 120\r\n",
        ),
        request(5, "https://a.example/gone"),
        response(
            6,
            "https://a.example/gone",
            &http(
                "404 Not Found",
                &["Content-Type: text/html"],
                "<html><body><h1>الصفحة غير موجودة</h1><p>ربما تم نقل الصفحة أو حذفها من الموقع.</p></body></html>".as_bytes(),
            ),
        ),
        response(
            7,
            "https://a.example/logo.png",
            &http("200 OK", &["Content-Type: image/png"], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ),
        record(
            "revisit",
            8,
            Some("https://a.example/wp"),
            "application/http; msgtype=response",
            &http("200 OK", &["Content-Type: text/html"], b""),
        ),
        response(
            9,
            &table_url,
            &http(
                "200 OK",
                &["Content-Type: text/html; charset=windows-1256"],
                &table.bytes,
            ),
        ),
        response(
            10,
            "https://c.example/graph",
            &http(
                "200 OK",
                &[
                    "Content-Type: text/html; charset=utf-8",
                    "Content-Encoding: gzip",
                    "Transfer-Encoding: chunked",
                ],
                &chunked(&gzip(&graph.bytes), 500),
            ),
        ),
        response(
            11,
            "https://a.example/",
            &http("200 OK", &["Content-Type: text/html"], home.as_bytes()),
        ),
    ];
    (records, vec![(3, wordpress), (9, table), (10, graph)])
}

const MIXED_NOTES: [&str; 2] = [
    "8 records skipped: 1 warcinfo, 2 request, 1 metadata, 1 revisit, 1 status not 200, 1 not HTML, 1 no article text",
    "1 page read as windows-1256 (declared)",
];

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn astana(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(args)
        .output()
        .unwrap()
}

/// `astana list --json FILE`, which must succeed.
fn list_json(file: &str) -> Output {
    let out = astana(&["list", "--json", file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn pages_of_a_warc_and_a_warc_gz_load_with_their_titles_urls_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let (records, pages) = mixed();
    let plain = write(dir.path(), "plain.warc", &records.concat());
    let members = write(
        dir.path(),
        "members.warc.gz",
        &warc_writer::gzip_members(&records),
    );
    for path in [&plain, &members] {
        let stem = if path == &plain { "plain" } else { "members" };
        let shown = path.to_str().unwrap();
        let out = list_json(shown);
        let want: Vec<String> = MIXED_NOTES
            .iter()
            .map(|n| format!("astana: warning: {shown}: {n}"))
            .collect();
        assert_eq!(stderr_lines(&out), want);
        let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), pages.len());
        for (got, (number, page)) in listed.iter().zip(&pages) {
            assert_eq!(got["id"], format!("{stem}:{number}"));
            assert_eq!(got["title"], page.title.as_str(), "{}", page.name);
            assert_eq!(got["url"].as_str(), page.url.as_deref(), "{}", page.name);
            assert_eq!(got["date"].as_str(), page.date.as_deref(), "{}", page.name);
            assert_eq!(
                got["source"].as_str(),
                page.source.as_deref(),
                "{}",
                page.name
            );
            assert_eq!(got["path"], shown);
        }
        // The text, through the library.
        let corpus = load_paths(std::slice::from_ref(path), &Extractor::builtin(), None).unwrap();
        for (article, (_, page)) in corpus.articles.iter().zip(&pages) {
            assert_eq!(&*article.text, page.text, "{}", page.name);
        }
    }
    // The page whose charset only the HTTP header gives keeps the record's
    // address: the page states none.
    assert_eq!(pages[1].1.url, pages[1].1.page_url);
}

#[test]
fn a_cut_warc_gz_keeps_the_records_before_the_cut_and_names_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (records, pages) = mixed();
    let before: usize = warc_writer::gzip_members(&records[..9]).len();
    let tenth = gzip(&records[9]).len();
    let cut = before + tenth / 2;
    let bytes = warc_writer::gzip_members(&records);
    let path = write(dir.path(), "cut.warc.gz", &bytes[..cut]);
    let shown = path.to_str().unwrap();
    let out = list_json(shown);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [pages[0].1.title.as_str(), pages[1].1.title.as_str()]
    );
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    let prefix = format!("astana: warning: {shown}: gzip data broken at byte ");
    let broken = lines[0]
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{lines:?}"));
    let offset: usize = broken.split(':').next().unwrap().parse().unwrap();
    assert!(
        offset > before && offset <= cut,
        "{offset} not in {before}..={cut}"
    );
    assert!(
        broken.ends_with("; the 9 records before it are read"),
        "{broken}"
    );
    assert_eq!(
        lines[1],
        format!(
            "astana: warning: {shown}: 7 records skipped: 1 warcinfo, 2 request, 1 metadata, 1 revisit, 1 status not 200, 1 not HTML"
        )
    );
}

#[test]
fn garbage_named_warc_gz_is_one_warning_and_no_article() {
    let dir = tempfile::tempdir().unwrap();
    // Bytes of a pseudo-random sequence, and the same after gzip's magic.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let mut magic = vec![0x1f, 0x8b];
    magic.extend_from_slice(&noise);
    write(dir.path(), "junk.warc.gz", &noise);
    write(dir.path(), "magic.warc.gz", &magic);
    let out = astana(&["list", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    let junk = dir.path().join("junk.warc.gz");
    let magic = dir.path().join("magic.warc.gz");
    assert_eq!(
        lines[0],
        format!(
            "astana: warning: {}: not read as a web archive: no WARC record at byte 0, skipped",
            junk.display()
        )
    );
    assert!(
        lines[1].starts_with(&format!(
            "astana: warning: {}: not read as a web archive: gzip data broken at byte",
            magic.display()
        )),
        "{lines:?}"
    );
    let error = lines.last().unwrap();
    let named = format!(
        "astana: error: no articles found in {}: 2 files skipped ({}: not read as a web archive: no WARC record at byte 0; {}: not read as a web archive: gzip data broken at byte",
        dir.path().display(),
        junk.display(),
        magic.display()
    );
    assert!(error.starts_with(&named), "{error}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Random bytes, and the mixed archive (plain or gzip) cut anywhere or
    /// with random bytes spliced in, are read without a panic; every
    /// response read is made a page or a reason.
    #[test]
    fn nothing_panics_on_random_cut_or_spliced_archives(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
        cut in 0usize..1_000_000,
        splice in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        gzipped in proptest::prelude::any::<bool>(),
    ) {
        use astana::web::warc::{Entry, Records, read_response};
        let (records, _) = mixed();
        let mut archive = if gzipped {
            warc_writer::gzip_members(&records)
        } else {
            records.concat()
        };
        let at = cut % archive.len();
        let mut spliced = archive.clone();
        spliced.splice(at..at, splice);
        archive.truncate(at);
        for input in [bytes, archive, spliced] {
            for entry in Records::new(&input[..]).unwrap() {
                match entry {
                    Ok(Entry::Response(record)) => {
                        let _ = read_response(&record);
                    }
                    Ok(Entry::Other(_)) => {}
                    Err(_) => break,
                }
            }
        }
    }
}
