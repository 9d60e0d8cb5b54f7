//! The glossaries of one run, checked together: no form may belong to two
//! terms, and ids shared by two glossaries are qualified by glossary name.

use rustc_hash::FxHashMap as HashMap;

use super::model::{CaseMode, FormKind, Glossary, Term, slug};
use crate::finding::diagnostic::{Diagnostic, Location};
use crate::text::fold;

/// Points at one term of a [`GlossarySet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermRef {
    /// Index of the glossary.
    pub glossary: usize,
    /// Index of the term in its glossary.
    pub term: usize,
}

/// All glossaries of a run, validated together.
#[derive(Debug, Clone, Default)]
pub struct GlossarySet {
    glossaries: Vec<Glossary>,
    ids: Vec<Vec<String>>,
}

impl GlossarySet {
    /// Checks the glossaries together. Errors reject the set.
    pub fn new(glossaries: Vec<Glossary>) -> Result<Self, Vec<Diagnostic>> {
        let errors = cross_check(&glossaries);
        if !errors.is_empty() {
            return Err(errors);
        }
        let ids = qualified_ids(&glossaries);
        Ok(Self { glossaries, ids })
    }

    /// The glossaries, in the order given.
    pub fn glossaries(&self) -> &[Glossary] {
        &self.glossaries
    }

    /// The term a reference points at.
    pub fn term(&self, r: TermRef) -> &Term {
        &self.glossaries[r.glossary].terms[r.term]
    }

    /// The id shown to users: the term's id, qualified as
    /// `glossary-name/id` where two glossaries share it.
    pub fn qualified_id(&self, r: TermRef) -> &str {
        &self.ids[r.glossary][r.term]
    }

    /// Every term with its reference.
    pub fn terms(&self) -> impl Iterator<Item = (TermRef, &Term)> {
        self.glossaries.iter().enumerate().flat_map(|(g, gl)| {
            gl.terms.iter().enumerate().map(move |(t, term)| {
                (
                    TermRef {
                        glossary: g,
                        term: t,
                    },
                    term,
                )
            })
        })
    }

    /// Number of terms in all glossaries.
    pub fn term_count(&self) -> usize {
        self.glossaries.iter().map(|g| g.terms.len()).sum()
    }

    /// Finds a term by (possibly qualified) id.
    pub fn find_id(&self, id: &str) -> Option<TermRef> {
        self.terms()
            .find(|(r, t)| self.qualified_id(*r) == id || t.id == id)
            .map(|(r, _)| r)
    }
}

fn qualified_ids(glossaries: &[Glossary]) -> Vec<Vec<String>> {
    let mut count: HashMap<&str, usize> = HashMap::default();
    for g in glossaries {
        for t in &g.terms {
            *count.entry(t.id.as_str()).or_default() += 1;
        }
    }
    glossaries
        .iter()
        .map(|g| {
            g.terms
                .iter()
                .map(|t| {
                    if count.get(t.id.as_str()).copied().unwrap_or(0) > 1 {
                        format!("{}/{}", slug(&g.name), t.id)
                    } else {
                        t.id.clone()
                    }
                })
                .collect()
        })
        .collect()
}

struct Claim {
    term: TermRef,
    kind: FormKind,
    cased: String,
    sensitive: bool,
}

/// A form that belongs to two terms (under the equivalences, and in any
/// case unless both terms are case-sensitive) is an error.
fn cross_check(glossaries: &[Glossary]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut claims: HashMap<String, Vec<Claim>> = HashMap::default();
    for (gi, g) in glossaries.iter().enumerate() {
        for (ti, term) in g.terms.iter().enumerate() {
            let here = TermRef {
                glossary: gi,
                term: ti,
            };
            for (kind, form) in term.forms() {
                let key = fold(form.text.trim(), 0, true).text;
                let cased = fold(form.text.trim(), 0, false).text;
                let sensitive = term.case == CaseMode::Sensitive;
                let entry = claims.entry(key).or_default();
                let clash = entry
                    .iter()
                    .find(|c| c.term != here && !(c.sensitive && sensitive && c.cased != cased));
                if let Some(c) = clash {
                    let other = &glossaries[c.term.glossary];
                    let other_term = &other.terms[c.term.term];
                    let other_form = other_term.form(c.kind);
                    let rel = Location::new(
                        &other.path,
                        &other.source_text,
                        other_form.span.or(other_term.span).unwrap_or_default(),
                    );
                    let d = Diagnostic::error(
                        "form-in-two-terms",
                        &g.path,
                        &g.source_text,
                        form.span.or(term.span).unwrap_or_default(),
                        format!(
                            "form `{}` of term `{}` also belongs to term `{}`{}",
                            form.text,
                            term.id,
                            other_term.id,
                            if c.term.glossary != gi {
                                format!(" of glossary `{}`", other.name)
                            } else {
                                String::new()
                            }
                        ),
                    )
                    .with_related(rel, format!("claimed here by `{}`", other_term.id))
                    .with_help("a form may belong to one term only: remove one of them");
                    errors.push(d);
                } else {
                    entry.push(Claim {
                        term: here,
                        kind,
                        cased,
                        sensitive,
                    });
                }
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::parse;

    fn g(name: &str, body: &str) -> Glossary {
        let text = format!("[glossary]\nname = \"{name}\"\nlanguage = \"en\"\n{body}");
        parse(&format!("{name}.toml"), &text).glossary.unwrap()
    }

    #[test]
    fn form_in_two_glossaries_is_an_error() {
        let a = g("A", "[[term]]\npreferred = \"OSCE\"\n");
        let b = g("B", "[[term]]\npreferred = \"x\"\nvariants = [\"Osce\"]\n");
        let err = GlossarySet::new(vec![a, b]).unwrap_err();
        assert_eq!(err[0].code, "form-in-two-terms");
        assert_eq!(err[0].location.path, "B.toml");
        assert_eq!(err[0].related.as_ref().unwrap().0.path, "A.toml");
    }

    #[test]
    fn shared_ids_are_qualified() {
        let a = g("First One", "[[term]]\nid = \"t\"\npreferred = \"alpha\"\n");
        let b = g(
            "B",
            "[[term]]\nid = \"t\"\npreferred = \"beta\"\n[[term]]\npreferred = \"gamma\"\n",
        );
        let set = GlossarySet::new(vec![a, b]).unwrap();
        let ids: Vec<_> = set
            .terms()
            .map(|(r, _)| set.qualified_id(r).to_owned())
            .collect();
        assert_eq!(ids, ["first-one/t", "b/t", "gamma"]);
        assert_eq!(
            set.find_id("gamma"),
            Some(TermRef {
                glossary: 1,
                term: 1
            })
        );
    }

    #[test]
    fn sensitive_terms_may_differ_by_case() {
        let a = g(
            "A",
            "[[term]]\nid = \"a\"\npreferred = \"US\"\ncase = \"sensitive\"\n[[term]]\nid = \"b\"\npreferred = \"us\"\ncase = \"sensitive\"\n",
        );
        assert!(GlossarySet::new(vec![a]).is_ok());
    }
}
