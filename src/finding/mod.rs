//! The message vocabulary: what a check found and how to fix it.
//!
//! This module is the ground floor: it imports nothing else from the crate
//! but the leaf module [`crate::date`], so reporters and library users can
//! depend on it alone.

pub mod diagnostic;
pub mod fingerprint;
pub mod toml_check;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

pub use crate::date::{DateSource, DocDate};

/// A byte range of the ORIGINAL text, end-exclusive.
#[derive(
    serde::Serialize,
    serde::Deserialize,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range`, for slicing.
    pub const fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// True when `other` lies inside `self`.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// How serious a finding is. Ordered, so `--fail-on` is a `>=` comparison.
#[derive(
    serde::Serialize,
    serde::Deserialize,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
)]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing, never worth failing a build by default.
    Info,
    /// The default severity of a glossary term.
    #[default]
    Warning,
    /// A wrong term that must not be published.
    Error,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// The wire name (`error`, `warning`, `info`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(()),
        }
    }
}

/// What kind of problem a finding reports (the contract's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A form listed (or derived) as a variant of a term.
    Variant,
    /// An approved form written in the wrong case.
    Case,
    /// An unlisted rendering close to a term's forms.
    NearMiss,
    /// The same word or phrase spelled two ways in one scope.
    Inconsistent,
    /// A source term with no approved rendering in its translation.
    Missing,
    /// Look-alike letters from another script, or invisible characters.
    MixedScript,
    /// A form the glossary says to avoid, with no replacement.
    Avoid,
}

impl Kind {
    /// Every kind, in the order the contract lists them.
    pub const ALL: [Kind; 7] = [
        Kind::Variant,
        Kind::Case,
        Kind::NearMiss,
        Kind::Inconsistent,
        Kind::Missing,
        Kind::MixedScript,
        Kind::Avoid,
    ];

    /// The wire name, kebab-case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Variant => "variant",
            Kind::Case => "case",
            Kind::NearMiss => "near-miss",
            Kind::Inconsistent => "inconsistent",
            Kind::Missing => "missing",
            Kind::MixedScript => "mixed-script",
            Kind::Avoid => "avoid",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// One replacement of a byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// What to replace (original bytes).
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// Whether a fix may be applied without a person looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Applicability {
    /// Applied by `--fix`.
    Safe,
    /// Shown, but only applied on request.
    Unsafe,
}

/// A proposed correction: one or more edits applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Edits, sorted by start, never overlapping.
    pub edits: Vec<Edit>,
    /// Whether `--fix` applies it.
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix replacing one span.
    pub fn safe(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
            applicability: Applicability::Safe,
        }
    }
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where, in bytes of the original text.
    pub span: Span,
    /// What kind of problem.
    pub kind: Kind,
    /// How serious.
    pub severity: Severity,
    /// The term's id, qualified by glossary name where two glossaries share it.
    pub term_id: Arc<str>,
    /// The text as found (original bytes).
    pub found: Arc<str>,
    /// The approved rendering.
    pub preferred: Arc<str>,
    /// One-line human message.
    pub message: Arc<str>,
    /// The glossary's note on the term (shared by the term's findings:
    /// notes are long and a large file has many findings).
    pub note: Option<Arc<str>>,
    /// The glossary's reference (authority) for the term, shared likewise.
    pub reference: Option<Arc<str>>,
    /// The automatic fix, where one is safe.
    pub fix: Option<Fix>,
    /// For `missing`: where the term stands in the source text.
    pub source_span: Option<Box<SourceSpan>>,
    /// The document date the finding depended on (a dated term or form),
    /// and where that date came from.
    pub date: Option<DocDate>,
}

/// A place in the source text of a translation (`missing` findings). Line
/// and column are computed by the check, because printers see only the
/// target document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpan {
    /// The source file, as given on the command line.
    pub path: String,
    /// Original bytes of the source file.
    pub span: Span,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (scalar values) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end, exclusive.
    pub end_column: usize,
}

impl Finding {
    /// The contract's order inside one file: byte_start, then term id.
    pub fn sort_key(&self) -> (usize, &str, usize, Kind) {
        (self.span.start, &self.term_id, self.span.end, self.kind)
    }
}

/// One copy of each distinct string of a long document's findings.
///
/// A 1 GB file with the built-in packs gives some 30,000 findings but
/// about 600 distinct messages, ids and preferred forms: held once each,
/// the findings of a long file take a third of the memory.
#[derive(Default)]
pub(crate) struct TextPool {
    seen: rustc_hash::FxHashSet<Arc<str>>,
}

impl TextPool {
    /// Points the finding's texts at the copies already held.
    pub(crate) fn share(&mut self, f: &mut Finding) {
        for s in [
            &mut f.term_id,
            &mut f.found,
            &mut f.preferred,
            &mut f.message,
        ] {
            match self.seen.get(&**s) {
                Some(held) => *s = Arc::clone(held),
                None => {
                    self.seen.insert(Arc::clone(s));
                }
            }
        }
    }
}

/// Sorts findings into the contract's order and drops exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    // A stable sort of the findings themselves takes scratch room for all
    // of them (4.8 MB for the 30,000 findings of a 1 GB file, at the run's
    // peak); their order is worked out on 4-byte indexes instead and
    // applied in place. Ties keep their order, as in a stable sort.
    match u32::try_from(findings.len()) {
        Ok(_) => {
            let mut order: Vec<u32> = (0..findings.len() as u32).collect();
            order.sort_by(|&a, &b| {
                findings[a as usize]
                    .sort_key()
                    .cmp(&findings[b as usize].sort_key())
            });
            permute(findings, order);
        }
        Err(_) => findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key())),
    }
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// Reorders `items` so that position `i` holds what was at `order[i]`
/// (`order` is a permutation), following each cycle of the permutation
/// with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    const DONE: u32 = u32::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at] as usize;
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_for_fail_on() {
        assert!(Severity::Error > Severity::Warning);
        assert!(Severity::Warning > Severity::Info);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("fatal".parse::<Severity>().is_err());
    }

    #[test]
    fn kind_names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
        assert_eq!(Kind::NearMiss.to_string(), "near-miss");
    }

    fn finding(found: &str, message: String) -> Finding {
        Finding {
            span: Span::new(0, found.len()),
            kind: Kind::Variant,
            severity: Severity::Warning,
            term_id: "osce".into(),
            found: found.into(),
            preferred: "OSCE".into(),
            message: message.into(),
            note: None,
            reference: None,
            fix: None,
            source_span: None,
            date: None,
        }
    }

    proptest::proptest! {
        /// Sorting on indexes gives what a stable sort of the findings
        /// gives, ties (and so which duplicate is kept) included.
        #[test]
        fn sorting_on_indexes_is_a_stable_sort(
            keys in proptest::collection::vec((0usize..6, 0usize..3, 0usize..3, 0u8..2), 0..60)
        ) {
            let all: Vec<Finding> = keys
                .iter()
                .enumerate()
                .map(|(n, &(start, len, id, kind))| Finding {
                    span: Span::new(start, start + len),
                    kind: if kind == 0 { Kind::Variant } else { Kind::Case },
                    term_id: ["a", "b", "c"][id].into(),
                    ..finding("x", format!("finding {n}"))
                })
                .collect();
            let mut stable = all.clone();
            stable.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            stable.dedup_by(|a, b| a.sort_key() == b.sort_key());
            let mut ours = all;
            sort_findings(&mut ours);
            proptest::prop_assert_eq!(ours, stable);
        }
    }

    #[test]
    fn a_text_pool_keeps_one_copy_of_each_text() {
        let mut pool = TextPool::default();
        let mut a = finding("Osce", "variant of 'OSCE'".to_owned());
        let mut b = finding("Osce", "variant of 'OSCE'".to_owned());
        let mut c = finding("O.S.C.E.", "variant of 'OSCE'".to_owned());
        for f in [&mut a, &mut b, &mut c] {
            pool.share(f);
        }
        assert!(Arc::ptr_eq(&a.found, &b.found));
        assert!(!Arc::ptr_eq(&a.found, &c.found));
        for f in [&b, &c] {
            assert!(Arc::ptr_eq(&a.term_id, &f.term_id));
            assert!(Arc::ptr_eq(&a.preferred, &f.preferred));
            assert!(Arc::ptr_eq(&a.message, &f.message));
        }
        // Sharing changes no text.
        assert_eq!((&*c.found, &*c.message), ("O.S.C.E.", "variant of 'OSCE'"));
    }

    #[test]
    fn span_relations() {
        let a = Span::new(2, 8);
        assert!(a.contains(Span::new(2, 8)));
        assert!(a.contains(Span::new(3, 5)));
        assert!(!a.contains(Span::new(1, 5)));
        assert!(a.overlaps(Span::new(7, 9)));
        assert!(!a.overlaps(Span::new(8, 9)));
    }
}
