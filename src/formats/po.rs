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
