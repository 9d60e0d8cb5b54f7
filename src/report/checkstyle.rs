//! `checkstyle`: the Checkstyle XML report, read by Jenkins (Warnings NG),
//! reviewdog, GitLab converters and many IDE plugins.

use std::io;

use quick_xml::escape::escape;

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::Finding;
use crate::text::Document;

/// Writes one `<file>` per checked file, one `<error>` per finding.
pub struct CheckstylePrinter<'w> {
    out: Box<dyn io::Write + 'w>,
}

impl<'w> CheckstylePrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self { out }
    }
}

impl Printer for CheckstylePrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(self.out, "<checkstyle version=\"4.3\">")
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        writeln!(self.out, "  <file name=\"{}\">", escape(doc.path.as_str()))?;
        for f in findings {
            let lc = doc.line_col(f.span.start);
            let message = match f.fix.as_ref().and_then(|fix| fix.edits.first()) {
                Some(e) => format!("{} (use '{}')", f.message, e.replacement),
                None => format!("{} (did you mean '{}'?)", f.message, f.preferred),
            };
            writeln!(
                self.out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"termcheck.{}.{}\"/>",
                lc.line,
                lc.column,
                f.severity.as_str(),
                escape(message.as_str()),
                f.kind.as_str(),
                escape(&*f.term_id)
            )?;
        }
        writeln!(self.out, "  </file>")
    }

    /// An input that could not be checked: its `<file>` holds one
    /// `<error>` of severity error (a run failure has the file name `-`).
    fn error(&mut self, error: &Error) -> io::Result<()> {
        let w = super::WireError::new(error);
        writeln!(
            self.out,
            "  <file name=\"{}\">",
            escape(w.path.as_deref().unwrap_or("-"))
        )?;
        writeln!(
            self.out,
            "    <error line=\"{}\" column=\"{}\" severity=\"error\" message=\"{}\" source=\"termcheck.{}\"/>",
            w.line.unwrap_or(1),
            w.column.unwrap_or(1),
            escape(w.text().as_str()),
            w.code
        )?;
        writeln!(self.out, "  </file>")
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        writeln!(self.out, "</checkstyle>")?;
        self.out.flush()
    }
}
