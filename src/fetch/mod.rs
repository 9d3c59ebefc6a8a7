//! `astana fetch`: sources (feeds, sitemaps, article pages) fetched over
//! HTTP, politely and defensively, and their articles handed to a
//! [`Store`]. Each source is recognised by its content ([`kind`]); a feed's
//! or sitemap's items are fetched as pages for their full text
//! (`web::html`) unless the store knows their address. Requests run on a
//! few worker threads, one at a time per host ([`schedule`]), after the
//! host's robots.txt ([`robots`]); the HTTP limits are in [`http`]. This
//! thread (the caller's) is the only one to touch the store, so a store
//! needs no locking. Nothing here knows of the terminal: progress is told
//! to a callback.

pub mod archive_store;
pub mod feeds_file;
mod host;
pub mod http;
pub mod kind;
pub mod robots;
mod schedule;
pub mod store;

pub use store::{Added, FetchedPage, MemoryStore, SourceState, Store};

use crate::archive::canonical_url;
use crate::corpus::{Charset, Decoded, Encoding, decode, xml_declared};
use crate::text::sanitize::visible;
use crate::web::html::{Origin, PageDraft, read_page};
use http::{Client, Fetched, HttpError, HttpOptions, Validators};
use kind::Kind;
use robots::Rules;
use schedule::Queue;
use std::collections::{HashMap, HashSet};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;

/// How a fetch behaves; [`Options::default`] is what `astana fetch` uses
/// without flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub http: HttpOptions,
    /// The pause between two requests to one host.
    pub host_delay: Duration,
    /// Threads making requests (to different hosts).
    pub workers: usize,
    /// How deep sitemap indexes are followed: 1 reads an index's sitemaps,
    /// not indexes they name.
    pub sitemap_depth: u32,
}

/// `astana/0.1.0 (+https://github.com/...)`: who is asking, and where to
/// read about it.
pub fn user_agent() -> String {
    format!(
        "astana/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}

impl Default for Options {
    fn default() -> Options {
        Options {
            http: HttpOptions {
                user_agent: user_agent(),
                connect_timeout: Duration::from_secs(10),
                response_timeout: Duration::from_secs(30),
                max_body: 10 * 1024 * 1024,
                max_redirects: 5,
                retries: 2,
                backoff: Duration::from_secs(2),
            },
            host_delay: Duration::from_millis(1000),
            workers: 4,
            sitemap_depth: 2,
        }
    }
}

/// What a fetch did so far: the progress shown while it runs, the summary
/// line and the exit status after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Sources asked for (feeds, sitemaps, pages given by the user).
    pub sources: usize,
    pub sources_done: usize,
    /// Sources that could not be reached or read.
    pub sources_failed: usize,
    /// Sources that answered 304 Not Modified.
    pub sources_unchanged: usize,
    /// Pages of feeds and sitemaps to fetch (those the store knew are not).
    pub pages: usize,
    pub pages_done: usize,
    pub pages_failed: usize,
    /// Pages the store had already: items not fetched because it knew
    /// their address, and pages whose canonical address it knew.
    pub known: usize,
    pub new: usize,
    pub copies: usize,
}

impl Tally {
    pub fn failed(&self) -> usize {
        self.sources_failed + self.pages_failed
    }

    /// `fetched 3 sources: 42 new, 5 copies, 2 failed`.
    pub fn summary(&self) -> String {
        format!(
            "fetched {} source{}: {} new, {} cop{}, {} failed",
            self.sources,
            if self.sources == 1 { "" } else { "s" },
            self.new,
            self.copies,
            if self.copies == 1 { "y" } else { "ies" },
            self.failed()
        )
    }

    /// 0 when every source was reached, 2 when none could be, else 1. A
    /// page that fails is a warning, not a source failing.
    pub fn exit_status(&self) -> u8 {
        if self.sources_failed == 0 {
            0
        } else if self.sources_failed >= self.sources {
            2
        } else {
            1
        }
    }
}

/// What a feed item or sitemap entry tells of a page before it is fetched,
/// used where the page itself is silent.
#[derive(Debug, Clone, Default)]
struct Hint {
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
}

enum Job {
    /// A feed, sitemap or page whose kind is not known yet.
    Source {
        url: Url,
        node: usize,
        validators: Validators,
    },
    /// An item of the feed or sitemap `node`.
    Page { url: Url, node: usize, hint: Hint },
}

impl Job {
    fn url(&self) -> &Url {
        match self {
            Job::Source { url, .. } | Job::Page { url, .. } => url,
        }
    }
}

enum Outcome {
    Unchanged,
    Feed {
        items: Vec<(String, Hint)>,
        validators: Validators,
    },
    Sitemap {
        entries: Vec<(String, Hint)>,
        index: bool,
        validators: Validators,
    },
    Page {
        draft: PageDraft,
        /// The address after redirects.
        url: Url,
    },
    Failed {
        why: String,
        /// The HTTP status of the answer, when one came.
        status: Option<u16>,
    },
}

impl Outcome {
    /// A body that came with a 200 but could not be read.
    fn unreadable(why: impl Into<String>) -> Outcome {
        Outcome::Failed {
            why: why.into(),
            status: Some(200),
        }
    }
}

/// A source being fetched: one the user named, or a sitemap an index
/// named. Its validators are kept only once all its items are done and
/// none failed, so that a fetch cut short is done again in full next time.
struct Node {
    url: String,
    parent: Option<usize>,
    depth: u32,
    /// Jobs of this node still running: itself, then its items.
    pending: usize,
    failed_items: bool,
    state: SourceState,
}

/// What runs on the worker threads.
struct Worker<'a> {
    client: Client,
    robots: Mutex<HashMap<String, Arc<Rules>>>,
    options: &'a Options,
}

impl Worker<'_> {
    /// The robots rules of `url`'s host, fetched on first use (true).
    fn rules(&self, url: &Url) -> (Arc<Rules>, bool) {
        let host = host::host_key(url);
        if let Some(rules) = self.lock_robots().get(&host) {
            return (Arc::clone(rules), false);
        }
        // Fetched without the lock: only this job's host is busy.
        let rules = Arc::new(robots::fetch(&self.client, url));
        self.lock_robots().insert(host, Arc::clone(&rules));
        (rules, true)
    }

    fn lock_robots(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Rules>>> {
        self.robots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Does one job; returns what came of it and the pause its host needs.
    fn run(&self, job: &Job) -> (Outcome, Duration) {
        let url = job.url();
        let (rules, fresh) = self.rules(url);
        let pause = rules
            .crawl_delay()
            .map_or(self.options.host_delay, |d| d.max(self.options.host_delay));
        if fresh {
            std::thread::sleep(pause);
        }
        let permit = |u: &Url| self.rules(u).0.check(u);
        let validators = match job {
            Job::Source { validators, .. } => validators.clone(),
            Job::Page { .. } => Validators::default(),
        };
        let outcome = match self.client.get(url, &validators, &permit) {
            Ok(Fetched::NotModified) => Outcome::Unchanged,
            Ok(Fetched::Full(response)) => match job {
                Job::Source { .. } => read_source(response),
                Job::Page { .. } => read_as_page(response),
            },
            Err(e) => Outcome::Failed {
                why: e.to_string(),
                status: match e {
                    HttpError::Status(code) => Some(code),
                    _ => None,
                },
            },
        };
        (outcome, pause)
    }
}

/// The charset a `Content-Type` header names.
fn header_charset(content_type: Option<&str>) -> Charset {
    content_type
        .and_then(|t| {
            t.split(';')
                .filter_map(|p| p.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                .map(|(_, v)| v.trim().trim_matches('"').to_string())
        })
        .and_then(|label| Encoding::for_label(&label).ok())
        .map_or(Charset::Unknown, Charset::Declared)
}

/// An XML body as text: the header's charset, else the XML declaration's.
fn xml_text(response: &http::Response) -> Result<String, String> {
    let charset = match header_charset(response.content_type.as_deref()) {
        Charset::Unknown => {
            xml_declared(&response.body).map_or(Charset::Unknown, Charset::Declared)
        }
        given => given,
    };
    match decode(response.body.clone(), charset) {
        Decoded::Text { text, .. } => Ok(text),
        Decoded::Skipped(why) => Err(why),
    }
}

fn read_source(response: http::Response) -> Outcome {
    let validators = response.validators.clone();
    match kind::sniff(&response.body) {
        Kind::Page => read_as_page(response),
        Kind::Feed => {
            let text = match xml_text(&response) {
                Ok(text) => text,
                Err(why) => return Outcome::unreadable(why),
            };
            match crate::web::feed::parse(&text) {
                Ok(feed) => Outcome::Feed {
                    items: feed
                        .items
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter_map(|item| {
                            let url = response.url.join(item.url.as_deref()?).ok()?;
                            let hint = Hint {
                                title: item.title,
                                date: item.date,
                                source: feed.title.clone(),
                            };
                            Some((url.to_string(), hint))
                        })
                        .collect(),
                    validators,
                },
                Err(crate::web::feed::NotAFeed::NoFeedRoot) => {
                    Outcome::unreadable("not a feed (no rss, feed or RDF root)")
                }
                Err(crate::web::feed::NotAFeed::Broken(why)) => Outcome::unreadable(format!(
                    "broken feed: {}",
                    why.lines().next().unwrap_or_default()
                )),
            }
        }
        kind @ (Kind::Sitemap | Kind::SitemapIndex) => {
            let text = match xml_text(&response) {
                Ok(text) => text,
                Err(why) => return Outcome::unreadable(why),
            };
            match kind::sitemap_entries(&text) {
                Ok(entries) => Outcome::Sitemap {
                    entries: entries
                        .into_iter()
                        .filter_map(|e| {
                            let url = response.url.join(&e.url).ok()?;
                            let hint = Hint {
                                title: e.title,
                                date: e.date,
                                source: e.source,
                            };
                            Some((url.to_string(), hint))
                        })
                        .collect(),
                    index: kind == Kind::SitemapIndex,
                    validators,
                },
                Err(why) => Outcome::unreadable(why),
            }
        }
    }
}

fn read_as_page(response: http::Response) -> Outcome {
    let origin = Origin {
        url: Some(response.url.as_str()),
        charset: header_charset(response.content_type.as_deref()),
    };
    match read_page(&response.body, &origin) {
        Ok(draft) => Outcome::Page {
            draft,
            url: response.url,
        },
        Err(e) => Outcome::unreadable(e.to_string()),
    }
}

/// Something that went wrong with one URL; the rest goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub url: String,
    pub reason: String,
}

/// The warning line: `astana: warning: URL: reason`, with the URL and the
/// server's words made safe to print.
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "astana: warning: {}: {}",
            visible(&self.url),
            visible(&self.reason)
        )
    }
}

fn warning_line(url: &str, reason: &str) -> Warning {
    Warning {
        url: url.to_string(),
        reason: reason.to_string(),
    }
}

/// The coordinator: owns the store, the nodes and the tally.
struct Run<'s> {
    store: &'s mut dyn Store,
    nodes: Vec<Node>,
    /// Canonical addresses of the pages queued in this run.
    queued: HashSet<String>,
    tally: Tally,
    outstanding: usize,
    options: Options,
}

/// Fetches `sources` into `store`. `progress` is called after each job
/// with the tally, and with each warning.
pub fn fetch(
    sources: &[String],
    store: &mut dyn Store,
    options: &Options,
    progress: &mut dyn FnMut(&Tally, Option<&Warning>),
) -> Tally {
    let queue: Queue<Job> = Queue::new();
    let mut run = Run {
        store,
        nodes: Vec::new(),
        queued: HashSet::new(),
        tally: Tally::default(),
        outstanding: 0,
        options: options.clone(),
    };
    let mut seen = HashSet::new();
    for source in sources {
        let source = source.trim();
        if !seen.insert(source.to_string()) {
            continue;
        }
        run.tally.sources += 1;
        match Url::parse(source) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
                run.add_source(&queue, url, None, 0, progress);
            }
            _ => {
                run.tally.sources_failed += 1;
                run.tally.sources_done += 1;
                progress(
                    &run.tally,
                    Some(&warning_line(source, "not an http(s) URL")),
                );
            }
        }
    }
    let worker = Worker {
        client: Client::new(options.http.clone()),
        robots: Mutex::new(HashMap::new()),
        options,
    };
    let (done_tx, done_rx) = mpsc::channel::<(Job, Outcome)>();
    std::thread::scope(|scope| {
        for _ in 0..options.workers.max(1) {
            let done_tx = done_tx.clone();
            let (queue, worker) = (&queue, &worker);
            scope.spawn(move || {
                while let Some(taken) = queue.take() {
                    let job = taken.job;
                    // A page that makes the reader panic is that page's
                    // failure, not the end of the fetch.
                    let (outcome, pause) =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| worker.run(&job)))
                            .unwrap_or_else(|_| {
                                (
                                    Outcome::unreadable("internal error while reading"),
                                    Duration::ZERO,
                                )
                            });
                    queue.release(&taken.host, pause);
                    if done_tx.send((job, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        while run.outstanding > 0 {
            let Ok((job, outcome)) = done_rx.recv() else {
                break;
            };
            run.outstanding -= 1;
            run.finish(&queue, job, outcome, progress);
        }
        queue.close();
    });
    run.tally
}

impl Run<'_> {
    fn add_source(
        &mut self,
        queue: &Queue<Job>,
        url: Url,
        parent: Option<usize>,
        depth: u32,
        progress: &mut dyn FnMut(&Tally, Option<&Warning>),
    ) {
        let key = url.to_string();
        let state = match self.store.source_state(&key) {
            Ok(state) => state.unwrap_or_default(),
            Err(e) => {
                progress(&self.tally, Some(&warning_line(&key, &format!("{e:#}"))));
                SourceState::default()
            }
        };
        let node = self.nodes.len();
        self.nodes.push(Node {
            url: key,
            parent,
            depth,
            pending: 1,
            failed_items: false,
            state: SourceState::default(),
        });
        if let Some(parent) = parent {
            self.nodes[parent].pending += 1;
        }
        let validators = Validators {
            etag: state.etag,
            last_modified: state.last_modified,
        };
        self.outstanding += 1;
        queue.push(
            host::host_key(&url),
            Job::Source {
                url,
                node,
                validators,
            },
        );
    }

    /// Queues the items of `node` that neither the store nor this run has.
    fn add_pages(
        &mut self,
        queue: &Queue<Job>,
        node: usize,
        items: Vec<(String, Hint)>,
        progress: &mut dyn FnMut(&Tally, Option<&Warning>),
    ) {
        for (address, hint) in items {
            let Some(key) = canonical_url(&address) else {
                continue;
            };
            if self.queued.contains(&key) {
                continue;
            }
            match self.store.knows(&key) {
                Ok(true) => {
                    self.tally.known += 1;
                    continue;
                }
                Ok(false) => {}
                Err(e) => {
                    progress(
                        &self.tally,
                        Some(&warning_line(&address, &format!("{e:#}"))),
                    );
                    continue;
                }
            }
            // Asked for without its tracking parameters and fragment.
            let Some(url) = Url::parse(&key)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
            else {
                continue;
            };
            self.queued.insert(key);
            self.tally.pages += 1;
            self.nodes[node].pending += 1;
            self.outstanding += 1;
            queue.push(host::host_key(&url), Job::Page { url, node, hint });
        }
    }

    fn finish(
        &mut self,
        queue: &Queue<Job>,
        job: Job,
        outcome: Outcome,
        progress: &mut dyn FnMut(&Tally, Option<&Warning>),
    ) {
        match job {
            Job::Source { url, node, .. } => {
                let top = self.nodes[node].parent.is_none();
                let mut warning = None;
                match outcome {
                    Outcome::Failed { why, status } => {
                        self.nodes[node].state.status = status;
                        if top {
                            self.tally.sources_failed += 1;
                        } else {
                            self.mark_failed(node);
                        }
                        warning = Some(warning_line(url.as_str(), &why));
                    }
                    Outcome::Unchanged => {
                        if top {
                            self.tally.sources_unchanged += 1;
                        }
                        // The stored validators still hold.
                        if let Ok(Some(old)) = self.store.source_state(url.as_str()) {
                            self.nodes[node].state = old;
                        }
                        self.nodes[node].state.status = Some(304);
                    }
                    Outcome::Feed {
                        items, validators, ..
                    } => {
                        self.nodes[node].state = state_ok("feed", validators);
                        self.add_pages(queue, node, items, progress);
                    }
                    Outcome::Sitemap {
                        entries,
                        index: false,
                        validators,
                    } => {
                        self.nodes[node].state = state_ok("sitemap", validators);
                        self.add_pages(queue, node, entries, progress);
                    }
                    Outcome::Sitemap {
                        entries,
                        index: true,
                        validators,
                    } => {
                        self.nodes[node].state = state_ok("sitemap index", validators);
                        let depth = self.nodes[node].depth + 1;
                        if depth > self.options.sitemap_depth {
                            warning = Some(warning_line(
                                url.as_str(),
                                &format!(
                                    "sitemap index nested deeper than {}, not followed",
                                    self.options.sitemap_depth
                                ),
                            ));
                            self.nodes[node].failed_items = true;
                        } else {
                            for (address, _) in entries {
                                if let Ok(child) = Url::parse(&address) {
                                    self.add_source(queue, child, Some(node), depth, progress);
                                }
                            }
                        }
                    }
                    Outcome::Page {
                        draft,
                        url: final_url,
                    } => {
                        // A page given as a source: no validators (pages
                        // are not fetched conditionally).
                        self.nodes[node].state = SourceState {
                            kind: Some("page".into()),
                            status: Some(200),
                            ..SourceState::default()
                        };
                        if let Err(why) = self.keep(&url, &final_url, draft, &Hint::default(), node)
                        {
                            warning = Some(warning_line(url.as_str(), &why));
                        }
                    }
                }
                if top {
                    self.tally.sources_done += 1;
                }
                progress(&self.tally, warning.as_ref());
                self.done(node);
            }
            Job::Page { url, node, hint } => {
                self.tally.pages_done += 1;
                let failure = match outcome {
                    Outcome::Page {
                        draft,
                        url: final_url,
                    } => self.keep(&url, &final_url, draft, &hint, node).err(),
                    Outcome::Failed { why, .. } => Some(why),
                    // Pages are asked for without validators: no 304, no
                    // feed.
                    _ => Some("not an article page".into()),
                };
                if failure.is_some() {
                    self.tally.pages_failed += 1;
                    self.mark_failed(node);
                }
                let warning = failure.map(|why| warning_line(url.as_str(), &why));
                progress(&self.tally, warning.as_ref());
                self.done(node);
            }
        }
    }

    /// Hands a page to the store.
    fn keep(
        &mut self,
        asked: &Url,
        final_url: &Url,
        mut draft: PageDraft,
        hint: &Hint,
        node: usize,
    ) -> Result<(), String> {
        let fetched = canonical_url(final_url.as_str()).unwrap_or_else(|| final_url.to_string());
        let canonical = draft
            .url
            .as_deref()
            .and_then(canonical_url)
            .unwrap_or_else(|| fetched.clone());
        let mut other_urls = Vec::new();
        for u in [canonical_url(asked.as_str()), Some(fetched)]
            .into_iter()
            .flatten()
        {
            if u != canonical && !other_urls.contains(&u) {
                other_urls.push(u);
            }
        }
        draft.url = Some(canonical.clone());
        draft.title = draft.title.or_else(|| hint.title.clone());
        draft.date = draft.date.or_else(|| hint.date.clone());
        draft.source = draft.source.or_else(|| hint.source.clone());
        let page = FetchedPage {
            canonical_url: canonical,
            other_urls,
            source_url: self.top_url(node),
            fetched_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            draft,
        };
        match self.store.add(&page) {
            Ok(Added::New) => self.tally.new += 1,
            Ok(Added::Copy) => self.tally.copies += 1,
            Ok(Added::Known) => self.tally.known += 1,
            Err(e) => return Err(format!("not archived: {e:#}")),
        }
        Ok(())
    }

    /// The address of the source the user named that `node` belongs to.
    fn top_url(&self, mut node: usize) -> String {
        while let Some(parent) = self.nodes[node].parent {
            node = parent;
        }
        self.nodes[node].url.clone()
    }

    /// Something under `node` failed: its validators (and its parents')
    /// are not kept, so the next fetch reads it in full again.
    fn mark_failed(&mut self, mut node: usize) {
        loop {
            self.nodes[node].failed_items = true;
            match self.nodes[node].parent {
                Some(parent) => node = parent,
                None => return,
            }
        }
    }

    /// One job of `node` is done; when it has none left, its state is
    /// saved and its parent told.
    fn done(&mut self, node: usize) {
        self.nodes[node].pending -= 1;
        if self.nodes[node].pending > 0 {
            return;
        }
        let n = &self.nodes[node];
        let mut state = n.state.clone();
        if n.failed_items {
            state.etag = None;
            state.last_modified = None;
        }
        let url = n.url.clone();
        // A failure to record is not the fetch's failure: the articles are
        // kept, and the next fetch asks again unconditionally.
        let _ = self.store.set_source_state(&url, &state);
        if let Some(parent) = self.nodes[node].parent {
            self.done(parent);
        }
    }
}

fn state_ok(kind: &str, validators: Validators) -> SourceState {
    SourceState {
        etag: validators.etag,
        last_modified: validators.last_modified,
        kind: Some(kind.into()),
        status: Some(200),
    }
}
