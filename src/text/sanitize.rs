//! Text from articles is data: control characters must never reach a
//! terminal raw. Each one becomes a single visible placeholder character,
//! so offsets in characters are preserved one for one.

use std::borrow::Cow;

/// The placeholder shown instead of `c`, or `None` when `c` is safe to print.
///
/// C0 controls become the Control Pictures (␛ for ESC, ␉ for TAB...), DEL
/// becomes ␡, C1 controls and the bidi embedding/override/isolate controls
/// and the bidi marks (LRM, RLM, ALM), which would reorder the rest of a
/// terminal row, become ◆; the line and paragraph separators (U+2028,
/// U+2029), which some terminals take as line ends, become ␤.
/// Newlines are the caller's business (layout splits paragraphs on them,
/// and reads the bidi marks and separators before asking for these).
pub fn placeholder(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{FFFD}'),
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some('\u{25C6}'),
        '\u{2028}' | '\u{2029}' => Some('\u{2424}'),
        _ => None,
    }
}

/// `text` with every control character replaced by its placeholder.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| placeholder(c).unwrap_or(c)).collect())
}

/// Like [`visible`] but keeps newlines (and tabs as spaces, the line and
/// paragraph separators as newlines), for printing a multi-line article
/// body to a terminal.
pub fn visible_multiline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                '\u{2028}' | '\u{2029}' => '\n',
                _ => placeholder(c).unwrap_or(c),
            })
            .collect(),
    )
}

/// Like [`visible_multiline`] but keeps the bidi marks (LRM, RLM, ALM)
/// and the line and paragraph separators, for text copied to the
/// clipboard: they belong to the article (Arabic sites put RLM around
/// numbers) and do nothing to a shell the text is pasted into, while every
/// control character still becomes its placeholder.
pub fn copyable(text: &str) -> Cow<'_, str> {
    let kept = |c: char| {
        matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !text
        .chars()
        .any(|c| c != '\n' && !kept(c) && placeholder(c).is_some())
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                _ if kept(c) => c,
                _ => placeholder(c).unwrap_or(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(visible("x\u{7f}\u{9b}y"), "x\u{2421}\u{FFFD}y");
        assert_eq!(visible("\u{202E}abc"), "\u{25C6}abc");
    }

    #[test]
    fn ordinary_arabic_is_borrowed_unchanged() {
        assert!(matches!(visible("أستانا 4"), Cow::Borrowed(_)));
    }

    #[test]
    fn multiline_keeps_newlines() {
        assert_eq!(visible_multiline("a\nb\u{7}"), "a\nb\u{2407}");
        assert_eq!(visible_multiline("a\u{2028}b\u{2029}c"), "a\nb\nc");
    }

    #[test]
    fn copies_keep_the_marks_and_lose_the_controls() {
        assert_eq!(
            copyable("١٢\u{200F} a\u{1b}[2J\tb\n"),
            "١٢\u{200F} a\u{241b}[2J b\n"
        );
        assert!(matches!(copyable("a\u{200E}b\u{2028}"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_marks_and_line_separators_are_shown() {
        assert_eq!(
            visible("a\u{200E}b\u{200F}c\u{61C}d"),
            "a\u{25C6}b\u{25C6}c\u{25C6}d"
        );
        assert_eq!(visible("a\u{2028}b\u{2029}"), "a\u{2424}b\u{2424}");
    }
}
