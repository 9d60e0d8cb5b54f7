//! Maintenance warnings on top of the contract's validation
//! ([`crate::glossary::parse`], [`crate::glossary::GlossarySet::new`]) and
//! the cross-term warnings of [`crate::maintain::cross_check::warnings`]: variants that
//! a longer approved form hides or that never match at all, forms that
//! differ only by the equivalences, ids that are not kebab-case, terms
//! without examples, misspelt tags and malformed language tags.

use std::collections::HashMap;

use crate::checks::Checker;
use crate::finding::Span;
use crate::finding::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::glossary::{FormKind, Glossary, GlossarySet, Term, TermRef, is_kebab, slug};
use crate::maintain::cross_check::{key_lengths, word_substrings};
use crate::text::{Document, fold, fold_key};

use super::spans::TomlSpans;

/// Every maintenance warning for the glossaries of `checker`.
pub fn extra_warnings(checker: &Checker) -> Vec<Diagnostic> {
    let set = checker.glossaries();
    let mut out = Vec::new();
    for (gi, g) in set.glossaries().iter().enumerate() {
        let spans = TomlSpans::parse(&g.source_text);
        language_tags(g, &spans, &mut out);
        tag_typos(g, &spans, &mut out);
        for (ti, term) in g.terms.iter().enumerate() {
            let r = TermRef {
                glossary: gi,
                term: ti,
            };
            kebab_id(g, ti, term, &spans, &mut out);
            research_in_note(g, ti, term, &spans, &mut out);
            equivalent_forms(g, term, &mut out);
            missing_examples(g, term, &mut out);
            never_matches(checker, r, &mut out);
        }
    }
    shadowed_variants(set, &mut out);
    out
}

fn warn(g: &Glossary, code: &'static str, span: Span, msg: String) -> Diagnostic {
    Diagnostic::warning(code, &g.path, &g.source_text, span, msg)
}

fn kebab_id(g: &Glossary, index: usize, term: &Term, spans: &TomlSpans, out: &mut Vec<Diagnostic>) {
    if is_kebab(&term.id) {
        return;
    }
    let Some(span) = spans.term_value(index, "id") else {
        return; // a derived id is a slug, always kebab-case
    };
    let fixed = slug(&term.id);
    let mut d = warn(
        g,
        "id-not-kebab-case",
        span,
        format!("term id `{}` is not kebab-case", term.id),
    );
    if !fixed.is_empty() {
        d = d.with_help(format!(
            "write ids in lower case with hyphens: `{fixed}` (ids appear in reports and baselines)"
        ));
    }
    out.push(d);
}

/// What research material a note cites, if any: notes are printed with
/// every finding, so corpus files, line numbers, hit counts and NOTES
/// sections belong in `rationale` or `sources`.
pub fn note_research(note: &str) -> Option<(&'static str, std::ops::Range<usize>)> {
    use std::sync::OnceLock;
    static PATTERNS: OnceLock<Vec<(&'static str, regex::Regex)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            ("a NOTES section", r"\bNOTES\b|§\s*[A-Z]?-?\d"),
            (
                "a file name",
                r"(?i)\b[\w-]+\.(?:txt|tsv|csv|md|jsonl?|xml|xlf|xliff|po|html?|toml|sgm)\b",
            ),
            ("a line number", r"\b[\w.-]*[A-Za-z][\w.-]*:\d+\b|(?i)\blines? \d+"),
            (
                "a hit count",
                r"(?i)\b\d+\s*(?:hits?|times|occurrences|matches|findings|instances)\b|\d+\s*×|['‘][^'’]{1,40}['’] \d+\b|\b(?:has|had|have) \d+ ['‘]",
            ),
        ]
        .into_iter()
        .filter_map(|(what, re)| regex::Regex::new(re).ok().map(|r| (what, r)))
        .collect()
    });
    static URL: OnceLock<Option<regex::Regex>> = OnceLock::new();
    // A URL's page name ("official_texts_25468.htm") is a reference, not
    // research: URLs are blanked (same length, so ranges still fit).
    let masked = match URL.get_or_init(|| regex::Regex::new(r"https?://\S+").ok()) {
        Some(url) => url.replace_all(note, |c: &regex::Captures<'_>| " ".repeat(c[0].len())),
        None => note.into(),
    };
    patterns
        .iter()
        .find_map(|(what, re)| re.find(&masked).map(|m| (*what, m.range())))
}

/// Notes and references are printed with every finding: neither may cite
/// research material.
fn research_in_note(
    g: &Glossary,
    index: usize,
    term: &Term,
    spans: &TomlSpans,
    out: &mut Vec<Diagnostic>,
) {
    for (field, text) in [("note", &term.note), ("reference", &term.reference)] {
        let Some(text) = text else { continue };
        let Some((what, range)) = note_research(text) else {
            continue;
        };
        let span = spans
            .term_value(index, field)
            .or(term.span)
            .unwrap_or_default();
        out.push(
            warn(
                g,
                "note-cites-research",
                span,
                format!(
                    "the {field} of `{}` cites {what} (`{}`); it is shown to editors with every finding",
                    term.id,
                    &text[range]
                ),
            )
            .with_help(if field == "note" {
                "keep the note to what to write and why; move research to `rationale` or `sources`"
            } else {
                "name the authority (document, article, URL); move research to `rationale` or `sources`"
            }),
        );
    }
}

/// The first place where two texts differ, as "`a` vs `b`".
fn first_difference(a: &str, b: &str) -> String {
    let mut ai = a.chars();
    let mut bi = b.chars();
    loop {
        match (ai.next(), bi.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => {
                let show = |c: Option<char>| match c {
                    Some(c) if c.is_whitespace() => format!("U+{:04X}", c as u32),
                    Some(c) => c.to_string(),
                    None => "end of text".to_owned(),
                };
                return format!("`{}` vs `{}`", show(x), show(y));
            }
        }
    }
}

/// Two forms of one term that are the same under the equivalences (or
/// written twice): the matcher sees one pattern, the glossary shows two.
fn equivalent_forms(g: &Glossary, term: &Term, out: &mut Vec<Diagnostic>) {
    let approved: Vec<_> = std::iter::once(&term.preferred)
        .chain(&term.admitted)
        .collect();
    let groups: [(&str, Vec<&crate::glossary::Form>); 4] = [
        ("approved", approved),
        ("variants", term.variants.iter().collect()),
        ("exceptions", term.exceptions.iter().collect()),
        ("source", term.source.iter().collect()),
    ];
    for (what, forms) in groups {
        let mut seen: HashMap<String, &crate::glossary::Form> = HashMap::new();
        for f in forms {
            let key = fold(f.text.trim(), 0, false).text;
            match seen.get(&key) {
                Some(first) => {
                    let (code, msg) = if first.text == f.text {
                        (
                            "duplicate-form",
                            format!(
                                "`{}` is listed twice in the {what} of `{}`",
                                f.text, term.id
                            ),
                        )
                    } else {
                        (
                            "forms-differ-only-by-equivalences",
                            format!(
                                "`{}` and `{}` ({what} of `{}`) differ only by the equivalences ({}): \
                                 the matcher treats them as one form",
                                first.text,
                                f.text,
                                term.id,
                                first_difference(&first.text, &f.text)
                            ),
                        )
                    };
                    let mut d = warn(g, code, f.span.or(term.span).unwrap_or_default(), msg)
                        .with_help("keep one of them");
                    if let Some(s) = first.span {
                        d = d.with_related(Location::new(&g.path, &g.source_text, s), "first here");
                    }
                    out.push(d);
                }
                None => {
                    seen.insert(key, f);
                }
            }
        }
    }
}

fn missing_examples(g: &Glossary, term: &Term, out: &mut Vec<Diagnostic>) {
    let at = term.preferred.span.or(term.span).unwrap_or_default();
    let has_capital = term
        .forms()
        .filter(|(k, _)| k.is_approved())
        .any(|(_, f)| f.text.chars().any(char::is_uppercase));
    let wants_bad = !term.variants.is_empty() || has_capital;
    let missing: Vec<&str> = [
        (term.examples.good.is_empty(), "examples.good"),
        (wants_bad && term.examples.bad.is_empty(), "examples.bad"),
    ]
    .into_iter()
    .filter_map(|(m, k)| m.then_some(k))
    .collect();
    if missing.is_empty() {
        return;
    }
    out.push(
        warn(
            g,
            "missing-examples",
            at,
            format!("term `{}` has no {}", term.id, missing.join(" and no ")),
        )
        .with_help(
            "add sentences that `termcheck glossary test` runs: good ones must pass, bad ones must be flagged",
        ),
    );
}

/// A variant that, written on its own, is not reported as a variant of
/// its term: an exception swallows it, or another form takes it.
fn never_matches(checker: &Checker, r: TermRef, out: &mut Vec<Diagnostic>) {
    let set = checker.glossaries();
    let g = &set.glossaries()[r.glossary];
    let term = set.term(r);
    let id = set.qualified_id(r);
    for v in &term.variants {
        let doc = Document::new("probe", v.text.clone());
        let findings = checker.check(&doc);
        if findings.iter().any(|f| *f.term_id == *id) {
            continue;
        }
        let why = match findings.first() {
            Some(f) => format!(
                "written on its own it is reported as {} `{}` of `{}`",
                f.kind, f.found, f.term_id
            ),
            None => {
                let key = fold_key(&v.text);
                if term
                    .exceptions
                    .iter()
                    .any(|e| fold_key(&e.text).contains(&key))
                {
                    "one of the term's `exceptions` contains it".to_owned()
                } else {
                    "written on its own it produces no finding".to_owned()
                }
            }
        };
        out.push(
            warn(
                g,
                "variant-never-matches",
                v.span.or(term.span).unwrap_or_default(),
                format!(
                    "variant `{}` of `{id}` can never be reported: {why}",
                    v.text
                ),
            )
            .with_help("remove the variant, or the exception or form that hides it"),
        );
    }
}

/// A variant that is a whole-word part of another term's approved form:
/// inside that form the longer form always wins, so the variant is never
/// reported there.
fn shadowed_variants(set: &GlossarySet, out: &mut Vec<Diagnostic>) {
    let mut variants: HashMap<String, Vec<(TermRef, usize)>> = HashMap::new();
    for (r, term) in set.terms() {
        for (i, v) in term.variants.iter().enumerate() {
            variants.entry(fold_key(&v.text)).or_default().push((r, i));
        }
    }
    let lengths = key_lengths(variants.keys());
    for (r, term) in set.terms() {
        for (kind, form) in term.forms() {
            if !kind.is_approved() {
                continue;
            }
            let key = fold_key(&form.text);
            for sub in word_substrings(&key, &lengths) {
                let Some(hits) = variants.get(sub) else {
                    continue;
                };
                for &(vr, vi) in hits {
                    if vr == r {
                        continue;
                    }
                    let vterm = set.term(vr);
                    let v = &vterm.variants[vi];
                    let g = &set.glossaries()[vr.glossary];
                    let og = &set.glossaries()[r.glossary];
                    let rel = Location::new(
                        &og.path,
                        &og.source_text,
                        form.span.or(term.span).unwrap_or_default(),
                    );
                    out.push(
                        warn(
                            g,
                            "variant-shadowed",
                            v.span.or(vterm.span).unwrap_or_default(),
                            format!(
                                "variant `{}` of `{}` is never reported inside `{}`, the {} form of `{}`: \
                                 the longer form always wins",
                                v.text,
                                set.qualified_id(vr),
                                form.text,
                                match kind {
                                    FormKind::Preferred => "preferred",
                                    _ => "an admitted",
                                },
                                set.qualified_id(r)
                            ),
                        )
                        .with_related(rel, "the longer form")
                        .with_help("if the variant should be flagged there too, list the longer wrong phrase as a variant"),
                    );
                }
            }
        }
    }
}

/// `language` and `source_language` should be BCP 47 tags.
fn language_tags(g: &Glossary, spans: &TomlSpans, out: &mut Vec<Diagnostic>) {
    let tags = [
        ("language", Some(g.language.as_str())),
        ("source_language", g.source_language.as_deref()),
    ];
    for (key, value) in tags {
        let Some(value) = value else { continue };
        if is_bcp47(value) {
            continue;
        }
        let span = spans.table_value("glossary", key).unwrap_or_default();
        let mut d = warn(
            g,
            "invalid-language-tag",
            span,
            format!("`{key}` = `{value}` is not a BCP 47 language tag"),
        );
        let common = ["en", "ru", "fr", "de", "es", "zh", "ar", "en-GB", "en-US"];
        d = d.with_help(match did_you_mean(value, &common) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "use a tag such as `en`, `ru` or `en-GB`".to_owned(),
        });
        out.push(d);
    }
}

/// A rough BCP 47 shape check: a 2–3 letter language, then 1–8
/// character alphanumeric subtags.
pub fn is_bcp47(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A tag used rarely that is close to a tag used more often is probably
/// a misspelling of it.
fn tag_typos(g: &Glossary, spans: &TomlSpans, out: &mut Vec<Diagnostic>) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for t in &g.terms {
        for tag in &t.tags {
            *count.entry(tag.as_str()).or_default() += 1;
        }
    }
    for (ti, t) in g.terms.iter().enumerate() {
        for (i, tag) in t.tags.iter().enumerate() {
            let n = count.get(tag.as_str()).copied().unwrap_or(0);
            let better: Vec<&str> = count
                .iter()
                .filter(|&(other, &m)| *other != tag && m > n)
                .map(|(o, _)| *o)
                .collect();
            let Some(s) = did_you_mean(tag, &better) else {
                continue;
            };
            if strsim::normalized_damerau_levenshtein(tag, s) < 0.75 {
                continue;
            }
            let span = spans
                .term_array_item(ti, "tags", i)
                .or(t.span)
                .unwrap_or_default();
            out.push(
                warn(
                    g,
                    "tag-typo",
                    span,
                    format!(
                        "tag `{tag}` of `{}` is used {n} time{}; `{s}` is used {}",
                        t.id,
                        if n == 1 { "" } else { "s" },
                        count.get(s).copied().unwrap_or(0)
                    ),
                )
                .with_help(format!("did you mean `{s}`?")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::parse;

    fn codes(body: &str) -> Vec<String> {
        let text = format!("[glossary]\nname = \"T\"\nlanguage = \"en\"\n{body}");
        let g = parse("t.toml", &text).glossary.unwrap();
        let set = GlossarySet::new(vec![g]).unwrap();
        let checker = Checker::new(set).unwrap();
        extra_warnings(&checker)
            .iter()
            .map(|d| format!("{}:{}:{}", d.code, d.location.line, d.location.column))
            .collect()
    }

    const EX: &str = "examples.good = [\"ok\"]\nexamples.bad = [\"bad\"]\n";

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("indivisible-security"));
        assert!(is_kebab("côte-d-ivoire"));
        assert!(is_kebab("g20"));
        assert!(!is_kebab("Indivisible_Security"));
        assert!(!is_kebab("a--b"));
        assert!(!is_kebab("-a"));
        let c = codes(&format!(
            "[[term]]\nid = \"OSCE_name\"\npreferred = \"OSCE\"\nvariants = [\"Osce body\"]\n{EX}"
        ));
        assert!(c.contains(&"id-not-kebab-case:5:6".to_owned()), "{c:?}");
    }

    #[test]
    fn equivalent_forms_are_reported() {
        let c = codes(&format!(
            "[[term]]\npreferred = \"Côte d'Ivoire\"\nadmitted = [\"Côte d’Ivoire\"]\nvariants = [\"Ivory Coast\", \"Ivory Coast\"]\n{EX}"
        ));
        assert!(
            c.contains(&"forms-differ-only-by-equivalences:6:13".to_owned()),
            "{c:?}"
        );
        assert!(c.contains(&"duplicate-form:7:28".to_owned()), "{c:?}");
    }

    #[test]
    fn missing_examples_are_reported() {
        let c = codes("[[term]]\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n");
        assert_eq!(c, ["missing-examples:5:13"]);
        let c = codes("[[term]]\npreferred = \"détente\"\nexamples.good = [\"détente\"]\n");
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn shadowed_and_never_matching_variants() {
        let c = codes(&format!(
            "[[term]]\nid = \"sg\"\npreferred = \"UN Secretary-General\"\nvariants = [\"Secretary General\"]\n{EX}\
             [[term]]\nid = \"nato-sg\"\npreferred = \"NATO Secretary General\"\n{EX}\
             [[term]]\nid = \"x\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\nexceptions = [\"Kiev\"]\n{EX}"
        ));
        assert!(c.contains(&"variant-shadowed:7:13".to_owned()), "{c:?}");
        assert!(
            c.contains(&"variant-never-matches:18:13".to_owned()),
            "{c:?}"
        );
    }

    #[test]
    fn tags_and_languages() {
        assert!(is_bcp47("en"));
        assert!(is_bcp47("en-GB"));
        assert!(is_bcp47("zh-Hant-TW"));
        assert!(!is_bcp47("english"));
        assert!(!is_bcp47("en_GB"));
        let text = "[glossary]\nname = \"T\"\nlanguage = \"en_GB\"\n\
            [[term]]\npreferred = \"a\"\ntags = [\"organization\"]\nexamples.good = [\"a\"]\n\
            [[term]]\npreferred = \"b\"\ntags = [\"organization\"]\nexamples.good = [\"b\"]\n\
            [[term]]\npreferred = \"c\"\ntags = [\"organisation\"]\nexamples.good = [\"c\"]\n";
        let g = parse("t.toml", text).glossary.unwrap();
        let checker = Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap();
        let c: Vec<_> = extra_warnings(&checker)
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{} {}",
                    d.code,
                    d.location.line,
                    d.location.column,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect();
        assert!(
            c.contains(&"invalid-language-tag:3:12 did you mean `en-GB`?".to_owned()),
            "{c:?}"
        );
        assert!(
            c.contains(&"tag-typo:14:9 did you mean `organization`?".to_owned()),
            "{c:?}"
        );
    }
}

#[cfg(test)]
mod research_tests {
    use super::note_research;

    #[test]
    fn notes_citing_research_are_caught() {
        for (note, what) in [
            (
                "The corpus has 667 'Turkey' and 0 'Türkiye' (NOTES §A-39).",
                "a NOTES section",
            ),
            ("See RUS_72_2017.txt for the usage.", "a file name"),
            (
                "Same-line evidence: WMT20 refA:594 'Kiev'.",
                "a line number",
            ),
            ("Kremlin 'Kiev' 25, 'Kyiv' 0.", "a hit count"),
            ("Found 12 times in the archive.", "a hit count"),
        ] {
            assert_eq!(note_research(note).map(|(w, _)| w), Some(what), "{note}");
        }
        for clean in [
            "Write 'Türkiye': the UN has used it since June 2022 at the country's request.",
            "The NATO–Russia Founding Act of 1997 uses this wording.",
            "Use the official name from UN General Assembly resolution 68/262.",
            "Write 'Sergey Lavrov', as the Russian MFA does.",
        ] {
            assert_eq!(note_research(clean), None, "{clean}");
        }
    }

    #[test]
    fn a_url_is_not_research() {
        assert_eq!(
            note_research(
                "Founding Act (1997), https://www.nato.int/cps/en/natohq/official_texts_25468.htm"
            ),
            None
        );
        assert!(note_research("see official_texts_25468.htm").is_some());
        assert!(note_research("https://x.org; WMT22 refA:432").is_some());
    }
}
