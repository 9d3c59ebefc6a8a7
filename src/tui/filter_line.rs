//! The filter line's editor: its text, the caret, and the editing
//! operations. It knows nothing of searching but how the filter language
//! splits its terms (a quoted phrase is one): each edit says whether the
//! text changed, and the [`App`](super::App) filters again when it did.
//!
//! The caret is a byte offset that is always on a character boundary, so
//! the text can be sliced at it; every operation moves it by whole
//! characters.

use crate::search::{open_quote, split_terms};

/// The longest filter, in characters. A query is a few words; the cap
/// bounds the work a pasted megabyte could make (each edit searches the
/// whole query again and lays out the line).
pub const MAX_FILTER_CHARS: usize = 1000;

/// What typing did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed {
    /// Something was inserted.
    pub changed: bool,
    /// Characters were dropped at [`MAX_FILTER_CHARS`].
    pub cut: bool,
}

/// The text being typed and where the caret is in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterLine {
    text: String,
    /// Byte offset of the caret in `text`.
    caret: usize,
}

impl FilterLine {
    /// A line holding `text`, the caret after it.
    pub fn new(text: &str) -> FilterLine {
        let mut line = FilterLine::default();
        line.set(text);
        line
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offset of the caret in [`FilterLine::text`].
    pub fn caret(&self) -> usize {
        self.caret
    }

    /// Replaces the whole text (the initial query, a rewrite by the facet
    /// picker); the caret goes after it.
    /// The text is cut at [`MAX_FILTER_CHARS`].
    pub fn set(&mut self, text: &str) {
        self.text = take_chars(text, MAX_FILTER_CHARS).to_string();
        self.caret = self.text.len();
    }

    /// Types `text` at the caret. Control characters (a paste may carry
    /// them) have no place in a query and are dropped, and so is what
    /// goes past [`MAX_FILTER_CHARS`].
    pub fn insert(&mut self, text: &str) -> Typed {
        let room = MAX_FILTER_CHARS.saturating_sub(self.text.chars().count());
        let clean = printable(text);
        let kept = take_chars(&clean, room);
        self.text.insert_str(self.caret, kept);
        self.caret += kept.len();
        Typed {
            changed: !kept.is_empty(),
            cut: kept.len() < clean.len(),
        }
    }

    /// Adds `word` at the end, one space after what is there, and puts the
    /// caret after it. Returns false, changing nothing, when the text
    /// already holds `word` as a whole term. The text's terms are split as
    /// the filter language splits them, so a quoted phrase is one term, and
    /// a phrase still open at the end is closed before `word`.
    pub fn append_word(&mut self, word: &str) -> bool {
        if split_terms(&self.text).iter().any(|(_, w)| *w == word) {
            return false;
        }
        let kept = self.text.trim_end().len();
        self.text.truncate(kept);
        if let Some(close) = open_quote(&self.text) {
            self.text.push(close);
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(&printable(word));
        self.caret = self.text.len();
        true
    }

    /// Deletes the character before the caret.
    pub fn backspace(&mut self) -> bool {
        match self.text[..self.caret].chars().next_back() {
            Some(c) => {
                self.caret -= c.len_utf8();
                self.text.remove(self.caret);
                true
            }
            None => false,
        }
    }

    /// Deletes the character under the caret.
    pub fn delete(&mut self) -> bool {
        if self.caret < self.text.len() {
            self.text.remove(self.caret);
            true
        } else {
            false
        }
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.caret].chars().next_back() {
            self.caret -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.caret..].chars().next() {
            self.caret += c.len_utf8();
        }
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.len();
    }

    /// Deletes everything before the caret (Ctrl-u, as in a shell).
    pub fn delete_to_start(&mut self) -> bool {
        if self.caret == 0 {
            return false;
        }
        self.text.replace_range(..self.caret, "");
        self.caret = 0;
        true
    }

    /// Deletes the word before the caret and the spaces after it (Ctrl-w,
    /// as in a shell).
    pub fn delete_word(&mut self) -> bool {
        let before = &self.text[..self.caret];
        let start = before.trim_end().rfind(' ').map_or(0, |i| i + 1);
        if start == self.caret {
            return false;
        }
        self.text.replace_range(start..self.caret, "");
        self.caret = start;
        true
    }
}

/// The first `n` characters of `text`.
fn take_chars(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with the caret shown as `|`.
    fn shown(line: &FilterLine) -> String {
        let (a, b) = line.text().split_at(line.caret());
        format!("{a}|{b}")
    }

    #[test]
    fn typing_inserts_at_the_caret_and_drops_control_characters() {
        let mut line = FilterLine::new("g:iran");
        line.home();
        assert!(line.insert("إدلب\u{1b}\n ").changed);
        assert_eq!(shown(&line), "إدلب |g:iran");
        assert!(
            !line.insert("\u{7}\t").changed,
            "only control characters: no change"
        );
        assert_eq!(shown(&line), "إدلب |g:iran");
    }

    #[test]
    fn the_caret_moves_by_whole_characters_in_both_scripts() {
        let mut line = FilterLine::new("أ b");
        line.left();
        line.left();
        assert_eq!(shown(&line), "أ| b");
        line.left();
        assert_eq!(shown(&line), "|أ b");
        line.left();
        assert_eq!(shown(&line), "|أ b", "stops at the start");
        line.right();
        assert_eq!(shown(&line), "أ| b");
        line.end();
        line.right();
        assert_eq!(shown(&line), "أ b|", "stops at the end");
    }

    #[test]
    fn backspace_and_delete_remove_one_character_each_side() {
        let mut line = FilterLine::new("إيران");
        line.left();
        line.left();
        assert!(line.backspace());
        assert_eq!(shown(&line), "إي|ان");
        assert!(line.delete());
        assert_eq!(shown(&line), "إي|ن");
        line.end();
        assert!(!line.delete(), "nothing under the caret at the end");
        line.home();
        assert!(!line.backspace(), "nothing before the caret at the start");
        assert_eq!(shown(&line), "|إين");
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_caret_and_ctrl_u_all_before_it() {
        let mut line = FilterLine::new("g:iran r:4  ");
        assert!(line.delete_word());
        assert_eq!(shown(&line), "g:iran |");
        assert!(line.delete_word());
        assert_eq!(shown(&line), "|");
        assert!(!line.delete_word());

        let mut line = FilterLine::new("lavrentiev idlib");
        for _ in 0..5 {
            line.left();
        }
        assert!(line.delete_to_start());
        assert_eq!(shown(&line), "|idlib");
        assert!(!line.delete_to_start());
    }

    #[test]
    fn a_word_is_appended_once_after_one_space() {
        let mut line = FilterLine::new("idlib  ");
        line.home();
        assert!(line.append_word("p:lavrentiev"));
        assert_eq!(shown(&line), "idlib p:lavrentiev|");
        assert!(!line.append_word("p:lavrentiev"), "already there");
        assert_eq!(line.text(), "idlib p:lavrentiev");

        let mut empty = FilterLine::default();
        assert!(empty.append_word("g:iran"));
        assert_eq!(shown(&empty), "g:iran|");
    }

    #[test]
    fn an_appended_word_leaves_a_phrase_whole() {
        // A word inside a phrase is not the word itself.
        let mut line = FilterLine::new("\"p:lavrentiev idlib\"");
        assert!(line.append_word("p:lavrentiev"));
        assert_eq!(line.text(), "\"p:lavrentiev idlib\" p:lavrentiev");
        // A phrase still open is closed before the word, not joined by it.
        let mut line = FilterLine::new("r:4 «مذكرة تفاهم ");
        assert!(line.append_word("g:iran"));
        assert_eq!(shown(&line), "r:4 «مذكرة تفاهم» g:iran|");
    }

    #[test]
    fn the_text_stops_at_the_cap_and_says_so() {
        let mut line = FilterLine::new("g:iran ");
        let typed = line.insert(&"ب".repeat(2 * MAX_FILTER_CHARS));
        assert_eq!(
            typed,
            Typed {
                changed: true,
                cut: true
            }
        );
        assert_eq!(line.text().chars().count(), MAX_FILTER_CHARS);
        assert!(line.text().starts_with("g:iran ب"));
        assert_eq!(line.caret(), line.text().len());
        let full = line.insert("x");
        assert_eq!(
            full,
            Typed {
                changed: false,
                cut: true
            }
        );
        assert!(line.backspace());
        assert_eq!(
            line.insert("xy"),
            Typed {
                changed: true,
                cut: true
            }
        );
        line.set(&"a".repeat(MAX_FILTER_CHARS + 5));
        assert_eq!(line.text().len(), MAX_FILTER_CHARS);
    }

    #[test]
    fn set_replaces_the_text_and_puts_the_caret_after_it() {
        let mut line = FilterLine::new("old");
        line.home();
        line.set("g:russia r:4,6");
        assert_eq!(shown(&line), "g:russia r:4,6|");
    }
}
