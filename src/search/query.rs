//! The filter language: one parser for the TUI's filter line and `-q`.
//! See docs/SEARCH.md for the user's view.

use crate::extract::{EntityKind, Guarantor, ordinal_round};
use crate::text::normalize::{clitic_variants, normalize, tokens};
use crate::text::romanize::latin_skeleton;
use std::ops::RangeInclusive;

/// A malformed query term, with a one-line message naming the term.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

fn error(word: &str, why: &str) -> QueryError {
    let word = crate::text::sanitize::visible(word);
    QueryError(format!("'{word}': {why}"))
}

/// A free-text term: what the user typed, as search keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTerm {
    /// The normalized term (the whole term, punctuation included).
    pub key: String,
    /// The term's word tokens (usually one).
    pub words: Vec<String>,
    /// For a single Arabic word: the word with leading clitics removed,
    /// longest first (والروسية → والروسيه, الروسيه, روسيه).
    pub forms: Vec<String>,
    /// The consonant skeleton, for a Latin or Arabizi term.
    pub skeleton: Option<String>,
}

impl TextTerm {
    fn new(text: &str) -> TextTerm {
        let key = normalize(text);
        let words: Vec<String> = tokens(&key).map(|(_, w)| w.to_string()).collect();
        let forms = match words.as_slice() {
            [word] => clitic_variants(word)
                .into_iter()
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let skeleton = match words.as_slice() {
            [word] => latin_skeleton(word),
            _ => None,
        };
        TextTerm {
            key,
            words,
            forms,
            skeleton,
        }
    }
}

/// Which entities a field term looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityField {
    Person,
    Place,
    Organization,
    /// News agencies: agency entities and the article's `source` field.
    Source,
}

impl EntityField {
    pub fn kind(self) -> EntityKind {
        match self {
            EntityField::Person => EntityKind::Person,
            EntityField::Place => EntityKind::Place,
            EntityField::Organization => EntityKind::Organization,
            EntityField::Source => EntityKind::Agency,
        }
    }
}

/// One condition on an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Bare term: fuzzy over title and entity names, words of the text.
    Fuzzy(TextTerm),
    /// `'term`: exact substring of the normalized title or text.
    Exact(TextTerm),
    /// `"words in a row"`: the words, each matched as a bare term's word
    /// would be, adjacent and in order in the title or the text.
    Phrase(TextTerm),
    Guarantor(Guarantor),
    Rounds(Vec<RangeInclusive<u8>>),
    NoRound,
    /// `p:`, `l:`, `o:`, `s:` with the normalized value.
    Entity(EntityField, TextTerm),
}

/// A term, possibly negated, with the word it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
    /// The word as typed, without `!` (the cache key of its results).
    pub text: String,
}

/// A parsed filter: every clause must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// The highest round number accepted in `r:` (the format may go on).
const MAX_ROUND: u8 = 99;

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut clauses = Vec::new();
        for word in split_terms(input) {
            let (negated, body) = match word.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, word),
            };
            if body.is_empty() {
                return Err(error(word, "'!' needs a term after it"));
            }
            let term = parse_term(word, body)?;
            clauses.push(Clause {
                negated,
                term,
                text: body.to_string(),
            });
        }
        Ok(Query { clauses })
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

/// Quotes that group words into one term: a phrase (`"مذكرة تفاهم"`), an
/// exact term or a field's value with spaces (`'"وقف إطلاق"`,
/// `p:"ألكسندر لافرنتييف"`, `r:"الحادية عشرة"`). Arabic text quotes with
/// guillemets, and pasted text brings typographic quotes.
const QUOTES: [(char, char); 3] = [('"', '"'), ('«', '»'), ('\u{201C}', '\u{201D}')];

/// The closing quote of an opening one.
fn closing_quote(c: char) -> Option<char> {
    QUOTES
        .iter()
        .find(|(open, _)| *open == c)
        .map(|(_, close)| *close)
}

/// The terms of a query: runs of non-blank characters, except that a quote
/// opening a term (or its body after `!`, `'` or a field's colon) runs to
/// its closing quote, spaces included, and the term ends there. A quote
/// still open at the end of the input closes there: while a phrase is being
/// typed, it already filters.
fn split_terms(input: &str) -> Vec<&str> {
    let mut terms = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut end = input.len();
        let mut closing: Option<char> = None;
        let mut previous: Option<char> = None;
        for (at, c) in chars.by_ref() {
            match closing {
                Some(close) if c == close => {
                    end = at + c.len_utf8();
                    break;
                }
                Some(_) => {}
                None if c.is_whitespace() => {
                    end = at;
                    break;
                }
                None => {
                    if matches!(previous, None | Some('!' | '\'' | ':')) {
                        closing = closing_quote(c);
                    }
                }
            }
            previous = Some(c);
        }
        terms.push(&input[start..end]);
    }
    terms
}

/// A value without the quotes around it (the closing one may be missing).
fn unquote(value: &str) -> &str {
    let mut chars = value.chars();
    let Some(close) = chars.next().and_then(closing_quote) else {
        return value;
    };
    let inner = chars.as_str();
    inner.strip_suffix(close).unwrap_or(inner)
}

fn parse_term(word: &str, body: &str) -> Result<Term, QueryError> {
    if body.chars().next().and_then(closing_quote).is_some() {
        let term = TextTerm::new(unquote(body));
        if term.words.is_empty() {
            return Err(error(word, "a phrase needs words between the quotes"));
        }
        return Ok(Term::Phrase(term));
    }
    if let Some(exact) = body.strip_prefix('\'') {
        let term = TextTerm::new(unquote(exact));
        if term.words.is_empty() {
            return Err(error(word, "an exact term needs letters or digits after '"));
        }
        return Ok(Term::Exact(term));
    }
    let field = body
        .split_once(':')
        .filter(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()));
    let Some((name, value)) = field.map(|(name, value)| (name, unquote(value))) else {
        let term = TextTerm::new(body);
        if term.words.is_empty() {
            return Err(error(word, "nothing to search for"));
        }
        return Ok(Term::Fuzzy(term));
    };
    let entity = |field: EntityField| {
        let term = TextTerm::new(value);
        if term.words.is_empty() {
            Err(error(word, "needs a name after the colon"))
        } else {
            Ok(Term::Entity(field, term))
        }
    };
    match name.to_ascii_lowercase().as_str() {
        "g" | "guarantor" => parse_guarantor(word, value).map(Term::Guarantor),
        "r" | "round" => parse_rounds(word, value),
        "p" | "person" => entity(EntityField::Person),
        "l" | "place" => entity(EntityField::Place),
        "o" | "org" => entity(EntityField::Organization),
        "s" | "source" => entity(EntityField::Source),
        _ => Err(error(
            word,
            "unknown field (use g: r: p: l: o: s:, or 'text for an exact term)",
        )),
    }
}

/// `russia`, `ru`, `روسيا`, `الروسية`... Ambiguous or unknown values are errors.
fn parse_guarantor(word: &str, value: &str) -> Result<Guarantor, QueryError> {
    if value.is_empty() {
        return Err(error(word, "needs a guarantor: russia, turkey or iran"));
    }
    let key = normalize(value);
    let found: Vec<Guarantor> = if key.is_ascii() {
        Guarantor::ALL
            .into_iter()
            .filter(|g| g.key().starts_with(&key))
            .collect()
    } else {
        Guarantor::ALL
            .into_iter()
            .filter(|g| arabic_names_guarantor(&key, *g))
            .collect()
    };
    match found.as_slice() {
        [g] => Ok(*g),
        [] => Err(error(word, "not a guarantor (russia, turkey, iran)")),
        _ => Err(error(word, "ambiguous guarantor; type more letters")),
    }
}

/// An Arabic value names a guarantor when, clitics removed, it is a prefix
/// of the country's name or shares its first three letters (الروسية,
/// الإيراني, التركي are nisba forms of روسيا, إيران, تركيا).
fn arabic_names_guarantor(key: &str, g: Guarantor) -> bool {
    let name = normalize(g.arabic());
    clitic_variants(key).into_iter().any(|form| {
        let common = form
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a == b)
            .count();
        name.starts_with(form) || common >= 3
    })
}

fn parse_rounds(word: &str, value: &str) -> Result<Term, QueryError> {
    if value.eq_ignore_ascii_case("none") {
        return Ok(Term::NoRound);
    }
    if value.is_empty() {
        return Err(error(word, "needs a round: 6, 4-6, 4,6, الرابعة or none"));
    }
    let number = |s: &str| -> Result<u8, QueryError> {
        let key = normalize(s.trim());
        // 4th, 21st: the digits.
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| key.strip_suffix(suffix))
            .unwrap_or(&key);
        match digits.parse::<u8>().ok().or_else(|| ordinal_round(s)) {
            Some(n) if (1..=MAX_ROUND).contains(&n) => Ok(n),
            _ => Err(error(
                word,
                "a round is a number from 1 or an ordinal (e.g. r:6, r:4-6, r:4,6, r:الرابعة, r:fourth, r:none)",
            )),
        }
    };
    let mut ranges = Vec::new();
    for part in value.split(',') {
        // A compound ordinal may be joined by a hyphen (الحادية-عشرة,
        // twenty-first): a part is tried whole before it is a range.
        if let Some(n) = ordinal_round(part) {
            ranges.push(n..=n);
            continue;
        }
        let (from, to) = part.split_once('-').unwrap_or((part, part));
        let (from, to) = (number(from)?, number(to)?);
        if from > to {
            return Err(error(word, "a round range goes from low to high"));
        }
        ranges.push(from..=to);
    }
    Ok(Term::Rounds(ranges))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(input: &str) -> Term {
        let q = Query::parse(input).unwrap();
        assert_eq!(q.clauses.len(), 1);
        q.clauses[0].term.clone()
    }

    fn message(input: &str) -> String {
        Query::parse(input).unwrap_err().to_string()
    }

    #[test]
    fn guarantors_in_english_arabic_and_by_prefix() {
        assert_eq!(term("g:ir"), Term::Guarantor(Guarantor::Iran));
        assert_eq!(term("guarantor:Russia"), Term::Guarantor(Guarantor::Russia));
        assert_eq!(term("g:إيران"), Term::Guarantor(Guarantor::Iran));
        assert_eq!(term("g:ايران"), Term::Guarantor(Guarantor::Iran));
        assert_eq!(term("g:الروسية"), Term::Guarantor(Guarantor::Russia));
        assert_eq!(term("g:تركيا"), Term::Guarantor(Guarantor::Turkey));
    }

    #[test]
    fn rounds_single_ranges_lists_and_none() {
        assert_eq!(term("r:6"), Term::Rounds(vec![6..=6]));
        assert_eq!(term("round:4-6"), Term::Rounds(vec![4..=6]));
        assert_eq!(term("r:4,6"), Term::Rounds(vec![4..=4, 6..=6]));
        assert_eq!(term("r:٦"), Term::Rounds(vec![6..=6]));
        assert_eq!(term("r:none"), Term::NoRound);
    }

    #[test]
    fn rounds_by_their_ordinal_words() {
        for (input, round) in [
            ("r:الرابعة", 4),
            ("r:رابعة", 4),
            ("r:الرابع", 4),
            ("round:السادسة", 6),
            ("r:\"الحادية عشرة\"", 11),
            ("r:الحادية-عشرة", 11),
            ("r:«الثانية والعشرين»", 22),
            ("r:fourth", 4),
            ("r:Twenty-First", 21),
            ("r:4th", 4),
            ("r:٤", 4),
        ] {
            assert_eq!(term(input), Term::Rounds(vec![round..=round]), "{input}");
        }
        assert_eq!(term("r:الرابعة-السادسة"), Term::Rounds(vec![4..=6]));
        assert_eq!(term("r:fourth,6"), Term::Rounds(vec![4..=4, 6..=6]));
        assert_eq!(term("r:الحادية-عشرة,4"), Term::Rounds(vec![11..=11, 4..=4]));
        assert!(message("r:الجولة").contains("ordinal"));
    }

    #[test]
    fn quoted_words_make_one_phrase_term() {
        let q = Query::parse("\"مذكرة تفاهم\" idlib !«وقف إطلاق النار» “astana talks”").unwrap();
        assert_eq!(q.clauses.len(), 4);
        let Term::Phrase(t) = &q.clauses[0].term else {
            panic!("phrase")
        };
        assert_eq!(t.words, ["مذكره", "تفاهم"]);
        assert_eq!(q.clauses[0].text, "\"مذكرة تفاهم\"");
        assert!(!q.clauses[0].negated);
        assert!(matches!(&q.clauses[1].term, Term::Fuzzy(t) if t.key == "idlib"));
        assert!(q.clauses[2].negated);
        assert!(matches!(&q.clauses[2].term, Term::Phrase(t) if t.words.len() == 3));
        assert!(matches!(&q.clauses[3].term, Term::Phrase(t) if t.words == ["astana", "talks"]));
        // A quote closes the term; what follows is the next term.
        let q = Query::parse("\"a b\"c").unwrap();
        assert_eq!(q.clauses.len(), 2);
        // Quoted field values and exact terms keep their spaces.
        assert!(
            matches!(term("p:\"ألكسندر لافرنتييف\""), Term::Entity(EntityField::Person, t) if t.words.len() == 2)
        );
        assert!(matches!(term("'\"وقف إطلاق\""), Term::Exact(t) if t.key == "وقف اطلاق"));
        // A quote inside a word is not an opening quote.
        assert_eq!(Query::parse("a\"b c\"").unwrap().clauses.len(), 2);
    }

    #[test]
    fn an_unterminated_phrase_runs_to_the_end() {
        let q = Query::parse("g:iran \"مذكرة تف").unwrap();
        assert_eq!(q.clauses.len(), 2);
        assert!(matches!(&q.clauses[1].term, Term::Phrase(t) if t.words == ["مذكره", "تف"]));
        assert_eq!(q.clauses[1].text, "\"مذكرة تف");
        for empty in ["\"", "\"\"", "!\"  \"", "« »"] {
            assert!(message(empty).contains("phrase"), "{empty}");
        }
    }

    #[test]
    fn negation_exact_and_bare_terms() {
        let q = Query::parse("!idlib 'الضامنة lavrentiev").unwrap();
        assert!(q.clauses[0].negated);
        assert!(matches!(&q.clauses[0].term, Term::Fuzzy(t) if t.key == "idlib"));
        assert!(matches!(&q.clauses[1].term, Term::Exact(t) if t.key == "الضامنه"));
        let Term::Fuzzy(t) = &q.clauses[2].term else {
            panic!("bare term")
        };
        assert_eq!(t.skeleton.as_deref(), Some("lafrintif"));
        assert!(Query::parse("").unwrap().is_empty());
        assert!(Query::parse("   ").unwrap().is_empty());
    }

    #[test]
    fn arabic_terms_carry_their_clitic_forms() {
        let Term::Fuzzy(t) = term("والغوطة") else {
            panic!("bare term")
        };
        assert_eq!(t.forms, ["والغوطه", "الغوطه", "غوطه"]);
    }

    #[test]
    fn malformed_terms_are_errors_naming_the_term() {
        for bad in [
            "r:abc", "g:", "g:france", "x:idlib", "r:", "r:6-4", "r:0", "!", "'", "p:",
        ] {
            let m = message(bad);
            assert!(m.contains(bad), "{bad}: {m}");
            assert!(!m.contains('\n'));
        }
        assert!(message("idlib r:abc").contains("r:abc"));
    }

    #[test]
    fn a_colon_after_digits_is_text() {
        assert!(matches!(term("10:30"), Term::Fuzzy(_)));
    }
}
