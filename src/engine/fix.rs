//! Applying fixes, showing them as a diff, and writing files safely.
//!
//! Everything here works on the original bytes of a document: edits are
//! byte spans of the text as read. [`apply_edits`] follows ruff: edits are
//! sorted, and an edit that overlaps one already applied is skipped, so
//! two fixes never fight over the same bytes and every byte outside the
//! applied ranges is copied unchanged. [`write_atomic`] writes a fixed
//! file through the crate's one safe writer, [`crate::io::write`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::finding::{Applicability, Edit, Finding, Span};
use crate::formats::{self, InputFormat};
use crate::text::Document;

/// The result of applying edits to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The new text.
    pub text: String,
    /// The edits applied, in text order.
    pub applied: Vec<Edit>,
    /// Edits left out: overlapping an applied edit, out of range, or not
    /// on character boundaries.
    pub skipped: Vec<Edit>,
}

/// Byte ranges already claimed by applied edits. Non-empty ranges are
/// disjoint, so the one starting last before a span's end is the only one
/// that can overlap it; insertions (empty ranges) are kept apart.
#[derive(Default)]
struct Claimed {
    ranges: BTreeMap<usize, usize>,
    points: BTreeSet<usize>,
}

impl Claimed {
    fn overlaps(&self, span: Span) -> bool {
        if span.is_empty() {
            // An insertion collides only with a range strictly around it.
            return self
                .ranges
                .range(..span.start)
                .next_back()
                .is_some_and(|(_, &end)| end > span.start);
        }
        let range_hit = self
            .ranges
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, &end)| end > span.start);
        let point_hit = span.start + 1 < span.end
            && self.points.range(span.start + 1..span.end).next().is_some();
        range_hit || point_hit
    }

    fn claim(&mut self, span: Span) {
        if span.is_empty() {
            self.points.insert(span.start);
        } else {
            self.ranges.insert(span.start, span.end);
        }
    }
}

fn valid(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Applies edits to `text`. Edits are taken in order of `(start, end)`;
/// one that overlaps an edit already taken (or is out of range, or cuts a
/// character) is skipped. Exact duplicates are applied once. Insertions
/// at the same offset keep their given order.
pub fn apply_edits(text: &str, edits: impl IntoIterator<Item = Edit>) -> Applied {
    let groups = edits.into_iter().map(|e| vec![e]).collect();
    let (text, applied, skipped) = apply_groups(text, groups);
    Applied {
        text,
        applied: applied.into_iter().flatten().collect(),
        skipped: skipped.into_iter().flatten().collect(),
    }
}

/// Applies groups of edits that stand or fall together (the edits of one
/// fix). Returns the new text, the applied groups and the skipped groups.
fn apply_groups(
    text: &str,
    mut groups: Vec<Vec<Edit>>,
) -> (String, Vec<Vec<Edit>>, Vec<Vec<Edit>>) {
    groups.retain(|g| !g.is_empty());
    for g in &mut groups {
        g.sort_by_key(|e| (e.span.start, e.span.end));
    }
    // Stable: insertions at one offset keep the caller's order.
    groups.sort_by_key(|g| (g[0].span.start, g[0].span.end));
    groups.dedup();
    let mut claimed = Claimed::default();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for g in groups {
        let inner_overlap = g.windows(2).any(|w| w[0].span.overlaps(w[1].span));
        if inner_overlap
            || g.iter()
                .any(|e| !valid(text, e.span) || claimed.overlaps(e.span))
        {
            skipped.push(g);
            continue;
        }
        for e in &g {
            claimed.claim(e.span);
        }
        applied.push(g);
    }
    let mut edits: Vec<&Edit> = applied.iter().flatten().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let grow: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(text.len() + grow);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied, skipped)
}

/// Most passes of [`fix_until_stable`].
pub const MAX_FIX_PASSES: usize = 100;

/// Applies the safe fixes, then checks the fixed text again (`recheck`)
/// and fixes what that finds, until nothing changes (at most
/// [`MAX_FIX_PASSES`] passes), as ruff does: a fix can leave a new finding
/// ("security architecture architecture" fixed to "security architecture").
/// `fixed` and `skipped` are those of the first pass; `text` is the last.
/// `recheck` is lent each fixed text and hands it back with its findings
/// (a document owns its text: lending it spares a copy of the file).
pub fn fix_until_stable(
    text: &str,
    format: InputFormat,
    findings: &[Finding],
    mut recheck: impl FnMut(String) -> (String, Vec<Finding>),
) -> FixOutcome {
    let pass = |text: &str, findings: &[Finding]| {
        apply_fixes_in(text, &prose_regions(format, text), findings)
    };
    let mut out = pass(text, findings);
    if !out.changed(text) {
        return out;
    }
    let mut again = |out: &mut FixOutcome| {
        let (text, found) = recheck(std::mem::take(&mut out.text));
        out.text = text;
        found
    };
    for _ in 1..MAX_FIX_PASSES {
        let found = again(&mut out);
        // Nothing to apply: the text is stable (and not copied once more).
        if !found.iter().any(has_safe_fix) {
            return out;
        }
        let next = pass(&out.text, &found);
        if !next.changed(&out.text) {
            return out;
        }
        out.text = next.text;
    }
    let found = again(&mut out);
    out.unsettled = found.iter().any(has_safe_fix) && pass(&out.text, &found).changed(&out.text);
    out
}

/// The prose regions of a text read as `format` (none when it does not
/// read: then no edit is split, and [`verify_structure`] refuses the
/// result).
pub fn prose_regions(format: InputFormat, text: &str) -> Vec<Span> {
    if format == InputFormat::Text {
        return Vec::new();
    }
    formats::fix_regions(format, &Document::new("", text)).unwrap_or_default()
}

/// Checks that a fixed text still reads as its format the way the
/// original did: it parses, and it has as many prose regions and
/// translation units. A fix that broke a PO string or an XML element
/// fails here, before anything is written.
pub fn verify_structure(format: InputFormat, original: &str, fixed: &str) -> Result<(), String> {
    if format == InputFormat::Text {
        return Ok(());
    }
    let read = |t: &str| formats::extract(format, &Document::new("", t));
    let (Ok(before), after) = (read(original), read(fixed)) else {
        return Ok(());
    };
    let after = after.map_err(|e| format!("the fixed text no longer parses: {}", e.message))?;
    let original_doc = Document::new("", original);
    if formats::check_syntax(format, &original_doc).is_ok() {
        let fixed_doc = Document::new("", fixed);
        formats::check_syntax(format, &fixed_doc).map_err(|e| {
            let at = fixed_doc.line_col(e.offset);
            format!(
                "the fixed text would not be valid (line {}, column {}: {})",
                at.line, at.column, e.message
            )
        })?;
    }
    if before.regions.len() != after.regions.len() || before.units.len() != after.units.len() {
        return Err(format!(
            "the fixed text no longer has the same structure ({} text pieces and {} units \
             before, {} and {} after)",
            before.regions.len(),
            before.units.len(),
            after.regions.len(),
            after.units.len()
        ));
    }
    Ok(())
}

/// What applying the fixes of a document's findings gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text (equal to the input when nothing applied).
    pub text: String,
    /// Indices (into the findings given) of the fixes applied.
    pub fixed: Vec<usize>,
    /// Indices of findings with a safe fix that was not applied because it
    /// overlapped one applied before it.
    pub skipped: Vec<usize>,
    /// True when [`fix_until_stable`] stopped after [`MAX_FIX_PASSES`]
    /// passes with fixes still to apply (a glossary whose fix re-creates
    /// its own variant); running `--fix` again continues.
    pub unsettled: bool,
}

impl FixOutcome {
    /// True when the text changed.
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

/// Applies every safe fix of `findings` to `text` (the document's original
/// text). Each fix stands or falls as a whole; line breaks inside a
/// replaced span are kept (see [`keep_line_breaks`]).
pub fn apply_fixes(text: &str, findings: &[Finding]) -> FixOutcome {
    apply_fixes_in(text, &[], findings)
}

/// Whether `--fix` applies the finding's fix (a safe one with edits).
fn has_safe_fix(f: &Finding) -> bool {
    f.fix
        .as_ref()
        .is_some_and(|x| x.applicability == Applicability::Safe && !x.edits.is_empty())
}

/// [`apply_fixes`] in a document whose prose lies in `regions` (sorted,
/// disjoint): an edit across the gap between two regions is split so
/// that the bytes between them are kept (see [`fix_edits`]).
pub fn apply_fixes_in(text: &str, regions: &[Span], findings: &[Finding]) -> FixOutcome {
    let mut order: Vec<usize> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| has_safe_fix(f))
        .map(|(i, _)| i)
        .collect();
    let group = |i: usize| -> Vec<Edit> {
        findings[i]
            .fix
            .iter()
            .flat_map(|x| &x.edits)
            .flat_map(|e| fix_edits(text, regions, e))
            .collect()
    };
    order.sort_by_key(|&i| {
        let g = group(i);
        g.iter().map(|e| (e.span.start, e.span.end)).min()
    });
    let mut claimed = Claimed::default();
    let mut fixed = Vec::new();
    let mut skipped = Vec::new();
    let mut edits = Vec::new();
    for i in order {
        let g = group(i);
        let inner = {
            let mut s: Vec<Span> = g.iter().map(|e| e.span).collect();
            s.sort();
            s.windows(2).any(|w| w[0].overlaps(w[1]))
        };
        if inner
            || g.iter()
                .any(|e| !valid(text, e.span) || claimed.overlaps(e.span))
        {
            skipped.push(i);
            continue;
        }
        for e in &g {
            claimed.claim(e.span);
        }
        edits.extend(g);
        fixed.push(i);
    }
    let applied = apply_edits(text, edits);
    fixed.sort_unstable();
    skipped.sort_unstable();
    FixOutcome {
        text: applied.text,
        fixed,
        skipped,
        unsettled: false,
    }
}

/// An edit whose replacement keeps the line breaks of the text it
/// replaces (see [`keep_line_breaks`]).
pub fn fix_edit(text: &str, e: &Edit) -> Edit {
    let replacement = match text.get(e.span.range()) {
        Some(old) => keep_line_breaks(old, &e.replacement),
        None => e.replacement.clone(),
    };
    Edit {
        span: e.span,
        replacement,
    }
}

/// The edits that carry out `e` in a document whose prose lies in
/// `regions`. A multi-word form can match across the gap between two
/// regions: a PO string wrapped onto a continuation line (`Vladimir "` /
/// `"Zelensky`), Markdown emphasis, an inline tag. Replacing the whole
/// span would destroy the bytes between, so the edit is split into one
/// edit per region piece: the replacement's words go to the pieces that
/// held the same words of the original, and when the counts differ the
/// first piece takes the whole replacement and the others are emptied.
/// Each piece keeps its line breaks ([`keep_line_breaks`]).
pub fn fix_edits(text: &str, regions: &[Span], e: &Edit) -> Vec<Edit> {
    let first = regions.partition_point(|r| r.end <= e.span.start);
    let pieces: Vec<Span> = regions[first..]
        .iter()
        .take_while(|r| r.start < e.span.end)
        .map(|r| Span::new(r.start.max(e.span.start), r.end.min(e.span.end)))
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.len() < 2 || !pieces.iter().all(|p| valid(text, *p)) {
        return vec![fix_edit(text, e)];
    }
    let parts = distribute(
        &pieces.iter().map(|p| &text[p.range()]).collect::<Vec<_>>(),
        &e.replacement,
    );
    pieces
        .iter()
        .zip(parts)
        .map(|(p, r)| {
            fix_edit(
                text,
                &Edit {
                    span: *p,
                    replacement: r,
                },
            )
        })
        .collect()
}

/// Splits `new` into one part per piece of the old text, cutting where the
/// old text's word count reaches each piece boundary.
fn distribute(old: &[&str], new: &str) -> Vec<String> {
    let words = |s: &str| s.split_whitespace().count();
    let new_words: Vec<(usize, usize)> = word_spans(new).collect();
    let mut parts = Vec::with_capacity(old.len());
    let mut at = 0;
    let mut before = 0;
    for (i, piece) in old.iter().enumerate() {
        if i + 1 == old.len() {
            parts.push(new[at..].to_owned());
            break;
        }
        before += words(piece);
        let trailing = piece.ends_with(char::is_whitespace);
        let leading = old[i + 1].starts_with(char::is_whitespace);
        // The cut falls after word `before` of the replacement, which must
        // leave a word for the rest of the old text.
        if before == 0 || before >= new_words.len() {
            return whole_in_first(old.len(), new);
        }
        let (end, next) = (new_words[before - 1].1, new_words[before].0);
        // A piece without words (only white space) cannot move the cut back.
        if end < at {
            return whole_in_first(old.len(), new);
        }
        let cut = if trailing {
            next
        } else if leading {
            end
        } else {
            // The gap itself separates the words (a line break between two
            // regions): the replacement's separator is dropped.
            parts.push(new[at..end].to_owned());
            at = next;
            continue;
        };
        parts.push(new[at..cut].to_owned());
        at = cut;
    }
    parts
}

fn whole_in_first(n: usize, new: &str) -> Vec<String> {
    let mut parts = vec![String::new(); n];
    parts[0] = new.to_owned();
    parts
}

/// Byte spans of the white-space separated words of `s`.
fn word_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = None;
    let mut chars = s.char_indices().chain([(s.len(), ' ')]);
    std::iter::from_fn(move || {
        for (i, c) in chars.by_ref() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(b)) => {
                    start = None;
                    return Some((b, i));
                }
                _ => {}
            }
        }
        None
    })
}

/// Multi-word forms match across line breaks and no-break spaces; a fix
/// must not join the lines or let a name break at the end of a line. Each
/// white-space run of `old` other than one plain space (a line break, a
/// no-break space) replaces the white-space run at the same position (or
/// the last one) of `new`, so "indivisibility of\r\nsecurity" becomes
/// "indivisible\r\nsecurity" and "Vladimir\u{a0}Zelensky" becomes
/// "Volodymyr\u{a0}Zelenskyy".
pub fn keep_line_breaks(old: &str, new: &str) -> String {
    let breaks: Vec<(usize, &str)> = ws_runs(old)
        .enumerate()
        .filter(|(_, r)| *r != " ")
        .collect();
    if breaks.is_empty() {
        return new.to_owned();
    }
    let runs: Vec<(usize, usize)> = ws_run_spans(new).collect();
    if runs.is_empty() {
        return new.to_owned();
    }
    let mut subst: BTreeMap<usize, &str> = BTreeMap::new();
    for (i, run) in breaks {
        subst.entry(i.min(runs.len() - 1)).or_insert(run);
    }
    let mut out = String::with_capacity(new.len() + 2);
    let mut at = 0;
    for (i, (s, e)) in runs.iter().enumerate() {
        if let Some(run) = subst.get(&i) {
            out.push_str(&new[at..*s]);
            out.push_str(run);
            at = *e;
        }
    }
    out.push_str(&new[at..]);
    out
}

fn ws_run_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                let mut end = i + c.len_utf8();
                chars.next();
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_whitespace() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                return Some((i, end));
            }
            chars.next();
        }
        None
    })
}

fn ws_runs(s: &str) -> impl Iterator<Item = &str> + '_ {
    ws_run_spans(s).map(move |(a, b)| &s[a..b])
}

/// A unified diff of `old` and `new` (three lines of context), with
/// `a/PATH` and `b/PATH` headers. Empty when the texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// The comment syntax of an inline suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// `# termcheck-disable-next-line ID` (plain text).
    Hash,
    /// `<!-- termcheck-disable-next-line ID -->` (Markdown, HTML).
    Html,
}

impl CommentStyle {
    /// The style for a file, from its extension.
    pub fn for_path(path: &str) -> Self {
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd" | "html" | "htm" | "xhtml") => {
                CommentStyle::Html
            }
            _ => CommentStyle::Hash,
        }
    }

    /// The comment line (without line ending) suppressing `term_id` on
    /// the next line.
    pub fn comment(self, term_id: &str) -> String {
        match self {
            CommentStyle::Hash => format!("# termcheck-disable-next-line {term_id}"),
            CommentStyle::Html => format!("<!-- termcheck-disable-next-line {term_id} -->"),
        }
    }
}

/// The line ending of 1-based `line`, or (for a last line without one)
/// the first line ending of the document, or LF.
pub fn line_ending(doc: &Document, line: usize) -> &'static str {
    let range = doc.index.line_range(&doc.text, line);
    let rest = &doc.text[range.end..];
    if rest.starts_with("\r\n") {
        return "\r\n";
    }
    if rest.starts_with('\n') {
        return "\n";
    }
    match doc.text.find('\n') {
        Some(i) if i > 0 && doc.text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// An insertion of a suppression comment for `term_id` on its own line
/// before the line holding byte `offset`, ending the way that line ends.
/// On the first line it goes after a BOM.
pub fn suppression_edit(doc: &Document, offset: usize, term_id: &str, style: CommentStyle) -> Edit {
    let line = doc.line_col(offset).line;
    let start = doc.index.line_range(&doc.text, line).start;
    Edit {
        span: Span::new(start, start),
        replacement: format!("{}{}", style.comment(term_id), line_ending(doc, line)),
    }
}

pub use crate::io::write::WriteError;
use crate::io::write::{self as safe, Expect};

/// Checks, without writing, that `path` could be replaced by
/// [`write_atomic`] and still holds `expected`.
pub fn preflight(path: &Path, expected: &[u8]) -> Result<(), WriteError> {
    safe::preflight(path, Expect::Content(expected))
}

/// Replaces the content of `path` with `new` through the one safe writer
/// ([`crate::io::write`]): atomic, locked, keeping owner, mode and
/// attributes, and refused when the file on disk is no longer `expected`.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    safe::write_file(path, Expect::Content(expected), new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Fix, Kind, Severity};
    use std::fs;

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit {
            span: Span::new(s, e),
            replacement: r.to_owned(),
        }
    }

    fn finding(s: usize, e: usize, r: &str) -> Finding {
        Finding {
            span: Span::new(s, e),
            kind: Kind::Variant,
            severity: Severity::Warning,
            term_id: "t".into(),
            found: "".into(),
            preferred: r.into(),
            message: "".into(),
            note: None,
            reference: None,
            fix: Some(Fix::safe(Span::new(s, e), r)),
            source_span: None,
            date: None,
        }
    }

    /// Applies `finding`'s fix in a PO text the way `--fix` does.
    fn fix_po(text: &str, found: &str, replacement: &str) -> String {
        let start = text.find(found).unwrap();
        let f = finding(start, start + found.len(), replacement);
        let regions = prose_regions(InputFormat::Po, text);
        apply_fixes_in(text, &regions, &[f]).text
    }

    const WRAPPED: &str = "msgid \"a\"\nmsgstr \"\"\n\"President Vladimir \"\n\"Zelensky said\"\n";

    /// Each pass checks the text it is lent and hands it back; a check
    /// that finds nothing to apply (no fix, or only an unsafe one) ends
    /// the passes with the text as it is.
    #[test]
    fn passes_stop_when_a_check_finds_nothing_to_apply() {
        let mut seen = Vec::new();
        let out = fix_until_stable(
            "a Kiev b",
            InputFormat::Text,
            &[finding(2, 6, "Kyiv")],
            |t| {
                seen.push(t.clone());
                let mut f = finding(0, 1, "A");
                if let Some(fix) = &mut f.fix {
                    fix.applicability = Applicability::Unsafe;
                }
                (t, vec![f])
            },
        );
        assert_eq!(out.text, "a Kyiv b");
        assert_eq!(seen, ["a Kyiv b"]);
        assert!(!out.unsettled);
        // A fix that re-creates its own finding runs to the pass limit.
        let mut passes = 0;
        let out = fix_until_stable("x", InputFormat::Text, &[finding(0, 1, "xx")], |t| {
            passes += 1;
            let f = finding(0, t.len(), &format!("{t}x"));
            (t, vec![f])
        });
        assert_eq!(passes, MAX_FIX_PASSES);
        assert!(out.unsettled);
        assert_eq!(out.text.len(), MAX_FIX_PASSES + 1);
    }

    #[test]
    fn a_fix_across_po_continuation_lines_keeps_the_seam() {
        let fixed = fix_po(WRAPPED, "Vladimir \"\n\"Zelensky", "Volodymyr Zelenskyy");
        assert_eq!(
            fixed,
            "msgid \"a\"\nmsgstr \"\"\n\"President Volodymyr \"\n\"Zelenskyy said\"\n"
        );
        verify_structure(InputFormat::Po, WRAPPED, &fixed).unwrap();
        // The space before the seam may also open the next string.
        let text = "msgid \"a\"\nmsgstr \"\"\n\"President Vladimir\"\n\" Zelensky said\"\n";
        assert_eq!(
            fix_po(text, "Vladimir\"\n\" Zelensky", "Volodymyr Zelenskyy"),
            "msgid \"a\"\nmsgstr \"\"\n\"President Volodymyr\"\n\" Zelenskyy said\"\n"
        );
    }

    #[test]
    fn a_replacement_with_fewer_words_goes_into_the_first_string() {
        let fixed = fix_po(WRAPPED, "Vladimir \"\n\"Zelensky", "Zelenskyy");
        assert_eq!(
            fixed,
            "msgid \"a\"\nmsgstr \"\"\n\"President Zelenskyy\"\n\" said\"\n"
        );
        verify_structure(InputFormat::Po, WRAPPED, &fixed).unwrap();
    }

    #[test]
    fn no_break_spaces_are_kept() {
        assert_eq!(
            keep_line_breaks("Vladimir\u{a0}Zelensky", "Volodymyr Zelenskyy"),
            "Volodymyr\u{a0}Zelenskyy"
        );
        assert_eq!(keep_line_breaks("a b", "x y"), "x y");
    }

    #[test]
    fn distribute_follows_word_counts() {
        assert_eq!(
            distribute(&["of the ", "indivisibility"], "of the indivisible"),
            ["of the ", "indivisible"]
        );
        // Too few words for the pieces: all in the first.
        assert_eq!(
            distribute(&["of the ", "indivisibility"], "of indivisible"),
            ["of indivisible", ""]
        );
        assert_eq!(distribute(&["a", " b c"], "x y z"), ["x", " y z"]);
        // The gap itself separates the words.
        assert_eq!(distribute(&["a", "b"], "x y"), ["x", "y"]);
        assert_eq!(distribute(&["a b", "c"], "x"), ["x", ""]);
        assert_eq!(distribute(&["a", "b", "c"], "x y z"), ["x", "y", "z"]);
        // A piece of white space only: the cut cannot go back, so the
        // first piece takes it all.
        assert_eq!(distribute(&["a ", " ", "b"], "x y"), ["x y", "", ""]);
    }

    #[test]
    fn a_fix_that_breaks_a_po_string_is_refused() {
        let broken = WRAPPED.replace("Zelensky said\"", "Zelensky \"said\"");
        let e = verify_structure(InputFormat::Po, WRAPPED, &broken).unwrap_err();
        assert!(e.contains("line 4"), "{e}");
        let broken = WRAPPED.replace("Vladimir \"\n\"", "Volodymyr\n");
        assert!(verify_structure(InputFormat::Po, WRAPPED, &broken).is_err());
        // Plain text has no structure to break.
        verify_structure(InputFormat::Text, "a", "\"").unwrap();
    }

    #[test]
    fn grow_shrink_start_end() {
        let a = apply_edits("abcdef", [edit(0, 1, "XX"), edit(5, 6, "")]);
        assert_eq!(a.text, "XXbcde");
        let a = apply_edits("abcdef", [edit(2, 4, "")]);
        assert_eq!(a.text, "abef");
        let a = apply_edits("abc", [edit(3, 3, "!")]);
        assert_eq!(a.text, "abc!");
    }

    #[test]
    fn unsorted_edits_are_sorted() {
        let a = apply_edits("abcdef", [edit(4, 5, "E"), edit(0, 1, "A")]);
        assert_eq!(a.text, "AbcdEf");
        assert_eq!(a.applied.len(), 2);
    }

    #[test]
    fn overlapping_edits_first_wins() {
        let a = apply_edits("abcdef", [edit(1, 4, "X"), edit(3, 5, "Y")]);
        assert_eq!(a.text, "aXef");
        assert_eq!(a.skipped, vec![edit(3, 5, "Y")]);
        // Adjacent edits do not overlap.
        let a = apply_edits("abcdef", [edit(1, 3, "X"), edit(3, 5, "Y")]);
        assert_eq!(a.text, "aXYf");
    }

    #[test]
    fn insertions_and_replacements() {
        // An insertion at the start of a replaced range is applied before it.
        let a = apply_edits("abc", [edit(0, 1, "A"), edit(0, 0, "#\n")]);
        assert_eq!(a.text, "#\nAbc");
        // An insertion strictly inside a replaced range is skipped.
        let a = apply_edits("abcd", [edit(0, 3, "X"), edit(1, 1, "!")]);
        assert_eq!(a.text, "Xd");
        assert_eq!(a.skipped.len(), 1);
        // Edits are taken in text order: the range starting first wins.
        let a = apply_edits("abcd", [edit(2, 2, "!"), edit(1, 3, "X")]);
        assert_eq!(a.text, "aXd");
        let a = apply_edits("abcd", [edit(0, 4, "X"), edit(2, 2, "!")]);
        assert_eq!(a.text, "X");
    }

    #[test]
    fn duplicates_apply_once_and_bad_spans_are_skipped() {
        let a = apply_edits("abc", [edit(0, 0, "#"), edit(0, 0, "#")]);
        assert_eq!(a.text, "#abc");
        let a = apply_edits("é", [edit(1, 2, "x"), edit(0, 9, "y")]);
        assert_eq!(a.text, "é");
        assert_eq!(a.skipped.len(), 2);
    }

    #[test]
    fn fixes_skip_overlaps_and_report_indices() {
        let text = "one two three";
        let fs = vec![
            finding(0, 7, "1-2"),
            finding(4, 13, "2-3"),
            finding(8, 13, "3"),
        ];
        let out = apply_fixes(text, &fs);
        assert_eq!(out.text, "1-2 3");
        assert_eq!(out.fixed, vec![0, 2]);
        assert_eq!(out.skipped, vec![1]);
    }

    #[test]
    fn line_breaks_are_kept() {
        assert_eq!(
            keep_line_breaks("indivisibility of\r\nsecurity", "indivisible security"),
            "indivisible\r\nsecurity"
        );
        assert_eq!(keep_line_breaks("a\nb c", "x y z"), "x\ny z");
        assert_eq!(keep_line_breaks("a b\n c", "x y"), "x\n y");
        assert_eq!(keep_line_breaks("a b\n c", "x y z"), "x y\n z");
        assert_eq!(keep_line_breaks("a\nb", "xy"), "xy");
        assert_eq!(keep_line_breaks("a b", "x\ty"), "x\ty");
    }

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = unified_diff("a.txt", "one\ntwo\n", "one\n2\n");
        assert!(d.starts_with("--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n"));
        assert!(d.contains("-two\n+2\n"));
        assert_eq!(unified_diff("a", "x", "x"), "");
    }

    #[test]
    fn suppression_comments_follow_line_endings_and_bom() {
        let doc = Document::new("a.txt", "one\r\ntwo OSCE\r\n");
        let e = suppression_edit(&doc, 9, "osce", CommentStyle::Hash);
        assert_eq!(e.span, Span::new(5, 5));
        assert_eq!(e.replacement, "# termcheck-disable-next-line osce\r\n");
        let doc = Document::new("a.md", "\u{FEFF}OSCE");
        let e = suppression_edit(&doc, 3, "osce", CommentStyle::for_path("a.md"));
        assert_eq!(e.span, Span::new(3, 3));
        assert_eq!(e.replacement, "<!-- termcheck-disable-next-line osce -->\n");
        let doc = Document::new("a.txt", "x\r\nlast");
        assert_eq!(line_ending(&doc, 2), "\r\n");
        assert_eq!(CommentStyle::for_path("x/Y.HTML"), CommentStyle::Html);
        assert_eq!(CommentStyle::for_path("notes.txt"), CommentStyle::Hash);
    }

    #[test]
    fn atomic_write_replaces_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"old", b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_refuses_changed_and_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "changed").unwrap();
        let err = write_atomic(&p, b"old", b"new").unwrap_err();
        assert!(matches!(err, WriteError::Changed { .. }), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"changed");
        let mut perms = fs::metadata(&p).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&p, perms).unwrap();
        let err = write_atomic(&p, b"changed", b"new").unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("read-only"));
        assert!(preflight(&p, b"changed").is_err());
        assert_eq!(fs::read(&p).unwrap(), b"changed");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_through_a_symlink_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"old", b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }
}
