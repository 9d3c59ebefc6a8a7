//! What two texts are compared by: the hash of their words (the same text)
//! and their word shingles (a syndicated reprint: most of the shorter
//! text's five-word runs are in the other).
//!
//! Finding the articles a new one may copy is not a comparison with every
//! article: each article's shingles whose hash is a multiple of
//! [`SAMPLE_EVERY`] are kept in a table (hash → article). Two texts sample
//! the same shingles, so the sample of a shorter text found in a longer
//! one is found in the table under the longer one's number, and only the
//! few articles that share enough sampled shingles are compared in full.

use crate::text::normalize::NormalizedText;
use crate::text::stable_hash::{START, fnv1a};
use crate::text::windows::windows;
use std::ops::Range;

/// Words per shingle.
const SHINGLE_WORDS: usize = 5;

/// One shingle in this many (by hash) is sampled into the lookup table.
pub const SAMPLE_EVERY: u64 = 16;

/// At least this share of the shorter text's shingles must be in the
/// other for it to be a copy.
pub const CONTAINMENT: f64 = 0.8;

/// A text's words, as hashes for comparing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextPrint {
    /// The hash of its words in order (two texts that differ only in
    /// spacing, punctuation or harakat have the same).
    pub content: u64,
    /// Its distinct shingle hashes, sorted.
    pub shingles: Vec<u64>,
}

impl TextPrint {
    /// The print of `text`, normalized a window at a time.
    pub fn of_text(text: &str) -> TextPrint {
        let mut builder = PrintBuilder::default();
        for window in windows(text) {
            let (norm, words) = NormalizedText::with_words(&text[window]);
            builder.add(&norm.key, &words);
        }
        builder.finish()
    }

    /// The sampled shingles: the keys under which the article is found.
    pub fn sample(&self) -> impl Iterator<Item = u64> + '_ {
        self.shingles
            .iter()
            .copied()
            .filter(|h| h % SAMPLE_EVERY == 0)
    }

    /// The share of the smaller set's shingles that are in the other's.
    pub fn containment(&self, other: &TextPrint) -> f64 {
        let (small, large) = if self.shingles.len() <= other.shingles.len() {
            (&self.shingles, &other.shingles)
        } else {
            (&other.shingles, &self.shingles)
        };
        if small.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < small.len() && j < large.len() {
            match small[i].cmp(&large[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared as f64 / small.len() as f64
    }
}

/// Builds a [`TextPrint`] from a text's normalized windows, in order
/// (the loader hands them over while it extracts).
#[derive(Debug, Clone)]
pub struct PrintBuilder {
    content: u64,
    /// The hashes of the last words, for the shingle that ends at the next.
    recent: [u64; SHINGLE_WORDS],
    words: usize,
    shingles: Vec<u64>,
}

impl Default for PrintBuilder {
    fn default() -> Self {
        PrintBuilder {
            content: START,
            recent: [0; SHINGLE_WORDS],
            words: 0,
            shingles: Vec::new(),
        }
    }
}

impl PrintBuilder {
    /// Adds the words (`ranges` of `key`) of the next window.
    pub fn add(&mut self, key: &str, ranges: &[Range<usize>]) {
        self.shingles.reserve(ranges.len());
        for range in ranges {
            let word = key[range.clone()].as_bytes();
            self.content = fnv1a(fnv1a(self.content, word), b" ");
            self.recent[self.words % SHINGLE_WORDS] = fnv1a(START, word);
            self.words += 1;
            if self.words >= SHINGLE_WORDS {
                self.shingles.push(self.shingle(SHINGLE_WORDS));
            }
        }
    }

    /// The hash of the last `n` words, in order.
    fn shingle(&self, n: usize) -> u64 {
        let mut hash = START;
        for k in (0..n).rev() {
            let word = self.recent[(self.words - 1 - k) % SHINGLE_WORDS];
            hash = fnv1a(hash, &word.to_le_bytes());
        }
        hash
    }

    pub fn finish(mut self) -> TextPrint {
        if (1..SHINGLE_WORDS).contains(&self.words) {
            // A text shorter than a shingle is one shingle of what it has.
            self.shingles.push(self.shingle(self.words));
        }
        self.shingles.sort_unstable();
        self.shingles.dedup();
        TextPrint {
            content: self.content,
            shingles: self.shingles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "أعلنت وزارة الخارجية الكازاخية أن الجولة الجديدة من محادثات أستانا \
        حول سوريا ستعقد الأسبوع المقبل بمشاركة الدول الضامنة روسيا وتركيا وإيران، \
        إضافة إلى وفدي الحكومة السورية والمعارضة المسلحة، وبحضور المبعوث الأممي \
        الخاص إلى سوريا. وقال المتحدث باسم الوزارة إن جدول الأعمال يتضمن ملف \
        المعتقلين وتثبيت وقف إطلاق النار في مناطق خفض التصعيد وعودة اللاجئين.";

    /// The first `1/parts` of `text`'s characters.
    fn first_part(text: &str, parts: usize) -> &str {
        let n = text.chars().count() / parts;
        &text[..text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)]
    }

    #[test]
    fn the_same_words_have_the_same_content_hash() {
        let spaced = WIRE.replace(' ', "  ").replace('،', " ، ");
        assert_eq!(
            TextPrint::of_text(WIRE).content,
            TextPrint::of_text(&spaced).content
        );
        assert_ne!(
            TextPrint::of_text(WIRE).content,
            TextPrint::of_text(&WIRE.replace("المقبل", "الماضي")).content
        );
    }

    #[test]
    fn a_reprint_with_a_line_added_is_contained() {
        let reprint = format!("دمشق - وكالات\n{WIRE}\nللمزيد تابعونا على موقعنا.");
        let (wire, copy) = (TextPrint::of_text(WIRE), TextPrint::of_text(&reprint));
        let c = wire.containment(&copy);
        assert!(c >= CONTAINMENT, "{c}");
        assert_eq!(
            c,
            copy.containment(&wire),
            "containment reads the smaller set"
        );
        // Half the text is not a copy of the whole.
        let half = first_part(WIRE, 2);
        let other = "قالت مصادر ميدانية إن اشتباكات عنيفة دارت في ريف إدلب الجنوبي بين \
            فصائل المعارضة وقوات الحكومة، وأسفرت عن سقوط قتلى وجرحى من الطرفين.";
        let mixed = TextPrint::of_text(&format!("{half} {other}"));
        let c = TextPrint::of_text(WIRE).containment(&mixed);
        assert!(c < CONTAINMENT, "{c}");
    }

    #[test]
    fn a_contained_text_shares_its_sample() {
        let long = TextPrint::of_text(&format!("{WIRE} {WIRE} بعد ذلك قال المتحدث كلاما آخر"));
        let short = TextPrint::of_text(WIRE);
        let sampled: Vec<u64> = short.sample().collect();
        assert!(
            sampled
                .iter()
                .all(|h| long.shingles.binary_search(h).is_ok())
        );
        // A window boundary does not break shingles: the print of a text is
        // the same whether it came in one piece or many.
        let mut builder = PrintBuilder::default();
        let (norm, words) = NormalizedText::with_words(WIRE);
        let (a, b) = words.split_at(7);
        builder.add(&norm.key, a);
        builder.add(&norm.key, b);
        assert_eq!(builder.finish(), short);
    }

    #[test]
    fn short_texts_have_one_shingle() {
        let p = TextPrint::of_text("روسيا وتركيا");
        assert_eq!(p.shingles.len(), 1);
        assert_eq!(p.containment(&TextPrint::of_text("روسيا  وتركيا")), 1.0);
        assert_eq!(TextPrint::of_text("").containment(&p), 0.0);
    }
}
