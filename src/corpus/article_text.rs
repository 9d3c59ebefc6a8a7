//! An article's text, read as a `&str`: alone in its own allocation while
//! the article is made, then copied with the other texts of its loading
//! batch into one shared block (see [`pack`]).
//!
//! The allocator rounds each allocation up to a size class (jemalloc has
//! four per doubling): a text of 3 to 5 KB in its own allocation wastes
//! about 10 % of its size on average, 30 to 45 MB over 100,000 articles
//! (docs/PERFORMANCE.md, "Peak memory per article"). A block of a batch's
//! texts is one large allocation, rounded up once and in pages the texts
//! never touch.

use std::sync::Arc;

/// An article's text: a stretch of a block that may hold other articles'
/// texts. Sixteen bytes, as a `Box<str>` is; it reads as the `str` it holds
/// (`Deref`), and compares, hashes and prints as that `str`.
#[derive(Clone)]
pub struct ArticleText {
    /// The block: boxed so that a text taken alone becomes a block without
    /// being copied.
    block: Arc<Box<str>>,
    start: u32,
    len: u32,
}

/// Texts at least this long keep their own allocation when packed: a
/// copy would hold a long text twice while it is made, and its
/// allocation's rounding is a small part of it.
const LONG_TEXT: usize = 64 << 10;

/// At most this many bytes in one block (offsets are `u32`).
const MAX_BLOCK: usize = u32::MAX as usize;

impl ArticleText {
    fn alone(text: Box<str>) -> ArticleText {
        // Articles are under 2 GiB (the loader refuses longer ones); a
        // longer text built by hand keeps its first 4 GiB.
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let len = floor_char_boundary(&text, len as usize) as u32;
        ArticleText {
            block: Arc::new(text),
            start: 0,
            len,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.block[self.start as usize..(self.start + self.len) as usize]
    }

    /// Whether this text is alone in its block (not packed with others).
    fn is_alone(&self) -> bool {
        self.start == 0 && self.len as usize == self.block.len()
    }
}

/// The largest character boundary of `s` at or before `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Gathers texts as they are read into one block, each shorter than
/// [`LONG_TEXT`] (a longer one stays alone): the texts a reader makes
/// this way are never allocated one by one, so [`pack`] has nothing to
/// copy.
#[derive(Default)]
pub struct BlockBuilder {
    block: String,
    /// Per text pushed: its length in `block`, or the long text itself.
    texts: Vec<Result<u32, ArticleText>>,
}

impl BlockBuilder {
    pub fn push(&mut self, text: &str) {
        if text.len() >= LONG_TEXT || self.block.len() + text.len() > MAX_BLOCK {
            self.texts.push(Err(ArticleText::from(text)));
        } else {
            self.block.push_str(text);
            self.texts.push(Ok(text.len() as u32));
        }
    }

    /// The texts pushed, in order, and an empty builder.
    pub fn take(&mut self) -> Vec<ArticleText> {
        let block = Arc::new(std::mem::take(&mut self.block).into_boxed_str());
        let mut start = 0u32;
        std::mem::take(&mut self.texts)
            .into_iter()
            .map(|text| match text {
                Ok(len) => {
                    let text = ArticleText {
                        block: Arc::clone(&block),
                        start,
                        len,
                    };
                    start += len;
                    text
                }
                Err(alone) => alone,
            })
            .collect()
    }
}

/// Copies the texts of `texts` shorter than [`LONG_TEXT`] into shared
/// blocks, in order, and frees each one's own allocation. The texts read
/// the same after.
pub fn pack<'t>(texts: impl IntoIterator<Item = &'t mut ArticleText>) {
    let mut short: Vec<&mut ArticleText> = texts
        .into_iter()
        .filter(|t| t.len() < LONG_TEXT && t.is_alone())
        .collect();
    while !short.is_empty() {
        let mut total = 0;
        let fits = short
            .iter()
            .take_while(|t| {
                total += t.len();
                total <= MAX_BLOCK
            })
            .count()
            .max(1);
        let rest = short.split_off(fits);
        let size = short.iter().map(|t| t.len()).sum();
        let mut block = String::with_capacity(size);
        for text in &short {
            block.push_str(text);
        }
        let block = Arc::new(block.into_boxed_str());
        let mut start = 0u32;
        for text in short {
            let len = text.len;
            *text = ArticleText {
                block: Arc::clone(&block),
                start,
                len,
            };
            start += len;
        }
        short = rest;
    }
}

impl std::ops::Deref for ArticleText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ArticleText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::borrow::Borrow<str> for ArticleText {
    fn borrow(&self) -> &str {
        self
    }
}

impl Default for ArticleText {
    fn default() -> ArticleText {
        ArticleText::alone(Box::default())
    }
}

impl From<Box<str>> for ArticleText {
    fn from(text: Box<str>) -> ArticleText {
        ArticleText::alone(text)
    }
}

impl From<String> for ArticleText {
    fn from(text: String) -> ArticleText {
        ArticleText::alone(text.into_boxed_str())
    }
}

impl From<&str> for ArticleText {
    fn from(text: &str) -> ArticleText {
        ArticleText::alone(text.into())
    }
}

impl PartialEq for ArticleText {
    fn eq(&self, other: &ArticleText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ArticleText {}

impl PartialEq<str> for ArticleText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ArticleText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::hash::Hash for ArticleText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl serde::Serialize for ArticleText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl std::fmt::Debug for ArticleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for ArticleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_texts_read_as_they_did_and_share_one_block() {
        let originals = ["نص أول", "", "second text", "ثالث"];
        let long = "ب".repeat(LONG_TEXT);
        let mut texts: Vec<ArticleText> = originals.iter().map(|&t| t.into()).collect();
        texts.push(long.as_str().into());
        pack(texts.iter_mut());
        for (text, original) in texts.iter().zip(originals.iter().chain([&long.as_str()])) {
            assert_eq!(text, original);
        }
        assert!(Arc::ptr_eq(&texts[0].block, &texts[3].block), "one block");
        assert!(texts[4].is_alone(), "a long text keeps its own allocation");
        // Packing again changes nothing; a packed text outlives its batch.
        let first = texts[0].clone();
        pack(texts.iter_mut());
        drop(texts);
        assert_eq!(first, "نص أول");
    }
}
