//! termcheck checks English translations against TOML glossaries of
//! terminology and flags variant, mis-cased, misspelled and inconsistent
//! renderings.
//!
//! Build an [`Engine`] once from [`Settings`] (the glossaries and which
//! checks run), then check documents through it: files, standard input or
//! text held in memory. Every command of the `termcheck` binary goes
//! through the same engine.
//!
//! ```
//! use termcheck::{Engine, Settings, GlossarySet, Kind};
//!
//! let glossary = termcheck::glossary::parse(
//!     "house.toml",
//!     r#"
//! [glossary]
//! name = "House style"
//! language = "en"
//!
//! [[term]]
//! preferred = "indivisible security"
//! variants = ["indivisibility of security"]
//! "#,
//! )
//! .glossary
//! .expect("a valid glossary");
//! let set = GlossarySet::new(vec![glossary]).expect("no conflicting forms");
//! let engine = Engine::new(Settings::new(set)).expect("the forms compile");
//!
//! let report = engine.check_text(
//!     "article.txt",
//!     "Moscow insists on the indivisibility of security.",
//! );
//! let findings = &report.checked().expect("plain text is checked").findings;
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].kind, Kind::Variant);
//! assert_eq!(&*findings[0].found, "indivisibility of security");
//! let fix = findings[0].fix.as_ref().expect("a safe fix");
//! assert_eq!(fix.edits[0].replacement, "indivisible security");
//! ```
//!
//! The crate is layered (lower layers never import higher ones):
//! [`finding`] and [`text`] form the ground floor; [`glossary`] loads and
//! validates glossaries; [`matcher`] compiles all forms of all glossaries
//! into one automaton; [`checks`] turns matches into findings;
//! [`formats`] finds the prose of each input format; [`engine`] runs one
//! document through all of them; [`report`] prints findings and knows
//! nothing of glossaries or matching.
//!
//! The supported API is the items re-exported here and the modules shown
//! in this documentation; `matcher`, `derive`, `maintain` and `exchange`
//! are public only for the `termcheck` binary, its tests, benchmarks and
//! fuzz targets, and may change in any release.
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![deny(missing_docs)]

pub mod checks;
pub mod date;
#[doc(hidden)]
pub mod derive;
pub mod engine;
pub mod error;
#[doc(hidden)]
pub mod exchange;
pub mod finding;
pub mod formats;
pub mod glossary;
pub mod io;
#[doc(hidden)]
pub mod maintain;
#[doc(hidden)]
pub mod matcher;
pub mod report;
pub mod source;
pub mod text;

pub use engine::{CheckedFile, Engine, FileOutcome, FileReport, Input, Settings};
pub use error::Error;
pub use finding::{Edit, Finding, Fix, Kind, Severity, Span};
pub use glossary::{Glossary, GlossarySet, Term};
