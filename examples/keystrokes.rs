//! The explorer's search per key, in process: loads an archive, then types
//! queries one character at a time into one `Searcher::on_demand` (as the
//! explorer does: `run_showing` a screenful, the first rows' highlights),
//! and prints each key's time, and the time to place the rest of the
//! results (`settle`, which the explorer does after the frame). For profiling the search without a
//! terminal (`perf record` on this example), and for checking that a
//! change keeps every result and its order (`--dump FILE` writes each
//! key's results, article and score, to compare before and after):
//!
//!     cargo run --release --example keystrokes -- FILE [ROUNDS] [--dump FILE] [--no-settle] [QUERY...]
//!
//! FILE is a JSONL file or an archive (`.sqlite3`, opened as the explorer
//! opens one).
//!
//! Without queries it types the scale bench's broad `الضامنة` and
//! selective `lavrentiev`.

use astana::corpus;
use astana::extract::Extractor;
use astana::search::{IndexBuilder, Searcher};
use std::io::Write;
use std::time::{Duration, Instant};

// The binary's allocator (src/main.rs), set as the explorer sets it once
// loaded, so that the per-key vectors cost what they do there.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The rows the explorer's list shows at 160×48.
const ROWS: usize = 40;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: keystrokes ARCHIVE [ROUNDS] [--dump FILE] [--no-settle] [QUERY...]");
        std::process::exit(2);
    };
    let mut rounds = 5;
    let mut dump = None;
    // For a profile of the keys alone.
    let mut settle = true;
    let mut queries: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--dump" {
            dump = args.next();
        } else if arg == "--no-settle" {
            settle = false;
        } else if let Ok(n) = arg.parse() {
            rounds = n;
        } else {
            queries.push(arg);
        }
    }
    if queries.is_empty() {
        queries = vec!["الضامنة".into(), "lavrentiev".into()];
    }
    let extractor = Extractor::builtin();
    let started = Instant::now();
    let mut builder = IndexBuilder::new();
    // An archive file is opened as the explorer opens it; anything else
    // is read as files are.
    let corpus = if path.ends_with(".sqlite3") {
        let archive = std::path::Path::new(&path);
        astana::archive::load_default_into(Some(archive), false, &extractor, None, &mut builder)
            .expect("the archive")
            .0
    } else {
        corpus::load_into(&[path.into()], &extractor, None, &mut builder).expect("the file")
    };
    let index = builder.finish(&corpus.articles, extractor.entries());
    astana::memory::keep_freed_pages();
    let articles = &corpus.articles;
    eprintln!(
        "{} articles loaded and indexed in {:.1} s",
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    let mut out = dump.map(|f| std::io::BufWriter::new(std::fs::File::create(f).unwrap()));
    let mut searcher = Searcher::on_demand();
    for query in &queries {
        let mut samples: Vec<Duration> = Vec::new();
        let mut settles: Vec<Duration> = Vec::new();
        for round in 0..rounds {
            let mut text = String::new();
            for c in query.chars() {
                text.push(c);
                let started = Instant::now();
                let _ = searcher.run_showing(&index, articles, &text, ROWS);
                searcher.highlight_titles(articles, 0..ROWS);
                samples.push(started.elapsed());
                // What the explorer does after the frame, before the next key.
                let started = Instant::now();
                if settle {
                    searcher.settle(&index, articles);
                }
                settles.push(started.elapsed());
                let hits = searcher.hits();
                if round == 0
                    && let Some(out) = out.as_mut()
                {
                    writeln!(out, "# {text}: {} results", hits.len()).unwrap();
                    for h in hits {
                        writeln!(out, "{} {} {:?}", h.article, h.score, h.title_matches).unwrap();
                    }
                }
            }
            let _ = searcher.run(&index, articles, "");
        }
        // Each key's median over the rounds (the samples go key by key,
        // round after round).
        let keys = query.chars().count();
        let per_key: Vec<String> = (0..keys)
            .map(|k| {
                let mut times: Vec<Duration> =
                    samples.iter().skip(k).step_by(keys).copied().collect();
                times.sort();
                format!("{:.1}", times[times.len() / 2].as_secs_f64() * 1e3)
            })
            .collect();
        samples.sort();
        settles.sort();
        println!(
            "{query}: p50 {:.1} ms, max {:.1} ms over {} keys (per key, median of the rounds: {}); \
             the rest placed after the frame: p50 {:.1} ms, max {:.1} ms",
            samples[samples.len() / 2].as_secs_f64() * 1e3,
            samples[samples.len() - 1].as_secs_f64() * 1e3,
            samples.len(),
            per_key.join(" "),
            settles[settles.len() / 2].as_secs_f64() * 1e3,
            settles[settles.len() - 1].as_secs_f64() * 1e3,
        );
    }
}
