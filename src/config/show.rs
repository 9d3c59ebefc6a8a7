//! `astana config`: the effective configuration as a TOML file that reads
//! back to the same settings, each value with a comment saying where it
//! comes from.

use super::keys::SECTIONS;
use super::{Config, Origin, Source};
use crate::tui::action::{Key, Mode};
use crate::tui::theme::{Palette, color_name};
use clap::ValueEnum;
use std::fmt::Write;

/// What the environment says, passed in so the rendering is testable.
#[derive(Debug, Default, Clone)]
pub struct Environment {
    pub astana_bidi: Option<String>,
    pub astana_archive: Option<String>,
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn from(origin: Origin) -> String {
    match origin {
        Origin::Default => "default".to_string(),
        Origin::File { line } => format!("config line {line}"),
    }
}

fn said_by(source: Source) -> String {
    match source {
        Source::Flag => "command line".to_string(),
        Source::Environment(var) => var.to_string(),
        Source::Config(origin) => from(origin),
    }
}

fn keys_value(keys: &[Key]) -> String {
    match keys {
        [one] => quoted(&one.to_string()),
        many => {
            let each: Vec<String> = many.iter().map(|k| quoted(&k.to_string())).collect();
            format!("[{}]", each.join(", "))
        }
    }
}

fn enum_name<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The configuration as TOML.
pub fn render(config: &Config, env: &Environment) -> Result<String, String> {
    let mut out = String::new();
    let file = config
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "none (HOME is not set)".to_string());
    let state = if config.found { "read" } else { "not found" };
    let _ = writeln!(out, "# astana's configuration in effect.");
    let _ = writeln!(out, "# File: {file} ({state}).");
    let _ = writeln!(
        out,
        "# Each value's comment says where it comes from: the file's line, the"
    );
    let _ = writeln!(
        out,
        "# environment, or the default. Command-line options go over all of them.\n"
    );
    let (bidi, source) = config.bidi_choice(None, env.astana_bidi.as_deref())?;
    let _ = writeln!(
        out,
        "bidi = {}  # {}",
        quoted(&enum_name(&bidi)),
        said_by(source)
    );
    let (color, source) = config.color_choice(None);
    let _ = writeln!(
        out,
        "color = {}  # {}; NO_COLOR turns auto off",
        quoted(&enum_name(&color)),
        said_by(source)
    );
    let (sort, origin) = match &config.sort {
        Some(setting) => (setting.value, setting.origin),
        None => (Default::default(), Origin::Default),
    };
    let _ = writeln!(
        out,
        "sort = {}  # {}; relevance, date or round",
        quoted(sort.name()),
        from(origin)
    );
    match config.archive_location(None, env.astana_archive.as_deref()) {
        Some((path, source)) => {
            let _ = writeln!(
                out,
                "archive = {}  # {}",
                quoted(&path.display().to_string()),
                said_by(source)
            );
        }
        None => {
            let _ = writeln!(out, "# archive: no default (HOME is not set)");
        }
    }
    match &config.host_delay {
        Some(setting) => {
            let _ = writeln!(
                out,
                "host-delay = {}  # seconds; {}",
                setting.value.as_secs_f64(),
                from(setting.origin)
            );
        }
        None => {
            let _ = writeln!(out, "# host-delay: the fetcher's default");
        }
    }
    for (mode, section) in SECTIONS {
        let _ = writeln!(out, "\n[{section}]");
        for binding in config.keymap.bindings(mode) {
            let origin = config
                .rebindings
                .iter()
                .rev()
                .find(|r| r.mode == mode && r.name == binding.name)
                .map_or(Origin::Default, |r| r.origin);
            let _ = writeln!(
                out,
                "{} = {}  # {}; {}",
                binding.name,
                keys_value(&binding.keys),
                from(origin),
                binding.help
            );
        }
        if mode == Mode::Panes {
            let _ = writeln!(
                out,
                "# (a binding here also changes the same-named one of [keys.overlay])"
            );
        }
    }
    let _ = writeln!(out, "\n[theme]");
    for slot in Palette::SLOTS {
        let color = config
            .palette
            .get(slot.name)
            .and_then(color_name)
            .unwrap_or("?");
        let origin = config
            .colored
            .iter()
            .rev()
            .find(|(name, _)| *name == slot.name)
            .map_or(Origin::Default, |(_, origin)| *origin);
        let _ = writeln!(
            out,
            "{} = {}  # {}; {}",
            slot.name,
            quoted(color),
            from(origin),
            slot.what
        );
    }
    Ok(out)
}
