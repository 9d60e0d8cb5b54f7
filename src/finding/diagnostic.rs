//! Diagnostics about input files the tool reads as configuration (glossaries,
//! config files): where, what, and what was probably meant.
//!
//! Ground floor like [`crate::finding`]: reporters render these without
//! knowing where they came from.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::sync::{Arc, Weak};

use crate::finding::Span;
use crate::text::LineIndex;

/// Whether a diagnostic rejects the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// A person should look; the file is still used.
    Warning,
    /// The file is rejected (exit status 2).
    Error,
}

impl Level {
    /// `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A place in a file, with its text for rendering.
#[derive(Debug, Clone)]
pub struct Location {
    /// Path as shown to the user.
    pub path: String,
    /// The whole file text.
    pub source: Arc<str>,
    /// Byte span in `source`.
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column (scalar values) of `span.start`.
    pub column: usize,
}

impl Location {
    /// A location computed from a span of `source`.
    pub fn new(path: &str, source: &Arc<str>, span: Span) -> Self {
        let mut start = span.start.min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, source.len());
        while !source.is_char_boundary(end) {
            end += 1;
        }
        let lc = line_col(source, start);
        Self {
            path: path.to_owned(),
            source: Arc::clone(source),
            span: Span::new(start, end),
            line: lc.line,
            column: lc.column,
        }
    }
}

/// Line and column of `offset` in `source`. The line index of the last
/// source seen on this thread is kept, because one file can yield a
/// diagnostic per term: indexing the whole file for each made loading a
/// glossary of a million terms quadratic.
fn line_col(source: &Arc<str>, offset: usize) -> crate::text::LineCol {
    thread_local! {
        static LAST: RefCell<Option<(Weak<str>, Rc<LineIndex>)>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        let index = match &*last {
            // The weak pointer keeps the allocation, so an equal pointer
            // is the same text.
            Some((weak, index)) if std::ptr::addr_eq(weak.as_ptr(), Arc::as_ptr(source)) => {
                Rc::clone(index)
            }
            _ => {
                let index = Rc::new(LineIndex::new(source));
                *last = Some((Arc::downgrade(source), Rc::clone(&index)));
                index
            }
        };
        index.line_col(source, offset)
    })
}

/// One problem in a configuration file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// A stable kebab-case code, e.g. `unknown-key`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub location: Location,
    /// A label under the underlined text.
    pub label: Option<String>,
    /// What to do, e.g. "did you mean `variants`?".
    pub help: Option<String>,
    /// Another place involved (the first definition of a duplicate).
    pub related: Option<(Location, String)>,
}

impl Diagnostic {
    /// An error at `span` of `source`.
    pub fn error(
        code: &'static str,
        path: &str,
        source: &Arc<str>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            level: Level::Error,
            code,
            message: message.into(),
            location: Location::new(path, source, span),
            label: None,
            help: None,
            related: None,
        }
    }

    /// A warning at `span` of `source`.
    pub fn warning(
        code: &'static str,
        path: &str,
        source: &Arc<str>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            level: Level::Warning,
            ..Self::error(code, path, source, span, message)
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a label under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a related location.
    pub fn with_related(mut self, location: Location, label: impl Into<String>) -> Self {
        self.related = Some((location, label.into()));
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.location.path,
            self.location.line,
            self.location.column,
            self.level.as_str(),
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// The closest candidate to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let keys = ["preferred", "admitted", "variants", "exceptions"];
        assert_eq!(did_you_mean("varaints", &keys), Some("variants"));
        assert_eq!(did_you_mean("prefered", &keys), Some("preferred"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }

    #[test]
    fn location_line_col() {
        let src: Arc<str> = Arc::from("a = 1\nbb = 2\n");
        let loc = Location::new("g.toml", &src, Span::new(6, 8));
        assert_eq!((loc.line, loc.column), (2, 1));
    }

    /// The cached line index is only reused for the very same text.
    #[test]
    fn locations_in_alternating_sources() {
        let a: Arc<str> = Arc::from("x\ny\nz");
        let b: Arc<str> = Arc::from("xyz\n\nÉz");
        let pos = |src: &Arc<str>, at: usize| {
            let loc = Location::new("g.toml", src, Span::new(at, at + 1));
            (loc.line, loc.column)
        };
        for _ in 0..2 {
            assert_eq!(pos(&a, 4), (3, 1));
            assert_eq!(pos(&b, 7), (3, 2));
            assert_eq!(pos(&a, 2), (2, 1));
        }
        // Same contents in a new allocation: the old one may be gone.
        drop(a);
        let c: Arc<str> = Arc::from("x\n\n\nq");
        assert_eq!(pos(&c, 4), (4, 1));
    }

    /// Spans inside a character are widened to whole characters.
    #[test]
    fn location_spans_snap_to_characters() {
        let src: Arc<str> = Arc::from("aЖb");
        let loc = Location::new("g.toml", &src, Span::new(2, 2));
        assert_eq!(loc.span, Span::new(1, 3));
        let loc = Location::new("g.toml", &src, Span::new(0, 2));
        assert_eq!(loc.span, Span::new(0, 3));
    }
}
