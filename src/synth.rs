//! A deterministic synthetic archive for benchmarks: N articles made by
//! recombining the bundled articles' paragraphs, with other round numbers,
//! people, places, agencies and dates swapped in (vocabulary in
//! `data/synth.toml`). The same `(articles, seed)` always gives the same
//! bytes.
//!
//! Those paragraphs have about a thousand distinct words, where a real
//! archive of 100,000 articles has hundreds of thousands (names of people,
//! villages and clans, numbers, misspellings). `rare_words` adds made-up
//! words of that kind, so the index can be measured at a real vocabulary's
//! size. `article_bytes` makes shorter (or longer) articles than the
//! seeds', so that memory can be measured per article as well as per byte.

use crate::corpus::Corpus;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

#[derive(Deserialize)]
struct Vocabulary {
    rounds: Vec<[u16; 4]>,
    people: Vec<String>,
    places: Vec<String>,
    agencies: Vec<String>,
    levantine_months: Vec<String>,
    gregorian_months: Vec<String>,
    /// Paragraphs of a seed-sized article: between the two, inclusive.
    seed_sized_paragraphs: [usize; 2],
}

fn vocabulary() -> Vocabulary {
    toml::from_str(include_str!("../data/synth.toml")).expect("data/synth.toml is valid")
}

/// A piece of a paragraph template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// A person's name; the index picks the same substitute within an article.
    Person(usize),
    Place(usize),
    Agency(usize),
    RoundNumber,
    Year,
    /// Month by number (0-11), written in the system it was found in.
    Month {
        levantine: bool,
    },
}

type Template = Vec<Piece>;

/// A vocabulary list and the slot its names become.
type SlotList<'a> = (&'a [String], fn(usize) -> Piece);

/// Small, fast, deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A rank below `n` drawn with probability about proportional to
    /// 1 / (rank + 1), as word frequencies go (Zipf).
    fn zipf_rank(&mut self, n: usize) -> usize {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((unit * (n as f64).ln()).exp() as usize).clamp(1, n) - 1
    }
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Where a word may start: at a non-letter, or after one clitic letter
/// (و ب ل ف) that itself follows a non-letter.
fn word_starts_at(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some('و' | 'ب' | 'ل' | 'ف') => !is_letter(before.next()),
        _ => false,
    }
}

/// Cuts a paragraph into text and slots wherever a known name, month,
/// year or round number occurs (longest match first, whole words only).
fn template(paragraph: &str, vocab: &Vocabulary) -> Template {
    let mut found: Vec<(usize, usize, Piece)> = Vec::new();
    let lists: [SlotList; 5] = [
        (&vocab.people, Piece::Person),
        (&vocab.places, Piece::Place),
        (&vocab.agencies, Piece::Agency),
        (&vocab.levantine_months, |_| Piece::Month {
            levantine: true,
        }),
        (&vocab.gregorian_months, |_| Piece::Month {
            levantine: false,
        }),
    ];
    for (list, piece) in lists {
        for (index, name) in list.iter().enumerate() {
            for (at, _) in paragraph.match_indices(name.as_str()) {
                let end = at + name.len();
                if word_starts_at(paragraph, at) && !is_letter(paragraph[end..].chars().next()) {
                    found.push((at, end, piece(index)));
                }
            }
        }
    }
    for cue in [
        "أستانا ",
        "أستانة ",
        "أستانا-",
        "الجولة ",
        "الجولة الـ",
        "الاجتماع ",
    ] {
        for (at, _) in paragraph.match_indices(cue) {
            let digits_at = at + cue.len();
            let digits = paragraph[digits_at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            if (1..=2).contains(&digits) {
                found.push((digits_at, digits_at + digits, Piece::RoundNumber));
            }
        }
    }
    for (at, _) in paragraph.match_indices("20") {
        let end = at + 4;
        if paragraph
            .get(at..end)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()) && ("2016".."2025").contains(&y))
            && !is_letter(paragraph[..at].chars().next_back())
            && !is_letter(paragraph[end..].chars().next())
        {
            found.push((at, end, Piece::Year));
        }
    }
    // Longest first at each start, then drop overlaps.
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut pieces = Vec::new();
    let mut cursor = 0;
    for (start, end, piece) in found {
        if start < cursor {
            continue;
        }
        if start > cursor {
            pieces.push(Piece::Text(paragraph[cursor..start].to_string()));
        }
        pieces.push(piece);
        cursor = end;
    }
    if cursor < paragraph.len() {
        pieces.push(Piece::Text(paragraph[cursor..].to_string()));
    }
    pieces
}

/// One generated record, as written to JSONL.
#[derive(Serialize)]
struct Record<'a> {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    date: String,
    source: &'a str,
    text: String,
}

/// Made-up words added to each paragraph when `rare_words` is set.
const RARE_WORDS_PER_PARAGRAPH: usize = 3;

/// Made-up word number `k`: Arabic syllables (a letter and a long vowel or
/// none), three at least, distinct for distinct `k`, made of letters the
/// normalizer keeps as they are.
pub fn made_up_word(k: usize) -> String {
    // No ي among the letters: it is a vowel below, and a letter that is
    // both would make two numbers one word.
    const LETTERS: [char; 25] = [
        'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ',
        'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه',
    ];
    const VOWELS: [&str; 4] = ["", "ا", "و", "ي"];
    const SYLLABLES: usize = LETTERS.len() * VOWELS.len();
    const THREE: usize = SYLLABLES * SYLLABLES * SYLLABLES;
    // Scrambled within each block of THREE numbers (7,919 shares no factor
    // with 100³), so that neighbouring numbers do not share syllables.
    let mut k = k / THREE * THREE + k % THREE * 7_919 % THREE;
    let mut word = String::new();
    for syllable in 0.. {
        if syllable >= 3 && k == 0 {
            break;
        }
        let digit = k % SYLLABLES;
        k /= SYLLABLES;
        word.push(LETTERS[digit / VOWELS.len()]);
        word.push_str(VOWELS[digit % VOWELS.len()]);
    }
    word
}

/// The paragraph and title templates taken from a corpus.
pub struct Generator {
    vocab: Vocabulary,
    titles: Vec<Template>,
    paragraphs: Vec<Template>,
    rare_words: usize,
    article_bytes: Option<usize>,
}

impl Generator {
    /// Templates from every paragraph of `corpus` (normally the bundled one).
    pub fn new(corpus: &Corpus) -> Generator {
        let vocab = vocabulary();
        let mut titles = Vec::new();
        let mut paragraphs = Vec::new();
        for article in &corpus.articles {
            titles.push(template(&article.title, &vocab));
            for line in article.text.lines().skip(1) {
                let line = line.trim();
                if line.chars().count() >= 40 {
                    paragraphs.push(template(line, &vocab));
                }
            }
        }
        Generator {
            vocab,
            titles,
            paragraphs,
            rare_words: 0,
            article_bytes: None,
        }
    }

    /// Articles of about `bytes` bytes of text each instead of seed-sized
    /// ones: whole paragraphs, up to a length drawn between half and one
    /// and a half times `bytes` (a paragraph goes in when at least half of
    /// it fits; every article has one). `None`, the default: seed-sized
    /// articles, paragraphs as many as `data/synth.toml` says.
    pub fn article_bytes(mut self, bytes: Option<usize>) -> Generator {
        self.article_bytes = bytes;
        self
    }

    /// Adds three made-up words to each paragraph, drawn from `pool` of
    /// them with frequencies as a language has (a few common, most rare).
    /// 0, the default, adds none.
    pub fn rare_words(mut self, pool: usize) -> Generator {
        self.rare_words = pool;
        self
    }

    /// Puts made-up words at word boundaries of the paragraph that starts
    /// at `start` of `text`.
    fn add_rare_words(&self, text: &mut String, start: usize, rng: &mut Rng) {
        for _ in 0..RARE_WORDS_PER_PARAGRAPH {
            let spaces: Vec<usize> = text[start..]
                .match_indices(' ')
                .map(|(at, _)| start + at)
                .collect();
            let Some(&at) = spaces.get(rng.below(spaces.len())) else {
                return;
            };
            let word = made_up_word(rng.zipf_rank(self.rare_words));
            text.insert_str(at, &format!(" {word}"));
        }
    }

    fn fill(&self, template: &Template, fills: &Fills, out: &mut String) {
        for piece in template {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Person(i) => out.push_str(&self.vocab.people[fills.people[*i]]),
                Piece::Place(i) => out.push_str(&self.vocab.places[fills.places[*i]]),
                Piece::Agency(i) => out.push_str(&self.vocab.agencies[fills.agencies[*i]]),
                Piece::RoundNumber if fills.indic_digits => {
                    out.extend(
                        fills.round.to_string().chars().map(|d| {
                            char::from_u32(0x0660 + d.to_digit(10).unwrap_or(0)).unwrap_or(d)
                        }),
                    )
                }
                Piece::RoundNumber => out.push_str(&fills.round.to_string()),
                Piece::Year => out.push_str(&fills.year.to_string()),
                Piece::Month { levantine: true } => {
                    out.push_str(&self.vocab.levantine_months[fills.month])
                }
                Piece::Month { levantine: false } => {
                    out.push_str(&self.vocab.gregorian_months[fills.month])
                }
            }
        }
    }

    /// Writes `articles` JSONL records to `out`.
    pub fn write(&self, articles: usize, seed: u64, out: &mut impl Write) -> io::Result<()> {
        let mut text = String::new();
        let mut title = String::new();
        for n in 0..articles {
            let mut rng = Rng(seed ^ (n as u64).wrapping_mul(0xA24B_AED4_963E_E407));
            let [round, year, month, day] = self.vocab.rounds[rng.below(self.vocab.rounds.len())];
            let fills = Fills {
                round,
                year,
                month: usize::from(month.clamp(1, 12) - 1),
                indic_digits: rng.below(5) == 0,
                people: shuffled(self.vocab.people.len(), &mut rng),
                places: shuffled(self.vocab.places.len(), &mut rng),
                agencies: shuffled(self.vocab.agencies.len(), &mut rng),
            };
            title.clear();
            // Half the headlines are seed headlines, half a paragraph's first clause.
            if rng.below(2) == 0 {
                self.fill(
                    &self.titles[rng.below(self.titles.len())],
                    &fills,
                    &mut title,
                );
            } else {
                let mut lead = String::new();
                self.fill(
                    &self.paragraphs[rng.below(self.paragraphs.len())],
                    &fills,
                    &mut lead,
                );
                title.push_str(&crate::corpus::clip_title(&lead));
            }
            text.clear();
            let separate_title = rng.below(2) == 0;
            if !separate_title {
                text.push_str(&title);
                text.push('\n');
            }
            // A paragraph count for seed-sized bodies, else a length.
            let length = match self.article_bytes {
                None => {
                    let [fewest, most] = self.vocab.seed_sized_paragraphs;
                    Length::Paragraphs(fewest + rng.below(most.saturating_sub(fewest) + 1))
                }
                Some(bytes) => Length::Bytes(bytes / 2 + rng.below(bytes + 1)),
            };
            // Drawn apart, so that an archive with no rare words is the
            // same as before they existed.
            let mut rare = Rng(!seed ^ (n as u64).wrapping_mul(0x9FB2_1C65_1E98_DF25));
            let body = text.len();
            for count in 0.. {
                if let Length::Paragraphs(paragraphs) = length
                    && count == paragraphs
                {
                    break;
                }
                let paragraph = &self.paragraphs[rng.below(self.paragraphs.len())];
                let start = text.len();
                self.fill(paragraph, &fills, &mut text);
                if self.rare_words > 0 {
                    self.add_rare_words(&mut text, start, &mut rare);
                }
                if let Length::Bytes(bytes) = length {
                    let half_in = (start + text.len()) / 2 - body;
                    if count > 0 && half_in > bytes {
                        text.truncate(start);
                        break;
                    }
                    text.push('\n');
                    if text.len() - body >= bytes {
                        break;
                    }
                    continue;
                }
                text.push('\n');
            }
            let record = Record {
                id: format!("synth-{n:06}"),
                title: separate_title.then_some(title.as_str()),
                date: format!("{year}-{month:02}-{day:02}"),
                source: &self.vocab.agencies[rng.below(self.vocab.agencies.len())],
                text: text.trim_end().to_string(),
            };
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }
}

/// How long an article's body is to be.
#[derive(Clone, Copy)]
enum Length {
    Paragraphs(usize),
    /// About this many bytes, in whole paragraphs.
    Bytes(usize),
}

struct Fills {
    round: u16,
    year: u16,
    month: usize,
    indic_digits: bool,
    people: Vec<usize>,
    places: Vec<usize>,
    agencies: Vec<usize>,
}

/// A random permutation of `0..n` (Fisher-Yates).
fn shuffled(n: usize, rng: &mut Rng) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        v.swap(i, rng.below(i + 1));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_bundled;
    use crate::extract::Extractor;

    fn generate(articles: usize, seed: u64) -> String {
        let generator = Generator::new(&load_bundled(&Extractor::builtin()));
        let mut out = Vec::new();
        generator.write(articles, seed, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_archive() {
        assert_eq!(generate(20, 7), generate(20, 7));
        assert_ne!(generate(20, 7), generate(20, 8));
    }

    #[test]
    fn records_are_valid_seed_sized_articles() {
        let archive = generate(50, 1);
        let lines: Vec<&str> = archive.lines().collect();
        assert_eq!(lines.len(), 50);
        let mut total = 0;
        for line in &lines {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            total += text.len();
            assert!(v["id"].as_str().unwrap().starts_with("synth-"));
        }
        let mean = total / lines.len();
        assert!((2_000..12_000).contains(&mean), "mean article size {mean}");
    }

    #[test]
    fn article_bytes_sets_the_texts_mean_length() {
        let generator = || Generator::new(&load_bundled(&Extractor::builtin()));
        let write = |bytes: Option<usize>| {
            let mut out = Vec::new();
            generator()
                .article_bytes(bytes)
                .write(300, 4, &mut out)
                .unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(write(None), generate(300, 4), "none: seed-sized articles");
        let seed_sized = write(None);
        for bytes in [1_000, 3_000] {
            let archive = write(Some(bytes));
            assert_eq!(archive, write(Some(bytes)), "deterministic");
            let lengths: Vec<usize> = archive
                .lines()
                .map(|line| {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    v["text"].as_str().unwrap().len()
                })
                .collect();
            assert_eq!(lengths.len(), 300);
            assert!(lengths.iter().all(|&l| l > 0));
            let mean = lengths.iter().sum::<usize>() / lengths.len();
            assert!(
                (bytes * 4 / 5..bytes * 6 / 5).contains(&mean),
                "{bytes}: mean {mean}"
            );
            assert!(archive.len() < seed_sized.len());
        }
    }

    #[test]
    fn round_numbers_and_names_vary() {
        let archive = generate(200, 3);
        let rounds: std::collections::BTreeSet<&str> = archive
            .match_indices("أستانا ")
            .filter_map(|(at, cue)| {
                let rest = &archive[at + cue.len()..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                (digits > 0).then(|| &rest[..digits])
            })
            .collect();
        assert!(rounds.len() >= 10, "only rounds {rounds:?}");
        assert!(archive.contains("بيدرسون") || archive.contains("بيدرسن"));
    }

    #[test]
    fn rare_words_grow_the_vocabulary_and_leave_the_rest_alone() {
        let generator = || Generator::new(&load_bundled(&Extractor::builtin()));
        let words = |archive: &str| -> std::collections::HashSet<String> {
            archive
                .lines()
                .flat_map(|line| {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    let text = v["text"].as_str().unwrap().to_string();
                    text.split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let mut plain = Vec::new();
        generator().rare_words(0).write(100, 5, &mut plain).unwrap();
        let plain = String::from_utf8(plain).unwrap();
        assert_eq!(plain, generate(100, 5), "no rare words: the usual archive");
        let mut rich = Vec::new();
        generator()
            .rare_words(100_000)
            .write(100, 5, &mut rich)
            .unwrap();
        let rich = String::from_utf8(rich).unwrap();
        let (plain_words, rich_words) = (words(&plain), words(&rich));
        assert!(plain_words.is_subset(&rich_words));
        // About 3 × 13 draws an article, most of them from the long tail.
        let added = rich_words.len() - plain_words.len();
        assert!(added > 1_500, "only {added} new words");
        // The same ids and dates: the words go into the text only.
        let ids = |a: &str| a.lines().map(|l| l[..30].to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&plain), ids(&rich));
    }

    #[test]
    fn made_up_words_are_distinct_arabic_words() {
        let words: std::collections::HashSet<String> = (0..200_000).map(made_up_word).collect();
        assert_eq!(words.len(), 200_000);
        for word in words.iter().take(1000) {
            assert!(word.chars().count() >= 3, "{word}");
            assert_eq!(
                crate::text::normalize::normalize(word),
                *word,
                "kept as it is"
            );
        }
    }

    #[test]
    fn templates_cut_names_as_whole_words() {
        let vocab = vocabulary();
        let t = template("وصل لافرنتييف إلى إدلب في أيار 2017 قبل أستانا 4", &vocab);
        assert!(t.contains(&Piece::RoundNumber));
        assert!(t.contains(&Piece::Year));
        assert!(t.contains(&Piece::Month { levantine: true }));
        assert!(t.iter().any(|p| matches!(p, Piece::Person(_))));
        assert!(t.iter().any(|p| matches!(p, Piece::Place(_))));
        // «آب» (August) inside a longer word is not a month.
        let t = template("عاد الآباء إلى منازلهم", &vocab);
        assert_eq!(t, vec![Piece::Text("عاد الآباء إلى منازلهم".into())]);
    }
}
