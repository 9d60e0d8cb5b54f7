//! `inconsistent` findings the glossary asks for: two approved forms of a
//! `consistent = true` term, or two spellings of a `[[group]]`, used in one
//! document. The form the document uses first wins; each other form gets
//! one finding, at its first use, pointing at the first place.

use super::{Check, Context};
use crate::finding::{Finding, Kind, Span};
use crate::glossary::{CaseMode, FormKind, GlossarySet, TermRef};
use crate::matcher::{BuildError, Matcher, MatcherBuilder};

/// The first use of each form of each consistency key (a term or a
/// group), in text order, and every group match: what one window of a
/// long document contributes. Windows merge in text order.
#[derive(Debug, Clone, Default)]
pub struct FirstUses {
    /// (key, form, span of its first use, whether the match was dated).
    uses: Vec<(usize, FormKind, Span, bool)>,
    /// Every group match (the group decides these words: no unlisted
    /// spelling finding about them).
    spans: Vec<Span>,
}

/// A key used in several forms: the key, its first use (form and span),
/// and the first use of each other form (form, span, dated).
type Conflict = (usize, (FormKind, Span), Vec<(FormKind, Span, bool)>);

impl FirstUses {
    fn note(&mut self, key: usize, kind: FormKind, span: Span, dated: bool) {
        if !self.uses.iter().any(|u| u.0 == key && u.1 == kind) {
            self.uses.push((key, kind, span, dated));
        }
    }

    /// Adds a later window's uses.
    pub fn merge(&mut self, later: FirstUses) {
        for (key, kind, span, dated) in later.uses {
            self.note(key, kind, span, dated);
        }
        self.spans.extend(later.spans);
    }

    /// For each key used in two or more forms: (key, first use, later
    /// first uses of other forms).
    fn conflicts(&self) -> Vec<Conflict> {
        let mut out: Vec<Conflict> = Vec::new();
        for &(key, kind, span, dated) in &self.uses {
            match out.iter_mut().find(|c| c.0 == key) {
                Some(c) => c.2.push((kind, span, dated)),
                None => out.push((key, (kind, span), Vec::new())),
            }
        }
        out.retain(|c| !c.2.is_empty());
        out
    }
}

/// The place of `span` for a message: "line N".
fn place(cx: &Context<'_>, span: Span) -> String {
    format!("line {}", cx.doc.line_col(span.start).line)
}

/// Approved forms of `consistent = true` terms that mix in a document.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct TermConsistencyCheck {
    /// The consistent terms; a key is an index here.
    terms: Vec<TermRef>,
}

impl TermConsistencyCheck {
    /// The check for the consistent terms of `set`, or `None` when there
    /// are none.
    pub fn new(set: &GlossarySet) -> Option<Self> {
        let terms: Vec<TermRef> = set
            .terms()
            .filter(|(_, t)| t.consistent)
            .map(|(r, _)| r)
            .collect();
        (!terms.is_empty()).then_some(Self { terms })
    }
}

impl Check for TermConsistencyCheck {
    fn name(&self) -> &'static str {
        "consistent-terms"
    }

    fn whole_document(&self) -> bool {
        true
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if let Some(uses) = self.first_uses(cx) {
            self.report_first_uses(cx, &uses, out);
        }
    }

    fn first_uses(&self, cx: &Context<'_>) -> Option<FirstUses> {
        let mut uses = FirstUses::default();
        for (_, m) in cx.matches() {
            if !m.kind.is_approved() || m.expired || m.derived.is_some() {
                continue;
            }
            if let Some(key) = self.terms.iter().position(|t| *t == m.term) {
                uses.note(key, m.kind, m.span, m.dated);
            }
        }
        Some(uses)
    }

    fn report_first_uses(&self, cx: &Context<'_>, uses: &FirstUses, out: &mut Vec<Finding>) {
        for (key, (first_kind, first_span), others) in uses.conflicts() {
            let r = self.terms[key];
            let term = cx.set.term(r);
            let first_text = cx.text(first_span);
            let first_form = &term.form(first_kind).text;
            for (_, span, dated) in others {
                let message = format!(
                    "'{}' and '{first_text}' ({}) are both used for the same term: \
                     the text uses '{first_form}' first; keep to one",
                    cx.text(span),
                    place(cx, first_span)
                );
                let mut finding = cx.finding(r, Kind::Inconsistent, span, message, None);
                finding.preferred = first_form.as_str().into();
                if dated {
                    let d = cx.date();
                    finding.message = format!("{} (document {d})", finding.message).into();
                    finding.date = Some(d);
                }
                out.push(finding);
            }
        }
    }
}

/// `[[group]]`: spellings that must not mix within a document. The group
/// forms are compiled into a matcher of their own (built only when a
/// glossary has groups), so they never compete with term forms.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct GroupCheck {
    matcher: Matcher,
    /// Key (the `term` of a group match) -> (glossary, group).
    groups: Vec<(usize, usize)>,
}

impl GroupCheck {
    /// The check for the groups of `set`, or `None` when it has none.
    pub fn new(set: &GlossarySet) -> Result<Option<Self>, BuildError> {
        let mut builder = MatcherBuilder::new();
        let mut groups = Vec::new();
        for (gi, g) in set.glossaries().iter().enumerate() {
            for (k, group) in g.groups.iter().enumerate() {
                let r = TermRef {
                    glossary: 0,
                    term: groups.len(),
                };
                groups.push((gi, k));
                for (i, form) in group.forms.iter().enumerate() {
                    builder.form(
                        r,
                        FormKind::Admitted(i),
                        &form.text,
                        form.case.unwrap_or(CaseMode::Insensitive),
                    );
                }
            }
        }
        if groups.is_empty() {
            return Ok(None);
        }
        Ok(Some(Self {
            matcher: builder.build()?,
            groups,
        }))
    }
}

impl Check for GroupCheck {
    fn name(&self) -> &'static str {
        "groups"
    }

    fn whole_document(&self) -> bool {
        true
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if let Some(uses) = self.first_uses(cx) {
            self.report_first_uses(cx, &uses, out);
        }
    }

    fn first_uses(&self, cx: &Context<'_>) -> Option<FirstUses> {
        let mut uses = FirstUses::default();
        for part in cx.parts {
            for m in self.matcher.find_all(&cx.doc.text, &part.folded) {
                uses.spans.push(m.span);
                uses.note(m.term.term, m.kind, m.span, false);
            }
        }
        Some(uses)
    }

    fn report_first_uses(&self, cx: &Context<'_>, uses: &FirstUses, out: &mut Vec<Finding>) {
        for (key, (_, first_span), others) in uses.conflicts() {
            let (g, k) = self.groups[key];
            let group = &cx.set.glossaries()[g].groups[k];
            let first_text = cx.text(first_span).to_owned();
            for (_, span, _) in others {
                let found = cx.text(span).to_owned();
                let message = format!(
                    "'{found}' and '{first_text}' ({}) are both used: the text uses \
                     '{first_text}' first; keep to one",
                    place(cx, first_span)
                );
                out.push(Finding {
                    span,
                    kind: Kind::Inconsistent,
                    severity: group.severity,
                    term_id: format!("group:{}", group.id).into(),
                    found: found.into(),
                    preferred: first_text.as_str().into(),
                    message: message.into(),
                    note: group.note.as_deref().map(Into::into),
                    reference: None,
                    fix: None,
                    source_span: None,
                    date: None,
                });
            }
        }
        // The group decides these spellings: no unlisted-spelling finding
        // about the same words.
        if !uses.spans.is_empty() {
            let mut spans = uses.spans.clone();
            spans.sort_unstable();
            out.retain(|f| {
                !(f.kind == Kind::Inconsistent && f.term_id.starts_with("unlisted:") && {
                    let i = spans.partition_point(|s| s.end <= f.span.start);
                    spans.get(i).is_some_and(|s| s.overlaps(f.span))
                })
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::{test_checker, test_findings};
    use crate::text::Document;

    const CONSISTENT: &str = r#"
[[term]]
id = "indivisible-security"
preferred = "indivisible security"
admitted = ["indivisibility of security"]
variants = ["undivided security"]
consistent = true
"#;

    #[test]
    fn mixing_approved_forms_of_a_consistent_term_is_one_finding_at_the_later_form() {
        let c = test_checker(CONSISTENT, None);
        let text = "The principle of indivisible security.\nLater, indivisibility of security \
                    and again indivisibility of security, then indivisible security.";
        let doc = Document::new("d.txt", text);
        let found = c.check(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.kind, crate::finding::Kind::Inconsistent);
        assert_eq!(&*f.found, "indivisibility of security");
        assert_eq!(f.span.start, text.find("indivisibility").unwrap());
        assert_eq!(&*f.preferred, "indivisible security");
        assert!(f.message.contains("line 1"), "{}", f.message);
        assert!(
            f.message.contains("uses 'indivisible security' first"),
            "{}",
            f.message
        );
        // One form, or a term not marked consistent: nothing.
        assert!(test_findings(&c, "indivisible security and indivisible security").is_empty());
        let plain = test_checker(&CONSISTENT.replace("consistent = true", ""), None);
        assert!(test_findings(&plain, text).is_empty());
    }

    #[test]
    fn groups_keep_the_first_spelling() {
        let body = "[[group]]\nid = \"ceasefire\"\nforms = [\"ceasefire\", \"cease-fire\"]\n\
                    note = \"Pick one spelling.\"\nseverity = \"info\"\n";
        let c = test_checker(body, None);
        let doc = Document::new(
            "d.txt",
            "A cease-fire held. The ceasefire broke. A Ceasefire.",
        );
        let found = c.check(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&*found[0].found, "ceasefire");
        assert_eq!(&*found[0].term_id, "group:ceasefire");
        assert_eq!(&*found[0].preferred, "cease-fire");
        assert_eq!(found[0].note.as_deref(), Some("Pick one spelling."));
        assert!(test_findings(&c, "ceasefire, Ceasefire, CEASEFIRE").is_empty());
    }
}
