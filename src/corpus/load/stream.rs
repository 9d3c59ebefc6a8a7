//! JSONL streamed in chunks: a reader thread reads the next chunk of
//! whole lines (and finds their ends) while the pool parses and finishes
//! the lines of this one, batch by batch, so a large archive never sits in
//! memory twice.

use super::finish::finish;
use super::gather::Gather;
use super::{ArticleSink, FileResult, LoadProgress, Loaded};
use crate::corpus::LoadWarning;
use crate::corpus::format::{Origin, jsonl};
use crate::extract::Extractor;
use crate::input_file::{self, Capped, Found};
use rayon::prelude::*;
use std::{io::Read, path::Path};

/// JSONL is read in chunks of about this size (cut at a line end); a reader
/// thread fills the next chunk while the pool parses and extracts this one.
/// Up to three chunks' buffers (of 1.5 times this) are alive at once, with
/// the words of two chunks' articles: at 4 MiB that was 19 MiB of the
/// peak on 100,000 articles; at 512 KiB no less than at 1 MiB
/// (docs/PERFORMANCE.md, "Peak memory per article").
pub(in crate::corpus) const CHUNK_BYTES: usize = 1 << 20;

/// At most this much room is reserved at once for a line longer than a
/// chunk (see `read_chunks`).
const LONG_LINE_ROOM: usize = 512 << 20;

/// Lines of a chunk parsed in parallel at a time (see `load_jsonl`).
const LINES_PER_BATCH: usize = 4096;

/// A run of whole lines from a JSONL file.
struct Chunk {
    /// Line number of the first line (1-based).
    first_line: usize,
    /// Byte offset of the chunk in the file.
    offset: usize,
    bytes: Vec<u8>,
    /// Where each line ends in `bytes` (after its newline): found by the
    /// reader thread, beside the pool, rather than by the thread that
    /// hands the pool its work.
    line_ends: Vec<usize>,
}

/// Reads `reader` into chunks of whole lines and sends them down `chunks`.
/// A line longer than a chunk makes the chunk grow to hold it. Buffers
/// sent back on `spent` are filled again: a fresh one for every chunk
/// would be handed back to the system and faulted in anew each time.
fn read_chunks(
    mut reader: impl Read,
    size: Option<u64>,
    chunks: std::sync::mpsc::SyncSender<std::io::Result<Chunk>>,
    spent: std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let mut carry: Vec<u8> = Vec::new();
    let mut line = 1;
    let mut offset = 0;
    loop {
        // The part line carried over goes to the front of a spent buffer,
        // unless it is a line longer than a chunk, still growing in its own.
        let mut bytes = if carry.len() < CHUNK_BYTES
            && let Ok(mut buffer) = spent.try_recv()
        {
            buffer.clear();
            buffer.append(&mut carry);
            buffer
        } else {
            std::mem::take(&mut carry)
        };
        let filled = bytes.len();
        let mut want = filled.max(CHUNK_BYTES / 2) + CHUNK_BYTES;
        // The file's bytes from this chunk on, when its size is known and
        // not yet passed (a pipe says 0).
        let in_file = size
            .and_then(|s| usize::try_from(s.saturating_sub(offset as u64)).ok())
            .filter(|&n| n >= filled);
        if filled >= CHUNK_BYTES
            && let Some(in_file) = in_file
        {
            // A line longer than a chunk, still growing: room up to the end
            // of the file at once (virtual until read), and reading stops
            // there, instead of doubling, which left each old copy in the
            // allocator's cache: a 50 MB line cost twice its size. (One
            // byte more: the read that finds the end needs room.)
            let room = (in_file + 1).min(filled + LONG_LINE_ROOM);
            if bytes.capacity() < room {
                bytes.reserve_exact(room - filled);
            }
            want = want.min(room);
        }
        bytes.reserve(want - filled);
        // `take` + `read_to_end` fill the spare capacity without zeroing it first.
        let eof = loop {
            let room = (want - bytes.len()) as u64;
            match (&mut reader).take(room).read_to_end(&mut bytes) {
                Ok(0) => break true,
                Ok(_) if bytes.len() >= want => break false,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = chunks.send(Err(e));
                    return;
                }
            }
        };
        let end = bytes.len();
        let cut = if eof {
            end
        } else {
            match memchr::memrchr(b'\n', &bytes) {
                Some(at) => at + 1,
                // No line end yet: keep reading into a bigger buffer.
                None => {
                    carry = bytes;
                    continue;
                }
            }
        };
        carry = bytes.split_off(cut);
        let first_line = line;
        let mut line_ends: Vec<usize> = memchr::memchr_iter(b'\n', &bytes)
            .map(|at| at + 1)
            .collect();
        line += line_ends.len();
        if line_ends.last().copied().unwrap_or(0) < bytes.len() {
            line_ends.push(bytes.len()); // the last line, without a newline
        }
        let chunk = Chunk {
            first_line,
            offset,
            bytes,
            line_ends,
        };
        offset += cut;
        if chunk.bytes.is_empty() && eof {
            return;
        }
        if chunks.send(Ok(chunk)).is_err() || eof {
            return;
        }
    }
}

/// The file of a streamed `origin` and its size when it has one, or
/// `None` when it cannot be opened (the warning says why). Named or found,
/// `discover` has kept only what may be read.
pub(super) fn open<S: ArticleSink>(
    origin: &Origin,
    gather: &mut Gather<'_, S>,
) -> Option<(std::fs::File, Option<u64>)> {
    let path = origin.path.as_deref().unwrap_or(Path::new(""));
    match input_file::open(path, Found::Named) {
        Ok(opened) => Some(opened),
        Err(e) => {
            gather.warn(origin.warning(e.to_string()));
            None
        }
    }
}

/// Streams the JSONL file of `origin` into `gather`.
/// No more than `cap` bytes are read: at the cap a warning says so, and
/// the lines before it are kept.
pub(super) fn load_jsonl<S: ArticleSink>(
    origin: &Origin,
    cap: u64,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    gather: &mut Gather<'_, S>,
) {
    let Some((file, size)) = open(origin, gather) else {
        return;
    };
    let mut any_content = false;
    let mut any_warning = false;
    std::thread::scope(|scope| {
        let (sender, chunks) = std::sync::mpsc::sync_channel(1);
        let (give_back, spent) = std::sync::mpsc::channel();
        scope.spawn(move || read_chunks(Capped::new(file, cap), size, sender, spent));
        for chunk in chunks {
            let mut chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    gather.warn(origin.warning(e.to_string()));
                    any_warning = true;
                    break;
                }
            };
            let read = chunk.bytes.len();
            let mut take = |loaded: Vec<Option<Result<Loaded<S::Words>, LoadWarning>>>,
                            gather: &mut Gather<'_, S>| {
                let mut result = FileResult::default();
                for item in loaded.into_iter().flatten() {
                    any_content = true;
                    match item {
                        Ok(article) => result.articles.push(article),
                        Err(w) => result.warnings.push(w),
                    }
                }
                any_warning |= !result.warnings.is_empty();
                let articles = result.articles.len();
                gather.take(&origin.display, result);
                articles
            };
            if chunk.line_ends.len() == 1 && read > CHUNK_BYTES {
                // One line longer than a chunk (an article of many
                // megabytes): its bytes are freed once parsed, not kept
                // beside its text while it is extracted.
                let (number, offset) = (chunk.first_line, chunk.offset);
                let line = std::mem::take(&mut chunk.bytes);
                let draft = jsonl::draft_of_long_line(origin, number, offset, line);
                let loaded = draft.map(|d| d.and_then(|d| finish::<S>(origin, d, extractor)));
                gather.flush();
                let articles = take(vec![loaded], gather);
                if let Some(p) = progress {
                    p.read(read, articles);
                }
                continue;
            }
            let (bytes, ends) = (&chunk.bytes, &chunk.line_ends);
            // Line `k` of the chunk: its number, its offset in the file, its bytes.
            let line = |k: usize| {
                let start = if k == 0 { 0 } else { ends[k - 1] };
                (
                    chunk.first_line + k,
                    chunk.offset + start,
                    &bytes[start..ends[k]],
                )
            };
            // At most this many lines are in flight at once: a chunk of tiny
            // records holds a hundred thousand lines, each becoming an
            // article and its words before the sink takes them.
            let mut articles = 0;
            for first in (0..ends.len()).step_by(LINES_PER_BATCH) {
                let batch = first..ends.len().min(first + LINES_PER_BATCH);
                // The sink takes the last batch while this one is parsed:
                // one phase waiting for the other would leave a core idle.
                let (_, loaded) = rayon::join(
                    || gather.flush(),
                    || -> Vec<Option<Result<Loaded<S::Words>, LoadWarning>>> {
                        batch
                            .into_par_iter()
                            .map(|k| {
                                let (number, at, line) = line(k);
                                let draft = jsonl::draft_of_line(origin, number, at, line)?;
                                Some(draft.and_then(|d| finish::<S>(origin, d, extractor)))
                            })
                            .collect()
                    },
                );
                articles += take(loaded, gather);
            }
            if let Some(p) = progress {
                p.read(read, articles);
            }
            // The reader may have finished: then the buffer is simply dropped.
            let _ = give_back.send(chunk.bytes);
        }
    });
    if !any_content && !any_warning {
        gather.warn(origin.warning("empty file, skipped"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks hold whole lines, in order, with the right line numbers and
    /// offsets, whether buffers come back or not and whatever the lines'
    /// lengths (one is longer than a chunk).
    #[test]
    fn chunks_are_whole_lines_in_order() {
        let long = "x".repeat(CHUNK_BYTES + CHUNK_BYTES / 3);
        let mut input = String::new();
        for n in 0..200_000 {
            input.push_str(&format!("{{\"n\":{n}}}\n"));
            if n == 100_000 {
                input.push_str(&long);
                input.push('\n');
            }
        }
        input.push_str("last line without an end");
        for give_back in [false, true] {
            let (sender, chunks) = std::sync::mpsc::sync_channel(1);
            let (spent_sender, spent) = std::sync::mpsc::channel();
            let reader = std::io::Cursor::new(input.clone().into_bytes());
            let size = Some(input.len() as u64);
            let thread = std::thread::spawn(move || read_chunks(reader, size, sender, spent));
            let mut joined = Vec::new();
            let mut line = 1;
            for chunk in chunks {
                let chunk = chunk.unwrap();
                assert_eq!(chunk.first_line, line);
                assert_eq!(chunk.offset, joined.len());
                line += memchr::memchr_iter(b'\n', &chunk.bytes).count();
                // The line ends are every newline's next byte, and the
                // chunk's end.
                let mut expected: Vec<usize> = memchr::memchr_iter(b'\n', &chunk.bytes)
                    .map(|at| at + 1)
                    .collect();
                if expected.last() != Some(&chunk.bytes.len()) {
                    expected.push(chunk.bytes.len());
                }
                assert_eq!(chunk.line_ends, expected);
                joined.extend_from_slice(&chunk.bytes);
                if joined.len() < input.len() {
                    assert_eq!(chunk.bytes.last(), Some(&b'\n'));
                }
                if give_back {
                    let _ = spent_sender.send(chunk.bytes);
                }
            }
            thread.join().unwrap();
            assert!(joined == input.as_bytes(), "the chunks are the input");
        }
    }
}
