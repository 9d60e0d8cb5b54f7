//! `--source`: a source text paired with the one target file, resolved
//! before any checking starts.

use super::input::{self, Input, Read};
use crate::checks::Checker;
use crate::error::Error;
use crate::source::{AlignMode, PairPlan, SourceMatcher, plan_pair};
use crate::text::Document;

/// A source text ready to be paired with its translation.
pub struct SourcePlan {
    pub(crate) doc: Document,
    matcher: SourceMatcher,
    mode: AlignMode,
}

impl SourcePlan {
    /// Reads the source named by `input`. `Err` when it cannot be read or
    /// decoded.
    pub fn read(
        input: &Input,
        mode: AlignMode,
        checker: &Checker,
        limits: crate::io::Limits,
    ) -> Result<Self, Error> {
        let read = input::read(input, limits).map_err(|e| match e {
            Error::Read { path, source } => Error::Source(format!(
                "cannot read the source `{path}`: {source}\n  help: check that the path exists"
            )),
            Error::NotUtf8 { path, line, column, .. } => Error::Source(format!(
                "the source `{path}` is not valid UTF-8 (line {line}, column {column})\n  help: convert it to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`)"
            )),
            e => e,
        })?;
        let doc = match read {
            Read::Doc(doc) => doc,
            Read::Skipped(why) => {
                return Err(Error::Source(format!(
                    "the source `{}` cannot be read as text: {}",
                    input.display,
                    why.as_str()
                )));
            }
        };
        Ok(Self {
            doc,
            matcher: SourceMatcher::new(checker.glossaries()),
            mode,
        })
    }

    /// Whether any glossary term has `source` forms to look for.
    pub fn has_source_forms(&self) -> bool {
        !self.matcher.is_empty()
    }

    /// The source document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Pairs the source with `target`.
    pub fn plan(&self, target: &Document) -> Result<PairPlan, Error> {
        plan_pair(&self.matcher, &self.doc, target, self.mode)
            .map_err(|e| Error::Source(format!("cannot pair the source with its translation: {e}")))
    }
}
