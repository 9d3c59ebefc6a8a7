//! `[keys]`: key names as a configuration file writes them, and the
//! keymap with the file's bindings in place of the standard ones.
//!
//! `[keys]` holds the panes' bindings; `[keys.filter]`, `[keys.note]`,
//! `[keys.picker]`, `[keys.chooser]`, `[keys.overlay]` and
//! `[keys.anywhere]` those of the other modes. The
//! help and the warnings, the timeline and the co-occurrence list move and
//! quit as the panes do, so a binding of `[keys]` also changes their
//! binding of the same name, and the keys that open them (`help`,
//! `warnings`, `timeline`, `companions`) close them too, unless their own
//! section (`[keys.overlay]`, `[keys.chooser]`) says otherwise.

use super::{Located, Origin};
use crate::tui::action::{Key, Keymap, Mode};
use crossterm::event::KeyCode;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Each mode's name in `[keys.NAME]`; the panes are `[keys]` itself.
pub const SECTIONS: [(Mode, &str); 7] = [
    (Mode::Panes, "keys"),
    (Mode::Filter, "keys.filter"),
    (Mode::Note, "keys.note"),
    (Mode::Picker, "keys.picker"),
    (Mode::Chooser, "keys.chooser"),
    (Mode::Overlay, "keys.overlay"),
    (Mode::Anywhere, "keys.anywhere"),
];

/// The modes that move and quit as the panes do, with the panes'
/// bindings that open them (whose keys close them too).
const FOLLOWERS: [(Mode, &[&str]); 2] = [
    (Mode::Overlay, &["help", "warnings"]),
    (Mode::Chooser, &["timeline", "companions"]),
];

/// What the modes are called in messages.
fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Anywhere => "every mode",
        Mode::Panes => "the panes",
        Mode::Filter => "the filter line",
        Mode::Overlay => "the help and warnings",
        Mode::Picker => "the facet picker",
        Mode::Note => "the note line",
        Mode::Chooser => "the timeline and the co-occurrence list",
    }
}

/// Keys with names, as the help writes them, and the other spellings a
/// file may use (any case).
const NAMED: &[(&[&str], KeyCode)] = &[
    (&["Enter", "Return"], KeyCode::Enter),
    (&["Esc", "Escape"], KeyCode::Esc),
    (&["Tab"], KeyCode::Tab),
    (&["Shift-Tab", "BackTab"], KeyCode::BackTab),
    (&["Backspace"], KeyCode::Backspace),
    (&["Del", "Delete"], KeyCode::Delete),
    (&["Home"], KeyCode::Home),
    (&["End"], KeyCode::End),
    (&["PgUp", "PageUp"], KeyCode::PageUp),
    (&["PgDn", "PageDown"], KeyCode::PageDown),
    (&["↑", "Up"], KeyCode::Up),
    (&["↓", "Down"], KeyCode::Down),
    (&["←", "Left"], KeyCode::Left),
    (&["→", "Right"], KeyCode::Right),
    (&["Space"], KeyCode::Char(' ')),
];

/// A key as the help writes it (`x`, `G`, `Ctrl-d`, `Enter`, `PgDn`,
/// `Shift-Tab`, `F5`), or in another spelling of [`NAMED`].
pub fn parse_key(text: &str) -> Result<Key, String> {
    let hint = "write a character (x, G, ?), Ctrl- and a letter (Ctrl-d), F1 to F12, \
                or one of Enter Esc Tab Shift-Tab Backspace Del Home End PgUp PgDn \
                Up Down Left Right Space";
    let lower = text.to_lowercase();
    if let Some((_, code)) = NAMED
        .iter()
        .find(|(names, _)| names.iter().any(|n| n.to_lowercase() == lower))
    {
        return Ok(Key::plain(*code));
    }
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_control() {
            return Err(format!("{:?} is a control character: {hint}", text));
        }
        return Ok(Key::char(c));
    }
    if let Some(rest) = lower
        .strip_prefix("ctrl-")
        .or_else(|| lower.strip_prefix("c-"))
    {
        let mut chars = rest.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() || "[]\\^_ ".contains(c) => {
                Ok(Key::ctrl(c))
            }
            _ => Err(format!("'{text}': Ctrl goes with one letter (Ctrl-d)")),
        };
    }
    if lower.starts_with("alt-") || lower.starts_with("meta-") {
        return Err(format!(
            "'{text}': Alt is not told apart (terminals disagree on it); {hint}"
        ));
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
        && (1..=12).contains(&n)
    {
        return Ok(Key::plain(KeyCode::F(n)));
    }
    Err(format!("'{text}' is not a key: {hint}"))
}

/// A binding the file changed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebinding {
    pub mode: Mode,
    pub name: &'static str,
    pub origin: Origin,
}

/// The standard keymap with the bindings of a `[keys]` table in place.
pub(super) fn apply(
    table: &Spanned<DeValue<'_>>,
    at: &Located,
) -> Result<(Keymap, Vec<Rebinding>), super::ConfigError> {
    let mut keymap = Keymap::standard().clone();
    let mut changed: Vec<(Mode, &'static str, Range<usize>)> = Vec::new();
    let DeValue::Table(keys) = table.get_ref() else {
        return Err(at.error(table.span(), "[keys] must be a table"));
    };
    // The sections first, so that [keys] can leave alone what
    // [keys.overlay] set.
    let mut panes: Vec<(&Spanned<_>, &Spanned<DeValue<'_>>)> = Vec::new();
    for (name, value) in keys.iter() {
        let section = SECTIONS
            .iter()
            .find(|(_, s)| s.strip_prefix("keys.") == Some(name.get_ref().as_ref()));
        match (section, value.get_ref()) {
            (Some(&(mode, _)), DeValue::Table(table)) => {
                bind_all(&mut keymap, mode, table, at, &mut changed)?
            }
            (Some(_), _) => {
                return Err(at.error(
                    value.span(),
                    &format!("[keys.{}] must be a table", name.get_ref()),
                ));
            }
            (None, _) => panes.push((name, value)),
        }
    }
    let set_in = |mode: Mode, name: &str, changed: &[(Mode, &str, Range<usize>)]| {
        changed.iter().any(|(m, n, _)| *m == mode && *n == name)
    };
    for (name, value) in panes {
        let (binding, keys) = binding(&keymap, Mode::Panes, name, value, at)?;
        let old = keymap
            .rebind(Mode::Panes, binding, keys.clone())
            .unwrap_or_default();
        changed.push((Mode::Panes, binding, value.span()));
        for (mode, openers) in FOLLOWERS {
            if !set_in(mode, binding, &changed)
                && keymap.rebind(mode, binding, keys.clone()).is_some()
            {
                changed.push((mode, binding, value.span()));
            }
            if openers.contains(&binding) && !set_in(mode, "close", &changed) {
                let close = keymap
                    .bindings(mode)
                    .iter()
                    .find(|b| b.name == "close")
                    .map(|b| b.keys.clone())
                    .unwrap_or_default();
                let mut close: Vec<Key> = close.into_iter().filter(|k| !old.contains(k)).collect();
                for key in &keys {
                    if !close.contains(key) {
                        close.push(*key);
                    }
                }
                keymap.rebind(mode, "close", close);
                changed.push((mode, "close", value.span()));
            }
        }
    }
    check_bound_once(&keymap, &changed, at)?;
    let rebindings = changed
        .into_iter()
        .map(|(mode, name, span)| Rebinding {
            mode,
            name,
            origin: at.origin(span),
        })
        .collect();
    Ok((keymap, rebindings))
}

fn bind_all(
    keymap: &mut Keymap,
    mode: Mode,
    table: &DeTable<'_>,
    at: &Located,
    changed: &mut Vec<(Mode, &'static str, Range<usize>)>,
) -> Result<(), super::ConfigError> {
    for (name, value) in table.iter() {
        let (binding, keys) = binding(keymap, mode, name, value, at)?;
        keymap.rebind(mode, binding, keys);
        changed.push((mode, binding, value.span()));
    }
    Ok(())
}

/// The binding `name` of `mode` and the keys `value` gives it: a key or
/// a list of keys.
fn binding(
    keymap: &Keymap,
    mode: Mode,
    name: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    at: &Located,
) -> Result<(&'static str, Vec<Key>), super::ConfigError> {
    let bindings = keymap.bindings(mode);
    let Some(found) = bindings.iter().find(|b| b.name == name.get_ref().as_ref()) else {
        let names: Vec<&str> = bindings.iter().map(|b| b.name).collect();
        let section = SECTIONS
            .iter()
            .find(|(m, _)| *m == mode)
            .map_or("keys", |s| s.1);
        return Err(at.error(
            name.span(),
            &format!(
                "[{section}]: unknown action '{}' in {}; its actions are {}",
                name.get_ref(),
                mode_name(mode),
                names.join(", ")
            ),
        ));
    };
    let one = |value: &Spanned<DeValue<'_>>| match value.get_ref() {
        DeValue::String(text) => parse_key(text).map_err(|e| at.error(value.span(), &e)),
        _ => Err(at.error(value.span(), "a key is a string, e.g. \"x\" or \"Ctrl-d\"")),
    };
    let keys = match value.get_ref() {
        DeValue::Array(items) => items.iter().map(one).collect::<Result<Vec<_>, _>>()?,
        _ => vec![one(value)?],
    };
    for (i, key) in keys.iter().enumerate() {
        if keys[..i].contains(key) {
            return Err(at.error(value.span(), &format!("'{key}' is listed twice")));
        }
    }
    Ok((found.name, keys))
}

/// In each mode (with the bindings of every mode, looked at first), each
/// key stands for one binding; a clash is blamed on a binding the file
/// changed.
fn check_bound_once(
    keymap: &Keymap,
    changed: &[(Mode, &'static str, Range<usize>)],
    at: &Located,
) -> Result<(), super::ConfigError> {
    let span_of = |mode: Mode, name: &str| {
        changed
            .iter()
            .rev()
            .find(|(m, n, _)| *m == mode && *n == name)
            .map(|(_, _, span)| span.clone())
    };
    for mode in Mode::ALL {
        let anywhere = if mode == Mode::Anywhere {
            Vec::new()
        } else {
            keymap
                .bindings(Mode::Anywhere)
                .iter()
                .map(|b| (Mode::Anywhere, b))
                .collect()
        };
        let all: Vec<_> = anywhere
            .into_iter()
            .chain(keymap.bindings(mode).iter().map(|b| (mode, b)))
            .collect();
        for (i, (mode_a, a)) in all.iter().enumerate() {
            for (mode_b, b) in &all[i + 1..] {
                let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) else {
                    continue;
                };
                let span = span_of(*mode_b, b.name)
                    .or_else(|| span_of(*mode_a, a.name))
                    .unwrap_or(0..0);
                return Err(at.error(
                    span,
                    &format!(
                        "'{key}' is bound twice in {}: to {} and to {}",
                        mode_name(mode),
                        a.name,
                        b.name
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_standard_keymap_reads_back_from_its_name() {
        for mode in Mode::ALL {
            for binding in Keymap::standard().bindings(mode) {
                for key in &binding.keys {
                    assert_eq!(parse_key(&key.to_string()), Ok(*key), "{key}");
                }
            }
        }
    }

    #[test]
    fn other_spellings_of_keys() {
        assert_eq!(parse_key("ctrl-D"), Ok(Key::ctrl('d')));
        assert_eq!(parse_key("C-x"), Ok(Key::ctrl('x')));
        assert_eq!(parse_key("pagedown"), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!(parse_key("F5"), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(parse_key("ب"), Ok(Key::char('ب')));
        for bad in ["", "Hyper-x", "Alt-x", "Ctrl-", "Ctrl-ab", "F13", "\u{7}"] {
            assert!(parse_key(bad).is_err(), "{bad:?}");
        }
    }
}
