//! The contract's JSON format: one document, written at the end.

use std::io;

use serde::Serialize;

use super::{Printer, RunInfo, Summary};
use crate::finding::Finding;
use crate::text::Document;

/// Buffers findings and writes one JSON document at `finish`.
pub struct JsonPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    glossaries: Vec<WireGlossary>,
    findings: Vec<WireFinding>,
}

impl<'w> JsonPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self {
            out,
            glossaries: Vec::new(),
            findings: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct WireTool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct WireGlossary {
    path: String,
    name: String,
    terms: usize,
}

/// One finding on the wire (contract version 1). Kept apart from the
/// domain type so the domain can change without breaking the format.
#[derive(Serialize)]
pub(crate) struct WireFinding {
    pub(crate) path: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) byte_start: usize,
    pub(crate) byte_end: usize,
    pub(crate) kind: &'static str,
    pub(crate) severity: &'static str,
    pub(crate) term_id: String,
    pub(crate) found: String,
    pub(crate) preferred: String,
    pub(crate) message: String,
    pub(crate) note: Option<String>,
    pub(crate) reference: Option<String>,
    pub(crate) fix: Option<WireFix>,
    /// `missing` only: where the term stands in the source file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) source_span: Option<WireSourceSpan>,
}

/// A place in the source file of a translation.
#[derive(Serialize)]
pub(crate) struct WireSourceSpan {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

#[derive(Serialize)]
pub(crate) struct WireFix {
    byte_start: usize,
    byte_end: usize,
    replacement: String,
}

impl WireFinding {
    pub(crate) fn new(doc: &Document, f: &Finding) -> Self {
        let start = doc.line_col(f.span.start);
        let end = doc.line_col(f.span.end);
        Self {
            path: doc.path.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: f.span.start,
            byte_end: f.span.end,
            kind: f.kind.as_str(),
            severity: f.severity.as_str(),
            term_id: f.term_id.clone(),
            found: f.found.clone(),
            preferred: f.preferred.clone(),
            message: f.message.clone(),
            note: f.note.clone(),
            reference: f.reference.clone(),
            fix: f.fix.as_ref().and_then(|fix| {
                fix.edits.first().map(|e| WireFix {
                    byte_start: e.span.start,
                    byte_end: e.span.end,
                    replacement: e.replacement.clone(),
                })
            }),
            source_span: f.source_span.as_deref().map(|s| WireSourceSpan {
                path: s.path.clone(),
                line: s.line,
                column: s.column,
                end_line: s.end_line,
                end_column: s.end_column,
                byte_start: s.span.start,
                byte_end: s.span.end,
            }),
        }
    }
}

#[derive(Serialize)]
struct WireSummary {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Serialize)]
struct WireReport<'a> {
    version: u32,
    tool: WireTool,
    glossaries: &'a [WireGlossary],
    files_checked: usize,
    findings: &'a [WireFinding],
    summary: WireSummary,
}

impl Printer for JsonPrinter<'_> {
    fn begin(&mut self, info: &RunInfo) -> io::Result<()> {
        self.glossaries = info
            .glossaries
            .iter()
            .map(|g| WireGlossary {
                path: g.path.clone(),
                name: g.name.clone(),
                terms: g.terms,
            })
            .collect();
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        self.findings
            .extend(findings.iter().map(|f| WireFinding::new(doc, f)));
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let report = WireReport {
            version: 1,
            tool: WireTool {
                name: "termcheck",
                version: env!("CARGO_PKG_VERSION"),
            },
            glossaries: &self.glossaries,
            files_checked: s.files_checked,
            findings: &self.findings,
            summary: WireSummary {
                error: s.error,
                warning: s.warning,
                info: s.info,
            },
        };
        serde_json::to_writer_pretty(&mut self.out, &report)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
