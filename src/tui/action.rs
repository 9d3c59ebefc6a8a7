//! What the user asked for, and the keymap that turns key events into it.
//!
//! The keymap is data: one table per [`Mode`] (the panes, the filter line,
//! the overlays, the facet picker) of bindings (a stable name, the action,
//! its keys, a description). The dispatch ([`action_for`]) and the help
//! overlay are both read from it, so a key cannot work without being in the
//! help, and the names are what a configuration file can rebind. The same
//! key means different things in different modes (in the filter line
//! letters are letters); `update` never sees a raw key.

use super::app::{App, Focus, Overlay};
use super::facet_picker::PickerAction;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::fmt;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    /// `/`: start typing in the filter line.
    EditFilter,
    Insert(char),
    Backspace,
    Delete,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    /// Ctrl-u in the filter line.
    DeleteToStart,
    /// Ctrl-w in the filter line.
    DeleteWord,
    /// Enter: open the article, add the entity as a filter term, apply facets.
    Confirm,
    /// Esc: leave the filter line, close an overlay, step back a pane.
    Back,
    NextMatch,
    PrevMatch,
    NextArticle,
    PrevArticle,
    OpenFacets,
    /// A key of the facet picker, which keeps its own state.
    Picker(PickerAction),
    /// `v`: start (or end) selecting lines of the article.
    SelectLines,
    /// `y`: copy the selected lines, else the current match's sentence,
    /// else the article's id and title.
    Copy,
    CopyText,
    ToggleHelp,
    ToggleWarnings,
    /// `z`: the focused pane fills the screen, or the panes come back.
    ToggleZoom,
    /// `o`: the next order of the results (relevance, date, round).
    CycleOrder,
    /// `t`: the round timeline of the results.
    OpenTimeline,
    /// `R`: fetch the feeds file's sources into the archive.
    Fetch,
    /// `c`: the entities found most often with the selected one.
    OpenCompanions,
    /// `s`: the statements of the open article.
    OpenStatements,
    /// `S`: the statements of the selected person or organisation across
    /// the results.
    OpenSpeakerStatements,
    /// A pasted text (a burst of typed characters): typed into the filter
    /// line at once, one search for all of it.
    Paste(String),
    /// `b`: bookmark the article, or drop its bookmark.
    ToggleBookmark,
    /// `B`: `is:bookmarked` into the filter, or out of it.
    FilterBookmarks,
    /// `a`: write the article's note.
    EditNote,
    /// `e`: write the results to a file the user names.
    Export,
}

/// The action a key press stands for in the app's current state, by the
/// app's keymap (the standard one with the configuration's changes).
pub fn action_for(key: KeyEvent, app: &App) -> Option<Action> {
    app.keymap().action(key, Mode::of(app))
}

/// Where the keys go, each with its own table of bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bindings that hold in every other mode, looked at first.
    Anywhere,
    /// The list, the article and the entities.
    Panes,
    /// Typing in the filter line: keys without a binding type themselves.
    Filter,
    /// The help and the warnings.
    Overlay,
    /// The facet picker.
    Picker,
    /// Writing an article's note: keys without a binding type themselves.
    Note,
    /// The round timeline and the co-occurrence list: rows to add to the filter.
    Chooser,
}

impl Mode {
    pub const ALL: [Mode; 7] = [
        Mode::Anywhere,
        Mode::Panes,
        Mode::Filter,
        Mode::Overlay,
        Mode::Picker,
        Mode::Note,
        Mode::Chooser,
    ];

    /// Whether a character without a binding types itself in this mode:
    /// in the filter line, and in the facet picker, where it narrows the
    /// rows.
    pub fn types_text(self) -> bool {
        matches!(self, Mode::Filter | Mode::Picker | Mode::Note)
    }

    /// The mode the app's state puts the keys in.
    pub fn of(app: &App) -> Mode {
        match app.overlay() {
            Some(Overlay::Facets(_)) => Mode::Picker,
            Some(Overlay::Note(_)) => Mode::Note,
            Some(
                Overlay::Timeline { .. } | Overlay::Companions { .. } | Overlay::Statements { .. },
            ) => Mode::Chooser,
            Some(_) => Mode::Overlay,
            None if app.focus() == Focus::Filter => Mode::Filter,
            None => Mode::Panes,
        }
    }
}

/// A key as a binding names it. Shift is in the character (`G`, `N`) or the
/// key (`Shift-Tab` is crossterm's `BackTab`); Alt is ignored, as terminals
/// disagree on it; Ctrl must be as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// Whether a key event is this key. With Ctrl held, letters match in
    /// either case (Ctrl-Shift-c is still Ctrl-c).
    pub fn matches(&self, event: KeyEvent) -> bool {
        if event.modifiers.contains(KeyModifiers::CONTROL) != self.ctrl {
            return false;
        }
        match (self.code, event.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }
}

/// The key's name as the help and docs/USAGE.md write it.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Delete => f.write_str("Del"),
            // Written out: crossterm names some keys after the platform.
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Tab => f.write_str("Tab"),
            other => write!(f, "{other}"),
        }
    }
}

/// One line of a keymap table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The action's name in its mode (`quit`, `next-match`): stable, for
    /// configuration files.
    pub name: &'static str,
    pub action: Action,
    pub keys: Vec<Key>,
    /// What the help says the keys do.
    pub help: &'static str,
}

impl Binding {
    /// The keys as the help lists them: `j ↓`.
    pub fn key_labels(&self) -> String {
        let labels: Vec<String> = self.keys.iter().map(Key::to_string).collect();
        labels.join(" ")
    }
}

/// Every mode's bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: [Vec<Binding>; Mode::ALL.len()],
}

impl Keymap {
    /// The keys as shipped (docs/USAGE.md lists them).
    pub fn standard() -> &'static Keymap {
        static STANDARD: LazyLock<Keymap> = LazyLock::new(Keymap::build_standard);
        &STANDARD
    }

    fn build_standard() -> Keymap {
        let table = |parts: &[&[Row]]| -> Vec<Binding> {
            parts
                .iter()
                .flat_map(|part| part.iter())
                .map(|(name, action, keys, help)| Binding {
                    name,
                    action: action.clone(),
                    keys: keys.to_vec(),
                    help,
                })
                .collect()
        };
        Keymap {
            tables: Mode::ALL.map(|mode| match mode {
                Mode::Anywhere => table(&[ANYWHERE]),
                Mode::Panes => table(&[MOVEMENT, PANES]),
                Mode::Filter => table(&[FILTER, EDITING, FILTER_LIST]),
                Mode::Overlay => table(&[MOVEMENT, OVERLAY]),
                Mode::Picker => table(&[PICKER]),
                Mode::Note => table(&[NOTE, EDITING]),
                Mode::Chooser => table(&[MOVEMENT, CHOOSER]),
            }),
        }
    }

    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        &self.tables[mode as usize]
    }

    /// Gives the binding `name` of `mode` these keys instead of its own,
    /// which it returns; `None` when the mode has no such binding.
    pub fn rebind(&mut self, mode: Mode, name: &str, keys: Vec<Key>) -> Option<Vec<Key>> {
        let binding = self.tables[mode as usize]
            .iter_mut()
            .find(|b| b.name == name)?;
        Some(std::mem::replace(&mut binding.keys, keys))
    }

    /// The keymap as the help and the manual page present it: a section per
    /// place the keys work in, a binding the panes already list (the same
    /// keys doing the same) not repeated, and notes for the keys no binding
    /// names.
    pub fn help_sections(&self) -> Vec<HelpSection<'_>> {
        let panes = self.bindings(Mode::Panes);
        let unseen = |mode: Mode| -> Vec<&Binding> {
            self.bindings(mode)
                .iter()
                .filter(|b| !panes.contains(b))
                .collect()
        };
        // "j k …": the panes' moving keys, however they are bound.
        let first_key = |name: &str| {
            panes
                .iter()
                .find(|b| b.name == name)
                .and_then(|b| b.keys.first())
                .map(Key::to_string)
        };
        let moving = [first_key("down"), first_key("up")]
            .into_iter()
            .flatten()
            .chain(["…".to_string()])
            .collect::<Vec<_>>()
            .join(" ");
        vec![
            HelpSection {
                heading: "In the panes",
                bindings: panes.iter().chain(self.bindings(Mode::Anywhere)).collect(),
                notes: Vec::new(),
            },
            HelpSection {
                heading: "In the filter line",
                bindings: self.bindings(Mode::Filter).iter().collect(),
                notes: vec![(
                    "other keys".to_string(),
                    "are typed at the caret, in either script",
                )],
            },
            HelpSection {
                heading: "Writing a note",
                bindings: self.bindings(Mode::Note).iter().collect(),
                notes: vec![(
                    "other keys".to_string(),
                    "are typed at the caret, in either script",
                )],
            },
            HelpSection {
                heading: "In the facet picker",
                bindings: unseen(Mode::Picker),
                notes: vec![(moving.clone(), "move as in the panes")],
            },
            HelpSection {
                heading: "In the round timeline and the co-occurrence list",
                bindings: unseen(Mode::Chooser),
                notes: vec![(moving.clone(), "move as in the panes")],
            },
            HelpSection {
                heading: "In this help and the warnings",
                bindings: unseen(Mode::Overlay),
                notes: vec![(moving, "scroll as in the panes")],
            },
        ]
    }

    /// The action `key` stands for in `mode`: a binding of
    /// [`Mode::Anywhere`], else one of `mode`, else, where the mode types
    /// text (the filter line), the character itself.
    pub fn action(&self, key: KeyEvent, mode: Mode) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let bound = |mode: Mode| {
            self.bindings(mode)
                .iter()
                .find(|b| b.keys.iter().any(|k| k.matches(key)))
                .map(|b| b.action.clone())
        };
        bound(Mode::Anywhere)
            .or_else(|| bound(mode))
            .or_else(|| match key.code {
                KeyCode::Char(c)
                    if mode.types_text()
                        && !key
                            .modifiers
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                        && !c.is_control() =>
                {
                    Some(Action::Insert(c))
                }
                _ => None,
            })
    }
}

/// A part of [`Keymap::help_sections`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection<'a> {
    pub heading: &'static str,
    pub bindings: Vec<&'a Binding>,
    /// Keys that no binding names, as (keys, what they do).
    pub notes: Vec<(String, &'static str)>,
}

/// A binding as written in the tables below: name, action, keys, help.
type Row = (&'static str, Action, &'static [Key], &'static str);

const ANYWHERE: &[Row] = &[(
    "quit",
    Action::Quit,
    &[Key::ctrl('c')],
    "quit, always (also while typing a filter)",
)];

/// Moving in whatever has rows: the panes and the overlays.
const MOVEMENT: &[Row] = &[
    (
        "down",
        Action::Down,
        &[Key::char('j'), Key::plain(KeyCode::Down)],
        "down: next row, or scroll the article",
    ),
    (
        "up",
        Action::Up,
        &[Key::char('k'), Key::plain(KeyCode::Up)],
        "up: previous row, or scroll the article",
    ),
    (
        "page-down",
        Action::PageDown,
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
        "page down",
    ),
    (
        "page-up",
        Action::PageUp,
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        "page up",
    ),
    (
        "half-page-down",
        Action::HalfPageDown,
        &[Key::ctrl('d')],
        "half a page down",
    ),
    (
        "half-page-up",
        Action::HalfPageUp,
        &[Key::ctrl('u')],
        "half a page up",
    ),
    (
        "top",
        Action::Top,
        &[Key::char('g'), Key::plain(KeyCode::Home)],
        "first row, top of the article",
    ),
    (
        "bottom",
        Action::Bottom,
        &[Key::char('G'), Key::plain(KeyCode::End)],
        "last row, end of the article",
    ),
];

const PANES: &[Row] = &[
    (
        "next-pane",
        Action::NextPane,
        &[Key::plain(KeyCode::Tab)],
        "next pane: list, article, entities",
    ),
    (
        "prev-pane",
        Action::PrevPane,
        &[Key::plain(KeyCode::BackTab)],
        "previous pane",
    ),
    (
        "edit-filter",
        Action::EditFilter,
        &[Key::char('/')],
        "type in the filter line; it filters as you type",
    ),
    (
        "confirm",
        Action::Confirm,
        &[Key::plain(KeyCode::Enter)],
        "open the article; in the entities pane, add the entity as a filter term (p:lavrentiev)",
    ),
    (
        "back",
        Action::Back,
        &[Key::plain(KeyCode::Esc)],
        "back: drop the entity highlight, return to the list",
    ),
    (
        "next-match",
        Action::NextMatch,
        &[Key::char('n')],
        "next filter match in the article, or mention of the selected entity",
    ),
    (
        "prev-match",
        Action::PrevMatch,
        &[Key::char('N')],
        "previous match or mention",
    ),
    (
        "next-article",
        Action::NextArticle,
        &[Key::char(']')],
        "next article",
    ),
    (
        "prev-article",
        Action::PrevArticle,
        &[Key::char('[')],
        "previous article",
    ),
    (
        "zoom",
        Action::ToggleZoom,
        &[Key::char('z')],
        "zoom: the focused pane fills the screen; again to come back",
    ),
    (
        "order",
        Action::CycleOrder,
        &[Key::char('o')],
        "order the list by relevance, date (newest first) or round; the status line shows which",
    ),
    (
        "timeline",
        Action::OpenTimeline,
        &[Key::char('t')],
        "round timeline: the results per round (dates, venue, a bar, the guarantors) and per month without a round",
    ),
    (
        "fetch",
        Action::Fetch,
        &[Key::char('R')],
        "fetch the feeds file's sources into the archive, in the background",
    ),
    (
        "companions",
        Action::OpenCompanions,
        &[Key::char('c')],
        "co-occurrence: in the entities pane, the entities found most often with the selected one in the results, with their rounds",
    ),
    (
        "statements",
        Action::OpenStatements,
        &[Key::char('s')],
        "who said what in the open article: its statements with their speakers; Enter shows one in the article",
    ),
    (
        "speaker-statements",
        Action::OpenSpeakerStatements,
        &[Key::char('S')],
        "in the entities pane: every statement of the selected person or organisation in the results, newest first",
    ),
    (
        "export",
        Action::Export,
        &[Key::char('e')],
        "export the results, in their order, to a file you name (CSV; JSON Lines, JSON or TSV by the name's extension)",
    ),
    (
        "facets",
        Action::OpenFacets,
        &[Key::char('f')],
        "facet picker: guarantors, rounds, people, places, organisations, agencies, with their counts",
    ),
    (
        "select-lines",
        Action::SelectLines,
        &[Key::char('v')],
        "select lines of the article: j k n N and paging extend, y copies, v or Esc ends",
    ),
    (
        "copy",
        Action::Copy,
        &[Key::char('y')],
        "copy (OSC 52, also over SSH) the selected lines, else the current match's sentence, else the article's id and title",
    ),
    (
        "copy-text",
        Action::CopyText,
        &[Key::char('Y')],
        "copy the article's text (OSC 52)",
    ),
    (
        "bookmark",
        Action::ToggleBookmark,
        &[Key::char('b')],
        "bookmark the article, or drop its bookmark (kept between sessions)",
    ),
    (
        "bookmarks",
        Action::FilterBookmarks,
        &[Key::char('B')],
        "only the bookmarked articles (is:bookmarked in the filter); again for all",
    ),
    (
        "edit-note",
        Action::EditNote,
        &[Key::char('a')],
        "write a one-line note on the article, shown in its header; an empty note removes it",
    ),
    (
        "warnings",
        Action::ToggleWarnings,
        &[Key::char('w')],
        "the warnings from loading",
    ),
    ("help", Action::ToggleHelp, &[Key::char('?')], "this help"),
    ("quit", Action::Quit, &[Key::char('q')], "quit"),
];

const FILTER: &[Row] = &[
    (
        "leave",
        Action::Back,
        &[Key::plain(KeyCode::Esc)],
        "leave the filter line; the filter stays",
    ),
    (
        "confirm",
        Action::Confirm,
        &[Key::plain(KeyCode::Enter)],
        "open the selected article",
    ),
    (
        "next-pane",
        Action::NextPane,
        &[Key::plain(KeyCode::Tab)],
        "leave the filter line for the list",
    ),
    (
        "prev-pane",
        Action::PrevPane,
        &[Key::plain(KeyCode::BackTab)],
        "leave the filter line for the entities",
    ),
];

/// Moving in the list while typing in the filter line.
const FILTER_LIST: &[Row] = &[
    (
        "down",
        Action::Down,
        &[Key::plain(KeyCode::Down)],
        "next article in the list, while typing",
    ),
    (
        "up",
        Action::Up,
        &[Key::plain(KeyCode::Up)],
        "previous article in the list",
    ),
    (
        "page-down",
        Action::PageDown,
        &[Key::plain(KeyCode::PageDown)],
        "a page down the list",
    ),
    (
        "page-up",
        Action::PageUp,
        &[Key::plain(KeyCode::PageUp)],
        "a page up the list",
    ),
];

/// The help and the warnings: every key that is not movement closes them,
/// so that the key that opened one closes it too.
const OVERLAY: &[Row] = &[
    (
        "close",
        Action::Back,
        &[
            Key::plain(KeyCode::Esc),
            Key::plain(KeyCode::Enter),
            Key::char('?'),
            Key::char('w'),
        ],
        "close",
    ),
    ("quit", Action::Quit, &[Key::char('q')], "quit"),
];

/// Writing a note: a one-line editor, as the filter line's.
const NOTE: &[Row] = &[
    (
        "save",
        Action::Confirm,
        &[Key::plain(KeyCode::Enter)],
        "keep the note",
    ),
    (
        "cancel",
        Action::Back,
        &[Key::plain(KeyCode::Esc)],
        "leave the note as it was",
    ),
];

/// Editing a line being typed: the filter line and the note line.
const EDITING: &[Row] = &[
    (
        "caret-left",
        Action::CursorLeft,
        &[Key::plain(KeyCode::Left)],
        "caret one character left",
    ),
    (
        "caret-right",
        Action::CursorRight,
        &[Key::plain(KeyCode::Right)],
        "caret one character right",
    ),
    (
        "caret-start",
        Action::CursorHome,
        &[Key::plain(KeyCode::Home), Key::ctrl('a')],
        "caret to the start",
    ),
    (
        "caret-end",
        Action::CursorEnd,
        &[Key::plain(KeyCode::End), Key::ctrl('e')],
        "caret to the end",
    ),
    (
        "delete-back",
        Action::Backspace,
        &[Key::plain(KeyCode::Backspace)],
        "delete the character before the caret",
    ),
    (
        "delete",
        Action::Delete,
        &[Key::plain(KeyCode::Delete)],
        "delete the character under the caret",
    ),
    (
        "delete-word",
        Action::DeleteWord,
        &[Key::ctrl('w')],
        "delete the word before the caret",
    ),
    (
        "delete-to-start",
        Action::DeleteToStart,
        &[Key::ctrl('u')],
        "delete everything before the caret",
    ),
];

/// The round timeline and the co-occurrence list.
const CHOOSER: &[Row] = &[
    (
        "add-to-filter",
        Action::Confirm,
        &[Key::plain(KeyCode::Enter)],
        "add the row to the filter: a round (r:4), a month without a round (r:none d:2020-03), an entity (p:lavrov)",
    ),
    (
        "close",
        Action::Back,
        &[
            Key::plain(KeyCode::Esc),
            Key::char('t'),
            Key::char('c'),
            Key::char('s'),
            Key::char('S'),
        ],
        "close",
    ),
    ("quit", Action::Quit, &[Key::char('q')], "quit"),
];

/// The facet picker: letters narrow its rows, so moving is on the arrows.
const PICKER: &[Row] = &[
    (
        "down",
        Action::Picker(PickerAction::Down),
        &[Key::plain(KeyCode::Down), Key::ctrl('n')],
        "next value",
    ),
    (
        "up",
        Action::Picker(PickerAction::Up),
        &[Key::plain(KeyCode::Up), Key::ctrl('p')],
        "previous value",
    ),
    (
        "page-down",
        Action::Picker(PickerAction::PageDown),
        &[Key::plain(KeyCode::PageDown)],
        "a page down",
    ),
    (
        "page-up",
        Action::Picker(PickerAction::PageUp),
        &[Key::plain(KeyCode::PageUp)],
        "a page up",
    ),
    (
        "top",
        Action::Picker(PickerAction::Top),
        &[Key::plain(KeyCode::Home)],
        "first value",
    ),
    (
        "bottom",
        Action::Picker(PickerAction::Bottom),
        &[Key::plain(KeyCode::End)],
        "last value",
    ),
    (
        "next-section",
        Action::Picker(PickerAction::NextSection),
        &[Key::plain(KeyCode::Tab), Key::plain(KeyCode::Right)],
        "next tab: guarantors, rounds, people, places, organisations, agencies",
    ),
    (
        "prev-section",
        Action::Picker(PickerAction::PrevSection),
        &[Key::plain(KeyCode::BackTab), Key::plain(KeyCode::Left)],
        "previous tab",
    ),
    (
        "toggle",
        Action::Picker(PickerAction::Toggle),
        &[Key::char(' ')],
        "tick or untick the value",
    ),
    (
        "widen",
        Action::Picker(PickerAction::Backspace),
        &[Key::plain(KeyCode::Backspace)],
        "delete a letter of the narrowing (other letters narrow the tab)",
    ),
    (
        "apply",
        Action::Picker(PickerAction::Apply),
        &[Key::plain(KeyCode::Enter)],
        "apply: the filter's terms of the changed tabs become the ticked values",
    ),
    (
        "back",
        Action::Picker(PickerAction::Back),
        &[Key::plain(KeyCode::Esc)],
        "clear the narrowing, then close without applying",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn usage_documents_every_key_of_the_keymap() {
        let usage = include_str!("../../docs/USAGE.md");
        for mode in Mode::ALL {
            for binding in Keymap::standard().bindings(mode) {
                for key in &binding.keys {
                    assert!(
                        usage.contains(&format!("`{key}`")),
                        "docs/USAGE.md lacks `{key}` ({mode:?} {})",
                        binding.name
                    );
                }
            }
        }
    }

    #[test]
    fn names_are_unique_in_a_mode_and_keys_bound_once() {
        for mode in Mode::ALL {
            let bindings = Keymap::standard().bindings(mode);
            for (i, a) in bindings.iter().enumerate() {
                assert!(
                    a.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                    "{}",
                    a.name
                );
                for b in &bindings[i + 1..] {
                    assert_ne!(a.name, b.name, "{mode:?}");
                    for key in &a.keys {
                        assert!(!b.keys.contains(key), "{key} bound twice in {mode:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_action_a_mode_binds_is_found_by_its_keys() {
        let keymap = Keymap::standard();
        for mode in Mode::ALL {
            for binding in keymap.bindings(mode) {
                for key in &binding.keys {
                    let modifiers = if key.ctrl {
                        KeyModifiers::CONTROL
                    } else {
                        KeyModifiers::NONE
                    };
                    let found = keymap.action(event(key.code, modifiers), mode);
                    // Ctrl-c quits everywhere, before any mode's own binding.
                    let expected = match keymap.action(event(key.code, modifiers), Mode::Anywhere) {
                        Some(anywhere) => anywhere,
                        None => binding.action.clone(),
                    };
                    assert_eq!(found, Some(expected), "{mode:?} {key}");
                }
            }
        }
    }

    #[test]
    fn in_the_filter_line_unbound_characters_type_themselves() {
        let keymap = Keymap::standard();
        let none = KeyModifiers::NONE;
        for c in ['q', 'j', 'إ', ' ', '?', 'z'] {
            assert_eq!(
                keymap.action(event(KeyCode::Char(c), none), Mode::Filter),
                Some(Action::Insert(c))
            );
        }
        assert_eq!(
            keymap.action(event(KeyCode::Char('G'), KeyModifiers::SHIFT), Mode::Filter),
            Some(Action::Insert('G'))
        );
        assert_eq!(
            keymap.action(event(KeyCode::Char('x'), KeyModifiers::ALT), Mode::Filter),
            None
        );
        assert_eq!(
            keymap.action(event(KeyCode::Char('x'), none), Mode::Panes),
            None,
            "an unbound key in the panes does nothing"
        );
    }

    #[test]
    fn ctrl_must_be_as_written_and_ctrl_letters_match_in_either_case() {
        let keymap = Keymap::standard();
        let ctrl = KeyModifiers::CONTROL;
        assert_eq!(
            keymap.action(
                event(KeyCode::Char('C'), ctrl | KeyModifiers::SHIFT),
                Mode::Panes
            ),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(event(KeyCode::Char('d'), ctrl), Mode::Panes),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            keymap.action(event(KeyCode::Char('q'), ctrl), Mode::Panes),
            None
        );
        assert_eq!(
            keymap.action(event(KeyCode::Char('j'), KeyModifiers::ALT), Mode::Panes),
            Some(Action::Down),
            "Alt is ignored"
        );
    }

    #[test]
    fn key_names_are_written_the_way_the_help_shows_them() {
        let names: Vec<String> = [
            Key::ctrl('w'),
            Key::char(' '),
            Key::plain(KeyCode::BackTab),
            Key::plain(KeyCode::PageDown),
            Key::plain(KeyCode::Down),
            Key::plain(KeyCode::Enter),
            Key::char('G'),
        ]
        .iter()
        .map(Key::to_string)
        .collect();
        assert_eq!(
            names,
            ["Ctrl-w", "Space", "Shift-Tab", "PgDn", "↓", "Enter", "G"]
        );
    }
}
