//! A panic in the real explorer, on the main thread and on the loader
//! thread, in a pseudo-terminal: the terminal must be given back (main
//! screen, cursor, modes, cooked mode), the panic message must be readable
//! on the normal screen, and the process must end with a failure status.
//!
//! The panics come from the debug-build test hook `ASTANA_DEBUG_PANIC`
//! (`cargo test` builds the binary in debug; release builds have no hook).

mod pty;

use pty::{EXIT_LIMIT, Mode8, Options, Session, contains, find};

/// Starts the explorer on the bundled articles with `ASTANA_DEBUG_PANIC`
/// set to `point`, in a terminal that reorders by itself (mode 8 set), so
/// the explorer switches that mode off for the session and must switch it
/// back on.
fn start_with_panic_at(point: &str) -> Session {
    let mut options = Options::new(100, 30, &[]);
    options.mode8 = Mode8::Reorders;
    options.env = vec![
        ("ASTANA_DEBUG_PANIC", point.to_string()),
        // One message, not a backtrace, whatever the runner has set.
        ("RUST_BACKTRACE", "0".to_string()),
    ];
    Session::start(options)
}

/// The last state each DEC private mode (`CSI ? Pm h` / `CSI ? Pm l`) was
/// put in, in the order the modes were first seen.
fn private_modes(raw: &[u8]) -> Vec<(u32, bool)> {
    let mut modes: Vec<(u32, bool)> = Vec::new();
    let mut at = 0;
    while let Some(found) = find(&raw[at..], b"\x1b[?") {
        let start = at + found + 3;
        let len = raw[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count();
        at = start + len;
        let set = match raw.get(at) {
            Some(b'h') => true,
            Some(b'l') => false,
            _ => continue,
        };
        let params = std::str::from_utf8(&raw[start..at]).unwrap();
        for mode in params.split(';').filter_map(|p| p.parse::<u32>().ok()) {
            match modes.iter_mut().find(|(m, _)| *m == mode) {
                Some(entry) => entry.1 = set,
                None => modes.push((mode, set)),
            }
        }
    }
    modes
}

/// The session was up when it crashed: the screen was taken and bidi mode 8
/// switched off.
fn assert_session_was_up(s: &Session) {
    assert!(
        contains(&s.raw, b"\x1b[?1049h"),
        "the explorer never took the screen"
    );
    assert!(
        contains(&s.raw, b"\x1b[8l"),
        "mode 8 was not switched off for the session"
    );
}

/// Everything a user would check after the crash.
fn assert_terminal_given_back(s: &Session, point: &str) {
    let raw = &s.raw;

    // Modes: every DEC private mode switched on is off again, except the
    // cursor (25), which must not be left hidden.
    let modes = private_modes(raw);
    assert!(
        !modes.contains(&(25, false)),
        "cursor left hidden: {modes:?}"
    );
    let left_on: Vec<u32> = modes
        .iter()
        .filter(|(mode, set)| *set && *mode != 25)
        .map(|(mode, _)| *mode)
        .collect();
    assert!(left_on.is_empty(), "modes left on: {left_on:?}");
    // Bidi mode 8 (an ANSI mode), if switched off, must be on again.
    if let Some(off) = find(raw, b"\x1b[8l") {
        assert!(
            contains(&raw[off..], b"\x1b[8h"),
            "mode 8 not given back to the terminal"
        );
    }
    // Keyboard enhancements pushed (`CSI > flags u`) are popped (`CSI < u`).
    let pushes = raw.windows(3).filter(|w| w == b"\x1b[>").count();
    let pops = raw.windows(3).filter(|w| w == b"\x1b[<").count();
    assert!(pops >= pushes, "keyboard enhancement left on");

    // The emulator agrees.
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor still hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting left on"
    );
    assert!(!screen.bracketed_paste(), "bracketed paste left on");
    let local = s.local_modes();
    assert!(
        local & libc::ICANON != 0 && local & libc::ECHO != 0,
        "raw mode left on"
    );

    // The message: on the normal screen, once, each line starting at the
    // left edge (output post-processing is back, no staircase), and after
    // the restore, with nothing drawn after it.
    let text = screen.contents();
    let message = format!("ASTANA_DEBUG_PANIC={point}");
    assert_eq!(
        text.matches(&message).count(),
        1,
        "the panic message once:\n{text}"
    );
    assert_eq!(
        text.matches("panicked at").count(),
        1,
        "one panic report:\n{text}"
    );
    assert!(
        text.lines().any(|line| line.starts_with("thread '")),
        "the report's first line starts at the left edge:\n{text}"
    );
    assert!(
        text.lines().any(|line| line.starts_with(&message)),
        "the message line starts at the left edge:\n{text}"
    );
    // After the restore, if the screen had been taken.
    let left = raw
        .windows(8)
        .rposition(|w| w == b"\x1b[?1049l")
        .unwrap_or(0);
    let reported = find(&raw[left..], b"panicked at").expect("the report after the restore");
    assert!(
        !raw[left + reported..].contains(&0x1b),
        "something was drawn after the panic report: {:?}",
        String::from_utf8_lossy(&raw[left + reported..])
    );
    assert!(
        !contains(&raw[left..], b"astana: error"),
        "a second message after the panic report:\n{text}"
    );
}

/// Waits for the process to end (a hang fails the test) and returns its
/// exit code, which must be a failure (101, as for any panic of a main
/// thread, is checked by the callers).
fn wait_failed(s: &mut Session) -> u32 {
    let status = s
        .wait_exit(EXIT_LIMIT)
        .expect("the process ended after the panic");
    assert!(!status.success(), "exit status after a panic: {status:?}");
    status.exit_code()
}

/// The explorer is up, a key is typed, and the panic at `site` follows it.
fn assert_a_panic_after_a_key_gives_the_terminal_back(site: &str) {
    let mut s = start_with_panic_at(site);
    s.expect_text("5/5 articles");
    s.type_text("j");
    assert_eq!(wait_failed(&mut s), 101);
    assert_session_was_up(&s);
    assert_terminal_given_back(&s, site);
}

#[test]
fn a_panic_while_drawing_gives_the_terminal_back() {
    assert_a_panic_after_a_key_gives_the_terminal_back("draw");
}

#[test]
fn a_panic_while_handling_a_key_gives_the_terminal_back() {
    assert_a_panic_after_a_key_gives_the_terminal_back("update");
}

#[test]
fn a_panic_on_the_loader_thread_gives_the_terminal_back_and_ends_the_process() {
    let mut s = start_with_panic_at("loader");
    // The same status as a panic on the main thread, not a second error.
    assert_eq!(wait_failed(&mut s), 101);
    assert_session_was_up(&s);
    assert_terminal_given_back(&s, "loader");
}

/// The loader starts before the terminal is taken: a panic in its first
/// step may come before, during or after that, and must be covered in each
/// case.
#[test]
fn a_panic_as_the_loader_starts_leaves_the_terminal_as_it_was() {
    for _ in 0..5 {
        let mut s = start_with_panic_at("loader-start");
        assert_eq!(wait_failed(&mut s), 101);
        assert_terminal_given_back(&s, "loader-start");
    }
}

#[test]
fn without_the_variable_the_explorer_runs_and_quits_normally() {
    let mut options = Options::new(100, 30, &[]);
    options.env = vec![("ASTANA_DEBUG_PANIC", "elsewhere".to_string())];
    let mut s = Session::start(options);
    s.expect_text("5/5 articles");
    s.type_text("j");
    s.settle();
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(status.success(), "{status:?}");
    assert!(!contains(&s.raw, b"panicked"));
}
