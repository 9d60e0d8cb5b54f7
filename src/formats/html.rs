//! HTML (html5gum tokenizer with byte spans): text nodes and the `alt` and
//! `title` attributes are checked; `script`, `style` and `code` are not.
//! Character references are decoded by folding, so positions stay those of
//! the raw bytes. `<!-- termcheck-… -->` comments are directives.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{Extracted, FormatError};
use crate::finding::Span;
use crate::text::{CharRefs, Document};

/// Elements whose content is not prose.
const SKIPPED: &[&[u8]] = &[b"script", b"style", b"code", b"template"];
/// Attributes holding prose.
const PROSE_ATTRIBUTES: &[&[u8]] = &[b"alt", b"title"];

/// Quoted attribute values in one tag beyond which a file is refused.
/// html5gum's tokenizer recurses once per quoted attribute of a tag (its
/// states call each other until the tag ends), so a tag with a million of
/// them overflows any stack; no real page comes near this.
pub(crate) const MAX_QUOTED_ATTRIBUTES: usize = 10_000;

/// From this many quoted attributes in a tag on, the tokenizer runs on a
/// thread with a stack large enough for [`MAX_QUOTED_ATTRIBUTES`].
const BIG_STACK_FROM: usize = 100;
const BIG_STACK: usize = 256 << 20;

pub(super) fn extract(doc: &Document) -> Result<Extracted, FormatError> {
    let base = doc.body_start();
    let (most, at) = most_quoted_attributes(&doc.text.as_bytes()[base..]);
    if most > MAX_QUOTED_ATTRIBUTES {
        return Err(FormatError {
            offset: base + at,
            message: format!(
                "this tag has {most} quoted attribute values, more than the {MAX_QUOTED_ATTRIBUTES} termcheck reads in one tag"
            ),
            help: "this is not a page a person wrote; check the file, or exclude it".to_owned(),
        });
    }
    if most < BIG_STACK_FROM {
        return Ok(tokenize(doc, base));
    }
    // The stack is reserved, not used: only the pages touched count.
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("termcheck-html".to_owned())
            .stack_size(BIG_STACK)
            .spawn_scoped(s, || tokenize(doc, base))
            .ok()
            .and_then(|h| h.join().ok())
    })
    .ok_or_else(|| FormatError {
        offset: base + at,
        message: "cannot start a thread to read this tag's many attributes".to_owned(),
        help: "run again with more memory available".to_owned(),
    })
}

/// The largest number of quoted attribute values in one tag, and where
/// that tag starts. A byte scan that knows tags, quotes and comments; it
/// counts in `<script>` too, so it can only overestimate.
fn most_quoted_attributes(text: &[u8]) -> (usize, usize) {
    let mut best = (0, 0);
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &text[i..]) {
        i += k;
        let start = i;
        let rest = &text[i + 1..];
        if rest.starts_with(b"!--") {
            match memchr::memmem::find(&text[i + 4..], b"-->") {
                Some(e) => i += 4 + e + 3,
                None => break,
            }
            continue;
        }
        if !rest
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/')
        {
            i += 1;
            continue;
        }
        i += 1;
        let mut count = 0;
        while i < text.len() {
            match text[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'=' => {
                    i += 1;
                    while text.get(i).is_some_and(u8::is_ascii_whitespace) {
                        i += 1;
                    }
                    if let Some(&q @ (b'"' | b'\'')) = text.get(i) {
                        count += 1;
                        i = match memchr::memchr(q, &text[i + 1..]) {
                            Some(e) => i + 1 + e + 1,
                            None => text.len(),
                        };
                    }
                }
                _ => i += 1,
            }
        }
        if count > best.0 {
            best = (count, start);
        }
    }
    best
}

fn tokenize(doc: &Document, base: usize) -> Extracted {
    let mut ex = Extracted::new(CharRefs::Html);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_attributes_are_counted_per_tag() {
        assert_eq!(
            most_quoted_attributes(b"<p a=\"1\" b='2' c=3>x</p>"),
            (2, 0)
        );
        assert_eq!(
            most_quoted_attributes(b"<!-- <p a=\"1\" b=\"2\"> --><i a = \"x>y\">"),
            (1, 24)
        );
        assert_eq!(most_quoted_attributes(b"a < b and c<d"), (0, 0));
    }

    #[test]
    fn a_tag_with_a_million_attributes_is_refused_and_thousands_are_read() {
        let many = format!("<p{}>indivisibility</p>", " a=\"b\"".repeat(1_000_000));
        let err = extract(&Document::new("a.html", many)).unwrap_err();
        assert_eq!(err.offset, 0);
        assert!(
            err.message.contains("1000000 quoted attribute values"),
            "{}",
            err.message
        );
        let ok = format!(
            "<p{} title=\"the title\">text</p>",
            " a=\"b\"".repeat(MAX_QUOTED_ATTRIBUTES - 1)
        );
        let ex = extract(&Document::new("a.html", ok.as_str())).unwrap();
        let regions: Vec<&str> = ex.regions.iter().map(|r| &ok[r.start..r.end]).collect();
        assert_eq!(regions, ["the title", "text"]);
    }
}
