//! The filter language and the matcher. One parser serves the TUI's filter
//! line and `-q/--query`; docs/SEARCH.md says what is matched how.
//!
//! - `query`: parsing terms (`lavrentiev`, `'الضامنة`, `!idlib`, `g:iran`, `r:4-6`...).
//! - `words`: how a query word matches an article word (clitics, prefixes,
//!   Latin skeletons).
//! - `index`: the index built once after loading (vocabulary, postings,
//!   skeleton buckets, title keys, entities).
//! - `score`: one term's hits over the corpus, scored (title > entity > text).
//! - `rank`: the terms' hit lists combined and ranked, in time proportional
//!   to the hits.
//! - `searcher`: the ranked results in the chosen order; the incremental
//!   `Searcher`.
//! - `highlight`: match positions in a title or an article's text.

pub mod cooccurrence;
pub mod facets;
mod highlight;
mod index;
mod query;
mod rank;
mod score;
mod searcher;
pub mod statements;
pub mod summary;
#[cfg(test)]
mod tests;
pub mod timeline;
mod words;

pub use highlight::{text_matches, title_matches};
pub use index::{ArticleWords, IndexBuilder, SearchIndex};
pub use query::{
    Clause, EntityField, MarkFlag, Query, QueryError, QueryField, Term, TextTerm, entity_value,
    open_quote, split_terms,
};
pub use searcher::{EAGER_TITLE_MATCHES, Hit, Order, Searcher, search};
