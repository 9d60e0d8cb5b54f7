//! A finding's identity that survives moved lines: its term, kind, found
//! text and the words around it on its line, hashed. Baselines and the
//! SARIF and GitLab reports use it.

use std::hash::Hasher;

use super::{Finding, Span};
use crate::text::Document;

/// Words taken on each side of a finding for its fingerprint.
pub const CONTEXT_WORDS: usize = 3;

/// Up to `n` words before and after `span` on its own line(s),
/// lower-cased, as the context of a fingerprint. Words on other lines are
/// left out so that edits to neighbouring lines change nothing.
pub(crate) fn context(text: &str, span: Span, n: usize) -> (String, String) {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before = text.get(line_start..start).map(words).unwrap_or_default();
    let after = text.get(end..line_end).map(words).unwrap_or_default();
    let before = before[before.len().saturating_sub(n)..].join(" ");
    let after = after[..after.len().min(n)].join(" ");
    (before, after)
}

/// The fingerprint of a finding in a document: 16 hex digits of a 64-bit
/// FNV-1a hash (stable across platforms and Rust versions).
pub fn fingerprint(doc: &Document, f: &Finding) -> String {
    let (before, after) = context(&doc.text, f.span, CONTEXT_WORDS);
    let mut h = fnv::FnvHasher::default();
    for part in [&*f.term_id, f.kind.as_str(), &*f.found, &before, &after] {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.finish())
}
