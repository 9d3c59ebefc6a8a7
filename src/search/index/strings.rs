//! A sorted list of distinct strings stored end to end: the vocabulary's
//! words, found by binary search (a word, a prefix) or by a substring search
//! over the whole text.

use std::ops::Range;

/// A sorted list of distinct strings, stored end to end.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Strings {
    /// The strings, each followed by '\n' so a substring search over the
    /// whole text never matches across two of them.
    pub(super) text: String,
    pub(super) starts: Vec<u32>,
}

impl Strings {
    /// The strings `items`, `bytes` long in all. They are bytes cut from
    /// UTF-8 text at character boundaries, checked once as a whole (a
    /// check per word would cost far more on a large vocabulary); a byte that is not UTF-8 after all becomes '?'.
    pub(super) fn from_sorted<'a>(
        items: impl ExactSizeIterator<Item = &'a [u8]>,
        bytes: usize,
    ) -> Strings {
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

    pub(super) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub(super) fn get(&self, i: usize) -> &str {
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize - 1]
    }

    pub(super) fn find(&self, s: &str) -> Option<usize> {
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
    pub(super) fn prefix_range(&self, prefix: &str) -> Range<usize> {
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
    pub(super) fn holding(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s as usize <= at) - 1
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
