//! The explorer: a full-screen, keyboard-only terminal program.

pub mod clipboard;
pub mod terminal;
