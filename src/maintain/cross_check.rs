//! Glossary checks that need the matcher or the checker: warnings about
//! forms hidden inside other terms' forms, and running each term's
//! examples as tests.

use std::collections::HashMap;
use std::fmt;

use crate::checks::Checker;
use crate::finding::diagnostic::{Diagnostic, Location};
use crate::glossary::{FormKind, GlossarySet, TermRef};
use crate::text::{Document, fold_key, is_word_char};

/// Warnings that look across terms: a variant that contains another
/// term's form (whole words, under the equivalences).
pub fn warnings(set: &GlossarySet) -> Vec<Diagnostic> {
    let mut forms: HashMap<String, (TermRef, FormKind)> = HashMap::new();
    for (r, term) in set.terms() {
        for (kind, form) in term.forms() {
            forms.entry(fold_key(&form.text)).or_insert((r, kind));
        }
    }
    let lengths = key_lengths(forms.keys());
    let mut out = Vec::new();
    for (r, term) in set.terms() {
        let g = &set.glossaries()[r.glossary];
        for form in &term.variants {
            let key = fold_key(&form.text);
            let mut seen: Vec<TermRef> = Vec::new();
            for sub in word_substrings(&key, &lengths) {
                let Some(&(other, kind)) = forms.get(sub) else {
                    continue;
                };
                if other == r || seen.contains(&other) {
                    continue;
                }
                seen.push(other);
                out.push(
                    Diagnostic::warning(
                        "variant-contains-form",
                        &g.path,
                        &g.source_text,
                        form.span.or(term.span).unwrap_or_default(),
                        format!(
                            "variant `{}` of `{}` contains `{sub}`, {} form of `{}`",
                            form.text,
                            set.qualified_id(r),
                            match kind {
                                FormKind::Admitted(_) => "an admitted",
                                FormKind::Preferred => "the preferred",
                                FormKind::Variant(_) => "a variant",
                                FormKind::Avoid(_) => "an avoided",
                            },
                            set.qualified_id(other)
                        ),
                    )
                    .with_help("the longer form wins where both match; check that this is meant"),
                );
            }
        }
    }
    out
}

/// Every proper substring of `key` that starts and ends on word
/// boundaries and whose byte length is one of `lengths` (sorted): the
/// lengths of the keys it will be looked up in. Bounding by length keeps a
/// 100 KB form to its words times the distinct key lengths; all pairs of
/// its word boundaries were hundreds of millions of substrings.
pub(crate) fn word_substrings<'k>(key: &'k str, lengths: &[usize]) -> Vec<&'k str> {
    let mut is_end = vec![false; key.len() + 1];
    for (i, c) in key.char_indices() {
        let e = i + c.len_utf8();
        if is_word_char(c) && !key[e..].chars().next().is_some_and(is_word_char) {
            is_end[e] = true;
        }
    }
    let mut out = Vec::new();
    for (s, c) in key.char_indices() {
        if !is_word_char(c) || key[..s].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        for &l in lengths {
            let e = s + l;
            if e > key.len() {
                break;
            }
            if is_end[e] && (s, e) != (0, key.len()) {
                out.push(&key[s..e]);
            }
        }
    }
    out
}

/// The sorted, distinct byte lengths of `keys`.
pub(crate) fn key_lengths<'a>(keys: impl Iterator<Item = &'a String>) -> Vec<usize> {
    let mut lengths: Vec<usize> = keys.map(String::len).filter(|&l| l > 0).collect();
    lengths.sort_unstable();
    lengths.dedup();
    lengths
}

/// Whether an example is meant to be clean or flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// `examples.good`: no finding for the term.
    Good,
    /// `examples.bad`: at least one finding for the term.
    Bad,
}

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleResult {
    /// The term's qualified id.
    pub term_id: String,
    /// Where the example is written.
    pub location: Option<Location>,
    /// The sentence.
    pub sentence: String,
    /// Good or bad.
    pub kind: ExampleKind,
    /// Whether it behaved as declared.
    pub passed: bool,
    /// What was found for the term (kind and text), for messages.
    pub found: Vec<String>,
    /// What was found for other terms in the same sentence.
    pub others: Vec<String>,
    /// For a bad example: the forms that would have produced a finding.
    pub expected: Vec<String>,
}

impl fmt::Display for ExampleResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = &self.location {
            write!(f, "{}:{}:{}: ", l.path, l.line, l.column)?;
        }
        match (self.kind, self.passed) {
            (ExampleKind::Bad, false) => {
                writeln!(
                    f,
                    "term `{}`: bad example produced no finding for the term",
                    self.term_id
                )?;
                writeln!(f, "  sentence: {:?}", self.sentence)?;
                write!(f, "  expected: one of {}", self.expected.join(", "))?;
                if !self.others.is_empty() {
                    write!(f, "\n  found instead: {}", self.others.join("; "))?;
                }
                Ok(())
            }
            (ExampleKind::Good, false) => {
                writeln!(f, "term `{}`: good example was flagged", self.term_id)?;
                writeln!(f, "  sentence: {:?}", self.sentence)?;
                write!(f, "  found: {}", self.found.join("; "))
            }
            (_, true) => write!(f, "term `{}`: ok", self.term_id),
        }
    }
}

/// The document an example of `term` is checked as. A term in force only
/// between dates is tested on a document dated inside its range (stated in
/// front matter, the way a user's document would state it); other terms on
/// today's date.
fn example_document(term: &crate::glossary::Term, text: &str) -> Document {
    let dated = term.valid.from.or_else(|| {
        term.valid
            .until
            .and_then(|u| crate::date::Date::new(u.year.saturating_sub(1), 7, 1))
    });
    match dated {
        Some(d) => Document::new("example", format!("---\ndate: {d}\n---\n{text}")),
        None => Document::new("example", text.to_owned()),
    }
}

/// Runs every example of every term through the real checker.
pub fn run_examples(checker: &Checker) -> Vec<ExampleResult> {
    let set = checker.glossaries();
    let mut out = Vec::new();
    for (r, term) in set.terms() {
        let g = &set.glossaries()[r.glossary];
        let id = set.qualified_id(r);
        let cases = term
            .examples
            .good
            .iter()
            .map(|e| (ExampleKind::Good, e))
            .chain(term.examples.bad.iter().map(|e| (ExampleKind::Bad, e)));
        for (kind, example) in cases {
            let doc = example_document(term, &example.text);
            let describe = |f: &crate::finding::Finding| {
                format!(
                    "{} {:?} at column {}{}",
                    f.kind,
                    f.found,
                    doc.line_col(f.span.start).column,
                    if *f.term_id == *id {
                        String::new()
                    } else {
                        format!(" (term `{}`)", f.term_id)
                    }
                )
            };
            let all = checker.check(&doc);
            let found: Vec<String> = all
                .iter()
                .filter(|f| *f.term_id == *id)
                .map(describe)
                .collect();
            let others: Vec<String> = all
                .iter()
                .filter(|f| *f.term_id != *id)
                .map(describe)
                .collect();
            let mut expected: Vec<String> = term
                .variants
                .iter()
                .chain(&term.avoid)
                .map(|v| format!("{:?}", v.text))
                .collect();
            expected.push(format!("a mis-cased {:?}", term.preferred.text));
            let passed = match kind {
                ExampleKind::Good => found.is_empty(),
                ExampleKind::Bad => !found.is_empty(),
            };
            out.push(ExampleResult {
                term_id: id.into(),
                location: example
                    .span
                    .map(|s| Location::new(&g.path, &g.source_text, s)),
                sentence: example.text.clone(),
                kind,
                passed,
                found,
                others,
                expected,
            });
        }
    }
    out
}

/// Runs every good example of the terms of `checker` through `whole` (a
/// checker over every pack): a good example must draw no finding from any
/// term of any pack. Examples that already fail in [`run_examples`] (in
/// `own`) are not repeated.
pub fn run_good_examples_across(
    checker: &Checker,
    whole: &Checker,
    own: &[ExampleResult],
) -> Vec<ExampleResult> {
    let set = checker.glossaries();
    let mut out = Vec::new();
    for (r, term) in set.terms() {
        let g = &set.glossaries()[r.glossary];
        let id = set.qualified_id(r);
        for example in &term.examples.good {
            let failed_already = own.iter().any(|o| {
                !o.passed
                    && o.kind == ExampleKind::Good
                    && o.term_id == id
                    && o.sentence == example.text
            });
            if failed_already {
                continue;
            }
            let doc = example_document(term, &example.text);
            let found: Vec<String> = whole
                .check(&doc)
                .iter()
                .map(|f| {
                    format!(
                        "{} {:?} at column {} (term `{}`)",
                        f.kind,
                        f.found,
                        doc.line_col(f.span.start).column,
                        f.term_id
                    )
                })
                .collect();
            out.push(ExampleResult {
                term_id: id.into(),
                location: example
                    .span
                    .map(|s| Location::new(&g.path, &g.source_text, s)),
                sentence: example.text.clone(),
                kind: ExampleKind::Good,
                passed: found.is_empty(),
                found,
                others: Vec::new(),
                expected: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_examples_run_against_every_pack() {
        let g = |name: &str, body: &str| {
            let text = format!("[glossary]\nname = \"{name}\"\nlanguage = \"en\"\n{body}");
            crate::glossary::parse("t.toml", &text).glossary.unwrap()
        };
        let mine = g(
            "mine",
            "[[term]]\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n\
             examples.good = [\"Talks in Kyiv on Ivory Coast.\"]\n",
        );
        let other = g(
            "other",
            "[[term]]\npreferred = \"Côte d'Ivoire\"\nvariants = [\"Ivory Coast\"]\n",
        );
        let build = |gs| Checker::new(crate::glossary::GlossarySet::new(gs).unwrap()).unwrap();
        let checker = build(vec![mine.clone()]);
        let whole = build(vec![mine, other]);
        let own = run_examples(&checker);
        assert!(own.iter().all(|r| r.passed));
        let across = run_good_examples_across(&checker, &whole, &own);
        assert_eq!(across.len(), 1);
        assert!(!across[0].passed);
        assert!(
            across[0].found[0].contains("Ivory Coast"),
            "{:?}",
            across[0].found
        );
        assert!(across[0].to_string().contains("good example was flagged"));
    }

    #[test]
    fn substrings_on_word_boundaries() {
        let all: Vec<usize> = (1..=5).collect();
        let subs = |key| word_substrings(key, &all);
        assert_eq!(subs("nato centrism"), ["nato"]);
        assert_eq!(subs("a-b c"), ["a", "a-b", "b", "b c", "c"]);
        assert_eq!(
            word_substrings("nato centrism", &[4, 8]),
            ["nato", "centrism"]
        );
    }
}
