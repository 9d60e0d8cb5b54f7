//! Checks turn matches into findings. Each kind of check is one file
//! implementing [`Check`]; the [`Checker`] folds and matches a document
//! once and hands the same matches to every check.

mod case;
pub mod consistency;
mod missing;
mod mixed_script;
mod near_miss;
mod options;
mod variant;

pub use case::CaseCheck;
pub use consistency::{ConsistencyCheck, Scope, Tally};
pub use missing::{Expected, MissingCheck};
pub use mixed_script::MixedScriptCheck;
pub use near_miss::{DEFAULT_NEAR_MISS_THRESHOLD, NearMissCheck};
pub use options::{CheckOptions, glossary_threshold};
pub use variant::VariantCheck;

use crate::finding::{Finding, Fix, Kind, Span, sort_findings};
use crate::glossary::{GlossarySet, Term, TermRef};
use crate::matcher::{Matcher, MatcherBuilder, TermMatch};
use crate::text::{CharRefs, Document, Folded, fold_with};

/// One checked region of a document: its folded text and the matches in
/// it. Plain text has one part (the whole body); markup formats give one
/// part per text run, so matches never cross markup.
pub struct Part {
    /// The region in original bytes.
    pub span: Span,
    /// Its folded, lower-cased text (offsets map back to the original).
    pub folded: Folded,
    /// Every match of every form, in text order.
    pub matches: Vec<TermMatch>,
}

/// Everything a check may look at for one document.
pub struct Context<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The glossaries.
    pub set: &'a GlossarySet,
    /// The compiled forms.
    pub matcher: &'a Matcher,
    /// The checked regions, in text order.
    pub parts: &'a [Part],
}

impl Context<'_> {
    /// Every match of every part, with its part, in text order.
    pub fn matches(&self) -> impl Iterator<Item = (&Part, &TermMatch)> {
        self.parts
            .iter()
            .flat_map(|p| p.matches.iter().map(move |m| (p, m)))
    }

    /// The original text of a span.
    pub fn text(&self, span: Span) -> &str {
        &self.doc.text[span.range()]
    }

    /// A finding about `term`, filled with the glossary's facts.
    pub fn finding(
        &self,
        term: TermRef,
        kind: Kind,
        span: Span,
        message: String,
        fix: Option<Fix>,
    ) -> Finding {
        let t: &Term = self.set.term(term);
        Finding {
            span,
            kind,
            severity: t.severity,
            term_id: self.set.qualified_id(term).to_owned(),
            found: self.text(span).to_owned(),
            preferred: t.preferred.text.clone(),
            message,
            note: t.note.clone(),
            reference: t.reference.clone(),
            fix,
            source_span: None,
        }
    }
}

/// One kind of check.
pub trait Check: Send + Sync {
    /// Short name, for `--verbose` and docs.
    fn name(&self) -> &'static str;
    /// Appends this check's findings for one document.
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// The glossaries, their compiled matcher and the checks to run.
pub struct Checker {
    set: GlossarySet,
    matcher: Matcher,
    checks: Vec<Box<dyn Check>>,
}

impl Checker {
    /// A checker running the exact-match checks (`variant`, `case`).
    pub fn new(set: GlossarySet) -> Result<Self, crate::matcher::BuildError> {
        let matcher = MatcherBuilder::new().glossaries(&set).build()?;
        Ok(Self::with_checks(
            set,
            matcher,
            vec![Box::new(VariantCheck), Box::new(CaseCheck)],
        ))
    }

    /// A checker with a prepared matcher and a chosen list of checks.
    pub fn with_checks(set: GlossarySet, matcher: Matcher, checks: Vec<Box<dyn Check>>) -> Self {
        Self {
            set,
            matcher,
            checks,
        }
    }

    /// The glossaries.
    pub fn glossaries(&self) -> &GlossarySet {
        &self.set
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Checks the whole body of a document (after any BOM); findings come
    /// sorted in the contract's order.
    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        let body = Span::new(doc.body_start(), doc.text.len());
        self.check_regions(doc, &[body])
    }

    /// Checks only the given regions of a document (original byte spans on
    /// char boundaries, in order, not overlapping): what markup readers
    /// use to skip code, tags and attributes.
    pub fn check_regions(&self, doc: &Document, regions: &[Span]) -> Vec<Finding> {
        self.check_regions_full(doc, regions, CharRefs::None, &[])
    }

    /// Like [`Checker::check_regions`], then runs `extra` checks, which see
    /// the findings of the checker's own checks in `out` (so `missing` can
    /// stay quiet where a variant already says what is wrong).
    pub fn check_regions_with(
        &self,
        doc: &Document,
        regions: &[Span],
        extra: &[&dyn Check],
    ) -> Vec<Finding> {
        self.check_regions_full(doc, regions, CharRefs::None, extra)
    }

    /// Like [`Checker::check_regions`], decoding the markup escapes `refs`
    /// names inside the regions (`&amp;` in HTML, `\"` in a PO string)
    /// while positions still point at the escapes' original bytes.
    pub fn check_regions_decoding(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
    ) -> Vec<Finding> {
        self.check_regions_full(doc, regions, refs, &[])
    }

    /// Regions, escape decoding, and extra checks run after the checker's
    /// own.
    pub fn check_regions_full(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
        extra: &[&dyn Check],
    ) -> Vec<Finding> {
        self.check_regions_then(doc, regions, refs, extra, |_, _| ())
            .0
    }

    /// The general form: like [`Checker::check_regions_full`], then hands
    /// the context and the sorted findings to `after` (for passes that need
    /// both, such as run-scoped consistency and usage tables) and returns
    /// what it returns.
    pub fn check_regions_then<R>(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
        extra: &[&dyn Check],
        after: impl FnOnce(&Context<'_>, &[Finding]) -> R,
    ) -> (Vec<Finding>, R) {
        let parts: Vec<Part> = regions
            .iter()
            .filter_map(|&span| {
                let text = doc.text.get(span.range())?;
                let folded = fold_with(text, span.start, true, refs);
                let matches = self.matcher.find_all(&doc.text, &folded);
                Some(Part {
                    span,
                    folded,
                    matches,
                })
            })
            .collect();
        let cx = Context {
            doc,
            set: &self.set,
            matcher: &self.matcher,
            parts: &parts,
        };
        let mut out = Vec::new();
        for check in &self.checks {
            check.run(&cx, &mut out);
        }
        for check in extra {
            check.run(&cx, &mut out);
        }
        sort_findings(&mut out);
        let extra = after(&cx, &out);
        (out, extra)
    }
}

/// Gives `replacement` the case shape of `found`: ALL CAPS stays all caps,
/// a capitalized first letter stays capitalized, otherwise the glossary's
/// own spelling is kept.
pub fn transfer_case(found: &str, replacement: &str) -> String {
    let letters = || found.chars().filter(|c| c.is_alphabetic());
    let upper = letters().filter(|c| c.is_uppercase()).count();
    let total = letters().count();
    if total >= 2 && upper == total {
        return replacement.to_uppercase();
    }
    let found_first_upper = found
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if found_first_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_owned(),
    }
}

/// [`transfer_case`] for a match of the glossary form `form`: a capital
/// that the form itself starts with ("European security") is the form's
/// spelling, not a sentence start, so it is not moved onto the
/// replacement ("pan-European security", not "Pan-European security").
pub fn transfer_case_for(form: &str, found: &str, replacement: &str) -> String {
    let starts_upper = |s: &str| {
        s.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    };
    let caps = transfer_case(found, replacement);
    if starts_upper(form) && caps != replacement.to_uppercase() {
        return replacement.to_owned();
    }
    caps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capital_of_the_form_is_not_a_sentence_start() {
        let r = "pan-European security";
        assert_eq!(
            transfer_case_for("European security", "European security", r),
            r
        );
        assert_eq!(
            transfer_case_for("European security", "EUROPEAN SECURITY", r),
            "PAN-EUROPEAN SECURITY"
        );
        assert_eq!(
            transfer_case_for(
                "undivided security",
                "Undivided security",
                "indivisible security"
            ),
            "Indivisible security"
        );
    }

    #[test]
    fn case_shapes() {
        assert_eq!(
            transfer_case("indivisibility of security", "indivisible security"),
            "indivisible security"
        );
        assert_eq!(
            transfer_case("Indivisibility of security", "indivisible security"),
            "Indivisible security"
        );
        assert_eq!(
            transfer_case("INDIVISIBILITY OF SECURITY", "indivisible security"),
            "INDIVISIBLE SECURITY"
        );
        assert_eq!(
            transfer_case("sergei lavrov", "Sergey Lavrov"),
            "Sergey Lavrov"
        );
        assert_eq!(
            transfer_case("Ivory Coast", "Côte d'Ivoire"),
            "Côte d'Ivoire"
        );
    }
}
