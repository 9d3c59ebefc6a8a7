//! The search index, built once after loading.
//!
//! Bodies are never scanned per keystroke. Each article's text becomes a set
//! of normalized words; the index keeps one sorted vocabulary of all words
//! and, per word, the articles that contain it (delta-encoded varints, a
//! byte or two per entry). A query word is looked up as a range of the
//! sorted vocabulary (prefixes, behind each proclitic); a Latin word is
//! compared with the consonant skeletons of the Arabic vocabulary, one
//! bucket (first consonant class) at a time. Only short fields — titles and
//! entity names — are matched fuzzily, article by article.

use super::query::entity_value;
use super::words::{QueryWord, compounds, token_skeletons};
use crate::corpus::Article;
use crate::extract::{EntityKind, Extractor, GazetteerEntry};
use crate::text::normalize::{normalize, tokens};
use crate::text::romanize::{
    consonant_classes, consonant_count, first_consonant_class, required_consonant_classes,
    skeleton_cost,
};
use hashbrown::HashTable;
use rayon::prelude::*;
use smallvec::SmallVec;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Articles analysed in parallel at a time: bounds the memory of the
/// per-article word lists while the vocabulary is merged.
const BATCH: usize = 4096;

/// A sorted list of distinct strings, stored end to end.
#[derive(Debug, Default, PartialEq, Eq)]
struct Strings {
    /// The strings, each followed by '\n' so a substring search over the
    /// whole text never matches across two of them.
    text: String,
    starts: Vec<u32>,
}

impl Strings {
    /// The strings `items`, `bytes` long in all. They are bytes cut from
    /// UTF-8 text at character boundaries, checked once as a whole (a
    /// check per word was a tenth of the index's finish on a large
    /// vocabulary); a byte that is not UTF-8 after all becomes '?'.
    fn from_sorted<'a>(items: impl ExactSizeIterator<Item = &'a [u8]>, bytes: usize) -> Strings {
        let mut starts = Vec::with_capacity(items.len() + 1);
        let mut text = Vec::with_capacity(bytes + items.len());
        for item in items {
            starts.push(text.len() as u32);
            text.extend_from_slice(item);
            text.push(b'\n');
        }
        starts.push(text.len() as u32);
        // One pass when the bytes are UTF-8, as they are unless a word was
        // cut inside a character; each bad stretch then costs a pass.
        let text = loop {
            match String::from_utf8(text) {
                Ok(text) => break text,
                Err(e) => {
                    let (bad, len) = (e.utf8_error().valid_up_to(), e.utf8_error().error_len());
                    text = e.into_bytes();
                    let len = len.unwrap_or(text.len() - bad);
                    text[bad..bad + len].fill(b'?');
                }
            }
        };
        Strings { text, starts }
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn get(&self, i: usize) -> &str {
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize - 1]
    }

    fn find(&self, s: &str) -> Option<usize> {
        let at = self.lower_bound(s, 0..self.len());
        (at < self.len() && self.get(at) == s).then_some(at)
    }

    /// First index in `within` whose string is not less than `s`.
    fn lower_bound(&self, s: &str, within: Range<usize>) -> usize {
        let (mut lo, mut hi) = (within.start, within.end);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.get(mid) < s {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The indices of the strings that start with `prefix`.
    fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let start = self.lower_bound(prefix, 0..self.len());
        let (mut lo, mut hi) = (start, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.get(mid).starts_with(prefix) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        start..lo
    }

    /// The index of the string that holds byte `at` of `text`.
    fn holding(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s as usize <= at) - 1
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * 4
    }
}

/// Per word, the ascending article numbers that contain it, as varint gaps.
/// Short lists (up to 255 bytes: most words of a real vocabulary are rare)
/// lie end to end in one buffer, each after a byte of its length; a long
/// one stays the allocation it was built in: copying those into one buffer
/// at the end cost a second index's worth of fresh pages, and 25 to 150 ms
/// of the 100k load.
#[derive(Debug, Default, PartialEq, Eq)]
struct Postings {
    /// Per word, `SHORT | offset` of its length byte in `short`, or its
    /// list's index in `long`.
    at: Vec<u32>,
    short: Vec<u8>,
    long: Vec<Box<[u8]>>,
}

const SHORT: u32 = 1 << 31;

/// Whether a list of `len` bytes is kept as a long one: past 255 bytes (a
/// short list's length is one byte).
fn is_long(len: usize) -> bool {
    len > u8::MAX as usize
}

impl Postings {
    /// Room for the lists of `words`, about to be pushed.
    fn for_words<'w>(words: impl Iterator<Item = &'w ShardWord>) -> Postings {
        let (mut count, mut short_bytes, mut long) = (0, 0, 0);
        for w in words {
            count += 1;
            if is_long(w.postings.len()) {
                long += 1;
            } else {
                short_bytes += 1 + w.postings.len();
            }
        }
        Postings {
            at: Vec::with_capacity(count),
            short: Vec::with_capacity(short_bytes),
            long: Vec::with_capacity(long),
        }
    }

    /// Appends the next word's list.
    fn push(&mut self, list: SmallVec<[u8; INLINE_POSTINGS]>) {
        // Offsets into `short` have 31 bits: past 2 GB of short lists (some
        // hundreds of millions of words), lists are kept as long ones.
        if is_long(list.len()) || self.short.len() + 1 + list.len() > !SHORT as usize {
            self.at.push(self.long.len() as u32);
            self.long.push(list.into_vec().into_boxed_slice());
        } else {
            self.at.push(SHORT | self.short.len() as u32);
            self.short.push(list.len() as u8);
            self.short.extend_from_slice(&list);
        }
    }

    fn list(&self, word: usize) -> &[u8] {
        let at = self.at[word];
        if at & SHORT == 0 {
            &self.long[at as usize]
        } else {
            let start = (at & !SHORT) as usize + 1;
            &self.short[start..start + usize::from(self.short[start - 1])]
        }
    }

    fn articles(&self, word: usize) -> impl Iterator<Item = u32> + '_ {
        let bytes = self.list(word);
        let (mut at, end) = (0, bytes.len());
        let mut previous = 0u32;
        let mut first = true;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let mut gap = 0u32;
            let mut shift = 0;
            loop {
                let b = bytes[at];
                at += 1;
                gap |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            previous = if first { gap } else { previous + gap };
            first = false;
            Some(previous)
        })
    }

    fn heap_bytes(&self) -> usize {
        let boxes = self.long.capacity() * std::mem::size_of::<Box<[u8]>>();
        self.at.capacity() * 4
            + self.short.capacity()
            + boxes
            + self.long.iter().map(|l| l.len()).sum::<usize>()
    }
}

/// Posting bytes a word keeps inline while the index is built (and in the
/// short lists after).
const INLINE_POSTINGS: usize = 16;

/// One word of a vocabulary shard while the index is built: where its bytes
/// end in the shard's text, and its articles, encoded as they come (the
/// same varint gaps as `Postings`), so building never holds four bytes per
/// entry. Up to 16 bytes (eight articles or more) stay inline: most words of
/// a real archive's vocabulary are rare, and a heap allocation per word was
/// the allocator's work and one more cache miss per posting. The end is
/// here, not in an array of its own, for the same miss.
#[derive(Debug, Default)]
struct ShardWord {
    end: u32,
    /// The last article added (meaningless while `postings` is empty).
    last: u32,
    postings: SmallVec<[u8; INLINE_POSTINGS]>,
}

impl ShardWord {
    /// Adds an article; articles arrive in ascending order.
    fn add(&mut self, article: u32) {
        let mut gap = if self.postings.is_empty() {
            article
        } else {
            article - self.last
        };
        self.last = article;
        loop {
            let low = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                self.postings.push(low);
                break;
            }
            self.postings.push(low | 0x80);
        }
    }
}

/// Distinct skeletons of the Arabic vocabulary, sorted by (first consonant
/// class, skeleton), each with the words that have it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Skeletons {
    classes: Vec<u8>,
    consonants: Vec<u8>,
    /// Each skeleton's [`consonant_classes`].
    consonant_classes: Vec<u64>,
    skeletons: Vec<Box<str>>,
    word_starts: Vec<u32>,
    words: Vec<u32>,
}

/// Sorted distinct words with the consonant skeletons of the Arabic ones:
/// what a query word is looked up in (the articles' vocabulary, and the
/// words of entity names).
#[derive(Debug, Default, PartialEq, Eq)]
struct Lexicon {
    words: Strings,
    skeletons: Skeletons,
}

impl Lexicon {
    fn new(words: Strings) -> Lexicon {
        let skeletons = build_skeletons(&words);
        Lexicon { words, skeletons }
    }

    fn len(&self) -> usize {
        self.words.len()
    }

    /// The words a query word matches, with a quality each (several
    /// entries for one word keep the best).
    fn matching(&self, word: &QueryWord) -> HashMap<u32, i64> {
        let mut found: HashMap<u32, i64> = HashMap::new();
        let mut note = |id: usize, quality: i64| {
            let q = found.entry(id as u32).or_insert(quality);
            *q = (*q).max(quality);
        };
        for (spelling, prefix) in word.spellings() {
            let spelling = cut_like_the_index(&spelling);
            if prefix {
                for id in self.words.prefix_range(spelling) {
                    let quality = if self.words.get(id) == spelling {
                        super::words::EXACT_WORD
                    } else {
                        super::words::PREFIX_WORD
                    };
                    note(id, quality);
                }
            } else if let Some(id) = self.words.find(spelling) {
                note(id, super::words::EXACT_WORD);
            }
        }
        if let Some(query) = &word.skeleton {
            let class = first_consonant_class(query);
            let consonants = consonant_count(query);
            let required = required_consonant_classes(query);
            let s = &self.skeletons;
            let start = s.classes.partition_point(|&c| c < class);
            let end = s.classes.partition_point(|&c| c <= class);
            for i in start..end {
                let count = s.consonants[i] as usize;
                if count + 1 < consonants
                    || count > consonants + 3
                    || required
                        .is_some_and(|(mask, classes)| s.consonant_classes[i] & mask != classes)
                {
                    continue;
                }
                if let Some(cost) = skeleton_cost(query, &s.skeletons[i]) {
                    let quality = super::words::SKELETON_WORD - cost as i64 / 5;
                    let words = s.word_starts[i] as usize..s.word_starts[i + 1] as usize;
                    for &id in &s.words[words] {
                        note(id as usize, quality);
                    }
                }
            }
        }
        found
    }

    fn heap_bytes(&self) -> usize {
        let s = &self.skeletons;
        self.words.heap_bytes()
            + s.skeletons.iter().map(|s| s.len() + 18).sum::<usize>()
            + (s.words.capacity() + s.word_starts.capacity()) * 4
            + s.consonant_classes.capacity() * 8
            + s.classes.capacity()
            + s.consonants.capacity()
    }
}

/// The words of every entity's names, each with the entities that have it:
/// a query word is looked up here once instead of in each name.
#[derive(Debug, Default, PartialEq, Eq)]
struct EntityWords {
    lexicon: Lexicon,
    /// Per word, its entities (numbers in `SearchIndex::entities`):
    /// `entities[starts[w]..starts[w + 1]]`.
    starts: Vec<u32>,
    entities: Vec<u32>,
}

impl EntityWords {
    fn new(entities: &[IndexedEntity]) -> EntityWords {
        let mut pairs: Vec<(&str, u32)> = entities
            .iter()
            .enumerate()
            .flat_map(|(e, entity)| {
                entity
                    .names
                    .iter()
                    .flat_map(move |name| tokens(name).map(move |(_, token)| (token, e as u32)))
            })
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        let mut words: Vec<&str> = Vec::new();
        let mut starts = Vec::new();
        let mut numbers = Vec::with_capacity(pairs.len());
        for &(word, entity) in &pairs {
            if words.last() != Some(&word) {
                words.push(word);
                starts.push(numbers.len() as u32);
            }
            numbers.push(entity);
        }
        starts.push(numbers.len() as u32);
        let bytes = words.iter().map(|w| w.len()).sum();
        EntityWords {
            lexicon: Lexicon::new(Strings::from_sorted(
                words.iter().map(|w| w.as_bytes()),
                bytes,
            )),
            starts,
            entities: numbers,
        }
    }

    /// Membership of each entity: one of its names' words matches `word`.
    fn matching(&self, word: &QueryWord, entity_count: usize) -> Vec<bool> {
        let mut out = vec![false; entity_count];
        for &w in self.lexicon.matching(word).keys() {
            let range = self.starts[w as usize] as usize..self.starts[w as usize + 1] as usize;
            for &e in &self.entities[range] {
                out[e as usize] = true;
            }
        }
        out
    }

    fn heap_bytes(&self) -> usize {
        self.lexicon.heap_bytes() + (self.starts.capacity() + self.entities.capacity()) * 4
    }
}

/// What the cheap prefilter of a fuzzy title match needs of a title.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TitleFilter {
    /// One bit per character class present (char code mod 64): a fuzzy
    /// pattern can only match a title that has all of its bits.
    pub mask: u64,
    /// One bit per hashed pair of adjacent characters (256 bits).
    pub pairs: [u64; 4],
}

impl TitleFilter {
    fn of(key: &str) -> TitleFilter {
        TitleFilter {
            mask: char_mask(key),
            pairs: pair_bits(key),
        }
    }
}

/// Every article's title search key (normalized), end to end, with its
/// filter: one allocation per corpus, not one per title.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Titles {
    keys: String,
    /// Where title `a`'s key ends in `keys` (it starts where `a - 1`'s ends).
    ends: Vec<usize>,
    filters: Vec<TitleFilter>,
}

impl Titles {
    fn push(&mut self, key: &str, filter: TitleFilter) {
        self.keys.push_str(key);
        self.ends.push(self.keys.len());
        self.filters.push(filter);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Title `a`'s search key.
    pub(crate) fn key(&self, a: usize) -> &str {
        let start = if a == 0 { 0 } else { self.ends[a - 1] };
        &self.keys[start..self.ends[a]]
    }

    pub(crate) fn filter(&self, a: usize) -> &TitleFilter {
        &self.filters[a]
    }

    fn heap_bytes(&self) -> usize {
        self.keys.capacity()
            + self.ends.capacity() * std::mem::size_of::<usize>()
            + self.filters.capacity() * std::mem::size_of::<TitleFilter>()
    }
}

/// The bit of a pair of adjacent characters in `TitleFilter::pairs`.
pub(crate) fn pair_bit(a: char, b: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32).wrapping_mul(0x85EB_CA77);
    (h >> 24) as usize
}

/// The pair bits of a key's adjacent characters (within words).
pub(crate) fn pair_bits(s: &str) -> [u64; 4] {
    let mut bits = [0u64; 4];
    let mut previous: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            let bit = pair_bit(p, c);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        previous = Some(c);
    }
    bits
}

pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .fold(0u64, |m, c| m | 1 << (c as u32 % 64))
}

/// One distinct entity (kind and key) with every name it is known by.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct IndexedEntity {
    pub kind: EntityKind,
    /// Its key as a field term's value (`query::entity_value`).
    pub value: Box<str>,
    /// The name and Arabic form it was first found with, for display.
    pub name: Box<str>,
    pub arabic: Box<str>,
    /// Normalized names: Latin name and aliases (lower case), Arabic forms.
    pub names: Vec<String>,
    /// Ascending article numbers.
    pub articles: Vec<u32>,
}

/// Built once after loading; answers every query term without reading the
/// article bodies.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    article_count: usize,
    pub(crate) titles: Titles,
    /// Per article, the vocabulary numbers of its title's words.
    title_words: Vec<u32>,
    title_word_starts: Vec<u32>,
    vocabulary: Lexicon,
    postings: Postings,
    pub(crate) entities: Vec<IndexedEntity>,
    entity_words: EntityWords,
}

/// Vocabulary shards: words are split by hash so that the shards' maps can
/// be filled in parallel. Each shard reads its part of every article of a
/// batch; more shards than cores would only read the batch more often
/// (a batch is megabytes: each reading is cache misses).
const SHARDS: usize = 8;

/// What one article contributes to the index: computed in parallel (while
/// loading, from the extractor's normalized text), then added in corpus
/// order by an [`IndexBuilder`].
#[derive(Debug)]
pub struct ArticleWords {
    /// The title's filter and search key.
    title: (TitleFilter, String),
    /// The distinct words of title and text (and joined compounds), end to
    /// end; word `i` ends at `words[i].end` and starts where word `i - 1`
    /// ends. Bytes, not a `String`: words are only compared and copied
    /// until the vocabulary is sorted, and slicing a `String` checks
    /// character boundaries each time.
    text: Vec<u8>,
    words: Vec<WordEntry>,
    /// The words are stored grouped by shard, so that a shard reads one
    /// stretch of each article: shard `s` has words
    /// `shard_starts[s]..shard_starts[s + 1]`.
    shard_starts: [u16; SHARDS + 1],
}

/// One of an article's distinct words.
#[derive(Debug, Clone, Copy)]
struct WordEntry {
    /// Where it ends in `ArticleWords::text`.
    end: u32,
    /// Whether the title has it.
    in_title: bool,
    /// Its hash, computed once: for the article's own de-duplication, then
    /// by the vocabulary's shard.
    hash: u64,
}

/// A multiply-rotate hash taking eight bytes at a time: the vocabulary's
/// keys are short words, hashed tens of millions of times while indexing,
/// and SipHash's resistance to crafted keys buys nothing here.
fn word_hash(word: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, chunk: u64| (h.rotate_left(5) ^ chunk).wrapping_mul(K);
    let mut h = word.len() as u64;
    for chunk in word.chunks_exact(8) {
        h = mix(h, eight_bytes(chunk));
    }
    if !word.len().is_multiple_of(8) {
        h = mix(h, tail(word));
    }
    // The multiply leaves the low bits (a table's buckets) poorly mixed.
    h ^ (h >> 29)
}

/// Bytes that [`sort_prefix`] holds.
const SORT_PREFIX: usize = 16;

/// The first 16 bytes of `bytes` (zeros past its end) as a number that
/// orders as the bytes do: two byte strings whose numbers differ compare as
/// their numbers; equal numbers need the bytes compared, unless both are
/// 16 bytes or shorter and as long (no word has a zero byte).
fn sort_prefix(bytes: &[u8]) -> u128 {
    let mut first = [0u8; SORT_PREFIX];
    let n = bytes.len().min(SORT_PREFIX);
    first[..n].copy_from_slice(&bytes[..n]);
    u128::from_be_bytes(first)
}

#[inline]
fn eight_bytes(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// The bytes of a word after its whole eight-byte chunks, as one number,
/// read with overlapping loads (the word's last eight bytes, or two
/// four-byte loads, or its first, middle and last byte) rather than byte
/// by byte: every word of a corpus is hashed and compared through this.
/// For two words of the same length and the same chunks, the numbers are
/// equal exactly when the words are.
#[inline]
fn tail(word: &[u8]) -> u64 {
    let n = word.len();
    let four = |at: usize| {
        u64::from(u32::from_le_bytes(
            word[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    match n {
        _ if n.is_multiple_of(8) => 0,
        9.. => eight_bytes(&word[n - 8..]),
        4.. => four(0) | four(n - 4) << 32,
        _ => u64::from(word[0]) | u64::from(word[n / 2]) << 8 | u64::from(word[n - 1]) << 16,
    }
}

/// Whether two words are the same, compared eight bytes at a time in
/// place: most words are under 16 bytes, and a call to `memcmp` for each
/// of a corpus's words costs more than the comparison.
#[inline]
fn same_word(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && a.chunks_exact(8)
            .zip(b.chunks_exact(8))
            .all(|(x, y)| eight_bytes(x) == eight_bytes(y))
        && tail(a) == tail(b)
}

/// An article's distinct words (hash, word, in the title) in first-seen
/// order, with an open-addressing table of their numbers to find them
/// again. Not a general hash table: every word of a corpus passes through
/// here once, and this probe (the stored hash compared before the bytes)
/// is cheaper than hashbrown's: callgrind over 2,000 synthetic articles
/// counted 168 M instructions for the distinct words with hashbrown, 99 M
/// with this table.
struct DistinctWords<'w> {
    words: Vec<(u64, &'w [u8], bool)>,
    /// Word number + 1 (0: empty), at the word's hash modulo the length
    /// (a power of two, at least twice the words it can hold).
    slots: Vec<u16>,
}

impl<'w> DistinctWords<'w> {
    /// At most this many distinct words are kept: an absurdly long article
    /// adds nothing new past them.
    const MAX: usize = u16::MAX as usize - 1;

    fn with_room_for(occurrences: usize) -> Self {
        let most = occurrences.min(Self::MAX);
        DistinctWords {
            // Room for every word: half was too little for 19 synthetic
            // articles in 20 (a second allocation and a copy each).
            words: Vec::with_capacity(most),
            slots: vec![0; (2 * most + 2).next_power_of_two()],
        }
    }

    /// The words of a key at `ranges`, and its joined compounds. One loop
    /// per source, not a chain: this runs for every word of a corpus.
    #[inline(always)]
    fn add_key(
        &mut self,
        key: &'w str,
        ranges: &[Range<usize>],
        joined: &'w [(Range<usize>, String)],
        in_title: bool,
    ) {
        // Bytes: slicing the key as `str` would check character bounds
        // that the normalizer's ranges always fall on.
        let bytes = key.as_bytes();
        for range in ranges {
            self.add(&bytes[range.clone()], in_title);
        }
        for (_, word) in joined {
            self.add(word.as_bytes(), in_title);
        }
    }

    #[inline(always)]
    fn add(&mut self, word: &'w [u8], in_title: bool) {
        let word = indexed_part(word);
        let hash = word_hash(word);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            match self.slots[at] {
                0 => break,
                n => {
                    let entry = &mut self.words[usize::from(n) - 1];
                    if entry.0 == hash && same_word(entry.1, word) {
                        entry.2 |= in_title;
                        return;
                    }
                }
            }
            at = (at + 1) & mask;
        }
        if self.words.len() < Self::MAX {
            self.words.push((hash, word, in_title));
            self.slots[at] = self.words.len() as u16;
        }
    }
}

/// Words are indexed by at most this many bytes: nobody types more, and a
/// 50 MB line of digits is one word.
const MAX_WORD_BYTES: usize = 256;

/// The part of a word the index keeps: all of it, or its first
/// [`MAX_WORD_BYTES`] cut at a character boundary (a query word is cut the
/// same way, so a pasted long word still finds its article).
#[inline(always)]
fn indexed_part(word: &[u8]) -> &[u8] {
    if word.len() <= MAX_WORD_BYTES {
        return word;
    }
    let mut end = MAX_WORD_BYTES;
    // UTF-8 continuation bytes are 0b10xx_xxxx.
    while word[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    &word[..end]
}

/// A query word cut as [`indexed_part`] cuts the words it is looked up among.
fn cut_like_the_index(word: &str) -> &str {
    let kept = indexed_part(word.as_bytes()).len();
    &word[..kept]
}

/// The shard of a word's hash: middle bits, so that a shard's table still
/// sees varied low bits (buckets) and top bits (tags).
fn shard_of(hash: u64) -> usize {
    (hash >> 40) as usize % SHARDS
}

impl ArticleWords {
    /// An article's words, normalizing its title and text here.
    pub fn of_article(article: &Article) -> ArticleWords {
        let text_key = normalize(&article.text);
        let text_words: Vec<Range<usize>> = tokens(&text_key).map(|(r, _)| r).collect();
        ArticleWords::new(&article.title, &text_key, &text_words)
    }

    /// An article's words from its text already normalized into `text_key`
    /// and split into words at `text_words` (the extractor's work, not
    /// done twice).
    pub fn new(title: &str, text_key: &str, text_words: &[Range<usize>]) -> ArticleWords {
        let title_key = normalize(title);
        let title_words: Vec<Range<usize>> = tokens(&title_key).map(|(r, _)| r).collect();
        let title_joined = compounds(&title_key, &title_words);
        let text_joined = compounds(text_key, text_words);
        let mut distinct = DistinctWords::with_room_for(
            title_words.len() + title_joined.len() + text_words.len() + text_joined.len(),
        );
        distinct.add_key(&title_key, &title_words, &title_joined, true);
        distinct.add_key(text_key, text_words, &text_joined, false);
        let mut words = ArticleWords::grouped(distinct.words);
        words.title = (TitleFilter::of(&title_key), title_key);
        words
    }

    /// Adds the words of the next window of a long text (see
    /// [`crate::corpus::ArticleSink::more_words`]).
    pub fn add_text(&mut self, text_key: &str, text_words: &[Range<usize>]) {
        let text_joined = compounds(text_key, text_words);
        let mut distinct =
            DistinctWords::with_room_for(self.words.len() + text_words.len() + text_joined.len());
        for (i, entry) in self.words.iter().enumerate() {
            distinct.add(self.word(i), entry.in_title);
        }
        distinct.add_key(text_key, text_words, &text_joined, false);
        let mut grouped = ArticleWords::grouped(distinct.words);
        std::mem::swap(&mut grouped.title, &mut self.title);
        *self = grouped;
    }

    /// The distinct words (hash, word, in the title), stored grouped by
    /// shard; the title is the caller's to set.
    fn grouped(distinct: Vec<(u64, &[u8], bool)>) -> ArticleWords {
        // Stored grouped by shard (a counting sort), first-seen order
        // within a shard.
        let mut starts = [0usize; SHARDS + 1];
        for &(hash, _, _) in &distinct {
            starts[shard_of(hash) + 1] += 1;
        }
        for s in 1..=SHARDS {
            starts[s] += starts[s - 1];
        }
        let mut shard_starts = [0u16; SHARDS + 1];
        for (s, &start) in starts.iter().enumerate() {
            shard_starts[s] = start as u16;
        }
        let mut order = vec![0u16; distinct.len()];
        for (i, &(hash, _, _)) in distinct.iter().enumerate() {
            let slot = &mut starts[shard_of(hash)];
            order[*slot] = i as u16;
            *slot += 1;
        }
        let mut text = Vec::with_capacity(distinct.iter().map(|(_, w, _)| w.len()).sum());
        let mut words = Vec::with_capacity(order.len());
        for &i in &order {
            let (hash, word, title) = distinct[usize::from(i)];
            text.extend_from_slice(word);
            words.push(WordEntry {
                end: text.len() as u32,
                in_title: title,
                hash,
            });
        }
        ArticleWords {
            title: (TitleFilter::default(), String::new()),
            text,
            words,
            shard_starts,
        }
    }

    fn word(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].end as usize
        };
        &self.text[start..self.words[i].end as usize]
    }
}

/// One shard of the vocabulary while it is being built: its words end to
/// end, found by hash.
#[derive(Default)]
struct Shard {
    table: HashTable<u32>,
    /// Bytes, as in `ArticleWords`.
    text: Vec<u8>,
    /// By shard-local number.
    words: Vec<ShardWord>,
    hashes: Vec<u64>,
    /// (article, shard-local word) for title words.
    title_words: Vec<(u32, u32)>,
}

impl Shard {
    fn word(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].end as usize
        };
        &self.text[start..self.words[i].end as usize]
    }

    fn add(&mut self, analysed: &[ArticleWords], first_article: usize, shard: usize) {
        for (i, article) in analysed.iter().enumerate() {
            let number = (first_article + i) as u32;
            let mine = usize::from(article.shard_starts[shard])
                ..usize::from(article.shard_starts[shard + 1]);
            for w in mine {
                let (word, entry) = (article.word(w), article.words[w]);
                let hash = entry.hash;
                let found = self
                    .table
                    .find(hash, |&id| same_word(self.word(id as usize), word));
                let id = match found {
                    Some(&id) => id,
                    None => {
                        let id = self.words.len() as u32;
                        self.text.extend_from_slice(word);
                        self.words.push(ShardWord {
                            end: self.text.len() as u32,
                            ..ShardWord::default()
                        });
                        self.hashes.push(hash);
                        let hashes = &self.hashes;
                        self.table.insert_unique(hash, id, |&j| hashes[j as usize]);
                        id
                    }
                };
                self.words[id as usize].add(number);
                if entry.in_title {
                    self.title_words.push((number, id));
                }
            }
        }
    }
}

/// Builds a [`SearchIndex`] batch by batch, in corpus order, so the words
/// can be added while the rest of the corpus is still being read.
pub struct IndexBuilder {
    shards: Vec<Shard>,
    titles: Titles,
    entities: EntityLists,
}

impl Default for IndexBuilder {
    fn default() -> IndexBuilder {
        IndexBuilder::new()
    }
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            titles: Titles::default(),
            entities: EntityLists::default(),
        }
    }

    /// Adds the next articles and their words (article numbers continue
    /// from the last batch); the shards are filled in parallel, the entity
    /// lists beside them.
    pub fn add(&mut self, batch: Vec<ArticleWords>, articles: &[Article]) {
        let first = self.titles.len();
        let IndexBuilder {
            shards, entities, ..
        } = self;
        rayon::join(
            || {
                shards
                    .par_iter_mut()
                    .enumerate()
                    .for_each(|(s, shard)| shard.add(&batch, first, s))
            },
            || entities.add_articles(first, articles),
        );
        for (filter, key) in batch.into_iter().map(|a| a.title) {
            self.titles.push(&key, filter);
        }
    }

    /// Finishes the index over `articles` (the ones whose words were added,
    /// in the same order). Gazetteer names and aliases (Damascus for دمشق)
    /// make entity names searchable in both scripts.
    pub fn finish(mut self, articles: &[Article], gazetteer: &[GazetteerEntry]) -> SearchIndex {
        assert_eq!(
            self.titles.len(),
            articles.len(),
            "every article's words are added once"
        );
        let entities = std::mem::take(&mut self.entities);
        let (mut index, (entities, entity_words)) = rayon::join(
            || self.finish_words(),
            || {
                let entities = entities.finish(gazetteer);
                let words = EntityWords::new(&entities);
                (entities, words)
            },
        );
        index.entities = entities;
        index.entity_words = entity_words;
        index
    }

    /// Everything but the entities: vocabulary, postings, skeletons.
    fn finish_words(self) -> SearchIndex {
        let IndexBuilder {
            mut shards, titles, ..
        } = self;
        let article_count = titles.len();
        // Finding words by hash is over: that memory goes before the sort's.
        for shard in &mut shards {
            shard.table = HashTable::new();
            shard.hashes = Vec::new();
        }
        // One sorted vocabulary over all shards.
        let word = |&(s, id): &(u32, u32)| shards[s as usize].word(id as usize);
        // Collected into its exact size: grown by doubling, it held twice
        // the room at once (64 MB for a million words).
        let mut keyed: Vec<(u128, (u32, u32))> =
            Vec::with_capacity(shards.iter().map(|s| s.words.len()).sum());
        keyed.extend(
            shards
                .iter()
                .enumerate()
                .flat_map(|(s, shard)| (0..shard.words.len() as u32).map(move |id| (s as u32, id)))
                .map(|at| (sort_prefix(word(&at)), at)),
        );
        // Byte order is the order of the characters' code points. Most
        // words differ in their first 16 bytes: compared as a number there,
        // only ties read the words themselves.
        keyed
            .par_sort_unstable_by(|(pa, a), (pb, b)| pa.cmp(pb).then_with(|| word(a).cmp(word(b))));
        let sorted: Vec<(u32, u32)> = keyed.into_iter().map(|(_, at)| at).collect();
        let vocabulary = Strings::from_sorted(
            sorted.iter().map(word),
            shards.iter().map(|s| s.text.len()).sum(),
        );
        let mut renumbered: Vec<Vec<u32>> = shards.iter().map(|s| vec![0; s.words.len()]).collect();
        let mut postings = Postings::for_words(shards.iter().flat_map(|s| &s.words));
        for (number, &(s, id)) in sorted.iter().enumerate() {
            renumbered[s as usize][id as usize] = number as u32;
            postings.push(std::mem::take(
                &mut shards[s as usize].words[id as usize].postings,
            ));
        }
        drop(sorted);
        // The rest of the shards goes; their title words are in article
        // order already: merged article by article, not gathered and
        // sorted (a million one-line records have four million).
        let shard_titles: Vec<Vec<(u32, u32)>> =
            shards.into_iter().map(|s| s.title_words).collect();
        let mut title_words = Vec::with_capacity(shard_titles.iter().map(Vec::len).sum());
        let mut title_word_starts = Vec::with_capacity(article_count + 1);
        let mut next = [0usize; SHARDS];
        title_word_starts.push(0);
        for article in 0..article_count as u32 {
            let start = title_words.len();
            for (s, list) in shard_titles.iter().enumerate() {
                while let Some(&(a, id)) = list.get(next[s])
                    && a == article
                {
                    title_words.push(renumbered[s][id as usize]);
                    next[s] += 1;
                }
            }
            title_words[start..].sort_unstable();
            title_word_starts.push(title_words.len() as u32);
        }
        SearchIndex {
            article_count,
            titles,
            title_words,
            title_word_starts,
            vocabulary: Lexicon::new(vocabulary),
            postings,
            entities: Vec::new(),
            entity_words: EntityWords::default(),
        }
    }
}

/// Loading builds the index as it goes: each article's words come from the
/// extractor's normalized text.
impl crate::corpus::ArticleSink for IndexBuilder {
    type Words = ArticleWords;

    fn words(title: &str, text_key: &str, text_words: &[Range<usize>]) -> ArticleWords {
        ArticleWords::new(title, text_key, text_words)
    }

    fn more_words(words: &mut ArticleWords, text_key: &str, text_words: &[Range<usize>]) {
        words.add_text(text_key, text_words);
    }

    fn add(&mut self, batch: Vec<ArticleWords>, articles: &[Article]) {
        IndexBuilder::add(self, batch, articles);
    }
}

impl SearchIndex {
    pub fn build(articles: &[Article], extractor: &Extractor) -> SearchIndex {
        SearchIndex::build_with_gazetteer(articles, extractor.entries())
    }

    /// Builds over articles already loaded, normalizing each text here.
    pub fn build_with_gazetteer(articles: &[Article], gazetteer: &[GazetteerEntry]) -> SearchIndex {
        let mut builder = IndexBuilder::new();
        for batch in articles.chunks(BATCH) {
            builder.add(
                batch.par_iter().map(ArticleWords::of_article).collect(),
                batch,
            );
        }
        builder.finish(articles, gazetteer)
    }

    /// The number of articles indexed.
    pub fn len(&self) -> usize {
        self.article_count
    }

    pub fn is_empty(&self) -> bool {
        self.article_count == 0
    }

    /// Distinct words in the vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// Bytes the index holds on the heap (approximate, for --timings).
    pub fn heap_bytes(&self) -> usize {
        let titles = self.titles.heap_bytes();
        let entities: usize = self
            .entities
            .iter()
            .map(|e| e.articles.len() * 4 + e.names.iter().map(|n| n.len() + 24).sum::<usize>())
            .sum();
        self.vocabulary.heap_bytes()
            + self.postings.heap_bytes()
            + titles
            + entities
            + self.entity_words.heap_bytes()
            + (self.title_words.capacity() + self.title_word_starts.capacity()) * 4
    }

    /// Vocabulary words that a query word matches, with a quality each
    /// (several entries for one word keep the best).
    pub(crate) fn matching_words(&self, word: &QueryWord) -> HashMap<u32, i64> {
        self.vocabulary.matching(word)
    }

    /// Per entity (numbers in `entities`), whether one of its names' words
    /// matches `word`.
    pub(crate) fn entities_with_word(&self, word: &QueryWord) -> Vec<bool> {
        self.entity_words.matching(word, self.entities.len())
    }

    /// The vocabulary numbers of an article's title words.
    pub(crate) fn title_words(&self, article: usize) -> &[u32] {
        let range =
            self.title_word_starts[article] as usize..self.title_word_starts[article + 1] as usize;
        &self.title_words[range]
    }

    /// Vocabulary words containing `needle` (an exact term's word).
    pub(crate) fn words_containing(&self, needle: &str) -> Vec<u32> {
        let needle = cut_like_the_index(needle);
        let mut out: Vec<u32> =
            memchr::memmem::find_iter(self.vocabulary.words.text.as_bytes(), needle)
                .map(|at| self.vocabulary.words.holding(at) as u32)
                .collect();
        out.dedup();
        out
    }

    /// Adds `quality` (the best per article) for every article containing
    /// one of `words` into `scores` (indexed by article number).
    pub(crate) fn add_articles(&self, words: &HashMap<u32, i64>, scores: &mut [i64]) {
        for (&word, &quality) in words {
            for article in self.postings.articles(word as usize) {
                let slot = &mut scores[article as usize];
                *slot = (*slot).max(quality);
            }
        }
    }

    /// The articles containing one of `words`, as a membership vector.
    pub(crate) fn articles_with(&self, words: &[u32]) -> Vec<bool> {
        let mut out = vec![false; self.article_count];
        for &word in words {
            for article in self.postings.articles(word as usize) {
                out[article as usize] = true;
            }
        }
        out
    }
}

fn build_skeletons(vocabulary: &Strings) -> Skeletons {
    // Grouped by class and skeleton: the skeleton's first 16 bytes as a
    // number and its length decide, without reading the strings, for all
    // but the longest skeletons.
    let mut pairs: Vec<(u8, u128, Box<str>, u32)> = (0..vocabulary.len())
        .into_par_iter()
        .flat_map_iter(|id| {
            token_skeletons(vocabulary.get(id))
                .into_iter()
                .map(move |s| {
                    let prefix = sort_prefix(s.as_bytes());
                    (
                        first_consonant_class(&s),
                        prefix,
                        s.into_boxed_str(),
                        id as u32,
                    )
                })
        })
        .collect();
    // Equal exactly for the same class and skeleton (equal prefixes and
    // lengths of at most 16 bytes mean equal skeletons).
    let skeleton_order = |a: &(u8, u128, Box<str>, u32), b: &(u8, u128, Box<str>, u32)| {
        (a.0, a.1, a.2.len())
            .cmp(&(b.0, b.1, b.2.len()))
            .then_with(|| {
                if a.2.len() > SORT_PREFIX {
                    a.2.cmp(&b.2)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
    };
    pairs.par_sort_unstable_by(|a, b| skeleton_order(a, b).then(a.3.cmp(&b.3)));
    let new_skeleton: Vec<bool> = (0..pairs.len())
        .map(|i| i == 0 || skeleton_order(&pairs[i - 1], &pairs[i]).is_ne())
        .collect();
    let mut out = Skeletons::default();
    for ((class, _, skeleton, id), new) in pairs.into_iter().zip(new_skeleton) {
        if new {
            out.word_starts.push(out.words.len() as u32);
            out.classes.push(class);
            out.consonants
                .push(consonant_count(&skeleton).min(u8::MAX as usize) as u8);
            out.consonant_classes.push(consonant_classes(&skeleton));
            out.skeletons.push(skeleton);
        }
        out.words.push(id);
    }
    out.word_starts.push(out.words.len() as u32);
    out
}

/// Every distinct entity of the corpus with its names (the articles' own
/// spellings plus the gazetteer's name, aliases and Arabic forms), and every
/// article `source` as an agency; built batch by batch while loading.
#[derive(Default)]
struct EntityLists {
    /// Per entity kind (`EntityKind as usize`), key → entity number.
    by_key: [foldhash::HashMap<Arc<str>, usize>; EntityKind::ALL.len()],
    entities: Vec<EntityList>,
}

struct EntityList {
    kind: EntityKind,
    key: Arc<str>,
    /// The first name and Arabic form seen.
    shown: [Box<str>; 2],
    /// The articles' spellings as given: most mentions repeat one, and
    /// normalizing it again for each of millions of mentions would cost
    /// more than the rest.
    spelled: foldhash::HashSet<Box<str>>,
    /// The same, normalized, in order of first appearance.
    names: Vec<String>,
    articles: Vec<u32>,
}

impl EntityLists {
    /// Adds the entities of `articles`, numbered from `first`.
    fn add_articles(&mut self, first: usize, articles: &[Article]) {
        for (i, article) in articles.iter().enumerate() {
            let number = (first + i) as u32;
            for e in &article.extraction.entities {
                self.add(e.kind, e.key(), [e.name(), e.arabic()], number);
            }
            if let Some(source) = article.source().map(str::trim)
                && !source.is_empty()
            {
                let key = format!("source:{}", normalize(source));
                self.add(EntityKind::Agency, &key, [source, ""], number);
            }
        }
    }

    fn add(&mut self, kind: EntityKind, key: &str, names: [&str; 2], article: u32) {
        let slot = match self.by_key[kind as usize].get(key) {
            Some(&slot) => slot,
            None => {
                let key: Arc<str> = key.into();
                self.entities.push(EntityList {
                    kind,
                    key: Arc::clone(&key),
                    shown: names.map(Box::from),
                    spelled: Default::default(),
                    names: Vec::new(),
                    articles: Vec::new(),
                });
                self.by_key[kind as usize].insert(key, self.entities.len() - 1);
                self.entities.len() - 1
            }
        };
        let entity = &mut self.entities[slot];
        for name in names {
            if entity.spelled.contains(name) {
                continue;
            }
            entity.spelled.insert(name.into());
            let name = normalize(name);
            if !name.is_empty() && !entity.names.contains(&name) {
                entity.names.push(name);
            }
        }
        if entity.articles.last() != Some(&article) {
            entity.articles.push(article);
        }
    }

    /// The lists, each entity's gazetteer names first.
    fn finish(self, gazetteer: &[GazetteerEntry]) -> Vec<IndexedEntity> {
        self.entities
            .into_iter()
            .map(|entity| {
                let mut names: Vec<String> = Vec::new();
                if let Some(entry) = gazetteer
                    .iter()
                    .find(|e| e.kind == entity.kind && *e.key == *entity.key)
                {
                    names.push(normalize(&entry.name));
                    names.extend(entry.aliases.iter().map(|a| normalize(a)));
                    names.extend(entry.arabic.iter().map(|a| normalize(a)));
                }
                for name in entity.names {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                let [name, arabic] = entity.shown;
                IndexedEntity {
                    kind: entity.kind,
                    value: entity_value(&entity.key).into(),
                    name,
                    arabic,
                    names,
                    articles: entity.articles,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_word_is_indexed_by_its_head_cut_on_a_character() {
        // «ب» is two bytes: 256 falls on a character boundary, 255 does not.
        for (prefix, kept) in [("", 256), ("x", 255)] {
            let text = format!("{prefix}{}", "ب".repeat(50_000));
            let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
            let words = ArticleWords::new("عنوان", &text, &whole);
            let stored: Vec<&str> = (0..words.words.len())
                .map(|i| std::str::from_utf8(words.word(i)).expect("whole characters"))
                .collect();
            assert!(stored.contains(&&text[..kept]), "{prefix:?}");
            assert!(stored.iter().all(|w| w.len() <= MAX_WORD_BYTES));
        }
    }

    #[test]
    fn same_word_compares_every_byte() {
        let words = [
            "",
            "a",
            "ايران",
            "والايرانيه",
            "12345678",
            "123456789",
            "1234567x9",
            "x23456789",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_word(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
        // Every length, a difference at every byte: the tail's loads
        // overlap, and none may miss a byte.
        for len in 0..=24 {
            let word: Vec<u8> = (0..len as u8).map(|i| b'a' + i).collect();
            assert!(same_word(&word, &word.clone()), "length {len}");
            for at in 0..len {
                let mut other = word.clone();
                other[at] = b'#';
                assert!(!same_word(&word, &other), "length {len}, byte {at}");
            }
        }
    }

    #[test]
    fn postings_round_trip_through_varints() {
        let lists: [Vec<u32>; 5] = [
            vec![0, 1, 200, 70_000, 70_001],
            vec![5],
            // Past its inline bytes, a list moves to the heap intact; past
            // 255 bytes, it stays there (one byte is a short list's length).
            (0..40).map(|a| a * 3).collect(),
            vec![u32::MAX - 1],
            (0..300).collect(),
        ];
        let mut p = Postings::default();
        for articles in &lists {
            let mut word = ShardWord::default();
            for &a in articles {
                word.add(a);
            }
            p.push(word.postings);
        }
        assert_eq!(p.long.len(), 1, "one list is long");
        for (i, articles) in lists.iter().enumerate() {
            assert_eq!(&p.articles(i).collect::<Vec<_>>(), articles);
        }
    }

    #[test]
    fn sort_prefixes_order_as_the_bytes_do() {
        let words: Vec<&[u8]> = vec![
            b"",
            b"a",
            b"ab",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefgz",
            b"abcdefghijklmnop",
            b"abcdefghijklmnopq",
            b"abcdefghijklmnopr",
            b"b",
            "ادلب".as_bytes(),
            "ادلبي".as_bytes(),
            "ايران".as_bytes(),
            "\u{ff}".as_bytes(),
        ];
        for a in &words {
            for b in &words {
                let (pa, pb) = (sort_prefix(a), sort_prefix(b));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} {b:?}");
                }
                if a.len() <= SORT_PREFIX && b.len() <= SORT_PREFIX && a.len() == b.len() {
                    assert_eq!(pa == pb, a == b, "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn sorted_strings_answer_prefixes_and_substrings() {
        let words = ["استانا", "استانه", "ايران", "ايرانيه"];
        let bytes = words.iter().map(|w| w.len()).sum();
        let s = Strings::from_sorted(words.iter().map(|w| w.as_bytes()), bytes);
        assert_eq!(s.prefix_range("ايران"), 2..4);
        assert_eq!(s.prefix_range("است"), 0..2);
        assert_eq!(s.prefix_range("زز"), 4..4);
        assert_eq!(s.find("ايران"), Some(2));
        assert_eq!(s.find("ايرا"), None);
        let at = s.text.find("رانيه").unwrap();
        assert_eq!(s.holding(at), 3);
        // Bytes that are not UTF-8 are shown, not trusted: each becomes '?'.
        let cut = &"إيران".as_bytes()[..3];
        let s = Strings::from_sorted([cut, b"x\xff".as_slice()].into_iter(), 5);
        assert_eq!((s.get(0), s.get(1)), ("\u{625}?", "x?"));
    }
}
