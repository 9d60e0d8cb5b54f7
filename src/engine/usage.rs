//! The terminology usage table behind `termcheck report`: for each term,
//! every rendering found (approved, variant, derived, wrongly cased,
//! near-miss, hidden characters) with its count and files; and for each
//! unlisted word spelled several ways, its spellings. With a source text
//! (`report --source`), also how often the source mentions each term, as
//! written there, and in how many segments the translation renders it
//! nowhere.

use std::collections::{BTreeMap, HashSet};

use crate::checks::{Checker, Context, Tally};
use crate::engine::CheckedFile;
use crate::finding::{Finding, Kind, Span};
use crate::glossary::{FormKind, TermRef};
use crate::report::usage::{
    GroupUsage, PairInfo, RenderingUsage, SourceUsage, TermUsage, UsageTable, WrittenUsage,
};
use crate::source::PairPlan;
use crate::text::{Document, fold};

type Renderings = BTreeMap<(String, &'static str), (usize, Vec<usize>)>;

/// What a source text says about one term.
#[derive(Debug, Default)]
struct SourceTally {
    /// Spelling as written (equivalences applied, case kept) -> count.
    written: BTreeMap<String, usize>,
    /// `missing` findings in the target.
    missing: usize,
}

/// A flagged match of a form (not an approved one), counted if the
/// document's final findings still flag it.
#[derive(Debug)]
struct Hit {
    term: TermRef,
    span: Span,
    text: String,
    kind: &'static str,
}

/// What [`Observed::window`] took from one document: approved renderings
/// counted as they come, flagged ones kept until the final findings are
/// known.
#[derive(Debug, Default)]
pub struct Observed {
    approved: BTreeMap<(TermRef, String, &'static str), usize>,
    flagged: Vec<Hit>,
}

impl Observed {
    /// Takes what one checked piece (the whole document, or a window of a
    /// long one) shows of term usage, inside the engine's pipeline
    /// ([`super::Engine::check_document_observed`]): every match of every
    /// form.
    pub fn window(&mut self, cx: &Context<'_>, found: &[Finding]) {
        let cased: HashSet<Span> = found
            .iter()
            .filter(|f| f.kind == Kind::Case)
            .map(|f| f.span)
            .collect();
        for (_, m) in cx.matches() {
            let kind = if cased.contains(&m.span) {
                "case"
            } else {
                match (m.kind, &m.derived) {
                    (FormKind::Preferred, _) => "preferred",
                    (FormKind::Admitted(_), _) => "admitted",
                    (FormKind::Avoid(_), _) => "avoid",
                    (_, Some(_)) => "derived",
                    _ => "variant",
                }
            };
            let text = shown(cx.text(m.base));
            if matches!(kind, "preferred" | "admitted") {
                *self.approved.entry((m.term, text, kind)).or_default() += 1;
            } else {
                self.flagged.push(Hit {
                    term: m.term,
                    span: m.span,
                    text,
                    kind,
                });
            }
        }
    }
}

/// Collects usage over the files of a run, one document at a time.
#[derive(Debug, Default)]
pub struct UsageCollector {
    files: Vec<String>,
    terms: BTreeMap<TermRef, Renderings>,
    unlisted: Tally,
    pair: Option<PairInfo>,
    sources: BTreeMap<TermRef, SourceTally>,
}

impl UsageCollector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a document checked by
    /// [`super::Engine::check_document_observed`]: approved renderings as
    /// observed, everything flagged only where the document's final
    /// findings (after suppressions and severity overrides) still flag it,
    /// so the table counts what `check` reports, and its unlisted
    /// spellings.
    pub fn add(
        &mut self,
        set: &crate::glossary::GlossarySet,
        checked: &mut CheckedFile,
        observed: Observed,
    ) {
        let findings = &checked.findings;
        let file = self.files.len();
        self.files.push(checked.doc.path.clone());
        let flagged: HashSet<Span> = findings.iter().map(|f| f.span).collect();
        let mut hits: Vec<(TermRef, String, &'static str, usize)> = observed
            .approved
            .into_iter()
            .map(|((term, text, kind), n)| (term, text, kind, n))
            .collect();
        for h in observed.flagged {
            if flagged.contains(&h.span) {
                hits.push((h.term, h.text, h.kind, 1));
            }
        }
        for f in findings {
            let kind = match f.kind {
                Kind::NearMiss => "near-miss",
                Kind::MixedScript => "mixed-script",
                Kind::Missing => {
                    if let Some(r) = set.find_id(&f.term_id) {
                        self.sources.entry(r).or_default().missing += 1;
                    }
                    continue;
                }
                _ => continue,
            };
            if let Some(r) = set.find_id(&f.term_id) {
                hits.push((r, shown(&f.found), kind, 1));
            }
        }
        for (term, text, kind, n) in hits {
            let e = self
                .terms
                .entry(term)
                .or_default()
                .entry((text, kind))
                .or_insert((0, Vec::new()));
            e.0 += n;
            if !e.1.contains(&file) {
                e.1.push(file);
            }
        }
        let mut tally = checked.tally.take().unwrap_or_default();
        tally.set_file(file);
        self.unlisted.merge(tally);
    }

    /// Records how often the source of a `--source` pair mentions each
    /// term, as written there.
    pub fn add_source(&mut self, plan: &PairPlan, source: &Document) {
        self.pair = Some(PairInfo {
            path: source.path.clone(),
            align: plan.mode.as_str().to_owned(),
        });
        for m in &plan.mentions {
            let written = shown(source.text.get(m.span.range()).unwrap_or_default());
            *self
                .sources
                .entry(m.term)
                .or_default()
                .written
                .entry(written)
                .or_default() += 1;
        }
    }

    /// The table, terms in glossary order, renderings most frequent first.
    pub fn finish(self, checker: &Checker) -> UsageTable {
        let set = checker.glossaries();
        let files = |idx: &[usize]| -> Vec<String> {
            idx.iter()
                .filter_map(|&i| self.files.get(i).cloned())
                .collect()
        };
        let no_renderings = Renderings::new();
        let mut refs: Vec<TermRef> = self
            .terms
            .keys()
            .chain(self.sources.keys())
            .copied()
            .collect();
        refs.sort();
        refs.dedup();
        let mut terms = Vec::new();
        for r in refs {
            let renderings = self.terms.get(&r).unwrap_or(&no_renderings);
            let mut rows: Vec<RenderingUsage> = renderings
                .iter()
                .map(|((text, kind), (count, f))| RenderingUsage {
                    text: text.clone(),
                    kind: (*kind).to_owned(),
                    count: *count,
                    files: files(f),
                })
                .collect();
            rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
            let source = self.pair.as_ref().map(|_| {
                let tally = self.sources.get(&r);
                let mut written: Vec<WrittenUsage> = tally
                    .map(|t| {
                        t.written
                            .iter()
                            .map(|(text, &count)| WrittenUsage {
                                text: text.clone(),
                                count,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                written.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
                SourceUsage {
                    mentions: written.iter().map(|w| w.count).sum(),
                    written,
                    missing: tally.map_or(0, |t| t.missing),
                }
            });
            terms.push(TermUsage {
                term_id: set.qualified_id(r).to_owned(),
                preferred: set.term(r).preferred.text.clone(),
                source,
                renderings: rows,
            });
        }
        let unlisted = self
            .unlisted
            .conflicts()
            .into_iter()
            .map(|(g, key, forms)| GroupUsage {
                key: crate::checks::consistency::display_key(key).to_owned(),
                group: g.label().to_owned(),
                renderings: forms
                    .into_iter()
                    .map(|(text, s)| RenderingUsage {
                        text: text.to_owned(),
                        kind: "unlisted".to_owned(),
                        count: s.count,
                        files: files(&s.files),
                    })
                    .collect(),
            })
            .collect();
        UsageTable {
            files: self.files.len(),
            source: self.pair,
            terms,
            unlisted,
        }
    }
}

/// A rendering as shown: the equivalences applied, case kept.
fn shown(s: &str) -> String {
    fold(s, 0, false).text.trim().to_owned()
}
