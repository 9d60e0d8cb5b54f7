//! termcheck checks English translations against TOML glossaries of
//! terminology: variant, mis-cased and inconsistent renderings.
//!
//! The crate is layered (lower layers never import higher ones):
//! [`finding`] and [`text`] form the ground floor; [`glossary`] loads and
//! validates glossaries; [`matcher`] compiles all forms of all glossaries
//! into one automaton; [`checks`] turns matches into findings; [`report`]
//! prints findings and knows nothing of glossaries or matching.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod checks;
pub mod config;
pub mod derive;
pub mod diagnostic;
pub mod exchange;
pub mod finding;
pub mod fix;
pub mod formats;
pub mod glossary;
pub mod io;
pub mod lint;
pub mod maintain;
pub mod matcher;
pub mod report;
pub mod source;
pub mod suppress;
pub mod text;
pub mod usage;
