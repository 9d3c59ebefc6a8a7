//! `astana::fetch` against a site served on 127.0.0.1 by the test server
//! (tests/http): Arabic pages in the shapes of tests/web, an RSS feed in
//! windows-1256, an Atom feed, sitemaps, robots.txt, duplicates, and
//! hostile endpoints. Timeouts and pauses are shortened so the tests run
//! fast; what each test checks is what a user would see: the articles kept,
//! the warnings, the summary, the exit status, and what the server saw.

mod fetch_site;
mod http;

use astana::fetch::{self, Added, MemoryStore, Options, Tally};
use fetch_site::articles::ARTICLES;
use fetch_site::site;
use http::Server;
use std::time::{Duration, Instant};

fn options() -> Options {
    let defaults = Options::default();
    Options {
        host_delay: Duration::ZERO,
        http: fetch::http::HttpOptions {
            connect_timeout: Duration::from_secs(5),
            response_timeout: Duration::from_secs(10),
            backoff: Duration::from_millis(10),
            ..defaults.http.clone()
        },
        ..defaults
    }
}

struct Fetched {
    tally: Tally,
    warnings: Vec<String>,
}

fn run(server: &Server, paths: &[&str], store: &mut MemoryStore, options: &Options) -> Fetched {
    let sources: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let mut warnings = Vec::new();
    let tally = fetch::fetch(&sources, store, options, &mut |_, warning| {
        warnings.extend(warning.map(|w| w.to_string()));
    });
    Fetched { tally, warnings }
}

fn titles(store: &MemoryStore, added: Added) -> Vec<String> {
    let mut titles: Vec<String> = store
        .pages
        .iter()
        .zip(&store.added)
        .filter(|(_, a)| **a == added)
        .map(|(p, _)| p.draft.title.clone().unwrap_or_default())
        .collect();
    titles.sort();
    titles
}

fn sorted(titles: &[&str]) -> Vec<String> {
    let mut titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
    titles.sort();
    titles
}

#[test]
fn a_windows_1256_rss_feed_s_items_are_fetched_as_pages() {
    let server = site();
    let mut store = MemoryStore::default();
    let got = run(&server, &["/rss.xml"], &mut store, &options());
    // The feed's items, each page read in full: the tracking parameters
    // dropped, robots.txt's Disallow honoured, the 404 one warning.
    assert_eq!(
        titles(&store, Added::New),
        sorted(&[ARTICLES[0].title, ARTICLES[1].title])
    );
    let first = store
        .pages
        .iter()
        .find(|p| p.draft.title.as_deref() == Some(ARTICLES[0].title))
        .unwrap();
    assert_eq!(first.draft.text, ARTICLES[0].text());
    assert_eq!(first.canonical_url, ARTICLES[0].url());
    assert_eq!(first.source_url, server.url("/rss.xml"));
    assert!(
        first.other_urls.contains(&server.url("/news/0")),
        "{:?}",
        first.other_urls
    );
    let base = server.url("");
    assert_eq!(
        got.warnings,
        [
            format!("astana: warning: {base}/private/2: disallowed by robots.txt"),
            format!("astana: warning: {base}/news/99: HTTP 404"),
        ]
    );
    assert!(server.requests_for("/private/2").is_empty());
    assert_eq!(server.requests_for("/robots.txt").len(), 1);
    assert_eq!(
        server.requests_for("/news/99").len(),
        1,
        "a 4xx is not retried"
    );
    assert_eq!(
        (
            got.tally.sources,
            got.tally.new,
            got.tally.copies,
            got.tally.failed()
        ),
        (1, 2, 0, 2)
    );
    assert_eq!(
        got.tally.summary(),
        "fetched 1 source: 2 new, 0 copies, 2 failed"
    );
    assert_eq!(got.tally.exit_status(), 0, "the source itself was reached");
}

#[test]
fn every_request_says_who_asks() {
    let server = site();
    run(
        &server,
        &["/news/3"],
        &mut MemoryStore::default(),
        &options(),
    );
    let agent = format!(
        "astana/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "robots.txt, then the page");
    for r in requests {
        assert_eq!(r.header("user-agent"), Some(agent.as_str()), "{}", r.path);
    }
}

#[test]
fn duplicates_by_tracking_parameters_fragments_and_amp_are_one_article() {
    let server = site();
    let mut store = MemoryStore::default();
    let got = run(&server, &["/rss.xml", "/atom.xml"], &mut store, &options());
    // /news/1 is in both feeds (once with a fragment): fetched once. The
    // AMP page of /news/0 names the same canonical address: known. The
    // reprint of /news/3 on another outlet: a copy.
    assert_eq!(server.requests_for("/news/1").len(), 1);
    assert_eq!(
        titles(&store, Added::New),
        sorted(&[ARTICLES[0].title, ARTICLES[1].title, ARTICLES[3].title])
    );
    assert_eq!(titles(&store, Added::Known), [ARTICLES[0].title]);
    assert_eq!(titles(&store, Added::Copy), [ARTICLES[3].title]);
    assert_eq!(
        got.tally.summary(),
        "fetched 2 sources: 3 new, 1 copy, 2 failed"
    );
}

#[test]
fn a_sitemap_index_leads_to_its_sitemaps_and_a_news_sitemap_s_fields() {
    let server = site();
    let mut store = MemoryStore::default();
    let got = run(&server, &["/sitemap-index.xml"], &mut store, &options());
    assert_eq!(got.warnings, Vec::<String>::new());
    assert_eq!(
        titles(&store, Added::New),
        sorted(&[ARTICLES[4].title, ARTICLES[5].title, ARTICLES[6].title])
    );
    assert_eq!(
        got.tally.summary(),
        "fetched 1 source: 3 new, 0 copies, 0 failed"
    );
    // Each sitemap keeps its own state.
    let state = &store.sources[&server.url("/news-sitemap.xml")];
    assert_eq!(
        (state.kind.as_deref(), state.status),
        (Some("sitemap"), Some(200))
    );
}

#[test]
fn a_nested_index_deeper_than_the_bound_is_not_followed() {
    let server = site();
    let mut options = options();
    options.sitemap_depth = 0;
    let got = run(
        &server,
        &["/sitemap-index.xml"],
        &mut MemoryStore::default(),
        &options,
    );
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: sitemap index nested deeper than 0, not followed",
            server.url("/sitemap-index.xml")
        )]
    );
    assert!(server.requests_for("/sitemap.xml").is_empty());
}

#[test]
fn a_second_fetch_asks_conditionally_and_a_304_fetches_nothing() {
    let server = site();
    let mut store = MemoryStore::default();
    let first = run(&server, &["/conditional.xml"], &mut store, &options());
    assert_eq!(first.tally.new, 3, "{:?}", first.warnings);
    let requests_before = server.requests().len();
    let second = run(&server, &["/conditional.xml"], &mut store, &options());
    let asked = server.requests_for("/conditional.xml");
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0].header("if-none-match"), None);
    assert_eq!(asked[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        asked[1].header("if-modified-since"),
        Some("Thu, 04 May 2017 15:00:00 GMT")
    );
    // The 304, and robots.txt read again by the new run: no page.
    assert_eq!(server.requests().len(), requests_before + 2);
    assert_eq!(second.tally.sources_unchanged, 1);
    assert_eq!(
        second.tally.summary(),
        "fetched 1 source: 0 new, 0 copies, 0 failed"
    );
    assert_eq!(second.tally.exit_status(), 0);
    assert_eq!(
        store.sources[&server.url("/conditional.xml")].status,
        Some(304)
    );
}

#[test]
fn items_the_store_has_are_not_fetched_again() {
    let server = site();
    let mut store = MemoryStore::default();
    run(&server, &["/sitemap.xml"], &mut store, &options());
    let second = run(&server, &["/sitemap.xml"], &mut store, &options());
    assert_eq!(server.requests_for("/news/4").len(), 1);
    assert_eq!(second.tally.known, 2);
    assert_eq!(
        second.tally.summary(),
        "fetched 1 source: 0 new, 0 copies, 0 failed"
    );
}

#[test]
fn a_feed_with_failed_items_keeps_no_validators_so_the_next_fetch_is_full() {
    let server = site();
    let mut store = MemoryStore::default();
    run(&server, &["/rss.xml"], &mut store, &options());
    let state = &store.sources[&server.url("/rss.xml")];
    assert_eq!(
        (state.kind.as_deref(), state.status),
        (Some("feed"), Some(200))
    );
    assert_eq!(
        (state.etag.as_deref(), state.last_modified.as_deref()),
        (None, None)
    );
}

#[test]
fn a_trickling_response_is_cut_at_the_deadline_and_retried_twice() {
    let server = site();
    let mut options = options();
    options.http.response_timeout = Duration::from_millis(400);
    let start = Instant::now();
    let got = run(&server, &["/slow"], &mut MemoryStore::default(), &options);
    let elapsed = start.elapsed();
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: timed out after 400 ms",
            server.url("/slow")
        )]
    );
    assert_eq!(server.requests_for("/slow").len(), 3);
    // Three tries of 0.4 s and two pauses, not the 100 s the body takes.
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(got.tally.exit_status(), 2);
}

#[test]
fn a_redirect_loop_is_reported_as_one() {
    let server = site();
    let got = run(
        &server,
        &["/loop/a"],
        &mut MemoryStore::default(),
        &options(),
    );
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: redirect loop back to {}",
            server.url("/loop/a"),
            server.url("/loop/a")
        )]
    );
}

#[test]
fn at_most_five_redirects_are_followed() {
    let server = site();
    let mut store = MemoryStore::default();
    let got = run(&server, &["/chain/0", "/chain/4"], &mut store, &options());
    // /chain/4 reaches /chain/9 in five redirects; /chain/0 needs nine.
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: more than 5 redirects",
            server.url("/chain/0")
        )]
    );
    assert_eq!(titles(&store, Added::New), [ARTICLES[0].title]);
    assert_eq!(got.tally.exit_status(), 1);
}

#[test]
fn a_60_mb_page_is_cut_at_the_size_cap() {
    let server = site();
    let got = run(&server, &["/big"], &mut MemoryStore::default(), &options());
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: larger than 10485760 bytes (the --max-page-size), cut",
            server.url("/big")
        )]
    );
}

#[test]
fn a_60_mb_page_without_a_length_is_cut_while_reading() {
    let server = site();
    let got = run(
        &server,
        &["/big-unannounced"],
        &mut MemoryStore::default(),
        &options(),
    );
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: larger than 10485760 bytes (the --max-page-size), cut",
            server.url("/big-unannounced")
        )]
    );
}

#[test]
fn a_gzip_bomb_is_cut_at_the_size_cap_after_decompression() {
    let server = site();
    let mut options = options();
    options.http.max_body = 1 << 20;
    let got = run(&server, &["/bomb"], &mut MemoryStore::default(), &options);
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: larger than 1048576 bytes (the --max-page-size), cut",
            server.url("/bomb")
        )]
    );
}

#[test]
fn a_500_then_a_200_is_retried_and_kept() {
    let server = site();
    let mut store = MemoryStore::default();
    let got = run(&server, &["/flaky"], &mut store, &options());
    assert_eq!(got.warnings, Vec::<String>::new());
    assert_eq!(server.requests_for("/flaky").len(), 2);
    assert_eq!(titles(&store, Added::New), [ARTICLES[7].title]);
}

#[test]
fn a_server_error_that_lasts_is_tried_three_times() {
    let server = site();
    let got = run(&server, &["/down"], &mut MemoryStore::default(), &options());
    assert_eq!(server.requests_for("/down").len(), 3);
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: HTTP 503",
            server.url("/down")
        )]
    );
}

#[test]
fn broken_xml_and_a_404_are_one_warning_each_and_the_rest_goes_on() {
    let server = site();
    let mut store = MemoryStore::default();
    let got = run(
        &server,
        &["/broken.xml", "/missing", "/news/5"],
        &mut store,
        &options(),
    );
    assert_eq!(got.warnings.len(), 2, "{:?}", got.warnings);
    assert!(
        got.warnings[0].starts_with(&format!(
            "astana: warning: {}: broken feed: ",
            server.url("/broken.xml")
        )),
        "{:?}",
        got.warnings
    );
    assert_eq!(
        got.warnings[1],
        format!("astana: warning: {}: HTTP 404", server.url("/missing"))
    );
    assert_eq!(titles(&store, Added::New), [ARTICLES[5].title]);
    assert_eq!(
        got.tally.summary(),
        "fetched 3 sources: 1 new, 0 copies, 2 failed"
    );
    assert_eq!(got.tally.exit_status(), 1);
}

#[test]
fn exit_status_is_0_when_all_sources_are_reached_2_when_none_is() {
    let server = site();
    let all = run(
        &server,
        &["/news/3", "/sitemap.xml"],
        &mut MemoryStore::default(),
        &options(),
    );
    assert_eq!(all.tally.exit_status(), 0);
    let none = run(
        &server,
        &["/missing", "/private/2"],
        &mut MemoryStore::default(),
        &options(),
    );
    assert_eq!(none.tally.exit_status(), 2);
    let mut store = MemoryStore::default();
    let unreachable = fetch::fetch(
        &["http://127.0.0.1:1/feed.xml".to_string()],
        &mut store,
        &options(),
        &mut |_, _| {},
    );
    assert_eq!(unreachable.exit_status(), 2);
}

#[test]
fn requests_to_one_host_keep_the_host_delay_apart() {
    let server = site();
    let mut options = options();
    options.host_delay = Duration::from_millis(150);
    run(
        &server,
        &["/sitemap-index.xml"],
        &mut MemoryStore::default(),
        &options,
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 7, "robots, index, 2 sitemaps, 3 pages");
    for pair in requests.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(
            gap >= Duration::from_millis(140),
            "{} then {} after {gap:?}",
            pair[0].path,
            pair[1].path
        );
    }
}

#[test]
fn urls_and_reasons_in_warnings_are_sanitised() {
    let mut warnings = Vec::new();
    fetch::fetch(
        &["ftp://example.com/\u{1b}[2Jfeed".to_string()],
        &mut MemoryStore::default(),
        &options(),
        &mut |_, w| warnings.extend(w.map(|w| w.to_string())),
    );
    assert_eq!(
        warnings,
        ["astana: warning: ftp://example.com/\u{241b}[2Jfeed: not an http(s) URL"]
    );
}

#[test]
fn a_host_whose_robots_txt_fails_is_not_fetched() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => http::Reply::status(500),
        _ => http::Reply::ok("text/html", "<p>never asked for</p>"),
    });
    let got = run(&server, &["/page"], &mut MemoryStore::default(), &options());
    assert_eq!(
        got.warnings,
        [format!(
            "astana: warning: {}: robots.txt unreachable (HTTP 500), so nothing of its host is fetched",
            server.url("/page")
        )]
    );
    assert!(server.requests_for("/page").is_empty());
    assert_eq!(
        server.requests_for("/robots.txt").len(),
        3,
        "a 5xx is retried"
    );
}

#[test]
fn a_host_without_robots_txt_is_fetched() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => http::Reply::status(404),
        _ => http::Reply::ok(
            "text/html",
            fetch_site::shapes::wordpress(&ARTICLES[8]).bytes,
        ),
    });
    let mut store = MemoryStore::default();
    let got = run(&server, &["/page"], &mut store, &options());
    assert_eq!(got.warnings, Vec::<String>::new());
    assert_eq!(titles(&store, Added::New), [ARTICLES[8].title]);
    assert_eq!(
        server.requests_for("/robots.txt").len(),
        1,
        "a 4xx is not retried"
    );
}
