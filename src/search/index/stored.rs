//! The index's words as bytes, for an archive to keep: opening the archive
//! then reads them instead of normalizing every text again (most of what
//! opening costs once the extractions are kept too). Only what comes from
//! the words is kept — title keys, the vocabulary with its postings, each
//! title's words —; entities and dates come from the articles at
//! [`IndexBuilder::finish`], as for any load.
//!
//! Layout ([`crate::stored_bytes`]): [`MAGIC`], the build that wrote it
//! (another build makes its own: its normalizer may differ), the article
//! count, each article's title key, the word count, each word's bytes and
//! postings (as `Postings` holds them), then each article's title words
//! (their count, then their numbers in the vocabulary).

use super::IndexBuilder;
use super::SearchIndex;
use super::article_words::shard_of;
use super::bytes::word_hash;
use super::titles::TitleFilter;
use crate::stored_bytes::{Damaged, Reader, put_bytes, put_varint};
use smallvec::SmallVec;

const MAGIC: &[u8] = b"astana index words\n";

/// Bumped when the index's words change in a way the build id below would
/// not show (a build from a tree with changes not committed).
const FORMAT: u64 = 1;

fn build() -> &'static [u8] {
    concat!(env!("CARGO_PKG_VERSION"), " ", env!("ASTANA_COMMIT")).as_bytes()
}

impl SearchIndex {
    /// The index's words as bytes to keep (see the module).
    pub fn stored_words(&self) -> Vec<u8> {
        encode(self)
    }
}

impl IndexBuilder {
    /// The words added so far, as bytes to keep (see the module).
    pub fn into_stored_words(self) -> Vec<u8> {
        encode(&self.finish_words())
    }

    /// What the bytes of [`IndexBuilder::into_stored_words`] are
    /// stamped with: bytes stamped otherwise are another build's, which
    /// [`IndexBuilder::seed_words`] refuses (kept beside the bytes, it
    /// tells them without reading them).
    pub fn words_stamp() -> String {
        format!("{FORMAT} {}", String::from_utf8_lossy(build()))
    }

    /// Takes the words of [`IndexBuilder::into_stored_words`]'s bytes, as
    /// if their articles had been added after those added so far; the
    /// next articles added follow them. Returns the number of articles
    /// they cover. On an error the builder is to be dropped: it may hold
    /// part of the words.
    pub fn seed_words(&mut self, bytes: &[u8]) -> Result<usize, Damaged> {
        let base = self.titles.len() as u32;
        let mut r = Reader::new(bytes);
        if r.take(MAGIC.len())? != MAGIC || r.varint()? != FORMAT || r.counted()? != build() {
            return Err(Damaged("another build's index words"));
        }
        let articles = r.count()?;
        for _ in 0..articles {
            let key = r.counted()?;
            let key = std::str::from_utf8(key).map_err(|_| Damaged("bad UTF-8"))?;
            self.titles.push(key, TitleFilter::of(key));
        }
        let words = r.count()?;
        // Where each word of the vocabulary went: (shard, shard-local number).
        let mut placed: Vec<(u32, u32)> = Vec::with_capacity(words);
        for _ in 0..words {
            let (word, postings) = (r.counted()?, r.counted()?);
            let last = last_article(postings, articles)?;
            let hash = word_hash(word);
            let s = shard_of(hash);
            let (id, new) = self.shards[s].intern(word, hash);
            let entry = &mut self.shards[s].words[id as usize];
            if new && base == 0 {
                entry.last = last;
                entry.postings = SmallVec::from_slice(postings);
            } else {
                // After other words: each article numbered after theirs.
                let mut gaps = Reader::new(postings);
                let mut article = 0u32;
                let mut first = true;
                while !gaps.is_at_end() {
                    let gap = gaps.u32()?;
                    article = match first {
                        true => gap,
                        false => article
                            .checked_add(gap)
                            .ok_or(Damaged("postings overflow"))?,
                    };
                    first = false;
                    let number = base
                        .checked_add(article)
                        .ok_or(Damaged("postings overflow"))?;
                    if !entry.postings.is_empty() && number <= entry.last {
                        return Err(Damaged("a word twice"));
                    }
                    entry.add(number);
                }
            }
            placed.push((s as u32, id));
        }
        for article in 0..articles as u32 {
            for _ in 0..r.count()? {
                let &(s, id) = placed
                    .get(r.u32()? as usize)
                    .ok_or(Damaged("title word out of range"))?;
                self.shards[s as usize]
                    .title_words
                    .push((base + article, id));
            }
        }
        if !r.is_at_end() {
            return Err(Damaged("trailing bytes"));
        }
        Ok(articles)
    }
}

/// The last article of a posting list, checked: ascending article numbers
/// below `articles`, at least one.
fn last_article(postings: &[u8], articles: usize) -> Result<u32, Damaged> {
    let mut r = Reader::new(postings);
    let mut last: Option<u32> = None;
    while !r.is_at_end() {
        let gap = r.u32()?;
        let article = match last {
            None => gap,
            Some(_) if gap == 0 => return Err(Damaged("postings not ascending")),
            Some(last) => last.checked_add(gap).ok_or(Damaged("postings overflow"))?,
        };
        if article as usize >= articles {
            return Err(Damaged("posting out of range"));
        }
        last = Some(article);
    }
    last.ok_or(Damaged("a word without articles"))
}

fn encode(index: &SearchIndex) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        MAGIC.len() + 64 + index.titles.keys.len() + index.postings.heap_bytes(),
    );
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, FORMAT);
    put_bytes(&mut out, build());
    put_varint(&mut out, index.article_count as u64);
    for a in 0..index.article_count {
        put_bytes(&mut out, index.titles.key(a).as_bytes());
    }
    let words = &index.vocabulary.words;
    put_varint(&mut out, words.len() as u64);
    for w in 0..words.len() {
        put_bytes(&mut out, words.get(w).as_bytes());
        put_bytes(&mut out, index.postings.list(w));
    }
    let (title_words, starts) = index.word_titles.by_article(index.article_count);
    for range in starts.windows(2) {
        let title_words = &title_words[range[0] as usize..range[1] as usize];
        put_varint(&mut out, title_words.len() as u64);
        for &w in title_words {
            put_varint(&mut out, u64::from(w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_bundled_into;
    use crate::extract::Extractor;
    use crate::search::{ArticleWords, Order, Query, search};

    #[test]
    fn an_index_seeded_with_stored_words_answers_as_the_one_built() {
        let extractor = Extractor::builtin();
        let mut builder = IndexBuilder::new();
        let corpus = load_bundled_into(&extractor, &mut builder);
        let built = builder.finish(&corpus.articles, extractor.entries());
        // The first three articles' words kept, the other two added after.
        let (kept, added) = corpus.articles.split_at(3);
        let mut first = IndexBuilder::new();
        first.add_words(kept.iter().map(ArticleWords::of_article).collect());
        let bytes = first.into_stored_words();
        let mut seeded = IndexBuilder::new();
        assert_eq!(seeded.seed_words(&bytes), Ok(3));
        seeded.entities.add_articles(0, kept);
        seeded.add(added.iter().map(ArticleWords::of_article).collect(), added);
        let index = seeded.finish(&corpus.articles, extractor.entries());
        assert_eq!(index, built);
        // Kept in two stretches (an archive's words kept a fetch at a
        // time), seeded one after the other: the same index.
        let mut second = IndexBuilder::new();
        second.add_words(added.iter().map(ArticleWords::of_article).collect());
        let mut seeded = IndexBuilder::new();
        assert_eq!(seeded.seed_words(&bytes), Ok(3));
        assert_eq!(seeded.seed_words(&second.into_stored_words()), Ok(2));
        seeded.entities.add_articles(0, &corpus.articles);
        assert_eq!(seeded.finish(&corpus.articles, extractor.entries()), built);
        for q in ["لافروف", "lavrentiev", "أستانة", "الضامنة روسيا", "ايران"]
        {
            let query = Query::parse(q).unwrap();
            let hits = |i: &SearchIndex| {
                search(i, &corpus.articles, &query, Order::default())
                    .into_iter()
                    .map(|h| h.article)
                    .collect::<Vec<_>>()
            };
            assert_eq!(hits(&index), hits(&built), "{q}");
        }
    }

    #[test]
    fn damaged_or_foreign_words_are_refused_without_a_panic() {
        let extractor = Extractor::builtin();
        let corpus = load_bundled_into(&extractor, &mut ());
        let mut builder = IndexBuilder::new();
        builder.add_words(
            corpus
                .articles
                .iter()
                .map(ArticleWords::of_article)
                .collect(),
        );
        let bytes = builder.into_stored_words();
        for cut in (0..bytes.len()).step_by(7) {
            assert!(IndexBuilder::new().seed_words(&bytes[..cut]).is_err());
        }
        let mut flipped = bytes.clone();
        for at in (MAGIC.len()..flipped.len()).step_by(13) {
            flipped[at] ^= 0x55;
            // Refused, or read as some index: never a panic.
            let _ = IndexBuilder::new().seed_words(&flipped);
            flipped[at] ^= 0x55;
        }
        let mut foreign = bytes.clone();
        let at = MAGIC.len() + 2;
        foreign[at] ^= 1;
        assert_eq!(
            IndexBuilder::new().seed_words(&foreign),
            Err(Damaged("another build's index words"))
        );
    }
}
