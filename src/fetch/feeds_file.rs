//! The list of sources `astana fetch` reads when given no URL:
//! `$XDG_CONFIG_HOME/astana/feeds`, else `~/.config/astana/feeds`, one URL
//! per line, `#` comments, as newsboat's `urls` file (whose tags and
//! quoted titles after the URL are ignored, so the same file serves both).

use std::path::{Path, PathBuf};

/// Where the feeds file is, from the environment (`None` without a home).
pub fn path_from(xdg_config_home: Option<&str>, home: Option<&str>) -> Option<PathBuf> {
    match xdg_config_home.filter(|p| Path::new(p).is_absolute()) {
        Some(config) => Some(Path::new(config).join("astana/feeds")),
        None => home
            .filter(|h| !h.is_empty())
            .map(|home| Path::new(home).join(".config/astana/feeds")),
    }
}

/// The feeds file of this process's environment.
pub fn path() -> Option<PathBuf> {
    let var = |name| std::env::var(name).ok();
    path_from(var("XDG_CONFIG_HOME").as_deref(), var("HOME").as_deref())
}

/// The URLs of a feeds file's text, in order.
pub fn urls(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_newsboat_tags_are_skipped() {
        let text = "# Syria\n\nhttps://a.example/rss.xml \"~Agency\" syria\n  # off: https://b.example/\nhttps://c.example/sitemap.xml\n";
        assert_eq!(
            urls(text),
            ["https://a.example/rss.xml", "https://c.example/sitemap.xml"]
        );
    }

    #[test]
    fn xdg_config_home_else_home() {
        assert_eq!(
            path_from(Some("/x/conf"), Some("/home/u")),
            Some(PathBuf::from("/x/conf/astana/feeds"))
        );
        // A relative XDG_CONFIG_HOME is invalid per the spec: ignored.
        assert_eq!(
            path_from(Some("rel"), Some("/home/u")),
            Some(PathBuf::from("/home/u/.config/astana/feeds"))
        );
        assert_eq!(path_from(None, None), None);
    }
}
