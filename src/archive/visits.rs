//! When the explorer last opened an archive, so that what arrived since
//! can be marked: one line per archive (`seconds<TAB>path`) in
//! `$XDG_STATE_HOME/astana/visits.tsv`, rewritten whole at each visit.

use std::path::{Path, PathBuf};

/// The file of visits.
pub fn file() -> Option<PathBuf> {
    Some(crate::config::paths::state_dir()?.join("visits.tsv"))
}

/// When `archive` was last opened, by the visits in `file`.
pub fn previous(file: &Path, archive: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(file).ok()?;
    let archive = archive.to_str()?;
    text.lines().find_map(|line| {
        let (seconds, path) = line.split_once('\t')?;
        (path == archive).then(|| seconds.parse().ok())?
    })
}

/// Records that `archive` is opened at `now`, keeping the other archives'
/// visits. A path that is not UTF-8 or holds a line end is not recorded.
pub fn record(file: &Path, archive: &Path, now: i64) -> std::io::Result<()> {
    let Some(archive) = archive.to_str().filter(|p| !p.contains(['\n', '\r'])) else {
        return Ok(());
    };
    let old = std::fs::read_to_string(file).unwrap_or_default();
    let mut text: String = old
        .lines()
        .filter(|line| {
            line.split_once('\t')
                .is_some_and(|(_, path)| path != archive)
        })
        .map(|line| format!("{line}\n"))
        .collect();
    text.push_str(&format!("{now}\t{archive}\n"));
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic_file::write_whole(file, text.as_bytes())
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_is_remembered_per_archive_and_replaced_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/visits.tsv");
        let (a, b) = (Path::new("/data/a.sqlite3"), Path::new("/data/b.sqlite3"));
        assert_eq!(previous(&file, a), None);
        record(&file, a, 100).unwrap();
        record(&file, b, 200).unwrap();
        record(&file, a, 300).unwrap();
        assert_eq!(previous(&file, a), Some(300));
        assert_eq!(previous(&file, b), Some(200));
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
    }
}
