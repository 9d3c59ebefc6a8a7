//! The explorer: state ([`App`]), actions and the keymap ([`action_for`]),
//! and pure drawing ([`draw`]). The terminal runtime feeds key events
//! through the keymap into [`App::update`] and carries out the [`Effect`]s.

pub mod action;
pub mod app;
pub mod article_view;
pub mod draw;
pub mod theme;

pub use crate::text::layout::BidiMode;
pub use action::{Action, action_for};
pub use app::{App, AppOptions, Effect, Focus};
pub use draw::draw;
