//! `glossary lint --format json`: glossary diagnostics as one JSON document.

use serde::Serialize;

use crate::finding::diagnostic::{Diagnostic, Location};
use crate::text::LineIndex;

#[derive(Serialize)]
struct WireLocation {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

impl From<&Location> for WireLocation {
    fn from(l: &Location) -> Self {
        let end = LineIndex::new(&l.source).line_col(&l.source, l.span.end);
        Self {
            path: l.path.clone(),
            line: l.line,
            column: l.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: l.span.start,
            byte_end: l.span.end,
        }
    }
}

#[derive(Serialize)]
struct WireRelated {
    #[serde(flatten)]
    location: WireLocation,
    label: String,
}

#[derive(Serialize)]
struct WireDiagnostic {
    #[serde(flatten)]
    location: WireLocation,
    severity: &'static str,
    code: &'static str,
    message: String,
    help: Option<String>,
    related: Option<WireRelated>,
}

/// Totals printed with the diagnostics.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LintSummary {
    /// Glossary files read.
    pub glossaries: usize,
    /// Terms loaded.
    pub terms: usize,
    /// Errors (including unreadable files).
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

#[derive(Serialize)]
struct WireLint<'a> {
    version: u32,
    diagnostics: Vec<WireDiagnostic>,
    /// Files that could not be read at all.
    unreadable: &'a [String],
    summary: LintSummary,
}

/// The JSON document for `glossary lint --format json`.
pub fn lint_json(diags: &[Diagnostic], unreadable: &[String], summary: LintSummary) -> String {
    let doc = WireLint {
        version: 1,
        diagnostics: diags
            .iter()
            .map(|d| WireDiagnostic {
                location: (&d.location).into(),
                severity: d.level.as_str(),
                code: d.code,
                message: d.message.clone(),
                help: d.help.clone(),
                related: d.related.as_ref().map(|(l, label)| WireRelated {
                    location: l.into(),
                    label: label.clone(),
                }),
            })
            .collect(),
        unreadable,
        summary,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
