//! The terminology usage table behind `termcheck report`: for each term,
//! every rendering found (approved, variant, derived, wrongly cased,
//! near-miss, hidden characters) with its count and files; and for each
//! unlisted word spelled several ways, its spellings. With a source text
//! (`report --source`), also how often the source mentions each term, as
//! written there, and in how many segments the translation renders it
//! nowhere.

use std::collections::BTreeMap;

use crate::checks::{Checker, Context, Tally, consistency};
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

/// One match of a form, as the usage table counts it.
#[derive(Debug)]
struct Hit {
    term: TermRef,
    span: Span,
    text: String,
    kind: &'static str,
}

/// What [`UsageCollector::observe`] took from one document.
#[derive(Debug, Default)]
pub struct Observed {
    hits: Vec<Hit>,
    tally: Tally,
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

    /// What one checked document shows of term usage, taken inside the
    /// engine's pipeline ([`super::Engine::check_document_observed`]):
    /// every match of every form and the unlisted spellings.
    pub fn observe(cx: &Context<'_>, found: &[Finding]) -> Observed {
        let mut hits = Vec::new();
        for (_, m) in cx.matches() {
            let kind = if found
                .iter()
                .any(|f| f.kind == Kind::Case && f.span == m.span)
            {
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
            hits.push(Hit {
                term: m.term,
                span: m.span,
                text: shown(cx.text(m.base)),
                kind,
            });
        }
        Observed {
            hits,
            tally: consistency::tally_run(cx, found),
        }
    }

    /// Records a checked document: approved renderings as observed, and
    /// everything flagged only where the document's final findings (after
    /// suppressions and severity overrides) still flag it, so the table
    /// counts what `check` reports.
    pub fn add(
        &mut self,
        set: &crate::glossary::GlossarySet,
        path: &str,
        observed: Observed,
        findings: &[Finding],
    ) {
        let file = self.files.len();
        self.files.push(path.to_owned());
        let mut hits: Vec<(TermRef, String, &'static str)> = Vec::new();
        for h in observed.hits {
            let approved = matches!(h.kind, "preferred" | "admitted");
            if approved || findings.iter().any(|f| f.span == h.span) {
                hits.push((h.term, h.text, h.kind));
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
                hits.push((r, shown(&f.found), kind));
            }
        }
        for (term, text, kind) in hits {
            let e = self
                .terms
                .entry(term)
                .or_default()
                .entry((text, kind))
                .or_insert((0, Vec::new()));
            e.0 += 1;
            if !e.1.contains(&file) {
                e.1.push(file);
            }
        }
        let mut tally = observed.tally;
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
