//! Who said what: for each reported statement of an article, the speaker
//! (an entity of the article) and the exact span of the words said. The
//! word lists and the roles of known people are in data/statements.toml.
//!
//! Computed on demand (`astana statements`, `show --json`), not while a
//! corpus loads: it reads an article's entities, which the load finds.
//!
//! A statement is one of:
//! - a verb of saying, its subject, then «إن/أن/بأن» or a colon, then the
//!   words said (to the end of the sentence, the closing quote, or a comma
//!   before «مضيفا/وأضاف/فيما…»): «وقال لافروف إن …»;
//! - a participle going on after a comma: «…، مضيفا أن …» (the same
//!   speaker);
//! - a quote that opens a sentence and is then attributed: «"…"، قال X»,
//!   «"…"، بحسب X», «"…"، على حد تعبيره».
//!
//! The speaker is the person named in the subject; else the person of the
//! article whose role the subject names («وزير الخارجية الإيراني» in an
//! article that names Zarif); else another entity named in it (an
//! organisation, an outlet, a guarantor: «وزارة الدفاع الروسية»); with no
//! subject at all («وأضاف أن»), the previous speaker, or the last person
//! named before. A subject that names nobody («مصدر دبلوماسي») gives no
//! speaker.

use super::phrases::{Doc, PhraseMap, WordSet, closes_quote, ends_clause, opens_quote};
use super::{EntityKind, Extraction, Field};
use crate::text::normalize::{normalize, tokens};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;

const STATEMENTS: &str = include_str!("../../data/statements.toml");

/// At most this many words between a verb and the words said.
const SUBJECT_REACH: usize = 16;
/// At most this many words inside a quote that opens a sentence.
const QUOTE_REACH: usize = 120;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementsFile {
    verbs: Vec<String>,
    continuations: Vec<String>,
    complementizers: Vec<String>,
    not_before_complementizer: Vec<String>,
    attributions: Vec<String>,
    reported: Vec<String>,
    adjuncts: Vec<String>,
    adjunct_nouns: Vec<String>,
    enders: Vec<String>,
    roles: HashMap<String, Vec<String>>,
}

/// One reported statement of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The speaker: an index into the extraction's `entities`.
    pub speaker: Option<usize>,
    /// Byte range of the cue (the verb, or the attribution after a quote).
    pub verb: Range<usize>,
    /// Byte range of the words said.
    pub said: Range<usize>,
}

impl Statement {
    /// The words said, a slice of the article's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.said.clone()]
    }

    /// The cue as written.
    pub fn verb_text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.verb.clone()]
    }
}

/// The verbs of saying, as listed: the people rules take the name after
/// one as a person («قال فاتح حسون،»).
pub(crate) fn saying_verbs() -> Vec<String> {
    let file: StatementsFile = toml::from_str(STATEMENTS).expect("data/statements.toml is valid");
    file.verbs
}

#[derive(Debug, Clone)]
pub(crate) struct StatementRules {
    verbs: WordSet,
    continuations: WordSet,
    complementizers: WordSet,
    not_before_complementizer: WordSet,
    attributions: PhraseMap<()>,
    reported: WordSet,
    adjuncts: WordSet,
    adjunct_nouns: WordSet,
    enders: PhraseMap<()>,
    /// Gazetteer key → its roles, each as normalized words.
    roles: HashMap<String, Vec<Vec<String>>>,
}

fn phrase_map(forms: &[String]) -> PhraseMap<()> {
    let mut map = PhraseMap::default();
    for f in forms {
        map.insert(f, ());
    }
    map
}

fn words_of(phrase: &str) -> Vec<String> {
    tokens(&normalize(phrase))
        .map(|(_, w)| w.to_string())
        .collect()
}

/// The article's entities, seen from the words of one doc.
struct Seen {
    /// Per word: the entity a mention of which covers it, and whether the
    /// mention starts where the word starts (not after a clitic).
    at: Vec<Option<(usize, bool)>>,
}

impl StatementRules {
    pub fn builtin() -> StatementRules {
        let file: StatementsFile =
            toml::from_str(STATEMENTS).expect("data/statements.toml is valid");
        StatementRules {
            verbs: WordSet::new(&file.verbs),
            continuations: WordSet::new(&file.continuations),
            complementizers: WordSet::new(&file.complementizers),
            not_before_complementizer: WordSet::new(&file.not_before_complementizer),
            attributions: phrase_map(&file.attributions),
            reported: WordSet::new(&file.reported),
            adjuncts: WordSet::new(&file.adjuncts),
            adjunct_nouns: WordSet::new(&file.adjunct_nouns),
            enders: phrase_map(&file.enders),
            roles: file
                .roles
                .into_iter()
                .map(|(key, roles)| (key, roles.iter().map(|r| words_of(r)).collect()))
                .collect(),
        }
    }

    /// The statements of `doc` (the article's text, or a window of it).
    /// `last_speaker` carries the speaker of the previous statement from
    /// one window to the next.
    pub fn find(
        &self,
        doc: &Doc,
        x: &Extraction,
        last_speaker: &mut Option<usize>,
        out: &mut Vec<Statement>,
    ) {
        let seen = self.seen(doc, x);
        let mut i = 0;
        while i < doc.len() {
            if let Some((statement, next)) = self
                .quote_first(doc, x, &seen, i, *last_speaker)
                .or_else(|| self.after_verb(doc, x, &seen, i, *last_speaker))
            {
                if statement.speaker.is_some() {
                    *last_speaker = statement.speaker;
                }
                out.push(statement);
                i = next.max(i + 1);
            } else {
                i += 1;
            }
        }
    }

    fn seen(&self, doc: &Doc, x: &Extraction) -> Seen {
        let mut at = vec![None; doc.len()];
        let starts: Vec<usize> = (0..doc.len())
            .map(|w| doc.words_range(w, w + 1).start)
            .collect();
        let ends: Vec<usize> = (0..doc.len())
            .map(|w| doc.words_range(w, w + 1).end)
            .collect();
        for (e, entity) in x.entities.iter().enumerate() {
            if entity.kind == EntityKind::Date || entity.kind == EntityKind::Round {
                continue;
            }
            for m in &entity.mentions {
                if m.field() != Field::Text {
                    continue;
                }
                let r = m.range();
                let first = ends.partition_point(|&end| end <= r.start);
                let mut w = first;
                while w < doc.len() && starts[w] < r.end {
                    let whole = w > first || starts[w] == r.start;
                    // A person wins a word over anything else found there.
                    let keep = at[w].is_some_and(|(old, _): (usize, bool)| {
                        x.entities[old].kind == EntityKind::Person
                    });
                    if !keep {
                        at[w] = Some((e, whole));
                    }
                    w += 1;
                }
            }
        }
        Seen { at }
    }

    /// A quote opening a sentence, attributed right after it.
    fn quote_first(
        &self,
        doc: &Doc,
        x: &Extraction,
        seen: &Seen,
        i: usize,
        last_speaker: Option<usize>,
    ) -> Option<(Statement, usize)> {
        let gap = doc.gap_before(i);
        if !opens_quote(gap) || gap.contains('(') {
            return None;
        }
        let sentence_start = i == 0 || ends_clause(gap) || {
            let before = gap.trim_end();
            let before = &before[..before.len() - before.chars().next_back()?.len_utf8()];
            before.trim().is_empty() && ends_clause(doc.gap_before(i.saturating_sub(1)))
        };
        if !(sentence_start || i == 0 || doc.gap_before(i).contains('\n')) {
            return None;
        }
        let mut last = i;
        loop {
            if last + 1 >= doc.len() || last - i > QUOTE_REACH {
                return None;
            }
            if closes_quote(doc.gap_after(last)) {
                break;
            }
            if doc.gap_after(last).contains('\n') {
                return None;
            }
            last += 1;
        }
        let cue = last + 1;
        if doc.gap_before(cue).contains('\n') {
            return None;
        }
        let said = doc.words_range(i, last + 1);
        if self.verbs.has_any_form(doc, cue) {
            let (subject_end, _) = self.subject_end(doc, seen, cue + 1, doc.len());
            let speaker = self.speaker(doc, x, seen, cue + 1..subject_end, cue, last_speaker);
            return Some((
                Statement {
                    speaker,
                    verb: doc.words_range(cue, cue + 1),
                    said,
                },
                subject_end,
            ));
        }
        let attribution = self.attributions.longest_at(doc, cue)?;
        let (subject_end, _) = self.subject_end(doc, seen, attribution.end, doc.len());
        let subject = attribution.end..subject_end;
        let speaker = self.speaker(doc, x, seen, subject.clone(), cue, last_speaker);
        Some((
            Statement {
                speaker,
                verb: doc.words_range(cue, attribution.end),
                said,
            },
            subject.end.max(attribution.end),
        ))
    }

    /// A verb of saying (or a participle going on) at word `i`, its
    /// subject, and the words said after «إن/أن» or a colon.
    fn after_verb(
        &self,
        doc: &Doc,
        x: &Extraction,
        seen: &Seen,
        i: usize,
        last_speaker: Option<usize>,
    ) -> Option<(Statement, usize)> {
        let going_on = self.continuations.has_any_form(doc, i);
        if !going_on && !self.verbs.has_any_form(doc, i) {
            return None;
        }
        // Where the words said start: after a complementizer or a colon.
        let mut start = None;
        let mut j = i + 1;
        while j < doc.len() && j <= i + SUBJECT_REACH {
            let gap = doc.gap_before(j);
            if gap.contains(':') {
                start = Some(j);
                break;
            }
            if ends_clause(gap) {
                return None;
            }
            if self.complementizers.has_word(doc, j)
                && !(j > i + 1 && self.not_before_complementizer.has_any_form(doc, j - 1))
            {
                start = Some(j + 1);
                break;
            }
            if self.verbs.has_any_form(doc, j) || self.continuations.has_any_form(doc, j) {
                return None;
            }
            j += 1;
        }
        let start = start.filter(|&s| s < doc.len())?;
        let complementizer = if doc.gap_before(start).contains(':') {
            start
        } else {
            start - 1
        };
        let speaker = if going_on {
            last_speaker
        } else {
            let subject = self.subject(doc, seen, i + 1, complementizer);
            self.speaker(doc, x, seen, subject, i, last_speaker)
        };
        let said_end = self.said_end(doc, start);
        if said_end <= start {
            return None;
        }
        Some((
            Statement {
                speaker,
                verb: doc.words_range(i, i + 1),
                said: doc.words_range(start, said_end),
            },
            said_end,
        ))
    }

    /// The subject between a verb and the words said: from `from` up to
    /// the first circumstance («في تصريح…», «للصحفيين»); after «نقلت X
    /// عن Y قوله» it is Y.
    fn subject(&self, doc: &Doc, seen: &Seen, from: usize, end: usize) -> Range<usize> {
        if end > from && self.reported.has_any_form(doc, end - 1) {
            // «عن Y قوله»: Y.
            if let Some(about) = (from..end - 1).rev().find(|&w| doc.word(w) == "عن") {
                return about + 1..end - 1;
            }
        }
        from..self.subject_end(doc, seen, from, end).0
    }

    /// The end of a subject starting at `from` (before `limit`): the first
    /// circumstance, comma, or the end of the clause. Returns also whether
    /// it stopped at a comma.
    fn subject_end(&self, doc: &Doc, seen: &Seen, from: usize, limit: usize) -> (usize, bool) {
        let mut w = from;
        while w < limit && w < doc.len() && w < from + SUBJECT_REACH {
            let gap = doc.gap_before(w);
            if w > from && (gap.contains(['،', ',']) || ends_clause(gap)) {
                return (w, true);
            }
            if w == from && ends_clause(gap) {
                return (w, false);
            }
            if self.is_circumstance(doc, seen, w) {
                return (w, false);
            }
            w += 1;
        }
        (w.min(limit), false)
    }

    /// Word `w` starts a circumstance of the saying, not its subject.
    fn is_circumstance(&self, doc: &Doc, seen: &Seen, w: usize) -> bool {
        if let Some((_, whole)) = seen.at[w] {
            // «لعنب بلدي»: an entity after a preposition.
            return !whole && doc.word(w).starts_with(['ل', 'ب']);
        }
        if self.adjuncts.has_word(doc, w) || self.complementizers.has_word(doc, w) {
            return true;
        }
        let word = doc.word(w);
        if word.starts_with("لل") || word.starts_with("بال") {
            return true;
        }
        if let Some(rest) = word.strip_prefix(['ل', 'ب'])
            && self.adjunct_nouns.contains(rest)
        {
            return true;
        }
        false
    }

    /// The speaker of a statement whose subject is `subject`.
    fn speaker(
        &self,
        doc: &Doc,
        x: &Extraction,
        seen: &Seen,
        subject: Range<usize>,
        verb: usize,
        last_speaker: Option<usize>,
    ) -> Option<usize> {
        let named = |kind: EntityKind| {
            subject
                .clone()
                .filter_map(|w| seen.at.get(w).copied().flatten())
                .map(|(e, _)| e)
                .find(|&e| x.entities[e].kind == kind)
        };
        if subject.is_empty() {
            return last_speaker.or_else(|| self.last_person_before(x, seen, verb));
        }
        if let Some(person) = named(EntityKind::Person) {
            return Some(person);
        }
        if let Some(person) = self.person_by_role(doc, x, subject.clone(), verb) {
            return Some(person);
        }
        [
            EntityKind::Organization,
            EntityKind::Agency,
            EntityKind::Guarantor,
            EntityKind::Place,
        ]
        .into_iter()
        .find_map(named)
    }

    /// The person of the article whose role the subject names: the role the
    /// article gave them (the title that introduced them), or a role listed
    /// for them. The one named last before the statement wins.
    fn person_by_role(
        &self,
        doc: &Doc,
        x: &Extraction,
        subject: Range<usize>,
        verb: usize,
    ) -> Option<usize> {
        let words: Vec<&str> = subject.clone().map(|w| doc.word(w)).collect();
        // The first word with and without a conjunction («ووزير», «وزير»).
        let first = words[0];
        let bare = first
            .strip_prefix(['و', 'ف'])
            .filter(|rest| rest.chars().count() >= 3)
            .unwrap_or(first);
        let matches = |role: &[String]| {
            role.len() <= words.len() + 2
                && words.len().min(role.len()) >= 2
                && (role[0] == first || role[0] == bare)
                && role[1..].iter().zip(&words[1..]).all(|(a, b)| a == b)
        };
        let candidates: Vec<usize> = x
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
            .filter(|(_, e)| {
                let article_role = e.role.as_deref().map(words_of);
                article_role.is_some_and(|r| matches(&r))
                    || self
                        .roles
                        .get(e.key())
                        .is_some_and(|roles| roles.iter().any(|r| matches(r)))
            })
            .map(|(n, _)| n)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let before = doc.words_range(verb, verb + 1).start;
        candidates.iter().copied().max_by_key(|&e| {
            x.entities[e]
                .mentions
                .iter()
                .filter(|m| m.field() == Field::Text && m.range().start < before)
                .map(|m| m.range().start + 1)
                .max()
                .unwrap_or(0)
        })
    }

    /// The last person named before word `verb`.
    fn last_person_before(&self, x: &Extraction, seen: &Seen, verb: usize) -> Option<usize> {
        (0..verb.min(seen.at.len()))
            .rev()
            .filter_map(|w| seen.at[w])
            .map(|(e, _)| e)
            .find(|&e| x.entities[e].kind == EntityKind::Person)
    }

    /// The word after the last word said, from word `start`: the closing
    /// quote when the words open with one; else the end of the sentence,
    /// or a comma before «مضيفا», another verb of saying, «فيما»…
    fn said_end(&self, doc: &Doc, start: usize) -> usize {
        if opens_quote(doc.gap_before(start)) && !doc.gap_before(start).contains('(') {
            let mut w = start;
            while w < doc.len() && w - start <= QUOTE_REACH {
                if closes_quote(doc.gap_after(w)) {
                    return w + 1;
                }
                if doc.gap_after(w).contains('\n') {
                    break;
                }
                w += 1;
            }
        }
        let mut w = start + 1;
        while w < doc.len() {
            let gap = doc.gap_before(w);
            if ends_clause(gap) {
                return w;
            }
            if gap.contains(['،', ','])
                && (self.continuations.has_any_form(doc, w)
                    || self.verbs.has_any_form(doc, w)
                    || self.enders.longest_at(doc, w).is_some())
            {
                return w;
            }
            w += 1;
        }
        w
    }
}
