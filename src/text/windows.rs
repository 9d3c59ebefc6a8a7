//! A long text cut into windows that are analysed one at a time
//! (extraction, highlighting), so that the analysis of a 50 MB article
//! never exists for all of it at once.

use std::ops::Range;

/// Texts up to this long are analysed whole; longer ones a window of about
/// this size at a time (a one-line article of 50 MB would otherwise hold
/// its key, map and a token per word, about eight times its size, at once).
pub const WINDOW_BYTES: usize = 1 << 18;

/// `text` cut into windows of at most [`WINDOW_BYTES`], in order: each ends
/// at the last line end in its second half, else the last sentence end,
/// else the last space, else anywhere on a character boundary (one word
/// longer than a window). Only a name that a window's end cuts in two (in a text with
/// no line or sentence end in half a window) can be missed.
pub fn windows(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() && !(start == 0 && text.is_empty()) {
            return None;
        }
        let rest = text.len() - start;
        let end = if rest <= WINDOW_BYTES {
            text.len()
        } else {
            let limit = text.floor_char_boundary(start + WINDOW_BYTES);
            let half = text.floor_char_boundary(start + WINDOW_BYTES / 2);
            let tail = &text[half..limit];
            let cut = memchr::memrchr(b'\n', tail.as_bytes())
                .or_else(|| tail.rfind(['.', '!', '?', '؟', '؛']))
                .or_else(|| memchr::memrchr2(b' ', b'\t', tail.as_bytes()));
            match cut {
                // After the cut's character (all of those are one byte
                // but «؟» and «؛», two).
                Some(at) => half + at + tail[at..].chars().next().map_or(1, char::len_utf8),
                None => limit,
            }
        };
        let window = start..end;
        start = end.max(start + 1);
        Some(window)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_a_long_text_and_end_after_a_line_a_sentence_or_a_space() {
        let line = "اجتمعت الوفود في أستانا اليوم.\n";
        let text = line.repeat(2 * WINDOW_BYTES / line.len() + 7);
        let cut: Vec<Range<usize>> = windows(&text).collect();
        assert!(cut.len() >= 3, "{} windows", cut.len());
        assert_eq!(cut[0].start, 0);
        assert_eq!(cut.last().unwrap().end, text.len());
        for pair in cut.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "contiguous");
            assert!(text[..pair[0].end].ends_with('\n'), "a line end wins");
        }
        assert!(cut.iter().all(|w| w.len() <= WINDOW_BYTES));
        // Without line ends a sentence end wins, and without either a space.
        let no_lines = text.replace('\n', " ");
        let no_sentences = no_lines.replace('.', "");
        for (text, end) in [(&no_lines, '.'), (&no_sentences, ' ')] {
            let cut: Vec<Range<usize>> = windows(text).collect();
            for w in &cut[..cut.len() - 1] {
                assert!(text[..w.end].ends_with(end), "{end:?}");
            }
        }
        // One word three windows long: cut anywhere, on character boundaries.
        let word = "ب".repeat(3 * WINDOW_BYTES / 2);
        let cut: Vec<Range<usize>> = windows(&word).collect();
        assert_eq!(cut.len(), 3);
        assert!(cut.iter().all(|w| word.is_char_boundary(w.start)));
        let empty: Vec<Range<usize>> = windows("").collect();
        assert_eq!(
            (empty.len(), empty[0].clone()),
            (1, 0..0),
            "an empty text is one window"
        );
    }
}
