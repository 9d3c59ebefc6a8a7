//! How one word of a query matches one word of an article. The index finds
//! the same words through its sorted vocabulary (see `index/`); this is the
//! direct form, used to highlight an open article and its title.

use crate::text::normalize::{CLITICS, clitic_variants, normalize};
use crate::text::romanize::{arabic_skeleton, latin_skeleton, skeleton_cost};
use std::ops::Range;
use std::sync::LazyLock;

/// A query word shorter than this matches whole words only; from this length
/// on it also matches the start of longer words (ايران → الإيرانية).
pub const MIN_PREFIX_CHARS: usize = 3;
/// A Latin term needs this much skeleton before it is compared with Arabic.
pub const MIN_SKELETON_LEN: usize = 3;

/// Quality of a word match, added to a hit's base score.
pub const EXACT_WORD: i64 = 100;
pub const PREFIX_WORD: i64 = 60;
pub const SKELETON_WORD: i64 = 80;

/// Name parts joined with the next word in the index (data/compound_names.txt).
pub static COMPOUND_PARTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../data/compound_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalize)
        .collect()
});

/// One query word, ready to be compared with article words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word and its clitic-stripped forms, longest first.
    pub forms: Vec<String>,
    /// True when the word is Arabic (clitics may precede it in the text).
    pub arabic: bool,
    pub skeleton: Option<String>,
}

impl QueryWord {
    /// `word` is a normalized key token.
    pub fn new(word: &str) -> QueryWord {
        let arabic = !word.is_ascii();
        let forms = if arabic {
            let mut forms: Vec<String> = clitic_variants(word)
                .into_iter()
                .map(str::to_string)
                .collect();
            // Country names in -يا make their adjective in -ي: روسيا → الروسي,
            // الروسية; تركيا → التركي. The stem matches as a prefix.
            if let Some(stem) = forms.last().and_then(|f| f.strip_suffix('ا'))
                && stem.ends_with('ي')
                && stem.chars().count() >= MIN_PREFIX_CHARS
            {
                forms.push(stem.to_string());
            }
            // Foreign names end in ا or ة at the writer's choice: أستانا,
            // أستانة (key استانه), سوتشي aside. Long words match either ending.
            let swapped: Vec<String> = forms
                .iter()
                .filter(|f| f.chars().count() >= 4)
                .filter_map(|f| {
                    if let Some(stem) = f.strip_suffix('ه') {
                        Some(format!("{stem}ا"))
                    } else {
                        f.strip_suffix('ا').map(|stem| format!("{stem}ه"))
                    }
                })
                .collect();
            for s in swapped {
                if !forms.contains(&s) {
                    forms.push(s);
                }
            }
            forms
        } else {
            vec![word.to_string()]
        };
        let skeleton = latin_skeleton(word).filter(|s| s.len() >= MIN_SKELETON_LEN);
        QueryWord {
            forms,
            arabic,
            skeleton,
        }
    }

    /// Whether a form may match the start of longer words.
    pub fn prefix_allowed(form: &str) -> bool {
        form.chars().count() >= MIN_PREFIX_CHARS
    }

    /// The spellings an article word may start with to match: each form,
    /// behind each proclitic for Arabic forms.
    pub fn spellings(&self) -> impl Iterator<Item = (String, bool)> + '_ {
        let clitics: &[&str] = if self.arabic { &CLITICS } else { &[] };
        self.forms.iter().flat_map(move |form| {
            let prefix = QueryWord::prefix_allowed(form);
            std::iter::once((form.clone(), prefix))
                .chain(clitics.iter().map(move |c| (format!("{c}{form}"), prefix)))
        })
    }

    /// Where this query word matches `token` (a key token): the matched byte
    /// range inside the token and the match quality.
    pub fn match_token(&self, token: &str) -> Option<(Range<usize>, i64)> {
        let mut best: Option<(Range<usize>, i64)> = None;
        let clitics: &[&str] = if self.arabic { &CLITICS } else { &[] };
        for form in &self.forms {
            for clitic in std::iter::once(&"").chain(clitics.iter()) {
                let Some(rest) = token.strip_prefix(clitic) else {
                    continue;
                };
                let found = if rest == form {
                    Some(EXACT_WORD)
                } else if QueryWord::prefix_allowed(form) && rest.starts_with(form.as_str()) {
                    Some(PREFIX_WORD)
                } else {
                    None
                };
                if let Some(quality) = found
                    && best.as_ref().is_none_or(|(_, q)| quality > *q)
                {
                    best = Some((clitic.len()..clitic.len() + form.len(), quality));
                }
            }
        }
        if best.is_none()
            && let Some(cost) = self.skeleton_match(token)
        {
            best = Some((0..token.len(), SKELETON_WORD - cost as i64 / 5));
        }
        best
    }

    /// The skeleton cost against an Arabic token, trying its clitic-stripped
    /// and compound forms.
    pub fn skeleton_match(&self, token: &str) -> Option<u32> {
        let query = self.skeleton.as_ref()?;
        token_skeletons(token)
            .iter()
            .filter_map(|s| skeleton_cost(query, s))
            .min()
    }
}

/// Finds a phrase's words adjacent and in order in a stream of tokens,
/// token by token, so that a text can be fed in pieces and left at the
/// first occurrence.
#[derive(Debug)]
pub struct PhraseScan {
    len: usize,
    /// The numbers of phrase words matched by runs that end at the last
    /// token: a run goes on when the next word matches the next token.
    runs: Vec<usize>,
    next: Vec<usize>,
}

impl PhraseScan {
    /// A scan for a phrase of `len` words.
    pub fn new(len: usize) -> PhraseScan {
        PhraseScan {
            len,
            runs: Vec::new(),
            next: Vec::new(),
        }
    }

    /// Takes the next token; true when an occurrence of the phrase ends at
    /// it. `matches(k, token)` says whether the phrase's word `k` matches
    /// a token (the index answers it from its vocabulary, highlighting
    /// with [`QueryWord::match_token`]).
    pub fn push(&mut self, token: &str, matches: impl Fn(usize, &str) -> bool) -> bool {
        let mut complete = false;
        self.next.clear();
        for matched in std::iter::once(0).chain(self.runs.iter().copied()) {
            if matched < self.len && matches(matched, token) {
                if matched + 1 == self.len {
                    complete = true;
                } else {
                    self.next.push(matched + 1);
                }
            }
        }
        std::mem::swap(&mut self.runs, &mut self.next);
        complete
    }
}

/// Where a phrase of `len` words occurs among `tokens`: each occurrence as
/// the range of token numbers it covers (see [`PhraseScan`]). Occurrences
/// may overlap.
pub fn phrase_occurrences(
    tokens: &[&str],
    len: usize,
    matches: impl Fn(usize, &str) -> bool,
) -> Vec<Range<usize>> {
    let mut scan = PhraseScan::new(len);
    tokens
        .iter()
        .enumerate()
        .filter(|(_, token)| scan.push(token, &matches))
        .map(|(at, _)| at + 1 - len..at + 1)
        .collect()
}

/// The skeletons an Arabic key token is known by: the token, its
/// clitic-stripped forms, and for a joined compound (عبدالرحمنوف) the form
/// without the article (عبدرحمنوف, as Latin writes Abdrakhmanov).
pub fn token_skeletons(token: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |word: &str| {
        if let Some(s) = arabic_skeleton(word)
            && !out.contains(&s)
        {
            out.push(s);
        }
    };
    for form in clitic_variants(token) {
        add(form);
    }
    for part in COMPOUND_PARTS.iter() {
        if let Some(rest) = token.strip_prefix(part.as_str())
            && let Some(name) = rest.strip_prefix("ال")
            && name.chars().count() >= 2
        {
            add(&format!("{part}{name}"));
        }
    }
    out
}

/// Joined compounds of a key whose words are at `words` (byte ranges): for
/// every compound part followed by another word (only spaces between), the
/// pair written as one word, with the byte range in the key that the pair
/// spans.
pub fn compounds(key: &str, words: &[Range<usize>]) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let parts = &*COMPOUND_PARTS;
    // The byte lengths the parts have, as bits: most words of an article
    // have none of them and are passed over with one test (the index asks
    // this of every word of a corpus).
    let lengths = parts
        .iter()
        .filter(|p| p.len() < 64)
        .fold(0u64, |bits, p| bits | 1 << p.len());
    for pair in words.windows(2) {
        let (first, second) = (pair[0].clone(), pair[1].clone());
        let len = first.len();
        if (len >= 64 || lengths & (1 << len) != 0)
            && parts
                .iter()
                .any(|p| p.as_bytes() == &key.as_bytes()[first.clone()])
            && key[first.end..second.start].trim().is_empty()
        {
            out.push((
                first.start..second.end,
                [&key[first], &key[second]].concat(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> QueryWord {
        QueryWord::new(&normalize(w))
    }

    #[test]
    fn arabic_word_matches_behind_clitics_and_as_prefix() {
        let iran = word("إيران");
        assert_eq!(iran.match_token("ايران").unwrap().1, EXACT_WORD);
        let (range, quality) = iran.match_token("والايرانيه").unwrap();
        assert_eq!(range, "وال".len().."والايران".len());
        assert_eq!(quality, PREFIX_WORD);
        assert!(iran.match_token("ايرلندا").is_none());
    }

    #[test]
    fn country_names_match_their_adjectives() {
        let russia = word("روسيا");
        assert!(russia.match_token(&normalize("الروسية")).is_some());
        assert!(russia.match_token(&normalize("روسي")).is_some());
        assert!(russia.match_token(&normalize("الرئيس")).is_none());
    }

    #[test]
    fn final_alef_and_ta_marbuta_are_one_ending() {
        let astana = word("أستانة");
        assert_eq!(
            astana.match_token(&normalize("أستانا")).unwrap().1,
            EXACT_WORD
        );
        assert!(word("آستانا").match_token(&normalize("لأستانة")).is_some());
    }

    #[test]
    fn short_words_match_whole_words_only() {
        let un = word("من");
        assert!(un.match_token("من").is_some());
        assert!(un.match_token("منطقه").is_none());
    }

    #[test]
    fn latin_words_match_arabic_by_skeleton() {
        let ghouta = word("ghouta");
        assert!(ghouta.match_token(&normalize("الغوطة")).is_some());
        assert!(word("russia").match_token(&normalize("الرئيس")).is_none());
        assert!(word("russia").match_token(&normalize("الروسية")).is_some());
    }

    #[test]
    fn a_phrase_occurs_where_its_words_are_adjacent_and_in_order() {
        let tokens = ["a", "b", "a", "a", "b", "c", "b", "a"];
        let phrase =
            |words: &[&str]| phrase_occurrences(&tokens, words.len(), |k, t| words[k] == t);
        assert_eq!(phrase(&["a", "b"]), [0..2, 3..5]);
        assert_eq!(phrase(&["a", "a", "b"]), vec![2..5usize]);
        assert_eq!(phrase(&["b", "a"]), [1..3, 6..8]);
        assert_eq!(phrase(&["a", "c"]), Vec::<Range<usize>>::new());
        assert_eq!(phrase(&["c"]), vec![5..6usize]);
        assert_eq!(phrase(&[]), Vec::<Range<usize>>::new());
        // Overlapping occurrences are all found.
        let aaa = ["a", "a", "a"];
        assert_eq!(phrase_occurrences(&aaa, 2, |_, t| t == "a"), [0..2, 1..3]);
    }

    #[test]
    fn compounds_join_name_parts() {
        let key = normalize("خيرت عبد الرحمنوف، وزير");
        let words: Vec<_> = crate::text::normalize::tokens(&key)
            .map(|(r, _)| r)
            .collect();
        let joined = compounds(&key, &words);
        assert_eq!(joined.len(), 1);
        assert_eq!(joined[0].1, "عبدالرحمنوف");
        assert!(word("abdrakhmanov").match_token(&joined[0].1).is_some());
    }
}
