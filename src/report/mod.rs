//! Reporters: one printer per output format behind one trait.
//!
//! Reporters see findings, documents and plain run facts ([`RunInfo`]);
//! they never import glossaries, the matcher or checks. Files arrive in
//! path order with findings already sorted, so output is byte-identical
//! from run to run.

mod diagnostic;
mod human;
mod json;
pub mod usage;

pub use diagnostic::render_diagnostic;
pub use human::{HumanPrinter, render_finding};
pub use json::JsonPrinter;

use std::io;

use crate::finding::{Finding, Severity};
use crate::text::Document;

/// A glossary as reporters see it.
#[derive(Debug, Clone)]
pub struct GlossaryInfo {
    /// Where it came from.
    pub path: String,
    /// Its name.
    pub name: String,
    /// Number of terms.
    pub terms: usize,
}

/// Facts about the run, known before any file is checked.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The glossaries in use.
    pub glossaries: Vec<GlossaryInfo>,
}

/// Counts known when the run ends.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Files checked (files that could not be read are not counted).
    pub files_checked: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
    /// Findings per severity.
    pub error: usize,
    /// Findings of severity warning.
    pub warning: usize,
    /// Findings of severity info.
    pub info: usize,
    /// Findings that carry a fix.
    pub fixable: usize,
}

impl Summary {
    /// Adds one file's findings.
    pub fn add_file(&mut self, findings: &[Finding]) {
        self.files_checked += 1;
        if !findings.is_empty() {
            self.files_with_findings += 1;
        }
        for f in findings {
            match f.severity {
                Severity::Error => self.error += 1,
                Severity::Warning => self.warning += 1,
                _ => self.info += 1,
            }
            if f.fix.is_some() {
                self.fixable += 1;
            }
        }
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// A sink for the findings of a run.
pub trait Printer {
    /// Called once before any file.
    fn begin(&mut self, info: &RunInfo) -> io::Result<()>;
    /// Called once per checked file, in path order.
    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// rustc-style annotated snippets.
    Human,
    /// One JSON document (the contract's format).
    Json,
}

/// Options of the human printer.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// Emit ANSI colors.
    pub color: bool,
}

/// The printer for `format`, writing to `out`.
pub fn printer<'w>(
    format: Format,
    out: Box<dyn io::Write + 'w>,
    opts: HumanOptions,
) -> Box<dyn Printer + 'w> {
    match format {
        Format::Human => Box::new(HumanPrinter::new(out, opts)),
        Format::Json => Box::new(JsonPrinter::new(out)),
    }
}
