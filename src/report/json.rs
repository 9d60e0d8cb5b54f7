//! The contract's JSON format: one document. Findings are written as each
//! file arrives when the number of files is announced up front
//! ([`Printer::expect_files`]); otherwise they are kept, already rendered,
//! until `finish`. Both give the bytes `serde_json::to_writer_pretty`
//! gives for the whole report.

use std::io::{self, Write};

use serde::Serialize;

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::{Applicability, Finding};
use crate::text::Document;

/// Indentation of one finding inside the document (`findings` array of
/// the top object).
const FINDING_INDENT: &[u8] = b"    ";

/// Writes the contract's JSON document.
pub struct JsonPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    glossaries: Vec<WireGlossary>,
    /// Files announced before `begin`: the head can be written at once.
    expected: Option<usize>,
    /// The head (everything before the first finding) is written.
    streaming: bool,
    /// Rendered findings waiting for the head (file count not announced).
    pending: Vec<u8>,
    /// One finding, rendered at indent 0, before re-indenting.
    scratch: Vec<u8>,
    /// At least one finding written (to `out` or `pending`).
    any: bool,
    /// Files seen, to check the announced count.
    files: usize,
    /// Inputs that could not be checked, written after the findings.
    errors: Vec<super::WireError>,
}

impl<'w> JsonPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self {
            out,
            glossaries: Vec::new(),
            expected: None,
            streaming: false,
            pending: Vec::new(),
            scratch: Vec::new(),
            any: false,
            files: 0,
            errors: Vec::new(),
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
/// domain type so the domain can change without breaking the format;
/// borrows, since it lives only while it is written.
#[derive(Serialize)]
pub(crate) struct WireFinding<'a> {
    pub(crate) path: &'a str,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) byte_start: usize,
    pub(crate) byte_end: usize,
    pub(crate) kind: &'static str,
    pub(crate) severity: &'static str,
    pub(crate) term_id: &'a str,
    pub(crate) found: &'a str,
    pub(crate) preferred: &'a str,
    pub(crate) message: &'a str,
    pub(crate) note: Option<&'a str>,
    pub(crate) reference: Option<&'a str>,
    pub(crate) fix: Option<WireFix<'a>>,
    /// A fix that needs a person's eye (a near-miss's closest approved
    /// form), applied only with `--unsafe-fixes`; `fix` stays `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) unsafe_fix: Option<WireFix<'a>>,
    /// `missing` only: where the term stands in the source file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) source_span: Option<WireSourceSpan<'a>>,
    /// A finding of a dated term or form: the document date it used and
    /// where that date came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<WireDate>,
}

/// `{"value": "2023-05-01", "source": "front matter"}`.
#[derive(Serialize)]
pub(crate) struct WireDate {
    value: String,
    source: &'static str,
}

/// A place in the source file of a translation.
#[derive(Serialize)]
pub(crate) struct WireSourceSpan<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

#[derive(Serialize)]
pub(crate) struct WireFix<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

impl<'a> WireFinding<'a> {
    pub(crate) fn new(doc: &'a Document, f: &'a Finding) -> Self {
        let start = doc.line_col(f.span.start);
        let end = doc.line_col(f.span.end);
        Self {
            path: &doc.path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: doc.original_offset(f.span.start),
            byte_end: doc.original_offset(f.span.end),
            kind: f.kind.as_str(),
            severity: f.severity.as_str(),
            term_id: &f.term_id,
            found: &f.found,
            preferred: &f.preferred,
            message: &f.message,
            note: f.note.as_deref(),
            reference: f.reference.as_deref(),
            fix: wire_fix(doc, f, Applicability::Safe),
            unsafe_fix: wire_fix(doc, f, Applicability::Unsafe),
            date: f.date.map(|d| WireDate {
                value: d.value.to_string(),
                source: d.source.as_str(),
            }),
            source_span: f.source_span.as_deref().map(|s| WireSourceSpan {
                path: &s.path,
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

/// The fields before `findings`.
#[derive(Serialize)]
struct WireHead<'a> {
    version: u32,
    tool: WireTool,
    glossaries: &'a [WireGlossary],
    files_checked: usize,
}

/// The fields after `findings`: the inputs that could not be checked
/// (additive to contract v1), then the counts.
#[derive(Serialize)]
struct WireTail<'a> {
    errors: &'a [super::WireError],
    summary: WireSummary,
}

/// `value` pretty-printed as a top-level object, without its closing
/// `\n}`, or without its opening `{` (`open`): the pieces around the
/// `findings` array.
fn object_piece(value: &impl Serialize, open: bool) -> io::Result<Vec<u8>> {
    let mut v = serde_json::to_vec_pretty(value)?;
    if open {
        v.truncate(v.len().saturating_sub(2));
    } else {
        v.remove(0);
    }
    Ok(v)
}

/// Appends `item` (pretty JSON at indent 0) indented by `indent`.
/// Strings in JSON never hold a raw newline, so every LF is layout.
pub(super) fn push_indented(dst: &mut Vec<u8>, item: &[u8], indent: &[u8]) {
    dst.extend_from_slice(indent);
    for chunk in item.split_inclusive(|&b| b == b'\n') {
        dst.extend_from_slice(chunk);
        if chunk.ends_with(b"\n") {
            dst.extend_from_slice(indent);
        }
    }
}

impl JsonPrinter<'_> {
    /// Writes everything up to and including `"findings": [`.
    fn write_head(&mut self, files_checked: usize) -> io::Result<()> {
        let mut head = object_piece(
            &WireHead {
                version: 1,
                tool: WireTool {
                    name: "termcheck",
                    version: env!("CARGO_PKG_VERSION"),
                },
                glossaries: &self.glossaries,
                files_checked,
            },
            true,
        )?;
        head.extend_from_slice(b",\n  \"findings\": [");
        self.out.write_all(&head)?;
        self.streaming = true;
        Ok(())
    }
}

impl Printer for JsonPrinter<'_> {
    fn expect_files(&mut self, files: usize) {
        self.expected = Some(files);
    }

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
        if let Some(n) = self.expected {
            self.write_head(n)?;
        }
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        self.files += 1;
        let mut buf = Vec::new();
        for f in findings {
            self.scratch.clear();
            serde_json::to_writer_pretty(&mut self.scratch, &WireFinding::new(doc, f))?;
            let dst = if self.streaming {
                &mut buf
            } else {
                &mut self.pending
            };
            dst.extend_from_slice(if self.any { b",\n" } else { b"\n" });
            push_indented(dst, &self.scratch, FINDING_INDENT);
            self.any = true;
            if self.streaming && buf.len() >= 64 << 10 {
                self.out.write_all(&buf)?;
                buf.clear();
            }
        }
        self.out.write_all(&buf)
    }

    fn error(&mut self, error: &Error) -> io::Result<()> {
        self.errors.push(super::WireError::new(error));
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        if !self.streaming {
            self.write_head(s.files_checked)?;
            let pending = std::mem::take(&mut self.pending);
            self.out.write_all(&pending)?;
        }
        // The head is written: an announced count that turned out wrong
        // would give a wrong document, which is a bug of the caller.
        debug_assert!(
            self.expected
                .is_none_or(|n| n == s.files_checked && n == self.files)
        );
        let close: &[u8] = if self.any { b"\n  ]," } else { b"]," };
        let mut tail = close.to_vec();
        tail.extend(object_piece(
            &WireTail {
                errors: &self.errors,
                summary: WireSummary {
                    error: s.error,
                    warning: s.warning,
                    info: s.info,
                },
            },
            false,
        )?);
        tail.push(b'\n');
        self.out.write_all(&tail)?;
        self.out.flush()
    }
}

/// The finding's fix on the wire when it has `applicability`.
fn wire_fix<'a>(
    doc: &Document,
    f: &'a Finding,
    applicability: Applicability,
) -> Option<WireFix<'a>> {
    let fix = f
        .fix
        .as_ref()
        .filter(|x| x.applicability == applicability)?;
    fix.edits.first().map(|e| WireFix {
        byte_start: doc.original_offset(e.span.start),
        byte_end: doc.original_offset(e.span.end),
        replacement: &e.replacement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Fix, Kind, Severity, SourceSpan, Span};
    use crate::report::GlossaryInfo;

    /// The whole report in one value: what the printer wrote before it
    /// streamed, kept as the oracle for byte identity.
    #[derive(Serialize)]
    struct WireReport<'a> {
        version: u32,
        tool: WireTool,
        glossaries: &'a [WireGlossary],
        files_checked: usize,
        findings: &'a [WireFinding<'a>],
        errors: &'a [super::super::WireError],
        summary: WireSummary,
    }

    /// Checked files with their findings.
    type Files = Vec<(Document, Vec<Finding>)>;

    fn buffered(info: &RunInfo, files: &[(Document, Vec<Finding>)]) -> Vec<u8> {
        let mut summary = Summary::default();
        let mut findings = Vec::new();
        for (doc, fs) in files {
            summary.add_file(fs);
            findings.extend(fs.iter().map(|f| WireFinding::new(doc, f)));
        }
        let glossaries: Vec<WireGlossary> = info
            .glossaries
            .iter()
            .map(|g| WireGlossary {
                path: g.path.clone(),
                name: g.name.clone(),
                terms: g.terms,
            })
            .collect();
        let report = WireReport {
            version: 1,
            tool: WireTool {
                name: "termcheck",
                version: env!("CARGO_PKG_VERSION"),
            },
            glossaries: &glossaries,
            files_checked: summary.files_checked,
            findings: &findings,
            errors: &[],
            summary: WireSummary {
                error: summary.error,
                warning: summary.warning,
                info: summary.info,
            },
        };
        let mut out = serde_json::to_vec_pretty(&report).unwrap();
        out.push(b'\n');
        out
    }

    fn printed(info: &RunInfo, files: &[(Document, Vec<Finding>)], announce: bool) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut p = JsonPrinter::new(Box::new(&mut out));
            if announce {
                p.expect_files(files.len());
            }
            p.begin(info).unwrap();
            let mut summary = Summary::default();
            for (doc, fs) in files {
                summary.add_file(fs);
                p.file(doc, fs).unwrap();
            }
            p.finish(&summary).unwrap();
        }
        out
    }

    fn finding(doc: &Document, needle: &str, kind: Kind, severity: Severity) -> Finding {
        let start = doc.text.find(needle).unwrap();
        let span = Span::new(start, start + needle.len());
        Finding {
            span,
            kind,
            severity,
            date: None,
            term_id: format!("id-{needle}").into(),
            found: needle.into(),
            preferred: "Organisation \"for\" Security\tand Co-operation".into(),
            message: format!("variant rendering of '{needle}'\nsecond line").into(),
            note: (kind == Kind::Variant).then(|| "a note: «quoted» \\ slash".into()),
            reference: (severity == Severity::Error).then(|| "Helsinki 1975".into()),
            fix: (kind != Kind::NearMiss).then(|| Fix::safe(span, "OSCE")),
            source_span: (kind == Kind::Missing).then(|| {
                Box::new(SourceSpan {
                    path: "src.ru.txt".to_owned(),
                    span: Span::new(4, 12),
                    line: 1,
                    column: 5,
                    end_line: 1,
                    end_column: 9,
                })
            }),
        }
    }

    fn info(glossaries: usize) -> RunInfo {
        RunInfo {
            glossaries: (0..glossaries)
                .map(|i| GlossaryInfo {
                    path: format!("g{i}.toml"),
                    name: format!("Glossary \"{i}\""),
                    terms: i * 7,
                })
                .collect(),
        }
    }

    fn files() -> Files {
        let a = Document::new(
            "a.txt",
            "\u{FEFF}The O.S.C.E. and Lavrоv\r\nmet the OSCE.\n",
        );
        let fa = vec![
            finding(&a, "O.S.C.E.", Kind::Variant, Severity::Warning),
            finding(&a, "Lavrоv", Kind::MixedScript, Severity::Error),
            finding(&a, "OSCE", Kind::Case, Severity::Info),
        ];
        let b = Document::new("dir/b.txt", "nothing here\n");
        let c = Document::new("c \"quoted\".md", "Missing and near OCSE\n");
        let fc = vec![
            finding(&c, "Missing", Kind::Missing, Severity::Warning),
            finding(&c, "OCSE", Kind::NearMiss, Severity::Info),
        ];
        vec![(a, fa), (b, Vec::new()), (c, fc)]
    }

    /// Streamed and deferred output equal the one-value serialization,
    /// byte for byte, for runs with and without findings and glossaries.
    #[test]
    fn streamed_json_equals_buffered_json() {
        let all = files();
        let cases: Vec<(RunInfo, Files)> = vec![
            (info(0), Vec::new()),
            (info(1), Vec::new()),
            (info(2), all[1..2].to_vec()),
            (info(3), all.clone()),
            (info(1), all[2..].to_vec()),
            (
                info(1),
                vec![all[1].clone(), all[0].clone(), all[1].clone()],
            ),
        ];
        for (info, files) in &cases {
            let want = buffered(info, files);
            for announce in [true, false] {
                let got = printed(info, files, announce);
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want.clone()).unwrap(),
                    "announce: {announce}, files: {}",
                    files.len()
                );
            }
        }
    }

    /// Many findings: the printer flushes in chunks and stays identical.
    #[test]
    fn long_runs_stream_identically() {
        let text = "O.S.C.E. ".repeat(2000);
        let doc = Document::new("long.txt", text);
        let fs: Vec<Finding> = (0..2000)
            .map(|i| {
                let mut f = finding(&doc, "O.S.C.E.", Kind::Variant, Severity::Warning);
                f.span = Span::new(i * 9, i * 9 + 8);
                f
            })
            .collect();
        let files = vec![(doc, fs)];
        assert_eq!(printed(&info(1), &files, true), buffered(&info(1), &files));
    }
}
