//! Files written whole or not at all: an export, the explorer's visits.

use std::io;
use std::path::Path;

/// Writes `bytes` to `path` whole or not at all: into a new file beside it,
/// synced, then renamed over it, so a crash or a full disk never leaves a
/// half-written file where the user (or the next run) looks for it.
pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut partial = name.to_os_string();
    partial.push(format!(".{}.part", std::process::id()));
    let partial = path.with_file_name(partial);
    let written = std::fs::File::create_new(&partial).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&partial, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_is_written_whole_and_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        write_whole(&path, "id,round\r\n".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "id,round\r\n");
        // Nothing is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A folder that does not exist: an error, and no file.
        let missing = dir.path().join("no/such/out.csv");
        assert!(write_whole(&missing, b"x").is_err());
    }
}
