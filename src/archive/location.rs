//! Where the archive is: `--archive PATH`, else `$ASTANA_ARCHIVE`, else
//! `$XDG_DATA_HOME/astana/archive.sqlite3`, else
//! `~/.local/share/astana/archive.sqlite3`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The archive's file name in its data folder.
const FILE_NAME: &str = "archive.sqlite3";

/// The archive's path from the flag and the process's environment; `None`
/// when neither names one and there is no home folder.
pub fn location(flag: Option<&Path>) -> Option<PathBuf> {
    location_in(flag, |name| std::env::var_os(name))
}

/// [`location`] with the environment read through `env` (empty values
/// count as unset, as the XDG specification says for its variables).
pub fn location_in(flag: Option<&Path>, env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    if let Some(path) = flag {
        return Some(path.to_path_buf());
    }
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if let Some(path) = set("ASTANA_ARCHIVE") {
        return Some(PathBuf::from(path));
    }
    // A relative XDG_DATA_HOME is invalid (the specification says to
    // ignore it).
    let data_home = set("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| set("HOME").map(|home| PathBuf::from(home).join(".local/share")))?;
    Some(data_home.join("astana").join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn flag_then_variable_then_xdg_then_home() {
        let all = [
            ("ASTANA_ARCHIVE", "/a/x.sqlite3"),
            ("XDG_DATA_HOME", "/data"),
            ("HOME", "/home/u"),
        ];
        assert_eq!(
            location_in(Some(Path::new("mine.db")), env(&all)),
            Some(PathBuf::from("mine.db"))
        );
        assert_eq!(
            location_in(None, env(&all)),
            Some(PathBuf::from("/a/x.sqlite3"))
        );
        assert_eq!(
            location_in(None, env(&all[1..])),
            Some(PathBuf::from("/data/astana/archive.sqlite3"))
        );
        assert_eq!(
            location_in(None, env(&all[2..])),
            Some(PathBuf::from("/home/u/.local/share/astana/archive.sqlite3"))
        );
        assert_eq!(location_in(None, env(&[])), None);
    }

    #[test]
    fn empty_or_relative_values_are_unset() {
        let vars = [
            ("ASTANA_ARCHIVE", ""),
            ("XDG_DATA_HOME", "rel"),
            ("HOME", "/h"),
        ];
        assert_eq!(
            location_in(None, env(&vars)),
            Some(PathBuf::from("/h/.local/share/astana/archive.sqlite3"))
        );
    }
}
