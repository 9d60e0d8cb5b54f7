//! What the editor shows: findings as diagnostics, the code actions on
//! them, hover on a flagged form, and the glossary edit behind "add an
//! exception".

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, Command,
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Position, Range, TextEdit,
    Uri, WorkspaceEdit,
};
use serde::{Deserialize, Serialize};
use termcheck::engine::fix::{fix_edits, prose_regions};
use termcheck::finding::diagnostic::{Diagnostic, Level};
use termcheck::finding::{Applicability, Finding, Kind, Severity};
use termcheck::formats::InputFormat;
use termcheck::glossary::{GlossarySet, add_exception};

use super::text::{Encoding, Lines};

/// The command behind "add an exception to the glossary".
pub(crate) const ADD_EXCEPTION: &str = "termcheck.addException";

/// Shown as the diagnostics' `source`.
const SOURCE: &str = "termcheck";

/// Findings of one version of a document, kept for code actions and
/// hover.
pub(crate) struct Checked {
    pub(crate) version: i32,
    pub(crate) findings: Vec<Finding>,
    pub(crate) lines: Lines,
    pub(crate) format: InputFormat,
    /// The config whose engine checked it.
    pub(crate) config: Option<std::path::PathBuf>,
}

pub(crate) fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        _ => DiagnosticSeverity::INFORMATION,
    }
}

/// A finding as an LSP diagnostic: the term id as `code`, linked to the
/// term's entry in its glossary; for `inconsistent`, the places that
/// spell it the other way as related information.
pub(crate) fn diagnostic(
    uri: &Uri,
    text: &str,
    lines: &Lines,
    enc: Encoding,
    f: &Finding,
    set: &GlossarySet,
) -> LspDiagnostic {
    let related = (f.kind == Kind::Inconsistent).then(|| {
        other_places(text, f.span.start, &f.preferred, 10)
            .into_iter()
            .map(|(s, e)| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), lines.range(text, s, e, enc)),
                message: format!("spelled “{}” here", f.preferred),
            })
            .collect()
    });
    LspDiagnostic {
        range: lines.range(text, f.span.start, f.span.end, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.term_id.to_string())),
        code_description: term_link(set, &f.term_id).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: f.message.to_string(),
        related_information: related,
        tags: None,
        data: None,
    }
}

/// A warning of the engine about the document (a suppression comment
/// naming an unknown term) as a diagnostic.
pub(crate) fn engine_warning(
    text: &str,
    lines: &Lines,
    enc: Encoding,
    d: &Diagnostic,
) -> LspDiagnostic {
    let span = d.location.span;
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    LspDiagnostic {
        range: lines.range(text, span.start, span.end, enc),
        severity: Some(match d.level {
            Level::Error => DiagnosticSeverity::ERROR,
            Level::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        ..LspDiagnostic::default()
    }
}

/// Diagnostics of glossary or config files, by file URI, at the line
/// and column of each error.
pub(crate) fn file_diagnostics(
    diags: &[Diagnostic],
    enc: Encoding,
) -> HashMap<String, Vec<LspDiagnostic>> {
    let mut out: HashMap<String, Vec<LspDiagnostic>> = HashMap::new();
    let cwd = std::env::current_dir().unwrap_or_default();
    for d in diags {
        let path = cwd.join(&d.location.path);
        let text = &*d.location.source;
        let lines = Lines::new(text);
        out.entry(file_uri(&path))
            .or_default()
            .push(engine_warning(text, &lines, enc, d));
    }
    out
}

/// Documents up to this size are searched whole for the other places of
/// an `inconsistent` finding; in longer ones, the text within
/// [`NEAR`] bytes of it (a large file can hold thousands of such findings).
const WHOLE: usize = 256 << 10;
const NEAR: usize = 16 << 10;

/// Where `preferred` is written as a whole word (at most `max`), in the
/// whole text or, for a long one, near byte `at`.
fn other_places(text: &str, at: usize, preferred: &str, max: usize) -> Vec<(usize, usize)> {
    if preferred.is_empty() {
        return Vec::new();
    }
    let (mut lo, mut hi) = if text.len() <= WHOLE {
        (0, text.len())
    } else {
        (at.saturating_sub(NEAR), (at + NEAR).min(text.len()))
    };
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text[lo..hi]
        .match_indices(preferred)
        .map(|(i, _)| lo + i)
        .filter(|&i| {
            !word(text[..i].chars().next_back())
                && !word(text[i + preferred.len()..].chars().next())
        })
        .take(max)
        .map(|i| (i, i + preferred.len()))
        .collect()
}

/// The term's entry: its glossary file at the term's line, or (for the
/// built-in glossary) a `termcheck:` URI naming the term.
fn term_link(set: &GlossarySet, id: &str) -> Option<Uri> {
    let r = set.find_id(id)?;
    let g = &set.glossaries()[r.glossary];
    if g.path.starts_with("builtin:") {
        return Uri::from_str(&format!("termcheck:term/{}", encode(id))).ok();
    }
    let term = set.term(r);
    let line = term
        .span
        .map(|s| {
            g.source_text[..s.start.min(g.source_text.len())]
                .matches('\n')
                .count()
                + 1
        })
        .unwrap_or(1);
    let path = std::env::current_dir().unwrap_or_default().join(&g.path);
    Uri::from_str(&format!("{}#L{line}", file_uri(&path))).ok()
}

/// A `file://` URI for an absolute path.
pub(crate) fn file_uri(path: &Path) -> String {
    format!("file://{}", encode_path(&path.to_string_lossy()))
}

/// The path of a `file://` URI.
pub(crate) fn uri_path(uri: &Uri) -> Option<std::path::PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the local host is ours.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    decode(rest).map(std::path::PathBuf::from)
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encode_path(s: &str) -> String {
    s.split('/').map(encode).collect::<Vec<_>>().join("/")
}

fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The arguments of [`ADD_EXCEPTION`].
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ExceptionArgs {
    /// The glossary file.
    pub(crate) glossary: String,
    /// The term's id in that glossary (unqualified).
    pub(crate) term: String,
    /// The phrase never to flag.
    pub(crate) phrase: String,
}

/// The code actions for the findings that `range` (bytes) touches.
pub(crate) fn code_actions(
    uri: &Uri,
    text: &str,
    checked: &Checked,
    enc: Encoding,
    range: (usize, usize),
    set: &GlossarySet,
) -> Vec<CodeActionOrCommand> {
    let lines = &checked.lines;
    let regions = prose_regions(checked.format, text);
    let touched = checked
        .findings
        .iter()
        .filter(|f| f.span.start <= range.1 && range.0 <= f.span.end);
    let mut out = Vec::new();
    for f in touched {
        let diag = diagnostic(uri, text, lines, enc, f, set);
        let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        };
        let text_edits = |f: &Finding| -> Vec<TextEdit> {
            f.fix
                .iter()
                .flat_map(|fix| &fix.edits)
                .flat_map(|e| fix_edits(text, &regions, e))
                .map(|e| {
                    TextEdit::new(
                        lines.range(text, e.span.start, e.span.end, enc),
                        e.replacement,
                    )
                })
                .collect()
        };
        if f.fix.is_some() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace “{}” with “{}”", f.found, f.preferred),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(text_edits(f))),
                // An unsafe fix (a near-miss) is offered, never preferred.
                is_preferred: Some(
                    f.fix
                        .as_ref()
                        .is_some_and(|x| x.applicability == Applicability::Safe),
                ),
                ..CodeAction::default()
            }));
            let same: Vec<&Finding> = checked
                .findings
                .iter()
                .filter(|g| g.term_id == f.term_id && g.fix.is_some())
                .collect();
            if same.len() > 1 {
                let mut all = Vec::new();
                let mut end = 0;
                for g in &same {
                    // Fixes of one term never overlap; keep it so.
                    if g.span.start >= end {
                        all.extend(text_edits(g));
                        end = g.span.end;
                    }
                }
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!(
                        "Fix every “{}” in this document ({})",
                        f.preferred,
                        same.len()
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(edit(all)),
                    ..CodeAction::default()
                }));
            }
        }
        let phrase = exception_phrase(text, f, range);
        if let Some(r) = set.find_id(&f.term_id)
            && matches!(f.kind, Kind::Variant | Kind::Case | Kind::NearMiss)
        {
            let g = &set.glossaries()[r.glossary];
            if !g.path.starts_with("builtin:") {
                let path = std::env::current_dir().unwrap_or_default().join(&g.path);
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let args = ExceptionArgs {
                    glossary: path.to_string_lossy().into_owned(),
                    term: set.term(r).id.clone(),
                    phrase: phrase.to_owned(),
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Never flag “{phrase}”: add it to the exceptions in {name}"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    command: Some(Command::new(
                        format!("Add “{phrase}” to the glossary's exceptions"),
                        ADD_EXCEPTION.to_owned(),
                        serde_json::to_value(&args).ok().map(|v| vec![v]),
                    )),
                    ..CodeAction::default()
                }));
            }
        }
        if set.find_id(&f.term_id).is_some()
            && let Some((offset, comment)) = file_directive(text, checked.format, &f.term_id)
        {
            let at = lines.position(text, offset, enc);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Ignore “{}” in this file", f.term_id),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag]),
                edit: Some(edit(vec![TextEdit::new(Range::new(at, at), comment)])),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// The phrase an exception names: the selection when it holds the
/// finding (the editor selected "Battle of Kiev" around "Kiev"), else the
/// text as found.
fn exception_phrase<'t>(text: &'t str, f: &Finding, range: (usize, usize)) -> &'t str {
    let selected = text.get(range.0..range.1).unwrap_or("");
    if range.0 <= f.span.start
        && f.span.end <= range.1
        && !selected.trim().is_empty()
        && !selected.contains('\n')
    {
        selected.trim()
    } else {
        text.get(f.span.range()).unwrap_or("")
    }
}

/// Where a `termcheck-disable ID` comment for the whole file goes, and
/// the comment line, in the format's comment syntax: at the top (after a
/// BOM, an XML declaration or Markdown front matter). None for formats
/// without one.
pub(crate) fn file_directive(text: &str, format: InputFormat, id: &str) -> Option<(usize, String)> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let line_after = |prefix_len: usize| -> usize {
        body[prefix_len..]
            .find('\n')
            .map_or(text.len(), |i| bom + prefix_len + i + 1)
    };
    match format {
        InputFormat::Text | InputFormat::Po => Some((bom, format!("# termcheck-disable {id}{nl}"))),
        InputFormat::Markdown => {
            let at = if body.starts_with("---") {
                // After the front matter's closing line.
                let first = line_after(0);
                let mut at = first;
                let mut found = None;
                for line in text[first..].split_inclusive('\n') {
                    at += line.len();
                    if line.trim_end() == "---" {
                        found = Some(at);
                        break;
                    }
                }
                found.unwrap_or(bom)
            } else {
                bom
            };
            Some((at, format!("<!-- termcheck-disable {id} -->{nl}")))
        }
        InputFormat::Html => Some((bom, format!("<!-- termcheck-disable {id} -->{nl}"))),
        InputFormat::Xliff => {
            let at = if body.starts_with("<?xml") {
                line_after(0)
            } else {
                bom
            };
            Some((at, format!("<!-- termcheck-disable {id} -->{nl}")))
        }
        _ => None,
    }
}

/// Hover on a flagged form: the message, the preferred and admitted
/// forms and the glossary's note.
pub(crate) fn hover(
    text: &str,
    checked: &Checked,
    enc: Encoding,
    offset: usize,
    set: &GlossarySet,
) -> Option<Hover> {
    let f = checked
        .findings
        .iter()
        .find(|f| f.span.start <= offset && offset < f.span.end.max(f.span.start + 1))?;
    let mut md = format!("**{}** — {}\n\n", f.term_id, f.message);
    match set.find_id(&f.term_id).map(|r| set.term(r)) {
        Some(term) => {
            md.push_str(&format!("Preferred: **{}**", term.preferred.text));
            if !term.admitted.is_empty() {
                let admitted: Vec<String> = term
                    .admitted
                    .iter()
                    .map(|a| format!("*{}*", a.text))
                    .collect();
                md.push_str(&format!("  \nAlso admitted: {}", admitted.join(", ")));
            }
            md.push_str("\n\n");
            if let Some(note) = &term.note {
                md.push_str(note.trim());
                md.push_str("\n\n");
            }
            if let Some(r) = &term.reference {
                md.push_str(&format!("Reference: {r}\n"));
            }
        }
        None => md.push_str(&format!("Preferred here: **{}**\n", f.preferred)),
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md.trim_end().to_owned(),
        }),
        range: Some(checked.lines.range(text, f.span.start, f.span.end, enc)),
    })
}

/// Adds the exception to the glossary file, written atomically and
/// verified by re-parsing. Returns what to tell the user.
pub(crate) fn apply_exception(args: &ExceptionArgs) -> Result<String, String> {
    let path = Path::new(&args.glossary);
    let before = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read glossary `{}`: {e}", args.glossary))?;
    let added = add_exception(&args.glossary, &before, &args.term, &args.phrase)
        .map_err(|e| format!("`{}` was not changed: {e}", args.glossary))?;
    if !added.changed {
        return Ok(format!(
            "“{}” is already an exception of `{}`",
            args.phrase, args.term
        ));
    }
    write_file(path, &before, &added.text)?;
    Ok(format!(
        "Added “{}” to the exceptions of `{}` in {}",
        args.phrase, args.term, args.glossary
    ))
}

/// The one place the server writes a user's file.
fn write_file(path: &Path, before: &str, after: &str) -> Result<(), String> {
    termcheck::engine::fix::write_atomic(path, before.as_bytes(), after.as_bytes())
        .map_err(|e| e.to_string())
}

/// The byte range of an LSP range in `text`.
pub(crate) fn byte_range(text: &str, lines: &Lines, r: Range, enc: Encoding) -> (usize, usize) {
    let s = lines.offset(text, r.start, enc);
    let e = lines.offset(text, r.end, enc);
    (s.min(e), s.max(e))
}

/// The byte offset of an LSP position in `text`.
pub(crate) fn byte_offset(text: &str, lines: &Lines, p: Position, enc: Encoding) -> usize {
    lines.offset(text, p, enc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/tmp/a b/Côte.txt");
        let uri = Uri::from_str(&file_uri(p)).expect("valid uri");
        assert_eq!(uri_path(&uri).as_deref(), Some(p));
    }

    #[test]
    fn file_directives_go_after_headers() {
        let md = "---\ntitle: x\n---\nText\n";
        assert_eq!(
            file_directive(md, InputFormat::Markdown, "nato"),
            Some((
                md.find("Text").unwrap_or(0),
                "<!-- termcheck-disable nato -->\n".to_owned()
            ))
        );
        let xml = "<?xml version=\"1.0\"?>\r\n<xliff/>";
        assert_eq!(
            file_directive(xml, InputFormat::Xliff, "nato").map(|d| d.0),
            xml.find("<xliff")
        );
        assert_eq!(
            file_directive("\u{feff}a", InputFormat::Text, "x"),
            Some((3, "# termcheck-disable x\n".to_owned()))
        );
    }

    #[test]
    fn other_places_are_whole_words() {
        let t = "Kyiv and Kyivan and Kyiv.";
        assert_eq!(other_places(t, 9, "Kyiv", 10), vec![(0, 4), (20, 24)]);
        let long = format!("Kyiv {} Kyiv ô", "x ".repeat(WHOLE));
        let end = long.len() - "Kyiv ô".len();
        assert_eq!(other_places(&long, end, "Kyiv", 10), vec![(end, end + 4)]);
    }
}
