//! XLIFF 1.2 and 2.x (quick-xml): the text of every `<target>` is checked,
//! including text inside `<g>`, `<pc>` and `<mrk>`; inline codes (`<x/>`,
//! `<ph>`, `<bpt>`, `<ept>`, `<it>`, `<sc/>`, `<ec/>`) are skipped, and so
//! are the targets of `<alt-trans>` (translation-memory proposals).
//! A document type declaration is refused, so no external entity is ever
//! resolved. `<!-- termcheck-… -->` comments are directives.
//!
//! Each `<trans-unit>` (1.2), `<segment>` or `<ignorable>` (2.x) is also
//! recorded as a [`Unit`]: its `<source>` text (same rules; `<seg-source>`
//! is not read), its target, and the languages of the enclosing `<file>`
//! (1.2 `source-language`/`target-language`) or `<xliff>` (2.x
//! `srcLang`/`trgLang`).

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Extracted, FormatError, Language, Unit};
use crate::finding::Span;
use crate::text::{CharRefs, Document};

/// Inline elements whose content is native code, not translation.
const CODE: &[&[u8]] = &[b"bpt", b"ept", b"ph", b"it", b"sub", b"originalData"];

/// Elements that hold one source/target pair.
const UNITS: &[&[u8]] = &[b"trans-unit", b"segment", b"ignorable"];

pub(super) fn extract(doc: &Document) -> Result<Extracted, FormatError> {
    let mut ex = Extracted::new(CharRefs::Xml);
    let body = doc.body_start();
    let text = &doc.text[body..];
    // quick-xml drops one byte-order mark at the start of what it reads and
    // counts positions after it; any further BOM is text to it.
    let base = if text.starts_with('\u{FEFF}') {
        body + '\u{FEFF}'.len_utf8()
    } else {
        body
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut target = 0usize;
    let mut source = 0usize;
    let mut code = 0usize;
    let mut alt_trans = 0usize;
    let mut langs: (Option<Language>, Option<Language>) = (None, None);
    loop {
        let start = pos(reader.buffer_position());
        let event = reader.read_event().map_err(|e| FormatError {
            offset: base + pos(reader.error_position()),
            message: format!("invalid XLIFF: {e}"),
            help: "fix the XML at this position (is the file well-formed?)".to_owned(),
        })?;
        let end = pos(reader.buffer_position());
        let span = Span::new(base + start, base + end);
        let in_target = target > 0 && code == 0 && alt_trans == 0;
        let in_source = source > 0 && code == 0 && alt_trans == 0;
        match event {
            Event::DocType(_) => {
                return Err(FormatError {
                    offset: base + start,
                    message: "XLIFF with a document type declaration (DTD) is refused".to_owned(),
                    help: "remove the <!DOCTYPE …> declaration; termcheck never resolves DTDs or \
                           external entities"
                        .to_owned(),
                });
            }
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"target" => target += 1,
                    b"source" => source += 1,
                    b"alt-trans" => alt_trans += 1,
                    n if (target > 0 || source > 0) && CODE.contains(&n) => code += 1,
                    n if UNITS.contains(&n) && alt_trans == 0 => new_unit(&mut ex, &langs),
                    b"file" | b"xliff" => languages(&e, &doc.text, span, &mut langs),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    n if UNITS.contains(&n) && alt_trans == 0 => new_unit(&mut ex, &langs),
                    b"file" | b"xliff" => languages(&e, &doc.text, span, &mut langs),
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"target" => target = target.saturating_sub(1),
                    b"source" => source = source.saturating_sub(1),
                    b"alt-trans" => alt_trans = alt_trans.saturating_sub(1),
                    n if (target > 0 || source > 0) && CODE.contains(&n) => {
                        code = code.saturating_sub(1);
                    }
                    _ => {}
                }
            }
            Event::Text(_) | Event::GeneralRef(_) if in_target => {
                ex.push_region(&doc.text, span);
                unit(&mut ex, &langs).add_target(span);
            }
            Event::CData(_) if in_target => {
                // `<![CDATA[` … `]]>`: only the inside is text.
                let inner = Span::new(span.start + 9, span.end.saturating_sub(3));
                ex.regions.push(inner);
                unit(&mut ex, &langs).add_target(inner);
            }
            Event::Text(_) | Event::GeneralRef(_) if in_source => {
                unit(&mut ex, &langs).add_source(&doc.text, span);
            }
            Event::CData(_) if in_source => {
                let inner = Span::new(span.start + 9, span.end.saturating_sub(3));
                unit(&mut ex, &langs).add_source(&doc.text, inner);
            }
            Event::Comment(_) => super::markdown::comments(&doc.text, span, &mut ex),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(ex)
}

/// Starts a unit with the languages in force.
fn new_unit(ex: &mut Extracted, langs: &(Option<Language>, Option<Language>)) {
    ex.units.push(Unit {
        source_language: langs.0.clone(),
        target_language: langs.1.clone(),
        ..Unit::default()
    });
}

/// The current unit; one is started for a `<source>` or `<target>` outside
/// any unit element.
fn unit<'a>(ex: &'a mut Extracted, langs: &(Option<Language>, Option<Language>)) -> &'a mut Unit {
    if ex.units.is_empty() {
        new_unit(ex, langs);
    }
    let last = ex.units.len() - 1;
    &mut ex.units[last]
}

/// Reads the language attributes of `<file>` (1.2) or `<xliff>` (2.x); the
/// element at `tag` of `text` declares them for what it contains.
fn languages(
    e: &BytesStart<'_>,
    text: &str,
    tag: Span,
    langs: &mut (Option<Language>, Option<Language>),
) {
    for a in e.attributes().flatten() {
        let slot = match a.key.local_name().as_ref() {
            b"source-language" | b"srcLang" => &mut langs.0,
            b"target-language" | b"trgLang" => &mut langs.1,
            _ => continue,
        };
        let value = String::from_utf8_lossy(&a.value).trim().to_owned();
        if value.is_empty() {
            continue;
        }
        let span = attribute_value_span(text, tag, a.key.as_ref(), a.value.as_ref()).unwrap_or(tag);
        *slot = Some(Language { tag: value, span });
    }
}

/// Where the value of attribute `key` is written inside the tag at `tag`.
fn attribute_value_span(text: &str, tag: Span, key: &[u8], value: &[u8]) -> Option<Span> {
    let raw = text.get(tag.range())?.as_bytes();
    let mut from = 0;
    while let Some(i) = find(&raw[from..], key) {
        let at = from + i;
        from = at + key.len();
        // The key must stand alone: preceded by white space, followed by `=`.
        if at == 0 || !raw[at - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = &raw[from..];
        let eq = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        if rest[eq] != b'=' {
            continue;
        }
        let q = eq
            + 1
            + rest[eq + 1..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())?;
        if !matches!(rest[q], b'"' | b'\'') || !rest[q + 1..].starts_with(value) {
            continue;
        }
        let start = tag.start + from + q + 1;
        return Some(Span::new(start, start + value.len()));
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn pos(p: u64) -> usize {
    usize::try_from(p).unwrap_or(usize::MAX)
}
