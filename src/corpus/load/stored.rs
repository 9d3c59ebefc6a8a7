//! Articles that come finished from the archive: their extraction is read
//! back, not made again; only the search index's words are made, by
//! normalizing the text window by window as the extractor would. An
//! article whose stored extraction is stale (another extractor or
//! gazetteer) or unreadable is extracted here.

use super::gather::Gather;
use super::{ArticleSink, FileResult, LoadProgress, Loaded};
use crate::corpus::{Article, ArticleMeta, Corpus};
use crate::extract::{Extractor, NameTable, decode_stored};
use crate::text::normalize::NormalizedText;
use crate::text::windows::windows;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// An article as an archive keeps it.
#[derive(Debug)]
pub struct StoredArticle {
    pub id: Box<str>,
    pub title: Box<str>,
    pub title_is_separate: bool,
    pub text: crate::corpus::ArticleText,
    pub meta: ArticleMeta,
    /// The file it was imported from.
    pub path: Option<Arc<Path>>,
    /// Its extraction's bytes (see `extract::encode_stored`), or `None`
    /// when it must be extracted again.
    pub extraction: Option<Vec<u8>>,
}

/// What loading stored articles gave.
#[derive(Debug, Default)]
pub struct StoredLoad {
    pub corpus: Corpus,
    /// The articles (by position in the corpus) extracted here: their
    /// stored extraction was stale or unreadable.
    pub extracted: Vec<usize>,
}

/// Loads the articles `batches` yields, in order, feeding `sink`; the
/// names of their stored extractions are read from `names`.
pub fn load_stored_into<S: ArticleSink>(
    batches: impl Iterator<Item = Vec<StoredArticle>>,
    names: &NameTable,
    extractor: &Extractor,
    progress: Option<&LoadProgress>,
    sink: &mut S,
) -> StoredLoad {
    let mut gather = Gather::new(sink);
    gather.arrivals = progress;
    let mut extracted = Vec::new();
    for batch in batches {
        let first = gather.corpus.articles.len();
        let (_, finished) = rayon::join(
            || gather.flush(),
            || -> Vec<(Loaded<S::Words>, bool)> {
                batch
                    .into_par_iter()
                    .map(|stored| finish_stored::<S>(stored, names, extractor))
                    .collect()
            },
        );
        let mut result = FileResult::default();
        let mut bytes = 0;
        for (i, (loaded, fresh)) in finished.into_iter().enumerate() {
            if fresh {
                extracted.push(first + i);
            }
            bytes += loaded.article.text.len();
            result.articles.push(loaded);
        }
        if let Some(p) = progress {
            p.read(bytes, result.articles.len());
        }
        gather.take("archive", result);
    }
    gather.flush();
    // Stored articles have no warnings of their own: ids are unique in the
    // archive. Only the corpus is kept.
    StoredLoad {
        corpus: gather.corpus,
        extracted,
    }
}

/// The article of `stored` and its words; true when it was extracted here.
fn finish_stored<S: ArticleSink>(
    stored: StoredArticle,
    names: &NameTable,
    extractor: &Extractor,
) -> (Loaded<S::Words>, bool) {
    let StoredArticle {
        id,
        title,
        title_is_separate,
        text,
        meta,
        path,
        extraction,
    } = stored;
    let decoded = extraction.and_then(|bytes| decode_stored(&bytes, names).ok());
    let fresh = decoded.is_none();
    let (extraction, words) = match decoded {
        Some(extraction) => (extraction, words_of::<S>(&title, &text)),
        None => {
            let separate = title_is_separate.then_some(&*title);
            super::finish::extract::<S>(extractor, separate, &title, &text)
        }
    };
    let article = Article {
        id,
        title,
        path,
        meta: meta.boxed(),
        text,
        title_is_separate,
        extraction,
    };
    let loaded = Loaded {
        article,
        line: None,
        words,
        note: None,
    };
    (loaded, fresh)
}

/// The sink's words of a text, from its key made window by window (as the
/// extractor makes it).
pub fn words_of<S: ArticleSink>(title: &str, text: &str) -> S::Words {
    if !S::USES_WORDS {
        return S::words(title, "", &[]);
    }
    let mut words: Option<S::Words> = None;
    for window in windows(text) {
        let (norm, ranges) = NormalizedText::with_words(&text[window]);
        match &mut words {
            None => words = Some(S::words(title, &norm.key, &ranges)),
            Some(w) => S::more_words(w, &norm.key, &ranges),
        }
    }
    words.unwrap_or_else(|| S::words(title, "", &[]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::encode_stored;
    use crate::search::IndexBuilder;

    #[test]
    fn stored_articles_load_as_extracted_ones_with_the_same_index() {
        let extractor = Extractor::builtin();
        let mut builder = IndexBuilder::new();
        let bundled = super::super::load_bundled_into(&extractor, &mut builder);
        let index = builder.finish(&bundled.articles, extractor.entries());
        let mut names = NameTable::default();
        let stored: Vec<StoredArticle> = bundled
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| StoredArticle {
                id: a.id.clone(),
                title: a.title.clone(),
                title_is_separate: a.title_is_separate,
                text: a.text.as_str().into(),
                meta: a.meta.as_deref().cloned().unwrap_or_default(),
                path: None,
                // The second is stale: extracted again.
                extraction: (i != 1).then(|| encode_stored(&a.extraction, |e| names.number(e).0)),
            })
            .collect();
        let mut builder = IndexBuilder::new();
        let loaded = load_stored_into(
            std::iter::once(stored),
            &names,
            &extractor,
            None,
            &mut builder,
        );
        assert_eq!(loaded.extracted, vec![1]);
        assert_eq!(loaded.corpus.articles, bundled.articles);
        let again = builder.finish(&loaded.corpus.articles, extractor.entries());
        assert_eq!(again.vocabulary_len(), index.vocabulary_len());
        let query = crate::search::Query::parse("لافروف").unwrap();
        let hits = |i: &crate::search::SearchIndex, c: &[Article]| {
            crate::search::search(i, c, &query, crate::search::Order::default())
                .into_iter()
                .map(|h| h.article)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            hits(&again, &loaded.corpus.articles),
            hits(&index, &bundled.articles)
        );
    }
}
