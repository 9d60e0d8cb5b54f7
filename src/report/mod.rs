//! Reporters: one printer per output format behind one trait.
//!
//! Reporters see findings, documents and plain run facts ([`RunInfo`]);
//! they never import glossaries, the matcher or checks. Files arrive in
//! path order with findings already sorted, so output is byte-identical
//! from run to run.

mod checkstyle;
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
mod lint_json;
mod render_diagnostic;
mod sarif;
mod statistics;
pub mod usage;

pub use checkstyle::CheckstylePrinter;
pub use github::GithubPrinter;
pub use gitlab::GitlabPrinter;
pub use human::{
    HumanPrinter, NoteShown, finding_line, help_for, hyperlink, render_finding,
    render_finding_noted, render_finding_with,
};
pub use json::JsonPrinter;
pub use json_lines::JsonLinesPrinter;
pub use junit::JunitPrinter;
pub use lint_json::{LintSummary, lint_json};
pub use render_diagnostic::render_diagnostic;
pub use sarif::SarifPrinter;
pub use statistics::StatisticsPrinter;

use std::io;

use crate::error::Error;
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
    /// Findings that carry a safe fix (`--fix` applies it).
    pub fixable: usize,
    /// Findings whose fix only `--unsafe-fixes` applies.
    pub unsafe_fixable: usize,
    /// Inputs that could not be checked (unreadable, undecodable,
    /// invalid as their format).
    pub files_failed: usize,
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
            match f.fix.as_ref().map(|x| x.applicability) {
                Some(crate::finding::Applicability::Safe) => self.fixable += 1,
                Some(crate::finding::Applicability::Unsafe) => self.unsafe_fixable += 1,
                None => {}
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
    /// Announces, before `begin`, how many files will be passed to
    /// `file`, so a printer whose head holds that count can stream.
    fn expect_files(&mut self, _files: usize) {}
    /// Called once before any file.
    fn begin(&mut self, info: &RunInfo) -> io::Result<()>;
    /// Called once per checked file, in path order.
    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()>;
    /// Called for an input that could not be checked, or for a failure
    /// of the run itself (then the error has no path), among the files in
    /// path order. Every format renders it, so a dashboard never shows a
    /// failed run as clean.
    fn error(&mut self, error: &Error) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// An error as machine outputs show it.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct WireError {
    /// The input, when the error is about one.
    pub(crate) path: Option<String>,
    /// 1-based line and column of the problem, when known.
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    /// A stable code: `unreadable`, `not-utf8`, `invalid-input`, ...
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

impl WireError {
    pub(crate) fn new(e: &Error) -> Self {
        let lc = e.line_col();
        Self {
            path: e.path().map(str::to_owned),
            line: lc.map(|l| l.0),
            column: lc.map(|l| l.1),
            code: e.code(),
            message: e.to_string(),
            help: e.help(),
        }
    }

    /// Message and help on one line.
    pub(crate) fn text(&self) -> String {
        match &self.help {
            Some(h) => format!("{} (help: {h})", self.message),
            None => self.message.clone(),
        }
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// rustc-style annotated snippets.
    Human,
    /// One JSON document (the contract's format).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML, one test case per file.
    Junit,
    /// One JSON finding per line, streamed.
    JsonLines,
    /// GitLab Code Quality report.
    Gitlab,
}

/// Options of the human printer.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Emit ANSI colors.
    pub color: bool,
    /// One line per finding, no snippets, no summary.
    pub quiet: bool,
    /// One line per finding, then the summary (`--output-format concise`).
    pub concise: bool,
    /// Also list the glossaries and every file checked.
    pub verbose: bool,
    /// Wrap file positions in OSC 8 hyperlinks (terminals only).
    pub hyperlinks: bool,
    /// Width to trim long lines to (default 140).
    pub width: Option<usize>,
    /// The lowest severity that fails the run (`--fail-on`); `None`:
    /// nothing fails. JUnit marks a file failed only for these.
    pub fail_on: Option<Severity>,
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
        Format::Sarif => Box::new(SarifPrinter::new(out)),
        Format::Github => Box::new(
            GithubPrinter::new(out).with_step_summary(
                std::env::var_os("GITHUB_STEP_SUMMARY")
                    .filter(|v| !v.is_empty())
                    .map(Into::into),
            ),
        ),
        Format::Checkstyle => Box::new(CheckstylePrinter::new(out)),
        Format::Junit => Box::new(JunitPrinter::new(out).with_fail_on(opts.fail_on)),
        Format::JsonLines => Box::new(JsonLinesPrinter::new(out)),
        Format::Gitlab => Box::new(GitlabPrinter::new(out)),
    }
}
