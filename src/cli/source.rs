//! `check --source`: reading the source text and pairing it with the one
//! target file before any checking starts; and bilingual inputs (XLIFF,
//! PO), whose units pair with their own source text.

use std::path::Path;

use clap::ValueEnum;
use termcheck::checks::Checker;
use termcheck::config::Config;
use termcheck::diagnostic::Diagnostic;
use termcheck::finding::Finding;
use termcheck::formats::InputFormat;
use termcheck::source::{AlignMode, SourceMatcher, check_bilingual, plan_pair};
use termcheck::text::Document;
use termcheck::usage::UsageCollector;

use super::ci::{CiArgs, DocResult};
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
        let plan = self.plan(target)?;
        Ok(checker.check_regions_with(target, &plan.regions, &[&plan.missing]))
    }

    /// Records `target`'s usage against the source (`report --source`).
    pub(crate) fn usage(
        &self,
        usage: &mut UsageCollector,
        checker: &Checker,
        target: &Document,
    ) -> Result<Vec<Finding>, String> {
        let plan = self.plan(target)?;
        Ok(usage.add_pair(checker, &plan, &self.doc, target))
    }

    fn plan(&self, target: &Document) -> Result<termcheck::source::PairPlan, String> {
        plan_pair(&self.matcher, &self.doc, target, self.mode)
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
             help: name exactly one target file after `--source {}`",
            inputs.len(),
            path.display()
        ));
    }
    let display = path.display().to_string();
    let bytes =
        termcheck::io::read_path(path, &display, super::inputs::limits()).map_err(|e| match e {
            termcheck::io::ReadError::Io { source, help, .. } => {
                format!("cannot read the source `{display}`: {source}\n  help: {help}")
            }
            other => format!("the source: {other}"),
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

/// The source matcher for bilingual inputs (XLIFF, PO) when no `--source`
/// is given: `None` when no input is bilingual or no term has `source`
/// forms. With `--source`, a bilingual target is refused: it carries its
/// own source text. `Err` carries the message for an exit status 2.
pub(crate) fn bilingual(
    ci: &CiArgs,
    config: &Config,
    inputs: &[Input],
    checker: &Checker,
    source_given: bool,
) -> Result<Option<SourceMatcher>, String> {
    let Some(input) = inputs.iter().find(|i| is_bilingual(ci, config, i)) else {
        return Ok(None);
    };
    if source_given {
        return Err(format!(
            "`{}` is a bilingual file (XLIFF or PO): it holds its own source text, so `--source` cannot pair another one with it\n  \
             help: drop `--source`; each unit's source is checked against its own target",
            input.display
        ));
    }
    let matcher = SourceMatcher::new(checker.glossaries());
    Ok((!matcher.is_empty()).then_some(matcher))
}

fn is_bilingual(ci: &CiArgs, config: &Config, input: &Input) -> bool {
    matches!(
        super::ci::input_format(ci, config, input),
        InputFormat::Xliff | InputFormat::Po
    )
}

/// Checks one document: unit by unit against its own source when it is
/// bilingual and `matcher` is given, else as [`super::ci::check_doc`] does.
pub(crate) fn check_doc(
    checker: &Checker,
    ci: &CiArgs,
    config: &Config,
    input: &Input,
    doc: &Document,
    matcher: Option<&SourceMatcher>,
    run_scope: bool,
) -> Result<DocResult, Box<Diagnostic>> {
    let format = super::ci::input_format(ci, config, input);
    let Some(matcher) = matcher.filter(|_| matches!(format, InputFormat::Xliff | InputFormat::Po))
    else {
        return super::ci::check_doc(checker, ci, config, input, doc, run_scope);
    };
    let mut checked = check_bilingual(checker, matcher, doc, format)
        .map_err(|e| Box::new(e.to_diagnostic(doc)))?;
    config.severity.apply(&mut checked.findings);
    Ok(DocResult {
        findings: checked.findings,
        diagnostics: checked.diagnostics,
        tally: None,
    })
}
