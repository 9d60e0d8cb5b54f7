//! One document through the checks: extract the format's prose, pair it
//! with its source where there is one, match and check (in windows when
//! long), then suppressions, escaped fixes and severity overrides.

use super::Engine;
use super::run::FileOutcome;
use crate::checks::{Check, Context, Tally};
use crate::error::Error;
use crate::finding::diagnostic::Diagnostic;
use crate::finding::{Finding, Span};
use crate::formats::suppress;
use crate::formats::{self, Extracted, InputFormat};
use crate::source::missing_check;
use crate::text::{CharRefs, Document};

/// One document, checked.
#[derive(Debug)]
pub struct CheckedFile {
    /// The document as read.
    pub doc: Document,
    /// The format it was read as.
    pub format: InputFormat,
    /// Findings left after suppressions, severity overrides and the
    /// baseline, in the contract's order.
    pub findings: Vec<Finding>,
    /// How many findings inline directives suppressed.
    pub suppressed: usize,
    /// How many findings the baseline recorded.
    pub baselined: usize,
    /// Warnings about the document (unknown ids in suppression comments,
    /// a declared language that rules a glossary out).
    pub diagnostics: Vec<Diagnostic>,
    /// The spellings the run-scoped consistency pass merges across files.
    pub(crate) tally: Option<Tally>,
}

impl Engine {
    /// Checks a decoded document read as `format`.
    pub fn check_document(&self, doc: Document, format: InputFormat) -> FileOutcome {
        self.checked(doc, format, &mut |_, _| (), self.run_scope)
    }

    /// [`Engine::check_document`], also handing each checked piece's
    /// context and its unsuppressed findings to `observe` (the usage table
    /// counts approved forms there): the whole document, or each window of
    /// a long one, in text order. The checked file keeps the document's
    /// spellings in any consistency scope, for
    /// [`super::usage::UsageCollector::add`].
    pub fn check_document_observed(
        &self,
        doc: Document,
        format: InputFormat,
        mut observe: impl FnMut(&Context<'_>, &[Finding]),
    ) -> FileOutcome {
        self.checked(doc, format, &mut observe, true)
    }

    /// The findings [`Engine::check_document`] gives for `doc`, which the
    /// caller keeps (`--fix` checks each fixed text again).
    pub fn findings_of(&self, doc: &Document, format: InputFormat) -> Result<Vec<Finding>, Error> {
        self.pipeline(doc, format, &mut |_, _| (), false)
            .map(|(stage, _)| stage.findings)
    }

    fn checked(
        &self,
        doc: Document,
        format: InputFormat,
        observe: &mut dyn FnMut(&Context<'_>, &[Finding]),
        run_tally: bool,
    ) -> FileOutcome {
        match self.pipeline(&doc, format, observe, run_tally) {
            Ok((checked, tally)) => FileOutcome::Checked(Box::new(CheckedFile {
                doc,
                format,
                findings: checked.findings,
                suppressed: checked.suppressed,
                baselined: 0,
                diagnostics: checked.diagnostics,
                tally,
            })),
            Err(e) => FileOutcome::Failed(e),
        }
    }

    fn pipeline(
        &self,
        doc: &Document,
        format: InputFormat,
        observe: &mut dyn FnMut(&Context<'_>, &[Finding]),
        run_tally: bool,
    ) -> Result<(Stage, Option<Tally>), Error> {
        let ex = formats::extract(format, doc)
            .map_err(|e| Error::Format(Box::new(e.to_diagnostic(doc))))?;
        let mut regions = formats::without_urls(&doc.text, &ex.regions);
        let mut diagnostics = Vec::new();
        // The `missing` check of `--source` or of a bilingual file's own
        // source text runs after the others and sees their findings.
        let pair;
        let bilingual;
        let extra: Vec<&dyn Check> = if let Some(plan) = &self.source {
            pair = plan.plan(doc)?;
            regions = intersect(&regions, &pair.regions);
            vec![&pair.missing]
        } else if let Some(matcher) = format.is_bilingual().then(|| self.bilingual()).flatten() {
            let (missing, warning) = missing_check(&self.checker, matcher, doc, &ex);
            diagnostics.extend(warning);
            bilingual = missing;
            vec![&bilingual]
        } else {
            Vec::new()
        };
        let (mut findings, tally) = self
            .checker
            .check_regions_observed(doc, &regions, ex.refs, &extra, observe, run_tally);
        let suppressed = suppress::apply(doc, &ex.directives, &mut findings);
        escape_fixes(ex.refs, &mut findings);
        self.config.severity.apply(&mut findings);
        diagnostics.extend(self.directive_warnings(doc, &ex));
        Ok((
            Stage {
                findings,
                suppressed,
                diagnostics,
            },
            tally,
        ))
    }

    /// Warnings about suppression comments: unknown term ids, unknown
    /// directives.
    fn directive_warnings(&self, doc: &Document, ex: &Extracted) -> Vec<Diagnostic> {
        let set = self.checker.glossaries();
        let ids: Vec<&str> = set.terms().map(|(r, _)| set.qualified_id(r)).collect();
        let mut out =
            suppress::unknown_ids(doc, &ex.directives, &ids, |id| set.find_id(id).is_some());
        out.extend(
            ex.unknown
                .iter()
                .map(|(word, span)| suppress::unknown_directive(doc, word, *span)),
        );
        out
    }
}

/// What the pipeline hands back before the document is moved into the
/// report.
struct Stage {
    findings: Vec<Finding>,
    suppressed: usize,
    diagnostics: Vec<Diagnostic>,
}

/// Replacement text must be written the way the format writes text.
fn escape_fixes(refs: CharRefs, findings: &mut [Finding]) {
    let escape: fn(&str) -> String = match refs {
        CharRefs::Xml | CharRefs::Html => |s| quick_xml::escape::partial_escape(s).into_owned(),
        CharRefs::PoString => |s| s.replace('\\', "\\\\").replace('"', "\\\""),
        _ => return,
    };
    for f in findings {
        if let Some(fix) = &mut f.fix {
            for e in &mut fix.edits {
                e.replacement = escape(&e.replacement);
            }
        }
    }
}

/// The parts of two sorted lists of non-overlapping spans that both cover.
pub(crate) fn intersect(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        if start < end {
            out.push(Span::new(start, end));
        }
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersect_keeps_only_common_bytes() {
        let s = |a, b| Span::new(a, b);
        assert_eq!(
            intersect(&[s(0, 10), s(20, 30)], &[s(5, 25), s(28, 40)]),
            [s(5, 10), s(20, 25), s(28, 30)]
        );
        assert!(intersect(&[s(0, 5)], &[s(5, 9)]).is_empty());
        assert!(intersect(&[], &[s(0, 9)]).is_empty());
    }
}
