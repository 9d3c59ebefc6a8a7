//! The filter language: one parser for the TUI's filter line and `-q`.
//! See docs/SEARCH.md for the user's view.

use crate::corpus::PubDate;
use crate::extract::{EntityKind, Guarantor, ordinal_round};
use crate::text::normalize::{clitic_variants, normalize, tokens};
use crate::text::romanize::latin_skeleton;
use std::ops::{Range, RangeInclusive};

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
    pub fn new(text: &str) -> TextTerm {
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

/// A field of the filter language: the one list of the field prefixes,
/// for the parser and for everything that writes a field term (the
/// entities pane, the facet picker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QueryField {
    Guarantor,
    Round,
    Person,
    Place,
    Organization,
    Source,
    Date,
}

impl QueryField {
    pub const ALL: [QueryField; 7] = [
        QueryField::Guarantor,
        QueryField::Round,
        QueryField::Person,
        QueryField::Place,
        QueryField::Organization,
        QueryField::Source,
        QueryField::Date,
    ];

    /// The short prefix, the one astana writes: `g` in `g:iran`.
    pub fn prefix(self) -> &'static str {
        match self {
            QueryField::Guarantor => "g",
            QueryField::Round => "r",
            QueryField::Person => "p",
            QueryField::Place => "l",
            QueryField::Organization => "o",
            QueryField::Source => "s",
            QueryField::Date => "d",
        }
    }

    /// The long prefix: `guarantor` in `guarantor:iran`.
    pub fn long_prefix(self) -> &'static str {
        match self {
            QueryField::Guarantor => "guarantor",
            QueryField::Round => "round",
            QueryField::Person => "person",
            QueryField::Place => "place",
            QueryField::Organization => "org",
            QueryField::Source => "source",
            QueryField::Date => "date",
        }
    }

    /// The field a prefix names, in any case (`G`, `guarantor`, `Round`).
    pub fn from_prefix(name: &str) -> Option<QueryField> {
        QueryField::ALL.into_iter().find(|f| {
            name.eq_ignore_ascii_case(f.prefix()) || name.eq_ignore_ascii_case(f.long_prefix())
        })
    }

    /// The field that selects entities of `kind` (dates have none).
    pub fn for_kind(kind: EntityKind) -> Option<QueryField> {
        Some(match kind {
            EntityKind::Guarantor => QueryField::Guarantor,
            EntityKind::Round => QueryField::Round,
            EntityKind::Person => QueryField::Person,
            EntityKind::Place => QueryField::Place,
            EntityKind::Organization => QueryField::Organization,
            EntityKind::Agency => QueryField::Source,
            EntityKind::Date => return None,
        })
    }

    /// The entity field of `p:`, `l:`, `o:`, `s:`.
    pub fn entity(self) -> Option<EntityField> {
        match self {
            QueryField::Guarantor | QueryField::Round | QueryField::Date => None,
            QueryField::Person => Some(EntityField::Person),
            QueryField::Place => Some(EntityField::Place),
            QueryField::Organization => Some(EntityField::Organization),
            QueryField::Source => Some(EntityField::Source),
        }
    }

    /// The term selecting any of `values` (already in their written form,
    /// see [`entity_value`]): `g:iran,turkey`.
    pub fn term<S: AsRef<str>>(self, values: &[S]) -> String {
        let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
        format!("{}:{}", self.prefix(), values.join(","))
    }
}

/// What a field term's value is split on: its alternatives (`g:iran,turkey`,
/// `l:إدلب،حمص`).
const VALUE_SEPARATORS: [char; 2] = [',', '،'];

/// The value that names an entity of this key in a field term, as one
/// filter word: the key's words joined by `-` (`eastern-ghouta`, and
/// `محمد-علي` for the key `ar:محمد علي` of a name no gazetteer entry knows).
/// A field term whose value is this string selects that entity (and the
/// matcher compares it with the same function), so what the entities pane
/// and the facet picker write finds what they show.
pub fn entity_value(key: &str) -> String {
    let key = key
        .strip_prefix("ar:")
        .or_else(|| key.strip_prefix("source:"))
        .unwrap_or(key);
    let key = normalize(key);
    let words: Vec<&str> = tokens(&key).map(|(_, w)| w).collect();
    words.join("-")
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
    pub fn field(self) -> QueryField {
        match self {
            EntityField::Person => QueryField::Person,
            EntityField::Place => QueryField::Place,
            EntityField::Organization => QueryField::Organization,
            EntityField::Source => QueryField::Source,
        }
    }

    pub fn kind(self) -> EntityKind {
        match self {
            EntityField::Person => EntityKind::Person,
            EntityField::Place => EntityKind::Place,
            EntityField::Organization => EntityKind::Organization,
            EntityField::Source => EntityKind::Agency,
        }
    }
}

/// What `is:` asks about an article's marks (see `crate::marks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkFlag {
    Bookmarked,
    Noted,
}

impl MarkFlag {
    /// `bookmarked`, `noted` in any case.
    pub fn from_name(name: &str) -> Option<MarkFlag> {
        if name.eq_ignore_ascii_case("bookmarked") {
            Some(MarkFlag::Bookmarked)
        } else if name.eq_ignore_ascii_case("noted") {
            Some(MarkFlag::Noted)
        } else {
            None
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
    /// `d:2017`, `d:2019..2023`: publication dates within any of these
    /// ranges of `PubDate::number`s.
    Dates(Vec<RangeInclusive<u32>>),
    /// `d:none`: articles without a publication date.
    NoDate,
    /// `p:`, `l:`, `o:`, `s:` with the normalized value.
    Entity(EntityField, TextTerm),
    /// `is:bookmarked`, `is:noted`: what the user marked.
    Marked(MarkFlag),
    /// A field term with several values (`g:iran,turkey`, `r:4,none`,
    /// `p:lavrentiev,ansari`): any of them. Never empty; its terms are of
    /// one field and are not `AnyOf` themselves.
    AnyOf(Vec<Term>),
}

impl Term {
    /// The field of a field term (`g:`, `r:`, `p:`...).
    pub fn field(&self) -> Option<QueryField> {
        match self {
            Term::Fuzzy(_) | Term::Exact(_) | Term::Phrase(_) | Term::Marked(_) => None,
            Term::Guarantor(_) => Some(QueryField::Guarantor),
            Term::Rounds(_) | Term::NoRound => Some(QueryField::Round),
            Term::Dates(_) | Term::NoDate => Some(QueryField::Date),
            Term::Entity(field, _) => Some(field.field()),
            Term::AnyOf(terms) => terms.first().and_then(Term::field),
        }
    }

    /// The term's alternatives: itself, or the terms of an `AnyOf`.
    pub fn alternatives(&self) -> &[Term] {
        match self {
            Term::AnyOf(terms) => terms,
            term => std::slice::from_ref(term),
        }
    }
}

/// A term, possibly negated, with the word it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
    /// The word as typed, without `!` (the cache key of its results).
    pub text: String,
    /// Where the whole word (`!` included) is in the parsed input, so a
    /// clause can be replaced without touching the rest of the text.
    pub span: Range<usize>,
}

impl Clause {
    /// The field of a field term, negated or not.
    pub fn field(&self) -> Option<QueryField> {
        self.term.field()
    }
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
        for (span, word) in split_terms(input) {
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
                span,
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
/// typed, it already filters. Each term comes with its byte range in
/// `input`, quotes included, so a clause can be replaced whole; whatever
/// edits the filter as words splits it here, so no edit cuts a phrase.
pub fn split_terms(input: &str) -> Vec<(Range<usize>, &str)> {
    scan_terms(input).0
}

/// The closing quote that the last term of `input` still waits for: text
/// appended after it must close it first, or the phrase would swallow it.
pub fn open_quote(input: &str) -> Option<char> {
    scan_terms(input).1
}

fn scan_terms(input: &str) -> (Vec<(Range<usize>, &str)>, Option<char>) {
    let mut terms = Vec::new();
    let mut open = None;
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut end = None;
        let mut closing: Option<char> = None;
        let mut previous: Option<char> = None;
        for (at, c) in chars.by_ref() {
            match closing {
                Some(close) if c == close => {
                    end = Some(at + c.len_utf8());
                    break;
                }
                Some(_) => {}
                None if c.is_whitespace() => {
                    end = Some(at);
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
        if end.is_none() {
            open = closing;
        }
        let end = end.unwrap_or(input.len());
        terms.push((start..end, &input[start..end]));
    }
    (terms, open)
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

/// One term, or `AnyOf` the several.
fn any_of(mut terms: Vec<Term>) -> Term {
    if terms.len() == 1 {
        terms.remove(0)
    } else {
        Term::AnyOf(terms)
    }
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
    if name.eq_ignore_ascii_case("is") {
        let flags = value
            .split(VALUE_SEPARATORS)
            .map(|v| MarkFlag::from_name(v).map(Term::Marked))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| error(word, "is: takes bookmarked or noted"))?;
        return Ok(any_of(flags));
    }
    let Some(field) = QueryField::from_prefix(name) else {
        return Err(error(
            word,
            "unknown field (use g: r: p: l: o: s: d: is:, or 'text for an exact term)",
        ));
    };
    match field {
        QueryField::Round => return parse_rounds(word, value),
        QueryField::Date => return parse_dates(word, value),
        _ => {}
    }
    let mut terms = Vec::new();
    for part in value.split(VALUE_SEPARATORS) {
        terms.push(match field.entity() {
            None => Term::Guarantor(parse_guarantor(word, part)?),
            Some(entity) => {
                let term = TextTerm::new(part);
                if term.words.is_empty() {
                    return Err(error(word, "needs a name after the colon"));
                }
                Term::Entity(entity, term)
            }
        });
    }
    Ok(any_of(terms))
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
                &format!(
                    "a round is a number from 1 to {MAX_ROUND} or an ordinal (e.g. r:6, r:4-6, r:4,6, r:الرابعة, r:fourth, r:none)"
                ),
            )),
        }
    };
    let range = |part: &str| {
        // A compound ordinal may be joined by a hyphen (الحادية-عشرة,
        // twenty-first): a part is tried whole before it is a range.
        if let Some(n) = ordinal_round(part) {
            return Ok(n..=n);
        }
        let (from, to) = part.split_once('-').unwrap_or((part, part));
        let (from, to) = (number(from)?, number(to)?);
        if from > to {
            return Err(error(word, "a round range goes from low to high"));
        }
        Ok(from..=to)
    };
    ranges_or_none(value, range, Term::Rounds, Term::NoRound)
}

/// A range field's value (`r:`, `d:`): its parts (split as any field
/// value is), each `none` or a range made by `range`; the term of the
/// ranges, the `none` term, or any of both.
fn ranges_or_none<T>(
    value: &str,
    range: impl Fn(&str) -> Result<RangeInclusive<T>, QueryError>,
    of_ranges: impl FnOnce(Vec<RangeInclusive<T>>) -> Term,
    none_term: Term,
) -> Result<Term, QueryError> {
    let mut ranges = Vec::new();
    let mut none = false;
    for part in value.split(VALUE_SEPARATORS) {
        if part.eq_ignore_ascii_case("none") {
            none = true;
        } else {
            ranges.push(range(part)?);
        }
    }
    let mut terms = Vec::new();
    if !ranges.is_empty() {
        terms.push(of_ranges(ranges));
    }
    if none {
        terms.push(none_term);
    }
    Ok(any_of(terms))
}

const DATE_FORMS: &str = "a date is YYYY, YYYY-MM or YYYY-MM-DD, a range A..B (either side may be left open) or none (e.g. d:2017, d:2017-05, d:2019..2023, d:2017-05-01..2017-06-30, d:2022.., d:none)";

/// `d:2017`, `d:2017-05-04`, `d:2019..2023`, `d:2022..`, `d:..2018`,
/// `d:none`, and lists of those (`d:2017,2019`); Arabic-Indic digits too.
fn parse_dates(word: &str, value: &str) -> Result<Term, QueryError> {
    let date = |s: &str| -> Result<PubDate, QueryError> {
        PubDate::parse_iso(s)
            .filter(|_| !s.contains(['T', ' ', '/']))
            .ok_or_else(|| error(word, DATE_FORMS))
    };
    if value.is_empty() {
        return Err(error(word, DATE_FORMS));
    }
    let range = |part: &str| match part.split_once("..") {
        None => Ok(date(part)?.covered()),
        Some(("", "")) => Err(error(word, DATE_FORMS)),
        Some((from, to)) => {
            let low = if from.is_empty() {
                0
            } else {
                *date(from)?.covered().start()
            };
            let high = if to.is_empty() {
                u32::MAX
            } else {
                *date(to)?.covered().end()
            };
            if low > high {
                return Err(error(word, "a date range goes from early to late"));
            }
            Ok(low..=high)
        }
    };
    ranges_or_none(value, range, Term::Dates, Term::NoDate)
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
    fn field_prefixes_in_any_case() {
        assert_eq!(term("G:iran"), Term::Guarantor(Guarantor::Iran));
        assert_eq!(term("Guarantor:IRAN"), Term::Guarantor(Guarantor::Iran));
        assert_eq!(term("R:None"), Term::NoRound);
        assert!(
            matches!(term("P:Lavrentiev"), Term::Entity(EntityField::Person, t) if t.key == "lavrentiev")
        );
        for field in QueryField::ALL {
            for prefix in [field.prefix(), field.long_prefix()] {
                let value = if field == QueryField::Date {
                    "2017"
                } else {
                    "1"
                };
                let q = Query::parse(&format!("{prefix}:{value}")).map(|q| q.clauses[0].field());
                assert!(matches!(q, Ok(Some(f)) if f == field) || field == QueryField::Guarantor);
            }
        }
    }

    #[test]
    fn commas_in_a_field_value_mean_any_of_them() {
        use Guarantor::{Iran, Turkey};
        assert_eq!(
            term("g:iran,تركيا"),
            Term::AnyOf(vec![Term::Guarantor(Iran), Term::Guarantor(Turkey)])
        );
        assert_eq!(
            term("r:4,none"),
            Term::AnyOf(vec![Term::Rounds(vec![4..=4]), Term::NoRound])
        );
        assert_eq!(term("r:4،6"), Term::Rounds(vec![4..=4, 6..=6]));
        let Term::AnyOf(people) = term("p:lavrentiev،أنصاري") else {
            panic!("two people")
        };
        assert_eq!(people.len(), 2);
        assert!(matches!(&people[1], Term::Entity(EntityField::Person, t) if t.key == "انصاري"));
        assert_eq!(term("l:idlib,homs").field(), Some(QueryField::Place));
        for bad in ["g:iran,", "p:a,,b", "r:4,x"] {
            assert!(message(bad).contains(bad), "{bad}");
        }
    }

    #[test]
    fn clauses_know_where_they_were_typed() {
        let input = "  lavrentiev\t!g:iran  r:4 ";
        let q = Query::parse(input).unwrap();
        let spans: Vec<&str> = q.clauses.iter().map(|c| &input[c.span.clone()]).collect();
        assert_eq!(spans, ["lavrentiev", "!g:iran", "r:4"]);
    }

    #[test]
    fn a_phrase_clause_spans_its_quotes() {
        let input = "\"مذكرة تفاهم\"  r:4 !«وقف إطلاق» p:\"a b\" \"open end ";
        let q = Query::parse(input).unwrap();
        let spans: Vec<&str> = q.clauses.iter().map(|c| &input[c.span.clone()]).collect();
        assert_eq!(
            spans,
            [
                "\"مذكرة تفاهم\"",
                "r:4",
                "!«وقف إطلاق»",
                "p:\"a b\"",
                "\"open end "
            ]
        );
        let terms: Vec<&str> = split_terms(input).into_iter().map(|(_, t)| t).collect();
        assert_eq!(terms, spans);
        assert_eq!(q.clauses[0].field(), None);
        assert_eq!(q.clauses[3].field(), Some(QueryField::Person));
        assert_eq!(open_quote(input), Some('"'));
        assert_eq!(open_quote("x «a b"), Some('»'));
        for closed in ["", "\"a b\" r:4", "a\"b", "«a»"] {
            assert_eq!(open_quote(closed), None, "{closed}");
        }
    }

    #[test]
    fn ordinal_words_are_values_of_a_round_list() {
        assert_eq!(term("r:الرابعة,6"), Term::Rounds(vec![4..=4, 6..=6]));
        assert_eq!(term("r:الرابعة،السادسة"), Term::Rounds(vec![4..=4, 6..=6]));
        assert_eq!(
            term("r:fourth,none"),
            Term::AnyOf(vec![Term::Rounds(vec![4..=4]), Term::NoRound])
        );
        assert_eq!(
            term("r:\"الحادية عشرة,none\""),
            Term::AnyOf(vec![Term::Rounds(vec![11..=11]), Term::NoRound])
        );
        assert_eq!(term("r:الرابعة,6").field(), Some(QueryField::Round));
    }

    #[test]
    fn entity_values_are_one_word_of_the_key() {
        assert_eq!(entity_value("eastern-ghouta"), "eastern-ghouta");
        assert_eq!(entity_value("ar:محمد علي"), "محمد-علي");
        assert_eq!(entity_value("source:Daily Sabah"), "daily-sabah");
        let q = Query::parse(&QueryField::Person.term(&[entity_value("ar:محمد علي")])).unwrap();
        assert!(matches!(&q.clauses[0].term, Term::Entity(_, t) if t.key == "محمد-علي"));
    }

    #[test]
    fn is_asks_about_marks() {
        assert_eq!(term("is:bookmarked"), Term::Marked(MarkFlag::Bookmarked));
        assert_eq!(
            term("IS:noted,bookmarked"),
            Term::AnyOf(vec![
                Term::Marked(MarkFlag::Noted),
                Term::Marked(MarkFlag::Bookmarked)
            ])
        );
        assert!(message("is:starred").contains("is: takes bookmarked or noted"));
    }

    #[test]
    fn a_colon_after_digits_is_text() {
        assert!(matches!(term("10:30"), Term::Fuzzy(_)));
    }

    #[test]
    fn date_terms_of_each_form() {
        let d = |s: &str| PubDate::parse_iso(s).unwrap().number();
        assert_eq!(
            term("d:2017"),
            Term::Dates(vec![d("2017")..=d("2017") + 9_999])
        );
        assert_eq!(
            term("date:2017-05"),
            Term::Dates(vec![d("2017-05")..=d("2017-05") + 99])
        );
        assert_eq!(
            term("d:2017-05-04"),
            Term::Dates(vec![d("2017-05-04")..=d("2017-05-04")])
        );
        assert_eq!(
            term("d:2019..2023"),
            Term::Dates(vec![d("2019")..=d("2023") + 9_999])
        );
        assert_eq!(
            term("d:2017-05-01..2017-06-30"),
            Term::Dates(vec![d("2017-05-01")..=d("2017-06-30")])
        );
        assert_eq!(term("d:2022.."), Term::Dates(vec![d("2022")..=u32::MAX]));
        assert_eq!(term("d:..2018"), Term::Dates(vec![0..=d("2018") + 9_999]));
        assert_eq!(term("d:none"), Term::NoDate);
        assert_eq!(term("D:٢٠١٧"), term("d:2017"));
        assert_eq!(
            term("d:2017,none"),
            Term::AnyOf(vec![
                Term::Dates(vec![d("2017")..=d("2017") + 9_999]),
                Term::NoDate
            ])
        );
    }

    #[test]
    fn bad_dates_say_which_forms_are_dates() {
        for bad in [
            "d:",
            "d:17",
            "d:2017-13",
            "d:2017-02-30",
            "d:..",
            "d:2017..2017-13",
            "d:may",
            "d:2017-05-04T10:00",
        ] {
            let m = message(bad);
            assert!(m.contains("YYYY-MM-DD"), "{bad}: {m}");
        }
        assert!(message("d:2023..2019").contains("early to late"));
    }

    #[test]
    fn a_round_out_of_range_names_the_range() {
        let m = message("r:100");
        assert!(m.contains("from 1 to 99"), "{m}");
    }

    #[test]
    fn a_term_written_for_any_key_parses_back_to_that_entity() {
        let keys = [
            "zaid bin amr",
            "a,b،c",
            "\"quoted\" key",
            "!not",
            "«x» y",
            "p:inner",
            "x'y",
            "-lead",
            "ar:محمد علي",
            "source:وكالة سانا",
        ];
        for key in keys {
            for field in [QueryField::Person, QueryField::Place, QueryField::Source] {
                let value = entity_value(key);
                let written = field.term(&[value.as_str()]);
                let q = Query::parse(&written).unwrap_or_else(|e| panic!("{written}: {e}"));
                assert_eq!(q.clauses.len(), 1, "{written}");
                let clause = &q.clauses[0];
                assert!(!clause.negated, "{written}");
                assert!(
                    matches!(&clause.term, Term::Entity(_, t) if t.key == normalize(&value)),
                    "{written}: {:?}",
                    clause.term
                );
            }
        }
    }
}
