//! The configuration file, `$XDG_CONFIG_HOME/astana/config.toml` (else
//! `~/.config/astana/config.toml`; `--config FILE` names another): default
//! settings, key bindings (`[keys]`, by the keymap's action names) and
//! colours (`[theme]`, named ANSI colours only). A file that is not there
//! is no error; anything in it that astana does not understand is, naming
//! the file, line and column, so a typo never passes silently.
//!
//! The file is read with `toml`'s spanned document (`toml::de::DeTable`),
//! which keeps where every key and value is, for the messages.

pub mod keys;
pub mod paths;
mod show;

pub use keys::Rebinding;
pub use show::{Environment, render};

use crate::search::Order;
use crate::tui::action::Keymap;
use crate::tui::bidi_probe::BidiChoice;
use crate::tui::theme::{COLOR_NAMES, Palette};
use clap::ValueEnum;
use ratatui::style::Color;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// When to draw in colour (`--color`, `color =`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colours unless NO_COLOR is set (and not empty).
    Auto,
    /// Colours, even with NO_COLOR set.
    Always,
    /// Monochrome: bold, reverse and underline.
    Never,
}

impl ColorChoice {
    /// `NO_COLOR` (set and not empty, per no-color.org) turns colours off
    /// unless they were asked for explicitly.
    pub fn wants_color(self, no_color: Option<&str>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => no_color.is_none_or(str::is_empty),
        }
    }
}

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// The configuration file, at this line.
    File {
        line: usize,
    },
}

/// A value the file set, and its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

/// The settings in effect: the file's over the defaults. The command line
/// and the environment go over these where `cli` reads them.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file looked for, and whether it was there.
    pub file: Option<PathBuf>,
    pub found: bool,
    pub keymap: Keymap,
    /// The bindings the file changed.
    pub rebindings: Vec<Rebinding>,
    pub palette: Palette,
    /// The palette slots the file set, with their lines.
    pub colored: Vec<(&'static str, Origin)>,
    pub bidi: Option<Setting<BidiChoice>>,
    pub color: Option<Setting<ColorChoice>>,
    /// The order of the results (`list --sort`, the explorer's `o`).
    pub sort: Option<Setting<Order>>,
    /// Where the archive is (the archive's own default when `None`).
    pub archive: Option<Setting<PathBuf>>,
    /// How long to wait between two requests to one host when fetching
    /// (the fetcher's own default when `None`).
    pub host_delay: Option<Setting<Duration>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            file: None,
            found: false,
            keymap: Keymap::standard().clone(),
            rebindings: Vec::new(),
            palette: Palette::default(),
            colored: Vec::new(),
            bidi: None,
            color: None,
            sort: None,
            archive: None,
            host_delay: None,
        }
    }
}

/// Where an effective value comes from, as `astana config` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment(&'static str),
    Config(Origin),
}

impl Config {
    /// Who reorders right-to-left text: `--bidi`, else `ASTANA_BIDI`
    /// (set and not blank), else the file's `bidi`, else auto.
    pub fn bidi_choice(
        &self,
        flag: Option<BidiChoice>,
        env: Option<&str>,
    ) -> Result<(BidiChoice, Source), String> {
        match (flag, env) {
            (Some(choice), _) => Ok((choice, Source::Flag)),
            (None, Some(value)) if !value.trim().is_empty() => {
                crate::tui::bidi_probe::choice_from(None, Some(value))
                    .map(|choice| (choice, Source::Environment("ASTANA_BIDI")))
            }
            _ => Ok(match &self.bidi {
                Some(setting) => (setting.value, Source::Config(setting.origin)),
                None => (BidiChoice::Auto, Source::Config(Origin::Default)),
            }),
        }
    }

    /// Where the archive is: `--archive` (`flag`), else `ASTANA_ARCHIVE`,
    /// else the file's `archive`, else the XDG default
    /// (`archive::location`), with where it comes from.
    pub fn archive_location(
        &self,
        flag: Option<&Path>,
        env: Option<&str>,
    ) -> Option<(PathBuf, Source)> {
        if let Some(path) = flag {
            return Some((path.to_path_buf(), Source::Flag));
        }
        if let Some(path) = env.filter(|p| !p.is_empty()) {
            return Some((PathBuf::from(path), Source::Environment("ASTANA_ARCHIVE")));
        }
        if let Some(setting) = &self.archive {
            return Some((setting.value.clone(), Source::Config(setting.origin)));
        }
        let default = crate::archive::location_in(None, |name| match name {
            "ASTANA_ARCHIVE" => None,
            other => std::env::var_os(other),
        })?;
        Some((default, Source::Config(Origin::Default)))
    }

    /// When to colour: `--color`, else the file's `color`, else auto (in
    /// which `NO_COLOR` turns colours off).
    pub fn color_choice(&self, flag: Option<ColorChoice>) -> (ColorChoice, Source) {
        match (flag, &self.color) {
            (Some(choice), _) => (choice, Source::Flag),
            (None, Some(setting)) => (setting.value, Source::Config(setting.origin)),
            (None, None) => (ColorChoice::Auto, Source::Config(Origin::Default)),
        }
    }
}

/// Something in a configuration file astana cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", file.display(), at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: PathBuf,
    /// Line and column, from 1.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

/// The file being read, for turning byte offsets into lines and columns.
pub(crate) struct Located<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Located<'_> {
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Columns count characters, as editors do.
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        (line, column)
    }

    fn error(&self, span: Range<usize>, message: &str) -> ConfigError {
        ConfigError {
            file: self.file.to_owned(),
            at: Some(self.line_column(span.start)),
            message: message.to_string(),
        }
    }

    fn origin(&self, span: Range<usize>) -> Origin {
        Origin::File {
            line: self.line_column(span.start).0,
        }
    }
}

/// The settings a file may have, for the message about one it may not.
const SETTINGS: &str = "bidi, color, sort, archive, host-delay, [keys], [theme]";

impl Config {
    /// Reads the configuration: `explicit` (`--config`), which must exist,
    /// else the default file, which need not.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let (file, required) = match explicit {
            Some(file) => (file.to_owned(), true),
            None => match paths::config_file() {
                Some(file) => (file, false),
                None => return Ok(Config::default()),
            },
        };
        let failed = |message: String| ConfigError {
            file: file.clone(),
            at: None,
            message,
        };
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config {
                    file: Some(file),
                    ..Config::default()
                });
            }
            Err(e) => return Err(failed(format!("cannot read: {e}"))),
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
                let at = Located {
                    file: &file,
                    text: &text,
                };
                return Err(at.error(valid..valid, "not UTF-8 (TOML files are UTF-8)"));
            }
        };
        Config::parse(&file, &text)
    }

    /// The configuration a file's text gives.
    pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let at = Located { file, text };
        let document = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            at.error(span, e.message().trim_end())
        })?;
        let mut config = Config {
            file: Some(file.to_owned()),
            found: true,
            ..Config::default()
        };
        for (name, value) in document.get_ref().iter() {
            let origin = at.origin(name.span());
            match name.get_ref().as_ref() {
                "bidi" => {
                    config.bidi = Some(Setting {
                        value: choice(value, "bidi", &at)?,
                        origin,
                    })
                }
                "color" => {
                    config.color = Some(Setting {
                        value: choice(value, "color", &at)?,
                        origin,
                    })
                }
                "sort" => {
                    config.sort = Some(Setting {
                        value: order(value, &at)?,
                        origin,
                    })
                }
                "archive" => {
                    config.archive = Some(Setting {
                        value: archive_path(value, file, &at)?,
                        origin,
                    })
                }
                "host-delay" => {
                    config.host_delay = Some(Setting {
                        value: seconds(value, &at)?,
                        origin,
                    })
                }
                "keys" => (config.keymap, config.rebindings) = keys::apply(value, &at)?,
                "theme" => theme(value, &at, &mut config)?,
                other => {
                    return Err(at.error(
                        name.span(),
                        &format!("unknown setting '{other}'; the settings are {SETTINGS}"),
                    ));
                }
            }
        }
        Ok(config)
    }
}

/// A string that is one of a `clap` value enum's values (the same words
/// as the option of that name).
fn choice<T: ValueEnum>(
    value: &Spanned<DeValue<'_>>,
    what: &str,
    at: &Located,
) -> Result<T, ConfigError> {
    let names: Vec<String> = T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect();
    let bad = || {
        at.error(
            value.span(),
            &format!("{what} must be one of {}", names.join(", ")),
        )
    };
    match value.get_ref() {
        DeValue::String(text) => T::from_str(text, false).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// `sort = "date"`: one of the orders' names, as `--sort` takes them.
fn order(value: &Spanned<DeValue<'_>>, at: &Located) -> Result<Order, ConfigError> {
    let found = match value.get_ref() {
        DeValue::String(text) => Order::ALL.into_iter().find(|o| o.name() == text.as_ref()),
        _ => None,
    };
    found.ok_or_else(|| {
        let names: Vec<&str> = Order::ALL.iter().map(|o| o.name()).collect();
        at.error(
            value.span(),
            &format!("sort must be one of {}", names.join(", ")),
        )
    })
}

/// `archive = "PATH"`: `~/` is the home folder; a relative path is taken
/// from the configuration file's folder, not from wherever astana runs.
fn archive_path(
    value: &Spanned<DeValue<'_>>,
    file: &Path,
    at: &Located,
) -> Result<PathBuf, ConfigError> {
    let DeValue::String(text) = value.get_ref() else {
        return Err(at.error(value.span(), "archive must be a path (a string)"));
    };
    if text.is_empty() {
        return Err(at.error(value.span(), "archive must not be empty"));
    }
    if let Some(rest) = text.strip_prefix("~/") {
        let home = std::env::var_os("HOME")
            .ok_or_else(|| at.error(value.span(), "archive starts with ~/ but HOME is not set"))?;
        return Ok(PathBuf::from(home).join(rest));
    }
    let path = PathBuf::from(text.as_ref());
    Ok(match file.parent() {
        Some(folder) if path.is_relative() => folder.join(path),
        _ => path,
    })
}

/// The longest host delay taken: longer is surely a mistake (minutes
/// written as seconds).
const MAX_HOST_DELAY: f64 = 3600.0;

/// `host-delay = 1.5`: seconds, a number from 0 to an hour.
fn seconds(value: &Spanned<DeValue<'_>>, at: &Located) -> Result<Duration, ConfigError> {
    let number = match value.get_ref() {
        DeValue::Integer(n) => n.as_str().replace('_', "").parse::<f64>().ok(),
        DeValue::Float(n) => n.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    };
    match number {
        Some(s) if (0.0..=MAX_HOST_DELAY).contains(&s) => Ok(Duration::from_secs_f64(s)),
        _ => Err(at.error(
            value.span(),
            "host-delay must be a number of seconds from 0 to 3600 (e.g. 1.5)",
        )),
    }
}

/// `[theme]`: palette slots to named colours.
fn theme(
    value: &Spanned<DeValue<'_>>,
    at: &Located,
    config: &mut Config,
) -> Result<(), ConfigError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(at.error(value.span(), "[theme] must be a table"));
    };
    for (name, value) in table.iter() {
        let Some(slot) = Palette::SLOTS
            .iter()
            .find(|s| s.name == name.get_ref().as_ref())
        else {
            let names: Vec<&str> = Palette::SLOTS.iter().map(|s| s.name).collect();
            return Err(at.error(
                name.span(),
                &format!(
                    "[theme]: unknown colour '{}'; the colours are {}",
                    name.get_ref(),
                    names.join(", ")
                ),
            ));
        };
        let color = match value.get_ref() {
            DeValue::String(text) => color_named(text),
            _ => None,
        }
        .ok_or_else(|| {
            let names: Vec<&str> = COLOR_NAMES.iter().map(|(n, _)| *n).collect();
            at.error(
                value.span(),
                &format!(
                    "[theme] {}: a named ANSI colour, so it looks right on 16-colour terminals: {}",
                    slot.name,
                    names.join(", ")
                ),
            )
        })?;
        *(slot.field)(&mut config.palette) = color;
        config.colored.push((slot.name, at.origin(name.span())));
    }
    Ok(())
}

/// A colour by its name in any case, with `-`, `_` or nothing between the
/// words (`light-red`, `LightRed`, `light_red`; `grey` for `gray`).
fn color_named(text: &str) -> Option<Color> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .replace("grey", "gray")
    };
    let wanted = squash(text);
    COLOR_NAMES
        .iter()
        .find(|(name, _)| squash(name) == wanted)
        .map(|(_, color)| *color)
}

#[cfg(test)]
mod tests;
