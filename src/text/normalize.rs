//! Search keys for Arabic (and Latin) text.
//!
//! The key is never shown: it exists so that أستانة, آستانا and استانا, or
//! ٢٢٥٤ and 2254, compare equal. Every key byte remembers the original byte
//! it came from, so a match found in the key can be highlighted in the
//! original text. The steps follow docs/SEARCH.md (NFKC, harakat and tatweel
//! removed, bidi controls removed, alef forms, ى/ي, ة/ه, Persian letters,
//! Arabic-Indic digits, hamza carriers, Latin lower case).

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// What one original character becomes in the key.
enum Fold {
    Drop,
    Keep(char),
    /// Needs compatibility decomposition (presentation forms, ligatures,
    /// full-width letters...); each resulting char is folded again.
    Compat,
}

fn fold_char(c: char) -> Fold {
    match c {
        'A'..='Z' => Fold::Keep(c.to_ascii_lowercase()),
        '\0'..='\u{7f}' => Fold::Keep(c),
        // Harakat, superscript alef, Quranic marks, tatweel.
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0610}'..='\u{061A}'
        | '\u{06D6}'..='\u{06ED}' => Fold::Drop,
        '\u{0640}' => Fold::Drop,
        // Format and bidi controls: pasted news text is full of RLM/LRM.
        '\u{200B}'..='\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}' => Fold::Drop,
        // Alef forms.
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => {
            Fold::Keep('\u{0627}')
        }
        '\u{0649}' => Fold::Keep('\u{064A}'), // ى → ي
        '\u{0629}' => Fold::Keep('\u{0647}'), // ة → ه
        // Persian and Urdu letters.
        '\u{06A9}' | '\u{06AA}' => Fold::Keep('\u{0643}'), // ک → ك
        '\u{06CC}' | '\u{06D2}' => Fold::Keep('\u{064A}'), // ی → ي
        '\u{06C1}' | '\u{06BE}' | '\u{06D5}' => Fold::Keep('\u{0647}'), // ہ → ه
        '\u{06A4}' => Fold::Keep('\u{0641}'),              // ڤ → ف
        '\u{06AF}' => Fold::Keep('\u{0643}'),              // گ → ك
        // Hamza carriers (loose tier): مسؤول/مسئول, ء dropped.
        '\u{0624}' => Fold::Keep('\u{0648}'),
        '\u{0626}' => Fold::Keep('\u{064A}'),
        '\u{0621}' => Fold::Drop,
        // Arabic-Indic and extended (Persian) digits.
        '\u{0660}'..='\u{0669}' => Fold::Keep(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Fold::Keep(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // Arabic decimal/thousands separators read as digits' punctuation.
        '\u{066B}' => Fold::Keep('.'),
        '\u{066C}' => Fold::Keep(','),
        // The rest of the Arabic block is already in normal form.
        '\u{0600}'..='\u{06FF}' => Fold::Keep(c),
        // Typographic quotes and dashes fold to ASCII so 'term matches either.
        '\u{2018}' | '\u{2019}' => Fold::Keep('\''),
        '\u{201C}' | '\u{201D}' => Fold::Keep('"'),
        '\u{2010}'..='\u{2015}' => Fold::Keep('-'),
        _ if c.is_ascii() => Fold::Keep(c),
        _ => Fold::Compat,
    }
}

/// Appends the key of `c` to `out`, calling `mark` once per key byte pushed
/// (so callers can record where it came from).
fn push_folded(c: char, out: &mut String, mut mark: impl FnMut(usize)) {
    let before = out.len();
    match fold_char(c) {
        Fold::Drop => {}
        Fold::Keep(k) => out.push(k),
        Fold::Compat => {
            for d in std::iter::once(c).nfkc() {
                match fold_char(d) {
                    Fold::Drop => {}
                    Fold::Keep(k) => push_lower(k, out),
                    Fold::Compat => push_lower(d, out),
                }
            }
        }
    }
    for _ in before..out.len() {
        mark(out.len());
    }
}

fn push_lower(c: char, out: &mut String) {
    if c.is_lowercase() || !c.is_alphabetic() {
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// The search key of `text`, without the offset map (the cheap form, used
/// for indexing whole corpora).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_already_key(c) {
            out.push(c);
        } else {
            push_folded(c, &mut out, |_| {});
        }
    }
    out
}

/// Characters the key keeps exactly as they are, answered without the full
/// fold (most of any Arabic or English text; indexing normalizes whole
/// corpora).
fn is_already_key(c: char) -> bool {
    matches!(c,
        'a'..='z' | '0'..='9' | ' ' | '\n' | '.' | ',' | '"' | '(' | ')' | ':'
        | '\u{0627}' | '\u{0628}' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{064A}')
}

/// A search key together with the way back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText {
    /// The search key.
    pub key: String,
    /// `starts[i]` is the byte offset in the original text of the character
    /// that produced key byte `i`; one extra entry holds the original length.
    starts: Vec<u32>,
}

impl NormalizedText {
    pub fn new(original: &str) -> Self {
        let mut key = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len() + 1);
        for (at, c) in original.char_indices() {
            push_folded(c, &mut key, |_| starts.push(at as u32));
        }
        starts.push(original.len() as u32);
        NormalizedText { key, starts }
    }

    /// The original byte range that a key byte range came from. The range
    /// covers whole original characters, including marks (harakat) that the
    /// key dropped after the last matched letter.
    pub fn original_range(&self, original: &str, key: Range<usize>) -> Range<usize> {
        let start = self.starts[key.start.min(self.key.len())] as usize;
        if key.end <= key.start {
            return start..start;
        }
        let last = self.starts[key.end - 1] as usize;
        let next = self.starts[key.end.min(self.key.len())] as usize;
        let end = if next > last {
            // Do not stretch the highlight over whitespace the key kept.
            next
        } else {
            // Several key bytes from one original char (a ligature): take it whole.
            last + original[last..].chars().next().map_or(0, char::len_utf8)
        };
        start..end
    }

    /// The original byte offset of a key byte offset.
    pub fn original_offset(&self, key_offset: usize) -> usize {
        self.starts[key_offset.min(self.key.len())] as usize
    }
}

/// Word tokens of a key: maximal runs of letters and digits, with their byte
/// ranges in the key. Punctuation such as ، ؛ ؟ « » separates tokens.
pub fn tokens(key: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut rest = key.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if is_word_char(c) {
                break;
            }
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(at, c)) = rest.peek() {
            if !is_word_char(c) {
                break;
            }
            end = at + c.len_utf8();
            rest.next();
        }
        Some((start..end, &key[start..end]))
    })
}

/// Letters and digits (and, inside the key, nothing else) make words.
pub fn is_word_char(c: char) -> bool {
    // ASCII and the Arabic letters answered directly: the general Unicode
    // lookup is slow, and indexing runs this on every character of a corpus.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        '\u{0620}'..='\u{064A}' => true,
        // Punctuation that Arabic text is full of: « » ، ؛ ؟ and the
        // General Punctuation block (dashes, quotes, bidi controls).
        '\u{00AB}' | '\u{00BB}' | '\u{060C}' | '\u{061B}' | '\u{061F}' => false,
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Proclitics that attach to Arabic words, longest first, in key form.
pub const CLITICS: [&str; 10] = ["وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل"];

/// The forms of a key token with leading clitics removed, longest first,
/// starting with the token itself: والروسيه → [والروسيه, الروسيه, روسيه].
/// A strip is only taken when at least three letters remain, so short words
/// (بلد, ولي) are not eaten.
pub fn clitic_variants(token: &str) -> Vec<&str> {
    let mut out = vec![token];
    for clitic in CLITICS {
        if clitic == "ل" && token.starts_with("لل") {
            continue; // لل is its own clitic (ل + ال)
        }
        if let Some(rest) = token.strip_prefix(clitic) {
            let rest = match rest.strip_prefix("ال") {
                // و + ال handled by the longer clitics; ل + ل = لل (للاجتماع).
                Some(after) if clitic.len() <= 2 && after.chars().count() >= 3 => {
                    push_unique(&mut out, rest);
                    after
                }
                _ => rest,
            };
            if rest.chars().count() >= 3 {
                push_unique(&mut out, rest);
            }
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

fn push_unique<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    if !out.contains(&s) {
        out.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alef_forms_and_ta_marbuta_fold_together() {
        assert_eq!(normalize("أستانة"), normalize("استانه"));
        assert_eq!(normalize("آستانة"), normalize("أستانه"));
        assert_eq!(normalize("إيران"), normalize("ايران"));
        assert_eq!(normalize("حماة"), normalize("حماه"));
    }

    #[test]
    fn harakat_tatweel_and_bidi_controls_vanish() {
        // From the seeds: «مبدئيًّا» and «وبيّن».
        assert_eq!(normalize("مبدئيًّا"), "مبدييا");
        assert_eq!(normalize("وبيّن"), "وبين");
        assert_eq!(normalize("أستـــانا"), "استانا");
        assert_eq!(normalize("\u{200F}إدلب\u{200E}"), "ادلب");
    }

    #[test]
    fn alef_maqsura_persian_letters_and_digits() {
        assert_eq!(normalize("مستوى"), "مستوي");
        assert_eq!(normalize("کی"), "كي");
        assert_eq!(normalize("٢٢٥٤"), "2254");
        assert_eq!(normalize("۲۲۵۴"), "2254");
    }

    #[test]
    fn hamza_carriers_loose_tier() {
        assert_eq!(normalize("مسؤول"), "مسوول");
        assert_eq!(normalize("هيئة"), "هييه");
        assert_eq!(normalize("الأعضاء"), "الاعضا");
    }

    #[test]
    fn presentation_forms_and_ligatures_unfold() {
        // ﻻ is the lam-alef ligature; ﺇﺩﻟﺐ is إدلب in presentation forms.
        assert_eq!(normalize("ﻻ"), "لا");
        assert_eq!(normalize("ﺇﺩﻟﺐ"), "ادلب");
    }

    #[test]
    fn latin_is_lower_cased() {
        assert_eq!(normalize("Lavrentiev IDLIB"), "lavrentiev idlib");
        assert_eq!(normalize("Ｉｄｌｉｂ"), "idlib");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "وقّعت أستانا";
        let n = NormalizedText::new(original);
        let at = n.key.find("استانا").unwrap();
        let r = n.original_range(original, at..at + "استانا".len());
        assert_eq!(&original[r], "أستانا");
        let r = n.original_range(original, 0.."وقع".len());
        // The shadda on ق is kept with its letter.
        assert_eq!(&original[r], "وقّع");
    }

    #[test]
    fn ligature_offsets_cover_the_whole_ligature() {
        let original = "ﻻ شيء";
        let n = NormalizedText::new(original);
        assert_eq!(&original[n.original_range(original, 0..2)], "ﻻ");
        assert_eq!(&original[n.original_range(original, 0..4)], "ﻻ");
    }

    #[test]
    fn the_fast_path_keeps_what_the_fold_keeps() {
        for c in ('\0'..='\u{07FF}').filter(|&c| is_already_key(c)) {
            let mut folded = String::new();
            push_folded(c, &mut folded, |_| {});
            assert_eq!(folded, c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn word_chars_agree_with_unicode() {
        let general_punctuation = '\u{2000}'..='\u{206F}';
        for c in ('\0'..='\u{07FF}')
            .chain(general_punctuation)
            .chain(['\u{FEFB}', 'ک', 'é', '٣'])
        {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn tokens_split_on_arabic_punctuation() {
        let key = normalize("روسيا، إيران؛ «تركيا» 2254");
        let words: Vec<&str> = tokens(&key).map(|(_, w)| w).collect();
        assert_eq!(words, ["روسيا", "ايران", "تركيا", "2254"]);
    }

    #[test]
    fn clitics_are_stripped_with_a_length_guard() {
        assert_eq!(
            clitic_variants("والروسيه"),
            ["والروسيه", "الروسيه", "روسيه"]
        );
        assert_eq!(clitic_variants("وادلب"), ["وادلب", "ادلب"]);
        assert_eq!(clitic_variants("بلد"), ["بلد"]);
        assert_eq!(clitic_variants("للاجتماع"), ["للاجتماع", "اجتماع"]);
    }
}
