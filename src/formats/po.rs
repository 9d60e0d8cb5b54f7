//! gettext PO: every `msgstr` (and `msgstr[N]`) is checked, its
//! continuation lines joined and its escapes decoded by folding. The
//! header entry (`msgid ""`) and obsolete entries (`#~`) are not. A
//! translator comment `# termcheck: ignore [term-id…]` suppresses findings
//! in the entry that follows it.
//!
//! Each entry is also a [`Unit`]: `msgid` and `msgid_plural` are its
//! source, its `msgstr`s its target. PO declares the translation's
//! language (`Language:` in the header) but not the source's; an
//! `X-Source-Language:` header is read where a tool writes one.

use super::{Extracted, Language, Unit};
use crate::finding::Span;
use crate::formats::suppress::{Directive, DirectiveKind, parse_ids};
use crate::text::{CharRefs, Document};

/// A line of the file: its byte range without the line break.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(doc: &Document) -> Vec<Line<'_>> {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    let mut at = doc.body_start();
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        out.push(Line {
            start: at,
            text: text[at..end].trim_end_matches('\r'),
        });
        at = end + 1;
    }
    out
}

pub(super) fn extract(doc: &Document) -> Extracted {
    let mut ex = Extracted::new(CharRefs::PoString);
    let lines = lines(doc);
    let mut header: Header = (None, None);
    let mut i = 0;
    while i < lines.len() {
        if lines[i].text.trim().is_empty() {
            i += 1;
            continue;
        }
        // One entry: consecutive non-blank lines.
        let first = i;
        while i < lines.len() && !lines[i].text.trim().is_empty() {
            i += 1;
        }
        entry(&doc.text, &lines[first..i], &mut ex, &mut header);
    }
    for unit in &mut ex.units {
        unit.source_language.clone_from(&header.0);
        unit.target_language.clone_from(&header.1);
    }
    ex
}

/// What the header entry declares: (source, target) language.
type Header = (Option<Language>, Option<Language>);

fn entry(text: &str, lines: &[Line<'_>], ex: &mut Extracted, langs: &mut Header) {
    let Some(last) = lines.last() else { return };
    let entry_end = last.start + last.text.len();
    let mut header = false;
    let mut unit = Unit::default();
    let mut k = 0;
    while k < lines.len() {
        let line = &lines[k];
        let t = line.text;
        if let Some(comment) = t.strip_prefix('#') {
            if comment.starts_with([' ', '\t']) || comment.is_empty() {
                ignore_comment(comment, line.start + 1, line, entry_end, ex);
            }
            k += 1;
            continue;
        }
        let keyword_len = t.find([' ', '\t', '"']).unwrap_or(t.len());
        let keyword = &t[..keyword_len];
        // The strings of this keyword: its own line, then "…" lines.
        let mut strings = vec![(line.start, t)];
        k += 1;
        while k < lines.len() && lines[k].text.trim_start().starts_with('"') {
            strings.push((lines[k].start, lines[k].text));
            k += 1;
        }
        let spans = string_spans(&strings);
        let joined = match (spans.first(), spans.last()) {
            (Some(a), Some(b)) => Some(Span::new(a.start, b.end)),
            _ => None,
        };
        if keyword == "msgid" {
            header = spans.iter().all(|s| s.is_empty());
        }
        if keyword == "msgid" || keyword == "msgid_plural" {
            unit.source.extend(joined.filter(|s| !s.is_empty()));
        }
        if keyword.starts_with("msgstr") {
            if header {
                read_header(text, &spans, langs);
            } else if let Some(span) = joined {
                ex.regions.push(span);
                if !span.is_empty() {
                    unit.add_target(span);
                }
            }
        }
    }
    if !header && (!unit.source.is_empty() || unit.target.is_some()) {
        ex.units.push(unit);
    }
}

/// Reads `Language:` and `X-Source-Language:` from the header's
/// `msgstr` strings.
fn read_header(text: &str, spans: &[Span], langs: &mut Header) {
    for span in spans {
        let Some(s) = text.get(span.range()) else {
            continue;
        };
        // Fields end with a `\n` escape; by convention one per string.
        let mut at = 0;
        for field in s.split("\\n") {
            let here = at;
            at += field.len() + 2;
            let Some((key, value)) = field.split_once(':') else {
                continue;
            };
            let slot = match key.trim() {
                k if k.eq_ignore_ascii_case("Language") => &mut langs.1,
                k if k.eq_ignore_ascii_case("X-Source-Language") => &mut langs.0,
                _ => continue,
            };
            let tag = value.trim();
            if tag.is_empty() {
                continue;
            }
            let start =
                span.start + here + key.len() + 1 + (value.len() - value.trim_start().len());
            *slot = Some(Language {
                tag: tag.to_owned(),
                span: Span::new(start, start + tag.len()),
            });
        }
    }
}

/// The inside of each `"…"` string on the given lines.
fn string_spans(strings: &[(usize, &str)]) -> Vec<Span> {
    let mut out = Vec::new();
    for &(start, line) in strings {
        let Some(open) = line.find('"') else { continue };
        let Some(close) = line.rfind('"') else {
            continue;
        };
        if close > open {
            out.push(Span::new(start + open + 1, start + close));
        }
    }
    out
}

/// The regions cut at the seams between continuation strings (`"`, a
/// line break, `"`), so that a fix across a seam edits each string apart
/// and keeps the seam.
pub(super) fn split_at_seams(text: &str, regions: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(regions.len());
    for r in regions {
        let Some(s) = text.get(r.range()) else {
            continue;
        };
        let b = s.as_bytes();
        let (mut start, mut i) = (0, 0);
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => {
                    let mut j = i + 1;
                    let mut line_break = false;
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        line_break |= b[j] == b'\n';
                        j += 1;
                    }
                    if line_break && b.get(j) == Some(&b'"') {
                        out.push(Span::new(r.start + start, r.start + i));
                        start = j + 1;
                        i = j + 1;
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        out.push(Span::new(r.start + start.min(b.len()), r.end));
    }
    out
}

/// The keywords a PO line may start with.
fn is_keyword(k: &str) -> bool {
    matches!(k, "msgctxt" | "msgid" | "msgid_plural" | "msgstr")
        || k.strip_prefix("msgstr[")
            .and_then(|n| n.strip_suffix(']'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|d| d.is_ascii_digit()))
}

/// Checks the line syntax of a PO file as gettext's `msgfmt` reads it:
/// every line is blank, a comment, a keyword followed by one string, or a
/// continuation string; a string is closed on its line, with no bare `"`
/// inside and only the escapes `\n \t \r \" \\` (and a few more C
/// escapes). A fix is verified with this before it is written.
pub(super) fn check_syntax(doc: &Document) -> Result<(), super::FormatError> {
    for line in lines(doc) {
        let t = line.text.trim_start();
        let indent = line.text.len() - t.len();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let keyword_len = t.find([' ', '\t', '"']).unwrap_or(t.len());
        let keyword = &t[..keyword_len];
        let rest = t[keyword_len..].trim_start();
        let rest_at = line.start + indent + (t.len() - rest.len());
        let fail = |offset: usize, message: &str| super::FormatError {
            offset,
            message: message.to_owned(),
            help: "PO strings are written \"...\" on one line; a long string continues on \
                   the next line as another \"...\""
                .to_owned(),
        };
        if !keyword.is_empty() && !is_keyword(keyword) {
            return Err(fail(line.start + indent, "unknown PO keyword"));
        }
        let b = rest.as_bytes();
        if b.first() != Some(&b'"') {
            return Err(fail(rest_at, "a PO string must start with `\"`"));
        }
        let mut i = 1;
        let mut closed = false;
        while i < b.len() {
            match b[i] {
                b'\\' => {
                    if !matches!(
                        b.get(i + 1),
                        Some(b'n' | b't' | b'r' | b'"' | b'\\' | b'a' | b'b' | b'f' | b'v' | b'?')
                    ) {
                        return Err(fail(rest_at + i, "invalid escape in a PO string"));
                    }
                    i += 2;
                }
                b'"' => {
                    if !rest[i + 1..].trim().is_empty() {
                        return Err(fail(rest_at + i, "text after the end of a PO string"));
                    }
                    closed = true;
                    break;
                }
                _ => i += 1,
            }
        }
        if !closed {
            return Err(fail(rest_at, "a PO string is not closed on its line"));
        }
    }
    Ok(())
}

/// `# termcheck: ignore [ids]` (or a generic directive in a comment).
fn ignore_comment(comment: &str, at: usize, line: &Line<'_>, entry_end: usize, ex: &mut Extracted) {
    let body = comment.trim_start();
    let body_at = at + (comment.len() - body.len());
    let line_span = Span::new(line.start, line.start + line.text.len());
    let Some(rest) = body.strip_prefix("termcheck:") else {
        ex.comment(body, body_at, line_span);
        return;
    };
    let rest_at = body_at + "termcheck:".len();
    let args = rest.trim_start();
    let args_at = rest_at + (rest.len() - args.len());
    let word_len = args.find(char::is_whitespace).unwrap_or(args.len());
    if &args[..word_len] != "ignore" {
        ex.unknown.push((
            format!("termcheck: {}", &args[..word_len]),
            Span::new(args_at, args_at + word_len),
        ));
        return;
    }
    ex.directives.push(Directive {
        kind: DirectiveKind::Range(Span::new(line.start, entry_end)),
        ids: parse_ids(&args[word_len..], args_at + word_len),
        span: line_span,
    });
}
