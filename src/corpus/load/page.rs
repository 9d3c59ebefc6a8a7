//! A page that did not come from a file (one `astana fetch` read) made an
//! article the way a page file is: the same finishing, the same
//! extraction.

use super::finish::finish;
use crate::corpus::format::{Origin, Place, html};
use crate::corpus::{Article, Charset};
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
    let draft = html::draft_of_page(Place::File, id.to_string(), page);
    finish::<()>(&origin, draft, extractor)
        .map(|loaded| loaded.article)
        .map_err(|warning| warning.message)
}
