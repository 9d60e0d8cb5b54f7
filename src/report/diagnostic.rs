//! Renders configuration diagnostics with the same renderer as findings.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{self, Diagnostic, Location};
use crate::text::Document;

fn snippet<'a>(
    loc: &'a Location,
    doc: &'a Document,
    label: Option<&'a str>,
    primary: bool,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let start = doc.line_col(loc.span.start);
    let end = doc.line_col(loc.span.end);
    let first = doc.index.line_range(&doc.text, start.line);
    let last = doc.index.line_range(&doc.text, end.line.max(start.line));
    let window = first.start..last.end.max(first.start);
    let rel_start = loc.span.start.clamp(window.start, window.end) - window.start;
    let rel_end = loc.span.end.clamp(window.start + rel_start, window.end) - window.start;
    let kind = if primary {
        AnnotationKind::Primary
    } else {
        AnnotationKind::Context
    };
    let mut ann = kind.span(rel_start..rel_end);
    if let Some(l) = label {
        ann = ann.label(l);
    }
    Snippet::source(&doc.text[window])
        .line_start(start.line)
        .path(loc.path.as_str())
        .annotation(ann)
}

/// Renders a diagnostic: message, the file's line underlined, help.
pub fn render_diagnostic(d: &Diagnostic, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match d.level {
        diagnostic::Level::Error => Level::ERROR,
        diagnostic::Level::Warning => Level::WARNING,
    };
    let doc = Document::new(d.location.path.clone(), d.location.source.to_string());
    let related_doc = d
        .related
        .as_ref()
        .map(|(loc, _)| Document::new(loc.path.clone(), loc.source.to_string()));
    let mut group = level
        .primary_title(d.message.as_str())
        .id(d.code)
        .element(snippet(&d.location, &doc, d.label.as_deref(), true));
    if let (Some((loc, label)), Some(rdoc)) = (&d.related, &related_doc) {
        group = group.element(snippet(loc, rdoc, Some(label.as_str()), false));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let groups: Vec<Group<'_>> = vec![group];
    renderer.render(&groups)
}
