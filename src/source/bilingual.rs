//! Bilingual files (XLIFF 1.2/2.x, gettext PO): each unit's source text
//! against its own translation, in the same file.
//!
//! The format readers in [`crate::formats`] give every unit's source spans
//! and target extent; this module finds the `source` forms in each unit's
//! source and hands the expected terms to [`MissingCheck`], which runs
//! after the usual checks on the target regions, so suppressions, escapes
//! and fixes work exactly as for a monolingual check of the same file.
//!
//! A glossary's terms are expected only in units whose declared languages
//! agree with it: the file's source language (XLIFF `srcLang` /
//! `source-language`, PO `X-Source-Language`) with the glossary's
//! `source_language`, and the file's target language (XLIFF `trgLang` /
//! `target-language`, PO `Language`) with the glossary's `language`. A
//! language the file does not declare is assumed to agree.

use std::sync::Arc;

use super::{SourceMatcher, expect};
use crate::checks::{Checker, Expected, MissingCheck};
use crate::finding::Span;
use crate::finding::diagnostic::Diagnostic;
use crate::formats::{Extracted, Language, Unit};
use crate::glossary::Glossary;
use crate::text::Document;

/// The `missing` check of a bilingual document: a `missing` finding where
/// a unit's source mentions a term that its target renders with no
/// approved form (and no other finding for the term). It runs after the
/// usual checks on the target regions, so suppressions, escapes and fixes
/// work exactly as for a monolingual check of the same file. Units
/// without a translation (no target, or only white space) are skipped. The
/// warning diagnostic says when a declared language keeps a glossary's
/// terms from being expected.
pub fn missing_check(
    checker: &Checker,
    matcher: &SourceMatcher,
    doc: &Document,
    ex: &Extracted,
) -> (MissingCheck, Option<Diagnostic>) {
    let glossaries = checker.glossaries().glossaries();
    let mut expected: Vec<(Span, Vec<Expected>)> = Vec::new();
    let mut mismatch: Option<Mismatch<'_>> = None;
    for unit in &ex.units {
        let Some(target) = unit.target else { continue };
        if doc
            .text
            .get(target.range())
            .is_none_or(|t| t.trim().is_empty())
        {
            continue;
        }
        let mut per_term: Vec<Expected> = Vec::new();
        for &span in &unit.source {
            for m in matcher.find_decoding(&doc.text, span, ex.refs) {
                let Some(g) = glossaries.get(m.term.glossary) else {
                    continue;
                };
                match disagreement(unit, g) {
                    Some(found) => {
                        mismatch.get_or_insert(found);
                    }
                    None => expect(&mut per_term, doc, &m),
                }
            }
        }
        if !per_term.is_empty() {
            expected.push((target, per_term));
        }
    }
    if mismatch.is_none() {
        // No mention was dropped, but the languages may still rule a
        // glossary out (its forms then never match): say so once.
        mismatch = ex.units.iter().find_map(|u| {
            glossaries
                .iter()
                .filter(|g| g.terms.iter().any(|t| !t.source.is_empty()))
                .find_map(|g| disagreement(u, g))
        });
    }
    (
        MissingCheck::new(expected, false),
        mismatch.map(|m| m.diagnostic(doc)),
    )
}

/// A declared language that keeps a glossary's terms from being expected.
struct Mismatch<'a> {
    glossary: &'a Glossary,
    declared: &'a Language,
    /// `source_language` or `language`.
    field: &'static str,
    wanted: &'a str,
}

impl Mismatch<'_> {
    fn diagnostic(&self, doc: &Document) -> Diagnostic {
        let src: Arc<str> = Arc::from(doc.text.as_str());
        let side = if self.field == "language" {
            "target"
        } else {
            "source"
        };
        Diagnostic::warning(
            "language-mismatch",
            &doc.path,
            &src,
            self.declared.span,
            format!(
                "`missing` is not checked against glossary `{}`: this file's {side} language is `{}`, the glossary's `{}` is `{}`",
                self.glossary.name, self.declared.tag, self.field, self.wanted
            ),
        )
        .with_help(
            "the other checks still ran; use a glossary written for this language pair, or fix the declared language",
        )
    }
}

/// Why `g`'s terms are not expected in `unit`, if they are not.
fn disagreement<'a>(unit: &'a Unit, g: &'a Glossary) -> Option<Mismatch<'a>> {
    if let (Some(declared), Some(wanted)) = (&unit.source_language, &g.source_language)
        && !declared.same_as(wanted)
    {
        return Some(Mismatch {
            glossary: g,
            declared,
            field: "source_language",
            wanted,
        });
    }
    if let Some(declared) = &unit.target_language
        && !declared.same_as(&g.language)
    {
        return Some(Mismatch {
            glossary: g,
            declared,
            field: "language",
            wanted: &g.language,
        });
    }
    None
}

#[cfg(test)]
mod tests;
