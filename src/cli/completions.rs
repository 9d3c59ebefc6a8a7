//! `astana completions SHELL`: a completion script made by `clap_complete`
//! from the same `clap` definition that parses the command line, so the
//! subcommands, the options, the values of `--bidi` and `--color` (their
//! value enums) and file paths for PATH complete as they are parsed.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The script for `shell`.
pub(super) fn script(shell: Shell) -> String {
    let mut command = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "astana", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_the_commands_and_the_choices() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let script = script(shell);
            for word in [
                "list",
                "completions",
                "man",
                "config",
                "bidi",
                "terminal",
                "never",
            ] {
                assert!(script.contains(word), "{shell}: no {word}");
            }
        }
    }
}
