//! The sentence around a stretch of text, for copying a match with its
//! context. A sentence ends at a line end, or after a run of `.` `!` `?`
//! `؟` `…` (and any closing quotes or brackets after it) that whitespace or
//! the end of the text follows: so «3.5» and «U.N» end nothing, and «قال:
//! "نعم."» ends after the quote.

use std::ops::Range;

/// Characters that end a sentence when whitespace follows them.
pub const SENTENCE_ENDS: [char; 5] = ['.', '!', '?', '؟', '…'];

/// Closing quotes and brackets that belong to the sentence they follow.
const CLOSERS: [char; 8] = ['"', '\'', '»', '”', '’', '›', ')', ']'];

/// The byte range of the sentence holding `at` (a range of `text` on
/// character boundaries), without the whitespace around it. When `at`
/// crosses sentence ends the range covers every sentence it touches; it
/// never leaves the line (or lines) `at` is on.
pub fn sentence_at(text: &str, at: Range<usize>) -> Range<usize> {
    let at = at.start.min(text.len())..at.end.clamp(at.start.min(text.len()), text.len());
    let line_start = text[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at.end..].find('\n').map_or(text.len(), |i| at.end + i);
    let mut start = line_start;
    let mut end = line_end;
    for cut in sentence_ends(&text[line_start..line_end]).map(|e| line_start + e) {
        // An empty `at` right after a sentence's end belongs to that sentence.
        if cut <= at.start && cut < at.end {
            start = cut;
        } else if cut >= at.end {
            end = cut;
            break;
        }
    }
    trim(text, start..end)
}

/// Offsets (into `line`) just after each sentence end: after the
/// terminators and closers, before the whitespace.
fn sentence_ends(line: &str) -> impl Iterator<Item = usize> + '_ {
    let mut chars = line.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((_, c)) = chars.next() {
            if !SENTENCE_ENDS.contains(&c) {
                continue;
            }
            while let Some(&(_, next)) = chars.peek() {
                if SENTENCE_ENDS.contains(&next) || CLOSERS.contains(&next) {
                    chars.next();
                } else {
                    break;
                }
            }
            match chars.peek() {
                None => return Some(line.len()),
                Some(&(at, next)) if next.is_whitespace() => return Some(at),
                Some(_) => {}
            }
        }
        None
    })
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let inner = &text[range.clone()];
    let start = range.start + (inner.len() - inner.trim_start().len());
    let end = range.start + inner.trim_end().len();
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_of<'t>(text: &'t str, word: &str) -> &'t str {
        let at = text.find(word).expect("word in text");
        &text[sentence_at(text, at..at + word.len())]
    }

    #[test]
    fn arabic_sentences_end_at_the_full_stop_and_the_arabic_question_mark() {
        let text = "وقعت الدول مذكرة. وقال لافرنتييف إن إيران ملتزمة؟ نعم! وانتهى اللقاء";
        assert_eq!(sentence_of(text, "وقعت"), "وقعت الدول مذكرة.");
        assert_eq!(
            sentence_of(text, "لافرنتييف"),
            "وقال لافرنتييف إن إيران ملتزمة؟"
        );
        assert_eq!(sentence_of(text, "نعم"), "نعم!");
        assert_eq!(sentence_of(text, "اللقاء"), "وانتهى اللقاء");
    }

    #[test]
    fn line_ends_end_sentences() {
        let text = "  first line without a stop\r\nsecond line. Third\n";
        assert_eq!(sentence_of(text, "without"), "first line without a stop");
        assert_eq!(sentence_of(text, "second"), "second line.");
        assert_eq!(sentence_of(text, "Third"), "Third");
    }

    #[test]
    fn a_stop_inside_a_number_or_before_a_letter_ends_nothing() {
        let text = "Growth was 3.5 percent in the U.N.report, he said… Then silence.";
        assert_eq!(
            sentence_of(text, "percent"),
            "Growth was 3.5 percent in the U.N.report, he said…"
        );
        assert_eq!(sentence_of(text, "silence"), "Then silence.");
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let text = "قال: «انتهت الجولة.» ثم غادر.";
        assert_eq!(sentence_of(text, "الجولة"), "قال: «انتهت الجولة.»");
        assert_eq!(sentence_of(text, "غادر"), "ثم غادر.");
    }

    #[test]
    fn a_match_across_a_sentence_end_takes_both_sentences() {
        let text = "One. Two three. Four.";
        let at = text.find("One").unwrap()..text.find("Two").unwrap() + 3;
        assert_eq!(&text[sentence_at(text, at)], "One. Two three.");
    }

    #[test]
    fn ranges_at_the_edges_stay_in_the_text() {
        assert_eq!(sentence_at("", 0..0), 0..0);
        let text = "abc.";
        assert_eq!(sentence_at(text, 4..4), 0..4);
        assert_eq!(sentence_at(text, 9..12), 0..4);
    }
}
