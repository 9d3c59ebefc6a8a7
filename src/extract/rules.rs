//! Rules that find what no list holds: people introduced by a title, places
//! after «محافظة/مدينة/بلدة/قرية/ريف/حي», outlets after «وكالة/صحيفة/قناة».
//! The word lists are in data/rules.toml.
//!
//! Every rule prefers missing a name to inventing one: a name must end
//! where names end (punctuation, a closing quote, a stop word), be two to
//! four words for people, and not run into words the gazetteer knows.

use super::EntityKind;
use super::phrases::{
    Doc, PhraseMap, Vocabulary, WordSet, closes_quote, ends_clause, has_punctuation, is_tight,
    number, opens_quote,
};
use serde::Deserialize;
use std::ops::Range;

pub(super) const RULES: &str = include_str!("../../data/rules.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    titles: Vec<String>,
    place_context: Vec<String>,
    title_links: Vec<String>,
    name_particles: Vec<String>,
    first_names: Vec<String>,
    stop_words: Vec<String>,
    place_cues: Vec<String>,
    place_compound_heads: Vec<String>,
    place_non_names: Vec<String>,
    outlet_nouns: Vec<String>,
    outlet_nouns_quoted_only: Vec<String>,
    attribution: Vec<String>,
    outlet_name_enders: Vec<String>,
}

/// A word the gazetteer matched: which kind, and the words it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Claim {
    pub kind: EntityKind,
    /// The gazetteer entry.
    pub entry: usize,
    pub end: usize,
}

/// Something a rule found that the gazetteer did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub kind: EntityKind,
    /// `ar:` + the normalized name.
    pub key: String,
    /// The name as written (first occurrence).
    pub arabic: String,
    pub role: Option<String>,
    /// Key byte range of the mention.
    pub range: Range<usize>,
}

impl Found {
    /// An entity the rules found in words `start..end` of `doc`, keyed by
    /// its normalized words (`ar:` + key) since no gazetteer entry knows it.
    fn words(kind: EntityKind, doc: &Doc, start: usize, end: usize, role: Option<String>) -> Found {
        Found {
            kind,
            key: format!("ar:{}", doc.words_key(start, end)),
            arabic: doc.words_text(start, end).to_string(),
            role,
            range: doc.word_ranges[start].start..doc.word_ranges[end - 1].end,
        }
    }
}

/// A title found before a gazetteer person: the role to give them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Role {
    pub entry: usize,
    pub role: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Rules {
    titles: PhraseMap<()>,
    title_links: WordSet,
    particles: WordSet,
    first_names: WordSet,
    stops: WordSet,
    place_cues: PhraseMap<()>,
    /// Place words and locative prepositions, before an ambiguous place.
    place_context: PhraseMap<()>,
    compound_heads: WordSet,
    place_non_names: WordSet,
    /// Outlet nouns; the value is true when the name must be quoted.
    outlets: PhraseMap<bool>,
    pub attribution: PhraseMap<()>,
    outlet_enders: WordSet,
}

fn phrase_map(forms: &[String]) -> PhraseMap<()> {
    let mut map = PhraseMap::default();
    for f in forms {
        map.insert(f, ());
    }
    map
}

impl Rules {
    pub fn builtin() -> Rules {
        let file: RulesFile = toml::from_str(RULES).expect("data/rules.toml is valid");
        let mut outlets = PhraseMap::default();
        for f in &file.outlet_nouns {
            outlets.insert(f, false);
        }
        for f in &file.outlet_nouns_quoted_only {
            outlets.insert(f, true);
        }
        Rules {
            titles: phrase_map(&file.titles),
            title_links: WordSet::new(&file.title_links),
            particles: WordSet::new(&file.name_particles),
            first_names: WordSet::new(&file.first_names),
            stops: WordSet::new(&file.stop_words),
            place_cues: phrase_map(&file.place_cues),
            place_context: phrase_map(&file.place_context),
            compound_heads: WordSet::new(&file.place_compound_heads),
            place_non_names: WordSet::new(&file.place_non_names),
            outlets,
            attribution: phrase_map(&file.attribution),
            outlet_enders: WordSet::new(&file.outlet_name_enders),
        }
    }

    pub fn register(&mut self, v: &mut Vocabulary) {
        v.register(&mut self.titles);
        v.register(&mut self.place_cues);
        v.register(&mut self.place_context);
        v.register(&mut self.outlets);
        v.register(&mut self.attribution);
    }

    /// True when word `i` comes right after an attribution phrase or an
    /// outlet noun («بحسب X»، «لـ X»، «قناة X»), or is quoted.
    pub fn attributed(&self, doc: &Doc, i: usize, end: usize) -> bool {
        let gap = doc.gap_before(i);
        let after_cue = self.attribution.ending_before(doc, i, 3).is_some()
            || self.outlets.ending_before(doc, i, 3).is_some();
        if after_cue && !ends_clause(gap) {
            return true;
        }
        opens_quote(gap) && closes_quote(doc.gap_after(end - 1))
    }

    /// A title with the article ends right before word `i` (الرئيس روحاني;
    /// «زعيم روحاني» is a spiritual leader).
    pub fn follows_title(&self, doc: &Doc, i: usize) -> bool {
        self.titles
            .ending_before(doc, i, 4)
            .is_some_and(|t| doc.is_definite(t.end - 1))
            && !has_punctuation(doc.gap_before(i))
    }

    /// A place word or a locative preposition ends right before word `i`
    /// (مدينة تدمر، في تدمر، قرب تدمر), or the word carries a clitic
    /// preposition (بتدمر، لتدمر).
    pub fn follows_place_word(&self, doc: &Doc, i: usize) -> bool {
        let cue = self.place_cues.ending_before(doc, i, 2).is_some()
            || self.place_context.ending_before(doc, i, 2).is_some();
        cue && is_tight(doc.gap_before(i))
    }

    /// Word `i` cannot be part of a name.
    fn is_stop(&self, doc: &Doc, i: usize, claims: &[Option<Claim>]) -> bool {
        self.stops.has_any_form(doc, i)
            || number(doc, i).is_some()
            || doc.word(i).chars().any(|c| c.is_ascii_digit())
            || claims[i].is_some_and(|c| c.kind != EntityKind::Person)
            || self.is_cue_word(doc, i)
    }

    /// Word `i` starts a title, a place word, an outlet word or an
    /// attribution («لوكالة», «بحسب»): it follows a name, never belongs to it.
    fn is_cue_word(&self, doc: &Doc, i: usize) -> bool {
        self.titles.longest_at(doc, i).is_some()
            || self.outlets.longest_at(doc, i).is_some()
            || self.place_cues.longest_at(doc, i).is_some()
            || self.attribution.longest_at(doc, i).is_some()
    }

    /// People introduced by a title. Returns new people and roles for
    /// gazetteer people.
    pub fn people(&self, doc: &Doc, claims: &[Option<Claim>]) -> (Vec<Found>, Vec<Role>) {
        let mut found = Vec::new();
        let mut roles = Vec::new();
        let (mut i, mut cursor) = (0, 0);
        loop {
            i = doc.next_start(i, &mut cursor);
            if i >= doc.len() {
                break;
            }
            if claims[i].is_some() {
                i += 1;
                continue;
            }
            let Some(title) = self.titles.longest_at(doc, i) else {
                i += 1;
                continue;
            };
            match self.after_title(doc, claims, title.end) {
                Some(Introduced::Known { entry, role_end }) => {
                    roles.push(Role {
                        entry,
                        role: role_text(doc, i, role_end),
                    });
                }
                Some(Introduced::New { name, role_end }) => {
                    found.push(Found::words(
                        EntityKind::Person,
                        doc,
                        name.start,
                        name.end,
                        Some(role_text(doc, i, role_end)),
                    ));
                }
                None => {}
            }
            i = title.end;
        }
        (found, roles)
    }

    /// What follows a title: the words that qualify it (الروسي، الخاص،
    /// إلى سوريا، another title), then a person or nothing.
    fn after_title(&self, doc: &Doc, claims: &[Option<Claim>], from: usize) -> Option<Introduced> {
        let mut k = from;
        let mut role_end = from;
        for _ in 0..10 {
            if k >= doc.len() {
                return None;
            }
            let gap = doc.gap_before(k);
            if ends_clause(gap) {
                return None;
            }
            let quoted = opens_quote(gap);
            let comma = gap.contains(['،', ',']);
            if has_punctuation(gap) && !quoted && !comma {
                return None;
            }
            if let Some(claim) = claims[k] {
                if claim.kind == EntityKind::Person {
                    return Some(Introduced::Known {
                        entry: claim.entry,
                        role_end,
                    });
                }
                if quoted || comma {
                    return None;
                }
                k = claim.end;
                role_end = k;
                continue;
            }
            if quoted || comma {
                // Set off by quotes or commas: any name shape will do.
                let name = self.name_at(doc, claims, k, quoted, true)?;
                return Some(Introduced::New { name, role_end });
            }
            if let Some(t) = self.titles.longest_at(doc, k) {
                k = t.end;
                role_end = k;
                continue;
            }
            // First names are checked first: some start like the article
            // (ألكسندر، إلياس).
            let first_name = self.starts_name(doc, k);
            if !first_name && (doc.is_definite(k) || self.title_links.has_word(doc, k)) {
                k += 1;
                role_end = k;
                continue;
            }
            if !first_name {
                return None;
            }
            let name = self.name_at(doc, claims, k, false, false)?;
            return Some(Introduced::New { name, role_end });
        }
        None
    }

    /// Word `k` is a common first name, or a particle that starts one
    /// (عبد الله، أبو محمد).
    fn starts_name(&self, doc: &Doc, k: usize) -> bool {
        self.first_names.has_word(doc, k)
            || (self.particles.has_word(doc, k)
                && k + 1 < doc.len()
                && is_tight(doc.gap_before(k + 1)))
    }

    /// A person's name starting at word `k`: two to four words (a particle
    /// and its word count as one), ending at a boundary.
    fn name_at(
        &self,
        doc: &Doc,
        claims: &[Option<Claim>],
        k: usize,
        quoted: bool,
        set_off: bool,
    ) -> Option<Range<usize>> {
        let first_name = self.starts_name(doc, k);
        if !first_name && (self.is_stop(doc, k, claims) || doc.is_definite(k)) {
            return None;
        }
        // Unquoted, a name of four words is rarer than a name and a verb
        // (الرئيس محمود عباس يستقبل…).
        let most = if quoted { 4 } else { 3 };
        let mut j = k;
        let mut words = 0;
        while j < doc.len() && words < most {
            if j > k && !is_tight(doc.gap_before(j)) {
                break;
            }
            if self.is_stop(doc, j, claims) && !(j == k && first_name) {
                break;
            }
            if self.particles.has_word(doc, j) {
                // عبد الرحمن، أبو زيد: the particle and its word are one.
                let next = j + 1;
                if next >= doc.len()
                    || !is_tight(doc.gap_before(next))
                    || self.is_stop(doc, next, claims)
                {
                    break;
                }
                j += 2;
                words += 1;
                continue;
            }
            if doc.is_definite(j) && !(j == k && first_name) {
                // A family name with the article (الجعفري) ends the name;
                // a definite noun (الجولة) does not belong to it, unless
                // quotes or commas set the name off (البحرة).
                if j > k
                    && (set_off || !doc.word(j).ends_with('ه'))
                    && self.boundary(doc, claims, j + 1, quoted)
                {
                    j += 1;
                    words += 1;
                }
                break;
            }
            j += 1;
            words += 1;
        }
        if words < 2 || !self.boundary(doc, claims, j, quoted) {
            return None;
        }
        // A feminine noun and its adjective («مهمة صعبة», «خطوة إيجابية»)
        // look like a quoted name; a name rarely has ة on every word.
        if (k..j).all(|w| doc.word(w).ends_with('ه')) {
            return None;
        }
        Some(k..j)
    }

    /// Whether a name may end before word `j`.
    fn boundary(&self, doc: &Doc, claims: &[Option<Claim>], j: usize, quoted: bool) -> bool {
        if j >= doc.len() {
            return !quoted || closes_quote(doc.gap_before(j));
        }
        let gap = doc.gap_before(j);
        if quoted {
            return closes_quote(gap);
        }
        has_punctuation(gap)
            || self.stops.has_any_form(doc, j)
            || claims[j].is_some()
            || self.is_cue_word(doc, j)
    }

    /// Places named after a place cue (قرية X، حي X) that the gazetteer does
    /// not know.
    pub fn places(&self, doc: &Doc, claims: &[Option<Claim>]) -> Vec<Found> {
        let mut found = Vec::new();
        self.place_cues.scan(doc, |cue| {
            let k = cue.end;
            if claims[cue.start].is_some()
                || k >= doc.len()
                || !(is_tight(doc.gap_before(k)) || opens_quote(doc.gap_before(k)))
                || claims[k].is_some()
                || self.is_place_stop(doc, claims, k)
            {
                return None;
            }
            let mut end = k + 1;
            if self.compound_heads.has_word(doc, k)
                && end < doc.len()
                && is_tight(doc.gap_before(end))
                && !self.is_place_stop(doc, claims, end)
                && claims[end].is_none()
            {
                end += 1;
            }
            if doc.word(end - 1).chars().count() < 2 {
                return None;
            }
            found.push(Found::words(EntityKind::Place, doc, k, end, None));
            Some(end)
        });
        found
    }

    fn is_place_stop(&self, doc: &Doc, claims: &[Option<Claim>], k: usize) -> bool {
        // Titles are not stops here: «حي الشيخ مقصود» is a place.
        self.stops.has_any_form(doc, k)
            || doc.word(k).chars().any(|c| c.is_ascii_digit())
            || claims[k].is_some()
            || self.place_non_names.has_any_form(doc, k)
            || self.place_cues.longest_at(doc, k).is_some()
    }

    /// Outlets named after «وكالة/صحيفة/قناة…» that the gazetteer does not
    /// know: a quoted name, or an unquoted one of one or two words that
    /// ends at punctuation or at «عن/أن/الروسية…».
    pub fn agencies(&self, doc: &Doc, claims: &[Option<Claim>]) -> Vec<Found> {
        let mut found = Vec::new();
        self.outlets.scan(doc, |cue| {
            let k = cue.end;
            if k >= doc.len() || claims[k].is_some() || claims[cue.start].is_some() {
                return None;
            }
            let gap = doc.gap_before(k);
            let quoted = opens_quote(gap);
            if !quoted && (*cue.value || !is_tight(gap)) {
                return None;
            }
            // An unquoted name with the article (صحيفة الوطن السورية) is
            // one word, and needs an adjective of origin or a full stop
            // after it: «وكالة الأنباء الرسمية» is no outlet's name.
            let definite = !quoted && doc.is_definite(k);
            let limit = if quoted {
                4
            } else if definite {
                1
            } else {
                2
            };
            let mut end = k;
            while end < doc.len() && end - k < limit {
                if end > k && !is_tight(doc.gap_before(end)) {
                    break;
                }
                if self.is_stop(doc, end, claims)
                    || self.outlet_enders.has_any_form(doc, end)
                    || (!quoted && doc.is_definite(end) && end > k)
                {
                    break;
                }
                end += 1;
            }
            if end == k {
                return None;
            }
            let closed = if quoted {
                end >= doc.len() || closes_quote(doc.gap_before(end))
            } else if definite {
                end < doc.len() && is_adjective(doc, end)
            } else {
                end >= doc.len()
                    || has_punctuation(doc.gap_before(end))
                    || self.outlet_enders.has_any_form(doc, end)
                    || self.stops.has_any_form(doc, end)
                    || is_adjective(doc, end)
            };
            if !closed {
                return None;
            }
            found.push(Found::words(EntityKind::Agency, doc, k, end, None));
            Some(end)
        });
        found
    }
}

enum Introduced {
    Known { entry: usize, role_end: usize },
    New { name: Range<usize>, role_end: usize },
}

/// A definite adjective of origin or kind after a name: «التركية»،
/// «الرسمية» (nisba, ending in ي or ية).
fn is_adjective(doc: &Doc, i: usize) -> bool {
    let word = doc.word(i);
    word.starts_with("ال") && (word.ends_with('ي') || word.ends_with("يه"))
}

/// The role as written: the title and its qualifiers.
fn role_text(doc: &Doc, start: usize, end: usize) -> String {
    doc.words_text(start, end).to_string()
}
