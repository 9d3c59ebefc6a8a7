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

/// Arabic combining marks: harakat, superscript alef, Quranic marks. They
/// belong to the letter before them and are not part of the search key.
pub const fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

/// The full fold of one character (a `const fn` so that [`FOLD_TABLE`] is
/// computed from it at compile time).
const fn fold_char(c: char) -> Fold {
    match c {
        'A'..='Z' => Fold::Keep(c.to_ascii_lowercase()),
        '\0'..='\u{7f}' => Fold::Keep(c),
        // Harakat, superscript alef, Quranic marks, tatweel.
        _ if is_arabic_mark(c) => Fold::Drop,
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
        '\u{0660}'..='\u{0669}' => Fold::Keep((b'0' + (c as u32 - 0x0660) as u8) as char),
        '\u{06F0}'..='\u{06F9}' => Fold::Keep((b'0' + (c as u32 - 0x06F0) as u8) as char),
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

/// Characters below this (ASCII, Latin, Arabic...) are folded by a table
/// lookup instead of [`fold_char`]'s match: the loader folds every
/// character of a corpus.
const TABLE_END: usize = 0x800;
/// In [`FOLD_TABLE`]: the character is dropped / needs the full fold. No
/// character below `TABLE_END` has these code points.
const TABLE_DROP: u16 = u16::MAX;
const TABLE_COMPAT: u16 = u16::MAX - 1;

/// [`fold_char`] of every character below `TABLE_END`, as the kept key
/// character's code point or one of the markers above.
static FOLD_TABLE: [u16; TABLE_END] = {
    let mut table = [0u16; TABLE_END];
    let mut i = 0;
    while i < TABLE_END {
        table[i] = match char::from_u32(i as u32) {
            Some(c) => match fold_char(c) {
                Fold::Drop => TABLE_DROP,
                Fold::Compat => TABLE_COMPAT,
                Fold::Keep(k) if (k as usize) < TABLE_END => k as u16,
                Fold::Keep(_) => TABLE_COMPAT,
            },
            None => TABLE_COMPAT,
        };
        i += 1;
    }
    table
};

/// In [`TABLE_CLASSES`]: the character is its own key / its key character
/// is a word character.
const CLASS_SELF: u8 = 1;
const CLASS_WORD: u8 = 2;
/// In [`TABLE_CLASSES`]: the character folds into another one as long in
/// UTF-8 (ة → ه, أ → ا), so the key stays byte for byte beside the original.
const CLASS_SAME_LENGTH: u8 = 4;
/// No character has this class (in [`NormalizedText::with_words`]: no
/// character continues a run when none is being copied).
const CLASS_NEVER: u8 = 0xFF;

/// Per character below `TABLE_END`, what [`NormalizedText::with_words`]
/// needs to know in one lookup. (Not a `const`: [`is_word_char`] asks
/// Unicode's tables for Latin, Greek, Cyrillic and Hebrew letters.)
static TABLE_CLASSES: std::sync::LazyLock<[u8; TABLE_END]> = std::sync::LazyLock::new(|| {
    let mut classes = [0u8; TABLE_END];
    for (code, &k) in FOLD_TABLE.iter().enumerate() {
        if k == TABLE_DROP || k == TABLE_COMPAT {
            continue;
        }
        let length = |code: usize| char::from_u32(code as u32).map_or(0, char::len_utf8);
        if usize::from(k) == code {
            classes[code] |= CLASS_SELF;
        } else if length(usize::from(k)) == length(code) {
            classes[code] |= CLASS_SAME_LENGTH;
        }
        if char::from_u32(u32::from(k)).is_some_and(is_word_char) {
            classes[code] |= CLASS_WORD;
        }
    }
    classes
});

/// [`fold_char`], answered from the table where it can be.
#[inline]
fn fold_fast(c: char) -> Fold {
    match FOLD_TABLE.get(c as usize) {
        Some(&TABLE_DROP) => Fold::Drop,
        Some(&TABLE_COMPAT) | None => fold_char(c),
        // The table holds only code points of characters.
        Some(&k) => Fold::Keep(char::from_u32(u32::from(k)).unwrap_or(c)),
    }
}

/// Appends the key of `c` to `out`.
#[inline]
fn push_folded(c: char, out: &mut String) {
    match fold_fast(c) {
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
        push_folded(c, &mut out);
    }
    out
}

/// A search key together with the way back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText {
    /// The search key.
    pub key: String,
    /// Where the key came from, piece by piece, in key order (see
    /// [`Piece`]): a byte-by-byte map would cost four bytes per key byte,
    /// written for every character of a corpus and read for a few.
    pieces: Vec<Piece>,
    original_len: u32,
}

/// [`NormalizedText::with_words`] under way.
struct Folding {
    key: String,
    pieces: Vec<Piece>,
    words: Vec<Range<usize>>,
    /// Whether the last key character was a word character, and where its
    /// word started.
    in_word: bool,
    word_start: usize,
    /// Characters that are their own key are copied a run at a time:
    /// `original[copied..]` up to the current character is such a run.
    copied: usize,
    /// Characters of the run not yet copied that fold into one as long
    /// (ة → ه): their key byte and key character, written over the copy
    /// when the run is copied (a copy per fold would cost more than the
    /// rest of the fold).
    patches: Vec<(u32, char)>,
    /// Whether the last piece is a copied one that the next character that
    /// is its own key continues.
    in_copy: bool,
}

impl Folding {
    /// The key character at key byte `at` is (or is not) a word character.
    #[inline]
    fn note(&mut self, is_word: bool, at: usize) {
        if is_word != self.in_word {
            if is_word {
                self.word_start = at;
            } else {
                self.words.push(self.word_start..at);
            }
            self.in_word = is_word;
        }
    }

    /// A character that is its own key, at original byte `at`, starts a
    /// copied piece or changes between word and not.
    #[inline]
    fn copy_starts(&mut self, at: usize, is_word: bool) {
        let key_at = self.key.len() + (at - self.copied);
        if !self.in_copy {
            self.start_copy(key_at, at);
        }
        self.note(is_word, key_at);
    }

    /// Starts a copied piece at key byte `key_at`, original byte `at`.
    #[inline]
    fn start_copy(&mut self, key_at: usize, at: usize) {
        self.pieces.push(Piece {
            key: key_at as u32,
            original: at as u32,
            copied: true,
        });
        self.in_copy = true;
    }

    /// A character at original byte `at`, inside a copied run, that folds
    /// into `k`, a character as long: the run (and its piece) goes on
    /// through it, and `k` is written over it when the run is copied.
    #[inline]
    fn fold_in_run(&mut self, at: usize, k: char, is_word: bool) {
        let key_at = self.key.len() + (at - self.copied);
        self.note(is_word, key_at);
        self.patches.push((key_at as u32, k));
    }

    /// Copies the run up to original byte `to`, then writes the folds
    /// waiting in it.
    fn copy_run(&mut self, original: &str, to: usize) {
        self.key.push_str(&original[self.copied..to]);
        self.copied = to;
        for (at, k) in self.patches.drain(..) {
            let at = at as usize;
            let mut buffer = [0; 4];
            let k = k.encode_utf8(&mut buffer).as_bytes();
            debug_assert!(
                self.key.is_char_boundary(at) && self.key.is_char_boundary(at + k.len()),
                "a fold in the run replaces one whole character as long"
            );
            // SAFETY: the bytes at `at` are one whole character as long as
            // `k` (the original's, copied there), so the key stays UTF-8.
            unsafe { self.key.as_mut_vec()[at..at + k.len()].copy_from_slice(k) };
        }
    }

    /// Character `c` at original byte `at`, which is not its own key.
    #[inline(never)]
    fn fold(&mut self, original: &str, at: usize, c: char) {
        let fold = fold_fast(c);
        if let Fold::Keep(k) = fold
            && k.len_utf8() == c.len_utf8()
        {
            // The key stays byte for byte beside the original (ة → ه,
            // أ → ا): a copied piece goes on through it.
            if !self.in_copy {
                self.start_copy(self.key.len() + (at - self.copied), at);
            }
            self.fold_in_run(at, k, is_word_char(k));
            return;
        }
        self.in_copy = false;
        self.copy_run(original, at);
        self.copied = at + c.len_utf8();
        let before = self.key.len();
        match fold {
            Fold::Drop => return,
            // Most folded characters become one (ة → ه, أ → ا).
            Fold::Keep(k) => {
                self.note(is_word_char(k), before);
                self.key.push(k);
            }
            Fold::Compat => {
                push_folded(c, &mut self.key);
                let mut offset = before;
                while let Some(k) = self.key[offset..].chars().next() {
                    self.note(is_word_char(k), offset);
                    offset += k.len_utf8();
                }
            }
        }
        if self.key.len() > before {
            self.pieces.push(Piece {
                key: before as u32,
                original: at as u32,
                copied: false,
            });
        }
    }
}

/// A stretch of the key starting at key byte `key`. When `copied`, the
/// key bytes stand byte for byte beside the original's from `original` on
/// (characters that are their own key, or fold into one as long);
/// otherwise every key byte of the stretch came from
/// the one original character at `original` (a folded character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    key: u32,
    original: u32,
    copied: bool,
}

impl NormalizedText {
    pub fn new(original: &str) -> Self {
        NormalizedText::with_words(original).0
    }

    /// The key and its words (the byte ranges [`tokens`] finds in it), in
    /// one pass over the original: the loader folds and splits every
    /// character of a corpus, so the common characters (those of
    /// [`FOLD_TABLE`] that are their own key) cost one table lookup each.
    pub fn with_words(original: &str) -> (Self, Vec<Range<usize>>) {
        let classes = &*TABLE_CLASSES;
        let mut fold = Folding {
            key: String::with_capacity(original.len()),
            pieces: Vec::with_capacity(original.len() / 32),
            words: Vec::with_capacity(original.len() / 8),
            in_word: false,
            word_start: 0,
            copied: 0,
            // Room for a usual text's, so that it does not grow from empty.
            patches: Vec::with_capacity(16),
            in_copy: false,
        };
        // The common case (a character that is its own key and continues
        // the copied run, inside a word or a space) is one table lookup and
        // one comparison with `quiet`, decoding one- and two-byte
        // characters (ASCII, Arabic) by hand; the rest is out of line.
        let bytes = original.as_bytes();
        let quiet_of = |fold: &Folding| match (fold.in_copy, fold.in_word) {
            (true, true) => CLASS_SELF | CLASS_WORD,
            (true, false) => CLASS_SELF,
            (false, _) => CLASS_NEVER,
        };
        let mut quiet = quiet_of(&fold);
        let mut at = 0;
        loop {
            // Inside a word, while copying: the two-byte letters that are
            // their own key (most of an Arabic word) in a loop of their own,
            // whose branches the processor learns.
            if quiet == CLASS_SELF | CLASS_WORD {
                let is_quiet_letter = |at: usize| match bytes.get(at..at + 2) {
                    Some(&[lead, second]) => {
                        let code = (usize::from(lead & 0x1F) << 6) | usize::from(second & 0x3F);
                        (0xC0..0xE0).contains(&lead) && classes[code & (TABLE_END - 1)] == quiet
                    }
                    _ => false,
                };
                loop {
                    while is_quiet_letter(at) {
                        at += 2;
                    }
                    // One space, then such a letter (most word ends): the
                    // word ends and the next begins, the run going on.
                    if bytes.get(at) == Some(&b' ') && is_quiet_letter(at + 1) {
                        let key_at = fold.key.len() + (at - fold.copied);
                        fold.words.push(fold.word_start..key_at);
                        fold.word_start = key_at + 1;
                        at += 3;
                        continue;
                    }
                    break;
                }
            }
            let Some(&lead) = bytes.get(at) else { break };
            let (code, width) = match lead {
                0..0x80 => (usize::from(lead), 1),
                // A two-byte character (a `str` holds its second byte).
                0xC0..0xE0 => {
                    let second = bytes.get(at + 1).copied().unwrap_or(0);
                    (
                        (usize::from(lead & 0x1F) << 6) | usize::from(second & 0x3F),
                        2,
                    )
                }
                _ => {
                    let c = original[at..].chars().next().unwrap_or('\0');
                    (c as usize, c.len_utf8())
                }
            };
            let class = classes.get(code).copied().unwrap_or(0);
            if class != quiet {
                if class & CLASS_SELF != 0 {
                    fold.copy_starts(at, class & CLASS_WORD != 0);
                } else if class & CLASS_SAME_LENGTH != 0 && fold.in_copy {
                    let k = char::from_u32(u32::from(FOLD_TABLE[code])).unwrap_or('\u{FFFD}');
                    fold.fold_in_run(at, k, class & CLASS_WORD != 0);
                } else {
                    let c = char::from_u32(code as u32).unwrap_or('\u{FFFD}');
                    fold.fold(original, at, c);
                }
                quiet = quiet_of(&fold);
            }
            at += width;
        }
        fold.copy_run(original, original.len());
        let end = fold.key.len();
        fold.note(false, end);
        let normalized = NormalizedText {
            key: fold.key,
            pieces: fold.pieces,
            original_len: original.len() as u32,
        };
        (normalized, fold.words)
    }

    /// The original byte offset of the character that produced key byte
    /// `at` (the original's length at the key's end).
    fn start_of(&self, at: usize) -> usize {
        if at >= self.key.len() {
            return self.original_len as usize;
        }
        let piece = self.pieces[self.pieces.partition_point(|p| p.key as usize <= at) - 1];
        if !piece.copied {
            return piece.original as usize;
        }
        // A copied stretch is aligned with the original's bytes: step back
        // to the start of the character.
        let mut at = at;
        while !self.key.is_char_boundary(at) {
            at -= 1;
        }
        piece.original as usize + (at - piece.key as usize)
    }

    /// The original byte range that a key byte range came from. The range
    /// covers whole original characters, including marks (harakat) that the
    /// key dropped after the last matched letter.
    pub fn original_range(&self, original: &str, key: Range<usize>) -> Range<usize> {
        let start = self.start_of(key.start);
        if key.end <= key.start {
            return start..start;
        }
        let last = self.start_of(key.end - 1);
        let next = self.start_of(key.end);
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
        self.start_of(key_offset)
    }
}

/// Word tokens of a key: maximal runs of letters and digits, with their byte
/// ranges in the key. Punctuation such as ، ؛ ؟ « » separates tokens.
pub fn tokens(key: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + key[at..].find(is_word_char)?;
        let end = key[start..]
            .find(|c| !is_word_char(c))
            .map_or(key.len(), |n| start + n);
        at = end;
        Some((start..end, &key[start..end]))
    })
}

/// Letters and digits (and, inside the key, nothing else) make words.
#[inline]
pub fn is_word_char(c: char) -> bool {
    // ASCII and the Arabic block answered directly (the ranges of Rust's
    // `is_alphanumeric` there, harakat included): the general Unicode
    // lookup is slow, and indexing runs this on every character of a corpus.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        '\u{0620}'..='\u{064A}' => true,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{0657}'
        | '\u{0659}'..='\u{0669}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'..='\u{06DC}'
        | '\u{06E1}'..='\u{06E8}'
        | '\u{06ED}'..='\u{06FC}'
        | '\u{06FF}' => true,
        '\u{0600}'..='\u{06FF}' => false,
        // Punctuation that Arabic text is full of: « » and the General
        // Punctuation block (dashes, quotes, bidi controls).
        '\u{00AB}' | '\u{00BB}' => false,
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
pub fn clitic_variants(token: &str) -> CliticVariants<'_> {
    let mut out = CliticVariants {
        forms: [token; MAX_VARIANTS],
        len: 1,
    };
    // What stripping the clitics above (longest first) comes to, decided
    // on the bytes (every clitic letter is two bytes long): a one-letter
    // clitic و ف ب ل cuts 2 bytes (ل not before ل: لل is its own clitic),
    // ال or لل cuts 4, a one-letter clitic before ال (the three-letter
    // clitics, or ل + ال) cuts 6. Each cut leaves at least three letters.
    // The loader asks this of most words of every article, and most words
    // start with none of these letters.
    let starts = |at: usize, s: &str| token.as_bytes().get(at..at + s.len()) == Some(s.as_bytes());
    let first = token.as_bytes().get(..2).unwrap_or_default();
    let is = |letter: &str| first == letter.as_bytes();
    if !(is("و") || is("ف") || is("ب") || is("ل") || is("ك") || is("ا")) {
        return out;
    }
    let one_letter = (is("و") || is("ف") || is("ب") || is("ل")) && !starts(0, "لل");
    let article = starts(0, "ال") || starts(0, "لل");
    let before_article = (one_letter || is("ك")) && starts(2, "ال");
    for (cut, applies) in [(2, one_letter), (4, article), (6, before_article)] {
        if applies && token[cut..].chars().nth(2).is_some() {
            out.forms[out.len] = &token[cut..];
            out.len += 1;
        }
    }
    out
}

/// Forms are suffixes of the token with 0, 2, 4 or 6 key bytes cut (a
/// one-letter clitic, ال or لل, both or a three-letter clitic), so there are
/// never more than four.
const MAX_VARIANTS: usize = 4;

/// What [`clitic_variants`] returns: a short list kept on the stack (it is
/// computed for most words of every article loaded).
#[derive(Debug, Clone, Copy)]
pub struct CliticVariants<'a> {
    forms: [&'a str; MAX_VARIANTS],
    len: usize,
}

impl<'a> std::ops::Deref for CliticVariants<'a> {
    type Target = [&'a str];

    fn deref(&self) -> &[&'a str] {
        &self.forms[..self.len]
    }
}

impl<'a> IntoIterator for CliticVariants<'a> {
    type Item = &'a str;
    type IntoIter = std::iter::Take<std::array::IntoIter<&'a str, MAX_VARIANTS>>;

    fn into_iter(self) -> Self::IntoIter {
        self.forms.into_iter().take(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass words are the words `tokens` finds in the key, and the
    /// pieces give every key byte the character a byte-by-byte map gives.
    fn assert_words_are_tokens(original: &str) {
        let (norm, words) = NormalizedText::with_words(original);
        assert_eq!(norm, NormalizedText::new(original));
        assert_eq!(norm.key, normalize(original));
        let found: Vec<Range<usize>> = tokens(&norm.key).map(|(r, _)| r).collect();
        assert_eq!(words, found, "{original:?}");
        let mut key = String::new();
        let mut byte_map = Vec::new();
        for (at, c) in original.char_indices() {
            let before = key.len();
            push_folded(c, &mut key);
            byte_map.extend(std::iter::repeat_n(at, key.len() - before));
        }
        byte_map.push(original.len());
        let from_pieces: Vec<usize> = (0..=key.len()).map(|k| norm.start_of(k)).collect();
        assert_eq!(from_pieces, byte_map, "{original:?}");
    }

    #[test]
    fn one_pass_words_are_the_tokens_of_the_key() {
        for seed in crate::corpus::load_bundled(&crate::extract::Extractor::builtin()).articles {
            assert_words_are_tokens(&seed.text);
        }
        for text in [
            "",
            "ﻻ",
            "أَسْتانَة، 4 ﷲ (Astana) ٢٢٥٤ ﬁne x\u{200f}y",
            "ـــ كلمة",
            "end",
        ] {
            assert_words_are_tokens(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_words_hold_for_any_text(text in "[ \\PC\u{0600}-\u{06FF}\u{FB50}-\u{FEFF}]{0,60}") {
            assert_words_are_tokens(&text);
        }
    }

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
    fn the_fold_table_agrees_with_the_full_fold() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{1D400}', '\u{1F600}']) {
            let mut fast = String::new();
            push_folded(c, &mut fast);
            let mut full = String::new();
            match fold_char(c) {
                Fold::Drop => {}
                Fold::Keep(k) => full.push(k),
                Fold::Compat => {
                    for d in std::iter::once(c).nfkc() {
                        match fold_char(d) {
                            Fold::Drop => {}
                            Fold::Keep(k) => push_lower(k, &mut full),
                            Fold::Compat => push_lower(d, &mut full),
                        }
                    }
                }
            }
            assert_eq!(fast, full, "{c:?}");
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
            *clitic_variants("والروسيه"),
            ["والروسيه", "الروسيه", "روسيه"]
        );
        assert_eq!(*clitic_variants("وادلب"), ["وادلب", "ادلب"]);
        assert_eq!(*clitic_variants("بلد"), ["بلد"]);
        assert_eq!(*clitic_variants("للاجتماع"), ["للاجتماع", "اجتماع"]);
    }
}
