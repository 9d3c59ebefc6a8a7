//! A user at a terminal, simulated: runs the built `astana` in a
//! pseudo-terminal, types into it, and keeps both the raw bytes it wrote
//! and the screen a terminal emulator (vt100) makes of them.
//!
//! Like a real terminal it answers the queries astana sends (device
//! attributes, and DECRQM for mode 8 the way the configured terminal would).

#![allow(dead_code)] // each test binary uses its own part of the harness

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::{
    os::fd::RawFd,
    path::Path,
    time::{Duration, Instant},
};

/// Generous: these are liveness limits for a loaded two-core machine, not
/// performance claims.
pub const PATIENCE: Duration = Duration::from_secs(20);
/// How long a process may take to end after a signal or a hang-up.
pub const EXIT_LIMIT: Duration = Duration::from_secs(5);

pub fn astana() -> &'static str {
    env!("CARGO_BIN_EXE_astana")
}

/// What the program asked the terminal to do besides drawing.
#[derive(Debug, Default)]
pub struct Spy {
    pub titles: Vec<Vec<u8>>,
    pub icon_names: Vec<Vec<u8>>,
    pub clipboard: Vec<Vec<u8>>,
    pub resize_requests: usize,
    pub bells: usize,
}

impl vt100::Callbacks for Spy {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
    fn resize(&mut self, _: &mut vt100::Screen, _request: (u16, u16)) {
        self.resize_requests += 1;
    }
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
}

/// How the simulated terminal answers DECRQM for mode 8 (BDSM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode8 {
    /// Like xterm: mode unknown (`CSI 8 ; 0 $ y`).
    Unknown,
    /// Like VTE: supported and set, the terminal reorders (`CSI 8 ; 1 $ y`).
    Reorders,
}

pub struct Options<'a> {
    pub cols: u16,
    pub rows: u16,
    pub args: Vec<String>,
    pub env: Vec<(&'a str, String)>,
    pub mode8: Mode8,
    /// Run through `sh -c 'exec "$@" > FILE'` so stdout is not the terminal.
    pub stdout_to: Option<&'a Path>,
    /// Run this program with `args` instead of astana (a shell, for job control).
    pub program: Option<&'a str>,
}

impl Options<'_> {
    pub fn new(cols: u16, rows: u16, args: &[&str]) -> Options<'static> {
        Options {
            cols,
            rows,
            args: args.iter().map(|s| s.to_string()).collect(),
            env: Vec::new(),
            mode8: Mode8::Unknown,
            stdout_to: None,
            program: None,
        }
    }
}

pub struct Session {
    master: Option<Box<dyn MasterPty + Send>>,
    fd: RawFd,
    child: Box<dyn Child + Send + Sync>,
    pub parser: vt100::Parser<Spy>,
    /// Every byte the program wrote to the terminal.
    pub raw: Vec<u8>,
    answered_upto: usize,
    mode8: Mode8,
    output_closed: bool,
}

impl Session {
    pub fn start(options: Options<'_>) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: options.rows,
                cols: options.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = match options.stdout_to {
            None => {
                let mut cmd = CommandBuilder::new(options.program.unwrap_or(astana()));
                cmd.args(&options.args);
                cmd
            }
            Some(file) => {
                let mut cmd = CommandBuilder::new("/bin/sh");
                cmd.arg("-c");
                cmd.arg("exec \"$@\" > \"$ASTANA_TEST_STDOUT\"");
                cmd.arg("sh");
                cmd.arg(astana());
                cmd.args(&options.args);
                cmd.env("ASTANA_TEST_STDOUT", file);
                cmd
            }
        };
        // A plain xterm-like terminal, whatever the test runner runs in.
        for var in [
            "TMUX",
            "MLTERM",
            "KONSOLE_VERSION",
            "KITTY_WINDOW_ID",
            "TERM_PROGRAM",
            "ASTANA_BIDI",
            "NO_COLOR",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("TERM", "xterm-256color");
        // The standard keys and colours, whatever configuration the user
        // running the tests has (a test that wants one passes --config).
        cmd.env("XDG_CONFIG_HOME", "/nonexistent/astana-tests");
        // Marks a test makes stay out of the user's state folder.
        cmd.env(
            "XDG_STATE_HOME",
            std::env::temp_dir().join(format!("astana-pty-state-{}", std::process::id())),
        );
        cmd.env("LANG", "C.UTF-8");
        // No archive: the bundled articles, whatever this machine has (a
        // test that wants one names it in `env`).
        cmd.env(
            "ASTANA_ARCHIVE",
            "/nonexistent/astana-tests/archive.sqlite3",
        );
        for (name, value) in &options.env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn astana");
        drop(pair.slave);
        let fd = pair.master.as_raw_fd().expect("master fd");
        Session {
            master: Some(pair.master),
            fd,
            child,
            parser: vt100::Parser::new_with_callbacks(
                nonzero(options.rows),
                nonzero(options.cols),
                0,
                Spy::default(),
            ),
            raw: Vec::new(),
            answered_upto: 0,
            mode8: options.mode8,
            output_closed: false,
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("child pid") as i32
    }

    /// Reads what the program wrote, waiting up to `wait` for the first byte.
    pub fn pump(&mut self, wait: Duration) {
        if self.output_closed || self.master.is_none() {
            std::thread::sleep(wait);
            return;
        }
        let mut timeout = wait;
        loop {
            let mut pollfd = libc::pollfd {
                fd: self.fd,
                events: libc::POLLIN,
                revents: 0,
            };
            let millis = timeout.as_millis().min(i32::MAX as u128) as i32;
            // SAFETY: one valid pollfd for the duration of the call.
            let ready = unsafe { libc::poll(&mut pollfd, 1, millis) };
            if ready <= 0 {
                return;
            }
            let mut buf = [0u8; 65536];
            // SAFETY: reading into a local buffer of the given length.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                // EIO: every slave descriptor is closed (the program ended).
                self.output_closed = true;
                return;
            }
            let bytes = &buf[..n as usize];
            self.raw.extend_from_slice(bytes);
            self.parser.process(bytes);
            self.answer_queries();
            // Drain whatever else is already there without waiting.
            timeout = Duration::ZERO;
        }
    }

    fn answer_queries(&mut self) {
        // Queries that end after what was already answered (a query may
        // straddle two reads).
        let start = self.answered_upto.saturating_sub(8);
        let fresh_since = |needle: &[u8]| {
            let region = &self.raw[start..];
            region
                .windows(needle.len())
                .enumerate()
                .filter(|(i, w)| *w == needle && start + i + needle.len() > self.answered_upto)
                .count()
        };
        let mode8_queries = fresh_since(b"\x1b[8$p");
        let da1_queries = fresh_since(b"\x1b[c");
        self.answered_upto = self.raw.len();
        for _ in 0..mode8_queries {
            self.send(match self.mode8 {
                Mode8::Unknown => b"\x1b[8;0$y",
                Mode8::Reorders => b"\x1b[8;1$y",
            });
        }
        for _ in 0..da1_queries {
            self.send(b"\x1b[?64;1;2;6;9;15;18;21;22c");
        }
    }

    /// Bytes as typed on the keyboard.
    pub fn send(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while !rest.is_empty() {
            // SAFETY: writing from a live slice of the given length.
            let n = unsafe { libc::write(self.fd, rest.as_ptr().cast(), rest.len()) };
            assert!(
                n > 0,
                "write to pty failed: {}",
                std::io::Error::last_os_error()
            );
            rest = &rest[n as usize..];
        }
    }

    /// Bytes of any length (a paste of megabytes), written as fast as the
    /// program takes them while its output is read, so that neither side
    /// waits for the other. Stops early when the program ends; returns how
    /// many bytes were written.
    pub fn send_pumping(&mut self, bytes: &[u8]) -> usize {
        // SAFETY: fcntl on our own descriptor.
        let flags = unsafe { libc::fcntl(self.fd, libc::F_GETFL) };
        // SAFETY: as above, with the flags just read.
        unsafe { libc::fcntl(self.fd, libc::F_SETFL, flags | libc::O_NONBLOCK) };
        let deadline = Instant::now() + PATIENCE * 3;
        let mut rest = bytes;
        while !rest.is_empty() && !self.output_closed && Instant::now() < deadline {
            // SAFETY: writing from a live slice of the given length.
            let n = unsafe { libc::write(self.fd, rest.as_ptr().cast(), rest.len()) };
            if n > 0 {
                rest = &rest[n as usize..];
            } else {
                self.pump(Duration::from_millis(1));
            }
        }
        // SAFETY: restoring the flags read above.
        unsafe { libc::fcntl(self.fd, libc::F_SETFL, flags) };
        assert!(
            rest.is_empty() || self.output_closed,
            "the program stopped reading its input"
        );
        bytes.len() - rest.len()
    }

    pub fn type_text(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    pub fn screen_text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until `done` holds for the session; panics with the screen
    /// after [`PATIENCE`].
    pub fn expect(&mut self, what: &str, done: impl Fn(&Session) -> bool) {
        self.expect_within(PATIENCE, what, done);
    }

    /// [`Session::expect`] with its own limit, for work that is slow in a
    /// debug build (loading tens of megabytes).
    pub fn expect_within(&mut self, limit: Duration, what: &str, done: impl Fn(&Session) -> bool) {
        let deadline = Instant::now() + limit;
        while !done(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{}",
                self.screen_text()
            );
            assert!(
                !self.output_closed,
                "the program ended while waiting for {what}; screen:\n{}",
                self.screen_text()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn expect_text(&mut self, text: &str) {
        self.expect(&format!("{text:?} on screen"), |s| {
            s.screen_text().contains(text)
        });
    }

    /// Lets the program settle: returns once it has written nothing for a
    /// short while (it draws only when something changed).
    pub fn settle(&mut self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let before = self.raw.len();
            self.pump(Duration::from_millis(150));
            if self.raw.len() == before || Instant::now() > deadline {
                return;
            }
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("master open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.parser
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
    }

    pub fn signal(&self, signal: i32) {
        // SAFETY: plain kill(2) on our own child.
        let rc = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(rc, 0, "kill failed: {}", std::io::Error::last_os_error());
    }

    /// The terminal's local modes (ICANON, ECHO...) as the program left them.
    pub fn local_modes(&self) -> libc::tcflag_t {
        // SAFETY: termios is plain data; tcgetattr fills it.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        // On a pty master this reads the terminal's (the slave's) settings.
        let rc = unsafe { libc::tcgetattr(self.fd, &mut termios) };
        assert_eq!(rc, 0, "tcgetattr: {}", std::io::Error::last_os_error());
        termios.c_lflag
    }

    /// Closes the terminal's master side, as sshd does when the connection drops.
    pub fn close_master(&mut self) {
        self.master.take();
        self.output_closed = true;
    }

    /// Waits up to `limit` for the program to end, reading its output.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.pump(Duration::from_millis(50));
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            self.pump(Duration::from_millis(20));
        }
    }

    /// The raw output written after byte `from`.
    pub fn raw_since(&self, from: usize) -> &[u8] {
        &self.raw[from.min(self.raw.len())..]
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("terminal sizes are at least 1")
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Keys as a terminal sends them.
pub mod keys {
    pub const ENTER: &[u8] = b"\r";
    pub const ESC: &[u8] = b"\x1b";
    pub const CTRL_C: &[u8] = b"\x03";
    pub const TAB: &[u8] = b"\t";
}

/// Decodes standard base64 (what OSC 52 carries); `None` if malformed.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for chunk in text.chunks(4) {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        let mut group = 0u32;
        for &c in &chunk[..4 - pad] {
            group = (group << 6) | u32::from(value(c)?);
        }
        group <<= 6 * pad as u32;
        let bytes = [(group >> 16) as u8, (group >> 8) as u8, group as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}
