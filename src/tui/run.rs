//! The explorer's runtime: take the terminal, load the corpus on a
//! background thread while a progress screen stays responsive, then feed
//! key events through the keymap into the app and carry out its effects.
//! The app itself never touches the terminal.

use crate::archive::{ArchiveError, DefaultSource};
use crate::corpus::{self, Corpus, LoadError, LoadProgress, LoadWarning};
use crate::extract::Extractor;
use crate::marks::MarkStore;
use crate::search::IndexBuilder;
use crate::text::layout::BidiMode;
use crate::tui::bidi_probe::{self, BidiChoice};
use crate::tui::draw::loading::Loading;
use crate::tui::filter_line::MAX_FILTER_CHARS;
use crate::tui::terminal::{self, FrameWriter, Screen};
use crate::tui::{Action, App, AppOptions, Effect, Focus, action_for, clipboard, draw, refetch};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::{Terminal, backend::CrosstermBackend, layout::Rect};
use std::{
    collections::VecDeque,
    fs::File,
    io,
    os::fd::AsFd,
    path::PathBuf,
    sync::{Arc, mpsc},
    thread,
    time::{Duration, Instant},
};

/// How the explorer was asked to run (from the command line).
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Files and folders to load; empty for the bundled articles.
    pub paths: Vec<PathBuf>,
    /// How to read them (`--encoding`).
    pub load: corpus::LoadOptions,
    /// `--archive`: opened when no path is given (see `archive::load_default_into`).
    pub archive: Option<PathBuf>,
    /// `--all`: every copy of a story in the archive.
    pub all: bool,
    pub bidi: BidiChoice,
    pub color: bool,
    pub print_on_enter: bool,
    pub initial_query: String,
    pub keymap: crate::tui::Keymap,
    pub palette: crate::tui::theme::Palette,
    /// The results' order at the start (`o` changes it).
    pub order: crate::search::Order,
    /// Where bookmarks and notes are kept (`crate::marks::location`).
    pub marks: Option<PathBuf>,
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Quit,
    /// `--print`: the id of the article chosen with Enter.
    Print(String),
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the explorer needs a terminal ({0}); try 'astana list'")]
    NoTerminal(io::Error),
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// Nothing could be loaded; the warnings say why.
    #[error("no articles found")]
    NoArticles(Vec<LoadWarning>),
    #[error("loading stopped unexpectedly")]
    LoaderFailed,
}

type Tui = Terminal<CrosstermBackend<FrameWriter>>;

/// How long to wait for the loader before looking for input again (keys
/// typed on the loading screen wait at most this long).
const LOADING_TICK: Duration = Duration::from_millis(5);
/// The loading screen appears only for loads slower than this (no flash
/// before the first frame of a small corpus) and is redrawn this often.
const LOADING_SCREEN_AFTER: Duration = Duration::from_millis(50);
const LOADING_REDRAW: Duration = Duration::from_millis(100);
/// Idle wait between events; nothing happens on its own after loading,
/// so this only bounds how long a lost wake-up could stall a frame.
const IDLE_WAIT: Duration = Duration::from_secs(1);
/// Idle wait while `R`'s fetch runs: how soon its progress shows.
const FETCH_WAIT: Duration = Duration::from_millis(100);
/// At most this many waiting events are handled before a frame is drawn,
/// so a flood of input cannot starve the screen.
const EVENTS_PER_FRAME: usize = 256;
/// The timeout that only looks, for taking in what is waiting: not zero,
/// for which crossterm's /dev/tty reader looks neither at the terminal nor
/// at the keys it has read but not yet handed out; under a millisecond,
/// which its poll of the terminal rounds down to no wait (a key waits for
/// no millisecond of drain, nor for the results past the screen to be
/// placed).
const LOOK: Duration = Duration::from_micros(50);
/// Events read ahead of handling (a long paste): more than the terminal's
/// input buffer holds, a few hundred kilobytes at most.
const MAX_PENDING: usize = 8192;

/// Runs the explorer until the user quits. The terminal is restored before
/// this returns, whatever the outcome. `extractor`: the one built from the
/// user's gazetteer, or `None` for the built-in one, which is then built on
/// the loading thread.
pub fn run(options: RunOptions, extractor: Option<Extractor>) -> Result<Outcome, RunError> {
    // The panic hook first: it must cover the loader from its first step.
    terminal::install_guards()?;
    // Then loading: building the extractor and reading the articles
    // overlap with taking the terminal and asking it about bidi, and the
    // explorer is built as soon as those answers are in.
    let (start, start_rx) = mpsc::channel();
    let input = Input {
        paths: options.paths,
        load: options.load,
        archive: options.archive.clone(),
        all: options.all,
    };
    let loader = Loader::spawn(input, extractor, start_rx)?;
    // crossterm reads NO_COLOR by itself; the decision made from it and
    // --color (where `always` wins) is ours.
    crossterm::style::force_color_output(options.color);
    let sink = terminal::open_sink().map_err(RunError::NoTerminal)?;
    let tty = terminal::open_controlling_tty().ok();
    let screen = Screen::enter(sink)?;
    if let Some(tty) = &tty {
        terminal::exit_on_hangup(tty.try_clone()?)?;
    }
    let bidi = bidi_probe::resolve(options.bidi, &screen, tty.as_ref());
    let route = clipboard::Route::from_env(
        bidi_probe::TerminalHints::from_env().in_tmux,
        std::env::var_os("STY").as_deref(),
    );
    // Not `Terminal::clear`: it asks the terminal for the cursor position
    // and fails when no answer comes (the screen was cleared on entering).
    let mut tui = Terminal::new(CrosstermBackend::new(screen.frame_writer()))?;
    let size = tui.size()?;
    // Starts rayon's threads (the loader's parallel steps need them) here,
    // while the loader is still busy with the extractor.
    rayon::current_num_threads();
    // A loader that is gone already has its reason waiting in `loader`.
    let _ = start.send(AppStart {
        options: AppOptions {
            bidi: bidi.mode,
            bidi_label: bidi.label,
            color: options.color,
            print_on_enter: options.print_on_enter,
            initial_query: options.initial_query,
            // Set by the loader, which knows where the articles came from.
            corpus_label: None,
            new_since: None,
            keymap: options.keymap,
            palette: options.palette,
            order: options.order,
        },
        size: (size.width, size.height),
    });
    let loaded = load_with_progress(
        &mut tui,
        &screen,
        tty.as_ref(),
        loader,
        options.color,
        bidi.mode,
    )?;
    let mut marks_at = options.marks;
    let (mut app, extractor) = match loaded {
        None => return finish(tui, screen, Outcome::Quit),
        Some(Loaded::Nothing(warnings)) => {
            drop(tui);
            screen.leave()?;
            return Err(RunError::NoArticles(warnings));
        }
        Some(Loaded::App(app, extractor, archive)) => {
            if archive.is_some() {
                marks_at = crate::marks::location(archive.as_deref());
            }
            (*app, extractor)
        }
    };
    app.set_extractor(Arc::clone(&extractor));
    // The loader laid the explorer out for the size it was given; the
    // terminal may have been resized since.
    let now = tui.size()?;
    if (now.width, now.height) != app.size() {
        app.update(Action::Resize(now.width, now.height));
    }
    let mut background = Background {
        archive: options.archive,
        all: options.all,
        extractor,
        fetch: None,
    };
    // Marks after loading, so their store's problems do not slow it.
    let out = Outputs {
        route,
        marks: Marks::read(marks_at, &mut app),
    };
    crate::memory::keep_freed_pages();
    let outcome = event_loop(&mut tui, &mut app, &screen, &out, &mut background)?;
    finish(tui, screen, outcome)
}

fn finish(tui: Tui, screen: Screen, outcome: Outcome) -> Result<Outcome, RunError> {
    drop(tui);
    screen.leave()?;
    Ok(outcome)
}

/// What the explorer needs from the terminal before it can be built.
struct AppStart {
    options: AppOptions,
    /// Columns and rows.
    size: (u16, u16),
}

/// What the loading thread hands over.
enum Loaded {
    /// Boxed: an `App` is large and this travels through a channel. The
    /// extractor stays for `R`'s fetches; the archive's path when the
    /// articles are the archive's (its file keeps the marks then).
    App(Box<App>, Arc<Extractor>, Option<PathBuf>),
    /// No article could be loaded; the warnings say why.
    Nothing(Vec<LoadWarning>),
}

/// The loading thread: reads the articles, then builds and lays out the
/// explorer (its search index included) once it has its [`AppStart`].
struct Loader {
    progress: Arc<LoadProgress>,
    /// The outcome, sent the moment it is there, so the first frame does
    /// not wait for a polling interval. Disconnected without a message:
    /// the thread died (a panic ends the process before that matters).
    done: mpsc::Receiver<Result<Loaded, RunError>>,
}

/// What the loader reads (and `R` reads again after fetching).
pub(super) struct Input {
    pub(super) paths: Vec<PathBuf>,
    pub(super) load: corpus::LoadOptions,
    pub(super) archive: Option<PathBuf>,
    pub(super) all: bool,
}

impl Input {
    /// The corpus, the status line's word on where it came from
    /// (`archive 1,234`, `bundled 5`; nothing for files named), and the
    /// archive's path when it was the archive.
    pub(super) fn load(
        self,
        extractor: &Extractor,
        progress: &LoadProgress,
        builder: &mut IndexBuilder,
    ) -> Result<InputLoaded, RunError> {
        if !self.paths.is_empty() {
            let corpus =
                corpus::load_into_with(&self.paths, self.load, extractor, Some(progress), builder)?;
            return Ok(InputLoaded {
                corpus,
                label: None,
                archive: None,
                keep: None,
            });
        }
        let (mut corpus, source) = crate::archive::load_default_into(
            self.archive.as_deref(),
            self.all,
            extractor,
            Some(progress),
            builder,
        )?;
        let count = crate::output::thousands(corpus.articles.len());
        let mut keep = None;
        let (label, archive) = match source {
            DefaultSource::Archive { note, keep: words } => {
                keep = words;
                // A read-only archive says so in the warnings (`w`).
                if let Some(note) = note {
                    corpus
                        .warnings
                        .push(LoadWarning::new("archive", None, note));
                }
                let path = crate::archive::location(self.archive.as_deref());
                (format!("archive {count}"), path)
            }
            DefaultSource::Bundled => (format!("bundled {count}"), None),
        };
        Ok(InputLoaded {
            corpus,
            label: Some(label),
            archive,
            keep,
        })
    }
}

/// What [`Input::load`] read.
pub(super) struct InputLoaded {
    pub(super) corpus: Corpus,
    /// The status line's word on where it came from (`archive 1,234`,
    /// `bundled 5`; nothing for files named).
    pub(super) label: Option<String>,
    /// The archive's path when it was the archive.
    pub(super) archive: Option<PathBuf>,
    /// The index words to write back to the archive once the index is built.
    pub(super) keep: Option<crate::archive::WordsToKeep>,
}

impl Loader {
    fn spawn(
        input: Input,
        extractor: Option<Extractor>,
        start: mpsc::Receiver<AppStart>,
    ) -> io::Result<Loader> {
        let progress = Arc::new(LoadProgress::default());
        let (done_tx, done) = mpsc::channel();
        let thread_progress = Arc::clone(&progress);
        thread::Builder::new()
            .name("astana-load".into())
            .spawn(move || {
                panic_for_test(PanicPoint::LoaderStart);
                let extractor = extractor.unwrap_or_else(Extractor::builtin);
                // The index is built as the articles load (from the
                // extractor's normalized text) and finished after.
                let mut builder = IndexBuilder::new();
                let result = input.load(&extractor, &thread_progress, &mut builder);
                let mut keep_words = None;
                let loaded = result.map(|read| {
                    let InputLoaded {
                        corpus,
                        label,
                        archive,
                        keep,
                    } = read;
                    if corpus.articles.is_empty() {
                        return Some(Loaded::Nothing(corpus.warnings));
                    }
                    let index = builder.finish(&corpus.articles, extractor.entries());
                    keep_words = keep.map(|keep| (keep, index.stored_words()));
                    // No start: the runtime gave up (no terminal).
                    let AppStart { mut options, size } = start.recv().ok()?;
                    options.corpus_label = label;
                    // Articles that arrived since the last visit to this
                    // archive are marked; this visit is the next one's mark.
                    let archive_path = archive.clone();
                    if let (Some(archive), Some(visits)) = (archive, crate::archive::visits::file())
                    {
                        let now = crate::archive::visits::now();
                        options.new_since = crate::archive::visits::previous(&visits, &archive);
                        let _ = crate::archive::visits::record(&visits, &archive, now);
                    }
                    panic_for_test(PanicPoint::Loader);
                    let mut app = App::with_index(corpus, index, options);
                    app.update(Action::Resize(size.0, size.1));
                    Some(Loaded::App(
                        Box::new(app),
                        Arc::new(extractor),
                        archive_path,
                    ))
                });
                if let Some(loaded) = loaded.transpose() {
                    let _ = done_tx.send(loaded);
                }
                // After the explorer has its index: the next opening reads
                // these words (a failure only costs it their making again).
                if let Some((keep, words)) = keep_words {
                    let _ = keep.write(&words);
                }
            })?;
        Ok(Loader { progress, done })
    }
}

/// Waits for the loader, drawing progress until it is done, so even a
/// slow start stays responsive. `None` when the user quit first (the
/// loader is left to die with the process).
fn load_with_progress(
    tui: &mut Tui,
    screen: &Screen,
    tty: Option<&File>,
    loader: Loader,
    color: bool,
    bidi: BidiMode,
) -> Result<Option<Loaded>, RunError> {
    let started = Instant::now();
    let mut drawn: Option<Instant> = None;
    // crossterm keeps the events it read beyond the first to itself, where
    // only a poll that waits looks: once keys come, they are read until
    // crossterm has none left (or a frame's worth was taken).
    let mut unread = false;
    loop {
        match loader.done.recv_timeout(LOADING_TICK) {
            Ok(loaded) => return Ok(Some(loaded?)),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(RunError::LoaderFailed),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let due = match drawn {
            None => started.elapsed() >= LOADING_SCREEN_AFTER,
            Some(at) => at.elapsed() >= LOADING_REDRAW,
        };
        if due {
            let loading = Loading::now(&loader.progress, color, bidi);
            tui.draw(|frame| draw::loading::draw(frame, &loading))?;
            drawn = Some(Instant::now());
        }
        if !unread && !input_waiting(tty)? {
            continue;
        }
        let mut taken = 0;
        while taken < EVENTS_PER_FRAME && event::poll(LOOK)? {
            taken += 1;
            // Resizes need nothing: the next draw adapts to the new size.
            match event::read()? {
                Event::Key(key) if quits_loading(key) => return Ok(None),
                Event::Key(key) if is_suspend(key) => {
                    screen.suspend()?;
                    let size = tui.size()?;
                    tui.resize(Rect::new(0, 0, size.width, size.height))?;
                }
                _ => {}
            }
        }
        unread = taken == EVENTS_PER_FRAME;
    }
}

/// Whether the terminal has input, without waiting. Not crossterm's `poll`:
/// it rounds what is left of its timeout down to whole milliseconds and
/// spins through the last one, a core's worth of CPU taken from the loader
/// on every tick. A terminal that hung up counts as quiet: the hang-up
/// watcher ends the process.
fn input_waiting(tty: Option<&File>) -> io::Result<bool> {
    match tty {
        Some(tty) => Ok(terminal::wait_readable(tty.as_fd(), Duration::ZERO).unwrap_or(false)),
        None => event::poll(LOOK),
    }
}

/// Ctrl-c, which raw mode delivers as a key instead of a signal.
fn is_interrupt(key: KeyEvent) -> bool {
    key.kind != KeyEventKind::Release
        && key.code == KeyCode::Char('c')
        && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Ctrl-z, which raw mode delivers as a key instead of a signal.
fn is_suspend(key: KeyEvent) -> bool {
    key.kind != KeyEventKind::Release
        && key.code == KeyCode::Char('z')
        && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// `q`, Esc and Ctrl-c leave the loading screen.
fn quits_loading(key: KeyEvent) -> bool {
    is_interrupt(key)
        || (key.kind != KeyEventKind::Release
            && matches!(key.code, KeyCode::Char('q') | KeyCode::Esc))
}

/// What runs beside the event loop: `R`'s fetch.
struct Background {
    archive: Option<PathBuf>,
    all: bool,
    extractor: Arc<Extractor>,
    fetch: Option<mpsc::Receiver<refetch::Message>>,
}

impl Background {
    /// Takes in what the fetch said; true when the app changed.
    fn poll(&mut self, app: &mut App) -> bool {
        let Some(rx) = &self.fetch else {
            return false;
        };
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok(refetch::Message::Progress(text)) => {
                    app.set_fetching(Some(text));
                    changed = true;
                }
                Ok(refetch::Message::Done(done)) => {
                    app.set_fetching(None);
                    match done {
                        Ok(reloaded) => {
                            let r = *reloaded;
                            app.replace_corpus(r.corpus, r.index, r.label, r.summary);
                        }
                        Err(why) => app.notify(why),
                    }
                    self.fetch = None;
                    return true;
                }
                Err(mpsc::TryRecvError::Empty) => return changed,
                Err(mpsc::TryRecvError::Disconnected) => {
                    app.set_fetching(None);
                    self.fetch = None;
                    return true;
                }
            }
        }
    }
}

/// Keys in, effects out, a frame drawn whenever something changed.
fn event_loop(
    tui: &mut Tui,
    app: &mut App,
    screen: &Screen,
    out: &Outputs,
    background: &mut Background,
) -> Result<Outcome, RunError> {
    let mut dirty = true;
    let mut first_frame = true;
    let mut resized = false;
    let mut pending: VecDeque<Event> = VecDeque::new();
    loop {
        if resized {
            // A terminal may drop or reflow its content when resized (a
            // shrink to 1x1 and back leaves it blank), while the diff
            // against the last frame believes it is still there: repaint all.
            // (`resize` clears without asking the terminal for the cursor
            // position, which `Terminal::clear` would.)
            let size = tui.size()?;
            tui.resize(Rect::new(0, 0, size.width, size.height))?;
            resized = false;
        }
        if dirty {
            tui.draw(|frame| {
                if !first_frame {
                    panic_for_test(PanicPoint::Draw);
                }
                draw(frame, app)
            })?;
            dirty = false;
            first_frame = false;
        }
        // The results past the screen are placed while no key waits (a
        // key stops it: typing makes them stale, anything else finishes
        // them first).
        while pending.is_empty() && !app.results_settled() && !event::poll(LOOK)? {
            app.settle_results_step();
        }
        // While a fetch runs, its news is looked at often.
        let wait = if background.fetch.is_some() {
            FETCH_WAIT
        } else {
            IDLE_WAIT
        };
        if pending.is_empty() && !event::poll(wait)? {
            dirty |= background.poll(app);
            continue;
        }
        dirty |= background.poll(app);
        // Take in everything already waiting, so that a Ctrl-c typed behind
        // a long paste ends the session now, not after the paste has been
        // worked through.
        while pending.len() < MAX_PENDING && event::poll(LOOK)? {
            pending.push_back(event::read()?);
        }
        if pending
            .iter()
            .any(|e| matches!(e, Event::Key(key) if is_interrupt(*key)))
        {
            return Ok(Outcome::Quit);
        }
        // Then up to a frame's worth of actions: a storm of resizes or a
        // fast typist costs one draw. Consecutive typed characters (a
        // paste) are one `Paste`, one search and one draw for all of
        // them, however many: they count as one action.
        let mut actions = 0;
        let mut typed = String::new();
        while actions < EVENTS_PER_FRAME {
            let Some(event) = pending.pop_front() else {
                break;
            };
            let mut action = match event {
                Event::Key(key) => action_for(key, app),
                _ => None,
            };
            if let Some(Action::Insert(c)) = action {
                // The filter line drops what goes past its cap: one
                // character more than that is enough for it to say so.
                if typed.len() <= MAX_FILTER_CHARS * 4 {
                    typed.push(c);
                }
                // The first typed character may move the focus to the filter
                // line, which changes what the next keys mean: apply it now.
                if app.focus() == Focus::Filter {
                    continue;
                }
                action = Some(Action::Paste(std::mem::take(&mut typed)));
            } else if !typed.is_empty() {
                dirty = true;
                actions += 1;
                let paste = Action::Paste(std::mem::take(&mut typed));
                if let Some(outcome) = carry_out(app, paste, screen, out, background)? {
                    return Ok(outcome);
                }
            }
            let action = match event {
                Event::Key(key) if is_suspend(key) => {
                    screen.suspend()?;
                    // The screen came back cleared, maybe at another size.
                    let size = tui.size()?;
                    tui.resize(Rect::new(0, 0, size.width, size.height))?;
                    Some(Action::Resize(size.width, size.height))
                }
                Event::Key(_) => action,
                Event::Resize(width, height) => {
                    resized = true;
                    Some(Action::Resize(width, height))
                }
                _ => None,
            };
            if let Some(action) = action {
                dirty = true;
                actions += 1;
                if let Some(outcome) = carry_out(app, action, screen, out, background)? {
                    return Ok(outcome);
                }
            }
        }
        if !typed.is_empty() {
            dirty = true;
            let paste = Action::Paste(typed);
            if let Some(outcome) = carry_out(app, paste, screen, out, background)? {
                return Ok(outcome);
            }
        }
    }
}

/// Applies one action and carries out its effect; the outcome when the
/// session ends.
fn carry_out(
    app: &mut App,
    action: Action,
    screen: &Screen,
    out: &Outputs,
    background: &mut Background,
) -> Result<Option<Outcome>, RunError> {
    panic_for_test(PanicPoint::Update);
    match app.update(action) {
        None => {}
        Some(Effect::Quit) => return Ok(Some(Outcome::Quit)),
        Some(Effect::PrintAndQuit(id)) => return Ok(Some(Outcome::Print(id))),
        Some(Effect::Copy(text)) => {
            screen.send(&clipboard::osc52(&text, out.route).sequence)?;
        }
        Some(Effect::SaveMark(article)) => {
            let mark = app.mark(article).cloned().unwrap_or_default();
            if let Err(why) = out.marks.keep(&app.articles()[article], &mark) {
                app.mark_not_kept(&why);
            }
        }
        Some(Effect::Export {
            path,
            contents,
            count,
        }) => {
            let shown = crate::text::sanitize::visible(&path.display().to_string()).into_owned();
            app.notify(
                match crate::atomic_file::write_whole(&path, contents.as_bytes()) {
                    Ok(()) => format!("wrote {count} results to {shown}"),
                    Err(e) => format!("could not write {shown}: {e}"),
                },
            );
        }
        Some(Effect::Fetch) => {
            let started = refetch::start(
                background.archive.clone(),
                background.all,
                Arc::clone(&background.extractor),
            );
            match started {
                Ok(rx) => background.fetch = Some(rx),
                Err(e) => {
                    app.set_fetching(None);
                    app.notify(format!("cannot start the fetch: {e}"));
                }
            }
        }
    }
    Ok(None)
}

/// Where the effects go besides the screen: the clipboard's route and
/// the marks.
struct Outputs {
    route: clipboard::Route,
    marks: Marks,
}

/// The mark store: read when the session starts, opened for writing (and
/// created) only when something is marked.
struct Marks {
    path: Option<PathBuf>,
    store: std::cell::OnceCell<Result<MarkStore, String>>,
}

impl Marks {
    /// Gives the app the marks of its articles. A store that cannot be
    /// read leaves the app without marks and says so in the status line.
    fn read(path: Option<PathBuf>, app: &mut App) -> Marks {
        if let Some(path) = &path {
            let marks = MarkStore::open_to_read(path).and_then(|store| {
                store.map_or_else(|| Ok(Default::default()), |s| s.marks_of(app.articles()))
            });
            match marks {
                Ok(marks) => app.set_marks(marks),
                Err(e) => app.mark_not_kept(&e.to_string()),
            }
        }
        Marks {
            path,
            store: std::cell::OnceCell::new(),
        }
    }

    /// Writes an article's mark now.
    fn keep(
        &self,
        article: &crate::corpus::Article,
        mark: &crate::marks::Mark,
    ) -> Result<(), String> {
        let store = self.store.get_or_init(|| {
            let path = self
                .path
                .as_deref()
                .ok_or("no folder for marks (HOME is not set)")?;
            MarkStore::open(path).map_err(|e| e.to_string())
        });
        match store {
            Ok(store) => store.set(article, mark).map_err(|e| e.to_string()),
            Err(why) => Err(why.clone()),
        }
    }
}

/// Where a debug build panics on purpose when `ASTANA_DEBUG_PANIC` names
/// the point: the test hook that lets tests/panic_e2e.rs check the terminal
/// is given back after a panic on the main thread and on the loader thread.
/// A panic ends the process, so only the first point reached matters.
/// Release builds contain no trigger (see docs/ROBUSTNESS.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PanicPoint {
    /// Drawing an explorer frame, from the second frame on (the first one
    /// shows that the session was up).
    Draw,
    /// Handling an action from a key or a resize in the explorer.
    Update,
    /// The loading thread, once the terminal is taken, before it builds
    /// the explorer.
    Loader,
    /// The loading thread's first step, which may come before the terminal
    /// is taken.
    LoaderStart,
}

#[cfg(debug_assertions)]
fn panic_for_test(point: PanicPoint) {
    static WANTED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let wanted = WANTED.get_or_init(|| std::env::var("ASTANA_DEBUG_PANIC").ok());
    let name = match point {
        PanicPoint::Draw => "draw",
        PanicPoint::Update => "update",
        PanicPoint::Loader => "loader",
        PanicPoint::LoaderStart => "loader-start",
    };
    if wanted.as_deref() == Some(name) {
        panic!("ASTANA_DEBUG_PANIC={name}: a deliberate panic (test hook of debug builds)");
    }
}

#[cfg(not(debug_assertions))]
fn panic_for_test(_: PanicPoint) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_z_suspends_and_q_esc_ctrl_c_leave_the_loading_screen() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let plain = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert!(is_suspend(ctrl('z')) && !is_suspend(plain('z')));
        assert!(quits_loading(ctrl('c')) && quits_loading(plain('q')));
        assert!(quits_loading(KeyEvent::from(KeyCode::Esc)));
        assert!(!quits_loading(plain('c')) && !quits_loading(plain('j')));
    }
}
