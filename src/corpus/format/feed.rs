//! `.xml`, `.rss`, `.atom` feeds and JSON Feed `.json` files: each item an
//! article (see `web::feed`). The bytes are decoded here, with the charset
//! an XML declaration names, so the feed parser reads UTF-8.

use super::{Draft, Origin, Place, Shape};
use crate::corpus::decode::{Charset, Decoded, decode, xml_declared};
use crate::corpus::{ArticleMeta, LoadWarning, clip_title};
use crate::web::feed::{self, NotAFeed};

/// The drafts of a feed file, after the notes its decoding made.
pub(super) fn drafts(origin: &Origin, bytes: Vec<u8>) -> Vec<Result<Draft, LoadWarning>> {
    let charset = match (origin.charset, xml_declared(&bytes)) {
        (Charset::Unknown, Some(declared)) => Charset::Declared(declared),
        (charset, _) => charset,
    };
    match decode(bytes, charset) {
        Decoded::Skipped(why) => vec![Err(origin.warning(why))],
        Decoded::Text { text, notes } => {
            let mut out: Vec<_> = notes.into_iter().map(|n| Err(origin.warning(n))).collect();
            out.extend(drafts_of_text(origin, &text));
            out
        }
    }
}

/// The drafts of a decoded feed (a JSON Feed found by the `.json` format
/// comes here too).
pub(super) fn drafts_of_text(origin: &Origin, text: &str) -> Vec<Result<Draft, LoadWarning>> {
    let feed = match feed::parse(text) {
        Ok(feed) => feed,
        Err(NotAFeed::NoFeedRoot) => {
            return vec![Err(origin.warning(
                "not a feed (no rss, feed or RDF root, nor a JSON Feed), skipped",
            ))];
        }
        Err(NotAFeed::Broken(why)) => {
            let why = why.lines().next().unwrap_or_default().to_string();
            return vec![Err(origin.warning(format!("broken feed, skipped: {why}")))];
        }
    };
    if feed.items.is_empty() {
        return vec![Err(origin.warning("feed has no items"))];
    }
    feed.items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let number = index + 1;
            let place = Place::Item(number);
            let item = item.map_err(|why| place.warning(origin, why))?;
            Ok(Draft {
                note: None,
                place,
                id: format!("{}:{number}", origin.stem),
                title: item.title,
                title_of_line: clip_title,
                text: item.text,
                meta: ArticleMeta {
                    date: item.date,
                    source: feed.title.clone(),
                    url: item.url,
                    ..Default::default()
                },
                shape: Shape::Record,
            })
        })
        .collect()
}
