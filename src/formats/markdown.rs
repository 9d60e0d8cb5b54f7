//! Markdown (pulldown-cmark): text and image descriptions are checked;
//! code blocks, inline code, autolinks, link targets, raw HTML, HTML
//! comments and front matter are not. `<!-- termcheck-… -->` comments are
//! directives.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::Extracted;
use crate::finding::Span;
use crate::text::{CharRefs, Document};

pub(super) fn extract(doc: &Document) -> Extracted {
    let mut ex = Extracted::new(CharRefs::Html);
    let body_start = doc.body_start();
    let text = &doc.text[body_start..];
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    // Depth of elements whose text is not prose.
    let mut skip = 0usize;
    // Raw HTML pieces, joined when contiguous, scanned for comments after.
    let mut html: Vec<Span> = Vec::new();
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        let span = Span::new(body_start + range.start, body_start + range.end);
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => skip += 1,
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                skip = skip.saturating_sub(1);
            }
            // Only autolinks raised `skip`; their text is the URL.
            Event::End(TagEnd::Link) if doc.text[span.range()].starts_with('<') => {
                skip = skip.saturating_sub(1);
            }
            Event::Text(_) if skip == 0 => ex.push_region(&doc.text, span),
            Event::Html(_) | Event::InlineHtml(_) => match html.last_mut() {
                Some(last) if last.end == span.start => last.end = span.end,
                _ => html.push(span),
            },
            _ => {}
        }
    }
    for h in html {
        comments(&doc.text, h, &mut ex);
    }
    ex.directives.sort_by_key(|d| d.span.start);
    ex
}

/// Finds `<!-- … -->` comments in raw HTML and parses their directives.
pub(super) fn comments(text: &str, span: Span, ex: &mut Extracted) {
    let Some(s) = text.get(span.range()) else {
        return;
    };
    let mut from = 0;
    while let Some(open) = s[from..].find("<!--") {
        let body_start = from + open + 4;
        let Some(close) = s[body_start..].find("-->") else {
            break;
        };
        let body_end = body_start + close;
        ex.comment(
            &s[body_start..body_end],
            span.start + body_start,
            Span::new(span.start + from + open, span.start + body_end + 3),
        );
        from = body_end + 3;
    }
}
