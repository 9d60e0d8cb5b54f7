//! Inline suppressions: `termcheck-disable-next-line`, `termcheck-disable-line`,
//! `termcheck-disable` / `termcheck-enable` blocks, and the PO translator
//! comment `# termcheck: ignore`, each optionally limited to term ids.
//!
//! Format readers ([`crate::formats`]) find the directives in their own
//! comment syntax and hand them over as [`Directive`]s with original byte
//! spans; this module turns them into suppressed byte ranges, drops the
//! findings inside, and reports directives that name unknown terms.

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::diagnostic::{Diagnostic, did_you_mean};
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

/// Directive diagnostics listed per document; more are summed up in one.
pub const MAX_DIRECTIVE_DIAGNOSTICS: usize = 100;

/// Byte ranges where findings are suppressed, kept as sorted, merged
/// intervals: one list for ranges covering every term and one per named
/// id, so a finding is looked up in O(log n) however many directives a
/// document holds.
#[derive(Debug, Default)]
struct Ranges {
    all: Vec<(usize, usize)>,
    named: HashMap<String, Vec<(usize, usize)>>,
}

impl Ranges {
    /// Adds a range; `ids` empty means every term. An empty range covers
    /// its start (a directive on an empty last line).
    fn add(&mut self, range: Span, ids: &[String]) {
        let iv = (range.start, range.end.max(range.start + 1));
        if ids.is_empty() {
            self.all.push(iv);
        }
        for id in ids {
            self.named.entry(id.clone()).or_default().push(iv);
        }
    }

    fn finish(mut self) -> Self {
        merge(&mut self.all);
        for v in self.named.values_mut() {
            merge(v);
        }
        self
    }

    fn covers(&self, f: &Finding) -> bool {
        let at = f.span.start;
        if inside(&self.all, at) {
            return true;
        }
        let unqualified = f.term_id.rsplit_once('/').map(|(_, u)| u);
        std::iter::once(&*f.term_id)
            .chain(unqualified)
            .any(|id| self.named.get(id).is_some_and(|v| inside(v, at)))
    }
}

/// Sorts and merges overlapping half-open intervals.
fn merge(v: &mut Vec<(usize, usize)>) {
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for &(s, e) in v.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *v = out;
}

/// Whether `at` lies in one of the sorted, disjoint intervals.
fn inside(v: &[(usize, usize)], at: usize) -> bool {
    let i = v.partition_point(|&(s, _)| s <= at);
    i > 0 && at < v[i - 1].1
}

fn line_span(doc: &Document, line: usize) -> Span {
    let r = doc.index.line_range(&doc.text, line);
    Span::new(r.start, r.end)
}

fn ranges(doc: &Document, directives: &[Directive]) -> Ranges {
    let mut out = Ranges::default();
    // Open `termcheck-disable` blocks. Blocks that end together cover the
    // same text from their earliest start, so only that start is kept:
    // one for blocks of every term, one per named id.
    let mut open_all: Option<usize> = None;
    let mut open_named: HashMap<String, usize> = HashMap::new();
    let ids_of = |d: &Directive| d.ids.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    for d in directives {
        match d.kind {
            DirectiveKind::DisableNextLine => {
                let line = doc.line_col(d.span.end).line + 1;
                if line <= doc.index.line_count() {
                    out.add(line_span(doc, line), &ids_of(d));
                }
            }
            DirectiveKind::DisableLine => {
                let first = line_span(doc, doc.line_col(d.span.start).line);
                let last = line_span(doc, doc.line_col(d.span.end).line);
                out.add(Span::new(first.start, last.end), &ids_of(d));
            }
            DirectiveKind::Range(range) => out.add(range, &ids_of(d)),
            DirectiveKind::Disable => {
                if d.ids.is_empty() {
                    open_all.get_or_insert(d.span.end);
                }
                for (id, _) in &d.ids {
                    open_named.entry(id.clone()).or_insert(d.span.end);
                }
            }
            DirectiveKind::Enable => {
                if d.ids.is_empty() {
                    if let Some(start) = open_all.take() {
                        out.add(Span::new(start, d.span.start), &[]);
                    }
                    for (id, start) in open_named.drain() {
                        out.add(Span::new(start, d.span.start), &[id]);
                    }
                } else {
                    // `enable x` ends the blocks naming x; a block of every
                    // term stays open.
                    for (id, _) in &d.ids {
                        if let Some((id, start)) = open_named.remove_entry(id) {
                            out.add(Span::new(start, d.span.start), &[id]);
                        }
                    }
                }
            }
        }
    }
    let end = doc.text.len();
    if let Some(start) = open_all {
        out.add(Span::new(start, end), &[]);
    }
    for (id, start) in open_named {
        out.add(Span::new(start, end), &[id]);
    }
    out.finish()
}

/// Drops the findings that a directive suppresses; returns how many were
/// dropped.
pub fn apply(doc: &Document, directives: &[Directive], findings: &mut Vec<Finding>) -> usize {
    if directives.is_empty() {
        return 0;
    }
    let ranges = ranges(doc, directives);
    let before = findings.len();
    findings.retain(|f| !ranges.covers(f));
    before - findings.len()
}

/// Collapses repeated warnings: the first of each key is kept, with a count
/// of its repeats; after [`MAX_DIRECTIVE_DIAGNOSTICS`] distinct ones, the
/// rest are summed up in one last warning. Work and output stay linear in
/// the document however many directives it repeats.
struct Collapsed {
    out: Vec<Diagnostic>,
    counts: Vec<usize>,
    seen: HashMap<String, usize>,
    more: usize,
    first_more: Option<Span>,
}

impl Collapsed {
    fn new() -> Self {
        Self {
            out: Vec::new(),
            counts: Vec::new(),
            seen: HashMap::new(),
            more: 0,
            first_more: None,
        }
    }

    /// Counts `key`; returns true when its warning must be built and
    /// [`Collapsed::push`]ed.
    fn count(&mut self, key: &str, span: Span) -> bool {
        if let Some(&i) = self.seen.get(key) {
            self.counts[i] += 1;
            return false;
        }
        if self.out.len() >= MAX_DIRECTIVE_DIAGNOSTICS {
            self.more += 1;
            self.first_more.get_or_insert(span);
            return false;
        }
        self.seen.insert(key.to_owned(), self.out.len());
        true
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
        self.counts.push(1);
    }

    fn finish(mut self, doc: &Document, src: Option<Arc<str>>, what: &str) -> Vec<Diagnostic> {
        for (d, &n) in self.out.iter_mut().zip(&self.counts) {
            if n > 1 {
                d.message.push_str(&format!(" ({n} times in this file)"));
            }
        }
        if let (Some(span), Some(src)) = (self.first_more, src) {
            self.out.push(Diagnostic::warning(
                "too-many-diagnostics",
                &doc.path,
                &src,
                span,
                format!(
                    "{} more {what} from here on are not listed (only the first {MAX_DIRECTIVE_DIAGNOSTICS} different ones are)",
                    self.more
                ),
            ));
        }
        self.out
    }
}

/// Warnings for directives naming term ids that no glossary has, with the
/// closest known id as a suggestion: one per distinct id, with a count.
pub fn unknown_ids(
    doc: &Document,
    directives: &[Directive],
    known: &[&str],
    is_known: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut c = Collapsed::new();
    let mut source: Option<Arc<str>> = None;
    for d in directives {
        for (id, span) in &d.ids {
            if is_known(id) {
                continue;
            }
            let src = source.get_or_insert_with(|| Arc::from(doc.text.as_str()));
            if !c.count(id, *span) {
                continue;
            }
            let help = match did_you_mean(id, known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "use a term id from the glossary (see `termcheck glossary lint`)".to_owned()
                }
            };
            c.push(
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
    c.finish(doc, source, "unknown term ids in suppressions")
}

/// Warnings for comments that start with `termcheck` but are no
/// directive: one per distinct word, with a count.
pub fn unknown_directives(doc: &Document, unknown: &[(String, Span)]) -> Vec<Diagnostic> {
    if unknown.is_empty() {
        return Vec::new();
    }
    let src: Arc<str> = Arc::from(doc.text.as_str());
    let mut c = Collapsed::new();
    for (word, span) in unknown {
        if c.count(word, *span) {
            c.push(unknown_directive_in(doc, &src, word, *span));
        }
    }
    c.finish(doc, Some(src), "unknown suppression directives")
}

/// A warning for a comment that starts with `termcheck` but is no directive.
pub fn unknown_directive(doc: &Document, word: &str, span: Span) -> Diagnostic {
    let src: Arc<str> = Arc::from(doc.text.as_str());
    unknown_directive_in(doc, &src, word, span)
}

fn unknown_directive_in(doc: &Document, src: &Arc<str>, word: &str, span: Span) -> Diagnostic {
    let help = match did_you_mean(word, DIRECTIVES) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known directives: {}", DIRECTIVES.join(", ")),
    };
    Diagnostic::warning(
        "unknown-directive",
        &doc.path,
        src,
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
            term_id: id.into(),
            found: "".into(),
            preferred: "".into(),
            message: "".into(),
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
        let left: Vec<_> = fs.iter().map(|f| (f.span.start, &*f.term_id)).collect();
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

    #[test]
    fn repeated_unknown_ids_are_one_warning_with_a_count() {
        let body = " termcheck-disable".repeat(10_000);
        let text = format!("<!--{body} -->");
        let doc = Document::new("t.xlf", text.as_str());
        let d = directive(&body, 4);
        assert_eq!(d.ids.len(), 9_999);
        let diags = unknown_ids(&doc, std::slice::from_ref(&d), &["nato"], |id| id == "nato");
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.contains("9999 times"),
            "{}",
            diags[0].message
        );
        // Distinct unknown ids: the first 100 are listed, then one summary.
        let many: String = (0..1000).map(|i| format!(" x{i}")).collect();
        let d = directive(&format!("termcheck-disable{many}"), 0);
        let diags = unknown_ids(&doc, &[d], &["nato"], |id| id == "nato");
        assert_eq!(diags.len(), MAX_DIRECTIVE_DIAGNOSTICS + 1);
        assert!(
            diags[MAX_DIRECTIVE_DIAGNOSTICS]
                .message
                .starts_with("900 more")
        );
        let unknown = vec![("termcheck-disabel".to_owned(), Span::new(0, 3)); 5000];
        let diags = unknown_directives(&doc, &unknown);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("5000 times"));
    }

    #[test]
    fn many_blocks_and_findings_stay_fast() {
        // 20,000 single-line suppressions and 20,000 findings: with a scan
        // of every range per finding this is 4 * 10^8 checks.
        let n = 20_000;
        let text = "x # termcheck-disable-line a\n".repeat(n);
        let doc = Document::new("t", text.as_str());
        let ds: Vec<Directive> = (0..n)
            .map(|i| directive("termcheck-disable-line a", i * 29 + 4))
            .collect();
        let mut fs: Vec<Finding> = (0..n).map(|i| finding(i * 29, "g/a")).collect();
        fs.extend((0..n).map(|i| finding(i * 29, "b")));
        assert_eq!(apply(&doc, &ds, &mut fs), n);
        assert!(fs.iter().all(|f| &*f.term_id == "b"));
    }

    #[test]
    fn disable_all_with_enable_of_one_id_keeps_the_rest_suppressed() {
        let text = "0123456789".repeat(10);
        let doc = Document::new("t", text);
        let open = directive("termcheck-disable", 0);
        let named = directive("termcheck-disable nato", 20);
        let close = directive("termcheck-enable nato", 50);
        let mut fs = vec![finding(30, "nato"), finding(60, "nato"), finding(61, "x")];
        assert_eq!(apply(&doc, &[open, named, close], &mut fs), 3);
    }
}
