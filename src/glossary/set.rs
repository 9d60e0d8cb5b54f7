//! The glossaries of one run, checked together: no form may belong to two
//! terms (unless their date ranges do not overlap), ids shared by two
//! glossaries are qualified by glossary name, and a glossary that
//! `extends` others replaces their terms that share an id or a form.

use rustc_hash::FxHashMap as HashMap;

use super::model::{CaseMode, FormKind, Glossary, Term, slug};
use crate::date::DateRange;
use crate::finding::diagnostic::{Diagnostic, Location};
use crate::text::fold;

/// Points at one term of a [`GlossarySet`].
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub struct TermRef {
    /// Index of the glossary.
    pub glossary: usize,
    /// Index of the term in its glossary.
    pub term: usize,
}

/// All glossaries of a run, validated together.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct GlossarySet {
    glossaries: Vec<Glossary>,
    ids: Vec<Vec<String>>,
}

impl GlossarySet {
    /// Checks the glossaries together. Errors reject the set.
    pub fn new(mut glossaries: Vec<Glossary>) -> Result<Self, Vec<Diagnostic>> {
        apply_overrides(&mut glossaries);
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

    /// True when some term or group can depend on a document's date.
    pub fn is_dated(&self) -> bool {
        self.terms().any(|(_, t)| t.is_dated())
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

/// Indices of the glossaries that glossary `i` extends, directly or
/// through another: those whose `pack` or `path` its `extends` names.
fn extended_by(glossaries: &[Glossary], i: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut todo = vec![i];
    while let Some(k) = todo.pop() {
        for name in &glossaries[k].extends {
            for (j, g) in glossaries.iter().enumerate() {
                let named = g.pack.as_deref() == Some(name.as_str()) || g.path == *name;
                if named && j != i && !out.contains(&j) {
                    out.push(j);
                    todo.push(j);
                }
            }
        }
    }
    out
}

/// A glossary's terms replace the terms of the glossaries it extends that
/// have the same id or claim one of its forms (under the equivalences).
/// Layers apply top down: a term removed by an upper layer cannot remove
/// anything itself.
fn apply_overrides(glossaries: &mut [Glossary]) {
    let mut order: Vec<(usize, Vec<usize>)> = (0..glossaries.len())
        .filter(|&i| !glossaries[i].extends.is_empty())
        .map(|i| (i, extended_by(glossaries, i)))
        .collect();
    // Glossaries extended by no other come first.
    order.sort_by_key(|(i, _)| {
        (0..glossaries.len())
            .filter(|&k| k != *i && extended_by(glossaries, k).contains(i))
            .count()
    });
    for (i, bases) in order {
        let upper = &glossaries[i];
        let ids: rustc_hash::FxHashSet<String> = upper.terms.iter().map(|t| t.id.clone()).collect();
        let keys: rustc_hash::FxHashSet<String> = upper
            .terms
            .iter()
            .flat_map(|t| t.forms().map(|(_, f)| fold(f.text.trim(), 0, true).text))
            .collect();
        for j in bases {
            glossaries[j].terms.retain(|t| {
                !ids.contains(&t.id)
                    && !t
                        .forms()
                        .any(|(_, f)| keys.contains(&fold(f.text.trim(), 0, true).text))
            });
        }
    }
}

struct Claim {
    term: TermRef,
    kind: FormKind,
    cased: String,
    sensitive: bool,
    valid: DateRange,
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
                let sensitive = form.case.unwrap_or(term.case) == CaseMode::Sensitive;
                let valid = term.valid.intersect(&form.valid);
                let entry = claims.entry(key).or_default();
                let clash = entry.iter().find(|c| {
                    c.term != here
                        && !(c.sensitive && sensitive && c.cased != cased)
                        && c.valid.overlaps(&valid)
                });
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
                        valid,
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
    fn terms_of_disjoint_periods_share_a_form() {
        let body = r#"
[[term]]
id = "astana-before"
preferred = "Astana"
variants = ["Nur-Sultan"]
valid_until = "2019-03-23"
[[term]]
id = "nur-sultan"
preferred = "Nur-Sultan"
variants = ["Astana"]
valid_from = "2019-03-23"
valid_until = "2022-09-17"
[[term]]
id = "astana-after"
preferred = "Astana"
variants = ["Nur-Sultan"]
valid_from = "2022-09-17"
"#;
        assert!(GlossarySet::new(vec![g("A", body)]).is_ok());
        let overlapping =
            body.replace("valid_from = \"2022-09-17\"", "valid_from = \"2022-09-16\"");
        let err = GlossarySet::new(vec![g("A", &overlapping)]).unwrap_err();
        assert_eq!(err[0].code, "form-in-two-terms");
        // A form's own range counts too.
        let forms = g(
            "B",
            "[[term]]\nid = \"a\"\npreferred = \"Turkey\"\nvariants = [\"Türkiye\"]\n\
             [[term]]\nid = \"b\"\npreferred = \"Türkiye\"\n\
             variants = [{ form = \"Turkey\", valid_from = \"2022-06-01\" }]\n\
             valid_from = \"2022-06-01\"\n",
        );
        let err = GlossarySet::new(vec![forms]).unwrap_err();
        assert_eq!(err[0].code, "form-in-two-terms");
    }

    #[test]
    fn an_extending_glossary_replaces_terms_by_id_and_by_form() {
        let mut base = g(
            "Base",
            "[[term]]\nid = \"kyiv\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n\
             [[term]]\nid = \"lavrov\"\npreferred = \"Sergey Lavrov\"\nvariants = [\"Sergei Lavrov\"]\n\
             [[term]]\nid = \"osce\"\npreferred = \"OSCE\"\n",
        );
        base.pack = Some("base".to_owned());
        let house_text = "[glossary]\nname = \"House\"\nlanguage = \"en\"\nextends = [\"base\"]\n\
             [[term]]\nid = \"kyiv\"\npreferred = \"Kiev\"\n\
             [[term]]\nid = \"sergei\"\npreferred = \"Sergei Lavrov\"\nvariants = [\"Sergey Lavrov\"]\n";
        let house = parse("house.toml", house_text).glossary.unwrap();
        let set = GlossarySet::new(vec![base.clone(), house.clone()]).unwrap();
        let ids: Vec<_> = set
            .terms()
            .map(|(r, _)| set.qualified_id(r).to_owned())
            .collect();
        assert_eq!(ids, ["osce", "kyiv", "sergei"]);
        // Without `extends`, the same glossaries clash.
        let mut plain = house;
        plain.extends.clear();
        let err = GlossarySet::new(vec![base, plain]).unwrap_err();
        assert_eq!(err[0].code, "form-in-two-terms");
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
