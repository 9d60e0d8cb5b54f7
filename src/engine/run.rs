//! A run's results as data: each input's outcome, the passes over the
//! whole run, and the exit status, decided in one place.

use super::Engine;
use super::input::Skip;
use super::pipeline::CheckedFile;
use crate::checks::Tally;
use crate::error::Error;
use crate::finding::{Severity, sort_findings};
use crate::text::Document;

/// What became of one input.
#[derive(Debug)]
pub enum FileOutcome {
    /// Read and checked.
    Checked(Box<CheckedFile>),
    /// Found but not checked, and why.
    Skipped(Skip),
    /// Could not be read, decoded or parsed as its format.
    Failed(Error),
}

/// One input of a run and its outcome.
#[derive(Debug)]
pub struct FileReport {
    /// The path shown for it.
    pub path: String,
    /// What became of it.
    pub outcome: FileOutcome,
}

impl FileReport {
    /// The checked file, if it was checked.
    pub fn checked(&self) -> Option<&CheckedFile> {
        match &self.outcome {
            FileOutcome::Checked(c) => Some(c),
            _ => None,
        }
    }

    /// The checked file, mutably.
    pub fn checked_mut(&mut self) -> Option<&mut CheckedFile> {
        match &mut self.outcome {
            FileOutcome::Checked(c) => Some(c),
            _ => None,
        }
    }

    /// The error, if it failed.
    pub fn error(&self) -> Option<&Error> {
        match &self.outcome {
            FileOutcome::Failed(e) => Some(e),
            _ => None,
        }
    }
}

impl Engine {
    /// The passes over a whole run: run-scoped `inconsistent` findings,
    /// merged across `files` (every file of the run, in path order), with
    /// the config's severity overrides applied to them too.
    pub fn finish_run(&self, files: &mut [FileReport]) {
        if !self.run_scope {
            return;
        }
        let mut all = Tally::default();
        for (i, c) in files
            .iter_mut()
            .filter_map(FileReport::checked_mut)
            .enumerate()
        {
            let mut t = c.tally.take().unwrap_or_default();
            t.set_file(i);
            all.merge(t);
        }
        let mut checked: Vec<&mut CheckedFile> = files
            .iter_mut()
            .filter_map(FileReport::checked_mut)
            .collect();
        let docs: Vec<&Document> = checked.iter().map(|c| &c.doc).collect();
        let found = all.findings(&docs);
        for (i, finding) in found {
            if let Some(c) = checked.get_mut(i) {
                c.findings.push(finding);
            }
        }
        for c in checked {
            self.config.severity.apply(&mut c.findings);
            sort_findings(&mut c.findings);
        }
    }

    /// Drops the findings the baseline records (`--baseline`); files in
    /// path order.
    pub fn apply_baseline(&self, files: &mut [FileReport]) {
        let Some(b) = &self.baseline else { return };
        let mut b = b.clone();
        for c in files.iter_mut().filter_map(FileReport::checked_mut) {
            c.baselined += b.filter(&c.doc, &mut c.findings);
        }
    }

    /// Drops the findings of one document that the baseline records (a
    /// document checked again after `--fix`).
    pub fn filter_baseline(
        &self,
        doc: &Document,
        findings: &mut Vec<crate::finding::Finding>,
    ) -> usize {
        match &self.baseline {
            Some(b) => b.clone().filter(doc, findings),
            None => 0,
        }
    }

    /// Whether a `--baseline` is in use.
    pub fn has_baseline(&self) -> bool {
        self.baseline.is_some()
    }
}

/// The exit status of a run (the CLI contract's 0, 1, 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above the fail-on severity.
    Clean = 0,
    /// Findings at or above the fail-on severity.
    Findings = 1,
    /// The run could not be done as asked: an input or setting failed.
    Error = 2,
}

/// What a run found, accumulated as files are reported, and the exit
/// status that follows from it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Verdict {
    /// A finding at or above `fail_on`.
    pub failing: bool,
    /// An input or a step of the run failed.
    pub failed: bool,
}

impl Verdict {
    /// Counts one file's outcome.
    pub fn add(&mut self, report: &FileReport, fail_on: Option<Severity>) {
        match &report.outcome {
            FileOutcome::Checked(c) => {
                self.failing |= fail_on.is_some_and(|t| c.findings.iter().any(|f| f.severity >= t));
            }
            FileOutcome::Failed(_) => self.failed = true,
            FileOutcome::Skipped(_) => {}
        }
    }

    /// The exit status: 2 when anything failed, else 1 when a finding is
    /// at or above the threshold (unless the findings are being accepted,
    /// as `--write-baseline` does), else 0.
    pub fn status(&self, accept_findings: bool) -> ExitStatus {
        if self.failed {
            ExitStatus::Error
        } else if self.failing && !accept_findings {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }
}
