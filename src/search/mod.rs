//! The filter language and the matcher. One parser serves the TUI's filter
//! line and `-q/--query`; docs/SEARCH.md says what is matched how.
//!
//! - `query`: parsing terms (`lavrentiev`, `'الضامنة`, `!idlib`, `g:iran`, `r:4-6`...).
//! - `words`: how a query word matches an article word (clitics, prefixes,
//!   Latin skeletons).
//! - `index`: the index built once after loading (vocabulary, postings,
//!   skeleton buckets, title keys, entities).
//! - `matcher`: per-term hits, ranking, the incremental `Searcher`, and
//!   match positions for highlighting.

pub mod facets;
mod index;
mod matcher;
mod query;
mod words;

pub use index::{ArticleWords, IndexBuilder, SearchIndex};
pub use matcher::{EAGER_TITLE_MATCHES, Hit, Searcher, search, text_matches, title_matches};
pub use query::{Clause, EntityField, Query, QueryError, QueryField, Term, TextTerm, entity_value};
