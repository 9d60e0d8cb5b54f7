//! Inline suppressions: `termcheck-disable-next-line`, `termcheck-disable-line`,
//! `termcheck-disable` / `termcheck-enable` blocks, and the PO translator
//! comment `# termcheck: ignore`, each optionally limited to term ids.
//!
//! Format readers ([`crate::formats`]) find the directives in their own
//! comment syntax and hand them over as [`Directive`]s with original byte
//! spans; this module turns them into suppressed byte ranges, drops the
//! findings inside, and reports directives that name unknown terms.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::finding::{Finding, Span};
use crate::text::Document;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// Suppresses findings on the line after the directive.
    DisableNextLine,
    /// Suppresses findings on the directive's own line(s).
    DisableLine,
    /// Suppresses findings until a matching `termcheck-enable`.
    Disable,
    /// Ends a `termcheck-disable` block.
    Enable,
    /// Suppresses findings in one byte range the reader chose (a PO entry).
    Range(Span),
}

/// The directive words, for parsing and suggestions.
pub const DIRECTIVES: &[&str] = &[
    "termcheck-disable-next-line",
    "termcheck-disable-line",
    "termcheck-disable",
    "termcheck-enable",
];

/// One suppression comment found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// The term ids it names (empty: every term), with their spans.
    pub ids: Vec<(String, Span)>,
    /// The whole comment or directive line, in original bytes.
    pub span: Span,
}

/// What a comment held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Not a termcheck comment.
    None,
    /// A directive.
    Directive(Directive),
    /// Starts with `termcheck` but names no known directive.
    Unknown {
        /// The unknown word.
        word: String,
        /// Its span.
        span: Span,
    },
}

/// Parses the text of a comment (without its delimiters), which starts at
/// byte `at` of the document; `span` is the whole comment.
pub fn parse_comment(body: &str, at: usize, span: Span) -> Parsed {
    let lead = body.len() - body.trim_start().len();
    let rest = &body[lead..];
    let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let word = &rest[..word_len];
    if !word.starts_with("termcheck") || word.starts_with("termcheck:") {
        return Parsed::None;
    }
    let kind = match word {
        "termcheck-disable-next-line" => DirectiveKind::DisableNextLine,
        "termcheck-disable-line" => DirectiveKind::DisableLine,
        "termcheck-disable" => DirectiveKind::Disable,
        "termcheck-enable" => DirectiveKind::Enable,
        _ => {
            return Parsed::Unknown {
                word: word.to_owned(),
                span: Span::new(at + lead, at + lead + word_len),
            };
        }
    };
    let ids_at = at + lead + word_len;
    Parsed::Directive(Directive {
        kind,
        ids: parse_ids(&rest[word_len..], ids_at),
        span,
    })
}

/// Splits a list of term ids (white space or commas between them) that
/// starts at byte `at`.
pub fn parse_ids(list: &str, at: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in list
        .char_indices()
        .chain(std::iter::once((list.len(), ' ')))
    {
        let sep = c.is_whitespace() || c == ',';
        match (sep, start) {
            (true, Some(s)) => {
                out.push((list[s..i].to_owned(), Span::new(at + s, at + i)));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// A byte range where findings of some (or all) terms are suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Suppressed {
    range: Span,
    ids: Vec<String>,
}

impl Suppressed {
    fn covers(&self, f: &Finding) -> bool {
        self.range.start <= f.span.start
            && f.span.start < self.range.end.max(self.range.start + 1)
            && (self.ids.is_empty() || self.ids.iter().any(|id| id_matches(id, &f.term_id)))
    }
}

/// True when a suppression id names a (possibly qualified) finding id.
fn id_matches(id: &str, term_id: &str) -> bool {
    id == term_id
        || term_id
            .rsplit_once('/')
            .is_some_and(|(_, unqualified)| unqualified == id)
}

fn line_span(doc: &Document, line: usize) -> Span {
    let r = doc.index.line_range(&doc.text, line);
    Span::new(r.start, r.end)
}

fn ranges(doc: &Document, directives: &[Directive]) -> Vec<Suppressed> {
    let mut out = Vec::new();
    // Open `termcheck-disable` blocks: start byte and ids (empty: all).
    let mut open: Vec<(usize, Vec<String>)> = Vec::new();
    let ids_of = |d: &Directive| d.ids.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    for d in directives {
        match d.kind {
            DirectiveKind::DisableNextLine => {
                let line = doc.line_col(d.span.end).line + 1;
                if line <= doc.index.line_count() {
                    out.push(Suppressed {
                        range: line_span(doc, line),
                        ids: ids_of(d),
                    });
                }
            }
            DirectiveKind::DisableLine => {
                let first = line_span(doc, doc.line_col(d.span.start).line);
                let last = line_span(doc, doc.line_col(d.span.end).line);
                out.push(Suppressed {
                    range: Span::new(first.start, last.end),
                    ids: ids_of(d),
                });
            }
            DirectiveKind::Range(range) => out.push(Suppressed {
                range,
                ids: ids_of(d),
            }),
            DirectiveKind::Disable => open.push((d.span.end, ids_of(d))),
            DirectiveKind::Enable => {
                let closing = ids_of(d);
                let mut still_open = Vec::new();
                for (start, ids) in open.drain(..) {
                    let range = Span::new(start, d.span.start);
                    if closing.is_empty() {
                        out.push(Suppressed { range, ids });
                    } else if ids.is_empty() {
                        // `enable x` inside `disable` (all): x is checked
                        // again, the rest stays suppressed.
                        still_open.push((start, ids));
                    } else {
                        let (ended, kept): (Vec<String>, Vec<String>) =
                            ids.into_iter().partition(|id| closing.contains(id));
                        if !ended.is_empty() {
                            out.push(Suppressed { range, ids: ended });
                        }
                        if !kept.is_empty() {
                            still_open.push((start, kept));
                        }
                    }
                }
                open = still_open;
            }
        }
    }
    for (start, ids) in open {
        out.push(Suppressed {
            range: Span::new(start, doc.text.len()),
            ids,
        });
    }
    out
}

/// Drops the findings that a directive suppresses; returns how many were
/// dropped.
pub fn apply(doc: &Document, directives: &[Directive], findings: &mut Vec<Finding>) -> usize {
    if directives.is_empty() {
        return 0;
    }
    let ranges = ranges(doc, directives);
    let before = findings.len();
    findings.retain(|f| !ranges.iter().any(|r| r.covers(f)));
    before - findings.len()
}

/// Warnings for directives naming term ids that no glossary has, with the
/// closest known id as a suggestion.
pub fn unknown_ids(
    doc: &Document,
    directives: &[Directive],
    known: &[&str],
    is_known: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut source: Option<Arc<str>> = None;
    for d in directives {
        for (id, span) in &d.ids {
            if is_known(id) {
                continue;
            }
            let src = source.get_or_insert_with(|| Arc::from(doc.text.as_str()));
            let help = match did_you_mean(id, known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "use a term id from the glossary (see `termcheck glossary lint`)".to_owned()
                }
            };
            out.push(
                Diagnostic::warning(
                    "unknown-term-id",
                    &doc.path,
                    src,
                    *span,
                    format!("suppression names unknown term id `{id}`"),
                )
                .with_help(help),
            );
        }
    }
    out
}

/// A warning for a comment that starts with `termcheck` but is no directive.
pub fn unknown_directive(doc: &Document, word: &str, span: Span) -> Diagnostic {
    let src: Arc<str> = Arc::from(doc.text.as_str());
    let help = match did_you_mean(word, DIRECTIVES) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known directives: {}", DIRECTIVES.join(", ")),
    };
    Diagnostic::warning(
        "unknown-directive",
        &doc.path,
        &src,
        span,
        format!("unknown suppression directive `{word}`; it suppresses nothing"),
    )
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Kind, Severity};

    fn finding(start: usize, id: &str) -> Finding {
        Finding {
            span: Span::new(start, start + 1),
            kind: Kind::Variant,
            severity: Severity::Warning,
            term_id: id.to_owned(),
            found: String::new(),
            preferred: String::new(),
            message: String::new(),
            note: None,
            reference: None,
            fix: None,
            source_span: None,
            date: None,
        }
    }

    fn directive(text: &str, at: usize) -> Directive {
        match parse_comment(text, at, Span::new(at, at + text.len())) {
            Parsed::Directive(d) => d,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_directives_and_ids() {
        let d = directive(" termcheck-disable-next-line nato, osce ", 10);
        assert_eq!(d.kind, DirectiveKind::DisableNextLine);
        let ids: Vec<_> = d.ids.iter().map(|(s, sp)| (s.as_str(), sp.start)).collect();
        assert_eq!(ids, [("nato", 39), ("osce", 45)]);
        assert_eq!(
            parse_comment("just a comment", 0, Span::default()),
            Parsed::None
        );
        assert!(matches!(
            parse_comment("termcheck-disable-nextline", 0, Span::default()),
            Parsed::Unknown { .. }
        ));
    }

    #[test]
    fn next_line_and_same_line() {
        // line 1: directive, line 2: suppressed, line 3: not
        let text = "# termcheck-disable-next-line\naaa\nbbb\nccc <!-- termcheck-disable-line -->\n";
        let doc = Document::new("t", text);
        let d1 = directive("termcheck-disable-next-line", 2);
        let d2 = directive("termcheck-disable-line", 47);
        let mut fs = vec![finding(30, "a"), finding(34, "b"), finding(38, "c")];
        assert_eq!(apply(&doc, &[d1, d2], &mut fs), 2);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].span.start, 34);
    }

    #[test]
    fn blocks_with_ids() {
        let text = "0123456789".repeat(10);
        let doc = Document::new("t", text);
        let open = directive("termcheck-disable nato osce", 0); // ends at 27
        let close = directive("termcheck-enable nato", 50);
        let mut fs = vec![
            finding(30, "nato"),
            finding(31, "osce"),
            finding(32, "other"),
            finding(60, "nato"),
            finding(61, "g/osce"),
        ];
        assert_eq!(apply(&doc, &[open, close], &mut fs), 3);
        let left: Vec<_> = fs
            .iter()
            .map(|f| (f.span.start, f.term_id.as_str()))
            .collect();
        assert_eq!(left, [(32, "other"), (60, "nato")]);
    }

    #[test]
    fn unknown_ids_are_reported_with_a_suggestion() {
        let doc = Document::new("t.md", "<!-- termcheck-disable-line natoo -->");
        let d = directive(" termcheck-disable-line natoo ", 4);
        let diags = unknown_ids(&doc, &[d], &["nato", "osce"], |id| id == "nato");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].location.column, 29);
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `nato`?"));
    }
}
