//! `.txt` and `.md` files: the whole file is one article, titled by its
//! first line.

use super::{Draft, Origin, Place, Shape};
use crate::corpus::ArticleMeta;
use crate::corpus::LoadWarning;

/// The file's one draft (its id is the file's stem), after the notes its
/// decoding made; or why it is no article.
pub(in crate::corpus) fn drafts(
    origin: &Origin,
    bytes: Vec<u8>,
    title_of_line: fn(&str) -> String,
) -> Vec<Result<Draft, LoadWarning>> {
    let (text, mut out) = match origin.decode(bytes) {
        Ok(decoded) => decoded,
        Err(skipped) => return skipped,
    };
    out.push(Ok(Draft {
        note: None,
        place: Place::File,
        id: origin.stem.clone(),
        title: None,
        title_of_line,
        text,
        meta: ArticleMeta::default(),
        shape: Shape::Document,
    }));
    out
}
