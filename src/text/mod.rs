//! The ground floor: text in, text out. Knows nothing of articles, entities
//! or terminals.

pub mod layout;
pub mod normalize;
pub mod romanize;
pub mod sanitize;
pub mod sentence;
pub mod stable_hash;
pub mod windows;
