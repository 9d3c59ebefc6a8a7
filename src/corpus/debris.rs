//! Scraped-page debris (comment widgets, "most read" and "related" blocks)
//! at the end of an article. The markers live in `data/debris.txt`.

use std::sync::LazyLock;

static MARKERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/debris.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// How much longer than its marker a debris line may be: «التعليقات (0)» is
/// debris, a sentence that happens to start with «التعليقات» is not.
const MAX_EXTRA_CHARS: usize = 48;

/// `text` without the debris block at its end: everything from the first
/// line (after the first) that starts with a marker and is short. Trailing
/// whitespace before the cut goes too.
pub fn cut_debris(text: &str) -> &str {
    // Line ends found with the memchr crate's vector search: the loader
    // runs this over every text of a corpus.
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|at| at + 1)
        .chain(std::iter::once(text.len()));
    let mut start = 0;
    for (index, end) in line_ends.enumerate() {
        // A newline is one byte, so `start..end` falls on character bounds.
        if index > 0 && is_debris_line(text[start..end].trim()) {
            return text[..start].trim_end();
        }
        start = end;
    }
    text
}

/// Bytes of the longest marker.
static LONGEST_MARKER: LazyLock<usize> =
    LazyLock::new(|| MARKERS.iter().map(|m| m.len()).max().unwrap_or(0));

/// Whether a line (trimmed) is a debris marker: starts with one and is short.
pub fn is_debris_line(line: &str) -> bool {
    // A paragraph of the article is longer than any marker with its extra
    // characters (four bytes at most each): no need to try the markers.
    if line.len() > *LONGEST_MARKER + 4 * MAX_EXTRA_CHARS {
        return false;
    }
    MARKERS.iter().any(|marker| {
        line.strip_prefix(marker)
            .is_some_and(|rest| rest.chars().count() <= MAX_EXTRA_CHARS)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_comment_widgets_and_most_read() {
        let text = "عنوان\n\nنص المقال.\n\nالتعليقات (0)\n\n    0\n\n    الأكثر قراءة\n";
        assert_eq!(cut_debris(text), "عنوان\n\nنص المقال.");
    }

    #[test]
    fn cuts_reply_form() {
        let text = "عنوان\nنص.\n\nاضف رد\n\nلن يتم نشر البريد الإلكتروني . الحقول المطلوبة مشار لها بـ *\n\n*";
        assert_eq!(cut_debris(text), "عنوان\nنص.");
    }

    #[test]
    fn a_sentence_starting_with_a_marker_word_is_kept() {
        let text = "عنوان\nالتعليقات التي نشرها المسؤولون الروس على البيان الختامي كانت إيجابية في مجملها وتناولت تفاصيل كثيرة.\nنهاية.";
        assert_eq!(cut_debris(text), text);
    }

    #[test]
    fn the_first_line_is_never_debris() {
        assert_eq!(cut_debris("اخترنا لك\nنص"), "اخترنا لك\nنص");
    }
}
