//! `inconsistent` findings the glossary asks for: two approved forms of a
//! `consistent = true` term, or two spellings of a `[[group]]`, used in one
//! document. The form the document uses first wins; each other form gets
//! one finding, at its first use, pointing at the first place.

use rustc_hash::FxHashMap as HashMap;

use super::{Check, Context};
use crate::finding::{Finding, Kind, Span};
use crate::glossary::{CaseMode, FormKind, GlossarySet, TermRef};
use crate::matcher::{BuildError, Matcher, MatcherBuilder};

/// Where a form was first used: its form, span and text.
struct First {
    kind: FormKind,
    span: Span,
}

/// The place of `span` for a message: "line N".
fn place(cx: &Context<'_>, span: Span) -> String {
    format!("line {}", cx.doc.line_col(span.start).line)
}

/// Approved forms of `consistent = true` terms that mix in a document.
pub struct TermConsistencyCheck;

impl Check for TermConsistencyCheck {
    fn name(&self) -> &'static str {
        "consistent-terms"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut first: HashMap<TermRef, First> = HashMap::default();
        let mut reported: Vec<(TermRef, FormKind)> = Vec::new();
        for (_, m) in cx.matches() {
            if !m.kind.is_approved() || m.expired || m.derived.is_some() {
                continue;
            }
            let term = cx.set.term(m.term);
            if !term.consistent {
                continue;
            }
            let Some(f) = first.get(&m.term) else {
                first.insert(
                    m.term,
                    First {
                        kind: m.kind,
                        span: m.span,
                    },
                );
                continue;
            };
            if f.kind == m.kind || reported.contains(&(m.term, m.kind)) {
                continue;
            }
            reported.push((m.term, m.kind));
            let first_text = cx.text(f.span);
            let first_form = &term.form(f.kind).text;
            let message = format!(
                "'{}' and '{first_text}' ({}) are both used for the same term: \
                 the text uses '{first_form}' first; keep to one",
                cx.text(m.span),
                place(cx, f.span)
            );
            let mut finding = cx.finding(m.term, Kind::Inconsistent, m.span, message, None);
            finding.preferred = first_form.clone();
            cx.date_finding(m, &mut finding);
            out.push(finding);
        }
    }
}

/// `[[group]]`: spellings that must not mix within a document. The group
/// forms are compiled into a matcher of their own (built only when a
/// glossary has groups), so they never compete with term forms.
pub struct GroupCheck {
    matcher: Matcher,
    /// `TermRef` of the group matcher -> (glossary, group).
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

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut first: HashMap<usize, First> = HashMap::default();
        let mut reported: Vec<(usize, FormKind)> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for part in cx.parts {
            for m in self.matcher.find_all(&cx.doc.text, &part.folded) {
                spans.push(m.span);
                let gi = m.term.term;
                let Some(f) = first.get(&gi) else {
                    first.insert(
                        gi,
                        First {
                            kind: m.kind,
                            span: m.span,
                        },
                    );
                    continue;
                };
                if f.kind == m.kind || reported.contains(&(gi, m.kind)) {
                    continue;
                }
                reported.push((gi, m.kind));
                let (g, k) = self.groups[gi];
                let group = &cx.set.glossaries()[g].groups[k];
                let first_text = cx.text(f.span).to_owned();
                let found = cx.text(m.span).to_owned();
                let message = format!(
                    "'{found}' and '{first_text}' ({}) are both used: the text uses \
                     '{first_text}' first; keep to one",
                    place(cx, f.span)
                );
                out.push(Finding {
                    span: m.span,
                    kind: Kind::Inconsistent,
                    severity: group.severity,
                    term_id: format!("group:{}", group.id),
                    found,
                    preferred: first_text,
                    message,
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
        if !spans.is_empty() {
            out.retain(|f| {
                !(f.kind == Kind::Inconsistent
                    && f.term_id.starts_with("unlisted:")
                    && spans.iter().any(|s| s.overlaps(f.span)))
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
        assert_eq!(f.found, "indivisibility of security");
        assert_eq!(f.span.start, text.find("indivisibility").unwrap());
        assert_eq!(f.preferred, "indivisible security");
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
        assert_eq!(found[0].found, "ceasefire");
        assert_eq!(found[0].term_id, "group:ceasefire");
        assert_eq!(found[0].preferred, "cease-fire");
        assert_eq!(found[0].note.as_deref(), Some("Pick one spelling."));
        assert!(test_findings(&c, "ceasefire, Ceasefire, CEASEFIRE").is_empty());
    }
}
