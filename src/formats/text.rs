//! Plain text: the whole body is prose, except directive lines (a line
//! holding only `termcheck-…`, optionally after `#` or `//`).

use super::Extracted;
use crate::finding::Span;
use crate::text::{CharRefs, Document};

pub(super) fn extract(doc: &Document) -> Extracted {
    let mut ex = Extracted::new(CharRefs::None);
    let text = doc.text.as_str();
    let mut region_start = doc.body_start();
    let mut line_start = region_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        let line = &text[line_start..line_end];
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start().len();
        let after_marker = content[indent..]
            .strip_prefix("//")
            .or_else(|| content[indent..].strip_prefix('#'));
        let body = after_marker.unwrap_or(&content[indent..]);
        let body_at = line_start + (content.len() - body.len());
        if body.trim_start().starts_with("termcheck") {
            let before = ex.directives.len() + ex.unknown.len();
            let span = Span::new(line_start + indent, line_start + content.len());
            ex.comment(body, body_at, span);
            if ex.directives.len() + ex.unknown.len() > before {
                // A directive line is not prose.
                ex.push_region(text, Span::new(region_start, line_start));
                region_start = line_end;
            }
        }
        line_start = line_end;
    }
    ex.push_region(text, Span::new(region_start, text.len()));
    ex
}
