use super::*;
use crate::tui::action::{Action, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("/home/u/.config/astana/config.toml"), text)
}

/// The error's "FILE:LINE:COLUMN: message" as astana prints it.
fn error(text: &str) -> String {
    parse(text).expect_err("an error").to_string()
}

fn press(config: &Config, c: char, mode: Mode) -> Option<Action> {
    config
        .keymap
        .action(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), mode)
}

#[test]
fn an_empty_file_is_the_defaults() {
    let config = parse("# nothing yet\n").unwrap();
    assert_eq!(config.keymap, *Keymap::standard());
    assert_eq!(config.palette, Palette::default());
    assert!(config.bidi.is_none() && config.color.is_none());
}

#[test]
fn a_missing_default_file_is_no_error_but_a_named_one_is() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("config.toml");
    let err = Config::load(Some(&missing)).unwrap_err().to_string();
    assert!(err.starts_with(&missing.display().to_string()), "{err}");
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn settings_and_where_they_come_from() {
    let config = parse(
        "bidi = \"terminal\"\ncolor = \"never\"\nhost-delay = 2.5\narchive = \"news/a.sqlite3\"\n",
    )
    .unwrap();
    assert_eq!(
        config.bidi,
        Some(Setting {
            value: BidiChoice::Terminal,
            origin: Origin::File { line: 1 }
        })
    );
    assert_eq!(config.color.unwrap().value, ColorChoice::Never);
    assert_eq!(
        config.host_delay.unwrap().value,
        Duration::from_millis(2500)
    );
    assert_eq!(
        config.archive.unwrap().value,
        PathBuf::from("/home/u/.config/astana/news/a.sqlite3"),
        "relative to the file's folder"
    );
    assert_eq!(
        parse("host-delay = 3").unwrap().host_delay.unwrap().value,
        Duration::from_secs(3)
    );
}

#[test]
fn the_flag_then_the_environment_then_the_file_choose_bidi() {
    let config = parse("bidi = \"terminal\"").unwrap();
    let file = Source::Config(Origin::File { line: 1 });
    assert_eq!(
        config.bidi_choice(None, None),
        Ok((BidiChoice::Terminal, file))
    );
    assert_eq!(
        config.bidi_choice(None, Some(" ")),
        Ok((BidiChoice::Terminal, file))
    );
    assert_eq!(
        config.bidi_choice(None, Some("app")),
        Ok((BidiChoice::App, Source::Environment("ASTANA_BIDI")))
    );
    assert_eq!(
        config.bidi_choice(Some(BidiChoice::Auto), Some("app")),
        Ok((BidiChoice::Auto, Source::Flag))
    );
    assert!(config.bidi_choice(None, Some("rtl")).is_err());
}

#[test]
fn the_archive_is_the_flag_then_the_environment_then_the_file() {
    let config = parse("archive = \"/srv/news.sqlite3\"").unwrap();
    let file = Source::Config(Origin::File { line: 1 });
    assert_eq!(
        config.archive_location(None, None),
        Some((PathBuf::from("/srv/news.sqlite3"), file))
    );
    assert_eq!(
        config.archive_location(None, Some("/e.sqlite3")),
        Some((
            PathBuf::from("/e.sqlite3"),
            Source::Environment("ASTANA_ARCHIVE")
        ))
    );
    assert_eq!(
        config.archive_location(Some(Path::new("f.sqlite3")), Some("/e.sqlite3")),
        Some((PathBuf::from("f.sqlite3"), Source::Flag))
    );
}

#[test]
fn a_toml_syntax_error_names_file_line_and_column() {
    let err = error("color = \"never\"\nbidi = app\n");
    assert!(
        err.starts_with("/home/u/.config/astana/config.toml:2:8: "),
        "{err}"
    );
}

#[test]
fn an_unknown_setting_is_an_error_at_its_name() {
    let err = error("\n  colour = \"never\"\n");
    assert!(
        err.starts_with("/home/u/.config/astana/config.toml:2:3: unknown setting 'colour'"),
        "{err}"
    );
    let err = error("[keys]\nquit = \"x\"\njump = \"J\"\n");
    assert!(err.contains(":3:1: [keys]: unknown action 'jump'"), "{err}");
    assert!(err.contains("next-match"), "lists the actions: {err}");
    let err = error("[keys.filter]\nzoom = \"z\"\n");
    assert!(
        err.contains(":2:1: [keys.filter]: unknown action 'zoom'"),
        "{err}"
    );
    let err = error("[theme]\nbackground = \"black\"\n");
    assert!(
        err.contains(":2:1: [theme]: unknown colour 'background'"),
        "{err}"
    );
}

#[test]
fn a_bad_value_is_an_error_at_the_value() {
    let cases = [
        (
            "bidi = \"rtl\"",
            ":1:8: bidi must be one of auto, app, terminal",
        ),
        (
            "color = true",
            ":1:9: color must be one of auto, always, never",
        ),
        ("host-delay = -1", ":1:14: host-delay must be a number"),
        (
            "sort = \"newest\"",
            ":1:8: sort must be one of relevance, date, round",
        ),
        ("host-delay = \"2s\"", ":1:14: host-delay must be a number"),
        ("archive = 5", ":1:11: archive must be a path"),
        ("[keys]\nquit = \"Hyper-q\"", ":2:8: 'Hyper-q' is not a key"),
        ("[keys]\nquit = [\"x\", 7]", ":2:14: a key is a string"),
        (
            "[theme]\nperson = \"#ff8800\"",
            ":2:10: [theme] person: a named ANSI colour",
        ),
        (
            "[theme]\nperson = \"orange\"",
            ":2:10: [theme] person: a named ANSI colour",
        ),
        ("keys = 3", ":1:8: [keys] must be a table"),
    ];
    for (text, expected) in cases {
        let err = error(text);
        assert!(err.contains(expected), "{text:?}: {err}");
    }
}

#[test]
fn a_key_bound_twice_is_an_error_at_the_binding_that_took_it() {
    // j moves down in the panes.
    let err = error("[keys]\nhelp = \"?\"\nquit = \"j\"\n");
    assert!(
        err.contains(":3:8: 'j' is bound twice in the panes: to down and to quit"),
        "{err}"
    );
    let err = error("[keys.filter]\nleave = [\"Esc\", \"Tab\"]\n");
    assert!(
        err.contains(":2:9: 'Tab' is bound twice in the filter line"),
        "{err}"
    );
    // Ctrl-c quits in every mode, before any mode's own bindings.
    let err = error("[keys]\nzoom = \"Ctrl-c\"\n");
    assert!(
        err.contains("'Ctrl-c' is bound twice in the panes: to quit and to zoom"),
        "{err}"
    );
    let err = error("[keys]\nquit = [\"x\", \"x\"]\n");
    assert!(err.contains(":2:8: 'x' is listed twice"), "{err}");
}

#[test]
fn a_rebinding_takes_effect_and_follows_into_the_overlays() {
    let config = parse("[keys]\nquit = \"x\"\ndown = [\"J\", \"Down\"]\nhelp = \"h\"\n").unwrap();
    assert_eq!(press(&config, 'x', Mode::Panes), Some(Action::Quit));
    assert_eq!(press(&config, 'q', Mode::Panes), None);
    assert_eq!(press(&config, 'J', Mode::Panes), Some(Action::Down));
    assert_eq!(press(&config, 'j', Mode::Panes), None);
    assert_eq!(press(&config, 'h', Mode::Panes), Some(Action::ToggleHelp));
    // In the help: x quits, J scrolls, h closes it as it opened it, ? no longer does.
    assert_eq!(press(&config, 'x', Mode::Overlay), Some(Action::Quit));
    assert_eq!(press(&config, 'J', Mode::Overlay), Some(Action::Down));
    assert_eq!(press(&config, 'h', Mode::Overlay), Some(Action::Back));
    assert_eq!(press(&config, '?', Mode::Overlay), None);
    // The filter line still types them.
    assert_eq!(press(&config, 'x', Mode::Filter), Some(Action::Insert('x')));
    assert!(config.rebindings.contains(&Rebinding {
        mode: Mode::Panes,
        name: "quit",
        origin: Origin::File { line: 2 }
    }));
}

#[test]
fn the_overlay_section_wins_over_what_the_panes_pass_on() {
    let config = parse("[keys]\nquit = \"x\"\n[keys.overlay]\nquit = \"Q\"\n").unwrap();
    assert_eq!(press(&config, 'x', Mode::Panes), Some(Action::Quit));
    assert_eq!(press(&config, 'Q', Mode::Overlay), Some(Action::Quit));
    assert_eq!(press(&config, 'x', Mode::Overlay), None);
}

#[test]
fn theme_colours_by_name() {
    let config =
        parse("[theme]\nperson = \"light-green\"\nmatch = \"LightRed\"\ndim = \"grey\"\n").unwrap();
    assert_eq!(config.palette.person, Color::LightGreen);
    assert_eq!(config.palette.matched, Color::LightRed);
    assert_eq!(config.palette.dim, Color::Gray);
    assert_eq!(config.palette.place, Palette::default().place);
}

#[test]
fn the_printed_configuration_reads_back_to_the_same() {
    let config = parse(
        "bidi = \"app\"\nsort = \"date\"\n[keys]\nquit = \"x\"\nhelp = \"h\"\n[keys.picker]\ntoggle = \"Enter\"\napply = \"Ctrl-a\"\n[theme]\nperson = \"white\"\n",
    )
    .unwrap();
    let printed = render(&config, &Environment::default()).unwrap();
    assert!(
        printed.contains("bidi = \"app\"  # config line 1"),
        "{printed}"
    );
    assert!(
        printed.contains("quit = \"x\"  # config line 4"),
        "{printed}"
    );
    assert!(
        printed.contains("next-match = \"n\"  # default"),
        "{printed}"
    );
    assert!(
        printed.contains("person = \"white\"  # config line 10"),
        "{printed}"
    );
    let again = parse(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"));
    assert_eq!(again.keymap, config.keymap);
    assert_eq!(again.palette, config.palette);
    assert_eq!(again.bidi.unwrap().value, BidiChoice::App);
    assert_eq!(again.sort.unwrap().value, Order::Date);
    let env = Environment {
        astana_bidi: Some("terminal".into()),
        ..Environment::default()
    };
    assert!(
        render(&config, &env)
            .unwrap()
            .contains("bidi = \"terminal\"  # ASTANA_BIDI")
    );
}

#[test]
fn a_file_that_is_not_utf8_names_where() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, b"color = \"never\"\nbidi = \"\xe1\"\n").unwrap();
    let err = Config::load(Some(&file)).unwrap_err().to_string();
    assert!(
        err.ends_with(":2:9: not UTF-8 (TOML files are UTF-8)"),
        "{err}"
    );
}

#[test]
fn the_example_in_the_usage_docs_is_a_valid_configuration() {
    let usage = include_str!("../../docs/USAGE.md");
    let start = usage.find("```toml\n").expect("an example") + "```toml\n".len();
    let example = &usage[start..start + usage[start..].find("```").unwrap()];
    let config = parse(example).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(press(&config, 'x', Mode::Panes), Some(Action::Quit));
    assert_eq!(config.palette.person, Color::LightGreen);
}
