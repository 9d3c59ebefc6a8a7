//! Which files a load reads, and in which format.
//!
//! A file named on the command line is read in the format of its
//! extension; one of another extension is reported (one warning) and not
//! read, since reading it as text would turn a spreadsheet or a page into
//! an article of markup. A folder is walked for the extensions of
//! [`Format`], in path order; its other files (images, notes, a README
//! without extension) are passed over in silence, as a folder of articles
//! usually holds a few.

use crate::corpus::decode::Charset;
use crate::corpus::format::Format;
use crate::corpus::{LoadError, LoadWarning};
use crate::input_file::{Found, InputError, refused_kind};
use std::{
    fs,
    io::Read,
    path::{Path, PathBuf},
};

/// A file to read.
pub(super) struct Input {
    pub path: PathBuf,
    pub format: Format,
    /// Read in parts (JSONL in UTF-8 in chunks, a web archive record by
    /// record) rather than whole.
    pub streamed: bool,
}

/// The files of `paths`, in order, and warnings about what is not read.
/// A path that does not exist is an error.
pub(super) fn inputs(
    paths: &[PathBuf],
    charset: Charset,
    warnings: &mut Vec<LoadWarning>,
) -> Result<Vec<Input>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(path.clone()),
            _ => LoadError::Unreadable {
                path: path.clone(),
                error: e,
            },
        })?;
        if meta.is_dir() {
            walk(path, &mut files, warnings);
        } else if let Some(kind) = refused_kind(meta.file_type(), Found::Named) {
            warnings.push(not_a_file(path, kind));
        } else if let Some(format) = Format::of_path(path) {
            files.push((path.clone(), format));
        } else {
            warnings.push(LoadWarning::new(
                &path.display().to_string(),
                None,
                format!(
                    "not a kind of file astana reads (it reads {}), skipped",
                    Format::EXTENSIONS
                ),
            ));
        }
    }
    Ok(files
        .into_iter()
        .map(|(path, format)| {
            let streamed = match format {
                Format::Jsonl => streams(&path, charset),
                Format::Warc => true,
                _ => false,
            };
            Input {
                path,
                format,
                streamed,
            }
        })
        .collect())
}

/// Bytes of a JSONL file looked at before choosing to stream it.
const SNIFF_BYTES: u64 = 64 << 10;

/// Whether a JSONL file can be streamed as UTF-8 lines: not when it must
/// be transcoded first (a UTF-16 byte order mark, a forced encoding other
/// than UTF-8, or a start that is not UTF-8: a legacy encoding, which
/// `corpus::decode` detects when the file is read whole). A streamed line
/// with damaged UTF-8 further on is repaired with a warning, as a `.json`
/// file's is.
fn streams(path: &Path, charset: Charset) -> bool {
    if let Charset::Forced(encoding) = charset
        && encoding.name() != "UTF-8"
    {
        return false;
    }
    // Only a regular file is peeked at: reading a pipe would take its bytes.
    if !fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return true;
    }
    let mut head = Vec::new();
    if fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head))
        .is_err()
    {
        return true;
    }
    if matches!(head.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF])) {
        return false;
    }
    // A character cut by the end of the sniffed bytes is no evidence.
    match simdutf8::compat::from_utf8(&head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() || forced_utf8(charset),
    }
}

/// `--encoding utf-8`: the user says the file is UTF-8, damage and all.
fn forced_utf8(charset: Charset) -> bool {
    matches!(charset, Charset::Forced(encoding) if encoding.name() == "UTF-8")
}

/// The warning for a device, a socket or a FIFO in a folder.
fn not_a_file(path: &Path, kind: &'static str) -> LoadWarning {
    LoadWarning::new(
        &path.display().to_string(),
        None,
        InputError::NotAFile(kind).to_string(),
    )
}

/// Collects article files under `dir`, sorted by path, skipping hidden
/// entries. Symbolic links to folders are not followed (no loops); a
/// device, a socket or a named pipe among the article files (or a link to
/// one) is a warning.
fn walk(dir: &Path, files: &mut Vec<(PathBuf, Format)>, warnings: &mut Vec<LoadWarning>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warnings.push(LoadWarning::new(
                &dir.display().to_string(),
                None,
                e.to_string(),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk(&path, files, warnings);
        } else if let Some(format) = Format::of_path(&path) {
            // A link is followed to see what it names (not into a folder).
            let target = if file_type.is_symlink() {
                fs::metadata(&path).map(|m| m.file_type())
            } else {
                Ok(file_type)
            };
            match target {
                Ok(target) if target.is_file() => files.push((path, format)),
                Ok(target) => {
                    if let Some(kind) = refused_kind(target, Found::InFolder) {
                        warnings.push(not_a_file(&path, kind));
                    }
                }
                // A dangling link: nothing to read.
                Err(_) => {}
            }
        }
    }
}
