//! `.html`, `.htm`, `.xhtml` and the same gzip-compressed: one page, one
//! article, read by `web::html` (main text, title, date, source, URL).

use super::{Draft, Origin, Place, Shape};
use crate::corpus::{ArticleMeta, LoadWarning};
use crate::web::html::{self, PageDraft, PageError};

pub(in crate::corpus) fn drafts(
    origin: &Origin,
    bytes: Vec<u8>,
) -> Vec<Result<Draft, LoadWarning>> {
    let page_origin = html::Origin {
        url: None,
        charset: origin.charset,
    };
    let mut page = match html::read_page(&bytes, &page_origin) {
        Ok(page) => page,
        Err(PageError::NoArticle) => {
            return vec![Err(origin.warning("no article text found, skipped"))];
        }
        Err(e) => return vec![Err(origin.warning(format!("{e}, skipped")))],
    };
    let mut out = origin.notes(std::mem::take(&mut page.notes));
    out.push(Ok(draft_of_page(Place::File, page_id(&origin.stem), page)));
    out
}

/// A page as a draft (its decoding notes are the caller's to report).
pub(in crate::corpus) fn draft_of_page(place: Place, id: String, page: PageDraft) -> Draft {
    Draft {
        note: None,
        place,
        id,
        title: page.title,
        title_of_line: crate::corpus::clip_title,
        text: page.text,
        meta: ArticleMeta {
            date: page.date,
            source: page.source,
            url: page.url,
            ..Default::default()
        },
        shape: Shape::Document,
    }
}

/// `page.html.gz`'s stem is `page.html`: the id is `page`.
fn page_id(stem: &str) -> String {
    let lower = stem.to_ascii_lowercase();
    [".html", ".htm", ".xhtml"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(stem, |ext| &stem[..stem.len() - ext.len()])
        .to_string()
}
