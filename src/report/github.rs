//! `github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's diff.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`,
//! with `%`, CR and LF escaped in the message, and also `:` and `,` in
//! property values, as the runner's parser expects.
//!
//! GitHub shows at most 10 annotations of each type per step and drops
//! the columns of an annotation that spans lines. So annotations come
//! errors first, 10 of each type; the rest are counted in one notice and
//! listed in a collapsed log group; a finding that runs onto the next
//! line is annotated to the end of its first line. When
//! `$GITHUB_STEP_SUMMARY` names a file, a Markdown table of every
//! finding is appended to it (the job summary).

use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::text::Document;

/// Annotations of one type GitHub shows per step.
pub(crate) const ANNOTATIONS_PER_TYPE: usize = 10;

/// GitHub's limit on a step's summary (1 MiB); the table stops short of it.
const SUMMARY_LIMIT: usize = 1024 * 1024 - 4096;

/// One finding, as the annotations and the summary need it.
struct Row {
    severity: Severity,
    command: String,
    plain: String,
    cells: [String; 7],
}

/// Writes workflow commands (capped as GitHub shows them) and the job
/// summary.
pub struct GithubPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    rows: Vec<Row>,
    step_summary: Option<PathBuf>,
}

impl<'w> GithubPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self {
            out,
            rows: Vec::new(),
            step_summary: None,
        }
    }

    /// Also appends a Markdown table of every finding to `path` (the file
    /// GitHub names in `$GITHUB_STEP_SUMMARY`).
    pub fn with_step_summary(mut self, path: Option<PathBuf>) -> Self {
        self.step_summary = path;
        self
    }
}

/// A Markdown table cell: pipes escaped, line breaks as `<br>`, HTML
/// markup inert.
fn cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

/// The job summary: counts and one table row per finding.
pub(crate) fn summary_markdown(rows: &[[String; 7]], s: &Summary) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## termcheck\n");
    let _ = writeln!(
        md,
        "{} finding(s) ({} error, {} warning, {} info) in {} of {} file(s).\n",
        s.total(),
        s.error,
        s.warning,
        s.info,
        s.files_with_findings,
        s.files_checked
    );
    if rows.is_empty() {
        return md;
    }
    md.push_str("| Severity | File | Line | Column | Term | Found | Message |\n");
    md.push_str("| --- | --- | ---: | ---: | --- | --- | --- |\n");
    for (i, r) in rows.iter().enumerate() {
        let line = format!(
            "| {} |\n",
            r.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" | ")
        );
        if md.len() + line.len() > SUMMARY_LIMIT {
            let _ = writeln!(
                md,
                "\n{} more finding(s) not listed: GitHub keeps 1 MiB of a step's summary.",
                rows.len() - i
            );
            break;
        }
        md.push_str(&line);
    }
    md
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
    let mut end = doc.line_col(f.span.end);
    if end.line != start.line {
        // GitHub drops the columns of an annotation over several lines:
        // mark the finding to the end of its first line instead.
        end.line = start.line;
        end.column = doc.line_text(start.line).chars().count() + 1;
    }
    let title = format!("termcheck {} ({})", f.kind, f.term_id);
    let mut message = f.message.to_string();
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
            let lc = doc.line_col(f.span.start);
            self.rows.push(Row {
                severity: f.severity,
                command: command(doc, f),
                plain: format!(
                    "{}:{}:{}: {}: {} [{}]",
                    doc.path,
                    lc.line,
                    lc.column,
                    f.severity,
                    f.message.replace(['\r', '\n'], " "),
                    f.term_id
                ),
                cells: [
                    f.severity.to_string(),
                    cell(&doc.path),
                    lc.line.to_string(),
                    lc.column.to_string(),
                    cell(&f.term_id),
                    cell(&f.found),
                    cell(&f.message),
                ],
            });
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
        let mut shown = vec![false; self.rows.len()];
        let overflow = {
            let mut n = [0usize; 3];
            for r in &self.rows {
                n[rank(r.severity)] += 1;
            }
            n.iter().any(|&k| k > ANNOTATIONS_PER_TYPE)
        };
        for sev in [Severity::Error, Severity::Warning, Severity::Info] {
            // The overflow notice is a notice too.
            let cap = if sev == Severity::Info && overflow {
                ANNOTATIONS_PER_TYPE - 1
            } else {
                ANNOTATIONS_PER_TYPE
            };
            for (i, r) in self
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| rank(r.severity) == rank(sev))
                .take(cap)
            {
                writeln!(self.out, "{}", r.command)?;
                shown[i] = true;
            }
        }
        let hidden = shown.iter().filter(|s| !**s).count();
        if hidden > 0 {
            writeln!(
                self.out,
                "::notice title=termcheck::{hidden} more finding(s) not annotated \
                 (GitHub shows {ANNOTATIONS_PER_TYPE} annotations of each type per step); \
                 every finding is in the job summary and in the log group below"
            )?;
            writeln!(self.out, "::group::termcheck: {hidden} more finding(s)")?;
            for (r, _) in self.rows.iter().zip(&shown).filter(|(_, s)| !**s) {
                writeln!(self.out, "{}", r.plain)?;
            }
            writeln!(self.out, "::endgroup::")?;
        }
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
        if let Some(path) = &self.step_summary {
            let md = summary_markdown(
                &self
                    .rows
                    .iter()
                    .map(|r| r.cells.clone())
                    .collect::<Vec<_>>(),
                s,
            );
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            io::Write::write_all(&mut f, md.as_bytes())?;
        }
        self.out.flush()
    }
}

/// Errors, then warnings, then the rest.
fn rank(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        _ => 2,
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
