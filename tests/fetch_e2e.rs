//! `astana fetch` as a user runs it: the built binary, the fixture site on
//! 127.0.0.1, a fresh archive in a temporary folder. What is checked is
//! what the user sees (stdout, stderr, exit status) and what the archive
//! holds after, also after the fetch is killed in the middle.

mod fetch_site;
mod http;
mod pty;

use astana::archive::Archive;
use astana::extract::Extractor;
use fetch_site::articles::ARTICLES;
use fetch_site::site;
use http::Server;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn astana() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_astana"));
    // Nothing of the user's machine: no feeds file, no archive.
    command
        .env_remove("ASTANA_ARCHIVE")
        .env("XDG_CONFIG_HOME", "/nonexistent-astana-test")
        .env("XDG_DATA_HOME", "/nonexistent-astana-test")
        .stdin(Stdio::null());
    command
}

fn fetch(server: &Server, paths: &[&str], archive: &Path) -> Output {
    astana()
        .arg("fetch")
        .args(paths.iter().map(|p| server.url(p)))
        .arg("--archive")
        .arg(archive)
        .args(["--host-delay", "0"])
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Titles of the stories, sorted, and the number of articles with copies.
fn stories(archive: &Path) -> (Vec<String>, usize) {
    let mut archive = Archive::open_read_only(archive).unwrap();
    let corpus = archive
        .load_into(false, &Extractor::builtin(), None, &mut ())
        .unwrap();
    let mut titles: Vec<String> = corpus
        .articles
        .iter()
        .map(|a| a.title.to_string())
        .collect();
    titles.sort();
    (titles, archive.article_count().unwrap())
}

fn sorted(titles: &[&str]) -> Vec<String> {
    let mut titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
    titles.sort();
    titles
}

#[test]
fn a_new_user_fetches_two_feeds_into_a_fresh_archive() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive.sqlite3");
    let out = fetch(&server, &["/rss.xml", "/atom.xml"], &archive);
    let base = server.url("");
    assert_eq!(
        text(&out.stdout),
        "fetched 2 sources: 3 new, 1 copy, 2 failed\n"
    );
    assert_eq!(
        text(&out.stderr),
        format!(
            "astana: warning: {base}/private/2: disallowed by robots.txt\n\
             astana: warning: {base}/news/99: HTTP 404\n"
        )
    );
    assert_eq!(out.status.code(), Some(0));
    let (titles, articles) = stories(&archive);
    assert_eq!(
        titles,
        sorted(&[ARTICLES[0].title, ARTICLES[1].title, ARTICLES[3].title])
    );
    assert_eq!(articles, 4, "three stories and the reprint");
    // The next fetch asks for no page the archive has, whatever link led
    // to it (the AMP page, the tracking parameters, the fragment).
    let pages_before = server.requests().len();
    let again = fetch(&server, &["/rss.xml", "/atom.xml"], &archive);
    assert_eq!(
        text(&again.stdout),
        "fetched 2 sources: 0 new, 0 copies, 2 failed\n"
    );
    let asked: Vec<String> = server.requests()[pages_before..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        asked,
        ["/robots.txt", "/rss.xml", "/atom.xml", "/news/99"],
        "feeds in the order given, then the page that failed"
    );
    // What `list` shows of the archive: one row per story, the reprint
    // counted as its copy.
    let list = astana()
        .args(["list", "--json", "--archive"])
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let mut rows: Vec<(String, u64, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["title"].as_str().unwrap().to_string(),
                a["copies"].as_u64().unwrap(),
                a["url"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    let mut expected: Vec<(String, u64, String)> = [(0, 0), (1, 0), (3, 1)]
        .iter()
        .map(|&(n, copies)| (ARTICLES[n].title.to_string(), copies, ARTICLES[n].url()))
        .collect();
    expected.sort();
    assert_eq!(rows, expected);
}

#[test]
fn exit_status_says_whether_the_sources_were_reached() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a.sqlite3");
    let some = fetch(&server, &["/news/3", "/missing"], &archive);
    assert_eq!(some.status.code(), Some(1), "{}", text(&some.stderr));
    assert_eq!(
        text(&some.stdout),
        "fetched 2 sources: 1 new, 0 copies, 1 failed\n"
    );
    let none = fetch(&server, &["/missing", "/broken.xml"], &archive);
    assert_eq!(none.status.code(), Some(2));
    let all = fetch(&server, &["/news/4"], &archive);
    assert_eq!(all.status.code(), Some(0));
}

#[test]
fn without_urls_the_feeds_file_is_read() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config/astana")).unwrap();
    std::fs::write(
        dir.path().join("config/astana/feeds"),
        format!(
            "# Syria\n{} \"~Sitemap\"\n\n# {}\n",
            server.url("/sitemap.xml"),
            server.url("/rss.xml")
        ),
    )
    .unwrap();
    let out = astana()
        .args(["fetch", "--quiet", "--host-delay", "0"])
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("ASTANA_ARCHIVE", dir.path().join("a.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "", "--quiet prints no summary");
    assert!(server.requests_for("/rss.xml").is_empty(), "a comment");
    let (titles, _) = stories(&dir.path().join("a.sqlite3"));
    assert_eq!(titles, sorted(&[ARTICLES[4].title, ARTICLES[5].title]));
}

#[test]
fn without_urls_or_feeds_file_it_says_where_the_file_goes() {
    let out = astana().arg("fetch").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "astana: error: no URL given and no feeds file at /nonexistent-astana-test/astana/feeds (one feed, sitemap or page URL per line)\n"
    );
}

#[test]
fn a_fetch_killed_in_the_middle_leaves_a_sound_archive_the_next_one_completes() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a.sqlite3");
    let mut child = astana()
        .args(["fetch", "--quiet", "--host-delay", "300", "--archive"])
        .arg(&archive)
        .arg(server.url("/all.xml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some articles are in, long before all ten are.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let stored = Archive::open_read_only(&archive)
            .ok()
            .and_then(|a| a.article_count().ok())
            .unwrap_or(0);
        if stored >= 2 {
            break;
        }
        assert!(Instant::now() < deadline, "no article stored in time");
        assert!(child.try_wait().unwrap().is_none(), "ended before the kill");
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let check = |archive: &Path| {
        let conn = rusqlite::Connection::open(archive).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        let (rows, distinct): (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(DISTINCT canonical_url) FROM articles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        (integrity, rows, distinct)
    };
    let (integrity, killed_rows, _) = check(&archive);
    assert_eq!(integrity, "ok");
    assert!(killed_rows < 10, "the kill came after the end");
    let rerun = fetch(&server, &["/all.xml"], &archive);
    assert_eq!(rerun.status.code(), Some(0), "{}", text(&rerun.stderr));
    assert_eq!(check(&archive), ("ok".to_string(), 10, 10));
    let (titles, _) = stories(&archive);
    assert_eq!(
        titles,
        sorted(&ARTICLES.iter().map(|a| a.title).collect::<Vec<_>>())
    );
}

/// For a person trying `astana fetch` by hand: serves the fixture site on
/// 127.0.0.1 and prints its address (`cargo test --test fetch_e2e --
/// --ignored --nocapture serve`), for `ASTANA_SERVE_SECONDS` (default 60).
#[test]
#[ignore = "serves the fixture site for a person; run by hand"]
fn serve_the_fixture_site() {
    let server = site();
    let seconds = std::env::var("ASTANA_SERVE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    println!("fixture site at {}", server.url("/"));
    std::thread::sleep(Duration::from_secs(seconds));
}

/// `R` in the explorer: the feeds file's sources fetched in the background,
/// progress in the status line, then the new articles in the list, the
/// filter and the selected article kept.
#[test]
fn r_in_the_explorer_fetches_the_feeds_file_and_keeps_filter_and_selection() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a.sqlite3");
    let first = fetch(&server, &["/news/3"], &archive);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    std::fs::create_dir_all(dir.path().join("config/astana")).unwrap();
    std::fs::write(
        dir.path().join("config/astana/feeds"),
        format!("{}\n", server.url("/sitemap.xml")),
    )
    .unwrap();
    let mut options = pty::Options::new(120, 30, &["-q", "d:2017"]);
    options
        .env
        .push(("ASTANA_ARCHIVE", archive.display().to_string()));
    options.env.push((
        "XDG_CONFIG_HOME",
        dir.path().join("config").display().to_string(),
    ));
    let mut s = pty::Session::start(options);
    let status = |s: &pty::Session| {
        let (rows, cols) = s.parser.screen().size();
        s.parser
            .screen()
            .contents_between(rows.get() - 1, 0, rows.get() - 1, cols.get())
    };
    s.expect("the archive of one article", |s| {
        status(s).contains(" 1/1 articles · d:2017 · archive 1")
    });
    // The selected article's date is in the article pane's header.
    let selected = ARTICLES[3].iso_day();
    assert!(s.screen_text().contains(&selected), "{}", s.screen_text());
    s.send(b"R");
    s.expect("progress in the status line", |s| {
        status(s).contains("fetching")
    });
    s.expect("the fetch's summary", |s| {
        status(s).contains("fetched 1 source: 2 new, 0 copies, 0 failed")
    });
    // Articles 4 (2017) and 5 (2018) came: the filter keeps 2 of 3.
    let line = status(&s);
    assert!(
        line.contains(" 2/3 articles · d:2017 · archive 3"),
        "{line}"
    );
    assert!(!line.contains("fetching"), "{line}");
    assert!(
        s.screen_text().contains(&selected),
        "the selection stays: {}",
        s.screen_text()
    );
    s.send(b"q");
    s.wait_exit(pty::EXIT_LIMIT).expect("q quits");
}
