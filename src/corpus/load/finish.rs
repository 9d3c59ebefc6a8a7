//! One way to make an article of a draft, whatever its format: debris
//! cut, limits checked, title chosen, entities extracted and the words
//! handed to the sink.

use super::{ArticleSink, Loaded};
use crate::corpus::format::{Draft, Origin, Shape};
use crate::corpus::{Article, LoadWarning, cut_debris};
use crate::extract::{Extraction, Extractor};

/// A record's `title` longer than this is taken as the head of its text.
const MAX_TITLE_BYTES: usize = 4096;

/// Mentions keep their offsets in 31 bits (see `extract::Mention`).
const MAX_FIELD_BYTES: usize = (1 << 31) - 1;

/// The article of `draft` and its words, or a warning saying why it is
/// none. The draft's text becomes the article's (cut in place, not copied).
pub(super) fn finish<S: ArticleSink>(
    origin: &Origin,
    draft: Draft,
    extractor: &Extractor,
) -> Result<Loaded<S::Words>, LoadWarning> {
    let place = draft.place;
    let note = draft.note.clone().map(|note| place.warning(origin, note));
    article::<S>(origin, draft, extractor)
        .map(|(article, words)| Loaded {
            article,
            line: place.line(),
            words,
            note,
        })
        .map_err(|message| place.warning(origin, message))
}

fn article<S: ArticleSink>(
    origin: &Origin,
    draft: Draft,
    extractor: &Extractor,
) -> Result<(Article, S::Words), String> {
    let Draft {
        id,
        title,
        title_of_line,
        mut text,
        meta,
        shape,
        ..
    } = draft;
    let document = shape == Shape::Document;
    if document {
        let start = text.len()
            - text
                .trim_start_matches(['\n', '\r', ' ', '\t', '\u{feff}'])
                .len();
        text.drain(..start);
    }
    keep_debris_free(&mut text);
    if document && text.trim().is_empty() {
        return Err("no article text (only debris), skipped".to_string());
    }
    let mut title = title;
    if let Some(long) = title.take_if(|t| t.len() > MAX_TITLE_BYTES) {
        // Not a title but a paragraph (or hostile): it heads the text, and
        // the title is clipped from it as from a text's first line, so that
        // it is read a window at a time like any text.
        let mut joined = long;
        joined.reserve_exact(1 + text.len());
        joined.push('\n');
        joined.push_str(&text);
        text = joined;
    }
    check_length(&text)?;
    if document {
        drop_repeated_title(&mut text);
    }
    // Boxed (its spare room given back) before the extraction, while
    // nothing else is large: after it, a moved 50 MB text would sit beside
    // the article's mentions.
    let text = text.into_boxed_str();
    let title_is_separate = title.is_some();
    let (extraction, title, words) = match title {
        Some(title) => {
            let (extraction, words) = extract::<S>(extractor, Some(&title), &title, &text);
            (extraction, title, words)
        }
        None => {
            // A document's leading blank lines are gone: its first line is
            // its title line.
            let line = if document {
                text.lines().next()
            } else {
                text.lines().find(|l| !l.trim().is_empty())
            };
            let title = title_of_line(line.unwrap_or_default());
            let (extraction, words) = extract::<S>(extractor, None, &title, &text);
            (extraction, title, words)
        }
    };
    let article = Article {
        id: id.into(),
        title: title.into(),
        path: origin.path.clone(),
        meta: meta.boxed(),
        text: text.into(),
        title_is_separate,
        extraction,
    };
    Ok((article, words))
}

/// Extracts from an article and gathers its words for the sink, window by
/// window. `separate_title` is a record's own title field; `title` is the
/// title either way.
pub(super) fn extract<S: ArticleSink>(
    extractor: &Extractor,
    separate_title: Option<&str>,
    title: &str,
    text: &str,
) -> (Extraction, S::Words) {
    let mut words = None;
    let extraction = extractor.extract_with(separate_title, text, |key, ranges| match &mut words {
        None => words = Some(S::words(title, key, ranges)),
        Some(words) => S::more_words(words, key, ranges),
    });
    (
        extraction,
        words.expect("the extractor analyses every text"),
    )
}

/// An article's text or title must be under 2 GiB.
fn check_length(field: &str) -> Result<(), String> {
    if field.len() > MAX_FIELD_BYTES {
        return Err(format!(
            "an article of {} bytes, over the 2 GiB an article may have, skipped",
            field.len()
        ));
    }
    Ok(())
}

/// Cuts the debris block at the end of `text` (see [`cut_debris`]), in place.
fn keep_debris_free(text: &mut String) {
    let kept = cut_debris(text).len();
    text.truncate(kept);
}

/// Removes the next non-empty line when it repeats the first line (scraped
/// pages often print the headline twice).
fn drop_repeated_title(text: &mut String) {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return;
    };
    let mut offset = first.len();
    for line in lines {
        if line.trim().is_empty() {
            offset += line.len();
            continue;
        }
        if line.trim() == first.trim() {
            let repeated = offset..offset + line.len();
            text.replace_range(repeated, "");
            let kept = text.trim_end().len();
            text.truncate(kept);
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_title_line_is_dropped() {
        let mut text = "عنوان الخبر\n\nعنوان الخبر\nالنص هنا.".to_string();
        drop_repeated_title(&mut text);
        assert_eq!(text, "عنوان الخبر\n\nالنص هنا.");
        let mut other = "عنوان\n\nنص مختلف".to_string();
        drop_repeated_title(&mut other);
        assert_eq!(other, "عنوان\n\nنص مختلف");
    }
}
