//! A page that did not come from a file (one `astana fetch` read) made an
//! article the way a page file is: the same finishing, the same
//! extraction.

use super::finish::finish;
use crate::corpus::format::{Draft, Origin, Place, Shape};
use crate::corpus::{Article, ArticleMeta, Charset, clip_title};
use crate::extract::Extractor;
use crate::web::html::PageDraft;

/// The article of a page `web::html` read, with the id `id`; `Err` says
/// why it is none (only debris, too long).
pub fn page_article(id: &str, page: PageDraft, extractor: &Extractor) -> Result<Article, String> {
    let origin = Origin {
        display: page.url.clone().unwrap_or_else(|| id.to_string()),
        path: None,
        stem: id.to_string(),
        charset: Charset::Unknown,
    };
    let draft = Draft {
        note: None,
        place: Place::File,
        id: id.to_string(),
        title: page.title,
        title_of_line: clip_title,
        text: page.text,
        meta: ArticleMeta {
            date: page.date,
            source: page.source,
            url: page.url,
            ..Default::default()
        },
        shape: Shape::Document,
    };
    finish::<()>(&origin, draft, extractor)
        .map(|loaded| loaded.article)
        .map_err(|warning| warning.message)
}
