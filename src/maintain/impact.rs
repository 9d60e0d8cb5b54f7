//! `glossary impact`: what a glossary change does to a corpus, as the
//! findings it adds, removes and alters.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::finding::{Finding, Span};
use crate::text::Document;

/// How one finding changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Only the new glossary reports it.
    Added,
    /// Only the old glossary reported it.
    Removed,
    /// Both report the same text, differently.
    Altered,
}

/// A finding as shown in an impact report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brief {
    /// Kind of finding.
    pub kind: String,
    /// Severity.
    pub severity: String,
    /// Term id.
    pub term_id: String,
    /// The message.
    pub message: String,
    /// The fix's replacement text, if any.
    pub fix: Option<String>,
}

impl From<&Finding> for Brief {
    fn from(f: &Finding) -> Self {
        Self {
            kind: f.kind.as_str().to_owned(),
            severity: f.severity.as_str().to_owned(),
            term_id: f.term_id.to_string(),
            message: f.message.to_string(),
            fix: f
                .fix
                .as_ref()
                .map(|x| x.edits.iter().map(|e| e.replacement.as_str()).collect()),
        }
    }
}

/// One changed finding.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Added, removed or altered.
    pub change: ChangeKind,
    /// File path.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The text found.
    pub found: String,
    /// The finding with the old glossary.
    pub old: Option<Brief>,
    /// The finding with the new glossary.
    pub new: Option<Brief>,
}

impl Change {
    /// The term the change is counted under (the new one when both exist).
    pub fn term_id(&self) -> &str {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .map_or("", |b| &*b.term_id)
    }

    /// What differs between old and new, for altered findings.
    pub fn differences(&self) -> Vec<String> {
        let (Some(o), Some(n)) = (&self.old, &self.new) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut diff = |what: &str, a: &str, b: &str| {
            if a != b {
                out.push(format!("{what} {a} -> {b}"));
            }
        };
        diff("term", &o.term_id, &n.term_id);
        diff("kind", &o.kind, &n.kind);
        diff("severity", &o.severity, &n.severity);
        diff(
            "fix",
            o.fix.as_deref().unwrap_or("(none)"),
            n.fix.as_deref().unwrap_or("(none)"),
        );
        if out.is_empty() && o.message != n.message {
            out.push(format!("message '{}' -> '{}'", o.message, n.message));
        }
        if out.is_empty() {
            out.push("note or reference".to_owned());
        }
        out
    }
}

/// Counts per term.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Findings added.
    pub added: usize,
    /// Findings removed.
    pub removed: usize,
    /// Findings altered.
    pub altered: usize,
}

/// The whole report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Impact {
    /// Files compared.
    pub files: usize,
    /// Findings with the old glossary.
    pub old_findings: usize,
    /// Findings with the new glossary.
    pub new_findings: usize,
    /// Totals.
    pub totals: Counts,
    /// Counts per term id.
    pub per_term: BTreeMap<String, Counts>,
    /// Every change, in path and position order.
    pub changes: Vec<Change>,
}

impl Impact {
    /// Adds one file's findings under both glossaries.
    pub fn add_file(&mut self, doc: &Document, old: &[Finding], new: &[Finding]) {
        self.files += 1;
        self.old_findings += old.len();
        self.new_findings += new.len();
        for c in compare(doc, old, new) {
            let counts = self.per_term.entry(c.term_id().to_owned()).or_default();
            for k in [counts, &mut self.totals] {
                match c.change {
                    ChangeKind::Added => k.added += 1,
                    ChangeKind::Removed => k.removed += 1,
                    ChangeKind::Altered => k.altered += 1,
                }
            }
            self.changes.push(c);
        }
    }
}

/// The changes between the findings of one document under the old and the
/// new glossary. Findings are paired by their span; identical ones are
/// not changes.
pub fn compare(doc: &Document, old: &[Finding], new: &[Finding]) -> Vec<Change> {
    let mut spans: BTreeMap<Span, (Vec<&Finding>, Vec<&Finding>)> = BTreeMap::new();
    for f in old {
        spans.entry(f.span).or_default().0.push(f);
    }
    for f in new {
        spans.entry(f.span).or_default().1.push(f);
    }
    let mut out = Vec::new();
    for (span, (mut o, mut n)) in spans {
        o.retain(|f| match n.iter().position(|g| g == f) {
            Some(i) => {
                n.remove(i);
                false
            }
            None => true,
        });
        let lc = doc.line_col(span.start);
        let found = doc.text[span.range()].to_owned();
        let make = |change, old: Option<&Finding>, new: Option<&Finding>| Change {
            change,
            path: doc.path.clone(),
            line: lc.line,
            column: lc.column,
            found: found.clone(),
            old: old.map(Brief::from),
            new: new.map(Brief::from),
        };
        let paired = o.len().min(n.len());
        for i in 0..paired {
            out.push(make(ChangeKind::Altered, Some(o[i]), Some(n[i])));
        }
        for f in &o[paired..] {
            out.push(make(ChangeKind::Removed, Some(f), None));
        }
        for f in &n[paired..] {
            out.push(make(ChangeKind::Added, None, Some(f)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Checker;
    use crate::glossary::{GlossarySet, parse};

    fn checker(body: &str) -> Checker {
        let text = format!("[glossary]\nname = \"T\"\nlanguage = \"en\"\n{body}");
        let g = parse("t.toml", &text).glossary.unwrap();
        Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap()
    }

    #[test]
    fn added_removed_altered() {
        let old = checker(
            "[[term]]\nid = \"kyiv\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n\
             [[term]]\nid = \"osce\"\npreferred = \"OSCE\"\nvariants = [\"O.S.C.E.\"]\n",
        );
        let new = checker(
            "[[term]]\nid = \"kyiv\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\nseverity = \"error\"\n\
             [[term]]\nid = \"lavrov\"\npreferred = \"Sergey Lavrov\"\nvariants = [\"Sergei Lavrov\"]\n",
        );
        let doc = Document::new(
            "a.txt",
            "Kiev and O.S.C.E.\nSergei Lavrov spoke.\nKyiv.".to_owned(),
        );
        let mut impact = Impact::default();
        impact.add_file(&doc, &old.check(&doc), &new.check(&doc));
        let got: Vec<_> = impact
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{:?} {}:{} {} {:?}",
                    c.change,
                    c.line,
                    c.column,
                    c.term_id(),
                    c.differences()
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "Altered 1:1 kyiv [\"severity warning -> error\"]",
                "Removed 1:10 osce []",
                "Added 2:1 lavrov []",
            ]
        );
        assert_eq!(
            impact.totals,
            Counts {
                added: 1,
                removed: 1,
                altered: 1
            }
        );
        assert_eq!(impact.per_term["kyiv"].altered, 1);
    }
}
