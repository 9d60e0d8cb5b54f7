//! The terminology usage table behind `termcheck report`: for each term,
//! every rendering found (approved, variant, derived, wrongly cased,
//! near-miss, hidden characters) with its count and files; and for each
//! unlisted word spelled several ways, its spellings. With a source text
//! (`report --source`), also how often the source mentions each term, as
//! written there, and in how many segments the translation renders it
//! nowhere.

use std::collections::BTreeMap;

use crate::checks::{Check, Checker, Tally, consistency};
use crate::finding::{Finding, Kind, Span};
use crate::glossary::{FormKind, TermRef};
use crate::report::usage::{
    GroupUsage, PairInfo, RenderingUsage, SourceUsage, TermUsage, UsageTable, WrittenUsage,
};
use crate::source::PairPlan;
use crate::text::{CharRefs, Document, fold};

type Renderings = BTreeMap<(String, &'static str), (usize, Vec<usize>)>;

/// What a source text says about one term.
#[derive(Debug, Default)]
struct SourceTally {
    /// Spelling as written (equivalences applied, case kept) -> count.
    written: BTreeMap<String, usize>,
    /// `missing` findings in the target.
    missing: usize,
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

    /// Checks `doc` and records what it uses. Returns its findings.
    pub fn add(&mut self, checker: &Checker, doc: &Document) -> Vec<Finding> {
        let body = Span::new(doc.body_start(), doc.text.len());
        self.record(checker, doc, &[body], &[])
    }

    /// Checks `target` against its `source` as `plan` pairs them (see
    /// [`crate::source::plan_pair`]) and records, besides the target's
    /// renderings, every source mention of each term and the `missing`
    /// findings. Returns the target's findings, `missing` included.
    pub fn add_pair(
        &mut self,
        checker: &Checker,
        plan: &PairPlan,
        source: &Document,
        target: &Document,
    ) -> Vec<Finding> {
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
        let findings = self.record(checker, target, &plan.regions, &[&plan.missing]);
        let set = checker.glossaries();
        for f in findings.iter().filter(|f| f.kind == Kind::Missing) {
            if let Some(r) = set.find_id(&f.term_id) {
                self.sources.entry(r).or_default().missing += 1;
            }
        }
        findings
    }

    fn record(
        &mut self,
        checker: &Checker,
        doc: &Document,
        regions: &[Span],
        extra: &[&dyn Check],
    ) -> Vec<Finding> {
        let file = self.files.len();
        self.files.push(doc.path.clone());
        let (findings, (hits, mut tally)) =
            checker.check_regions_then(doc, regions, CharRefs::None, extra, |cx, found| {
                let mut hits: Vec<(TermRef, String, &'static str)> = Vec::new();
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
                    hits.push((m.term, shown(cx.text(m.base)), kind));
                }
                for f in found {
                    let kind = match f.kind {
                        Kind::NearMiss => "near-miss",
                        Kind::MixedScript => "mixed-script",
                        _ => continue,
                    };
                    if let Some(r) = cx.set.find_id(&f.term_id) {
                        hits.push((r, shown(&f.found), kind));
                    }
                }
                (hits, consistency::tally_run(cx, found))
            });
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
        tally.set_file(file);
        self.unlisted.merge(tally);
        findings
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
                key: key.to_owned(),
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
