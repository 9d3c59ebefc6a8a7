//! Reading a file the user named (an archive, a folder's files, a
//! gazetteer): what is not a file is refused before it is opened (a
//! character or block device such as `/dev/zero`, a socket, and a FIFO
//! found in a folder; a FIFO named explicitly is read), and every read
//! stops at a cap, with a message that names it.
//!
//! The size parser is a dozen lines, not a dependency.

use std::{
    fs,
    io::{self, Read},
    path::Path,
};

/// The default cap of an article file: far above any archive, it only
/// stops a file that never ends (a FIFO fed from `/dev/zero`).
pub const MAX_ARTICLES_BYTES: u64 = 16 << 30;

/// The default cap of a gazetteer (the built-in one is a few kilobytes).
pub const MAX_GAZETTEER_BYTES: u64 = 64 << 20;

/// Why a file was not read (or not to its end).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}, not a file: not read")]
    NotAFile(&'static str),
    #[error("larger than {} (--max-file-size): not read", size_text(*.0))]
    TooLarge(u64),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How a path came to be read: a FIFO is read only when named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Named on the command line.
    Named,
    /// Found while walking a folder.
    InFolder,
}

/// What `file_type` is when it is not to be read (a device, a socket, a
/// FIFO found in a folder), for the message; `None` for a regular file, a
/// folder and a named FIFO.
pub fn refused_kind(file_type: fs::FileType, found: Found) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_char_device() {
        Some("a character device")
    } else if file_type.is_block_device() {
        Some("a block device")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_fifo() && found == Found::InFolder {
        Some("a named pipe")
    } else {
        None
    }
}

/// Opens `path` (following links) unless it is refused; the file and its
/// size when it is a regular file.
pub fn open(path: &Path, found: Found) -> Result<(fs::File, Option<u64>), InputError> {
    let meta = fs::metadata(path)?;
    if let Some(kind) = refused_kind(meta.file_type(), found) {
        return Err(InputError::NotAFile(kind));
    }
    let file = fs::File::open(path)?;
    let size = meta.is_file().then_some(meta.len());
    Ok((file, size))
}

/// The whole of `path`, refused or stopped as [`open`] and [`Capped`] say.
/// A regular file over the cap is refused before a byte is read.
pub fn read(path: &Path, found: Found, cap: u64) -> Result<Vec<u8>, InputError> {
    let (file, size) = open(path, found)?;
    if size.is_some_and(|size| size > cap) {
        return Err(InputError::TooLarge(cap));
    }
    let mut bytes = Vec::with_capacity(size.map_or(0, |s| s as usize));
    match Capped::new(file, cap).read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        Err(e) if is_cap(&e) => Err(InputError::TooLarge(cap)),
        Err(e) => Err(InputError::Io(e)),
    }
}

/// A reader that fails once more than `cap` bytes would be read, with an
/// error that says so (for a stream read piece by piece).
pub struct Capped<R> {
    inner: R,
    cap: u64,
    read: u64,
}

/// The message of the error a [`Capped`] reader returns at its cap.
#[derive(Debug)]
struct AtCap(u64);

impl std::fmt::Display for AtCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stopped at {} (--max-file-size): the rest is not read",
            size_text(self.0)
        )
    }
}

impl std::error::Error for AtCap {}

impl<R: Read> Capped<R> {
    pub fn new(inner: R, cap: u64) -> Capped<R> {
        Capped {
            inner,
            cap,
            read: 0,
        }
    }
}

/// Whether `e` is the error of a [`Capped`] reader at its cap.
pub fn is_cap(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<AtCap>())
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // One byte past the cap is asked for, to tell "exactly the cap"
        // from "more than the cap".
        let room = (self.cap + 1 - self.read.min(self.cap + 1)).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        if self.read > self.cap {
            return Err(io::Error::other(AtCap(self.cap)));
        }
        Ok(n)
    }
}

/// `16 GiB`, `64 MiB`, `512 KiB` or `100 bytes`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(u64, &str); 4] = [
        (1 << 40, "TiB"),
        (1 << 30, "GiB"),
        (1 << 20, "MiB"),
        (1 << 10, "KiB"),
    ];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// A size as `--max-file-size` takes it: a number of bytes, or with a
/// binary suffix `K`, `M`, `G`, `T` (`KiB`... and lower case too).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a size (e.g. 512M, 16G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("'{text}': unknown unit (use K, M, G or T)")),
    };
    number
        .checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("'{text}': not a size from 1 byte to 16 EiB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_sockets_are_refused_and_a_named_fifo_is_read() {
        let err = read(Path::new("/dev/zero"), Found::Named, 1 << 20).unwrap_err();
        assert_eq!(err.to_string(), "a character device, not a file: not read");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.jsonl");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let meta = fs::metadata(&fifo).unwrap();
        assert_eq!(
            refused_kind(meta.file_type(), Found::InFolder),
            Some("a named pipe")
        );
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::write(fifo, b"abc").unwrap())
        };
        assert_eq!(read(&fifo, Found::Named, 10).unwrap(), b"abc");
        writer.join().unwrap();
        let socket = dir.path().join("s.json");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let err = read(&socket, Found::Named, 10).unwrap_err();
        assert_eq!(err.to_string(), "a socket, not a file: not read");
    }

    #[test]
    fn reads_stop_at_the_cap_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read(&file, Found::Named, 10).unwrap(), b"0123456789");
        let err = read(&file, Found::Named, 9).unwrap_err();
        assert_eq!(
            err.to_string(),
            "larger than 9 bytes (--max-file-size): not read"
        );
        // A stream (a FIFO, /dev/zero behind a pipe) stops at the cap.
        let mut out = Vec::new();
        let err = Capped::new(io::repeat(0), 1 << 20)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(is_cap(&err));
        assert_eq!(out.len(), 1 << 20);
        assert_eq!(
            err.to_string(),
            "stopped at 1 MiB (--max-file-size): the rest is not read"
        );
    }

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("16GiB"), Ok(16 << 30));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("G").is_err());
        assert!(parse_size("99999999999T").is_err());
        assert_eq!(size_text(16 << 30), "16 GiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }
}
