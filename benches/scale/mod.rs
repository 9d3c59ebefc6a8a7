//! The explorer as a user meets it, through a pseudo-terminal: the time to
//! its first output, to its list, and per key typed into the filter, from
//! the key's write to the last byte of the frame that answers it (search,
//! layout, drawing and writing included).
//!
//! `ASTANA_BENCH_SCALE=10000,100000,1000000 cargo bench --bench archive`
//! runs only this, at each size: the synthetic archive (written under
//! `ASTANA_BENCH_DATA`, `target/bench-data` by default; at 1,000,000
//! articles it is a few gigabytes and takes minutes to write and load),
//! three fresh `astana list --timings` processes (load, peak RSS, wall
//! time), then one explorer session typing a broad and a selective query.

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The output of one key has ended when nothing more came for this long
/// (astana writes a frame in one piece; this only has to outlast the gap
/// between the reads of one frame).
const QUIET: Duration = Duration::from_millis(150);
/// How long a key may take before its first byte, on any machine.
const PATIENCE: Duration = Duration::from_secs(5);

/// A query matching most articles of a synthetic archive (80 %), and one
/// matching few.
pub const BROAD: &str = "الضامنة";
pub const SELECTIVE: &str = "lavrentiev";

/// The binary measured: this build's, or `ASTANA_BENCH_BIN` (another
/// build's, for a before-and-after comparison).
pub fn binary() -> std::ffi::OsString {
    std::env::var_os("ASTANA_BENCH_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_astana").into())
}

/// The real binary in a pty, its output read on a thread of its own with
/// the time each piece arrived.
pub struct Explorer {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: mpsc::Receiver<(Instant, Vec<u8>)>,
    seen: Vec<u8>,
    pub started: Instant,
    // Kept open: the pty ends with its master.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Explorer {
    /// `astana --bidi app ARGS` at `cols`×`rows`, no archive.
    /// `archive`: the archive it opens with no path (none: no archive).
    pub fn start(
        args: &[&std::ffi::OsStr],
        archive: Option<&Path>,
        cols: u16,
        rows: u16,
    ) -> Option<Explorer> {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .ok()?;
        let mut command = CommandBuilder::new(binary());
        command.args(["--bidi", "app"]);
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        command.env(
            "ASTANA_ARCHIVE",
            archive.unwrap_or(Path::new("/nonexistent/astana-bench/archive.sqlite3")),
        );
        let started = Instant::now();
        let child = pty.slave.spawn_command(command).ok()?;
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().ok()?;
        let writer = pty.master.take_writer().ok()?;
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buffer = vec![0u8; 1 << 16];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        if tx.send((Instant::now(), buffer[..n].to_vec())).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Some(Explorer {
            child,
            writer,
            output,
            seen: Vec::new(),
            started,
            _master: pty.master,
        })
    }

    /// Waits until the output so far holds `needle`; when it arrived.
    pub fn wait_for(&mut self, needle: &[u8], limit: Duration) -> Option<Instant> {
        let deadline = Instant::now() + limit;
        // Only the tail can hold a needle that straddles two reads.
        let mut from = 0;
        loop {
            if contains(&self.seen[from..], needle) {
                return Some(Instant::now());
            }
            from = self.seen.len().saturating_sub(needle.len());
            let left = deadline.checked_duration_since(Instant::now())?;
            let (at, bytes) = self.output.recv_timeout(left).ok()?;
            self.seen.extend_from_slice(&bytes);
            if contains(&self.seen[from..], needle) {
                return Some(at);
            }
        }
    }

    /// Sends `bytes` as typed; the time from the write to the last byte of
    /// the answer (`None` if nothing came).
    pub fn key(&mut self, bytes: &[u8]) -> Option<Duration> {
        // What came before the key is not its answer.
        while let Ok((_, b)) = self.output.try_recv() {
            self.seen.extend_from_slice(&b);
        }
        let sent = Instant::now();
        self.writer.write_all(bytes).ok()?;
        self.writer.flush().ok()?;
        let (mut last, first) = self.output.recv_timeout(PATIENCE).ok()?;
        self.seen.extend_from_slice(&first);
        while let Ok((at, b)) = self.output.recv_timeout(QUIET) {
            last = at;
            self.seen.extend_from_slice(&b);
        }
        // The screen's bytes are not needed past this point.
        self.seen.clear();
        Some(last - sent)
    }

    /// Types `text` one character at a time; each key's time.
    pub fn type_text(&mut self, text: &str) -> Vec<Duration> {
        let mut buffer = [0u8; 4];
        text.chars()
            .filter_map(|c| self.key(c.encode_utf8(&mut buffer).as_bytes()))
            .collect()
    }
}

impl Drop for Explorer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// One explorer session on a file of `articles` articles.
pub struct Session {
    /// To the first output (the loading screen, or the list).
    pub first_output: Duration,
    /// To the status line counting every article: the explorer is ready.
    pub ready: Duration,
    pub broad: Vec<Duration>,
    pub selective: Vec<Duration>,
}

/// Starts the explorer on `path`, waits for its list, then types [`BROAD`]
/// and [`SELECTIVE`] `rounds` times each (Ctrl-u empties the filter in
/// between), at 160×48.
pub fn session(path: &Path, articles: usize, rounds: usize) -> Option<Session> {
    let mut explorer = match is_archive(path) {
        true => Explorer::start(&[], Some(path), 160, 48)?,
        false => Explorer::start(&[path.as_os_str()], None, 160, 48)?,
    };
    let limit = Duration::from_secs(600);
    // The loading screen's count or the list's status line.
    let first = explorer.wait_for(b" articles", limit)?;
    let ready = explorer.wait_for(format!("/{articles} articles").as_bytes(), limit)?;
    // Let the first frames finish arriving, then go to the filter line
    // (where a letter is typed, not taken as a command).
    std::thread::sleep(QUIET);
    explorer.key(b"/");
    let (mut broad, mut selective) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        broad.extend(explorer.type_text(BROAD));
        explorer.key(b"\x15");
        selective.extend(explorer.type_text(SELECTIVE));
        explorer.key(b"\x15");
    }
    Some(Session {
        first_output: first - explorer.started,
        ready: ready - explorer.started,
        broad,
        selective,
    })
}

/// What a fresh `astana list --timings -q "'zzzz"` process reports, and
/// its wall time.
pub struct ListRun {
    pub wall: Duration,
    /// Load, extraction and index words (ms).
    pub load_ms: f64,
    /// The index's finish (ms).
    pub finish_ms: f64,
    /// Peak RSS, MiB.
    pub peak_mib: f64,
}

impl ListRun {
    /// "849.2 MiB (1.75× the file)".
    pub fn against(&self, file_bytes: u64) -> String {
        format!(
            "{:.1} MiB ({:.2}× the file)",
            self.peak_mib,
            self.peak_mib * f64::from(1 << 20) / file_bytes as f64
        )
    }
}

/// A fresh process of the binary measured on `path` (a JSONL file, or an
/// archive opened with no path), matching nothing.
pub fn list_run(path: &Path) -> Option<ListRun> {
    let started = Instant::now();
    let mut command = Command::new(binary());
    match is_archive(path) {
        true => command.arg("--archive").arg(path).arg("list"),
        false => command.arg("list").arg(path),
    };
    let out = command.args(["--timings", "-q", "'zzzz"]).output().ok()?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let after = |label: &str| -> Option<f64> {
        let line = stderr.lines().find(|l| l.contains(label))?;
        let rest = &line[line.find(label)? + label.len()..];
        rest.split_whitespace().next()?.parse().ok()
    };
    Some(ListRun {
        wall,
        load_ms: after("timings: load+extract+index words ")?,
        finish_ms: after("index finish ")?,
        peak_mib: after("timings: peak RSS ")?,
    })
}

/// An archive file (`ASTANA_BENCH_SCALE_DB`), opened with no path, rather
/// than a JSONL file.
fn is_archive(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "sqlite3")
}

/// p50 and max in milliseconds, "12.3 / 20.1".
pub fn p50_max(samples: &[Duration]) -> String {
    if samples.is_empty() {
        return "?".into();
    }
    let mut sorted = samples.to_vec();
    sorted.sort();
    format!(
        "{:.1} / {:.1}",
        sorted[sorted.len() / 2].as_secs_f64() * 1e3,
        sorted[sorted.len() - 1].as_secs_f64() * 1e3
    )
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The scale table: per size, the file, the load of a fresh `astana list`
/// (median of three), its peak RSS against the file, the explorer's first
/// output and readiness, and the keystrokes. `archive(size)` writes the
/// file if needed; `remove(size)` says whether to delete it after (the
/// million's gigabytes).
pub fn bench_scale(
    sizes: &[usize],
    archive: impl Fn(usize) -> std::path::PathBuf,
    remove: impl Fn(usize) -> bool,
) {
    println!("## The explorer at scale (pty keystrokes)\n");
    println!(
        "| articles | file | `astana list` load + index (median of 3) | `astana list` wall | peak RSS | \
         explorer: first output | explorer: ready | broad `{BROAD}` p50 / max ms | \
         selective `{SELECTIVE}` p50 / max ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for &size in sizes {
        let path = archive(size);
        let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
        let runs: Vec<ListRun> = (0..3).filter_map(|_| list_run(&path)).collect();
        let load = median(runs.iter().map(|r| r.load_ms + r.finish_ms).collect());
        let wall = median(runs.iter().map(|r| r.wall.as_secs_f64() * 1e3).collect());
        let peak = median(runs.iter().map(|r| r.peak_mib).collect());
        let rounds = if size >= 1_000_000 { 3 } else { 5 };
        let session = session(&path, size, rounds);
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
        println!(
            "| {size} | {:.0} MB | {load:.0} ms | {wall:.0} ms | {peak:.1} MiB ({:.2}×) | {} | {} | {} | {} |",
            bytes as f64 / 1e6,
            peak * f64::from(1 << 20) / bytes as f64,
            session.as_ref().map_or("?".into(), |s| ms(s.first_output)),
            session.as_ref().map_or("?".into(), |s| ms(s.ready)),
            session.as_ref().map_or("?".into(), |s| p50_max(&s.broad)),
            session
                .as_ref()
                .map_or("?".into(), |s| p50_max(&s.selective)),
        );
        if remove(size) {
            let _ = std::fs::remove_file(&path);
        }
    }
    println!();
}
