//! astana: a terminal explorer for Arabic news coverage of the Astana talks
//! on Syria. Layers, from the ground up: `text` (normalization, layout,
//! sanitizing) → `extract` (entities with spans) → `corpus` (loading) →
//! `search` (query language, matching, facets) → `tui` (the explorer) and
//! `cli` (the scriptable subcommands).

pub mod archive;
pub mod atomic_file;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod extract;
pub mod fetch;
pub mod input_file;
pub mod marks;
pub mod memory;
pub mod output;
pub mod search;
pub mod stored_bytes;
pub mod synth;
pub mod talks;
pub mod text;
pub mod tui;
pub mod web;
