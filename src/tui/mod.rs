//! The explorer: state ([`App`]) with its filter line ([`filter_line`]),
//! actions and the keymap ([`Keymap`], [`action_for`]),
//! and pure drawing ([`draw`]). The terminal runtime ([`run`]) takes the
//! terminal ([`terminal`]), decides who reorders right-to-left text
//! ([`bidi_probe`]), feeds key events through the keymap into
//! [`App::update`] and carries out the [`Effect`]s ([`clipboard`]).

pub mod action;
pub mod app;
pub mod article_view;
pub mod bidi_probe;
pub mod chooser;
pub mod clipboard;
pub mod draw;
pub mod facet_picker;
pub mod filter_line;
pub mod run;
pub mod terminal;
pub mod theme;

pub use crate::text::layout::BidiMode;
pub use action::{Action, Keymap, Mode, action_for};
pub use app::{App, AppOptions, Effect, Focus};
pub use draw::draw;
