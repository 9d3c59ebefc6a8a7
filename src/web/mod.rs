//! Web inputs: what an analyst saves from the web, each kind in its own
//! module. A module turns the bytes of one input (and what is known of where
//! they came from) into drafts of articles; the corpus loader finishes them.
//! Nothing here knows of the terminal or of the corpus's `Article`.

pub mod entities;
pub mod feed;
pub mod html;
pub mod warc;
