//! The fixture site `astana fetch` is tested on, served by the test server
//! (tests/http) on 127.0.0.1: the Arabic articles of tests/web in their page
//! shapes, an RSS feed in windows-1256, an Atom feed, sitemaps, robots.txt
//! with a Disallow, duplicates, and hostile endpoints.

#![allow(dead_code)] // each test binary uses its own part of the site

#[path = "../web/articles.rs"]
pub mod articles;
#[path = "../web/shapes.rs"]
pub mod shapes;

use crate::http::{Reply, Request, Server};
use articles::ARTICLES;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The test site: `http://127.0.0.1:PORT/...`; links use the Host the
/// client sent, so the server needs no address of its own.
pub fn site() -> Server {
    let flaky = AtomicUsize::new(0);
    let bomb = gzip_bomb();
    Server::start(move |r: &Request| {
        let base = format!("http://{}", r.header("host").unwrap_or("127.0.0.1"));
        let path = r.path.split('?').next().unwrap_or_default();
        if let Some(n) = path
            .strip_prefix("/news/")
            .and_then(|n| n.parse::<usize>().ok())
        {
            return match ARTICLES.get(n) {
                Some(a) => Reply::ok("text/html; charset=utf-8", shapes::wordpress(a).bytes),
                None => Reply::status(404),
            };
        }
        if let Some(n) = path
            .strip_prefix("/amp/")
            .and_then(|n| n.parse::<usize>().ok())
        {
            return Reply::ok("text/html", shapes::amp(&ARTICLES[n]).bytes);
        }
        if let Some(n) = path
            .strip_prefix("/syndicated/")
            .and_then(|n| n.parse::<usize>().ok())
        {
            return Reply::ok("text/html", shapes::wordpress(&reprint(n)).bytes);
        }
        if let Some(n) = path
            .strip_prefix("/chain/")
            .and_then(|n| n.parse::<usize>().ok())
        {
            return if n < 9 {
                Reply::redirect(&format!("/chain/{}", n + 1))
            } else {
                Reply::ok("text/html", shapes::wordpress(&ARTICLES[0]).bytes)
            };
        }
        match path {
            "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/rss.xml" => Reply::ok("application/rss+xml", rss_windows_1256(&base)),
            "/atom.xml" => Reply::ok("application/atom+xml", atom(&base)),
            "/sitemap.xml" => Reply::ok(
                "application/xml",
                urlset(&[format!("{base}/news/4"), format!("{base}/news/5")]),
            ),
            "/all.xml" => Reply::ok(
                "application/xml",
                urlset(
                    &(0..ARTICLES.len())
                        .map(|n| format!("{base}/news/{n}"))
                        .collect::<Vec<_>>(),
                ),
            ),
            "/news-sitemap.xml" => Reply::ok("application/xml", news_sitemap(&base)),
            "/sitemap-index.xml" => Reply::ok(
                "application/xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap.xml</loc></sitemap><sitemap><loc>{base}/news-sitemap.xml</loc></sitemap>
</sitemapindex>"#
                ),
            ),
            "/conditional.xml" => {
                if r.header("if-none-match") == Some("\"v1\"") {
                    Reply::Full {
                        status: 304,
                        headers: vec![("ETag".into(), "\"v1\"".into())],
                        body: Vec::new(),
                    }
                } else {
                    Reply::ok("application/atom+xml", atom(&base))
                        .with_header("ETag", "\"v1\"")
                        .with_header("Last-Modified", "Thu, 04 May 2017 15:00:00 GMT")
                }
            }
            "/private/2" => Reply::ok("text/html", shapes::wordpress(&ARTICLES[2]).bytes),
            "/slow" => Reply::Trickle {
                interval: Duration::from_millis(100),
                bytes: 1000,
            },
            "/loop/a" => Reply::redirect("/loop/b"),
            "/loop/b" => Reply::redirect(&format!("{base}/loop/a")),
            "/big" => Reply::Large {
                bytes: 60 * 1000 * 1000,
                announced: true,
            },
            "/big-unannounced" => Reply::Large {
                bytes: 60 * 1000 * 1000,
                announced: false,
            },
            "/bomb" => Reply::ok("text/html", bomb.clone()).with_header("Content-Encoding", "gzip"),
            "/flaky" => {
                if flaky.fetch_add(1, Ordering::SeqCst) == 0 {
                    Reply::status(500)
                } else {
                    Reply::ok("text/html", shapes::wordpress(&ARTICLES[7]).bytes)
                }
            }
            "/down" => Reply::status(503),
            "/broken.xml" => Reply::ok(
                "application/rss+xml",
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>مقطوع</title><link>/news/1</li",
            ),
            _ => Reply::status(404),
        }
    })
}

/// Article `n` as another outlet reprints it: the same text under its own
/// address.
pub fn reprint(n: usize) -> articles::Article {
    articles::Article {
        source: "وكالة الأنباء الإقليمية",
        host: "regional-wire.example",
        path: "/reprints/astana",
        ..ARTICLES[n]
    }
}

/// An RSS 2.0 feed declared and encoded as windows-1256, as older Arabic
/// CMSs still serve: a tracking-parameter link, a page robots.txt
/// disallows, and a link that is not found.
fn rss_windows_1256(base: &str) -> Vec<u8> {
    let item = |title: &str, link: String| {
        format!(
            "<item><title>{title}</title><link>{link}</link><description>ملخص</description><pubDate>Thu, 04 May 2017 10:30:00 +0300</pubDate></item>\n"
        )
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"windows-1256\"?>\n<rss version=\"2.0\"><channel><title>أخبار أستانا</title><link>{base}/</link><description>آخر الأخبار</description>\n{}{}{}{}</channel></rss>",
        item(
            ARTICLES[0].title,
            format!("{base}/news/0?utm_source=rss&amp;utm_medium=feed")
        ),
        item(ARTICLES[1].title, format!("{base}/news/1")),
        item(ARTICLES[2].title, format!("{base}/private/2")),
        item("صفحة محذوفة", format!("{base}/news/99")),
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&xml);
    assert!(!unmappable);
    bytes.into_owned()
}

/// An Atom feed: the RSS feed's second item again (with a fragment), the
/// AMP version of its first, a new article and its reprint.
fn atom(base: &str) -> String {
    let entry = |title: &str, link: String| {
        format!(
            "<entry><title>{title}</title><id>{link}</id><link href=\"{link}\"/><updated>2017-05-04T10:30:00Z</updated><summary>ملخص</summary></entry>\n"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>الرافدين</title><id>{base}/</id><updated>2017-05-04T10:30:00Z</updated>\n{}{}{}{}</feed>",
        entry(ARTICLES[1].title, format!("{base}/news/1#comments")),
        entry(ARTICLES[0].title, format!("{base}/amp/0")),
        entry(ARTICLES[3].title, format!("{base}/news/3")),
        entry(ARTICLES[3].title, format!("{base}/syndicated/3")),
    )
}

fn urlset(urls: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str(&format!(
            "<url><loc>{url}</loc><lastmod>2017-07-05</lastmod></url>\n"
        ));
    }
    xml + "</urlset>"
}

fn news_sitemap(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/news/6</loc><news:news><news:publication><news:name>وكالة الأنباء</news:name><news:language>ar</news:language></news:publication><news:publication_date>2017-09-15T12:00:00+03:00</news:publication_date><news:title>{}</news:title></news:news></url>
</urlset>"#,
        ARTICLES[6].title
    )
}

/// 200 MB of zeros in about 200 KB: one gzip member of a megabyte of
/// zeros, repeated (a reader of concatenated members inflates them all).
fn gzip_bomb() -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = encoder.finish().unwrap();
    member.repeat(200)
}
