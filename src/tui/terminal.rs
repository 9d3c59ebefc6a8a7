//! Taking the terminal over for the explorer and giving it back, however the
//! process ends: normal quit, panic, SIGINT/SIGTERM/SIGHUP, or the
//! terminal itself disappearing (an SSH connection dropped).
//!
//! There is one terminal per process, so its state lives in one static
//! ([`OUTPUT`]): the panic hook and the signal and hang-up watchers must be
//! able to restore it without a handle. Every frame is written to it in one
//! locked `write_all`, so a restore coming from another thread can never
//! land in the middle of an escape sequence, and frames drawn after the
//! restore are dropped instead of scribbling on the user's shell.

use crossterm::{
    cursor::{Hide, Show},
    queue,
    terminal::{
        Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
        enable_raw_mode,
    },
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::{
    fs::File,
    io::{self, IsTerminal, Write},
    os::fd::{AsFd, AsRawFd, BorrowedFd},
    sync::{Mutex, MutexGuard, Once, TryLockError},
    thread,
    time::{Duration, Instant},
};

/// Exit status after a hang-up, as a shell reports death by SIGHUP.
pub const HANGUP_EXIT_STATUS: i32 = 128 + SIGHUP;

/// Exit status after a panic during a session: the one Rust gives a
/// process whose main thread panicked.
pub const PANIC_EXIT_STATUS: i32 = 101;

/// How long an emergency restore waits for a frame being written by
/// another thread before giving up on the escape sequences (the terminal is
/// then most likely gone or blocked, and raw mode is still switched off).
const RESTORE_LOCK_WAIT: Duration = Duration::from_millis(300);

struct OutputState {
    sink: File,
    /// Entered and not yet left.
    active: bool,
    /// Mode switches made for the session (e.g. `CSI 8 l`), sent again
    /// when the screen is taken back after a suspend.
    enter_extra: Vec<u8>,
    /// Written first when leaving, e.g. `CSI 8 h` to give the terminal its
    /// own bidi reordering back.
    leave_extra: Vec<u8>,
}

static OUTPUT: Mutex<Option<OutputState>> = Mutex::new(None);

fn lock_output() -> MutexGuard<'static, Option<OutputState>> {
    // A panic while holding the lock leaves the state itself intact (every
    // field is written whole), so a poisoned lock is still usable.
    OUTPUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Where the explorer draws: standard output when it is a terminal,
/// otherwise the controlling terminal (with `--print`, stdout is a pipe).
pub fn open_sink() -> io::Result<File> {
    let stdout = io::stdout();
    if stdout.is_terminal() {
        return Ok(File::from(stdout.as_fd().try_clone_to_owned()?));
    }
    let tty = open_controlling_tty()?;
    if !tty.is_terminal() {
        return Err(io::Error::other("/dev/tty is not a terminal"));
    }
    Ok(tty)
}

/// The controlling terminal, for reading replies to queries and for
/// noticing a hang-up.
pub fn open_controlling_tty() -> io::Result<File> {
    File::options().read(true).write(true).open("/dev/tty")
}

/// The explorer's hold on the terminal: raw mode, alternate screen, hidden
/// cursor. Dropping it (or [`Screen::leave`]) gives everything back.
pub struct Screen {
    _private: (),
}

impl Screen {
    /// Switches `sink`'s terminal to raw mode and the alternate screen and
    /// hides the cursor. Installs (once per process) the panic hook and the
    /// SIGINT/SIGTERM/SIGHUP handler that restore it.
    pub fn enter(sink: File) -> io::Result<Screen> {
        install_guards()?;
        let mut state = lock_output();
        if state.as_ref().is_some_and(|s| s.active) {
            return Err(io::Error::other("the terminal is already in use"));
        }
        *state = Some(OutputState {
            sink,
            active: false,
            enter_extra: Vec::new(),
            leave_extra: Vec::new(),
        });
        take_screen(&mut state)?;
        Ok(Screen { _private: () })
    }

    /// A writer for a ratatui backend: it collects a frame and writes it
    /// whole on `flush`.
    pub fn frame_writer(&self) -> FrameWriter {
        FrameWriter { frame: Vec::new() }
    }

    /// Writes `bytes` to the terminal now (a query, an OSC 52 clipboard
    /// sequence, a mode switch).
    pub fn send(&self, bytes: &[u8]) -> io::Result<()> {
        write_whole(bytes)
    }

    /// Switches a terminal mode for the session: sends `now`, sends it
    /// again whenever the screen is taken back after a suspend, and sends
    /// `undo` when leaving, before the alternate screen is left.
    pub fn switch_mode(&self, now: &[u8], undo: &[u8]) -> io::Result<()> {
        write_whole(now)?;
        if let Some(state) = lock_output().as_mut() {
            state.enter_extra.extend_from_slice(now);
            state.leave_extra.extend_from_slice(undo);
        }
        Ok(())
    }

    /// Ctrl-z: gives the terminal back and stops the process the way job
    /// control expects (SIGTSTP with its default action, so a process with
    /// no shell to continue it, in an orphaned process group, is not
    /// stopped at all). Returns once continued, with the screen taken back
    /// and cleared: the caller must redraw everything.
    pub fn suspend(&self) -> io::Result<()> {
        leave_locked(&mut lock_output())?;
        disable_raw_mode()?;
        signal_hook::low_level::raise(libc::SIGTSTP)?;
        take_screen(&mut lock_output())
    }

    /// Gives the terminal back: undoes any mode switch, leaves the
    /// alternate screen, shows the cursor, leaves raw mode.
    pub fn leave(self) -> io::Result<()> {
        let written = leave_locked(&mut lock_output());
        let raw = disable_raw_mode();
        written.and(raw)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = leave_locked(&mut lock_output());
        let _ = disable_raw_mode();
    }
}

/// Raw mode, alternate screen (cleared), hidden cursor, the session's mode
/// switches.
fn take_screen(state: &mut Option<OutputState>) -> io::Result<()> {
    let Some(state) = state.as_mut() else {
        return Ok(());
    };
    enable_raw_mode()?;
    if let Err(e) = interrupt_on_ctrl_c(state.sink.as_fd()) {
        let _ = disable_raw_mode();
        return Err(e);
    }
    let mut bytes = Vec::new();
    queue!(bytes, EnterAlternateScreen, Hide, Clear(ClearType::All))?;
    bytes.extend_from_slice(&state.enter_extra);
    if let Err(e) = state
        .sink
        .write_all(&bytes)
        .and_then(|_| state.sink.flush())
    {
        let _ = disable_raw_mode();
        return Err(e);
    }
    state.active = true;
    Ok(())
}

/// Raw mode with the terminal's interrupt key (Ctrl-c) left to the kernel:
/// it raises SIGINT the moment it is typed, however busy the explorer is
/// (a long search, a paste still being read), the signal watcher gives the
/// terminal back and ends the process, and the kernel discards the input
/// not yet read (a paste's rest does not land in the shell). The quit and
/// suspend keys stay keys (Ctrl-z is the explorer's own suspend).
fn interrupt_on_ctrl_c(fd: BorrowedFd<'_>) -> io::Result<()> {
    // SAFETY: a termios is plain data; tcgetattr fills it or fails.
    let mut termios: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: a valid descriptor and a termios to write into.
    if unsafe { libc::tcgetattr(fd.as_raw_fd(), &mut termios) } != 0 {
        return Err(io::Error::last_os_error());
    }
    termios.c_lflag |= libc::ISIG;
    // _POSIX_VDISABLE (0 on Linux and the BSDs): no key for these.
    termios.c_cc[libc::VQUIT] = 0;
    termios.c_cc[libc::VSUSP] = 0;
    // SAFETY: a valid descriptor and the termios read above.
    if unsafe { libc::tcsetattr(fd.as_raw_fd(), libc::TCSANOW, &termios) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The bytes that undo [`Screen::enter`], after any `leave_extra`.
fn leave_sequence(leave_extra: &[u8]) -> Vec<u8> {
    let mut bytes = leave_extra.to_vec();
    // Reset colours first so the shell does not inherit the last cell's.
    bytes.extend_from_slice(b"\x1b[0m");
    // Writing to a Vec cannot fail.
    let _ = queue!(bytes, LeaveAlternateScreen, Show);
    bytes
}

fn leave_locked(state: &mut Option<OutputState>) -> io::Result<()> {
    let Some(state) = state.as_mut() else {
        return Ok(());
    };
    if !state.active {
        return Ok(());
    }
    state.active = false;
    let bytes = leave_sequence(&state.leave_extra);
    state.sink.write_all(&bytes)?;
    state.sink.flush()
}

fn write_whole(bytes: &[u8]) -> io::Result<()> {
    let mut state = lock_output();
    match state.as_mut() {
        Some(state) if state.active => {
            state.sink.write_all(bytes)?;
            state.sink.flush()
        }
        // Left already (a signal or a panic got there first): the user's
        // shell is on screen now and must not be drawn over.
        _ => Ok(()),
    }
}

/// Collects what a ratatui backend writes and sends it to the terminal in
/// one piece on `flush`.
pub struct FrameWriter {
    frame: Vec<u8>,
}

impl Write for FrameWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.frame.is_empty() {
            return Ok(());
        }
        let result = write_whole(&self.frame);
        self.frame.clear();
        result
    }
}

/// The output state for a restore from any thread, without blocking for
/// long; `None` when the lock stayed taken.
fn lock_for_exit() -> Option<MutexGuard<'static, Option<OutputState>>> {
    let deadline = Instant::now() + RESTORE_LOCK_WAIT;
    loop {
        match OUTPUT.try_lock() {
            Ok(state) => return Some(state),
            Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
            // Held by a thread stuck writing to a dead terminal, or by the
            // very thread that is panicking: give up on the bytes.
            Err(TryLockError::WouldBlock) if Instant::now() >= deadline => return None,
            Err(TryLockError::WouldBlock) => thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// Restores the terminal and ends the process (after a signal or a
/// hang-up).
fn restore_and_exit(status: i32) -> ! {
    if let Some(mut state) = lock_for_exit() {
        let _ = leave_locked(&mut state);
    }
    let _ = disable_raw_mode();
    std::process::exit(status)
}

static GUARDS: Once = Once::new();

/// Installs, once per process, the panic hook and the SIGINT/SIGTERM/SIGHUP
/// watcher that give the terminal back and end the process. [`Screen::enter`]
/// installs them too; the explorer installs them first thing, so that a
/// thread started before the screen is taken is covered as well.
///
/// With the hook, a panic on any thread ends the process (status
/// [`PANIC_EXIT_STATUS`]) once the message is printed: the explorer cannot
/// go on without its loader, and with the screen given back every later
/// frame would be dropped, so a process that went on would only run unseen
/// (or add a second message about the dead thread).
pub fn install_guards() -> io::Result<()> {
    let mut result = Ok(());
    GUARDS.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Restore first so the panic message lands on the normal
            // screen, readable, instead of in the discarded alternate one;
            // and hold the terminal while it is printed, so that it cannot
            // be taken (and the message hidden) in between.
            let mut state = lock_for_exit();
            if let Some(state) = state.as_mut() {
                let _ = leave_locked(state);
            }
            let _ = disable_raw_mode();
            previous(info);
            std::process::exit(PANIC_EXIT_STATUS);
        }));
        result = watch_signals();
    });
    result
}

fn watch_signals() -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    thread::Builder::new()
        .name("astana-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                restore_and_exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Watches `tty` for a hang-up (the pseudo-terminal's other side closed,
/// as when an SSH connection drops) and ends the process when it happens.
///
/// SIGHUP usually arrives too, but not always (the signal may be ignored or
/// go to another process group), and crossterm's reader loops forever on
/// the end-of-file a hung-up terminal returns. This thread needs neither.
pub fn exit_on_hangup(tty: File) -> io::Result<()> {
    thread::Builder::new()
        .name("astana-hangup".into())
        .spawn(move || {
            if wait_for_hangup(tty.as_fd()).is_ok() {
                restore_and_exit(HANGUP_EXIT_STATUS);
            }
        })?;
    Ok(())
}

/// Blocks until `fd` reports a hang-up or an error. It asks for no input
/// events, so it never competes with the key reader for bytes.
pub fn wait_for_hangup(fd: BorrowedFd<'_>) -> io::Result<()> {
    loop {
        let mut pollfd = libc::pollfd {
            fd: fd.as_raw_fd(),
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd, for the duration of the call.
        let ready = unsafe { libc::poll(&mut pollfd, 1, -1) };
        if ready < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(err);
        }
        if pollfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Ok(());
        }
    }
}

/// Waits up to `timeout` for `fd` to have input; false on timeout.
pub fn wait_readable(fd: BorrowedFd<'_>, timeout: Duration) -> io::Result<bool> {
    let mut pollfd = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, for the duration of the call.
    let ready = unsafe { libc::poll(&mut pollfd, 1, millis) };
    if ready < 0 {
        return Err(io::Error::last_os_error());
    }
    if pollfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Err(io::Error::new(
            io::ErrorKind::BrokenPipe,
            "the terminal hung up",
        ));
    }
    Ok(ready > 0 && pollfd.revents & libc::POLLIN != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::{FromRawFd, OwnedFd};

    /// A fresh pseudo-terminal pair (master, slave).
    fn openpty() -> (OwnedFd, OwnedFd) {
        let mut master = -1;
        let mut slave = -1;
        // SAFETY: out-pointers to two ints; null name/termios/winsize are allowed.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(rc, 0, "openpty failed: {}", io::Error::last_os_error());
        // SAFETY: openpty returned two fresh descriptors we now own.
        unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
    }

    #[test]
    fn leaving_shows_the_cursor_and_leaves_the_alternate_screen_after_extras() {
        let bytes = leave_sequence(b"\x1b[8h");
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\x1b[8h"), "{text:?}");
        let leave = text
            .find("\x1b[?1049l")
            .expect("leaves the alternate screen");
        let show = text.find("\x1b[?25h").expect("shows the cursor");
        assert!(leave > 0 && show > 0);
    }

    #[test]
    fn closing_the_master_wakes_the_hangup_watcher() {
        let (master, slave) = openpty();
        let watcher = thread::spawn(move || wait_for_hangup(slave.as_fd()));
        // Give the watcher a moment to block; the test holds either way.
        thread::sleep(Duration::from_millis(50));
        assert!(!watcher.is_finished(), "woke up with the master still open");
        drop(master);
        let result = watcher.join().expect("watcher thread panicked");
        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn input_is_seen_and_hangup_is_an_error() {
        let (master, slave) = openpty();
        assert!(!wait_readable(slave.as_fd(), Duration::from_millis(10)).unwrap());
        let mut master_file = File::from(master);
        master_file.write_all(b"x\n").unwrap();
        assert!(wait_readable(slave.as_fd(), Duration::from_secs(5)).unwrap());
        drop(master_file);
        assert!(wait_readable(slave.as_fd(), Duration::from_secs(5)).is_err());
    }
}
