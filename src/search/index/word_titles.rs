//! Per vocabulary word, the articles whose title has it: the title words
//! turned around, so that a query finds the titles holding its matched
//! words by reading those words' lists, not every hit's title words.

/// Ascending article numbers per word, end to end (`starts[w]..starts[w + 1]`).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct WordTitles {
    articles: Vec<u32>,
    starts: Vec<u32>,
}

impl WordTitles {
    /// From the title words of each article (`title_words`, article `a`'s
    /// at `title_word_starts[a]..title_word_starts[a + 1]`), over a
    /// vocabulary of `word_count` words: a counting sort, each word's list
    /// ascending because the articles are read in order.
    pub(super) fn invert(
        title_words: &[u32],
        title_word_starts: &[u32],
        word_count: usize,
    ) -> WordTitles {
        let mut starts = vec![0u32; word_count + 1];
        for &w in title_words {
            starts[w as usize + 1] += 1;
        }
        for w in 1..starts.len() {
            starts[w] += starts[w - 1];
        }
        let mut next = starts.clone();
        let mut articles = vec![0u32; title_words.len()];
        for (a, range) in title_word_starts.windows(2).enumerate() {
            for &w in &title_words[range[0] as usize..range[1] as usize] {
                let at = &mut next[w as usize];
                articles[*at as usize] = a as u32;
                *at += 1;
            }
        }
        WordTitles { articles, starts }
    }

    /// The articles whose title has word `word`, ascending.
    pub(super) fn articles(&self, word: u32) -> &[u32] {
        match (
            self.starts.get(word as usize),
            self.starts.get(word as usize + 1),
        ) {
            (Some(&from), Some(&to)) => &self.articles[from as usize..to as usize],
            _ => &[],
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        (self.articles.capacity() + self.starts.capacity()) * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_lists_the_titles_that_have_it() {
        // Article 0: words 2, 5; article 1: none; article 2: 0, 2.
        let title_words = [2, 5, 0, 2];
        let starts = [0, 2, 2, 4];
        let titles = WordTitles::invert(&title_words, &starts, 6);
        assert_eq!(titles.articles(0), [2]);
        assert_eq!(titles.articles(1), [] as [u32; 0]);
        assert_eq!(titles.articles(2), [0, 2]);
        assert_eq!(titles.articles(5), [0]);
        assert_eq!(titles.articles(6), [] as [u32; 0]);
    }
}
