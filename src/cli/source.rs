//! `check --source`: reading the source text and pairing it with the one
//! target file before any checking starts.

use std::fs;
use std::path::Path;

use clap::ValueEnum;
use termcheck::checks::Checker;
use termcheck::finding::Finding;
use termcheck::source::{AlignMode, SourceMatcher, check_pair};
use termcheck::text::Document;

use super::inputs::Input;

/// `--align`: how the source and the target are paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AlignArg {
    /// Lines if the line counts agree, else blank-line paragraphs.
    Auto,
    /// Line N with line N.
    Line,
    /// Blank-line-separated paragraph N with paragraph N.
    Paragraph,
    /// The whole text: `missing` compares how often each term occurs.
    Document,
}

impl From<AlignArg> for AlignMode {
    fn from(a: AlignArg) -> Self {
        match a {
            AlignArg::Auto => AlignMode::Auto,
            AlignArg::Line => AlignMode::Line,
            AlignArg::Paragraph => AlignMode::Paragraph,
            AlignArg::Document => AlignMode::Document,
        }
    }
}

/// A source text ready to be paired with the target.
pub(crate) struct SourcePlan {
    doc: Document,
    matcher: SourceMatcher,
    mode: AlignMode,
}

impl SourcePlan {
    /// All findings of `target`, `missing` included.
    pub(crate) fn check(
        &self,
        checker: &Checker,
        target: &Document,
    ) -> Result<Vec<Finding>, String> {
        check_pair(checker, &self.matcher, &self.doc, target, self.mode)
            .map_err(|e| format!("cannot pair the source with its translation: {e}"))
    }
}

/// Resolves `--source` before any work: exactly one target, a readable
/// UTF-8 source. `Err` carries the message for an exit status 2.
pub(crate) fn prepare(
    source: Option<&Path>,
    align: AlignArg,
    inputs: &[Input],
    checker: &Checker,
) -> Result<Option<SourcePlan>, String> {
    let Some(path) = source else {
        return Ok(None);
    };
    if inputs.len() > 1 {
        return Err(format!(
            "`--source` pairs one source with one translation, but {} files were given to check\n  \
             help: name exactly one target file: `termcheck check --source {} TARGET`",
            inputs.len(),
            path.display()
        ));
    }
    let display = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| {
        format!("cannot read the source `{display}`: {e}\n  help: check that the path exists")
    })?;
    let doc = Document::from_bytes(display.clone(), bytes).map_err(|e| {
        format!(
            "the source `{display}` is not valid UTF-8: {e}\n  help: convert it to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`)"
        )
    })?;
    let matcher = SourceMatcher::new(checker.glossaries());
    if matcher.is_empty() {
        eprintln!(
            "note: no glossary term has `source` forms, so `--source` cannot find missing terms"
        );
    }
    Ok(Some(SourcePlan {
        doc,
        matcher,
        mode: align.into(),
    }))
}
