//! `junit`: JUnit XML, one test case per checked file, failed when the
//! file has findings at or above `--fail-on` (so the report agrees with
//! the exit status); findings below it are listed in the case's
//! `<system-out>`. CI systems show it as a test report (GitLab
//! `artifacts:reports:junit`, Jenkins, Azure Pipelines); the output is
//! valid against the `junit-10.xsd` that Jenkins' xunit plugin reads.

use std::io;

use quick_xml::escape::{escape, partial_escape};

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::text::Document;

struct Case {
    path: String,
    failures: Vec<String>,
    /// Findings below `--fail-on`.
    others: Vec<String>,
    /// Why the file could not be checked.
    error: Option<super::WireError>,
}

/// Buffers one test case per file and writes the report at the end (the
/// suite's counts come first in the XML).
pub struct JunitPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    cases: Vec<Case>,
    fail_on: Option<Severity>,
}

impl<'w> JunitPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self {
            out,
            cases: Vec::new(),
            fail_on: Some(Severity::Warning),
        }
    }

    /// Fails a file's case only for findings at or above `fail_on`
    /// (`None`: no case fails); the default is `warning`, like the exit
    /// status.
    pub fn with_fail_on(mut self, fail_on: Option<Severity>) -> Self {
        self.fail_on = fail_on;
        self
    }
}

impl Printer for JunitPrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let mut case = Case {
            path: doc.path.clone(),
            failures: Vec::new(),
            others: Vec::new(),
            error: None,
        };
        for f in findings {
            let lc = doc.line_col(f.span.start);
            let line = format!(
                "{}:{}:{}: {}[{}] {} (term {})",
                doc.path, lc.line, lc.column, f.severity, f.kind, f.message, f.term_id
            );
            if self.fail_on.is_some_and(|t| f.severity >= t) {
                case.failures.push(line);
            } else {
                case.others.push(line);
            }
        }
        self.cases.push(case);
        Ok(())
    }

    /// An input that could not be checked: a test case in error.
    fn error(&mut self, error: &Error) -> io::Result<()> {
        let w = super::WireError::new(error);
        self.cases.push(Case {
            path: w.path.clone().unwrap_or_else(|| "termcheck".to_owned()),
            failures: Vec::new(),
            others: Vec::new(),
            error: Some(w),
        });
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let tests = self.cases.len();
        let failures = self.cases.iter().filter(|c| !c.failures.is_empty()).count();
        let errors = self.cases.iter().filter(|c| c.error.is_some()).count();
        writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            self.out,
            "<testsuites name=\"termcheck\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
        )?;
        writeln!(
            self.out,
            "  <testsuite name=\"termcheck\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">"
        )?;
        for c in &self.cases {
            let path = escape(c.path.as_str());
            if let Some(e) = &c.error {
                writeln!(
                    self.out,
                    "    <testcase name=\"{path}\" classname=\"termcheck\">"
                )?;
                writeln!(
                    self.out,
                    "      <error type=\"{}\" message=\"{}\"/>",
                    e.code,
                    escape(e.text().as_str())
                )?;
                writeln!(self.out, "    </testcase>")?;
                continue;
            }
            if c.failures.is_empty() && c.others.is_empty() {
                writeln!(
                    self.out,
                    "    <testcase name=\"{path}\" classname=\"termcheck\"/>"
                )?;
                continue;
            }
            writeln!(
                self.out,
                "    <testcase name=\"{path}\" classname=\"termcheck\">"
            )?;
            if !c.failures.is_empty() {
                let n = c.failures.len();
                writeln!(
                    self.out,
                    "      <failure type=\"termcheck\" message=\"{n} terminology finding{}\">{}</failure>",
                    if n == 1 { "" } else { "s" },
                    partial_escape(c.failures.join("\n").as_str())
                )?;
            }
            if !c.others.is_empty() {
                writeln!(
                    self.out,
                    "      <system-out>{}</system-out>",
                    partial_escape(c.others.join("\n").as_str())
                )?;
            }
            writeln!(self.out, "    </testcase>")?;
        }
        writeln!(self.out, "  </testsuite>")?;
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()
    }
}
