//! HTML (html5gum tokenizer with byte spans): text nodes and the `alt` and
//! `title` attributes are checked; `script`, `style` and `code` are not.
//! Character references are decoded by folding, so positions stay those of
//! the raw bytes. `<!-- termcheck-… -->` comments are directives.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::Extracted;
use crate::finding::Span;
use crate::text::{CharRefs, Document};

/// Elements whose content is not prose.
const SKIPPED: &[&[u8]] = &[b"script", b"style", b"code", b"template"];
/// Attributes holding prose.
const PROSE_ATTRIBUTES: &[&[u8]] = &[b"alt", b"title"];

pub(super) fn extract(doc: &Document) -> Extracted {
    let mut ex = Extracted::new(CharRefs::Html);
    let base = doc.body_start();
    let text = &doc.text[base..];
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Switches to raw-text states after `<script>`, `<style>`, so their
    // content is one string and never parsed as tags.
    emitter.naively_switch_states(true);
    let mut skip = 0usize;
    for token in Tokenizer::new_with_emitter(text, emitter) {
        // The tokenizer recovers from every HTML error; reading a &str
        // cannot fail.
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                for (attr, value) in &tag.attributes {
                    if !PROSE_ATTRIBUTES.contains(&attr.to_ascii_lowercase().as_slice()) {
                        continue;
                    }
                    if let Some(v) = attribute_value(text, value.span.start, value.span.end) {
                        // Attributes are separate regions: never joined.
                        ex.regions.push(Span::new(base + v.start, base + v.end));
                    }
                }
                if SKIPPED.contains(&name.as_slice()) && !tag.self_closing {
                    skip += 1;
                }
            }
            Token::EndTag(tag) if SKIPPED.contains(&tag.name.to_ascii_lowercase().as_slice()) => {
                skip = skip.saturating_sub(1);
            }
            Token::String(s) if skip == 0 => {
                let span = Span::new(base + s.span.start, base + s.span.end);
                ex.push_region(&doc.text, span);
            }
            Token::Comment(c) => {
                let span = Span::new(base + c.span.start, base + c.span.end);
                super::markdown::comments(&doc.text, span, &mut ex);
            }
            _ => {}
        }
    }
    ex.regions.sort_by_key(|r| r.start);
    ex
}

/// The value's bytes inside an attribute's span (`name="value"`,
/// `name='value'` or `name=value`).
fn attribute_value(text: &str, start: usize, end: usize) -> Option<Span> {
    let attr = text.get(start..end.min(text.len()))?;
    let eq = attr.find('=')?;
    let after = &attr[eq + 1..];
    let ws = after.len() - after.trim_start().len();
    let value_at = start + eq + 1 + ws;
    let rest = &text[value_at..];
    match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let close = rest[1..].find(q)?;
            Some(Span::new(value_at + 1, value_at + 1 + close))
        }
        _ => {
            let len = rest
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(rest.len());
            Some(Span::new(value_at, value_at + len))
        }
    }
}
