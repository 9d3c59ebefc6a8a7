//! HTML pages as articles (`astana::web::html`): the public extraction
//! benchmark (ignored: it reads ../shared/benchmarks), Arabic pages in the
//! shapes Arabic news sites use, pages without an article, broken pages and
//! random bytes.

#[path = "web/metric.rs"]
mod metric;

use astana::corpus::{Charset, Encoding};
use astana::web::html::{Origin, PageError, Steps, read_page, read_page_with};
use std::path::Path;
use std::time::Instant;

/// The benchmark: prints precision, recall, F1 and pages per second, with
/// each of the steps around trafilatura left out in turn.
#[test]
#[ignore = "reads ../shared/benchmarks/article-extraction; run with --ignored"]
fn article_extraction_benchmark() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/article-extraction");
    let Ok(truth) = std::fs::read_to_string(dir.join("ground-truth.json")) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let truth: serde_json::Value = serde_json::from_str(&truth).unwrap();
    let truth = truth.as_object().unwrap();
    let mut pages = Vec::new();
    for (sha, entry) in truth {
        let bytes = std::fs::read(dir.join("html").join(format!("{sha}.html.gz"))).unwrap();
        let gold = entry["articleBody"].as_str().unwrap_or("").to_string();
        pages.push((sha.clone(), bytes, gold));
    }
    let runs = [
        ("all steps", Steps::default()),
        (
            "without debris boxes",
            Steps {
                debris_boxes: false,
                ..Steps::default()
            },
        ),
        (
            "without headline start",
            Steps {
                headline_start: false,
                ..Steps::default()
            },
        ),
    ];
    for (name, steps) in runs {
        let mut scores = Vec::new();
        let mut no_article = 0;
        let started = Instant::now();
        for (_, bytes, gold) in &pages {
            let got = match read_page_with(bytes, &Origin::default(), steps) {
                Ok(page) => page.text,
                Err(_) => {
                    no_article += 1;
                    String::new()
                }
            };
            scores.push(metric::page_score(gold, &got));
        }
        let secs = started.elapsed().as_secs_f64();
        let (p, r, f) = metric::prf(&scores);
        println!(
            "{name}: {} pages, precision {p:.3}, recall {r:.3}, F1 {f:.3}, {:.1} pages/s, {no_article} without article",
            pages.len(),
            pages.len() as f64 / secs
        );
        if std::env::var_os("WEB_BENCH_WORST").is_some() {
            let mut worst: Vec<(f64, &str)> = scores
                .iter()
                .zip(&pages)
                .map(|(s, (sha, _, _))| (s[0], sha.as_str()))
                .collect();
            worst.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (tp, sha) in worst.iter().take(15) {
                println!("  {tp:.3} {sha}");
            }
        }
    }
}

#[path = "web/articles.rs"]
mod articles;
#[path = "web/shapes.rs"]
mod shapes;

use articles::ARTICLES;
use encoding_rs::WINDOWS_1256;
use shapes::{Page, fixtures, gzip};

fn read_fixture(page: &Page, steps: Steps) -> Result<astana::web::html::PageDraft, PageError> {
    let origin = Origin {
        url: page.page_url.as_deref(),
        ..Origin::default()
    };
    read_page_with(&page.bytes, &origin, steps)
}

#[test]
fn arabic_pages_yield_their_article_and_its_metadata() {
    let pages = fixtures();
    assert_eq!(pages.len(), 20);
    let mut failures = Vec::new();
    let mut scores = Vec::new();
    for page in &pages {
        let what = format!("{} «{}»", page.name, &page.title);
        let got = match read_fixture(page, Steps::default()) {
            Ok(got) => got,
            Err(e) => {
                failures.push(format!("{what}: {e}"));
                continue;
            }
        };
        let score = metric::page_score(&page.text, &got.text);
        let (_, _, f1) = metric::prf(&[score]);
        scores.push(score);
        if f1 < 0.97 {
            failures.push(format!(
                "{what}: text F1 {f1:.3}\n--- got:\n{}\n--- want:\n{}",
                got.text, page.text
            ));
        }
        // A phrase of the boilerplate that the article also uses («إعلان»
        // in «بإعلانه») is no sign of boilerplate.
        for phrase in shapes::BOILERPLATE
            .iter()
            .filter(|p| !page.text.contains(*p))
        {
            if got.text.contains(phrase) {
                failures.push(format!("{what}: boilerplate «{phrase}» in the text"));
            }
        }
        let fields = [
            ("title", got.title.as_deref(), Some(page.title.as_str())),
            ("date", got.date.as_deref(), page.date.as_deref()),
            ("source", got.source.as_deref(), page.source.as_deref()),
            ("url", got.url.as_deref(), page.url.as_deref()),
        ];
        for (field, got, want) in fields {
            if got != want {
                failures.push(format!("{what}: {field} {got:?}, want {want:?}"));
            }
        }
    }
    let (p, r, f) = metric::prf(&scores);
    println!(
        "Arabic fixtures: precision {p:.3}, recall {r:.3}, F1 {f:.3} over {} pages",
        scores.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What each step around trafilatura adds on the Arabic pages.
#[test]
fn each_arabic_step_helps_on_the_fixtures() {
    let pages = fixtures();
    let score = |steps: Steps| {
        let scores: Vec<_> = pages
            .iter()
            .map(|p| {
                let text = read_fixture(p, steps).map(|d| d.text).unwrap_or_default();
                metric::page_score(&p.text, &text)
            })
            .collect();
        metric::prf(&scores).2
    };
    let all = score(Steps::default());
    let no_boxes = score(Steps {
        debris_boxes: false,
        ..Steps::default()
    });
    let no_headline = score(Steps {
        headline_start: false,
        ..Steps::default()
    });
    println!(
        "Arabic fixtures F1: all steps {all:.3}, without debris boxes {no_boxes:.3}, without headline start {no_headline:.3}"
    );
    assert!(
        all > no_boxes,
        "the debris boxes step adds nothing: {all} vs {no_boxes}"
    );
    assert!(
        all > no_headline,
        "the headline step adds nothing: {all} vs {no_headline}"
    );
}

fn no_article(html: &str) {
    let got = read_page(html.as_bytes(), &Origin::default());
    assert_eq!(got, Err(PageError::NoArticle), "{html}");
    assert_eq!(PageError::NoArticle.to_string(), "no article text found");
}

#[test]
fn a_home_page_a_list_of_links_and_an_error_page_have_no_article() {
    let items: String = ARTICLES
        .iter()
        .map(|a| {
            format!(
                "<div class=\"card\"><h3><a href=\"{}\">{}</a></h3><span>{}</span></div>\n",
                a.path,
                a.title,
                a.written_date(false)
            )
        })
        .collect();
    no_article(&format!(
        "<html dir=\"rtl\"><head><title>الصفحة الرئيسية - المرصد</title></head><body><nav><a href=\"/\">الرئيسية</a> <a href=\"/s\">سوريا</a></nav><main><h2>آخر الأخبار</h2>{items}</main><footer>جميع الحقوق محفوظة</footer></body></html>"
    ));
    let links: String = ARTICLES
        .iter()
        .map(|a| format!("<li><a href=\"{}\">{}</a></li>", a.path, a.title))
        .collect();
    no_article(&format!(
        "<html><body><h1>أرشيف أستانا</h1><ul>{links}</ul></body></html>"
    ));
    no_article(
        "<html><head><title>404 - الصفحة غير موجودة</title></head><body><h1>عذرا، الصفحة غير موجودة</h1><p>ربما تم نقل الصفحة أو حذفها.</p><a href=\"/\">العودة إلى الرئيسية</a></body></html>",
    );
    assert!(matches!(
        read_page(b"", &Origin::default()),
        Err(PageError::NotText(_))
    ));
    no_article("<html><body></body></html>");
}

#[test]
fn a_truncated_gzip_page_names_the_byte_where_it_broke() {
    let page = shapes::wordpress(&ARTICLES[0]);
    let gz = gzip(&page.bytes);
    let cut = &gz[..gz.len() / 2];
    match read_page(cut, &Origin::default()) {
        Err(PageError::Gzip { offset, .. }) => assert!(offset as usize <= cut.len(), "{offset}"),
        other => panic!("{other:?}"),
    }
    // Whole, it reads as the page does.
    let whole = read_page(&gz, &Origin::default()).unwrap();
    assert_eq!(whole.text, page.text);
}

#[test]
fn byte_order_marks_and_http_charsets_decide_the_encoding() {
    let page = shapes::wordpress(&ARTICLES[2]);
    let html = String::from_utf8(page.bytes.clone()).unwrap();
    // UTF-16LE with its BOM (Notepad's "Unicode"), declaring UTF-8 inside.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(html.encode_utf16().flat_map(u16::to_le_bytes));
    let got = read_page(&utf16, &Origin::default()).unwrap();
    assert_eq!(got.text, page.text);
    assert_eq!(got.notes, ["read as UTF-16LE (byte order mark)"]);
    // windows-1256 bytes under a page that claims UTF-8: the HTTP header wins.
    let (bytes, _, _) = WINDOWS_1256.encode(&html);
    let origin = Origin {
        charset: Charset::Declared(Encoding::for_label("windows-1256").unwrap()),
        ..Origin::default()
    };
    let got = read_page(&bytes, &origin).unwrap();
    assert_eq!(got.text, page.text);
    assert_eq!(got.notes, ["read as windows-1256 (declared)"]);
}

#[test]
fn html_paths_are_known_by_their_extensions() {
    use astana::web::html::is_html_path;
    for yes in ["a.html", "b.HTM", "c.xhtml", "d.html.gz", "dir/e.htm.gz"] {
        assert!(is_html_path(Path::new(yes)), "{yes}");
    }
    for no in ["a.txt", "b.gz", "c.html.txt", "htm", "a.json"] {
        assert!(!is_html_path(Path::new(no)), "{no}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any bytes, and any cut of a real page, are read without a panic.
    #[test]
    fn nothing_panics_on_random_or_cut_pages(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
        cut in 0usize..100_000,
        splice in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
    ) {
        let _ = read_page(&bytes, &Origin::default());
        let mut page = shapes::graph_site(&ARTICLES[cut % ARTICLES.len()]).bytes;
        let at = cut % page.len();
        page.splice(at..at, splice);
        let _ = read_page(&page, &Origin { url: Some("not a url"), ..Origin::default() });
        let _ = read_page(&gzip(&page)[..at.min(page.len() / 3)], &Origin::default());
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    const DEPTH: usize = 3_000;
    let html = format!(
        "<html><body>{}<p>{}</p></body></html>",
        "<div>".repeat(DEPTH),
        ARTICLES[0].paragraphs[0]
    );
    let _ = read_page(html.as_bytes(), &Origin::default());
}

/// Through the corpus's format seam: `.html`, `.htm` in windows-1256 and
/// `.html.gz` files load as articles with their metadata; a page without an
/// article and a truncated `.gz` are one warning each; the rest loads.
#[test]
fn html_files_load_as_articles_through_the_corpus() {
    use astana::corpus::load_paths;
    use astana::extract::Extractor;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let wp = shapes::wordpress(&ARTICLES[0]);
    let table = shapes::table_layout(&ARTICLES[3], WINDOWS_1256, false);
    let graph = shapes::graph_site(&ARTICLES[2]);
    let paths = [
        write("a-wordpress.html", &wp.bytes),
        write("b-table.htm", &table.bytes),
        write("c-graph.html.gz", &gzip(&graph.bytes)),
        write(
            "d-home.html",
            "<html><body><ul><li><a href=/1>خبر</a></li></ul></body></html>".as_bytes(),
        ),
        write("e-cut.html.gz", &gzip(&wp.bytes)[..200]),
    ];
    let corpus = load_paths(&[dir.path().to_path_buf()], &Extractor::builtin(), None).unwrap();
    let ids: Vec<&str> = corpus.articles.iter().map(|a| &*a.id).collect();
    assert_eq!(ids, ["a-wordpress", "b-table", "c-graph"]);
    let a = &corpus.articles[0];
    assert_eq!(&*a.title, wp.title);
    assert_eq!(&*a.text, wp.text);
    assert_eq!(
        (a.date(), a.source(), a.url()),
        (wp.date.as_deref(), wp.source.as_deref(), wp.url.as_deref())
    );
    assert_eq!(&*corpus.articles[1].text, table.text);
    assert_eq!(&*corpus.articles[2].title, graph.title);
    let warnings: Vec<String> = corpus.warnings.iter().map(|w| w.to_string()).collect();
    let name = |p: &std::path::PathBuf| p.display().to_string();
    assert!(
        warnings.contains(&format!(
            "{}: not UTF-8: read as windows-1256 (detected)",
            name(&paths[1])
        )),
        "{warnings:?}"
    );
    assert!(
        warnings.contains(&format!(
            "{}: no article text found, skipped",
            name(&paths[3])
        )),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(&format!("{}: gzip data broken at byte", name(&paths[4])))),
        "{warnings:?}"
    );
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}

/// A folder where every page was skipped: the error names the files and
/// why, the first five, and counts the rest.
#[test]
fn a_folder_of_pages_without_articles_names_them_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let home = "<html><body><ul><li><a href=/1>خبر</a></li></ul></body></html>";
    for n in 1..=6 {
        std::fs::write(dir.path().join(format!("home-{n}.html")), home).unwrap();
    }
    let cut = gzip(&shapes::wordpress(&ARTICLES[0]).bytes);
    std::fs::write(dir.path().join("z-cut.html.gz"), &cut[..200]).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(["list", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    // Seven warnings, then the error.
    assert_eq!(lines.len(), 8, "{stderr}");
    let path = |name: &str| dir.path().join(name).display().to_string();
    let named: Vec<String> = (1..=5)
        .map(|n| format!("{}: no article text found", path(&format!("home-{n}.html"))))
        .collect();
    assert_eq!(
        lines[7],
        format!(
            "astana: error: no articles found in {}: 7 files skipped ({}; and 2 more)",
            dir.path().display(),
            named.join("; ")
        )
    );
}
