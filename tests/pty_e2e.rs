//! The built binary in a pseudo-terminal, driven by keystrokes as a user
//! would, with the screen read back through a terminal emulator (vt100).

mod pty;

use pty::{EXIT_LIMIT, Mode8, Options, Session, contains, keys};
use std::{fs, path::Path, process::Command};

/// Ids of the bundled articles `astana list` selects with `args`: the
/// oracle for what the explorer should show.
fn listed_ids(args: &[&str]) -> Vec<String> {
    let out = Command::new(pty::astana())
        .arg("list")
        .args(args)
        .env(
            "ASTANA_ARCHIVE",
            "/nonexistent/astana-tests/archive.sqlite3",
        )
        .output()
        .expect("run astana list");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| line.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

fn status_row(session: &Session) -> String {
    let (rows, cols) = session.parser.screen().size();
    session
        .parser
        .screen()
        .contents_between(rows.get() - 1, 0, rows.get() - 1, cols.get())
}

/// The terminal is as the shell left it: main screen, cursor shown, raw
/// mode off (line editing and echo back on).
fn assert_restored(session: &Session) {
    let screen = session.parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor still hidden");
    let modes = session.local_modes();
    assert!(
        modes & libc::ICANON != 0 && modes & libc::ECHO != 0,
        "raw mode left on"
    );
}

/// Waits for the explorer's first real screen (the list is drawn).
fn expect_explorer(session: &mut Session) {
    session.expect_text(" articles");
    session.expect_text("Articles");
}

/// `/`, `g:iran`, Enter, `n`, `f`, `q` as a user types them, checking
/// after each key what a user would look at. The corpus is the seeds plus
/// an article that names Russia only, so the filter visibly narrows.
fn walk_through(cols: u16, rows: u16) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("russia-only.txt"),
        "لافروف يستقبل وفدا في موسكو\nقال وزير الخارجية الروسي سيرغي لافروف إن روسيا مستعدة للحوار.\n",
    )
    .unwrap();
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let extra = dir.path().to_str().unwrap();
    let iran = listed_ids(&["-g", "iran", seeds, extra]);
    let all = listed_ids(&[seeds, extra]);
    assert!(
        !iran.is_empty() && iran.len() < all.len(),
        "the seeds name Iran and the extra article does not: {iran:?} of {all:?}"
    );
    let mut s = Session::start(Options::new(cols, rows, &[seeds, extra]));
    expect_explorer(&mut s);
    s.expect_text(&format!("{}/{} articles", all.len(), all.len()));
    assert!(s.parser.screen().alternate_screen());
    assert!(s.parser.screen().hide_cursor());
    assert!(
        s.local_modes() & libc::ICANON == 0,
        "raw mode not on during the session"
    );

    s.type_text("/");
    s.type_text("g:iran");
    let narrowed = format!("{}/{} articles", iran.len(), all.len());
    s.expect(&narrowed, |s| {
        let status = status_row(s);
        status.contains(&narrowed) && status.contains("g:iran")
    });
    // Every listed row carries the Iran badge.
    s.settle();
    let screen = s.screen_text();
    let badge_rows = screen.lines().filter(|l| l.contains(" IR ")).count();
    assert!(badge_rows >= iran.len().min(rows as usize - 4), "{screen}");

    s.send(keys::ENTER);
    s.expect("an Iran article opened", |s| {
        let screen = s.screen_text();
        screen.contains("Article") && iran.iter().any(|id| screen.contains(id.as_str()))
    });

    s.type_text("n");
    // The status line reports where `n` went (or that there is nowhere to go).
    s.expect("n answered in the status line", |s| {
        status_row(s).contains("match")
    });
    let screen = s.screen_text();
    assert!(
        iran.iter().any(|id| screen.contains(id.as_str())),
        "n left the article:\n{screen}"
    );

    s.type_text("f");
    s.expect("the facet picker", |s| s.screen_text().contains("Facets"));
    let facets = s.screen_text();
    let iran_row = facets
        .lines()
        .find(|l| l.contains("[x] iran"))
        .unwrap_or_else(|| panic!("no ticked Iran row in the facet picker:\n{facets}"));
    assert!(
        iran_row
            .split_whitespace()
            .any(|w| w == iran.len().to_string()),
        "Iran count under g:iran should be {}: {iran_row:?}",
        iran.len()
    );

    s.send(keys::ESC);
    s.expect("the facet picker closed", |s| {
        !s.screen_text().contains("Facets")
    });
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(status.success(), "{status:?}");
    assert_restored(&s);
}

/// With `-q r:4` the picker still offers round 20 (outside the results)
/// with its count; ticking it and Enter widen the filter and the list.
#[test]
fn the_facet_picker_widens_the_filter_by_a_round_outside_the_results() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let all = listed_ids(&[seeds]);
    let round4 = listed_ids(&["-q", "r:4", seeds]);
    let round20 = listed_ids(&["-q", "r:20", seeds]);
    let widened = listed_ids(&["-q", "r:4,20", seeds]);
    assert!(
        !round20.is_empty() && widened.len() > round4.len(),
        "the seeds have rounds 4 and 20: {round4:?} {round20:?}"
    );
    let mut s = Session::start(Options::new(120, 40, &["-q", "r:4", seeds]));
    expect_explorer(&mut s);
    s.expect_text(&format!("{}/{} articles", round4.len(), all.len()));

    s.type_text("f");
    s.expect("the facet picker", |s| s.screen_text().contains("Facets"));
    let screen = s.screen_text();
    for section in [
        "Guarantors",
        "Rounds",
        "People",
        "Places",
        "Orgs",
        "Agencies",
    ] {
        assert!(screen.contains(section), "no {section} section:\n{screen}");
    }
    assert!(screen.contains("[x] round 4"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains("[ ] round 20"))
        .unwrap_or_else(|| panic!("round 20 is not offered:\n{screen}"));
    assert!(
        row.split(['│', ' '])
            .any(|w| w == round20.len().to_string()),
        "round 20's count should be {}: {row:?}",
        round20.len()
    );

    // Typing narrows the rounds to round 20; Space ticks it, Enter applies.
    s.type_text("20");
    s.expect("the rounds narrowed", |s| {
        let screen = s.screen_text();
        screen.contains("[ ] round 20") && !screen.contains("[x] round 4")
    });
    s.type_text(" ");
    s.expect("round 20 ticked", |s| {
        s.screen_text().contains("[x] round 20")
    });
    s.send(keys::ENTER);
    let wider = format!("{}/{} articles", widened.len(), all.len());
    s.expect(&wider, |s| {
        let status = status_row(s);
        !s.screen_text().contains("Facets") && status.contains(&wider) && status.contains("r:4,20")
    });
    assert!(
        s.screen_text()
            .lines()
            .next()
            .unwrap_or("")
            .contains("r:4,20")
    );

    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(status.success(), "{status:?}");
    assert_restored(&s);
}

#[test]
fn filter_open_match_facets_quit_at_80x24() {
    walk_through(80, 24);
}

#[test]
fn filter_open_match_facets_quit_at_160x48() {
    walk_through(160, 48);
}

/// Writes one article that tries every trick on the terminal.
fn hostile_corpus(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("hostile.txt");
    let text = concat!(
        "عنوان \x1b]0;PWNED-TITLE\x07 أستانا\n",
        "نص \x1b[2J مسح الشاشة \x1b[10;10H تحريك المؤشر\n",
        "حافظة \x1b]52;c;cHduZWQ=\x07 نهاية\n",
        "معكوس \u{202E}abc\u{202C} ثم \u{9b}31m C1 و\x7f حذف\n",
        "bell \x07 and title \x1b]2;PWNED2\x1b\\ end\n",
    );
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn escape_sequences_in_an_article_are_shown_not_executed() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_corpus(dir.path());
    let mut s = Session::start(Options::new(100, 30, &[path.to_str().unwrap()]));
    expect_explorer(&mut s);
    s.expect_text("1/1 articles");
    s.send(keys::ENTER);
    s.expect("the article with placeholders", |s| {
        let screen = s.screen_text();
        screen.contains("PWNED-TITLE") && screen.contains('\u{241B}') && screen.contains("abc")
    });
    s.settle();
    let screen = s.screen_text();
    assert!(screen.contains('\u{25C6}'), "U+202E not shown:\n{screen}");
    // In a right-to-left paragraph the sequence's pieces are reordered
    // (and its bracket mirrored), but they are all there, on one row.
    for (what, piece) in [("ESC[2J", "2J"), ("ESC[10;10H", "10H")] {
        assert!(
            screen
                .lines()
                .any(|row| row.contains('\u{241B}') && row.contains(piece)),
            "{what} not shown as text:\n{screen}"
        );
    }
    // The layout survived: nothing cleared the screen or moved the cursor
    // off into the middle of it, the status line is still at the bottom.
    assert!(status_row(&s).contains("1/1 articles"), "{screen}");
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(status.success(), "{status:?}");

    let spy = s.parser.callbacks();
    assert!(spy.titles.is_empty(), "window title set: {:?}", spy.titles);
    assert!(
        spy.icon_names.is_empty(),
        "icon name set: {:?}",
        spy.icon_names
    );
    assert!(
        spy.clipboard.is_empty(),
        "clipboard written: {:?}",
        spy.clipboard
    );
    assert_eq!(spy.bells, 0, "the bell rang");
    let raw = &s.raw;
    for (what, bytes) in [
        ("OSC 0 (title)", &b"\x1b]0;"[..]),
        ("OSC 2 (title)", b"\x1b]2;"),
        ("OSC 52 (clipboard)", b"\x1b]52;"),
        ("cursor move to 10;10", b"\x1b[10;10H"),
        ("U+202E", "\u{202E}".as_bytes()),
        ("U+202C", "\u{202C}".as_bytes()),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("DEL", b"\x7f"),
        ("BEL", b"\x07"),
    ] {
        assert!(!contains(raw, bytes), "{what} reached the terminal");
    }
    assert_restored(&s);
}

#[test]
fn with_no_path_the_explorer_opens_the_archive_one_row_per_story() {
    let dir = tempfile::tempdir().unwrap();
    let text = "اختتمت في أستانا الجولة السابعة من المحادثات السورية بمشاركة وفدي الحكومة والمعارضة، وتصدر ملف المعتقلين والمفقودين جدول أعمالها.";
    let records = format!(
        "{{\"id\":\"a\",\"title\":\"الجولة السابعة\",\"text\":\"{text}\",\"url\":\"https://one.example/a\"}}\n\
         {{\"id\":\"b\",\"title\":\"الجولة السابعة\",\"text\":\"{text}\",\"url\":\"https://two.example/b\"}}\n\
         {{\"id\":\"c\",\"title\":\"لافروف في موسكو\",\"text\":\"قال وزير الخارجية الروسي سيرغي لافروف إن روسيا مستعدة للحوار.\"}}\n"
    );
    let input = dir.path().join("in.jsonl");
    fs::write(&input, records).unwrap();
    let archive = dir.path().join("archive.sqlite3");
    let out = Command::new(pty::astana())
        .arg("--archive")
        .arg(&archive)
        .arg("import")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "imported 1 file: 2 new, 1 copy\n"
    );
    let mut options = Options::new(100, 24, &[]);
    options
        .env
        .push(("ASTANA_ARCHIVE", archive.display().to_string()));
    let mut s = Session::start(options);
    s.expect_text("archive 2");
    let status = status_row(&s);
    assert!(status.contains("2/2 articles"), "{status}");
    s.expect_text(" +1");
    s.send(b"q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
    // No archive: the bundled articles, said so.
    let mut s = Session::start(Options::new(100, 24, &[]));
    s.expect_text("bundled 5");
    s.send(b"q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}

fn start_and_wait(cols: u16, rows: u16) -> Session {
    let mut s = Session::start(Options::new(cols, rows, &[]));
    expect_explorer(&mut s);
    s.settle();
    s
}

fn assert_left_screen_after(s: &Session, from: usize) {
    let tail = s.raw_since(from);
    assert!(
        contains(tail, b"\x1b[?1049l"),
        "did not leave the alternate screen"
    );
    assert!(contains(tail, b"\x1b[?25h"), "did not show the cursor");
    assert_restored(s);
}

#[test]
fn sigterm_ends_the_session_with_the_terminal_restored() {
    let mut s = start_and_wait(80, 24);
    let mark = s.raw.len();
    s.signal(libc::SIGTERM);
    let status = s.wait_exit(EXIT_LIMIT).expect("SIGTERM ends astana");
    assert_eq!(status.exit_code(), 128 + libc::SIGTERM as u32);
    assert_left_screen_after(&s, mark);
}

#[test]
fn sighup_ends_the_session_with_the_terminal_restored() {
    let mut s = start_and_wait(80, 24);
    let mark = s.raw.len();
    s.signal(libc::SIGHUP);
    let status = s.wait_exit(EXIT_LIMIT).expect("SIGHUP ends astana");
    assert_eq!(status.exit_code(), 128 + libc::SIGHUP as u32);
    assert_left_screen_after(&s, mark);
}

#[test]
fn sigint_ends_the_session_with_the_terminal_restored() {
    let mut s = start_and_wait(80, 24);
    let mark = s.raw.len();
    s.signal(libc::SIGINT);
    let status = s.wait_exit(EXIT_LIMIT).expect("SIGINT ends astana");
    assert_eq!(status.exit_code(), 128 + libc::SIGINT as u32);
    assert_left_screen_after(&s, mark);
}

#[test]
fn ctrl_c_quits_even_while_typing_a_filter() {
    let mut s = start_and_wait(80, 24);
    s.type_text("/q");
    s.expect("q typed into the filter line", |s| {
        s.screen_text()
            .lines()
            .next()
            .is_some_and(|l| l.contains('q'))
    });
    let mark = s.raw.len();
    s.send(keys::CTRL_C);
    let status = s.wait_exit(EXIT_LIMIT).expect("Ctrl-c quits");
    // Ctrl-c is the interrupt key: SIGINT, as from the shell.
    assert_eq!(status.exit_code(), 128 + libc::SIGINT as u32);
    assert_left_screen_after(&s, mark);
}

#[test]
fn closing_the_terminal_ends_the_process() {
    let mut s = start_and_wait(80, 24);
    s.close_master();
    let status = s.wait_exit(EXIT_LIMIT);
    assert!(
        status.is_some(),
        "astana still running {EXIT_LIMIT:?} after its terminal went away"
    );
}

#[test]
fn print_writes_the_chosen_id_to_stdout_and_draws_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stdout.txt");
    let all = listed_ids(&[]);
    let mut options = Options::new(80, 24, &["--print"]);
    options.stdout_to = Some(&out);
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.expect_text(&format!("{}/{} articles", all.len(), all.len()));
    s.type_text("j");
    s.settle();
    s.send(keys::ENTER);
    let status = s
        .wait_exit(EXIT_LIMIT)
        .expect("Enter ends a --print session");
    assert!(status.success(), "{status:?}");
    assert_restored(&s);
    let printed = fs::read_to_string(&out).unwrap();
    assert_eq!(printed.lines().count(), 1, "{printed:?}");
    let id = printed.trim_end_matches('\n');
    assert!(all.iter().any(|a| a == id), "{id:?} is not an article id");
    assert!(!printed.contains('\x1b'), "escape sequences on stdout");
    // The id is the article that was selected: `astana show` finds it.
    let show = Command::new(pty::astana())
        .args(["show", id])
        .output()
        .unwrap();
    assert!(show.status.success());
}

#[test]
fn print_without_a_choice_exits_1_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stdout.txt");
    let mut options = Options::new(80, 24, &["--print"]);
    options.stdout_to = Some(&out);
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert_eq!(status.exit_code(), 1);
    assert_eq!(fs::read_to_string(&out).unwrap(), "");
}

#[test]
fn a_terminal_with_bidi_mode_8_is_switched_off_and_back_on() {
    let mut options = Options::new(100, 30, &[]);
    options.mode8 = Mode8::Reorders;
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.expect("the status line", |s| status_row(s).contains("bidi app"));
    assert!(contains(&s.raw, b"\x1b[8$p"), "mode 8 was not asked about");
    let off = pty::find(&s.raw, b"\x1b[8l").expect("mode 8 switched off");
    assert!(!contains(s.raw_since(off), b"\x1b[8h"));
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
    let on = pty::find(s.raw_since(off), b"\x1b[8h").expect("mode 8 switched back on");
    let leave = pty::find(s.raw_since(off), b"\x1b[?1049l").expect("left the screen");
    assert!(
        on < leave,
        "mode 8 restored after leaving the alternate screen"
    );
}

#[test]
fn a_terminal_without_mode_8_is_left_alone() {
    let mut s = start_and_wait(100, 30);
    assert!(status_row(&s).contains("bidi app"), "{}", status_row(&s));
    assert!(!contains(&s.raw, b"\x1b[8l"));
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(!contains(&s.raw, b"\x1b[8h"));
}

#[test]
fn mlterm_is_told_to_stop_reordering_and_told_again_at_exit() {
    // mlterm answers "not recognized" for mode 8 (as the harness does by
    // default) and is known by its environment.
    let mut options = Options::new(100, 30, &[]);
    options.env.push(("MLTERM", "3.9.0".into()));
    options.env.push(("TERM", "mlterm".into()));
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.expect("the status line", |s| {
        status_row(s).contains("bidi app (auto)")
    });
    let off = pty::find(&s.raw, b"\x1b]5379;use_ctl=false\x07").expect("mlterm's layout off");
    assert!(
        !contains(&s.raw, b"\x1b[8l"),
        "mode 8 is not mlterm's switch"
    );
    assert!(!contains(s.raw_since(off), b"use_ctl=true"));
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
    let on = pty::find(s.raw_since(off), b"\x1b]5379;use_ctl=true\x07")
        .expect("mlterm's layout back on");
    let leave = pty::find(s.raw_since(off), b"\x1b[?1049l").expect("left the screen");
    assert!(on < leave, "restored before leaving the alternate screen");
    assert_restored(&s);

    // Killed instead of quitting: the restore comes all the same.
    let mut options = Options::new(100, 30, &[]);
    options.env.push(("TERM", "mlterm".into()));
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.settle();
    let off = pty::find(&s.raw, b"use_ctl=false").expect("switched off over SSH too");
    s.signal(libc::SIGTERM);
    s.wait_exit(EXIT_LIMIT).expect("SIGTERM ends it");
    assert!(contains(s.raw_since(off), b"\x1b]5379;use_ctl=true\x07"));

    // --bidi app: nothing is switched.
    let mut options = Options::new(100, 30, &["--bidi", "app"]);
    options.env.push(("MLTERM", "3.9.0".into()));
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.expect("app mode", |s| status_row(s).contains("bidi app"));
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(!contains(&s.raw, b"5379"));
}

#[test]
fn an_arabic_query_sits_between_its_neighbours_in_the_status_line() {
    let mut s = Session::start(Options::new(160, 40, &["-q", "إدلب"]));
    expect_explorer(&mut s);
    s.expect("the query in the status line", |s| {
        status_row(s).contains("bidi app")
    });
    let status = status_row(&s);
    // The count, the query (shaped, in screen order: `fribidi --nopad`
    // gives the same four letters), where the articles came from, the
    // mode: one separator apart, no run of blanks.
    let query = "\u{FE90}\u{FEDF}\u{FEA9}\u{FE87}";
    assert!(
        status.contains(&format!("articles · {query} · bundled 5 · bidi app (auto)")),
        "{status:?}"
    );
    assert!(!status.trim_end().contains("   "), "{status:?}");
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}

#[test]
fn konsole_gets_logical_text_and_explicit_modes_are_not_probed() {
    let mut options = Options::new(100, 30, &[]);
    options.env.push(("KONSOLE_VERSION", "230804".into()));
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.expect("terminal mode", |s| status_row(s).contains("bidi terminal"));
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");

    let mut s = Session::start(Options::new(100, 30, &["--bidi", "terminal"]));
    expect_explorer(&mut s);
    s.expect("terminal mode", |s| status_row(s).contains("bidi terminal"));
    assert!(!contains(&s.raw, b"\x1b[8$p"), "asked although told");
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}

#[test]
fn a_storm_of_resizes_and_a_1x1_terminal_do_not_break_it() {
    let mut s = start_and_wait(80, 24);
    for i in 0..200u16 {
        s.resize(20 + (i * 7) % 140, 5 + (i * 3) % 50);
        if i % 20 == 0 {
            s.pump(std::time::Duration::ZERO);
        }
    }
    s.resize(1, 1);
    s.settle();
    s.resize(80, 24);
    s.expect("the list back at 80x24", |s| {
        let screen = s.screen_text();
        screen.contains("Articles") && status_row(s).contains("articles")
    });
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(status.success(), "{status:?}");
    assert_restored(&s);
}

#[test]
fn without_a_terminal_the_explorer_refuses_with_a_hint() {
    let out = Command::new(pty::astana())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn hostile_file_names_and_load_warnings_are_shown_with_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\x1b]0;PWNED\x07\u{202E}.jsonl";
    fs::write(
        dir.path().join(name),
        concat!(
            r#"{"id":"x\u001b[2Jy","title":"عنوان \u001b]52;c;cHduZWQ=\u0007","text":"نص"}"#,
            "\n{broken\n",
        ),
    )
    .unwrap();
    let mut s = Session::start(Options::new(120, 30, &[dir.path().to_str().unwrap()]));
    expect_explorer(&mut s);
    s.expect("one article and a warning", |s| {
        let status = status_row(s);
        status.contains("1/1 articles") && status.contains("1 warning")
    });
    s.type_text("w");
    s.expect("the warning, file name escaped", |s| {
        let screen = s.screen_text();
        screen.contains("PWNED") && screen.contains('\u{241B}')
    });
    s.send(keys::ESC);
    s.settle();
    s.send(keys::ENTER);
    s.expect("the article, id escaped", |s| {
        s.screen_text().contains("x\u{241B}[2Jy")
    });
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
    let spy = s.parser.callbacks();
    assert!(spy.titles.is_empty() && spy.icon_names.is_empty() && spy.clipboard.is_empty());
    for bytes in [&b"\x1b]0;"[..], b"\x1b]52;", "\u{202E}".as_bytes()] {
        assert!(!contains(&s.raw, bytes), "{bytes:?} reached the terminal");
    }
    assert!(
        !contains(&s.raw, b"x\x1b[2Jy"),
        "the id's escape reached the terminal"
    );
    assert_restored(&s);
}

/// A named pipe as the archive: loading lasts exactly as long as the test
/// keeps the pipe open, so the loading screen can be looked at without
/// racing a fast machine.
fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo: {}", std::io::Error::last_os_error());
    path
}

#[test]
fn the_loading_screen_answers_and_quits_while_loading_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = fifo(dir.path(), "slow.jsonl");
    // Nobody ever writes: the loader blocks for good.
    let mut s = Session::start(Options::new(80, 24, &[pipe.to_str().unwrap()]));
    s.expect_text("loading articles");
    s.resize(60, 20);
    s.expect("the loading screen redrawn at 60 columns", |s| {
        s.screen_text().contains("loading articles") && s.parser.screen().size().1.get() == 60
    });
    let mark = s.raw.len();
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits during loading");
    assert!(status.success(), "{status:?}");
    assert_left_screen_after(&s, mark);
}

#[test]
fn a_quit_key_typed_behind_other_keys_leaves_the_loading_screen() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = fifo(dir.path(), "slow.jsonl");
    let mut s = Session::start(Options::new(80, 24, &[pipe.to_str().unwrap()]));
    s.expect_text("loading articles");
    let mark = s.raw.len();
    // Arrives in one read: the terminal is not readable any more once the
    // first key is taken, the `q` must still be seen. (Not Ctrl-c: the
    // kernel makes that a SIGINT whatever the reader does.)
    s.send(b"jkq");
    let status = s
        .wait_exit(EXIT_LIMIT)
        .expect("q behind other keys quits during loading");
    assert!(status.success(), "{status:?}");
    assert_left_screen_after(&s, mark);
}

#[test]
fn a_slow_source_shows_the_loading_screen_then_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = fifo(dir.path(), "slow.jsonl");
    let mut s = Session::start(Options::new(80, 24, &[pipe.to_str().unwrap()]));
    s.expect_text("loading articles");
    let writer_path = pipe.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut w = fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .unwrap();
        for i in 0..3 {
            writeln!(
                w,
                r#"{{"id":"slow{i}","title":"مقال {i} عن أستانا","text":"اجتمعت روسيا وتركيا وإيران في أستانا."}}"#
            )
            .unwrap();
        }
    });
    writer.join().unwrap();
    s.expect_text("3/3 articles");
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(status.success(), "{status:?}");
}

#[test]
fn nothing_loadable_ends_with_the_warnings_on_the_normal_screen() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.jsonl"), "{not json\n").unwrap();
    let mut s = Session::start(Options::new(100, 30, &[dir.path().to_str().unwrap()]));
    let status = s.wait_exit(EXIT_LIMIT).expect("ends by itself");
    assert_eq!(status.exit_code(), 2);
    assert_restored(&s);
    let screen = s.screen_text();
    assert!(
        screen.contains("astana: warning:") && screen.contains("broken.jsonl"),
        "{screen}"
    );
    assert!(
        screen.contains("astana: error: no articles found"),
        "{screen}"
    );
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_explorer_back() {
    let mut options = Options::new(80, 24, &["--norc", "--noprofile", "-i"]);
    options.program = Some("/bin/bash");
    options.env.push(("PS1", "shell$ ".into()));
    let mut s = Session::start(options);
    s.expect_text("shell$");
    s.type_text(&format!("'{}'\r", pty::astana()));
    expect_explorer(&mut s);
    s.settle();
    s.send(b"\x1a");
    s.expect("the shell, with astana stopped", |s| {
        let screen = s.parser.screen();
        !screen.alternate_screen() && !screen.hide_cursor() && s.screen_text().contains("Stopped")
    });
    s.type_text("fg\r");
    s.expect("the explorer redrawn", |s| {
        s.parser.screen().alternate_screen()
            && s.parser.screen().hide_cursor()
            && s.screen_text().contains("Articles")
            && status_row(s).contains("articles")
    });
    s.type_text("q");
    s.expect("the shell again", |s| {
        !s.parser.screen().alternate_screen() && s.screen_text().matches("shell$").count() >= 3
    });
    s.type_text("exit\r");
    s.wait_exit(EXIT_LIMIT).expect("the shell exits");
}

#[test]
fn ctrl_z_without_job_control_keeps_the_explorer_running() {
    // astana leads its own session here: nobody could continue it, so the
    // stop is not carried out and the explorer comes straight back.
    let mut s = start_and_wait(80, 24);
    s.send(b"\x1a");
    s.settle();
    s.expect("the explorer back", |s| {
        s.parser.screen().alternate_screen() && s.screen_text().contains("Articles")
    });
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q still quits");
    assert!(status.success(), "{status:?}");
    assert_restored(&s);
}

#[test]
fn y_puts_the_article_id_on_the_clipboard_through_osc_52() {
    let all = listed_ids(&[]);
    let mut s = start_and_wait(80, 24);
    s.send(keys::ENTER);
    s.expect("an article", |s| {
        let screen = s.screen_text();
        all.iter().any(|id| screen.contains(id.as_str()))
    });
    let shown: Vec<&String> = {
        let screen = s.screen_text();
        all.iter()
            .filter(|id| screen.contains(id.as_str()))
            .collect()
    };
    s.type_text("y");
    s.expect("a clipboard write", |s| {
        !s.parser.callbacks().clipboard.is_empty()
    });
    let copied = pty::base64_decode(&s.parser.callbacks().clipboard[0]).expect("base64");
    let copied = String::from_utf8(copied).expect("utf-8");
    assert!(
        shown.iter().any(|id| copied.contains(id.as_str())),
        "{copied:?} names none of {shown:?}"
    );
    assert!(!copied.chars().any(|c| c.is_control()), "{copied:?}");
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}

/// A paste: keys in one burst, more than one read of the terminal.
fn paste(s: &mut Session, bytes: &[u8]) {
    assert!(
        bytes.len() > 1024 && bytes.len() < 4096,
        "one burst, several reads"
    );
    s.send(bytes);
}

#[test]
fn a_long_burst_of_keys_is_taken_whole_without_another_key() {
    // An edge-triggered reader would leave the tail of a burst in the
    // kernel's buffer until the next key. 2000 articles with Latin titles;
    // 2000 `j` in one burst: `item-2000` comes into view only once the
    // selection has moved down 2000 times.
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..2010)
        .map(|i| format!("{{\"id\":\"a{i}\",\"title\":\"item-{i:04}\",\"text\":\"x\"}}\n"))
        .collect();
    fs::write(dir.path().join("many.jsonl"), lines).unwrap();
    let mut s = Session::start(Options::new(80, 24, &[dir.path().to_str().unwrap()]));
    s.expect_text("2010/2010 articles");
    s.settle();
    paste(&mut s, "j".repeat(2000).as_bytes());
    s.expect_text("item-2000");
    s.send(keys::CTRL_C);
    s.wait_exit(EXIT_LIMIT).expect("Ctrl-c quits");
}

#[test]
fn ctrl_c_behind_a_long_paste_quits_at_once() {
    let mut s = start_and_wait(80, 24);
    s.type_text("/");
    s.settle();
    let mut burst = "z".repeat(3000).into_bytes();
    burst.extend_from_slice(keys::CTRL_C);
    let mark = s.raw.len();
    paste(&mut s, &burst);
    let status = s
        .wait_exit(EXIT_LIMIT)
        .expect("Ctrl-c quits behind the paste");
    // Ctrl-c is the interrupt key: SIGINT, as from the shell.
    assert_eq!(status.exit_code(), 128 + libc::SIGINT as u32);
    assert_left_screen_after(&s, mark);
}

/// Whether any cell on screen has a colour other than the terminal's default.
fn any_colour(s: &Session) -> bool {
    let screen = s.parser.screen();
    let (rows, cols) = screen.size();
    (0..rows.get()).any(|r| {
        (0..cols.get()).any(|c| {
            screen.cell(r, c).is_some_and(|cell| {
                cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
            })
        })
    })
}

#[test]
fn no_color_and_color_never_draw_in_monochrome() {
    let mut s = start_and_wait(120, 30);
    assert!(any_colour(&s), "colours expected by default");
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");

    let mut options = Options::new(120, 30, &[]);
    options.env.push(("NO_COLOR", "1".into()));
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.settle();
    assert!(!any_colour(&s), "NO_COLOR ignored:\n{}", s.screen_text());
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");

    let mut s = Session::start(Options::new(120, 30, &["--color", "never"]));
    expect_explorer(&mut s);
    s.settle();
    assert!(!any_colour(&s), "--color never ignored");
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");

    let mut options = Options::new(120, 30, &["--color", "always"]);
    options.env.push(("NO_COLOR", "1".into()));
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.settle();
    assert!(any_colour(&s), "--color always should win over NO_COLOR");
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}

/// Whitespace runs as one space, so wrapped text reads as one line.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text inside the help overlay's borders as the terminal shows it,
/// its rows joined.
fn help_text(s: &Session) -> String {
    let screen = s.parser.screen();
    let (rows, cols) = screen.size();
    let cell = |row: u16, col: u16| {
        // A blank cell holds nothing, the right half of a wide character too.
        match screen.cell(row, col) {
            Some(c) if c.is_wide_continuation() => String::new(),
            Some(c) if c.has_contents() => c.contents().to_string(),
            _ => " ".to_string(),
        }
    };
    let row_text =
        |row: u16, from: u16, to: u16| (from..to).map(|c| cell(row, c)).collect::<String>();
    let top = (0..rows.get())
        .find(|&r| row_text(r, 0, cols.get()).contains("┌ Keys "))
        .expect("the help is open");
    let left = (0..cols.get())
        .find(|&c| cell(top, c) == "┌" && row_text(top, c + 1, c + 7) == " Keys ")
        .unwrap();
    let right = (left + 1..cols.get())
        .find(|&c| cell(top, c) == "┐")
        .unwrap();
    let inside: Vec<String> = (top + 1..rows.get())
        .take_while(|&r| cell(r, left) == "│")
        .map(|r| row_text(r, left + 1, right))
        .collect();
    collapse(&inside.join(" "))
}

#[test]
fn the_help_shows_every_key_whole_at_80_120_and_220_columns() {
    use astana::tui::{Keymap, Mode};
    for cols in [80, 120, 220] {
        // Tall enough for all of it: the width is what wraps the lines.
        let mut s = start_and_wait(cols, 140);
        s.type_text("?");
        s.expect_text("The filter language");
        s.settle();
        let text = help_text(&s);
        for mode in Mode::ALL {
            for binding in Keymap::standard().bindings(mode) {
                let row = collapse(&format!("{} {}", binding.key_labels(), binding.help));
                assert!(
                    text.contains(&row),
                    "{cols} columns: {row:?} is not shown whole in {text}"
                );
            }
        }
        for line in [
            "\"a phrase\" its words side by side, in this order",
            "lavrentiev g:iran r:4-6 !idlib Lavrentiev, rounds 4 to 6, Iran named, Idlib not",
            "the same query in Arabic",
        ] {
            assert!(text.contains(line), "{cols} columns: no {line:?} in {text}");
        }
        s.type_text("?");
        s.expect("the help closed", |s| !s.screen_text().contains("┌ Keys "));
        s.type_text("q");
        s.wait_exit(EXIT_LIMIT).expect("q quits");
    }
}

#[test]
fn z_zooms_the_open_article_to_the_whole_screen_at_40x10() {
    let mut s = start_and_wait(40, 10);
    s.send(keys::ENTER);
    s.expect_text("Entities");
    s.settle();
    // The rows of the article box, borders included, before the entities.
    let article_rows = |s: &Session| {
        s.screen_text()
            .lines()
            .take_while(|row| !row.contains("Entities"))
            .filter(|row| row.starts_with(['┌', '│', '└']))
            .count()
    };
    assert_eq!(article_rows(&s), 4, "{}", s.screen_text());
    s.type_text("z");
    s.expect("the zoomed article", |s| {
        !s.screen_text().contains("Entities")
    });
    s.settle();
    assert_eq!(article_rows(&s), 9, "{}", s.screen_text());
    assert!(status_row(&s).contains("articles"), "the status line stays");
    s.type_text("z");
    s.expect_text("Entities");
    s.settle();
    assert_eq!(article_rows(&s), 4, "{}", s.screen_text());
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}

/// The next clipboard write after the `count` already seen, decoded.
fn next_copy(s: &mut Session, count: usize) -> String {
    s.expect("a clipboard write", |s| {
        s.parser.callbacks().clipboard.len() > count
    });
    let data = pty::base64_decode(&s.parser.callbacks().clipboard[count]).expect("base64");
    String::from_utf8(data).expect("utf-8")
}

/// Arabic presentation forms: what the cells hold, never what is copied.
fn has_presentation_forms(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{FB50}'..='\u{FDFF}').contains(&c) || ('\u{FE70}'..='\u{FEFF}').contains(&c))
}

#[test]
fn v_j_y_copies_the_logical_text_of_the_selected_lines_and_y_a_match_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    // 199 characters, no word over 10: three lines in the 78 columns of the
    // article pane at 80×24, the match on the first.
    let first = "هل انتهت الجولة؟";
    let second = "وقال المبعوث الروسي ألكسندر لافرنتييف إن الدول الضامنة وقعت على مذكرة تفاهم لإنشاء مناطق خفض التصعيد في سوريا بعد مفاوضات في العاصمة الكازاخية.";
    let third = "وأضاف أن الجولة المقبلة ستعقد في تموز.";
    let paragraph = format!("{first} {second} {third}");
    let file = format!("مذكرة أستانا\n{paragraph}\nوفي فقرة أخرى لا شيء.\n");
    let path = dir.path().join("memo.txt");
    fs::write(&path, &file).unwrap();
    let mut s = Session::start(Options::new(80, 24, &[path.to_str().unwrap()]));
    expect_explorer(&mut s);
    s.settle();
    s.type_text("/لافرنتييف");
    s.send(keys::ENTER);
    s.expect_text("round");
    s.type_text("n");
    s.expect("the match is current", |s| {
        status_row(s).contains("match 1/1")
    });

    // Two of the paragraph's three lines: its start, in logical order.
    s.type_text("vj");
    s.expect_text("2 lines selected");
    s.type_text("y");
    let part = next_copy(&mut s, 0);
    assert!(paragraph.starts_with(&part), "{part:?}");
    assert!(
        part.len() < paragraph.len() && part.contains("لافرنتييف"),
        "{part:?}"
    );
    assert!(file.contains(&part) && !has_presentation_forms(&part));
    s.expect("what was sent", |s| {
        status_row(s).contains(&format!(
            "sent {} characters (2 lines)",
            part.chars().count()
        ))
    });

    // All three: the paragraph as it is in the file.
    s.type_text("vjj");
    s.expect_text("3 lines selected");
    s.type_text("y");
    assert_eq!(next_copy(&mut s, 1), paragraph);

    // No selection, a current match: its sentence.
    s.type_text("y");
    assert_eq!(next_copy(&mut s, 2), second);
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}

#[test]
fn keys_rebound_in_the_configuration_work_and_the_help_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    fs::write(&config, "[keys]\nquit = \"x\"\nhelp = \"h\"\n").unwrap();
    // Tall enough for the whole help.
    let mut s = Session::start(Options::new(
        100,
        140,
        &["--config", config.to_str().unwrap()],
    ));
    expect_explorer(&mut s);
    s.settle();
    // q no longer quits.
    s.type_text("q");
    s.settle();
    assert!(
        s.wait_exit(std::time::Duration::from_millis(300)).is_none(),
        "q quit"
    );
    s.type_text("h");
    s.expect_text("The filter language");
    s.settle();
    let text = help_text(&s);
    assert!(text.contains("x quit"), "{text}");
    assert!(text.contains("h this help"), "{text}");
    assert!(!text.contains("? this help"), "{text}");
    // h closes the help it opened.
    s.type_text("h");
    s.expect("the help closed", |s| !s.screen_text().contains("┌ Keys "));
    let mark = s.raw.len();
    s.type_text("x");
    let status = s.wait_exit(EXIT_LIMIT).expect("x quits");
    assert!(status.success(), "{status:?}");
    assert_left_screen_after(&s, mark);
}

#[test]
fn a_bookmark_and_a_note_survive_a_hang_up_and_a_restart() {
    let state = tempfile::tempdir().unwrap();
    let env = || vec![("XDG_STATE_HOME", state.path().display().to_string())];
    let mut options = Options::new(160, 48, &[]);
    options.env = env();
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.settle();
    s.type_text("b");
    s.expect("the bookmark is made", |s| {
        status_row(s).contains("bookmarked")
    });
    s.type_text("a");
    s.expect_text("note:");
    s.type_text("ask about Idlib");
    s.send(b"\r");
    s.expect("the note is kept", |s| status_row(s).contains("note kept"));
    s.expect_text("bookmarked · note: ask about Idlib");
    // A hang-up ends the session at once: what was marked is already kept.
    s.signal(libc::SIGHUP);
    s.wait_exit(EXIT_LIMIT).expect("SIGHUP ends astana");

    let listed = Command::new(pty::astana())
        .args(["list", "--bookmarked", "--json"])
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_CONFIG_HOME", state.path())
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["bookmarked"], true);
    assert_eq!(listed[0]["note"], "ask about Idlib");

    let mut options = Options::new(160, 48, &[]);
    options.env = env();
    let mut s = Session::start(options);
    expect_explorer(&mut s);
    s.type_text("B");
    s.expect("only the bookmarked article", |s| {
        status_row(s).contains(" 1/") && status_row(s).contains("is:bookmarked")
    });
    s.expect_text("bookmarked · note: ask about Idlib");
    // b again drops the bookmark; the note stays.
    s.type_text("b");
    s.expect("no bookmark left", |s| status_row(s).contains(" 0/"));
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
    let noted = Command::new(pty::astana())
        .args(["list", "-q", "is:noted"])
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_CONFIG_HOME", state.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&noted.stdout).lines().count(), 1);
}

/// The views of the coverage as a user reaches them: `o` orders the list
/// and says so, `t` opens the round timeline and Enter on round 6 filters
/// to it, `e` offers a file name and writes the results there.
#[test]
fn order_timeline_and_export_keys_in_a_terminal() {
    let mut s = start_and_wait(120, 40);
    s.type_text("o");
    s.expect("ordered by date", |s| status_row(s).contains("by date"));
    s.type_text("o");
    s.expect("ordered by round", |s| status_row(s).contains("by round"));
    s.type_text("t");
    s.expect_text("Rounds · 5 results in the filter");
    // From the first row with results (round 4) down to round 6.
    s.type_text("jj");
    s.settle();
    s.send(b"\r");
    s.expect("r:6 in the filter", |s| status_row(s).contains("added r:6"));
    s.expect("one result", |s| status_row(s).contains("1/5 articles"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("round6.csv");
    s.type_text("e");
    s.expect("the file name prompt", |s| {
        status_row(s).contains("export 1 results to:")
    });
    s.send(b"\x15"); // Ctrl-u: the offered name goes
    s.type_text(out.to_str().unwrap());
    s.send(b"\r");
    s.expect("the export said", |s| {
        status_row(s).contains("wrote 1 results to")
    });
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.starts_with("id,round,guarantors,title,date,source,url\r\n002_"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 2);
    s.type_text("q");
    s.wait_exit(EXIT_LIMIT).expect("q quits");
}
