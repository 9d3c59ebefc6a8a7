//! Pathological articles in the real explorer: each one is opened, scrolled
//! to the end and back, and the explorer must still answer and quit
//! cleanly. Liveness limits only, generous for a loaded machine.

mod pty;

use pty::{EXIT_LIMIT, Options, Session, keys};
use std::{fs, path::Path, time::Duration};

fn write_article(dir: &Path, name: &str, title: &str, body: &str) {
    fs::write(dir.join(name), format!("{title}\n{body}\n")).unwrap();
}

/// The article pane's scroll indicator, `last/total` lines, when it is
/// at the end: the same number twice, above one screenful.
fn at_the_end(screen: &str, rows: u16) -> bool {
    screen.split_whitespace().any(|token| {
        let mut parts = token.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), None) => {
                a == b && b.parse::<usize>().is_ok_and(|n| n > rows as usize)
            }
            _ => false,
        }
    })
}

/// Loading and extracting 50 MB takes about a minute in a debug build
/// on a shared two-core machine; a quadratic step would take hours.
const LOAD_LIMIT: Duration = Duration::from_secs(300);

/// Opens the only article in `dir` (file stem `id`), goes to its end and
/// back, and quits.
fn open_scroll_quit(dir: &Path, id: &str, cols: u16, rows: u16) {
    let mut s = Session::start(Options::new(cols, rows, &[dir.to_str().unwrap()]));
    s.expect_within(LOAD_LIMIT, "the article loaded", |s| {
        s.screen_text().contains("1/1 articles")
    });
    s.send(keys::ENTER);
    // The metadata line under the title ends with the article's id.
    s.expect_text(id);
    s.type_text("G");
    s.expect("the end of the article", |s| {
        at_the_end(&s.screen_text(), rows)
    });
    for key in ["k", "g", "j", "n", "]", "["] {
        s.type_text(key);
        s.settle();
    }
    // Still answering: the help overlay opens and closes.
    s.type_text("?");
    s.expect_text("Esc closes");
    s.send(keys::ESC);
    s.expect("the help closed", |s| {
        !s.screen_text().contains("Esc closes")
    });
    s.send(keys::CTRL_C);
    let status = s.wait_exit(EXIT_LIMIT).expect("Ctrl-c quits");
    // Ctrl-c is the interrupt key: SIGINT, as from the shell.
    assert_eq!(status.exit_code(), 128 + libc::SIGINT as u32);
}

#[test]
fn a_word_of_100000_letters() {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "long-word.txt",
        "كلمة طويلة",
        &"ب".repeat(100_000),
    );
    open_scroll_quit(dir.path(), "long-word", 80, 24);
}

#[test]
fn one_long_line_of_digits() {
    let dir = tempfile::tempdir().unwrap();
    write_article(dir.path(), "digits.txt", "أرقام", &"7".repeat(1_000_000));
    open_scroll_quit(dir.path(), "digits", 80, 24);
}

#[test]
fn a_50_megabyte_single_line_article() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "اجتمعت وفود روسيا وتركيا وإيران في أستانا لبحث مناطق خفض التصعيد ";
    let body = sentence.repeat(50_000_000 / sentence.len() + 1);
    write_article(dir.path(), "fifty-mb.txt", "مقال ضخم من سطر واحد", &body);
    open_scroll_quit(dir.path(), "fifty-mb", 120, 40);
}

#[test]
fn a_tiny_terminal_with_an_article_open() {
    let dir = tempfile::tempdir().unwrap();
    write_article(dir.path(), "tiny-term.txt", "عنوان", "نص قصير عن أستانا.");
    let mut s = Session::start(Options::new(80, 24, &[dir.path().to_str().unwrap()]));
    s.expect_text("1/1 articles");
    s.send(keys::ENTER);
    s.expect_text("tiny-term");
    for (cols, rows) in [(1, 1), (2, 1), (1, 3), (39, 9), (40, 10), (10, 2)] {
        s.resize(cols, rows);
        s.settle();
        s.type_text("j");
        s.settle();
    }
    s.resize(80, 24);
    s.expect_text("tiny-term");
    s.send(keys::CTRL_C);
    let status = s.wait_exit(EXIT_LIMIT).expect("Ctrl-c quits");
    // Ctrl-c is the interrupt key: SIGINT, as from the shell.
    assert_eq!(status.exit_code(), 128 + libc::SIGINT as u32);
}
