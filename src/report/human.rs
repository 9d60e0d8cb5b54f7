//! The human format: rustc/ruff-style annotated snippets and a summary.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{HumanOptions, Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::{Applicability, Finding, Kind, Severity, Span};
use crate::text::Document;

/// Files with findings listed after a run without `--verbose`, at most.
const PER_FILE_LIST_MAX: usize = 10;

/// Prints each finding as an annotated snippet of its lines.
pub struct HumanPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    renderer: Renderer,
    opts: HumanOptions,
    per_kind: BTreeMap<Kind, usize>,
    per_file: Vec<(String, usize, BTreeMap<Kind, usize>)>,
}

impl<'w> HumanPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>, opts: HumanOptions) -> Self {
        let mut renderer = if opts.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        if let Some(w) = opts.width {
            // Long lines are cut around the match to fit this width.
            renderer = renderer.term_width(w.max(40));
        }
        Self {
            out,
            renderer,
            opts,
            per_kind: BTreeMap::new(),
            per_file: Vec::new(),
        }
    }
}

/// `text` as an OSC 8 hyperlink to the file `path` (made absolute).
pub fn hyperlink(path: &str, text: &str) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.into());
    let url: String = abs
        .to_string_lossy()
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '#' => "%23".to_owned(),
            '?' => "%3F".to_owned(),
            c if c.is_control() => String::new(),
            c => c.to_string(),
        })
        .collect();
    format!("\x1b]8;;file://{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// One line for a finding: `path:line:col: severity[kind]: message [term]`.
pub fn finding_line(doc: &Document, f: &Finding, hyperlinks: bool) -> String {
    let lc = doc.line_col(f.span.start);
    let place = format!("{}:{}:{}", doc.path, lc.line, lc.column);
    let place = if hyperlinks && doc.path != "-" {
        hyperlink(&doc.path, &place)
    } else {
        place
    };
    let fix = match f
        .fix
        .as_ref()
        .and_then(|x| Some((x.applicability, x.edits.first()?)))
    {
        Some((Applicability::Safe, e)) => format!(" (fix: '{}')", e.replacement),
        Some((Applicability::Unsafe, e)) => format!(" (unsafe fix: '{}')", e.replacement),
        None => String::new(),
    };
    format!(
        "{place}: {}[{}]: {}{fix} [{}]",
        f.severity, f.kind, f.message, f.term_id
    )
}

fn kinds_text(counts: &BTreeMap<Kind, usize>) -> String {
    counts
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
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
    render_finding_with(renderer, doc, f, doc.path.as_str())
}

/// Renders one finding, showing `path` (e.g. a hyperlink) as its file.
pub fn render_finding_with(renderer: &Renderer, doc: &Document, f: &Finding, path: &str) -> String {
    render_finding_noted(renderer, doc, f, path, NoteShown::Full, None)
}

/// How a finding's glossary note is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteShown {
    /// In full (the term's first finding in a file).
    Full,
    /// As a pointer to the line where it was shown in full.
    SeeLine(usize),
}

/// What to do about a finding, in words (the `help:` line).
pub fn help_for(f: &Finding) -> String {
    let replacement = f
        .fix
        .as_ref()
        .and_then(|x| x.edits.first())
        .map(|e| e.replacement.as_str());
    match (f.kind, replacement) {
        (Kind::Case, Some(r)) => format!("write it '{r}'"),
        (Kind::MixedScript, Some(r)) => format!("retype it as '{r}'"),
        (_, Some(r)) => format!("replace with '{r}'"),
        (Kind::Variant | Kind::Case, None) => format!(
            "write '{}', or add an exception to the glossary if this is a name, a title or a quotation",
            f.preferred
        ),
        (Kind::NearMiss, None) => format!(
            "if this misspells '{}', correct it; if it is another name, add it to the glossary as admitted",
            f.preferred
        ),
        (Kind::Inconsistent, None) => {
            "keep one spelling throughout the document (or add the other as a glossary term)"
                .to_owned()
        }
        (Kind::Missing, None) => format!(
            "render the term as '{}', or check that source and translation are paired right",
            f.preferred
        ),
        (Kind::MixedScript, None) => "retype the word with Latin letters only".to_owned(),
        (Kind::Avoid, None) => {
            "rephrase: the glossary lists this wording to avoid, with no one replacement".to_owned()
        }
    }
}

/// Greedy word wrap of `text` to `width` columns (at least 20).
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, para) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if col > 0 && col + 1 + n > width {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                out.push(' ');
                col += 1;
            }
            out.push_str(word);
            col += n;
        }
    }
    out
}

/// Renders one finding with its note shown as `note`, and the notes
/// wrapped to `width` columns when it is known (a terminal).
pub fn render_finding_noted(
    renderer: &Renderer,
    doc: &Document,
    f: &Finding,
    path: &str,
    note: NoteShown,
    width: Option<usize>,
) -> String {
    let start = doc.line_col(f.span.start);
    let end = doc.line_col(f.span.end);
    let first = doc.index.line_range(&doc.text, start.line);
    let last = doc.index.line_range(&doc.text, end.line.max(start.line));
    let window = first.start..last.end.max(first.start);
    let (window, clipped) = clip_long_lines(&doc.text, window, f.span);
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
    let snippet = Snippet::source(source)
        .line_start(start.line)
        .annotation(AnnotationKind::Primary.span(rel).label(label));
    let title = level(f.severity)
        .primary_title(&*f.message)
        .id(f.kind.as_str());
    // A clipped line starts mid-line, so the renderer would count the
    // column from the cut: the origin is given explicitly instead, and
    // the snippet follows in a group of its own (in the same group it
    // would be rendered as a second file).
    let mut groups: Vec<Group<'_>> = Vec::with_capacity(2);
    let mut group = if clipped {
        groups.push(
            title.element(
                Origin::path(path)
                    .line(start.line)
                    .char_column(start.column),
            ),
        );
        Group::with_level(level(f.severity)).element(snippet)
    } else {
        title.element(snippet.path(path))
    };
    if let Some(src) = &f.source_span {
        group = group.element(Level::NOTE.message(format!(
            "source: {}:{}:{}: '{}'",
            src.path, src.line, src.column, f.found
        )));
    }
    // "  = note: " after a gutter as wide as the line number.
    let indent = end.line.max(start.line).to_string().len() + 9;
    let fit = |text: String| match width {
        Some(w) => wrap(&text, w.saturating_sub(indent)),
        None => text,
    };
    match (note, &f.note) {
        (NoteShown::Full, Some(n)) => {
            group = group.element(Level::NOTE.message(fit(n.to_string())));
        }
        (NoteShown::SeeLine(line), Some(_)) => {
            group = group.element(
                Level::NOTE.message(format!("term '{}': see the note at line {line}", f.term_id)),
            );
        }
        _ => {}
    }
    if note == NoteShown::Full {
        let mut about = format!("term '{}'", f.term_id);
        if let Some(r) = &f.reference {
            about.push_str(&format!("; reference: {r}"));
        }
        group = group.element(Level::NOTE.message(fit(about)));
    }
    groups.push(group.element(Level::HELP.message(fit(help_for(f)))));
    renderer.render(&groups)
}

/// Bytes of a long line kept on each side of a finding.
const LONG_LINE_CONTEXT: usize = 256;

/// Cuts `window` (the finding's whole lines) down to the finding and some
/// context when the lines are long: the renderer measures every character
/// it is given, so each finding on a 200 MB line cost the whole line.
/// Returns the window and whether it was cut.
pub(super) fn clip_long_lines(
    text: &str,
    window: Range<usize>,
    span: Span,
) -> (Range<usize>, bool) {
    if window.len() <= 4 * LONG_LINE_CONTEXT {
        return (window, false);
    }
    let mut lo = span
        .start
        .saturating_sub(LONG_LINE_CONTEXT)
        .max(window.start);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = span.end.saturating_add(LONG_LINE_CONTEXT).min(window.end);
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    if lo == window.start && hi == window.end {
        return (window, false);
    }
    (lo..hi.max(lo), lo != window.start)
}

impl Printer for HumanPrinter<'_> {
    fn begin(&mut self, info: &RunInfo) -> io::Result<()> {
        if self.opts.verbose {
            for g in &info.glossaries {
                writeln!(
                    self.out,
                    "glossary: {} ({}, {} terms)",
                    g.name, g.path, g.terms
                )?;
            }
        }
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let mut kinds = BTreeMap::new();
        for f in findings {
            *kinds.entry(f.kind).or_insert(0) += 1;
            *self.per_kind.entry(f.kind).or_insert(0) += 1;
        }
        self.per_file
            .push((doc.path.clone(), findings.len(), kinds));
        let linked;
        let path = if self.opts.hyperlinks && doc.path != "-" {
            linked = hyperlink(&doc.path, &doc.path);
            linked.as_str()
        } else {
            doc.path.as_str()
        };
        // A term's note is shown in full once per file; later findings of
        // the term point back to it.
        let mut first_line: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::new();
        for f in findings {
            if self.opts.quiet || self.opts.concise {
                writeln!(self.out, "{}", finding_line(doc, f, self.opts.hyperlinks))?;
            } else {
                let line = doc.line_col(f.span.start).line;
                let note = match first_line.get(&*f.term_id) {
                    Some(&l) => NoteShown::SeeLine(l),
                    None => {
                        first_line.insert(&f.term_id, line);
                        NoteShown::Full
                    }
                };
                writeln!(
                    self.out,
                    "{}\n",
                    render_finding_noted(&self.renderer, doc, f, path, note, self.opts.width)
                )?;
            }
        }
        Ok(())
    }

    fn error(&mut self, _error: &Error) -> io::Result<()> {
        // Shown on standard error where it happens (with the diagnostics
        // of the other commands); counted in the summary.
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        if self.opts.quiet {
            return self.out.flush();
        }
        let files = |n: usize| if n == 1 { "file" } else { "files" };
        let listed: Vec<_> = self
            .per_file
            .iter()
            .filter(|(_, n, _)| self.opts.verbose || *n > 0)
            .collect();
        // The per-file list: with --verbose, or when it is short enough to
        // read before the total.
        if self.opts.verbose || (listed.len() > 1 && listed.len() <= PER_FILE_LIST_MAX) {
            for (path, n, kinds) in listed {
                let shown = if self.opts.hyperlinks && path != "-" {
                    hyperlink(path, path)
                } else {
                    path.clone()
                };
                match n {
                    0 => writeln!(self.out, "{shown}: clean")?,
                    _ => writeln!(self.out, "{shown}: {n} ({})", kinds_text(kinds))?,
                }
            }
        }
        if !self.per_kind.is_empty() {
            writeln!(self.out, "By kind: {}.", kinds_text(&self.per_kind))?;
        }
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
                "Found {} ({}, {}, {} info) in {} of {} {} checked; {} with an automatic fix{}.",
                n(s.total(), "finding"),
                n(s.error, "error"),
                n(s.warning, "warning"),
                s.info,
                s.files_with_findings,
                s.files_checked,
                files(s.files_checked),
                s.fixable,
                if s.unsafe_fixable > 0 {
                    format!(" ({} more with --unsafe-fixes)", s.unsafe_fixable)
                } else {
                    String::new()
                }
            )?;
        }
        if s.files_failed > 0 {
            writeln!(
                self.out,
                "{} {} could not be checked (see the errors above).",
                s.files_failed,
                files(s.files_failed)
            )?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Fix;

    fn finding(span: Span, found: &str) -> Finding {
        Finding {
            span,
            kind: Kind::Variant,
            severity: Severity::Warning,
            term_id: "osce".into(),
            found: found.into(),
            preferred: "OSCE".into(),
            message: "variant rendering of 'OSCE'".into(),
            note: None,
            reference: None,
            fix: Some(Fix::safe(span, "OSCE")),
            source_span: None,
            date: None,
        }
    }

    /// The note is shown once per term and file; later findings point
    /// back to its line, and every finding says what to do.
    #[test]
    fn note_once_per_term_then_a_pointer() {
        let text = "The O.S.C.E. met.\nLater the O.S.C.E. spoke.\n";
        let doc = Document::new("n.txt", text);
        let mut fs = Vec::new();
        for (i, _) in text.match_indices("O.S.C.E.") {
            let mut f = finding(Span::new(i, i + 8), "O.S.C.E.");
            f.note = Some("Write the acronym without stops.".into());
            fs.push(f);
        }
        let mut out = Vec::new();
        {
            let mut p = HumanPrinter::new(Box::new(&mut out), HumanOptions::default());
            p.file(&doc, &fs).unwrap();
        }
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out.matches("Write the acronym without stops.").count(),
            1,
            "{out}"
        );
        assert!(out.contains("term 'osce': see the note at line 1"), "{out}");
        assert_eq!(
            out.matches("= help: replace with 'OSCE'").count(),
            2,
            "{out}"
        );
    }

    #[test]
    fn notes_wrap_to_the_width() {
        let doc = Document::new("w.txt", "The O.S.C.E. met.\n");
        let mut f = finding(Span::new(4, 12), "O.S.C.E.");
        f.note = Some("word ".repeat(40).into());
        let out = render_finding_noted(
            &Renderer::plain(),
            &doc,
            &f,
            "w.txt",
            NoteShown::Full,
            Some(60),
        );
        assert!(out.lines().all(|l| l.chars().count() <= 60), "{out}");
        assert!(
            out.lines()
                .filter(|l| l.trim_start().starts_with("word"))
                .count()
                >= 3,
            "{out}"
        );
    }

    #[test]
    fn help_says_what_to_do() {
        let mut f = finding(Span::new(0, 4), "Osce");
        assert_eq!(help_for(&f), "replace with 'OSCE'");
        f.kind = Kind::Case;
        assert_eq!(help_for(&f), "write it 'OSCE'");
        f.fix = None;
        f.kind = Kind::Variant;
        assert!(
            help_for(&f).contains("add an exception"),
            "{}",
            help_for(&f)
        );
        f.kind = Kind::NearMiss;
        assert!(help_for(&f).starts_with("if this misspells 'OSCE'"));
    }

    /// A finding far into a long line shows the right column and only
    /// some context around it (rendering used to measure the whole line).
    #[test]
    fn long_line_is_clipped_with_the_true_column() {
        let mut text = "é".repeat(100_000);
        text.push_str(" O.S.C.E. ");
        text.push_str(&"x".repeat(100_000));
        let start = text.find("O.S.C.E.").unwrap();
        let doc = Document::new("long.txt", text);
        let f = finding(Span::new(start, start + 8), "O.S.C.E.");
        let out = render_finding(&Renderer::plain(), &doc, &f);
        assert!(out.contains("--> long.txt:1:100002"), "{out}");
        assert!(out.contains("O.S.C.E."), "{out}");
        assert!(out.contains("^^^^^^^^ use 'OSCE'"), "{out}");
        assert!(out.len() < 4 * LONG_LINE_CONTEXT, "{}", out.len());
    }

    /// Short lines are rendered whole, as before.
    #[test]
    fn short_line_is_not_clipped() {
        let doc = Document::new("s.txt", "The O.S.C.E. met.\n");
        let f = finding(Span::new(4, 12), "O.S.C.E.");
        let out = render_finding(&Renderer::plain(), &doc, &f);
        assert!(out.contains("--> s.txt:1:5"), "{out}");
        assert!(out.contains("1 | The O.S.C.E. met."), "{out}");
    }
}
