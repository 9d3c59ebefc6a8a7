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
use super::typos::Typos;
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
    place_list_cues: Vec<String>,
    common_subjects: Vec<String>,
    member_list_cues: Vec<String>,
    glued_words: Vec<String>,
    acting_verbs: Vec<String>,
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
        Found::words_after(kind, doc, start, 0, end, role)
    }

    /// The same, leaving out `strip` key bytes at the start of the first
    /// word (the conjunction of «وكفرسجنة» in a list).
    fn words_after(
        kind: EntityKind,
        doc: &Doc,
        start: usize,
        strip: usize,
        end: usize,
        role: Option<String>,
    ) -> Found {
        let range = doc.word_ranges[start].start + strip..doc.word_ranges[end - 1].end;
        let key: String = doc.words_key(start, end)[strip..].to_string();
        Found {
            kind,
            key: format!("ar:{key}"),
            arabic: doc.original[doc.original_range(range.clone())].to_string(),
            role,
            range,
        }
    }
}

/// A title found before a gazetteer person: the role to give them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Role {
    pub entry: usize,
    pub role: String,
}

/// A known person found under a misspelling (words `range` of the doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Misspelled {
    pub entry: usize,
    pub words: Range<usize>,
    pub role: Option<String>,
}

/// What the people rules find in one doc.
#[derive(Debug, Default)]
pub(crate) struct People {
    pub found: Vec<Found>,
    pub roles: Vec<Role>,
    pub misspelled: Vec<Misspelled>,
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
    /// Plural and dual place words, before a list of places.
    place_lists: PhraseMap<()>,
    /// Verbs of saying (data/statements.toml) and of acting, before a
    /// person's name.
    person_verbs: PhraseMap<()>,
    common_subjects: WordSet,
    member_lists: PhraseMap<()>,
    /// Words aggregators glue to the next one («فيإدلب»).
    pub glued_words: WordSet,
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
            place_lists: phrase_map(&file.place_list_cues),
            person_verbs: {
                let mut verbs = super::statements::saying_verbs();
                verbs.extend(file.acting_verbs);
                phrase_map(&verbs)
            },
            common_subjects: WordSet::new(&file.common_subjects),
            member_lists: phrase_map(&file.member_list_cues),
            glued_words: WordSet::new(&file.glued_words),
        }
    }

    pub fn register(&mut self, v: &mut Vocabulary) {
        v.register(&mut self.titles);
        v.register(&mut self.place_cues);
        v.register(&mut self.place_context);
        v.register(&mut self.outlets);
        v.register(&mut self.attribution);
        v.register(&mut self.place_lists);
        v.register(&mut self.person_verbs);
        v.register(&mut self.member_lists);
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

    /// A verb of saying or acting ends right before word `i` («استقبل ظريف»).
    pub fn follows_person_verb(&self, doc: &Doc, i: usize) -> bool {
        self.person_verbs.ending_before(doc, i, 1).is_some() && is_tight(doc.gap_before(i))
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

    /// People introduced by a title (before or after the name: «وزير
    /// الخارجية سيرغي لافروف», «أحمد طعمة، رئيس وفد المعارضة»), by a verb
    /// of saying («قال فاتح حسون،»), or listed as members («ضم الوفد كلا
    /// من X وY»). Returns new people, roles for gazetteer people, and
    /// known people under a misspelling.
    pub fn people(&self, doc: &Doc, claims: &[Option<Claim>], typos: &Typos) -> People {
        let mut out = People::default();
        let cues = self.titles.bits() | self.person_verbs.bits() | self.member_lists.bits();
        let (mut i, mut cursor) = (0, 0);
        loop {
            i = doc.next_start(i, cues, &mut cursor);
            if i >= doc.len() {
                break;
            }
            if claims[i].is_some() {
                i += 1;
                continue;
            }
            if let Some(title) = self.titles.longest_at(doc, i) {
                if i > 0 && doc.gap_before(i).contains(['،', ',']) {
                    self.name_before_role(doc, claims, i, &mut out);
                }
                match self.after_title(doc, claims, typos, title.end) {
                    Some(Introduced::Known { entry, role_end }) => {
                        out.roles.push(Role {
                            entry,
                            role: role_text(doc, i, role_end),
                        });
                    }
                    Some(Introduced::New { name, role_end }) => {
                        out.found.push(Found::words(
                            EntityKind::Person,
                            doc,
                            name.start,
                            name.end,
                            Some(role_text(doc, i, role_end)),
                        ));
                    }
                    Some(Introduced::Misspelled {
                        entry,
                        name,
                        role_end,
                    }) => {
                        out.misspelled.push(Misspelled {
                            entry,
                            words: name,
                            role: Some(role_text(doc, i, role_end)),
                        });
                    }
                    None => {}
                }
                i = title.end;
            } else if let Some(verb) = self.person_verbs.longest_at(doc, i) {
                self.after_verb(doc, claims, typos, verb.end, &mut out);
                i = verb.end;
            } else if let Some(cue) = self.member_lists.longest_at(doc, i) {
                i = self
                    .members(doc, claims, typos, cue.end, &mut out)
                    .max(cue.end);
            } else {
                i += 1;
            }
        }
        out
    }

    /// «X، رئيس وفد المعارضة»: the name before the comma that precedes
    /// the title at word `title`, two or three words that start with a
    /// first name or follow a boundary (a verb, a known entity, a definite
    /// word, punctuation).
    fn name_before_role(
        &self,
        doc: &Doc,
        claims: &[Option<Claim>],
        title: usize,
        out: &mut People,
    ) {
        let role_end = self.role_end(doc, claims, title);
        let role = role_text(doc, title, role_end);
        let last = title - 1;
        if let Some(claim) = claims[last] {
            if claim.kind == EntityKind::Person {
                out.roles.push(Role {
                    entry: claim.entry,
                    role,
                });
            }
            return;
        }
        // Words of the name, right to left: a particle joins the word after it.
        let mut start = title;
        let mut units = 0;
        while start > 0 && units < 3 {
            let k = start - 1;
            if k + 1 < title && !is_tight(doc.gap_before(k + 1)) {
                break;
            }
            if claims[k].is_some()
                || self.is_stop(doc, k, claims)
                || self.common_subjects.has_any_form(doc, k)
            {
                break;
            }
            let with_particle = k > 0
                && is_tight(doc.gap_before(k))
                && self.particles.has_word(doc, k - 1)
                && claims[k - 1].is_none();
            if with_particle {
                start = k - 1;
            } else if doc.is_definite(k) && k != last && !self.starts_name(doc, k) {
                break;
            } else {
                start = k;
            }
            units += 1;
        }
        // Start at the leftmost first name, if any.
        if let Some(first) = (start..last).find(|&k| self.starts_name(doc, k)) {
            start = first;
        } else {
            let before_clean = start == 0
                || has_punctuation(doc.gap_before(start))
                || claims[start - 1].is_some()
                || self.is_stop(doc, start - 1, claims)
                || doc.is_definite(start - 1);
            if !before_clean {
                return;
            }
        }
        let units = self.units(doc, start, title);
        if !(2..=3).contains(&units) || (start..title).all(|w| doc.word(w).ends_with('ه')) {
            return;
        }
        if doc.is_definite(start) && !self.starts_name(doc, start) {
            return;
        }
        out.found.push(Found::words(
            EntityKind::Person,
            doc,
            start,
            title,
            Some(role),
        ));
    }

    /// How many name units words `start..end` hold (a particle and the
    /// word after it are one).
    fn units(&self, doc: &Doc, start: usize, end: usize) -> usize {
        let mut n = 0;
        let mut w = start;
        while w < end {
            if self.particles.has_word(doc, w) && w + 1 < end {
                w += 1;
            }
            n += 1;
            w += 1;
        }
        n
    }

    /// The end of a role from its title at word `title`: the title and the
    /// words qualifying it, up to punctuation or a word that qualifies
    /// nothing.
    fn role_end(&self, doc: &Doc, claims: &[Option<Claim>], title: usize) -> usize {
        let mut k = self
            .titles
            .longest_at(doc, title)
            .map_or(title + 1, |t| t.end);
        while k < doc.len() && k < title + 10 && is_tight(doc.gap_before(k)) {
            if let Some(claim) = claims[k] {
                if claim.kind == EntityKind::Person {
                    break;
                }
                k = claim.end;
            } else if let Some(t) = self.titles.longest_at(doc, k) {
                k = t.end;
            } else if doc.is_definite(k) || self.title_links.has_word(doc, k) {
                k += 1;
            } else {
                break;
            }
        }
        k
    }

    /// A person right after a verb of saying or acting, at word `k` («قال
    /// فاتح حسون،», «أكد لافروق أن»).
    fn after_verb(
        &self,
        doc: &Doc,
        claims: &[Option<Claim>],
        typos: &Typos,
        k: usize,
        out: &mut People,
    ) {
        if k >= doc.len()
            || !is_tight(doc.gap_before(k))
            || claims[k].is_some()
            || self.complementizer_at(doc, k)
            || doc.word_ranges[k].len() < 3 * "ل".len()
        {
            // «قال إن», «قال في»: the common cases, without a lookup.
            return;
        }
        let first_name = self.starts_name(doc, k);
        if !first_name
            && (doc.word(k).starts_with("ال")
                || self.is_stop(doc, k, claims)
                || doc.is_definite(k)
                || self.titles.longest_at(doc, k).is_some()
                || self.common_subjects.has_any_form(doc, k)
                || doc.word(k).ends_with("ون"))
        {
            return;
        }
        if let Some((entry, end)) = typos.person_at(doc, k) {
            out.misspelled.push(Misspelled {
                entry,
                words: k..end,
                role: None,
            });
            return;
        }
        let Some(name) = self.name_at(doc, claims, k, false, false) else {
            return;
        };
        if (name.start..name.end).any(|w| self.common_subjects.has_any_form(doc, w)) {
            return;
        }
        // Without a first name, the name must end at a comma or at «إن/أن»
        // and the like: «قال مسؤول تركي رفيع» is no one's name.
        if !first_name
            && name.end < doc.len()
            && !doc.gap_before(name.end).contains(['،', ','])
            && !self.complementizer_at(doc, name.end)
        {
            return;
        }
        out.found.push(Found::words(
            EntityKind::Person,
            doc,
            name.start,
            name.end,
            None,
        ));
    }

    /// Members after a list cue at word `k` («كلا من X وY وZ»): each a
    /// known person or a name that starts with a first name, joined by «و»
    /// or commas. Returns the word after the list.
    fn members(
        &self,
        doc: &Doc,
        claims: &[Option<Claim>],
        typos: &Typos,
        mut k: usize,
        out: &mut People,
    ) -> usize {
        // «يتألف الوفد الحكومي من …»: the group named, then «من».
        let mut skipped = 0;
        while k < doc.len() && skipped < 4 && is_tight(doc.gap_before(k)) {
            if doc.word(k) == "من" {
                k += 1;
                break;
            }
            if doc.is_definite(k)
                || claims[k].is_some_and(|c| c.kind != EntityKind::Person)
                || doc.word(k) == "وفد"
            {
                k = claims[k].map_or(k + 1, |c| c.end);
                skipped += 1;
                continue;
            }
            break;
        }
        let mut count = 0;
        while k < doc.len() {
            let gap = doc.gap_before(k);
            if ends_clause(gap) || (has_punctuation(gap) && !gap.contains(['،', ','])) {
                break;
            }
            if count > 0 && !gap.contains(['،', ',']) && !doc.word(k).starts_with('و') {
                break;
            }
            if let Some(claim) = claims[k] {
                if claim.kind != EntityKind::Person {
                    break;
                }
                k = claim.end;
                count += 1;
                continue;
            }
            let strip =
                usize::from(count > 0 && doc.word(k).starts_with('و') && !gap.contains(['،', ',']))
                    * "و".len();
            let first = &doc.word(k)[strip..];
            if !(self.first_names.contains(first) || self.particles.contains(first)) {
                if let Some((entry, end)) = typos.person_at(doc, k) {
                    out.misspelled.push(Misspelled {
                        entry,
                        words: k..end,
                        role: None,
                    });
                    k = end;
                    count += 1;
                    continue;
                }
                break;
            }
            // The member's other words: up to two, not starting a new member.
            let mut end = k + 1;
            if self.particles.contains(first) && end < doc.len() && is_tight(doc.gap_before(end)) {
                end += 1;
            }
            let mut units = 1;
            while end < doc.len() && units < 3 && is_tight(doc.gap_before(end)) {
                let word = doc.word(end);
                if self.is_stop(doc, end, claims) || claims[end].is_some() {
                    break;
                }
                if let Some(rest) = word.strip_prefix('و')
                    && (self.first_names.contains(rest) || self.particles.contains(rest))
                {
                    break;
                }
                if self.particles.has_word(doc, end) && end + 1 < doc.len() {
                    end += 2;
                } else {
                    end += 1;
                }
                units += 1;
                if doc.is_definite(end - 1) {
                    break;
                }
            }
            if units < 2 {
                break;
            }
            out.found.push(Found::words_after(
                EntityKind::Person,
                doc,
                k,
                strip,
                end,
                None,
            ));
            count += 1;
            k = end;
        }
        k
    }

    /// What follows a title: the words that qualify it (الروسي، الخاص،
    /// إلى سوريا، another title), then a person or nothing.
    fn after_title(
        &self,
        doc: &Doc,
        claims: &[Option<Claim>],
        typos: &Typos,
        from: usize,
    ) -> Option<Introduced> {
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
            // A known person misspelled where a name is expected.
            let misspelled = |k: usize| {
                typos
                    .person_at(doc, k)
                    .map(|(entry, end)| Introduced::Misspelled {
                        entry,
                        name: k..end,
                        role_end,
                    })
            };
            if quoted || comma {
                if let Some(known) = misspelled(k) {
                    return Some(known);
                }
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
            if let Some(known) = misspelled(k) {
                return Some(known);
            }
            if !first_name {
                // «وقال قائد الفصيل الرائد جميل الصالح إن»: without a
                // first name, a name that ends at «إن/أن».
                let name = self.name_at(doc, claims, k, false, false)?;
                let ordinary = name
                    .clone()
                    .any(|w| self.common_subjects.has_any_form(doc, w));
                return (self.complementizer_at(doc, name.end) && !ordinary)
                    .then_some(Introduced::New { name, role_end });
            }
            let name = self.name_at(doc, claims, k, false, false)?;
            return Some(Introduced::New { name, role_end });
        }
        None
    }

    /// Word `k` is «إن/أن/بأن» (with a pronoun or not), right after a name.
    fn complementizer_at(&self, doc: &Doc, k: usize) -> bool {
        k < doc.len()
            && is_tight(doc.gap_before(k))
            && matches!(
                doc.word(k),
                "ان" | "بان" | "انه" | "بانه" | "انها" | "بانها" | "انهم" | "بانهم"
            )
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
                // عبد الرحمن، أبو زيد: the particle and its word are one;
                // so are «أبو عبد الله» (a particle after a particle).
                let next = j + 1;
                if next >= doc.len()
                    || !is_tight(doc.gap_before(next))
                    || self.is_stop(doc, next, claims)
                {
                    break;
                }
                j += 2;
                if self.particles.has_word(doc, next)
                    && j < doc.len()
                    && is_tight(doc.gap_before(j))
                    && !self.is_stop(doc, j, claims)
                {
                    j += 1;
                }
                words += 1;
                continue;
            }
            if doc.word(j).starts_with("لل") {
                // «للصحفيين»: a preposition, never in a name.
                break;
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
            || doc.word(j).starts_with("لل")
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

    /// Places listed after a plural or dual place word («قرى وبلدات معرة
    /// حرمة وكفرسجنة والشيخ مصطفى بريف إدلب»): members joined by «و» or
    /// commas, each one word, or two after a compound head or when the
    /// second ends the member. One member alone needs a boundary after it.
    pub fn place_lists(&self, doc: &Doc, claims: &[Option<Claim>]) -> Vec<Found> {
        let mut found = Vec::new();
        self.place_lists.scan(doc, |cue| {
            if claims[cue.start].is_some() {
                return None;
            }
            let mut members: Vec<Found> = Vec::new();
            let mut known = 0;
            let mut k = cue.end;
            loop {
                if k >= doc.len() {
                    break;
                }
                let gap = doc.gap_before(k);
                let first = members.len() + known == 0;
                let comma = gap.contains(['،', ',']);
                if first {
                    if !is_tight(gap) {
                        break;
                    }
                } else {
                    let joined = (comma && !ends_clause(gap))
                        || (is_tight(gap) && doc.word(k).starts_with('و'));
                    if !joined {
                        break;
                    }
                }
                if let Some(claim) = claims[k] {
                    if claim.kind != EntityKind::Place {
                        break;
                    }
                    known += 1;
                    k = claim.end;
                    continue;
                }
                let strip = if !first
                    && doc.word(k).starts_with('و')
                    && (!comma || doc.word(k).chars().count() > 3)
                {
                    "و".len()
                } else {
                    0
                };
                let word = &doc.word(k)[strip..];
                // «مخيمات النازحين»: a plural noun, not a first member.
                let plural =
                    word.starts_with("ال") && (word.ends_with("ين") || word.ends_with("ون"));
                if word.chars().count() < 2
                    || self.is_list_stop(doc, claims, k, word)
                    || (first && plural)
                {
                    break;
                }
                let mut end = k + 1;
                if end < doc.len()
                    && is_tight(doc.gap_before(end))
                    && !doc.word(end).starts_with('و')
                {
                    let second = doc.word(end);
                    // Plural nouns («مظاهرات») follow a list, not a name.
                    let may_follow = !self.is_place_stop(doc, claims, end)
                        && self.place_context.longest_at(doc, end).is_none();
                    // After a head the second word is part of the name
                    // («باب الهوى»); else not an adjective («وقاح
                    // الحدودية») or a plural noun («كفرومة مظاهرات»).
                    let second_ok = may_follow
                        && !is_adjective(doc, end)
                        && !["ات", "ون", "ين"].iter().any(|s| second.ends_with(s));
                    let head = self.compound_heads.contains(word)
                        || word
                            .strip_prefix("ال")
                            .is_some_and(|w| self.compound_heads.contains(w))
                        || self.compound_heads.contains(&format!("ال{word}"));
                    // A second word belongs to the member after a head, or
                    // when the list goes on (or stops) right after it.
                    let ends_member = end + 1 >= doc.len()
                        || doc.word(end + 1).starts_with('و')
                        || has_punctuation(doc.gap_before(end + 1))
                        || self.list_boundary(doc, claims, end + 1);
                    if (head && may_follow) || (second_ok && ends_member) {
                        end += 1;
                    }
                }
                // After a comma, a member must be followed by the list
                // going on or ending («وتلمنس، وأوقع ثلاثة» ends at the comma).
                let goes_on = end >= doc.len()
                    || has_punctuation(doc.gap_before(end))
                    || doc.word(end).starts_with('و')
                    || self.list_boundary(doc, claims, end);
                if comma && !goes_on {
                    break;
                }
                members.push(Found::words_after(
                    EntityKind::Place,
                    doc,
                    k,
                    strip,
                    end,
                    None,
                ));
                k = end;
            }
            let total = members.len() + known;
            let closed = k >= doc.len()
                || has_punctuation(doc.gap_before(k))
                || self.list_boundary(doc, claims, k);
            if members.is_empty() || (total < 2 && !closed) {
                return None;
            }
            found.extend(members);
            Some(k)
        });
        found
    }

    /// Word `k` ends a list of places: a preposition or place word
    /// («في», «بريف», «شمال»), a known entity, a stop word.
    fn list_boundary(&self, doc: &Doc, claims: &[Option<Claim>], k: usize) -> bool {
        k >= doc.len()
            || claims[k].is_some()
            || self.stops.has_any_form(doc, k)
            || self.place_context.longest_at(doc, k).is_some()
            || self.place_cues.longest_at(doc, k).is_some()
            || is_adjective(doc, k)
    }

    /// `word` (word `k` without its conjunction) cannot be a listed place.
    fn is_list_stop(&self, doc: &Doc, claims: &[Option<Claim>], k: usize, word: &str) -> bool {
        self.stops.contains(word)
            || self.place_non_names.contains(word)
            || self.place_non_names.has_any_form(doc, k)
            || self.is_place_stop(doc, claims, k)
            || word.chars().any(|c| c.is_ascii_digit())
            || self.place_context.longest_at(doc, k).is_some()
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
    Known {
        entry: usize,
        role_end: usize,
    },
    New {
        name: Range<usize>,
        role_end: usize,
    },
    Misspelled {
        entry: usize,
        name: Range<usize>,
        role_end: usize,
    },
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
