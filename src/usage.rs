//! The terminology usage table behind `termcheck report`: for each term,
//! every rendering found (approved, variant, derived, wrongly cased,
//! near-miss, hidden characters) with its count and files; and for each
//! unlisted word spelled several ways, its spellings.

use std::collections::BTreeMap;

use crate::checks::{Checker, Tally, consistency};
use crate::finding::{Finding, Kind};
use crate::glossary::{FormKind, TermRef};
use crate::report::usage::{GroupUsage, RenderingUsage, TermUsage, UsageTable};
use crate::text::{CharRefs, Document, fold};

type Renderings = BTreeMap<(String, &'static str), (usize, Vec<usize>)>;

/// Collects usage over the files of a run, one document at a time.
#[derive(Debug, Default)]
pub struct UsageCollector {
    files: Vec<String>,
    terms: BTreeMap<TermRef, Renderings>,
    unlisted: Tally,
}

impl UsageCollector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks `doc` and records what it uses. Returns its findings.
    pub fn add(&mut self, checker: &Checker, doc: &Document) -> Vec<Finding> {
        let file = self.files.len();
        self.files.push(doc.path.clone());
        let body = crate::finding::Span::new(doc.body_start(), doc.text.len());
        let (findings, (hits, mut tally)) =
            checker.check_regions_then(doc, &[body], CharRefs::None, &[], |cx, found| {
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
        let mut terms = Vec::new();
        for (r, renderings) in &self.terms {
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
            terms.push(TermUsage {
                term_id: set.qualified_id(*r).to_owned(),
                preferred: set.term(*r).preferred.text.clone(),
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
            terms,
            unlisted,
        }
    }
}

/// A rendering as shown: the equivalences applied, case kept.
fn shown(s: &str) -> String {
    fold(s, 0, false).text.trim().to_owned()
}
