//! trail: load a folder of linked markdown notes into a graph, and browse it.
//!
//! The data flows one way:
//!
//! ```text
//! files ──load──▶ Text ──parse──▶ ParsedNote ──graph──▶ Graph ──▶ app ──▶ ui
//! ```
//!
//! [`vault::open`] runs the first three stages in parallel and returns a [`graph::Graph`]
//! together with the warnings for every file that could not be read cleanly.
//!
//! ```no_run
//! let vault = trail::vault::open(std::path::Path::new("notes"))?;
//! for note in vault.graph.notes() {
//!     println!("{} ({} backlinks)", note.title, vault.graph.backlinks(note.id).len());
//! }
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod app;
pub mod cli;
pub mod config;
pub mod editor;
pub mod graph;
pub mod keymap;
pub mod load;
pub mod outside;
pub mod parse;
pub mod render;
pub mod search;
pub mod state;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod vault;
