//! `github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's diff.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`,
//! with `%`, CR and LF escaped in the message, and also `:` and `,` in
//! property values, as the runner's parser expects.

use std::io;

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::text::Document;

/// Writes one workflow command per finding.
pub struct GithubPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
}

impl<'w> GithubPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self { out }
    }
}

/// Escapes a command's message.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command for one finding.
pub(crate) fn command(doc: &Document, f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "notice",
    };
    let start = doc.line_col(f.span.start);
    let end = doc.line_col(f.span.end);
    let title = format!("termcheck {} ({})", f.kind, f.term_id);
    let mut message = f.message.clone();
    match f.fix.as_ref().and_then(|fix| fix.edits.first()) {
        Some(e) => message.push_str(&format!(": use '{}'", e.replacement)),
        None => message.push_str(&format!(": did you mean '{}'?", f.preferred)),
    }
    if let Some(note) = &f.note {
        message.push('\n');
        message.push_str(note);
    }
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&doc.path),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&title),
        escape_data(&message)
    )
}

impl Printer for GithubPrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            writeln!(self.out, "{}", command(doc, f))?;
        }
        Ok(())
    }

    fn error(&mut self, error: &Error) -> io::Result<()> {
        let w = super::WireError::new(error);
        let mut props = Vec::new();
        if let Some(p) = &w.path {
            props.push(format!("file={}", escape_property(p)));
        }
        if let Some(l) = w.line {
            props.push(format!("line={l}"));
        }
        if let Some(c) = w.column {
            props.push(format!("col={c}"));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("termcheck: {}", w.code))
        ));
        writeln!(
            self.out,
            "::error {}::{}",
            props.join(","),
            escape_data(&w.text())
        )
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        writeln!(
            self.out,
            "termcheck: {} finding(s) ({} error, {} warning, {} info) in {} of {} file(s)",
            s.total(),
            s.error,
            s.warning,
            s.info,
            s.files_with_findings,
            s.files_checked
        )?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
