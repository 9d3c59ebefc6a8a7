//! Consonant skeletons: how a Latin (or Arabizi) query term is compared with
//! Arabic words, for users who have no Arabic keyboard.
//!
//! Both sides are reduced to a small common alphabet — consonant classes
//! `b t j h x d r s $ g f k l m n` and the vowels `a i u` — and compared with
//! a weighted edit distance that knows what transliteration loses: Latin
//! writes short vowels that Arabic leaves out (cheap to skip), some letters
//! are confused across the two scripts (g~j, x~h...), and an Arabic word may
//! carry a short suffix the user did not type (nisba: الإيرانية for "iran").
//! Arabic long vowels are written, so a Latin term that skips one pays more:
//! that is what keeps "russia" (rusia) away from رئيس (ris).

use smallvec::{SmallVec, smallvec};

/// Costs in hundredths of an edit.
const QUERY_VOWEL_SKIP: u32 = 25;
/// A final vowel is written in Arabic (سوريا, روسيا): leaving it out of
/// the match is not a spelling habit.
const QUERY_FINAL_VOWEL_SKIP: u32 = 50;
const CANDIDATE_VOWEL_SKIP: u32 = 60;
const VOWEL_FOR_VOWEL: u32 = 60;
/// A word-initial alef carries any vowel (إدلب: idlib, أونال: onal).
const INITIAL_ALEF_VOWEL: u32 = 20;
const CLOSE_CONSONANTS: u32 = 30;
const EDIT: u32 = 100;
/// Per letter of an untyped suffix on the Arabic side.
const SUFFIX_LETTER: u32 = 15;
const MAX_SUFFIX_LETTERS: usize = 3;
/// Suffixes are only free once the user has typed this much skeleton, so
/// two-letter terms do not match every word that starts with them.
const MIN_SKELETON_FOR_SUFFIX: usize = 4;

/// The skeleton of one Arabic word, given as a normalized key token (see
/// `text::normalize`: alef forms, ة and hamza carriers are already folded).
/// Returns `None` for words without Arabic letters.
pub fn arabic_skeleton(key_token: &str) -> Option<String> {
    let mut out = String::with_capacity(key_token.len() / 2 + 1);
    let mut any_arabic = false;
    let mut chars = key_token.chars().peekable();
    // A word-initial alef before a long vowel only seats the hamza (إيران,
    // أوروبا): the vowel is what a Latin speller writes.
    if key_token.starts_with("اي") || key_token.starts_with("او") {
        chars.next();
        any_arabic = true;
    }
    while let Some(c) = chars.next() {
        let last = chars.peek().is_none();
        let mapped = match c {
            'ا' => Some('a'),
            'ي' => Some('i'),
            'و' => Some('u'),
            // ة was folded into ه by the key; at the end of a word it is far
            // more often ة (حماة, الغوطة) than the pronoun suffix.
            'ه' if last => Some('a'),
            'ه' | 'ح' => Some('h'),
            'ب' | 'پ' => Some('b'),
            'ت' | 'ط' | 'ث' => Some('t'),
            'ج' | 'ژ' => Some('j'),
            'خ' => Some('x'),
            'د' | 'ذ' | 'ض' | 'ظ' => Some('d'),
            'ر' => Some('r'),
            'ز' | 'س' | 'ص' => Some('s'),
            'ش' | 'چ' => Some('$'),
            'غ' => Some('g'),
            'ف' => Some('f'),
            'ق' | 'ك' => Some('k'),
            'ل' => Some('l'),
            'م' => Some('m'),
            'ن' => Some('n'),
            'ع' | 'ء' => None,
            _ => None,
        };
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            any_arabic = true;
        }
        if let Some(m) = mapped {
            push_collapsed(&mut out, m);
        }
    }
    (any_arabic && !out.is_empty()).then_some(out)
}

/// The skeleton of a Latin or Arabizi term (`lavrentiev`, `7oms`).
/// Returns `None` unless the term is ASCII with at least one letter.
pub fn latin_skeleton(term: &str) -> Option<String> {
    if !term.is_ascii() || !term.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let lower = term.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = (bytes[i], bytes.get(i + 1).copied().unwrap_or(0));
        let digraph = match pair {
            (b's' | b'c', b'h') => Some('$'),
            (b'k', b'h') => Some('x'),
            (b'g', b'h') => Some('g'),
            (b't', b'h') => Some('t'),
            (b'd', b'h') => Some('d'),
            (b'p', b'h') => Some('f'),
            _ => None,
        };
        if let Some(d) = digraph {
            push_collapsed(&mut out, d);
            i += 2;
            continue;
        }
        let mapped: &[char] = match bytes[i] {
            b'q' | b'c' | b'k' | b'9' => &['k'],
            b'v' | b'f' => &['f'],
            b'p' | b'b' => &['b'],
            b'z' | b's' => &['s'],
            b'w' | b'o' | b'u' => &['u'],
            b'y' | b'e' | b'i' => &['i'],
            b'x' => &['k', 's'],
            b'7' | b'h' => &['h'],
            b'5' => &['x'],
            b'6' | b't' => &['t'],
            b'a' => &['a'],
            b'd' => &['d'],
            b'g' => &['g'],
            b'j' => &['j'],
            b'l' => &['l'],
            b'm' => &['m'],
            b'n' => &['n'],
            b'r' => &['r'],
            // 2 and 3 (hamza, ain) and punctuation leave no trace.
            _ => &[],
        };
        for &m in mapped {
            push_collapsed(&mut out, m);
        }
        i += 1;
    }
    (!out.is_empty()).then_some(out)
}

fn push_collapsed(out: &mut String, c: char) {
    if !out.ends_with(c) {
        out.push(c);
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'i' | b'u')
}

/// Consonants that transliteration confuses (Egyptian g for ج, kh/h, t/d
/// before voiced letters, s/sh).
fn close_consonants(a: u8, b: u8) -> bool {
    matches!(
        (a.min(b), a.max(b)),
        (b'g', b'j') | (b'g', b'k') | (b'h', b'x') | (b'k', b'x') | (b'd', b't') | (b'$', b's')
    )
}

/// A coarse class of a consonant: close consonants (g~j, d~t...) share one.
fn consonant_class(b: u8) -> u8 {
    match b {
        b'g' | b'j' | b'k' | b'x' | b'h' => b'k',
        b'd' | b't' => b't',
        b'$' | b's' => b's',
        other => other,
    }
}

/// A coarse class of a skeleton's first consonant: two skeletons can only
/// match when their classes agree. Lets an index look at one bucket.
pub fn first_consonant_class(skeleton: &str) -> u8 {
    skeleton
        .bytes()
        .find(|&b| !is_vowel(b))
        .map_or(b'a', consonant_class)
}

/// The classes of a skeleton's first eight consonants, a byte each from the
/// lowest (0 past the last).
pub fn consonant_classes(skeleton: &str) -> u64 {
    (skeleton.bytes().filter(|&b| !is_vowel(b)).take(8))
        .enumerate()
        .fold(0, |all, (i, b)| {
            all | u64::from(consonant_class(b)) << (8 * i)
        })
}

/// When a query may cost less than one edit, no consonant can be added,
/// dropped or swapped for one of another class (each costs an edit) except
/// in the untyped suffix: a candidate then matches only if its consonants'
/// classes start with the query's. This is what they must start with, as
/// `(mask, classes)` to compare with a candidate's [`consonant_classes`]
/// under the mask; it lets an index skip most candidates without
/// [`skeleton_cost`]. None for longer queries, which may afford an edit.
pub fn required_consonant_classes(query: &str) -> Option<(u64, u64)> {
    let count = consonant_count(query);
    if max_cost(query) >= EDIT || count > 8 {
        return None;
    }
    let mask = if count == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * count)) - 1
    };
    Some((mask, consonant_classes(query)))
}

/// How many consonants a skeleton has.
pub fn consonant_count(skeleton: &str) -> usize {
    skeleton.bytes().filter(|&b| !is_vowel(b)).count()
}

/// The most a query skeleton may cost and still match: short terms must be
/// nearly exact, long ones may absorb a consonant slip.
pub fn max_cost(query: &str) -> u32 {
    (12 * query.len() as u32).max(50)
}

/// Compares a Latin query skeleton with an Arabic candidate skeleton.
/// Returns the cost (hundredths of an edit) when it is within `max_cost`.
pub fn skeleton_cost(query: &str, candidate: &str) -> Option<u32> {
    let q = query.as_bytes();
    let c = candidate.as_bytes();
    let limit = max_cost(query);
    let suffix_allowed = if q.len() >= MIN_SKELETON_FOR_SUFFIX {
        MAX_SUFFIX_LETTERS
    } else {
        0
    };
    if c.len() > q.len() * 2 + suffix_allowed || q.len() > c.len() * 3 + 2 {
        return None;
    }
    let width = c.len() + 1;
    // On the stack for skeletons of common lengths: a Latin query is
    // compared with thousands of them per keystroke.
    let mut previous: SmallVec<[u32; 32]> = smallvec![0; width];
    let mut current: SmallVec<[u32; 32]> = smallvec![0; width];
    for j in 1..width {
        previous[j] = previous[j - 1] + skip_candidate(c[j - 1]);
    }
    for i in 1..=q.len() {
        let skip_this = skip_query(q[i - 1], i == q.len());
        current[0] = previous[0] + skip_this;
        let mut row_min = current[0];
        for j in 1..width {
            let substitute = previous[j - 1] + substitution(q[i - 1], c[j - 1], j == 1);
            let skip_q = previous[j] + skip_this;
            let skip_c = current[j - 1] + skip_candidate(c[j - 1]);
            current[j] = substitute.min(skip_q).min(skip_c);
            row_min = row_min.min(current[j]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let best = (0..=suffix_allowed.min(c.len()))
        .map(|suffix| previous[c.len() - suffix] + SUFFIX_LETTER * suffix as u32)
        .min()?;
    (best <= limit).then_some(best)
}

fn skip_query(q: u8, last: bool) -> u32 {
    match (is_vowel(q), last) {
        (true, false) => QUERY_VOWEL_SKIP,
        (true, true) => QUERY_FINAL_VOWEL_SKIP,
        (false, _) => EDIT,
    }
}

fn skip_candidate(c: u8) -> u32 {
    if is_vowel(c) {
        CANDIDATE_VOWEL_SKIP
    } else {
        EDIT
    }
}

fn substitution(q: u8, c: u8, candidate_start: bool) -> u32 {
    if q == c {
        0
    } else if is_vowel(q) && is_vowel(c) {
        if candidate_start && c == b'a' {
            INITIAL_ALEF_VOWEL
        } else {
            VOWEL_FOR_VOWEL
        }
    } else if close_consonants(q, c) {
        CLOSE_CONSONANTS
    } else {
        EDIT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize;

    fn arabic(word: &str) -> String {
        arabic_skeleton(&normalize(word)).unwrap()
    }

    fn matches(latin: &str, word: &str) -> bool {
        skeleton_cost(&latin_skeleton(latin).unwrap(), &arabic(word)).is_some()
    }

    #[test]
    fn arabic_skeletons_keep_long_vowels_and_drop_ain() {
        assert_eq!(arabic("لافرنتييف"), "lafrntif");
        assert_eq!(arabic("إدلب"), "adlb");
        assert_eq!(arabic("الغوطة"), "alguta");
        assert_eq!(arabic("عبد"), "bd");
        assert_eq!(arabic("رئيس"), "ris");
        assert_eq!(arabic("إيران"), "iran");
        assert_eq!(arabic_skeleton("2254"), None);
    }

    #[test]
    fn latin_skeletons_fold_digraphs_and_arabizi() {
        assert_eq!(latin_skeleton("Lavrentiev").unwrap(), "lafrintif");
        assert_eq!(latin_skeleton("ghouta").unwrap(), "guta");
        assert_eq!(latin_skeleton("Abdrakhmanov").unwrap(), "abdraxmanuf");
        assert_eq!(latin_skeleton("7oms").unwrap(), "hums");
        assert_eq!(latin_skeleton("2254"), None);
        assert_eq!(latin_skeleton("إدلب"), None);
    }

    #[test]
    fn seed_names_match_their_latin_spelling() {
        assert!(matches("lavrentiev", "لافرنتييف"));
        assert!(matches("lavrentiev", "لافرينتييف"));
        assert!(matches("idlib", "إدلب"));
        assert!(matches("astana", "أستانا"));
        assert!(matches("astana", "أستانة"));
        assert!(matches("iran", "إيران"));
        assert!(matches("ghouta", "غوطة"));
        // Exonyms do not reduce: Damascus needs the gazetteer's alias.
        assert!(!matches("damascus", "دمشق"));
        assert!(matches("homs", "حمص"));
        assert!(matches("7oms", "حمص"));
        assert!(matches("hama", "حماة"));
    }

    #[test]
    fn nisba_forms_match_the_country() {
        assert!(matches("iran", "إيرانية"));
        assert!(matches("russia", "روسي"));
        assert!(matches("russia", "روسية"));
    }

    #[test]
    fn short_words_do_not_match_near_misses() {
        assert!(!matches("zour", "وزير"));
        assert!(!matches("syria", "وزير"));
        assert!(!matches("deir", "دور"));
        assert!(!matches("turkey", "التطرق"));
        assert!(!matches("alloush", "الشام"));
        assert!(matches("syria", "سوريا"));
        assert!(matches("deir", "دير"));
        assert!(matches("alloush", "علوش"));
    }

    #[test]
    fn russia_is_not_president() {
        assert!(!matches("russia", "رئيس"));
        assert!(!matches("russia", "الرئيس"));
        assert!(!matches("iran", "أنقرة"));
        assert!(!matches("idlib", "دمشق"));
    }

    #[test]
    fn classes_bucket_close_consonants_together() {
        assert_eq!(first_consonant_class("guta"), first_consonant_class("juta"));
        assert_eq!(first_consonant_class("abdr"), b'b');
        assert_eq!(consonant_count("lafrntif"), 6);
    }

    /// The consonant-class test never turns away a candidate that
    /// `skeleton_cost` accepts (it may let through ones it rejects).
    #[test]
    fn the_consonant_prefilter_keeps_every_match() {
        const ALPHABET: &[u8] = b"btjhxdrs$gfklmnaiu";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut random = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let skeleton = |random: &mut dyn FnMut(usize) -> usize| -> String {
            let len = 1 + random(9);
            (0..len)
                .map(|_| ALPHABET[random(ALPHABET.len())] as char)
                .collect()
        };
        let (mut matched, mut skipped) = (0, 0);
        for _ in 0..200_000 {
            let query = skeleton(&mut random);
            // Candidates near the query, so that many match.
            let mut candidate = query.clone().into_bytes();
            for _ in 0..random(3) {
                let at = random(candidate.len() + 1);
                match random(3) {
                    0 => candidate.insert(at, ALPHABET[random(ALPHABET.len())]),
                    1 if at < candidate.len() => {
                        candidate[at] = ALPHABET[random(ALPHABET.len())];
                    }
                    _ if at < candidate.len() => {
                        candidate.remove(at);
                    }
                    _ => {}
                }
            }
            let candidate = String::from_utf8(candidate).unwrap();
            let passes = required_consonant_classes(&query)
                .is_none_or(|(mask, classes)| consonant_classes(&candidate) & mask == classes);
            if skeleton_cost(&query, &candidate).is_some() {
                matched += 1;
                assert!(passes, "{query} ~ {candidate} matches but was skipped");
            } else if !passes {
                skipped += 1;
            }
        }
        assert!(matched > 10_000 && skipped > 10_000, "{matched} {skipped}");
    }
}
