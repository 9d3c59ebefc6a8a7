//! Where astana keeps its files, by the XDG Base Directory rules: a
//! variable that is set to an absolute path names the folder, else the
//! default under `$HOME`. On every platform alike: astana is a terminal
//! program, and its users look for it in `~/.config` on a Mac too. Four
//! functions do not need a crate (`dirs` would put the files under
//! `~/Library` on macOS).

use std::path::PathBuf;

/// The folder of a kind of file: `$VAR` when absolute, else `$HOME/default`.
fn base(var: &str, default: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(value) = env(var).map(PathBuf::from)
        && value.is_absolute()
    {
        return Some(value);
    }
    let home = env("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(default))
}

fn from_env(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

/// `$XDG_CONFIG_HOME/astana`, else `~/.config/astana`.
pub fn config_dir() -> Option<PathBuf> {
    config_dir_with(&from_env)
}

pub fn config_dir_with(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    Some(base("XDG_CONFIG_HOME", ".config", env)?.join("astana"))
}

/// `$XDG_STATE_HOME/astana`, else `~/.local/state/astana`: marks kept
/// without an archive. (The archive's own place is `archive::location`.)
pub fn state_dir() -> Option<PathBuf> {
    Some(base("XDG_STATE_HOME", ".local/state", &from_env)?.join("astana"))
}

/// The configuration file read when no `--config` is given.
pub fn config_file() -> Option<PathBuf> {
    Some(config_dir()?.join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn xdg_config_home_wins_when_absolute_else_home() {
        let env = env_of(&[("XDG_CONFIG_HOME", "/x/conf"), ("HOME", "/home/u")]);
        assert_eq!(config_dir_with(&env), Some(PathBuf::from("/x/conf/astana")));
        // The specification: a relative path is invalid and ignored.
        let env = env_of(&[("XDG_CONFIG_HOME", "conf"), ("HOME", "/home/u")]);
        assert_eq!(
            config_dir_with(&env),
            Some(PathBuf::from("/home/u/.config/astana"))
        );
        let env = env_of(&[]);
        assert_eq!(config_dir_with(&env), None);
    }
}
