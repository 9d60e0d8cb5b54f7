//! `glossary explain TERM-OR-TEXT`: which entry a term id or a phrase
//! belongs to, and why it is (or is not) reported.

use std::fmt;

use serde::Serialize;

use crate::checks::Checker;
use crate::finding::diagnostic::Location;
use crate::glossary::{FormKind, Term, TermRef};
use crate::text::{Document, fold, fold_key};

/// Why a piece of text belongs to a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "role", rename_all = "kebab-case")]
pub enum Role {
    /// The term's preferred form: never reported (except for case).
    Preferred,
    /// An admitted form: acceptable, never reported (except for case).
    Admitted,
    /// A listed variant: reported, the fix is the preferred form.
    Variant,
    /// A variant no glossary lists, derived from a listed form.
    Derived {
        /// How it was derived (from [`crate::matcher::TermMatch::derived`]).
        how: String,
    },
    /// A form matched inside one of the term's `exceptions`: not reported.
    Exception,
}

impl Role {
    /// A phrase for people.
    pub fn describe(&self) -> String {
        match self {
            Role::Preferred => "the preferred form".to_owned(),
            Role::Admitted => "an admitted form (acceptable)".to_owned(),
            Role::Variant => "a listed variant (reported)".to_owned(),
            Role::Derived { how } => format!("a derived variant ({how})"),
            Role::Exception => "inside one of the term's exceptions (not reported)".to_owned(),
        }
    }
}

/// One glossary form found in the explained phrase.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The matched text of the phrase.
    pub text: String,
    /// 1-based column (scalar values) in the phrase.
    pub column: usize,
    /// The term's qualified id.
    pub term_id: String,
    /// The form of the glossary it matched (as written there).
    pub form: String,
    /// Why.
    #[serde(flatten)]
    pub role: Role,
    /// Where the term is defined: `path:line:col`.
    pub defined_at: String,
    /// What the checker reports here: `kind (severity): message`.
    pub reported: Vec<String>,
}

/// A term as the explanation shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TermFacts {
    /// Qualified id.
    pub id: String,
    /// `path:line:col` of its `[[term]]`.
    pub defined_at: String,
    /// Preferred form.
    pub preferred: String,
    /// Admitted forms.
    pub admitted: Vec<String>,
    /// Variants.
    pub variants: Vec<String>,
    /// Exception phrases.
    pub exceptions: Vec<String>,
    /// Source forms.
    pub source: Vec<String>,
    /// Severity.
    pub severity: String,
    /// Case mode.
    pub case: String,
    /// Inflections allowed.
    pub inflections: bool,
    /// Forms to avoid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
    /// Exception rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exception_rules: Vec<String>,
    /// Dates: the term's and its forms', as `what: range`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<String>,
    /// Note.
    pub note: Option<String>,
    /// Reference.
    pub reference: Option<String>,
    /// For maintainers only (not shown by `review`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// For maintainers only (not shown by `review`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// The answer of `explain`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Explanation {
    /// The argument is a term id.
    Term {
        /// The term.
        term: Box<TermFacts>,
    },
    /// The argument is a phrase.
    Text {
        /// The phrase.
        text: String,
        /// Every glossary form in it.
        hits: Vec<Hit>,
        /// When nothing matched: the closest forms, as `form (term-id)`.
        closest: Vec<String>,
    },
}

/// The human text of `glossary explain` (also shown by `review`'s `g` key).
impl fmt::Display for Explanation {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Explanation::Term { term: t } => {
                writeln!(out, "term `{}` ({})", t.id, t.defined_at)?;
                writeln!(out, "  preferred:  {}", t.preferred)?;
                for (k, v) in [
                    ("admitted", &t.admitted),
                    ("variants", &t.variants),
                    ("avoid", &t.avoid),
                    ("exceptions", &t.exceptions),
                    ("rules", &t.exception_rules),
                    ("dates", &t.dates),
                    ("source", &t.source),
                    ("tags", &t.tags),
                ] {
                    if !v.is_empty() {
                        writeln!(out, "  {:<11} {}", format!("{k}:"), v.join(" | "))?;
                    }
                }
                writeln!(
                    out,
                    "  settings:   severity {}, case {}, inflections {}",
                    t.severity,
                    t.case,
                    if t.inflections { "on" } else { "off" }
                )?;
                if let Some(n) = &t.note {
                    writeln!(out, "  note:       {n}")?;
                }
                if let Some(r) = &t.reference {
                    writeln!(out, "  reference:  {r}")?;
                }
                if let Some(r) = &t.rationale {
                    writeln!(out, "  rationale:  {r}")?;
                }
                for s in &t.sources {
                    writeln!(out, "  source of:  {s}")?;
                }
            }
            Explanation::Text {
                text,
                hits,
                closest,
            } => {
                if hits.is_empty() {
                    writeln!(out, "{text:?}: no glossary form matches")?;
                    if !closest.is_empty() {
                        writeln!(out, "  closest: {}", closest.join(", "))?;
                    }
                }
                for h in hits {
                    writeln!(
                        out,
                        "{:?} (column {}): term `{}` ({}), form {:?}: {}",
                        h.text,
                        h.column,
                        h.term_id,
                        h.defined_at,
                        h.form,
                        h.role.describe()
                    )?;
                    if h.reported.is_empty() {
                        writeln!(out, "  not reported")?;
                    }
                    for r in &h.reported {
                        writeln!(out, "  reported: {r}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

fn defined_at(checker: &Checker, r: TermRef) -> String {
    let set = checker.glossaries();
    let g = &set.glossaries()[r.glossary];
    let term = set.term(r);
    let loc = Location::new(&g.path, &g.source_text, term.span.unwrap_or_default());
    format!("{}:{}:{}", loc.path, loc.line, loc.column)
}

fn facts(checker: &Checker, r: TermRef, t: &Term) -> TermFacts {
    let texts = |v: &[crate::glossary::Form]| v.iter().map(|f| f.text.clone()).collect();
    TermFacts {
        id: checker.glossaries().qualified_id(r).to_owned(),
        defined_at: defined_at(checker, r),
        preferred: t.preferred.text.clone(),
        admitted: texts(&t.admitted),
        variants: texts(&t.variants),
        exceptions: texts(&t.exceptions),
        source: texts(&t.source),
        severity: t.severity.as_str().to_owned(),
        case: t.case.as_str().to_owned(),
        inflections: t.inflections,
        avoid: texts(&t.avoid),
        exception_rules: t
            .exception_rules
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect(),
        dates: std::iter::once(("term".to_owned(), t.valid))
            .chain(t.forms().map(|(_, f)| (format!("{:?}", f.text), f.valid)))
            .filter(|(_, v)| !v.is_always())
            .map(|(what, v)| format!("{what} {}", v.describe()))
            .collect(),
        note: t.note.clone(),
        reference: t.reference.clone(),
        rationale: t.rationale.clone(),
        sources: t.sources.clone(),
        tags: t.tags.clone(),
    }
}

impl Explanation {
    /// The explanation without maintainer-only facts (`rationale`,
    /// `sources`), for editors (`review`).
    pub fn for_editors(mut self) -> Self {
        if let Explanation::Term { term } = &mut self {
            term.rationale = None;
            term.sources.clear();
        }
        self
    }
}

/// Explains a term id or a phrase.
pub fn explain(checker: &Checker, arg: &str) -> Explanation {
    let set = checker.glossaries();
    if let Some(r) = set.find_id(arg.trim()) {
        return Explanation::Term {
            term: Box::new(facts(checker, r, set.term(r))),
        };
    }
    let doc = Document::new("explain", arg.to_owned());
    let folded = fold(&doc.text, 0, true);
    let matches = checker.matcher().find_all(&doc.text, &folded);
    let findings = checker.check(&doc);
    let mut hits = Vec::new();
    for m in &matches {
        let term = set.term(m.term);
        let id = set.qualified_id(m.term).to_owned();
        let role = if checker.matcher().in_exception(m, &folded) {
            Role::Exception
        } else if let Some(how) = &m.derived {
            Role::Derived {
                how: how.to_string(),
            }
        } else {
            match m.kind {
                FormKind::Preferred => Role::Preferred,
                FormKind::Admitted(_) => Role::Admitted,
                FormKind::Variant(_) | FormKind::Avoid(_) => Role::Variant,
            }
        };
        let reported = findings
            .iter()
            .filter(|f| *f.term_id == *id && f.span.overlaps(m.span))
            .map(|f| format!("{} ({}): {}", f.kind, f.severity, f.message))
            .collect();
        hits.push(Hit {
            text: doc.text[m.span.range()].to_owned(),
            column: doc.line_col(m.span.start).column,
            term_id: id,
            form: term.form(m.kind).text.clone(),
            role,
            defined_at: defined_at(checker, m.term),
            reported,
        });
    }
    let closest = if hits.is_empty() {
        closest_forms(checker, arg)
    } else {
        Vec::new()
    };
    Explanation::Text {
        text: arg.to_owned(),
        hits,
        closest,
    }
}

/// The three forms closest to `text` (normalized Levenshtein over the
/// folded forms), as `form (term-id, kind)`.
fn closest_forms(checker: &Checker, text: &str) -> Vec<String> {
    let set = checker.glossaries();
    let key = fold_key(text);
    let mut scored: Vec<(f64, String)> = Vec::new();
    for (r, term) in set.terms() {
        for (kind, form) in term.forms() {
            let score = strsim::normalized_levenshtein(&key, &fold_key(&form.text));
            if score >= 0.5 {
                scored.push((
                    score,
                    format!(
                        "`{}` ({} form of `{}`)",
                        form.text,
                        kind.label(),
                        set.qualified_id(r)
                    ),
                ));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{GlossarySet, parse};

    fn checker() -> Checker {
        let text = "[glossary]\nname = \"T\"\nlanguage = \"en\"\n\
            [[term]]\nid = \"kyiv\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\nexceptions = [\"Chicken Kiev\"]\n\
            [[term]]\nid = \"osce\"\npreferred = \"Organization for Security and Co-operation in Europe\"\nadmitted = [\"OSCE\"]\n";
        let g = parse("t.toml", text).glossary.unwrap();
        Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap()
    }

    #[test]
    fn explain_shows_rationale_and_sources_to_maintainers_only() {
        let text = "[glossary]\nname = \"T\"\nlanguage = \"en\"\n\
            [[term]]\nid = \"turkiye\"\npreferred = \"Türkiye\"\n\
            variants = [{ form = \"Turkey\", valid_from = \"2022-06-01\" }]\n\
            avoid = [\"Turkish Republic\"]\nexception_rules = [\"in-quotation\"]\n\
            note = \"Write 'Türkiye'.\"\nrationale = \"UN note of 1 June 2022.\"\nsources = [\"UNTERM\"]\n";
        let g = parse("t.toml", text).glossary.unwrap();
        let c = Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap();
        let shown = explain(&c, "turkiye").to_string();
        for want in [
            "rationale:  UN note of 1 June 2022.",
            "source of:  UNTERM",
            "dates:      \"Turkey\" from 2022-06-01",
            "avoid:      Turkish Republic",
            "rules:      in-quotation",
        ] {
            assert!(shown.contains(want), "{want} not in {shown}");
        }
        let editors = explain(&c, "turkiye").for_editors().to_string();
        assert!(
            !editors.contains("UN note") && !editors.contains("UNTERM"),
            "{editors}"
        );
        assert!(editors.contains("Write 'Türkiye'."));
    }

    fn roles(arg: &str) -> Vec<(String, Role)> {
        match explain(&checker(), arg) {
            Explanation::Text { hits, .. } => {
                hits.into_iter().map(|h| (h.term_id, h.role)).collect()
            }
            Explanation::Term { .. } => panic!("expected text"),
        }
    }

    #[test]
    fn term_id() {
        match explain(&checker(), "kyiv") {
            Explanation::Term { term } => {
                assert_eq!(&*term.preferred, "Kyiv");
                assert_eq!(term.defined_at, "t.toml:4:1");
            }
            Explanation::Text { .. } => panic!("expected a term"),
        }
    }

    #[test]
    fn phrase_roles() {
        assert_eq!(roles("talks in Kiev"), [("kyiv".to_owned(), Role::Variant)]);
        assert_eq!(roles("the OSCE"), [("osce".to_owned(), Role::Admitted)]);
        assert_eq!(roles("Kyiv"), [("kyiv".to_owned(), Role::Preferred)]);
        assert_eq!(
            roles("ate Chicken Kiev"),
            [("kyiv".to_owned(), Role::Exception)]
        );
    }

    #[test]
    fn reported_and_closest() {
        match explain(&checker(), "Osce") {
            Explanation::Text { hits, .. } => assert!(hits[0].reported[0].starts_with("case")),
            Explanation::Term { .. } => panic!(),
        }
        match explain(&checker(), "Kyyiv") {
            Explanation::Text { hits, closest, .. } => {
                assert!(hits.is_empty());
                assert!(closest[0].starts_with("`Kyiv`"), "{closest:?}");
            }
            Explanation::Term { .. } => panic!(),
        }
    }
}
