//! Hostile input in the real binary in a pseudo-terminal (issue 24): paste
//! storms, a filter longer than its line, zero-width characters.

mod pty;

use pty::{EXIT_LIMIT, Options, Session, keys};
use std::time::{Duration, Instant};

fn start_and_wait(cols: u16, rows: u16, args: &[&str]) -> Session {
    let mut s = Session::start(Options::new(cols, rows, args));
    s.expect_text(" articles");
    s.expect_text("Articles");
    s.settle();
    s
}

/// The first row: the filter line (with the list beside the article).
fn filter_row(s: &Session) -> String {
    s.screen_text()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_huge_paste_is_taken_at_once_capped_and_ctrl_c_ends_the_session() {
    let mut s = start_and_wait(100, 30, &[]);
    s.type_text("/");
    s.settle();
    let started = Instant::now();
    let written = s.send_pumping("a".repeat(200_000).as_bytes());
    assert_eq!(written, 200_000);
    // A liveness bound: laying the filter out again for every few hundred
    // keys took minutes here.
    s.expect_within(Duration::from_secs(30), "the cap's message", |s| {
        s.screen_text().contains("filter cut at 1000 chars")
    });
    eprintln!("200,000 pasted keys taken in {:?}", started.elapsed());
    let sent = Instant::now();
    s.send(keys::CTRL_C);
    let status = s.wait_exit(EXIT_LIMIT).expect("Ctrl-c ends the session");
    eprintln!("Ctrl-c to exit: {:?}", sent.elapsed());
    assert_eq!(status.exit_code(), 128 + libc::SIGINT as u32);
}

#[test]
fn ctrl_c_typed_behind_a_huge_paste_ends_the_session_without_taking_the_rest() {
    let mut s = start_and_wait(100, 30, &[]);
    s.type_text("/");
    s.settle();
    let mut burst = "b".repeat(100_000).into_bytes();
    burst.extend_from_slice(keys::CTRL_C);
    burst.extend_from_slice("c".repeat(100_000).as_bytes());
    let sent = Instant::now();
    let written = s.send_pumping(&burst);
    let status = s
        .wait_exit(Duration::from_secs(20))
        .expect("Ctrl-c ends the session behind the paste");
    eprintln!(
        "paste and Ctrl-c to exit: {:?}, {written} of {} bytes written",
        sent.elapsed(),
        burst.len()
    );
    assert_eq!(status.exit_code(), 128 + libc::SIGINT as u32);
}

#[test]
fn a_filter_longer_than_its_line_scrolls_with_the_caret() {
    let mut s = start_and_wait(80, 24, &[]);
    let query = format!("/{} !idlib", "a".repeat(90));
    s.type_text(&query);
    s.expect("the end of the filter in view", |s| {
        filter_row(s).contains("!idlib")
    });
    assert!(
        s.screen_text().contains("long filter"),
        "{}",
        s.screen_text()
    );
    // Home brings the start back into view.
    s.send(b"\x1b[H");
    s.expect("the start of the filter in view", |s| {
        !filter_row(s).contains("!idlib")
    });
}

/// Runs `script` under `sh -c` in the terminal, with `$ASTANA` the binary.
fn shell(script: &str, cols: u16, rows: u16) -> Session {
    let mut options = Options::new(cols, rows, &["-c", script]);
    options.program = Some("/bin/sh");
    options.env.push(("ASTANA", pty::astana().to_string()));
    Session::start(options)
}

#[test]
fn the_documented_pipeline_passes_hostile_ids_whole() {
    let ids = [
        "x --gazetteer /dev/zero",
        "--\u{1b}]2;HACKED\u{7}",
        "-q",
        "it's \"quoted\" \\ back",
    ];
    for id in ids {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.jsonl");
        let record =
            serde_json::json!({"id": id, "title": "the hostile one", "text": "body of it"});
        std::fs::write(&file, format!("{record}\n")).unwrap();
        let out = dir.path().join("out.txt");
        // The pipeline of the README and USAGE, with the file named.
        let script = format!(
            "\"$ASTANA\" --print0 '{f}' | xargs -0 -I ID \"$ASTANA\" show -- ID '{f}' > '{o}' 2>&1",
            f = file.display(),
            o = out.display()
        );
        let mut s = shell(&script, 100, 30);
        s.expect_text("1/1 articles");
        s.settle();
        s.send(keys::ENTER);
        let status = s
            .wait_exit(Duration::from_secs(20))
            .expect("the pipeline ends");
        let printed = std::fs::read_to_string(&out).unwrap();
        assert!(status.success(), "{id:?}: {status:?}: {printed}");
        assert!(printed.contains("body of it"), "{id:?}: {printed}");
        assert!(s.parser.callbacks().titles.is_empty(), "{id:?}");
    }
}

#[test]
fn argument_errors_on_a_terminal_go_through_the_sanitizer() {
    for args in [
        vec!["--bidi", "\u{1b}]2;X\u{7}"],
        vec!["show", "--\u{1b}]2;HACKED\u{7}"],
        vec!["--bidi", "a\rb\u{7}c\u{8}d"],
        vec!["list", "--jsn\u{9b}2J"],
    ] {
        let mut s = Session::start(Options::new(100, 30, &args));
        let status = s.wait_exit(Duration::from_secs(20)).expect("astana ends");
        assert_eq!(status.exit_code(), 2, "{args:?}");
        assert!(s.screen_text().contains("error"), "{}", s.screen_text());
        let raw = String::from_utf8_lossy(&s.raw);
        assert!(
            // (The terminal itself turns each newline into `\r\n`.)
            !raw.contains("\u{1b}]")
                && !raw.contains("a\rb")
                && !raw.contains(['\u{7}', '\u{8}', '\u{9b}']),
            "{args:?}: {raw:?}"
        );
        assert!(s.parser.callbacks().titles.is_empty());
        assert_eq!(s.parser.callbacks().bells, 0);
    }
}

/// `astana ARGS`, not in a terminal: (status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(pty::astana())
        .args(args)
        .output()
        .expect("astana runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn devices_named_or_found_are_refused_with_one_line() {
    let started = Instant::now();
    let (code, _, err) = run(&["list", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("astana: warning: /dev/zero: a character device, not a file: not read"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("z.jsonl")).unwrap();
    std::fs::write(dir.path().join("a.txt"), "مقال قصير\n").unwrap();
    let (code, out, err) = run(&["list", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        err.contains("z.jsonl: a character device, not a file"),
        "{err}"
    );
    let (code, _, err) = run(&["list", "--gazetteer", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("/dev/zero: a character device, not a file"),
        "{err}"
    );
    // Liveness: each of these grew until the kernel killed it.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_named_fifo_is_read_up_to_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [("p.jsonl", vec!["list"]), ("p.txt", vec!["list"])] {
        let fifo = dir.path().join(name);
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // A writer that never ends (until the reader goes away).
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                use std::io::Write;
                let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
                let line = b"{\"id\":\"a\",\"text\":\"x\"}\n".repeat(1000);
                while f.write_all(&line).is_ok() {}
            })
        };
        let mut args = args.clone();
        let path = fifo.to_str().unwrap();
        args.extend(["--max-file-size", "1M", path]);
        let (_, _, err) = run(&args);
        assert!(err.contains("1 MiB (--max-file-size)"), "{name}: {err}");
        writer.join().unwrap();
    }
    // A regular file over the cap is refused before it is read.
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "x".repeat(3000)).unwrap();
    let (code, _, err) = run(&["list", "--max-file-size", "2K", big.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("big.txt: larger than 2 KiB (--max-file-size): not read"),
        "{err}"
    );
}

#[test]
fn an_open_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    // A link to itself: the same error for root as for anyone.
    let looped = dir.path().join("loop.txt");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let (code, _, err) = run(&["list", looped.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn invisible_fillers_are_never_drawn_and_leave_no_cells() {
    let fillers = [
        '\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}', '\u{200B}', '\u{2060}', '\u{FEFF}',
    ];
    let dir = tempfile::tempdir().unwrap();
    let records: String = fillers
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let title = format!("{f}{f}{f} title {i} x{f}{f}y");
            let record = serde_json::json!({"id": format!("f{i}"), "title": title, "text": format!("{title} نص")});
            format!("{record}\n")
        })
        .collect();
    let file = dir.path().join("fill.jsonl");
    std::fs::write(&file, records).unwrap();
    let mut s = start_and_wait(120, 30, &[file.to_str().unwrap()]);
    s.expect_text("title 0");
    s.type_text("/zzzzqq");
    s.expect_text("no articles match");
    s.settle();
    let raw = String::from_utf8_lossy(&s.raw);
    for f in fillers {
        assert!(!raw.contains(f), "U+{:04X} was drawn", f as u32);
    }
    // What the titles leave is their visible text, cell for cell.
    assert!(!s.screen_text().contains("title"), "{}", s.screen_text());
}

#[test]
fn records_are_objects_and_ids_are_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rec.jsonl");
    std::fs::write(
        &file,
        concat!(
            "[\"نص\",\"\",\"\",\"x\",\"t\",\"\",\"\",\"\"]\n",
            "{\"id\":1e400,\"text\":\"نص أ\"}\n",
            "{\"id\":123456789012345678901234567890,\"text\":\"نص ب\"}\n",
            "{\"id\":\"a\",\"id\":\"b\",\"text\":\"نص ج\"}\n",
            "{\"id\":true,\"text\":\"نص د\"}\n",
        ),
    )
    .unwrap();
    let (code, out, err) = run(&["list", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(ids, ["1e400", "123456789012345678901234567890"]);
    assert!(
        err.contains("rec.jsonl:1: malformed JSON: a record is a JSON object"),
        "{err}"
    );
    assert!(
        err.contains("rec.jsonl:4: malformed JSON: duplicate field `id`"),
        "{err}"
    );
    assert!(
        err.contains("rec.jsonl:5: \"id\" is not a string or a number"),
        "{err}"
    );
    assert!(
        !err.contains("Scalar") && !err.contains("untagged"),
        "{err}"
    );
}

#[test]
fn a_closed_stdout_is_an_error() {
    let out = std::process::Command::new("/bin/sh")
        .args([
            "-c",
            "\"$0\" list >&-; echo \"status $?\" >&2",
            pty::astana(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("standard output is closed"), "{err}");
    assert!(err.contains("status 2"), "{err}");
    // A shell's `> /dev/null` is output thrown away on purpose.
    let (code, _, _) = run(&["list"]);
    assert_eq!(code, 0);
}

#[test]
fn term_dumb_is_refused_with_a_message() {
    let mut options = Options::new(80, 24, &[]);
    options.env.push(("TERM", "dumb".into()));
    let mut s = Session::start(options);
    let status = s.wait_exit(Duration::from_secs(20)).expect("astana ends");
    assert_eq!(status.exit_code(), 2);
    assert!(s.screen_text().contains("TERM=dumb"), "{}", s.screen_text());
    assert!(
        !pty::contains(&s.raw, b"\x1b[?1049h"),
        "took the alternate screen"
    );
}

#[test]
fn bidi_marks_and_separators_do_not_reach_a_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.jsonl");
    let record = serde_json::json!({
        "id": "m\u{200F}1",
        "title": "عنوان\u{200E} title\u{2028}two",
        "text": "سطر\u{2029}آخر \u{061C}x"
    });
    std::fs::write(&file, format!("{record}\n")).unwrap();
    for args in [vec!["list"], vec!["show", "m"]] {
        let mut args = args.clone();
        args.push(file.to_str().unwrap());
        let mut s = Session::start(Options::new(100, 30, &args));
        let status = s.wait_exit(Duration::from_secs(20)).expect("astana ends");
        assert!(status.success(), "{args:?}: {}", s.screen_text());
        let raw = String::from_utf8_lossy(&s.raw);
        for c in ['\u{200E}', '\u{200F}', '\u{061C}', '\u{2028}', '\u{2029}'] {
            assert!(
                !raw.contains(c),
                "{args:?}: U+{:04X} reached the terminal",
                c as u32
            );
        }
    }
}
