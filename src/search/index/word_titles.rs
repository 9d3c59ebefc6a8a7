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
    /// vocabulary of `word_count` words.
    pub(super) fn invert(
        title_words: &[u32],
        title_word_starts: &[u32],
        word_count: usize,
    ) -> WordTitles {
        let (articles, starts) = transpose(title_words, title_word_starts, word_count);
        WordTitles { articles, starts }
    }

    /// Turned back: each of `article_count` articles' title words,
    /// ascending, end to end, and where each article's start (what the
    /// archive keeps, `stored`).
    pub(super) fn by_article(&self, article_count: usize) -> (Vec<u32>, Vec<u32>) {
        transpose(&self.articles, &self.starts, article_count)
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

/// Lists of numbers below `targets` (list `i` at `starts[i]..starts[i +
/// 1]` of `lists`) turned around: per target, the lists that hold it,
/// ascending because the lists are read in order (a counting sort).
fn transpose(lists: &[u32], starts: &[u32], targets: usize) -> (Vec<u32>, Vec<u32>) {
    let mut out_starts = vec![0u32; targets + 1];
    for &t in lists {
        out_starts[t as usize + 1] += 1;
    }
    for t in 1..out_starts.len() {
        out_starts[t] += out_starts[t - 1];
    }
    let mut next = out_starts.clone();
    let mut out = vec![0u32; lists.len()];
    for (i, range) in starts.windows(2).enumerate() {
        for &t in &lists[range[0] as usize..range[1] as usize] {
            let at = &mut next[t as usize];
            out[*at as usize] = i as u32;
            *at += 1;
        }
    }
    (out, out_starts)
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
        // And back: each article's words, ascending.
        assert_eq!(titles.by_article(3), (vec![2, 5, 0, 2], vec![0, 2, 2, 4]));
    }
}
