//! Renders configuration diagnostics with the same renderer as findings.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::human::clip_long_lines;
use crate::finding::diagnostic::{self, Diagnostic, Location};

/// The lines of `loc` in its source, without line breaks (and without a
/// BOM on the first line). Found by scanning from the span, not by
/// indexing the file: a file can yield one diagnostic per term.
fn lines_of(loc: &Location) -> Range<usize> {
    let text: &str = &loc.source;
    let start = loc.span.start.min(text.len());
    let end = loc.span.end.clamp(start, text.len());
    let before = text.as_bytes().get(..start).unwrap_or_default();
    let mut first = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    if first == 0 && text.starts_with('\u{FEFF}') && start >= 3 {
        first = 3;
    }
    let after = text.as_bytes().get(end..).unwrap_or_default();
    let mut last = after
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| end + i);
    if last > end && text.as_bytes()[last - 1] == b'\r' {
        last -= 1;
    }
    first..last.max(first)
}

/// The snippet of `loc`, and the origin to show before it when its line
/// was clipped (the renderer would count the column from the cut).
fn snippet<'a>(
    loc: &'a Location,
    label: Option<&'a str>,
    primary: bool,
) -> (
    Snippet<'a, annotate_snippets::Annotation<'a>>,
    Option<Origin<'a>>,
) {
    let (window, clipped) = clip_long_lines(&loc.source, lines_of(loc), loc.span);
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
    let snippet = Snippet::source(&loc.source[window])
        .line_start(loc.line)
        .annotation(ann);
    if clipped {
        let origin = Origin::path(loc.path.as_str())
            .line(loc.line)
            .char_column(loc.column);
        (snippet, Some(origin))
    } else {
        (snippet.path(loc.path.as_str()), None)
    }
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
    let mut groups: Vec<Group<'_>> = Vec::with_capacity(2);
    let title = level.clone().primary_title(d.message.as_str()).id(d.code);
    let mut group = match snippet(&d.location, d.label.as_deref(), true) {
        (snippet, None) => title.element(snippet),
        // As in the human report: the origin, then the snippet in a group
        // of its own.
        (snippet, Some(origin)) => {
            groups.push(title.element(origin));
            Group::with_level(level).element(snippet)
        }
    };
    if let Some((loc, label)) = &d.related {
        let (snippet, origin) = snippet(loc, Some(label.as_str()), false);
        if let Some(origin) = origin {
            group = group.element(origin);
        }
        group = group.element(snippet);
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    groups.push(group);
    renderer.render(&groups)
}
