//! What the user asked for, and the keymap that turns key events into it.
//! The same key means different things in the filter line (where letters
//! are letters), in an overlay and in the panes; [`action_for`] decides from
//! the app's state, so `update` never sees a raw key.

use super::app::{App, Focus, Overlay};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    ToggleFacet,
    /// `v`: start (or end) selecting lines of the article.
    SelectLines,
    /// `y`: copy the selected lines, else the current match's sentence,
    /// else the article's id and title.
    Copy,
    CopyText,
    ToggleHelp,
    ToggleWarnings,
}

/// The action a key press stands for in the app's current state.
pub fn action_for(key: KeyEvent, app: &App) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return Some(Action::Quit);
    }
    if let Some(overlay) = app.overlay() {
        return overlay_action(key, ctrl, overlay);
    }
    if app.focus() == Focus::Filter {
        return filter_action(key, ctrl);
    }
    pane_action(key, ctrl)
}

/// Keys shared by every list-like thing: arrows and paging.
fn movement(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home => Action::Top,
        KeyCode::End => Action::Bottom,
        KeyCode::Char('d') if ctrl => Action::HalfPageDown,
        KeyCode::Char('u') if ctrl => Action::HalfPageUp,
        KeyCode::Char('f') if ctrl => Action::PageDown,
        KeyCode::Char('b') if ctrl => Action::PageUp,
        KeyCode::Char('j') if !ctrl => Action::Down,
        KeyCode::Char('k') if !ctrl => Action::Up,
        KeyCode::Char('g') if !ctrl => Action::Top,
        KeyCode::Char('G') if !ctrl => Action::Bottom,
        _ => return None,
    })
}

fn overlay_action(key: KeyEvent, ctrl: bool, overlay: &Overlay) -> Option<Action> {
    if let Some(action) = movement(key, ctrl) {
        return Some(action);
    }
    let facets = matches!(overlay, Overlay::Facets(_));
    Some(match key.code {
        KeyCode::Esc => Action::Back,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Enter => Action::Confirm,
        KeyCode::Char(' ') if facets => Action::ToggleFacet,
        KeyCode::Char('f') if facets => Action::Back,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('w') => Action::ToggleWarnings,
        _ => return None,
    })
}

fn filter_action(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Esc => Action::Back,
        KeyCode::Enter => Action::Confirm,
        KeyCode::Tab => Action::NextPane,
        KeyCode::BackTab => Action::PrevPane,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Left => Action::CursorLeft,
        KeyCode::Right => Action::CursorRight,
        KeyCode::Home => Action::CursorHome,
        KeyCode::End => Action::CursorEnd,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::DeleteToStart,
        KeyCode::Char('w') if ctrl => Action::DeleteWord,
        KeyCode::Char('a') if ctrl => Action::CursorHome,
        KeyCode::Char('e') if ctrl => Action::CursorEnd,
        KeyCode::Char(c)
            if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) && !c.is_control() =>
        {
            Action::Insert(c)
        }
        _ => return None,
    })
}

fn pane_action(key: KeyEvent, ctrl: bool) -> Option<Action> {
    if let Some(action) = movement(key, ctrl) {
        return Some(action);
    }
    if ctrl {
        return None;
    }
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Tab => Action::NextPane,
        KeyCode::BackTab => Action::PrevPane,
        KeyCode::Char('/') => Action::EditFilter,
        KeyCode::Enter => Action::Confirm,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('n') => Action::NextMatch,
        KeyCode::Char('N') => Action::PrevMatch,
        KeyCode::Char(']') => Action::NextArticle,
        KeyCode::Char('[') => Action::PrevArticle,
        KeyCode::Char('f') => Action::OpenFacets,
        KeyCode::Char('v') => Action::SelectLines,
        KeyCode::Char('y') => Action::Copy,
        KeyCode::Char('Y') => Action::CopyText,
        KeyCode::Char('w') => Action::ToggleWarnings,
        KeyCode::Char('?') => Action::ToggleHelp,
        _ => return None,
    })
}

/// The keys, as the help overlay and docs/USAGE.md list them.
pub const KEYS: &[(&str, &str)] = &[
    ("j k ↓ ↑", "move / scroll"),
    ("PgDn PgUp", "page down / up"),
    ("Ctrl-d Ctrl-u", "half page down / up"),
    ("g G Home End", "first / last"),
    ("Tab Shift-Tab", "next / previous pane"),
    ("/", "type in the filter line (Esc leaves it)"),
    ("Enter", "open article · add entity as filter term"),
    ("n N", "next / previous match or mention"),
    ("] [", "next / previous article"),
    ("Esc", "back: close overlay, leave filter, entity, pane"),
    ("f", "facet picker (Space toggles, Enter applies)"),
    ("v", "select lines of the article (j k n N extend)"),
    ("y", "copy selection / sentence / id and title"),
    ("Y", "copy article text (OSC 52)"),
    ("w", "load warnings"),
    ("?", "this help"),
    ("q", "quit (a letter in the filter line)"),
    ("Ctrl-c", "quit, always"),
];

/// Editing keys of the filter line.
pub const FILTER_KEYS: &[(&str, &str)] = &[
    ("← → Home End", "move the caret"),
    ("Backspace Del", "delete"),
    ("Ctrl-w Ctrl-u", "delete word / to start"),
    ("↑ ↓", "move in the list while typing"),
    ("Enter", "open the selected article"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_documents_every_key_of_the_help() {
        let usage = include_str!("../../docs/USAGE.md");
        for (keys, _) in KEYS.iter().chain(FILTER_KEYS) {
            for key in keys.split(' ') {
                assert!(
                    usage.contains(&format!("`{key}`")),
                    "docs/USAGE.md lacks `{key}`"
                );
            }
        }
    }
}
