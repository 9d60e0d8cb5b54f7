//! XLIFF 1.2 and 2.x (quick-xml): the text of every `<target>` is checked,
//! including text inside `<g>`, `<pc>` and `<mrk>`; inline codes (`<x/>`,
//! `<ph>`, `<bpt>`, `<ept>`, `<it>`, `<sc/>`, `<ec/>`) are skipped, and so
//! are the targets of `<alt-trans>` (translation-memory proposals).
//! A document type declaration is refused, so no external entity is ever
//! resolved. `<!-- termcheck-… -->` comments are directives.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Extracted, FormatError};
use crate::finding::Span;
use crate::text::{CharRefs, Document};

/// Inline elements whose content is native code, not translation.
const CODE: &[&[u8]] = &[b"bpt", b"ept", b"ph", b"it", b"sub", b"originalData"];

pub(super) fn extract(doc: &Document) -> Result<Extracted, FormatError> {
    let mut ex = Extracted::new(CharRefs::Xml);
    let mut base = doc.body_start();
    // quick-xml drops a byte-order mark at the start of what it reads and
    // counts positions after it, so a second BOM must not be handed over.
    if doc.text[base..].starts_with('\u{FEFF}') {
        base += '\u{FEFF}'.len_utf8();
    }
    let text = &doc.text[base..];
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut target = 0usize;
    let mut code = 0usize;
    let mut alt_trans = 0usize;
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
                    b"alt-trans" => alt_trans += 1,
                    n if target > 0 && CODE.contains(&n) => code += 1,
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"target" => target = target.saturating_sub(1),
                    b"alt-trans" => alt_trans = alt_trans.saturating_sub(1),
                    n if target > 0 && CODE.contains(&n) => code = code.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(_) | Event::GeneralRef(_) if in_target => {
                ex.push_region(&doc.text, span);
            }
            Event::CData(_) if in_target => {
                // `<![CDATA[` … `]]>`: only the inside is text.
                ex.regions
                    .push(Span::new(span.start + 9, span.end.saturating_sub(3)));
            }
            Event::Comment(_) => super::markdown::comments(&doc.text, span, &mut ex),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(ex)
}

fn pos(p: u64) -> usize {
    usize::try_from(p).unwrap_or(usize::MAX)
}
