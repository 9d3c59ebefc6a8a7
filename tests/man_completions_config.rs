//! What surrounds the program, as a user on a server meets it: `astana
//! completions`, `astana man`, the configuration file and `astana
//! config`, `astana --version`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// astana with an empty configuration folder, whatever the user running
/// the tests has in theirs.
fn astana(args: &[&str], config_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("ASTANA_BIDI")
        .env_remove("ASTANA_ARCHIVE")
        .stdin(Stdio::null())
        .output()
        .expect("run astana")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

/// Whether a program is there to run.
fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Runs `program args` with `input` on stdin; its exit status and stderr.
fn feed(program: &str, args: &[&str], input: &[u8]) -> (bool, String) {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(args)
        .env("LC_ALL", "C.UTF-8")
        .env("MANWIDTH", "80")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn each_shell_gets_a_completion_script_and_bash_reads_it() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&astana(&["completions", shell], home.path()));
        for word in ["list", "show", "facets", "completions", "man", "config"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        // The values of the value enums complete.
        for value in ["terminal", "always", "relevance", "jsonl"] {
            assert!(script.contains(value), "{shell}: no {value}");
        }
        // `bash -n`, `zsh -n`, `fish -n`: the script parses.
        let checker = match shell {
            "powershell" | "elvish" => continue,
            other => other,
        };
        if !have(checker) {
            eprintln!("{checker} is not installed: its script is not parsed");
            continue;
        }
        let (ok, errors) = feed(checker, &["-n"], script.as_bytes());
        assert!(ok, "{shell} -n: {errors}");
    }
    let bash = stdout(&astana(&["completions", "bash"], home.path()));
    // PATH completes file names (ValueHint::AnyPath → compgen -f).
    assert!(bash.contains("compgen -f"), "{bash}");
}

#[test]
fn completions_do_not_need_a_readable_configuration() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("astana")).unwrap();
    std::fs::write(home.path().join("astana/config.toml"), "colour = 1\n").unwrap();
    stdout(&astana(&["completions", "bash"], home.path()));
}

#[test]
fn the_man_page_has_each_section_and_renders_without_warnings() {
    let home = tempfile::tempdir().unwrap();
    let page = stdout(&astana(&["man"], home.path()));
    assert!(page.lines().any(|l| l.starts_with(".TH astana 1 ")));
    assert_eq!(page.matches(".el .ds Aq").count(), 1, "one preamble");
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "KEYS",
        "\"FILTER LANGUAGE\"",
        "FILES",
        "CONFIGURATION",
        "ENVIRONMENT",
        "\"EXIT STATUS\"",
        "EXAMPLES",
        "VERSION",
    ] {
        assert!(
            page.lines().any(|l| l == format!(".SH {section}")),
            "no section {section}"
        );
    }
    for text in [
        "archive.sqlite3",
        "marks.sqlite3",
        "astana/feeds",
        "config.toml",
        "ASTANA_BIDI",
        "ASTANA_ARCHIVE",
        "NO_COLOR",
        "XDG_CONFIG_HOME",
        "[next\\-match]",
        "lavrentiev g:iran r:4\\-6 !idlib",
    ] {
        assert!(page.contains(text), "the page lacks {text}");
    }
    if have("groff") {
        // -k: through preconv, as man does, for the Arabic and the arrows.
        let (ok, warnings) = feed(
            "groff",
            &["-k", "-man", "-Tutf8", "-ww", "-z"],
            page.as_bytes(),
        );
        assert!(ok && warnings.is_empty(), "groff: {warnings}");
    } else {
        eprintln!("groff is not installed: the page is not rendered");
    }
}

#[test]
fn keys_rebound_in_the_configuration_are_in_the_man_page() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("my.toml");
    std::fs::write(&config, "[keys]\nnext-match = \"m\"\n").unwrap();
    let page = stdout(&astana(
        &["--config", config.to_str().unwrap(), "man"],
        home.path(),
    ));
    assert!(
        page.contains("\\fBm\\fR  [next\\-match]"),
        "the page shows the standard key"
    );
    assert!(page.contains("my.toml"));
}

/// The one stderr line and the exit status of a configuration error.
fn config_error(text: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("astana")).unwrap();
    let file = home.path().join("astana/config.toml");
    std::fs::write(&file, text).unwrap();
    let out = astana(&["list"], home.path());
    assert_eq!(out.status.code(), Some(2), "{text:?}");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let prefix = format!("astana: error: {}:", file.display());
    stderr
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{stderr} does not start with {prefix}"))
        .trim_end()
        .to_string()
}

#[test]
fn configuration_errors_name_file_line_and_column_and_exit_2() {
    assert!(
        config_error("bidi = \"app\"\ncolour = \"never\"\n")
            .starts_with("2:1: unknown setting 'colour'")
    );
    assert!(config_error("color = \"sometimes\"\n").starts_with("1:9: color must be one of"));
    assert!(
        config_error("[keys]\nzoom = \"n\"\n")
            .starts_with("2:8: 'n' is bound twice in the panes: to next-match and to zoom")
    );
    assert!(config_error("[keys\n").starts_with("1:"));
}

#[test]
fn a_missing_configuration_is_no_error_and_config_prints_the_defaults() {
    let home = tempfile::tempdir().unwrap();
    let printed = stdout(&astana(&["config"], home.path()));
    assert!(printed.contains("(not found)"), "{printed}");
    assert!(printed.contains("bidi = \"auto\"  # default"), "{printed}");
    assert!(printed.contains("quit = \"q\"  # default"), "{printed}");
    // What it prints is a configuration astana reads.
    std::fs::create_dir(home.path().join("astana")).unwrap();
    std::fs::write(home.path().join("astana/config.toml"), &printed).unwrap();
    let again = stdout(&astana(&["config"], home.path()));
    assert!(again.contains("(read)"), "{again}");
    assert!(again.contains("bidi = \"auto\"  # config line"), "{again}");
}

#[test]
fn the_version_names_the_commit() {
    let home = tempfile::tempdir().unwrap();
    let version = stdout(&astana(&["--version"], home.path()));
    let expected = match Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap(),
        _ => "unknown".to_string(),
    };
    assert_eq!(
        version.trim(),
        format!("astana {} ({})", env!("CARGO_PKG_VERSION"), expected.trim())
    );
}

#[test]
fn a_file_named_like_a_command_opens_as_a_path() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("man"), "عنوان\nنص عن محادثات أستانا.\n").unwrap();
    // `astana man` is the command; `astana ./man` is the explorer on the
    // file (which needs a terminal, absent here).
    let out = Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(["man"])
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\n.TH astana 1 "),
        "man is the command"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(["./man"])
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", home.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(".TH"),
        "./man is a path"
    );
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}
