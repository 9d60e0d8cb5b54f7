//! Input formats: which parts of a file are prose to check, where its
//! suppression comments are, and how its escapes are decoded.
//!
//! Each reader returns original byte spans ([`Extracted::regions`]) and the
//! escapes to decode inside them ([`CharRefs`]), so every reported position
//! points into the file as it is on disk, whatever the format. Matching,
//! checks and suppression are shared: [`crate::engine::Engine`] runs them
//! for any format.

mod html;
mod markdown;
mod po;
pub mod suppress;
mod text;
mod xliff;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::finding::Span;
use crate::finding::diagnostic::Diagnostic;
use crate::text::{CharRefs, Document};
use suppress::{Directive, Parsed};

/// A kind of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum InputFormat {
    /// Plain text: the whole file is prose.
    Text,
    /// CommonMark/GitHub Markdown (pulldown-cmark).
    Markdown,
    /// HTML: text nodes and `alt`/`title` attributes.
    Html,
    /// XLIFF 1.2 or 2.x: every `<target>`.
    Xliff,
    /// gettext PO: every `msgstr`.
    Po,
}

impl InputFormat {
    /// Every format.
    pub const ALL: [InputFormat; 5] = [
        InputFormat::Text,
        InputFormat::Markdown,
        InputFormat::Html,
        InputFormat::Xliff,
        InputFormat::Po,
    ];

    /// The name used on the command line and in `termcheck.toml`.
    pub const fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
            InputFormat::Xliff => "xliff",
            InputFormat::Po => "po",
        }
    }

    /// The format a file extension stands for (case-insensitive).
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" | "mdown" | "mkd" => Some(InputFormat::Markdown),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "xlf" | "xliff" | "xlf2" | "sdlxliff" | "mxliff" => Some(InputFormat::Xliff),
            "po" | "pot" => Some(InputFormat::Po),
            _ => None,
        }
    }

    /// XLIFF and PO carry their own source text.
    pub const fn is_bilingual(self) -> bool {
        matches!(self, InputFormat::Xliff | InputFormat::Po)
    }

    /// The format of a path by its extension; plain text when unknown.
    pub fn from_path(path: &str) -> Self {
        std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Self::from_extension)
            .unwrap_or(InputFormat::Text)
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InputFormat {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "md" => Ok(InputFormat::Markdown),
            "txt" | "plain" => Ok(InputFormat::Text),
            _ => Self::ALL.into_iter().find(|f| f.as_str() == s).ok_or(()),
        }
    }
}

/// What a reader found in a file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Prose to check: original byte spans, in order, not overlapping.
    pub regions: Vec<Span>,
    /// Escapes decoded inside the regions.
    pub refs: CharRefs,
    /// Suppression directives, in order.
    pub directives: Vec<Directive>,
    /// Comments that start with `termcheck` but name no directive.
    pub unknown: Vec<(String, Span)>,
    /// Bilingual formats (XLIFF, PO): each unit's source and target, in
    /// file order. Empty for monolingual formats.
    pub units: Vec<Unit>,
}

/// One unit of a bilingual file: an XLIFF 1.2 `<trans-unit>`, an XLIFF 2.x
/// `<segment>` or `<ignorable>`, a PO entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    /// The source text (`<source>`; `msgid` and `msgid_plural`): original
    /// byte spans, decoded with the same [`CharRefs`] as the target.
    pub source: Vec<Span>,
    /// From the start of the first target text to the end of the last
    /// (`<target>`; every `msgstr`); `None` when the unit has no target.
    /// It covers the unit's [`Extracted::regions`] and any inline tags
    /// between them.
    pub target: Option<Span>,
    /// The source language the file declares for this unit.
    pub source_language: Option<Language>,
    /// The target language the file declares for this unit.
    pub target_language: Option<Language>,
}

/// A language tag as a file declares it, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The tag as written (`ru`, `en-US`, `pt_BR`).
    pub tag: String,
    /// Where the tag is written in the file.
    pub span: Span,
}

impl Language {
    /// True when both tags name the same language (primary subtags equal,
    /// ignoring case): `en-US` and `en_GB` are `en`.
    pub fn same_as(&self, other: &str) -> bool {
        fn primary(tag: &str) -> &str {
            tag.trim().split(['-', '_']).next().unwrap_or("")
        }
        primary(&self.tag).eq_ignore_ascii_case(primary(other))
    }
}

impl Unit {
    /// Extends the target to cover `span`.
    fn add_target(&mut self, span: Span) {
        self.target = Some(match self.target {
            Some(t) => Span::new(t.start.min(span.start), t.end.max(span.end)),
            None => span,
        });
    }

    /// Adds a source span, joining it to the previous one when only white
    /// space lies between them.
    fn add_source(&mut self, text: &str, span: Span) {
        push_joined(&mut self.source, text, span);
    }
}

/// Appends `span` to `spans`, joining it to the last one when only white
/// space lies between them.
fn push_joined(spans: &mut Vec<Span>, text: &str, span: Span) {
    if span.is_empty() {
        return;
    }
    if let Some(last) = spans.last_mut()
        && last.end <= span.start
        && text
            .get(last.end..span.start)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace))
    {
        last.end = span.end;
        return;
    }
    spans.push(span);
}

impl Extracted {
    fn new(refs: CharRefs) -> Self {
        Self {
            refs,
            ..Self::default()
        }
    }

    /// Adds a region, joining it to the previous one when only white space
    /// lies between them (a soft line break), so multi-word forms match
    /// across it.
    fn push_region(&mut self, text: &str, span: Span) {
        push_joined(&mut self.regions, text, span);
    }

    /// Parses a comment body that starts at byte `at`; `span` is the whole
    /// comment.
    fn comment(&mut self, body: &str, at: usize, span: Span) {
        match suppress::parse_comment(body, at, span) {
            Parsed::None => {}
            Parsed::Directive(d) => self.directives.push(d),
            Parsed::Unknown { word, span } => self.unknown.push((word, span)),
        }
    }
}

/// A file that could not be read as its format (bad XML, a DTD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl FormatError {
    /// The error as a diagnostic on `doc` (file:line:col, the line shown).
    pub fn to_diagnostic(&self, doc: &Document) -> Diagnostic {
        let src: Arc<str> = Arc::from(doc.text.as_str());
        // Parsers may report an offset inside a multi-byte character.
        let mut at = self.offset.min(doc.text.len());
        while !doc.text.is_char_boundary(at) {
            at -= 1;
        }
        let end = doc.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        Diagnostic::error(
            "invalid-input",
            &doc.path,
            &src,
            Span::new(at, end),
            self.message.clone(),
        )
        .with_help(self.help.clone())
    }
}

/// Finds the prose, escapes and directives of a document.
pub fn extract(format: InputFormat, doc: &Document) -> Result<Extracted, FormatError> {
    Ok(match format {
        InputFormat::Text => text::extract(doc),
        InputFormat::Markdown => markdown::extract(doc),
        InputFormat::Html => html::extract(doc)?,
        InputFormat::Xliff => xliff::extract(doc)?,
        InputFormat::Po => po::extract(doc),
    })
}

/// The pieces of prose a fix may edit one by one: the regions, and for
/// PO the continuation strings of each region.
pub fn fix_regions(format: InputFormat, doc: &Document) -> Result<Vec<Span>, FormatError> {
    let ex = extract(format, doc)?;
    Ok(match format {
        InputFormat::Po => po::split_at_seams(&doc.text, &ex.regions),
        _ => ex.regions,
    })
}

/// Checks the syntax a lenient reader lets pass but the format's own
/// tools refuse (PO strings); the other readers already refuse what is
/// malformed.
pub fn check_syntax(format: InputFormat, doc: &Document) -> Result<(), FormatError> {
    match format {
        InputFormat::Po => po::check_syntax(doc),
        _ => extract(format, doc).map(|_| ()),
    }
}

/// The regions with URLs cut out: a domain such as `osce.org` holds a
/// glossary form but is no rendering of it.
pub fn without_urls(text: &str, regions: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(regions.len());
    for &r in regions {
        let Some(s) = text.get(r.range()) else {
            continue;
        };
        let mut from = 0;
        for (start, end) in urls(s) {
            if start > from {
                out.push(Span::new(r.start + from, r.start + start));
            }
            from = end;
        }
        if from < s.len() {
            out.push(Span::new(r.start + from, r.end));
        }
    }
    out
}

/// Byte ranges of `http://`, `https://` and `www.` URLs in `s`.
fn urls(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    // The next "http" and "www." at or after `i` (found once, reused until
    // passed, so the scan stays linear).
    let http_finder = memchr::memmem::Finder::new("http");
    let www_finder = memchr::memmem::Finder::new("www.");
    let next = |pat: &str, from: usize| {
        let finder = if pat == "http" {
            &http_finder
        } else {
            &www_finder
        };
        finder
            .find(&s.as_bytes()[from..])
            .map_or(usize::MAX, |o| from + o)
    };
    let (mut http, mut www) = (next("http", 0), next("www.", 0));
    while i < s.len() {
        if http < i {
            http = next("http", i);
        }
        if www < i {
            www = next("www.", i);
        }
        // Jump to the next place a URL could start.
        let at = http.min(www);
        if at == usize::MAX {
            break;
        }
        i = at;
        let rest = &s[i..];
        let at_word_start = !s[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if at_word_start
            && (rest.starts_with("http://")
                || rest.starts_with("https://")
                || rest.starts_with("www."))
        {
            let len = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
                .unwrap_or(rest.len());
            let trimmed = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            out.push((i, i + trimmed.len()));
            i += trimmed.len().max(1);
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests;
