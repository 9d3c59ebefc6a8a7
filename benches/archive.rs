//! The archive-scale benchmark: `cargo bench --bench archive`.
//!
//! Generates synthetic archives (astana synth) of 10,000 and 100,000
//! articles under target/bench-data, then measures load + extract + index,
//! filter latency (fixed queries and a query typed one character at a time),
//! one frame of the explorer at 200x50 with a long Arabic article open, the
//! first frame on the bundled corpus, peak memory, and fzf over the titles
//! for comparison. Prints a Markdown report (the source of
//! docs/PERFORMANCE.md). `ASTANA_BENCH_SIZES=10000` limits the sizes.
//!
//! Then the same at 100,000 articles with a real archive's vocabulary
//! (`astana synth --rare-words 500000`: hundreds of thousands of distinct
//! words, and tens of thousands of entities, where the recombined
//! paragraphs alone have about a thousand and a hundred).
//! `ASTANA_BENCH_RARE_WORDS=0` leaves it out; another number sets the pool.
//!
//! The SQLite archive (`astana import`): the 100,000-article JSONL imported
//! by the binary, the file's size against its texts, and opening it: in
//! process, in a fresh `astana list`, and the explorer in a pty (its first
//! frame, and its list with the filter ready). `ASTANA_BENCH_ARCHIVE=0`
//! leaves it out; `ASTANA_BENCH_ARCHIVE=only` runs nothing else.
//!
//! The explorer through a pty at each size (`scale`): load, peak RSS, first
//! output, ready, and each key of a broad and a selective query from its
//! write to the last byte of the answer. `ASTANA_BENCH_SCALE=10000,100000,
//! 1000000` runs only that, at those sizes (the million: see `scale`).

mod scale;

use astana::corpus::{self, Corpus};
use astana::extract::Extractor;
use astana::search::{IndexBuilder, SearchIndex, Searcher};
use astana::synth::Generator;
use astana::tui::{Action, App, AppOptions, draw};
use ratatui::{Terminal, backend::TestBackend};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// The binary's allocator (src/main.rs), so that the in-process figures are
// the binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Median, min and max of a set of samples.
struct Stats {
    median: Duration,
    min: Duration,
    max: Duration,
}

impl Stats {
    fn of(mut samples: Vec<Duration>) -> Stats {
        samples.sort();
        Stats {
            median: samples[samples.len() / 2],
            min: samples[0],
            max: samples[samples.len() - 1],
        }
    }

    fn ms(&self) -> String {
        format!(
            "{:.2} | {:.2} | {:.2}",
            ms(self.median),
            ms(self.min),
            ms(self.max)
        )
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs `f` once to warm up, then `runs` times, timing each run.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Stats {
    std::hint::black_box(f());
    Stats::of(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(f());
                started.elapsed()
            })
            .collect(),
    )
}

/// The synthetic archive of `size` articles, with made-up words from a pool
/// of `rare_words` (none when 0), under `ASTANA_BENCH_DATA` (by default
/// target/bench-data).
fn archive(size: usize, rare_words: usize) -> PathBuf {
    let dir = std::env::var_os("ASTANA_BENCH_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    let path = match rare_words {
        0 => dir.join(format!("archive-{size}.jsonl")),
        pool => dir.join(format!("archive-{size}-rare-{pool}.jsonl")),
    };
    if !path.exists() {
        let generator =
            Generator::new(&corpus::load_bundled(&Extractor::builtin())).rare_words(rare_words);
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        generator.write(size, 1, &mut out).unwrap();
    }
    path
}

/// Loads, extracts and adds every article's words to the index as it goes.
fn load(path: &Path, extractor: &Extractor) -> (Corpus, IndexBuilder) {
    let mut builder = IndexBuilder::new();
    let corpus = corpus::load_into(&[path.to_path_buf()], extractor, None, &mut builder).unwrap();
    (corpus, builder)
}

const QUERIES: [&str; 4] = ["lavrentiev", "الغوطة", "g:iran r:4", "'الضامنة"];
const TYPED: [&str; 2] = ["lavren", "الغوطة"];

fn main() {
    // `cargo bench` passes --bench; nothing else is accepted.
    let sizes: Vec<usize> = std::env::var("ASTANA_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let extractor = Extractor::builtin();
    println!("# astana archive benchmark\n");
    println!(
        "machine: {} cores; {}\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );
    // ASTANA_BENCH_SCALE_DB=FILE: the scale table's row for an archive
    // file (`astana import` of a synthetic JSONL), opened with no path.
    if let Some(db) = std::env::var_os("ASTANA_BENCH_SCALE_DB") {
        let db = PathBuf::from(db);
        let stories: i64 = rusqlite::Connection::open(&db)
            .and_then(|c| {
                c.query_row(
                    "SELECT count(*) FROM articles WHERE duplicate_of IS NULL",
                    [],
                    |r| r.get(0),
                )
            })
            .expect("an archive");
        scale::bench_scale(&[stories as usize], |_| db.clone(), |_| false);
        return;
    }
    if let Ok(scale) = std::env::var("ASTANA_BENCH_SCALE") {
        let sizes: Vec<usize> = scale
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        // The million's file is gigabytes: kept only when asked.
        let remove = std::env::var("ASTANA_BENCH_KEEP").is_err();
        scale::bench_scale(
            &sizes,
            |size| archive(size, 0),
            |size| remove && size >= 1_000_000,
        );
        return;
    }
    if std::env::var("ASTANA_BENCH_ARCHIVE").is_ok_and(|v| v == "only") {
        bench_sqlite_archive(100_000, &extractor);
        return;
    }
    // Frames first: the first-frame measure spawns the binary, and forking a
    // process that has just held a 100k-article corpus costs time of its own.
    // ASTANA_BENCH_ONLY=views measures only the explorer's views over each
    // size's archive (one load).
    if std::env::var("ASTANA_BENCH_ONLY").as_deref() == Ok("views") {
        for &size in &sizes {
            let path = archive(size, 0);
            let (corpus, builder) = load(&path, &extractor);
            let index = builder.finish(&corpus.articles, extractor.entries());
            println!("## {size} articles");
            bench_views(&corpus.articles, &index);
            println!();
        }
        return;
    }
    // ASTANA_BENCH_ONLY=archive skips the frames and the hostile inputs
    // (for a quick run of the archive tables).
    if std::env::var("ASTANA_BENCH_ONLY").as_deref() != Ok("archive") {
        bench_frames(&extractor);
        bench_hostile_inputs();
    }
    for &size in &sizes {
        bench_archive(size, 0, &extractor);
    }
    scale::bench_scale(&sizes, |size| archive(size, 0), |_| false);
    if std::env::var("ASTANA_BENCH_ARCHIVE").map_or(true, |v| v != "0") {
        bench_sqlite_archive(100_000, &extractor);
    }
    let rare_words = std::env::var("ASTANA_BENCH_RARE_WORDS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(500_000);
    if rare_words > 0 {
        bench_archive(100_000, rare_words, &extractor);
    }
}

fn bench_archive(size: usize, rare_words: usize, extractor: &Extractor) {
    let path = archive(size, rare_words);
    let bytes = std::fs::metadata(&path).unwrap().len();
    let mb = bytes as f64 / 1e6;
    match rare_words {
        0 => println!("## {size} articles ({mb:.0} MB of JSONL)\n"),
        pool => println!(
            "## {size} articles with made-up words from a pool of {pool} ({mb:.0} MB of JSONL)\n"
        ),
    }
    let runs = 5;
    let mut load_times = Vec::new();
    let mut index_times = Vec::new();
    let mut total_times = Vec::new();
    let mut kept = None;
    for run in 0..=runs {
        let started = Instant::now();
        let (corpus, builder) = load(&path, extractor);
        let loaded = started.elapsed();
        let index = builder.finish(&corpus.articles, extractor.entries());
        let total = started.elapsed();
        if run > 0 {
            load_times.push(loaded);
            index_times.push(total - loaded);
            total_times.push(total);
        }
        kept = Some((corpus, index));
    }
    let (corpus, index) = kept.unwrap();
    let total = Stats::of(total_times);
    println!("| step | median ms | min ms | max ms |\n|---|---|---|---|");
    println!(
        "| load + extract + index words | {} |",
        Stats::of(load_times).ms()
    );
    println!(
        "| index: vocabulary, postings, entities | {} |",
        Stats::of(index_times).ms()
    );
    println!("| load + extract + index | {} |", total.ms());
    if let Some(fresh) = fresh_process_loads(&path, runs) {
        println!(
            "| load + extract + index, a fresh `astana list` process each run | {} |",
            fresh.ms()
        );
    }
    println!(
        "\nthroughput: {:.0} MB/s (median); peak RSS of `astana list` on this file: {}; \
         vocabulary: {} words\n",
        mb / total.median.as_secs_f64(),
        scale::list_run(&path).map_or("unknown".into(), |r| r.against(bytes)),
        index.vocabulary_len()
    );

    let articles = &corpus.articles;
    println!("| query (fresh) | results | median ms | min ms | max ms |\n|---|---|---|---|---|");
    for query in QUERIES {
        let results = Searcher::new()
            .run(&index, articles, query)
            .map_or(0, |h| h.len());
        let stats = measure(7, || {
            Searcher::new()
                .run(&index, articles, query)
                .map(|h| h.len())
                .ok()
        });
        println!("| `{query}` | {results} | {} |", stats.ms());
    }
    println!(
        "\n| typed one key at a time | keystrokes | p50 ms | min ms | max ms |\n|---|---|---|---|---|"
    );
    for typed in TYPED {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let mut searcher = Searcher::new();
            let mut text = String::new();
            for c in typed.chars() {
                text.push(c);
                let started = Instant::now();
                std::hint::black_box(searcher.run(&index, articles, &text).map(|h| h.len()).ok());
                samples.push(started.elapsed());
            }
        }
        let n = samples.len();
        println!("| `{typed}` | {n} | {} |", Stats::of(samples).ms());
    }
    bench_views(articles, &index);
    fzf_comparison(articles, &index);
    println!();
}

/// The explorer's views over every result (the broadest case): what `o`,
/// `t` and `c` compute when pressed, and the date filter.
fn bench_views(articles: &[astana::corpus::Article], index: &SearchIndex) {
    use astana::extract::EntityKind;
    use astana::search::Order;
    let mut searcher = Searcher::new();
    let results = searcher.run(index, articles, "").map_or(0, |h| h.len());
    println!(
        "\n| view over all {results} results | median ms | min ms | max ms |\n|---|---|---|---|"
    );
    let hits = searcher.hits().to_vec();
    let stats = measure(7, || {
        astana::search::timeline::timeline(index, articles, &hits).len()
    });
    println!("| `t` round timeline | {} |", stats.ms());
    let stats = measure(7, || {
        astana::search::cooccurrence::companions(index, articles, &hits, EntityKind::Place, "idlib")
            .1
    });
    println!("| `c` co-occurrence of Idlib | {} |", stats.ms());
    for order in [Order::Date, Order::Round] {
        let samples: Vec<Duration> = (0..7)
            .map(|_| {
                let mut s = Searcher::new();
                let _ = s.run(index, articles, "");
                let started = Instant::now();
                s.set_order(order, index, articles);
                started.elapsed()
            })
            .collect();
        println!(
            "| `o`: re-sort by {} | {} |",
            order.name(),
            Stats::of(samples).ms()
        );
    }
    let stats = measure(7, || {
        Searcher::new()
            .run(index, articles, "d:2017..2019")
            .map(|h| h.len())
            .ok()
    });
    println!("| `d:2017..2019` (fresh) | {} |", stats.ms());
}

/// fzf --filter over the titles (one line per article) against astana's
/// match time for the same query over titles, entities and text.
fn fzf_comparison(articles: &[astana::corpus::Article], index: &SearchIndex) {
    if Command::new("fzf").arg("--version").output().is_err() {
        println!("\nfzf is not installed (Debian package fzf): comparison skipped");
        return;
    }
    let titles: String = articles
        .iter()
        .map(|a| format!("{}\n", a.title.replace('\n', " ")))
        .collect();
    println!();
    for query in ["lavrentiev", "الغوطة"] {
        let mut fzf_lines = 0;
        let fzf = measure(5, || {
            let mut child = Command::new("fzf")
                .args(["--filter", query])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .ok()?;
            let mut stdin = child.stdin.take()?;
            let input = titles.clone();
            // Feed and read at once, so a full pipe cannot stall either side.
            let feeder = std::thread::spawn(move || {
                use std::io::Write;
                let _ = stdin.write_all(input.as_bytes());
            });
            let out = child.wait_with_output().ok()?;
            let _ = feeder.join();
            fzf_lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
            Some(())
        });
        let hits = Searcher::new()
            .run(index, articles, query)
            .map_or(0, |h| h.len());
        let ours = measure(5, || {
            Searcher::new()
                .run(index, articles, query)
                .map(|h| h.len())
                .ok()
        });
        println!(
            "- `{query}`: fzf --filter over {} titles: {fzf_lines} lines, median {:.1} ms \
             (whole process, reading the titles); astana over titles, entities and text: \
             {hits} articles, median {:.1} ms; ratio astana/fzf {:.3}",
            articles.len(),
            ms(fzf.median),
            ms(ours.median),
            ours.median.as_secs_f64() / fzf.median.as_secs_f64()
        );
    }
}

/// Load, extract and index as a user's process does it, with no memory
/// left over from an earlier run: the release binary's own `--timings`
/// (words while loading, then the index's finish), one process per run.
fn fresh_process_loads(path: &Path, runs: usize) -> Option<Stats> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let run = scale::list_run(path)?;
        samples.push(Duration::from_secs_f64((run.load_ms + run.finish_ms) / 1e3));
    }
    Some(Stats::of(samples))
}

/// Hostile inputs of the robustness issue, each in a fresh `astana list`
/// process: peak RSS against the file's size (the bound is 2×).
fn bench_hostile_inputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/hostile");
    let sentence = "اجتمعت وفود روسيا وتركيا وإيران في أستانا لبحث مناطق خفض التصعيد ";
    let body = sentence.repeat(50_000_000 / sentence.len() + 1);
    // Digits from a fixed linear congruential sequence: one word of 50 MB.
    let mut state = 1u64;
    let digits: String = (0..50_000_000)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            char::from(b'0' + (state >> 60) as u8 % 10)
        })
        .collect();
    let json = |value: &str| serde_json::to_string(value).unwrap();
    let tiny: String = (0..1_000_000)
        .map(|n| format!("{{\"id\":\"m{n}\",\"text\":\"خبر {n} عن أستانا\"}}\n"))
        .collect();
    // A field other than the text holding 200 MB (two-byte letters).
    let field = "مصدر ".repeat(200_000_000 / "مصدر ".len());
    let record_with = |name: &str| {
        format!(
            "{{\"id\":\"a\",\"text\":\"خبر عن أستانا\",\"{name}\":{}}}\n",
            json(&field)
        )
    };
    let cases: [(&str, &str, String); 7] = [
        (
            "a 50 MB one-line article (`.txt`)",
            "article.txt",
            format!("مقال ضخم من سطر واحد\n{body}"),
        ),
        (
            "the same as one JSONL line",
            "article.jsonl",
            format!(
                "{{\"id\":\"a\",\"title\":\"مقال ضخم\",\"text\":{}}}\n",
                json(&body)
            ),
        ),
        (
            "the same in a JSON array",
            "article.json",
            format!("[{{\"id\":\"a\",\"text\":{}}}]", json(&body)),
        ),
        (
            "50 MB of digits in one line (`.txt`)",
            "digits.txt",
            format!("أرقام\n{digits}"),
        ),
        ("1,000,000 JSONL records of 61 bytes", "tiny.jsonl", tiny),
        (
            "a 200 MB `source` field (JSONL)",
            "source.jsonl",
            record_with("source"),
        ),
        (
            "a 200 MB `url` field (JSONL)",
            "url.jsonl",
            record_with("url"),
        ),
    ];
    println!("## Hostile inputs (a fresh `astana list` each)\n");
    println!("| input | file MB | load ms | peak RSS |\n|---|---|---|---|");
    for (what, name, content) in cases {
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        if std::fs::metadata(&path).ok().map(|m| m.len()) != Some(content.len() as u64) {
            std::fs::write(&path, &content).unwrap();
        }
        let bytes = content.len() as u64;
        let run = scale::list_run(&path);
        println!(
            "| {what} | {:.1} | {} | {} |",
            bytes as f64 / 1e6,
            run.as_ref()
                .map_or("?".into(), |r| format!("{:.0}", r.load_ms)),
            run.map_or("unknown".into(), |r| r.against(bytes))
        );
    }
    println!();
    bench_user_gazetteer(&dir);
}

/// `astana list --gazetteer` with 100,000 user entries (each key listed
/// twice, so half of them merge into the other half): the whole process.
fn bench_user_gazetteer(dir: &Path) {
    let path = dir.join("gazetteer.toml");
    if !path.exists() {
        let entries: String = (0..100_000)
            .map(|i| {
                format!(
                    "[[entity]]\nkind = \"place\"\nkey = \"place-{}\"\nname = \"Place {i}\"\narabic = [\"مكان{i}\"]\n\n",
                    i % 50_000
                )
            })
            .collect();
        std::fs::write(&path, entries).unwrap();
    }
    let times = measure(3, || {
        let status = Command::new(env!("CARGO_BIN_EXE_astana"))
            .args(["list", "-q", "'zzzz", "--gazetteer"])
            .arg(&path)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.code() == Some(1), "{status:?}");
    });
    println!("| measure | median ms | min ms | max ms |\n|---|---|---|---|");
    println!(
        "| `astana list --gazetteer` with 100,000 user entries (bundled articles) | {} |\n",
        times.ms()
    );
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn bench_frames(extractor: &Extractor) {
    println!("## Frames\n");
    // First frame on the bundled corpus: load, extract, index, lay out, draw.
    let first = measure(20, || {
        let corpus = corpus::load_bundled(extractor);
        let app = App::new(corpus, extractor, AppOptions::default());
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| draw(f, &app)).unwrap();
    });
    // The time each run reports, not the whole call: ending the child
    // (portable-pty's kill waits 50 ms for it) is not part of a first frame.
    first_frame_of_the_binary();
    let process = Stats::of((0..20).map(|_| first_frame_of_the_binary()).collect());
    println!("| measure | median ms | min ms | max ms |\n|---|---|---|---|");
    println!(
        "| first frame, bundled corpus, 120x40 (in process) | {} |",
        first.ms()
    );
    println!(
        "| first frame, bundled corpus, 120x40 (`astana --bidi app` started in a pty until its status line shows) | {} |",
        process.ms()
    );

    // One frame at 200x50 with a long Arabic article open: the longest of a
    // small synthetic archive, scrolled one line per frame.
    let (corpus, builder) = load(&archive(1_000, 0), extractor);
    let index = builder.finish(&corpus.articles, extractor.entries());
    let (longest, long_bytes) = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (i, a.text.len()))
        .max_by_key(|&(_, len)| len)
        .unwrap();
    let mut app = App::with_index(corpus, index, AppOptions::default());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    app.update(Action::Resize(200, 50));
    // With no filter the list is in corpus order.
    for _ in 0..longest {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    terminal.draw(|f| draw(f, &app)).unwrap();
    let mut down = true;
    let frame = measure(50, || {
        app.update(if down { Action::Down } else { Action::Up });
        down = !down;
        terminal.draw(|f| draw(f, &app)).unwrap();
    });
    println!(
        "| one frame, 200x50, the longest article ({long_bytes} bytes of Arabic) open, scrolling | {} |",
        frame.ms()
    );
    println!();
}

/// Starts the real binary in a pseudo-terminal and waits until the
/// explorer's status line ("5/5 articles") has been drawn.
fn first_frame_of_the_binary() -> Duration {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_astana"));
    command.args(["--bidi", "app"]);
    command.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(command).unwrap();
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 8192];
    let elapsed = loop {
        let n = reader.read(&mut buffer).unwrap_or(0);
        if n == 0 {
            break started.elapsed();
        }
        seen.extend_from_slice(&buffer[..n]);
        if seen.windows(12).any(|w| w == b"5/5 articles") {
            break started.elapsed();
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// The archive file: import, size, and opening it.
fn bench_sqlite_archive(size: usize, extractor: &Extractor) {
    let jsonl = archive(size, 0);
    let db = jsonl.with_extension("sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    println!("## The SQLite archive, {size} articles\n");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_astana"))
        .arg("--archive")
        .arg(&db)
        .arg("import")
        .arg(&jsonl)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let import = started.elapsed();
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let file = std::fs::metadata(&db).unwrap().len();
    let (texts, stories): (i64, i64) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT sum(length(CAST(text AS BLOB))), sum(duplicate_of IS NULL) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    println!("| measure | value |\n|---|---|");
    println!(
        "| `astana import` of the JSONL ({:.0} MB), one process | {:.1} s (`{summary}`) |",
        std::fs::metadata(&jsonl).unwrap().len() as f64 / 1e6,
        import.as_secs_f64()
    );
    println!(
        "| archive file / its texts | {:.0} MB / {:.0} MB = {:.2}× |",
        file as f64 / 1e6,
        texts as f64 / 1e6,
        file as f64 / texts as f64
    );
    println!("| stories | {stories} |");
    let in_process = measure(3, || {
        let mut archive = astana::archive::Archive::open_read_only(&db).unwrap();
        let mut builder = IndexBuilder::new();
        let corpus = archive
            .load_into(false, extractor, None, &mut builder)
            .unwrap();
        let index = builder.finish(&corpus.articles, extractor.entries());
        (corpus, index)
    });
    println!(
        "| open + load + index, in process (median / min / max ms) | {} |",
        in_process.ms()
    );
    let mut listed = Vec::new();
    for _ in 0..3 {
        let out = Command::new(env!("CARGO_BIN_EXE_astana"))
            .arg("--archive")
            .arg(&db)
            .args(["list", "--timings", "-q", "'zzzz"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if let Some(line) = stderr.lines().find(|l| l.contains("load+extract")) {
            listed.push(line.trim_start_matches("astana: timings: ").to_string());
        }
    }
    for line in &listed {
        println!("| a fresh `astana list --timings` | {line} |");
    }
    let (mut first, mut ready) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        if let Some((f, r)) = explorer_on_archive(&db, stories as usize) {
            first.push(f);
            ready.push(r);
        }
    }
    if !first.is_empty() {
        println!(
            "| explorer in a pty: first frame (median / min / max ms) | {} |",
            Stats::of(first).ms()
        );
        println!(
            "| explorer in a pty: the list with the filter ready (median / min / max ms) | {} |",
            Stats::of(ready).ms()
        );
    }
    println!();
}

/// The explorer on the archive `db` in a pty: the time to its first
/// output (the loading screen), and to its status line counting every story.
fn explorer_on_archive(db: &Path, stories: usize) -> Option<(Duration, Duration)> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .ok()?;
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_astana"));
    command.args(["--bidi", "app"]);
    command.env("TERM", "xterm-256color");
    command.env("ASTANA_ARCHIVE", db);
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(command).ok()?;
    let mut reader = pty.master.try_clone_reader().ok()?;
    let want = format!("/{stories} articles");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 8192];
    let mut first = None;
    let ready = loop {
        let n = reader.read(&mut buffer).unwrap_or(0);
        if n == 0 {
            break None;
        }
        seen.extend_from_slice(&buffer[..n]);
        // The loading screen's words, or the list's status line.
        if first.is_none() && (contains(&seen, b"loading") || contains(&seen, b" articles")) {
            first = Some(started.elapsed());
        }
        if contains(&seen, want.as_bytes()) {
            break Some(started.elapsed());
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    Some((first?, ready?))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
