//! `astana man`: astana(1) in roff. The commands and options come from
//! the `clap` definition through `clap_mangen`; the sections written for
//! people are made here from the data the program itself reads: KEYS from
//! the keymap (as the `?` help presents it, with the configuration's
//! changes), FILTER LANGUAGE from `search::summary` (the help's table).

use crate::config::Config;
use crate::search::summary;
use clap::CommandFactory;
use roff::{Roff, bold, roman};

/// The whole page.
pub(super) fn page(config: &Config) -> String {
    let command = super::Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut out: Vec<u8> = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);
    out.extend(commands(&command).as_bytes());
    let mut roff = Roff::new();
    keys(&mut roff, config);
    filter_language(&mut roff);
    files(&mut roff);
    environment(&mut roff);
    exit_status(&mut roff);
    examples(&mut roff);
    out.extend(roff.render().as_bytes());
    let _ = man.render_version_section(&mut out);
    once_preamble(&String::from_utf8_lossy(&out))
}

/// Each piece `roff` renders starts with the same two lines (the
/// apostrophe string for groff and others); the page needs them once.
fn once_preamble(page: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(page.len());
    for line in page.lines() {
        if line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq") {
            if seen.contains(&line) {
                continue;
            }
            seen.push(line);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// COMMANDS: each subcommand's usage, what it does and its own options
/// (`clap_mangen` would point to a page per command, which a single
/// binary does not install).
fn commands(command: &clap::Command) -> String {
    let mut out = String::new();
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    out.push_str(&roff.render());
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut sub = sub.clone().bin_name(format!("astana {}", sub.get_name()));
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ").to_string();
        let mut roff = Roff::new();
        roff.control("SS", [sub.get_name()]);
        roff.text([bold(usage)]);
        roff.control("PP", []);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        out.push_str(&roff.render());
        if sub
            .get_arguments()
            .any(|a| !a.is_hide_set() && !is_builtin(a))
        {
            let man = clap_mangen::Man::new(sub.clone());
            let mut options = Vec::new();
            let _ = man.render_options_section(&mut options);
            // Its own heading would end COMMANDS: the options follow the
            // command's text instead.
            let options = String::from_utf8_lossy(&options);
            for line in options.lines().filter(|l| !l.starts_with(".SH")) {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn is_builtin(arg: &clap::Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}

fn section(roff: &mut Roff, name: &str) {
    roff.control("SH", [name]);
}

fn paragraph(roff: &mut Roff, text: &str) {
    roff.control("PP", []);
    roff.text([roman(text)]);
}

/// A tagged paragraph: `tag` on its line, `text` indented under it.
fn item(roff: &mut Roff, tag: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(tag)]);
    roff.text([roman(text)]);
}

fn keys(roff: &mut Roff, config: &Config) {
    section(roff, "KEYS");
    let configured = match &config.file {
        Some(file) if !config.rebindings.is_empty() => {
            format!(" with the bindings of {}", file.display())
        }
        _ => String::new(),
    };
    paragraph(
        roff,
        &format!(
            "The explorer's keys{configured}. A configuration file rebinds them by the \
             names in brackets (see CONFIGURATION). The ? key shows the same list."
        ),
    );
    for help in config.keymap.help_sections() {
        roff.control("SS", [help.heading]);
        for binding in help.bindings {
            roff.control("TP", []);
            roff.text([
                bold(binding.key_labels()),
                roman(format!("  [{}]", binding.name)),
            ]);
            roff.text([roman(binding.help)]);
        }
        for (keys, what) in &help.notes {
            item(roff, keys, what);
        }
    }
}

fn filter_language(roff: &mut Roff) {
    section(roff, "FILTER LANGUAGE");
    paragraph(
        roff,
        "One language for the filter line and -q. A query is terms separated by spaces; \
         every term must hold. Arabic and Latin spellings match alike (hamza, alef and \
         ya forms, harakat and tatweel do not matter). The full description is \
         docs/SEARCH.md in the source.",
    );
    for (syntax, meaning) in summary::TERMS {
        item(roff, syntax, meaning);
    }
    roff.control("PP", []);
    roff.text([roman("For example:")]);
    for (query, meaning) in summary::EXAMPLES {
        item(roff, query, meaning);
    }
}

fn files(roff: &mut Roff) {
    section(roff, "FILES");
    let config = "$XDG_CONFIG_HOME/astana/config.toml";
    item(
        roff,
        config,
        "The configuration (default ~/.config/astana/config.toml; --config FILE reads \
         another). A missing file is no error. astana config prints the configuration in \
         effect, which is also a complete example.",
    );
    item(
        roff,
        "$XDG_CONFIG_HOME/astana/feeds",
        "The feeds astana fetch reads (see astana fetch --help).",
    );
    item(
        roff,
        "$XDG_DATA_HOME/astana/archive.sqlite3",
        "The archive (default ~/.local/share/astana/archive.sqlite3; the archive setting \
         or ASTANA_ARCHIVE names another).",
    );
    item(
        roff,
        "$XDG_STATE_HOME/astana/marks.sqlite3",
        "Bookmarks and notes when no archive is in use (default \
         ~/.local/state/astana/marks.sqlite3).",
    );
    section(roff, "CONFIGURATION");
    paragraph(
        roff,
        "The configuration is TOML. An unknown setting, a bad value or a key bound twice \
         is an error that names the file, line and column (exit status 2). Settings:",
    );
    item(roff, "bidi = \"auto\"", "auto, app or terminal, as --bidi.");
    item(
        roff,
        "color = \"auto\"",
        "auto, always or never, as --color.",
    );
    item(
        roff,
        "sort = \"relevance\"",
        "relevance, date or round: the order of list (as --sort) and the explorer's first \
         order (o changes it).",
    );
    item(
        roff,
        "archive = \"PATH\"",
        "The archive; ~/ is the home folder, a relative path starts at the \
         configuration's folder.",
    );
    item(
        roff,
        "host-delay = 1.5",
        "Seconds between two requests to one host when fetching (0 to 3600).",
    );
    item(
        roff,
        "[keys]",
        "Bindings of the panes: an action's name (see KEYS) and a key or a list of keys, \
         e.g. quit = \"x\" or down = [\"j\", \"Down\"]. Keys are written as the help writes \
         them: a character, Ctrl-d, Enter, Esc, Tab, Shift-Tab, Backspace, Del, Home, End, \
         PgUp, PgDn, Up, Down, Left, Right, Space, F1 to F12. A binding here also changes \
         the same-named one of the help and warnings. [keys.filter], [keys.note], \
         [keys.picker], [keys.overlay] and [keys.anywhere] hold the other modes' \
         bindings.",
    );
    let slots: Vec<&str> = crate::tui::theme::Palette::SLOTS
        .iter()
        .map(|s| s.name)
        .collect();
    let colors: Vec<&str> = crate::tui::theme::COLOR_NAMES
        .iter()
        .map(|(n, _)| *n)
        .collect();
    item(
        roff,
        "[theme]",
        &format!(
            "Colours of {}: each one of the named ANSI colours {}, which follow the \
             terminal's palette.",
            slots.join(", "),
            colors.join(", ")
        ),
    );
}

fn environment(roff: &mut Roff) {
    section(roff, "ENVIRONMENT");
    item(
        roff,
        "ASTANA_BIDI",
        "auto, app or terminal: who reorders right-to-left text, when --bidi is not given \
         (over the configuration's bidi).",
    );
    item(
        roff,
        "ASTANA_ARCHIVE",
        "The archive's path, over the configuration's archive.",
    );
    item(
        roff,
        "NO_COLOR",
        "Set and not empty: no colours unless --color always (or color = \"always\").",
    );
    item(
        roff,
        "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, HOME",
        "Where the files above are (see FILES); a relative XDG path is ignored.",
    );
    item(
        roff,
        "TERM, TERM_PROGRAM, KONSOLE_VERSION, KITTY_WINDOW_ID, MLTERM",
        "Recognise terminals that reorder right-to-left text themselves, for --bidi auto.",
    );
    item(
        roff,
        "TMUX, STY",
        "Inside tmux or GNU screen, the clipboard sequence (OSC 52) is sent through their \
         passthrough.",
    );
}

fn exit_status(roff: &mut Roff) {
    section(roff, "EXIT STATUS");
    item(
        roff,
        "0",
        "Success: something matched; the explorer was quit.",
    );
    item(
        roff,
        "1",
        "Nothing matched (list, facets); with --print, the explorer was quit without \
         choosing an article.",
    );
    item(
        roff,
        "2",
        "An error: a bad option, query or configuration, or nothing could be read.",
    );
    item(
        roff,
        "101",
        "A bug (a panic); the terminal is restored and the message printed.",
    );
    item(
        roff,
        "128+N",
        "Ended by signal N (SIGHUP, SIGINT, SIGTERM), the terminal restored.",
    );
}

fn examples(roff: &mut Roff) {
    section(roff, "EXAMPLES");
    let examples = [
        ("astana", "Explore the bundled articles."),
        ("astana ~/news", "Explore the articles in a folder."),
        (
            "astana list -q 'lavrentiev g:iran r:4-6 !idlib'",
            "List the articles that match, one a line.",
        ),
        (
            "astana --print | xargs astana show",
            "Pick an article in the explorer and print it.",
        ),
        (
            "astana facets -r 4 --json",
            "Count round 4's articles per guarantor, person, place...",
        ),
        ("astana ./man", "Open a file named like a command."),
        (
            "astana completions bash > ~/.local/share/bash-completion/completions/astana",
            "Install completions for bash.",
        ),
        (
            "astana config > ~/.config/astana/config.toml",
            "Start a configuration from the one in effect.",
        ),
    ];
    for (command, what) in examples {
        roff.control("TP", []);
        roff.text([bold(command)]);
        roff.text([roman(what)]);
    }
}
