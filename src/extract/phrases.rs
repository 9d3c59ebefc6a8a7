//! Word-sequence matching on the normalized text: the one mechanism behind
//! the gazetteer and every cue list (titles, months, ordinals...).
//!
//! An article is normalized once into a [`Doc`]: its tokens, and for each
//! token the clitic-stripped forms it can stand for (وإدلب → إدلب). A
//! [`PhraseMap`] is keyed by the first word of each phrase, so finding what
//! starts at a token is one hash lookup per form of that token, whatever the
//! size of the list.

use crate::text::normalize::{NormalizedText, clitic_variants, normalize, tokens};
use foldhash::{HashMap, HashSet};
use std::ops::Range;

/// At most this many forms per token (the token and its clitic strips).
const MAX_FORMS: usize = 6;

/// One form of a token: `strip` key bytes of clitics removed from its start.
#[derive(Debug, Clone, Copy, Default)]
struct Form {
    strip: u8,
    /// The stripped clitics include the article (ال، لل): «الروسية» → روسية.
    definite: bool,
}

impl Form {
    /// Where a match of this form starts in the token: after the clitics
    /// but with the article kept, so «والروسية» is highlighted «الروسية».
    fn span(self) -> usize {
        usize::from(self.strip) - if self.definite { "ال".len() } else { 0 }
    }
}

/// A word of the normalized text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    forms: [Form; MAX_FORMS],
    count: u8,
    /// The clitic forms were computed (otherwise only the word itself is
    /// stored, and the others are computed when a rule asks).
    full: bool,
    /// Bit `b` is set when some form of the word starts a phrase of the
    /// map registered as bit `b` (all set without a vocabulary).
    maps: u32,
    /// See [`Doc::ends_like_name_word`].
    ends_like_name_word: bool,
}

/// The first words of every registered [`PhraseMap`], each with the maps
/// it starts a phrase in: a word is looked up once when the article is
/// read, and a map is only consulted at the words that may start one of
/// its phrases.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    words: HashMap<String, u32>,
    next_bit: u32,
    /// Bits set for the [`ending`] of every word: a clitic form is a
    /// suffix of its word, so a word whose ending is not here has no form
    /// in the vocabulary, and its forms need not be computed while
    /// reading.
    endings: Box<[u64]>,
    /// Bits set for the [`ending`] of every word of every name (see
    /// [`Vocabulary::register_name_words`]).
    name_endings: Box<[u64]>,
}

const ENDING_BITS: usize = 1 << 16;

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            words: HashMap::default(),
            next_bit: 0,
            endings: vec![0; ENDING_BITS / 64].into_boxed_slice(),
            name_endings: vec![0; ENDING_BITS / 64].into_boxed_slice(),
        }
    }
}

/// A 16-bit hash of the last six bytes of a word (three Arabic letters),
/// when none of them is ASCII: then every suffix of three letters or more
/// (every clitic form, and the word) ends with the same six bytes (a
/// shorter one would have a letter of one byte). None otherwise: short
/// words and words ending in digits or Latin letters are looked up.
#[inline]
fn ending(word: &str) -> Option<usize> {
    let last = word.as_bytes().last_chunk::<6>()?;
    let mut bytes = [0; 8];
    bytes[..6].copy_from_slice(last);
    let x = u64::from_le_bytes(bytes);
    const HIGH_BITS: u64 = 0x8080_8080_8080;
    (x & HIGH_BITS == HIGH_BITS).then(|| (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize)
}

impl Vocabulary {
    /// Registers the map's first words under a bit of its own.
    pub fn register<T>(&mut self, map: &mut PhraseMap<T>) {
        assert!(self.next_bit < u32::BITS, "at most 32 registered maps");
        let bit = 1 << self.next_bit;
        self.next_bit += 1;
        for word in map.first.keys() {
            *self.words.entry(word.clone()).or_default() |= bit;
            if let Some(h) = ending(word) {
                self.endings[h / 64] |= 1 << (h % 64);
            }
        }
        map.bit = Some(bit);
    }

    /// Registers the words of names, all of them and not only the first:
    /// each word read records whether it ends like one
    /// ([`Doc::ends_like_name_word`]), from the ending it computes anyway.
    /// A word that ends like none of them has no name's word at its end (a
    /// word of three letters or more ends with the same six bytes as the
    /// word), so no name glued to another word ends there (see `glued`).
    pub fn register_name_words<'w>(&mut self, words: impl IntoIterator<Item = &'w str>) {
        for word in words {
            if let Some(h) = ending(word) {
                self.name_endings[h / 64] |= 1 << (h % 64);
            }
        }
    }

    /// `word` may be a registered word or one of its clitic forms: false
    /// when no registered word ends like it (a bit test).
    pub fn may_hold(&self, word: &str) -> bool {
        ending(word).is_none_or(|h| self.has_ending(h))
    }

    /// Some registered word has this [`ending`].
    fn has_ending(&self, h: usize) -> bool {
        self.endings[h / 64] & (1 << (h % 64)) != 0
    }
}

impl Token {
    fn new() -> Token {
        Token {
            forms: [Form::default(); MAX_FORMS],
            count: 1,
            full: true,
            maps: u32::MAX,
            ends_like_name_word: true,
        }
    }

    /// Adds the forms `clitic_variants` finds in `word`. After a
    /// conjunction before a preposition (وبإدلب، ولروسيا، فللاجتماع) it is
    /// applied once more to the rest.
    fn add_clitic_forms(&mut self, word: &str) {
        for variant in clitic_variants(word).into_iter().skip(1) {
            self.add_form(word, variant);
        }
        if let Some(rest) = word.strip_prefix(['و', 'ف'])
            && rest.starts_with(['ب', 'ل', 'ك'])
            && may_have_clitic(rest)
        {
            for variant in clitic_variants(rest).into_iter().skip(1) {
                self.add_form(word, variant);
            }
        }
    }

    /// Adds `variant` (a suffix of `word`, with clitics stripped) as a form,
    /// unless it is there already or the forms are full.
    fn add_form(&mut self, word: &str, variant: &str) {
        let strip = word.len() - variant.len();
        let count = usize::from(self.count);
        if count == MAX_FORMS
            || self.forms[..count]
                .iter()
                .any(|f| usize::from(f.strip) == strip)
        {
            return;
        }
        let prefix = &word[..strip];
        let definite = prefix.ends_with("ال") || prefix.ends_with("لل");
        self.forms[count] = Form {
            strip: strip as u8,
            definite,
        };
        self.count += 1;
    }
}

/// An article (or title) normalized once, with its tokens; or one window
/// of a long text (see [`Doc::window`]).
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    /// The whole field: original ranges are offsets into it, also for a
    /// window.
    pub original: &'a str,
    /// Where the normalized window starts in `original` (0 for a whole
    /// field).
    base: usize,
    /// The key and its map, of `original[base..]` up to the window's end.
    pub norm: NormalizedText,
    pub tokens: Vec<Token>,
    /// Each token's byte range in the key (apart from the tokens: most
    /// passes ask only a few words' ranges, and every token of a corpus is
    /// written once).
    pub word_ranges: Vec<Range<usize>>,
    /// The words that may start a phrase of some registered map, in
    /// order, each with its maps' bits (see [`Doc::next_start`]).
    starts: Vec<(u32, u32)>,
}

/// Whether `clitic_variants` can find more than the word itself: it starts
/// with a clitic letter and is long enough to keep three letters after one.
#[inline]
fn may_have_clitic(word: &str) -> bool {
    word.len() >= 4 * "ل".len()
        && ["و", "ف", "ب", "ل", "ك", "ا"]
            .iter()
            .any(|letter| word.as_bytes()[..2] == *letter.as_bytes())
}

impl<'a> Doc<'a> {
    /// A doc for maps that are not registered in a vocabulary.
    #[cfg(test)]
    pub fn new(original: &'a str) -> Doc<'a> {
        Doc::with_vocabulary(original, None)
    }

    #[cfg(test)]
    pub fn with_vocabulary(original: &'a str, vocabulary: Option<&Vocabulary>) -> Doc<'a> {
        Doc::window(original, 0..original.len(), vocabulary)
    }

    /// A doc of `original[window]` only, whose original ranges are still
    /// offsets into all of `original`: a long text is analysed a window at
    /// a time, so that its key and tokens are never all in memory.
    pub fn window(
        original: &'a str,
        window: Range<usize>,
        vocabulary: Option<&Vocabulary>,
    ) -> Doc<'a> {
        let base = window.start;
        let (norm, words) = NormalizedText::with_words(&original[window]);
        let mut list = Vec::with_capacity(words.len());
        let mut starts = Vec::with_capacity(list.capacity() / 4);
        for range in &words {
            let word = &norm.key[range.clone()];
            let mut token = Token::new();
            let Some(v) = vocabulary else {
                if may_have_clitic(word) {
                    token.add_clitic_forms(word);
                }
                starts.push((list.len() as u32, token.maps));
                list.push(token);
                continue;
            };
            let ending = ending(word);
            token.ends_like_name_word =
                ending.is_some_and(|h| v.name_endings[h / 64] & (1 << (h % 64)) != 0);
            // No listed word of three letters or more ends like this word,
            // so none is one of its forms (the forms are suffixes of it
            // with three letters or more): most words stop here.
            let unlisted_ending = ending.is_some_and(|h| !v.has_ending(h));
            if may_have_clitic(word) {
                if unlisted_ending {
                    token.full = false;
                } else {
                    token.add_clitic_forms(word);
                }
            }
            token.maps = if unlisted_ending {
                0
            } else {
                token.forms[..usize::from(token.count)]
                    .iter()
                    .filter_map(|f| v.words.get(&word[usize::from(f.strip)..]))
                    .fold(0, |all, bits| all | bits)
            };
            if token.maps != 0 {
                starts.push((list.len() as u32, token.maps));
            }
            list.push(token);
        }
        Doc {
            original,
            base,
            norm,
            tokens: list,
            word_ranges: words,
            starts,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// False when word `i` starts no phrase of any registered map (most
    /// words): passes skip it without asking each map.
    #[inline]
    pub fn may_start(&self, i: usize) -> bool {
        self.tokens[i].maps != 0
    }

    /// Word `i` may end like a word of some name (see
    /// [`Vocabulary::register_name_words`]). Read with a vocabulary: false
    /// when no name's word has its [`ending`], or when it has none (shorter
    /// than three letters, or ending in an ASCII character). Without one:
    /// true.
    #[inline]
    pub fn ends_like_name_word(&self, i: usize) -> bool {
        self.tokens[i].ends_like_name_word
    }

    /// The normalized word at `i`.
    pub fn word(&self, i: usize) -> &str {
        &self.norm.key[self.word_ranges[i].clone()]
    }

    /// The forms of word `i`, longest first: (text, definite, where a
    /// match of it starts in the word).
    fn forms(&self, i: usize) -> impl Iterator<Item = (&str, bool, usize)> {
        let stored = &self.tokens[i];
        let token = if stored.full {
            stored.clone()
        } else {
            let mut all = Token::new();
            all.add_clitic_forms(self.word(i));
            all
        };
        let Range { start, end } = self.word_ranges[i];
        token
            .forms
            .into_iter()
            .take(usize::from(token.count))
            .map(move |f| {
                (
                    &self.norm.key[start + usize::from(f.strip)..end],
                    f.definite,
                    f.span(),
                )
            })
    }

    /// True when word `i` carries the article (الوفد، والروسي، للرئيس).
    pub fn is_definite(&self, i: usize) -> bool {
        let word = self.word(i);
        word.starts_with("ال") || self.forms(i).any(|(_, definite, _)| definite)
    }

    /// The first word from `i` on that may start a phrase of one of the
    /// maps whose bits are in `maps` (see [`PhraseMap::bits`]), or
    /// `len()`: a pass that looks only at the words starting its own maps
    /// skips the others (most words, and the words only other passes
    /// look at) in one step. `cursor` (0 at first) remembers where the
    /// last call stopped; `i` never decreases, and `maps` stays the same,
    /// between calls with the same cursor.
    #[inline]
    pub fn next_start(&self, i: usize, maps: u32, cursor: &mut usize) -> usize {
        while let Some(&(start, bits)) = self.starts.get(*cursor) {
            if start as usize >= i && bits & maps != 0 {
                return start as usize;
            }
            *cursor += 1;
        }
        self.len()
    }

    /// Word `i` starts with an ASCII digit (a number's key is in ASCII).
    #[inline]
    pub fn starts_with_digit(&self, i: usize) -> bool {
        self.norm.key.as_bytes()[self.word_ranges[i].start].is_ascii_digit()
    }

    /// Whether the gap before word `i` ends a clause (see [`ends_clause`]);
    /// most gaps are one space, answered without looking further.
    #[inline]
    pub fn clause_ends_before(&self, i: usize) -> bool {
        if i > 0 {
            let end = self.word_ranges[i - 1].end;
            if self.word_ranges[i].start == end + 1 && self.norm.key.as_bytes()[end] == b' ' {
                return false;
            }
        }
        ends_clause(self.gap_before(i))
    }

    /// The key text between word `i - 1` and word `i` (before the first
    /// word: from the start of the key).
    #[inline]
    pub fn gap_before(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.word_ranges[i - 1].end
        };
        let end = self
            .word_ranges
            .get(i)
            .map_or(self.norm.key.len(), |r| r.start);
        &self.norm.key[start..end]
    }

    /// The key text after word `i` up to the next word (or the end).
    pub fn gap_after(&self, i: usize) -> &str {
        self.gap_before(i + 1)
    }

    /// Original byte range of the key range.
    pub fn original_range(&self, key: Range<usize>) -> Range<usize> {
        let r = self.norm.original_range(&self.original[self.base..], key);
        r.start + self.base..r.end + self.base
    }

    /// Original byte range of words `first..end` (whole words).
    pub fn words_range(&self, first: usize, end: usize) -> Range<usize> {
        self.original_range(self.word_ranges[first].start..self.word_ranges[end - 1].end)
    }

    /// The original text of words `first..end`.
    pub fn words_text(&self, first: usize, end: usize) -> &'a str {
        let r = self.words_range(first, end);
        &self.original[r]
    }

    /// The normalized text of words `first..end`, single-spaced.
    pub fn words_key(&self, first: usize, end: usize) -> String {
        let mut out = String::new();
        for i in first..end {
            if i > first {
                out.push(' ');
            }
            out.push_str(self.word(i));
        }
        out
    }
}

/// A gap that keeps two words in one name: spaces, or a hyphen.
pub(crate) fn is_tight(gap: &str) -> bool {
    gap.chars().all(|c| c == ' ' || c == '\t' || c == '-') && gap.len() <= 4
}

/// A gap that ends a sentence or a clause.
pub(crate) fn ends_clause(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '؟' | '؛' | ';' | ':' | '\n' | '\r' | '…'
        )
    })
}

/// Opening and closing quotes and brackets, as they are in the key.
pub(crate) fn opens_quote(gap: &str) -> bool {
    gap.trim_end()
        .ends_with(['"', '«', '(', '[', '\'', '‹', '“', '„'])
}

pub(crate) fn closes_quote(gap: &str) -> bool {
    gap.trim_start()
        .starts_with(['"', '»', ')', ']', '\'', '›', '”'])
}

/// Any punctuation at all in a gap (comma included).
pub(crate) fn has_punctuation(gap: &str) -> bool {
    gap.chars().any(|c| !c.is_whitespace())
}

#[derive(Debug, Clone)]
struct Phrase<T> {
    /// The first word must carry the article, and the key holds it without.
    definite: bool,
    rest: Vec<String>,
    value: T,
}

/// A match of a phrase: words `start..end`, the first with `strip` bytes of
/// clitics (و، ب، ل… but not the article) before the phrase proper.
#[derive(Debug)]
pub(crate) struct Match<'m, T> {
    pub start: usize,
    pub end: usize,
    pub strip: usize,
    pub value: &'m T,
}

// Not derived: a match only borrows its value, so it is Copy for any T.
impl<T> Clone for Match<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Match<'_, T> {}

impl<T> Match<'_, T> {
    /// Key byte range of the phrase, clitics excluded.
    pub fn key_range(&self, doc: &Doc) -> Range<usize> {
        doc.word_ranges[self.start].start + self.strip..doc.word_ranges[self.end - 1].end
    }
}

/// Phrases (word sequences) with a value each, found by their first word.
#[derive(Debug, Clone)]
pub(crate) struct PhraseMap<T> {
    first: HashMap<String, Vec<Phrase<T>>>,
    /// Its bit in the [`Vocabulary`], once registered.
    bit: Option<u32>,
}

impl<T> Default for PhraseMap<T> {
    fn default() -> Self {
        PhraseMap {
            first: HashMap::default(),
            bit: None,
        }
    }
}

/// The key of a phrase's first word: (word without article, definite).
/// The article is split off the same way `clitic_variants` strips it.
fn first_word_key(word: &str) -> (&str, bool) {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 3 => (rest, true),
        _ => (word, false),
    }
}

impl<T> PhraseMap<T> {
    /// Adds a phrase written as in the press; it is normalized here.
    /// Returns false for a phrase with no words.
    pub fn insert(&mut self, phrase: &str, value: T) -> bool {
        let key = normalize(phrase);
        let mut words = tokens(&key).map(|(_, w)| w.to_string());
        let Some(first) = words.next() else {
            return false;
        };
        let (first, definite) = first_word_key(&first);
        self.first
            .entry(first.to_string())
            .or_default()
            .push(Phrase {
                definite,
                rest: words.collect(),
                value,
            });
        true
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// Its bit in the [`Vocabulary`], for [`Doc::next_start`]; every bit
    /// when it is not registered.
    pub fn bits(&self) -> u32 {
        self.bit.unwrap_or(u32::MAX)
    }

    /// Some phrase starts with `word` (normalized; with the article when
    /// the phrase has it).
    pub fn starts_with_word(&self, word: &str) -> bool {
        let (first, definite) = first_word_key(word);
        self.first
            .get(first)
            .is_some_and(|phrases| phrases.iter().any(|p| p.definite == definite))
    }

    /// False when the vocabulary rules word `i` out (the common case, so
    /// it is checked before anything else).
    #[inline]
    fn may_start_at(&self, doc: &Doc, i: usize) -> bool {
        self.bit.is_none_or(|bit| doc.tokens[i].maps & bit != 0)
    }

    /// Calls `visit` with every phrase that matches starting at word `i`.
    pub fn visit<'m>(&'m self, doc: &Doc, i: usize, mut visit: impl FnMut(Match<'m, T>)) {
        if !self.may_start_at(doc, i) {
            return;
        }
        for (form, definite, strip) in doc.forms(i) {
            let Some(phrases) = self.first.get(form) else {
                continue;
            };
            for phrase in phrases {
                if phrase.definite == definite
                    && (phrase.rest.is_empty() || rest_matches(doc, i, &phrase.rest))
                {
                    visit(Match {
                        start: i,
                        end: i + 1 + phrase.rest.len(),
                        strip,
                        value: &phrase.value,
                    });
                }
            }
        }
    }

    /// The longest phrase starting at word `i` that `accept` takes (most
    /// words, then fewest clitics stripped).
    #[inline]
    pub fn longest_where<'m>(
        &'m self,
        doc: &Doc,
        i: usize,
        accept: impl FnMut(&Match<'m, T>) -> bool,
    ) -> Option<Match<'m, T>> {
        // Inlined, so that the common case (the word starts nothing here)
        // costs a test and no call.
        if !self.may_start_at(doc, i) {
            return None;
        }
        self.longest_here(doc, i, accept)
    }

    #[inline(never)]
    fn longest_here<'m>(
        &'m self,
        doc: &Doc,
        i: usize,
        mut accept: impl FnMut(&Match<'m, T>) -> bool,
    ) -> Option<Match<'m, T>> {
        let mut best: Option<Match<'m, T>> = None;
        self.visit(doc, i, |m| {
            let better = best.as_ref().is_none_or(|b| {
                (m.end - m.start, std::cmp::Reverse(m.strip))
                    > (b.end - b.start, std::cmp::Reverse(b.strip))
            });
            if better && accept(&m) {
                best = Some(m);
            }
        });
        best
    }

    /// The longest phrase starting at word `i`.
    #[inline]
    pub fn longest_at<'m>(&'m self, doc: &Doc, i: usize) -> Option<Match<'m, T>> {
        self.longest_where(doc, i, |_| true)
    }

    /// Scans `doc` left to right for phrases (the longest at each word) and
    /// calls `at_phrase` with each. The scan goes on after the phrase, or
    /// after the words `at_phrase` says it took (a name after a cue word).
    pub fn scan<'m>(&'m self, doc: &Doc, mut at_phrase: impl FnMut(Match<'m, T>) -> Option<usize>) {
        let (mut i, mut cursor) = (0, 0);
        loop {
            i = doc.next_start(i, self.bits(), &mut cursor);
            if i >= doc.len() {
                break;
            }
            match self.longest_at(doc, i) {
                Some(m) => i = at_phrase(m).map_or(m.end, |taken| taken.max(m.end)),
                None => i += 1,
            }
        }
    }

    /// The longest phrase that ends right before word `i` (starting within
    /// `reach` words of it).
    pub fn ending_before<'m>(&'m self, doc: &Doc, i: usize, reach: usize) -> Option<Match<'m, T>> {
        let mut best: Option<Match<'m, T>> = None;
        for j in i.saturating_sub(reach)..i {
            self.visit(doc, j, |m| {
                if m.end == i
                    && best
                        .as_ref()
                        .is_none_or(|b| m.end - m.start > b.end - b.start)
                {
                    best = Some(m);
                }
            });
        }
        best
    }
}

#[inline]
fn rest_matches(doc: &Doc, i: usize, rest: &[String]) -> bool {
    // The words first: they differ more often than the gaps do.
    rest.iter().enumerate().all(|(k, word)| {
        let at = i + 1 + k;
        at < doc.len() && doc.word(at) == word && is_tight(doc.gap_before(at))
    })
}

/// Single words (normalized), e.g. stop words.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet(HashSet<String>);

impl WordSet {
    pub fn new<S: AsRef<str>>(words: &[S]) -> WordSet {
        WordSet(
            words
                .iter()
                .map(|w| normalize(w.as_ref()))
                .filter(|w| !w.is_empty())
                .collect(),
        )
    }

    /// The words (normalized), in no order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// `word` (normalized) is in the set.
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    /// Word `i` as written is in the set.
    pub fn has_word(&self, doc: &Doc, i: usize) -> bool {
        self.0.contains(doc.word(i))
    }

    /// Word `i`, or it with clitics removed, is in the set (وقال → قال).
    pub fn has_any_form(&self, doc: &Doc, i: usize) -> bool {
        doc.forms(i).any(|(w, _, _)| self.0.contains(w))
    }
}

/// Word `i` is a number written in digits (either script), and its value.
pub(crate) fn number(doc: &Doc, i: usize) -> Option<u32> {
    let word = doc.word(i);
    if word.is_empty() || word.len() > 6 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(phrases: &[&str]) -> PhraseMap<usize> {
        let mut m = PhraseMap::default();
        for (n, p) in phrases.iter().enumerate() {
            m.insert(p, n);
        }
        m
    }

    fn found(m: &PhraseMap<usize>, text: &str) -> Vec<(usize, String)> {
        let doc = Doc::new(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < doc.len() {
            match m.longest_at(&doc, i) {
                Some(hit) => {
                    let r = doc.original_range(hit.key_range(&doc));
                    out.push((*hit.value, text[r].to_string()));
                    i = hit.end;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn clitics_before_a_name_are_allowed_and_left_out_of_the_span() {
        let m = map(&["إدلب"]);
        assert_eq!(
            found(&m, "قصف وإدلب، بإدلب ولإدلب"),
            [(0, "إدلب".into()), (0, "إدلب".into()), (0, "إدلب".into())]
        );
    }

    #[test]
    fn a_phrase_with_the_article_needs_the_article() {
        let m = map(&["الروسية", "سورية"]);
        assert_eq!(found(&m, "والروسية"), [(0, "الروسية".into())]);
        assert_eq!(found(&m, "للروسية"), [(0, "للروسية".into())]);
        // «السورية» is an adjective, not «سورية» with the article.
        assert!(found(&m, "الأراضي السورية").is_empty());
        assert_eq!(found(&m, "في سورية"), [(1, "سورية".into())]);
    }

    #[test]
    fn the_longest_phrase_wins_and_words_must_be_whole() {
        let m = map(&["روسيا", "روسيا اليوم"]);
        assert_eq!(found(&m, "موقع روسيا اليوم"), [(1, "روسيا اليوم".into())]);
        assert_eq!(found(&m, "روسيا، اليوم"), [(0, "روسيا".into())]);
        assert!(found(&m, "روسياني").is_empty());
    }

    proptest::proptest! {
        /// Forms skipped while reading (the word's ending is in no listed
        /// word) are the same when computed on demand.
        #[test]
        fn forms_computed_on_demand_are_the_forms(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "والروسية", "وبإدلب", "للاجتماع", "فالمعارضة", "بالقرب", "وكالة", "لبنان",
                "والمسلحة", "كالعادة", "وزير", "الخارجية", "ولروسيا", "فللوفد", "بحمص", "ال",
            ]),
            0..12,
        )) {
            let text = words.join(" ");
            let mut map: PhraseMap<()> = PhraseMap::default();
            map.insert("روسيا", ());
            map.insert("حمص", ());
            let mut vocabulary = Vocabulary::default();
            vocabulary.register(&mut map);
            let read = Doc::with_vocabulary(&text, Some(&vocabulary));
            let full = Doc::new(&text);
            for i in 0..full.len() {
                let a: Vec<_> = read.forms(i).collect();
                let b: Vec<_> = full.forms(i).collect();
                proptest::prop_assert_eq!(a, b);
                proptest::prop_assert_eq!(read.is_definite(i), full.is_definite(i));
            }
        }
    }

    /// The clitic rule as `normalize::CLITICS` states it: each clitic
    /// (longest first) stripped where three letters remain; after a
    /// one-letter clitic the article too (و + ال); ل not before ل.
    fn clitic_forms_as_stated(token: &str) -> Vec<&str> {
        use crate::text::normalize::CLITICS;
        let mut out = vec![token];
        let three = |s: &str| s.chars().count() >= 3;
        for clitic in CLITICS {
            if clitic == "ل" && token.starts_with("لل") {
                continue;
            }
            let Some(mut rest) = token.strip_prefix(clitic) else {
                continue;
            };
            if let Some(after) = rest.strip_prefix("ال")
                && clitic.chars().count() == 1
                && three(after)
            {
                out.push(rest);
                rest = after;
            }
            if three(rest) {
                out.push(rest);
            }
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.len()));
        out.dedup();
        out
    }

    proptest::proptest! {
        /// `clitic_variants` decides on bytes what the rule says on
        /// letters (it runs on most words of every article).
        #[test]
        fn clitic_variants_follow_the_stated_rule(
            letters in proptest::collection::vec(
                proptest::sample::select(vec!["و", "ف", "ب", "ل", "ك", "ا", "ل", "م", "ه", "a", "1", "𝐀"]),
                0..9,
            )
        ) {
            let token = letters.concat();
            let fast: Vec<&str> = clitic_variants(&token).into_iter().collect();
            proptest::prop_assert_eq!(fast, clitic_forms_as_stated(&token));
        }
    }

    #[test]
    fn phrases_do_not_cross_a_line_break() {
        let m = map(&["الغوطة الشرقية"]);
        assert_eq!(
            found(&m, "في الغوطة الشرقية"),
            [(0, "الغوطة الشرقية".into())]
        );
        assert!(found(&m, "الغوطة\nالشرقية").is_empty());
    }
}
