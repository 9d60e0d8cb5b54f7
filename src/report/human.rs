//! The human format: rustc/ruff-style annotated snippets and a summary.

use std::io;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{HumanOptions, Printer, RunInfo, Summary};
use crate::finding::{Finding, Kind, Severity};
use crate::text::Document;

/// Prints each finding as an annotated snippet of its lines.
pub struct HumanPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    renderer: Renderer,
}

impl<'w> HumanPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>, opts: HumanOptions) -> Self {
        let renderer = if opts.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Self { out, renderer }
    }
}

pub(crate) fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        _ => Level::INFO,
    }
}

/// Renders one finding (used by `check` and, later, `review`).
pub fn render_finding(renderer: &Renderer, doc: &Document, f: &Finding) -> String {
    let start = doc.line_col(f.span.start);
    let end = doc.line_col(f.span.end);
    let first = doc.index.line_range(&doc.text, start.line);
    let last = doc.index.line_range(&doc.text, end.line.max(start.line));
    let window = first.start..last.end.max(first.start);
    let source = &doc.text[window.clone()];
    let rel = f.span.start.saturating_sub(window.start)..f.span.end.min(window.end) - window.start;
    let label = match &f.fix {
        Some(fix) => match fix.edits.first() {
            Some(e) => format!("use '{}'", e.replacement),
            None => format!("use '{}'", f.preferred),
        },
        None if f.kind == Kind::Missing => format!("expected '{}'", f.preferred),
        None => format!("did you mean '{}'?", f.preferred),
    };
    let mut group = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.kind.as_str())
        .element(
            Snippet::source(source)
                .line_start(start.line)
                .path(doc.path.as_str())
                .annotation(AnnotationKind::Primary.span(rel).label(label)),
        );
    if let Some(src) = &f.source_span {
        group = group.element(Level::NOTE.message(format!(
            "source: {}:{}:{}: '{}'",
            src.path, src.line, src.column, f.found
        )));
    }
    if let Some(note) = &f.note {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    let mut help = format!("term '{}'", f.term_id);
    if let Some(r) = &f.reference {
        help.push_str(&format!("; reference: {r}"));
    }
    let groups: Vec<Group<'_>> = vec![group.element(Level::HELP.message(help))];
    renderer.render(&groups)
}

impl Printer for HumanPrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            writeln!(self.out, "{}\n", render_finding(&self.renderer, doc, f))?;
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let files = |n: usize| if n == 1 { "file" } else { "files" };
        if s.total() == 0 {
            writeln!(
                self.out,
                "No findings in {} {} checked.",
                s.files_checked,
                files(s.files_checked)
            )?;
        } else {
            let n = |count: usize, word: &str| {
                format!("{count} {word}{}", if count == 1 { "" } else { "s" })
            };
            writeln!(
                self.out,
                "Found {} ({}, {}, {} info) in {} of {} {} checked; {} with an automatic fix.",
                n(s.total(), "finding"),
                n(s.error, "error"),
                n(s.warning, "warning"),
                s.info,
                s.files_with_findings,
                s.files_checked,
                files(s.files_checked),
                s.fixable
            )?;
        }
        self.out.flush()
    }
}
