//! Round trips TOML -> TBX -> TOML and TOML -> CSV -> TOML lose nothing
//! the formats carry, and the formatter is idempotent on any glossary.

use proptest::prelude::*;
use quick_xml::Reader;
use quick_xml::events::Event;
use termcheck::exchange::{self, csv, tbx};
use termcheck::glossary::{Glossary, Term, format_toml, parse};

/// What a glossary means, without where it came from.
fn meaning(g: &Glossary) -> String {
    let mut s = format!(
        "{}|{}|{:?}|{:?}|{:?}\n",
        g.name, g.language, g.source_language, g.version, g.description
    );
    for t in &g.terms {
        let texts =
            |v: &[termcheck::glossary::Form]| v.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
        s.push_str(&format!(
            "{} {:?} {:?} {:?} {:?} {:?} {} {} {} {} {:?} {:?} {:?} {:?} {:?}\n",
            t.id,
            t.preferred.text,
            texts(&t.admitted),
            texts(&t.variants),
            texts(&t.exceptions),
            texts(&t.source),
            t.severity,
            t.case.as_str(),
            t.inflections,
            t.fuzzy,
            t.note,
            t.reference,
            t.tags,
            texts(&t.examples.good),
            texts(&t.examples.bad),
        ));
    }
    s
}

fn load(text: &str) -> Glossary {
    let l = parse("t.toml", text);
    assert!(
        l.glossary.is_some(),
        "{:?}\n{text}",
        l.diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    l.glossary.unwrap()
}

const FIXTURE: &str = include_str!("fixtures/glossary/good.toml");

#[test]
fn toml_tbx_toml_keeps_everything() {
    let g = load(FIXTURE);
    let xml = tbx::export(&g);
    assert!(xml.contains("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">"));
    well_formed(&xml);
    let back = tbx::import(&xml, &tbx::ImportOptions::default()).unwrap();
    assert!(back.unmapped.is_empty(), "{:?}", back.unmapped);
    let again = load(&exchange::to_toml(&back.glossary));
    assert_eq!(meaning(&again), meaning(&g));
}

#[test]
fn toml_csv_toml_keeps_what_csv_carries() {
    let g = load(FIXTURE);
    let text = csv::export(&g).unwrap();
    let back = csv::import(
        &text,
        &csv::ImportOptions {
            name: Some(g.name.clone()),
            language: None,
        },
    )
    .unwrap();
    assert!(back.unmapped.is_empty(), "{:?}", back.unmapped);
    let mut again = load(&exchange::to_toml(&back.glossary));
    // Glossary-level version and description have no column in CSV.
    again.version = g.version.clone();
    again.description = g.description.clone();
    assert_eq!(meaning(&again), meaning(&g));
}

fn well_formed(xml: &str) {
    let mut r = Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match r.read_event().unwrap() {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
        assert!(depth >= 0);
    }
    assert_eq!(depth, 0);
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Words with the characters that stress quoting and escaping.
    proptest::collection::vec("[A-Za-zÀ-ÿа-я]{1,8}|&|<|\"|'|\\\\|’|-|#|\\[", 1..5)
        .prop_map(|w| w.join(" "))
}

prop_compose! {
    fn term_strategy(i: usize)(
        preferred in text_strategy(),
        variants in proptest::collection::vec(text_strategy(), 0..3),
        note in proptest::option::of(text_strategy()),
        good in proptest::collection::vec(text_strategy(), 0..2),
        sensitive in any::<bool>(),
    ) -> Term {
        let mut t = Term::new(format!("p{i} {preferred}"));
        t.id = format!("t{i}");
        t.variants = variants.into_iter().enumerate()
            .map(|(k, v)| termcheck::glossary::Form::new(format!("v{i}x{k} {v}")))
            .collect();
        t.note = note;
        t.examples.good = good.into_iter().map(termcheck::glossary::Form::new).collect();
        if sensitive {
            t.case = termcheck::glossary::CaseMode::Sensitive;
        }
        t
    }
}

fn glossary_strategy() -> impl Strategy<Value = Glossary> {
    (0usize..4)
        .prop_flat_map(|n| (0..n).map(term_strategy).collect::<Vec<_>>())
        .prop_map(|terms| {
            let mut g = Glossary::new("Generated", "en");
            g.terms = terms;
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fmt_is_idempotent_and_round_trips_survive(g in glossary_strategy()) {
        let toml = exchange::to_toml(&g);
        let once = format_toml(&toml).unwrap();
        prop_assert_eq!(&format_toml(&once).unwrap(), &once);
        let loaded = load(&once);
        prop_assert_eq!(meaning(&loaded), meaning(&g));
        let xml = tbx::export(&loaded);
        well_formed(&xml);
        let back = tbx::import(&xml, &tbx::ImportOptions::default()).unwrap();
        prop_assert_eq!(meaning(&back.glossary), meaning(&g));
        let c = csv::export(&loaded).unwrap();
        let back = csv::import(&c, &csv::ImportOptions { name: Some("Generated".into()), language: None }).unwrap();
        prop_assert_eq!(meaning(&back.glossary), meaning(&g));
    }
}

/// Format 1.1 settings of every term: forms with their dates, case and
/// fix, forms to avoid, rules, term dates, `fix`, `consistent`.
fn meaning_1_1(g: &Glossary) -> Vec<String> {
    let forms = |v: &[termcheck::glossary::Form]| {
        v.iter()
            .map(|f| format!("{}:{:?}:{:?}:{:?}", f.text, f.valid, f.case, f.fix))
            .collect::<Vec<_>>()
    };
    g.terms
        .iter()
        .map(|t| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {} {}",
                t.id,
                forms(&t.admitted),
                forms(&t.variants),
                forms(&t.avoid),
                t.exception_rules,
                t.valid,
                t.fix,
                t.consistent
            )
        })
        .collect()
}

const V11: &str = r#"[glossary]
name = "UN"
language = "en"
format = "1.1"

[[term]]
id = "turkiye"
preferred = "Türkiye"
admitted = [{ form = "Republic of Türkiye", valid_from = "2022-06-01" }]
variants = [{ form = "Turkey", valid_from = "2022-06-01", case = "sensitive", fix = false }, "Turkiye"]
avoid = ["Turkish Republic"]
exception_rules = ["followed-by-capitalized", "in-quotation"]
valid_from = "1923-10-29"
fix = false
consistent = true
note = "Write 'Türkiye'."
rationale = "SECRET rationale"
sources = ["SECRET source"]
"#;

#[test]
fn format_1_1_survives_tbx_and_toml_but_maintainer_fields_are_not_exported() {
    let g = load(V11);
    let xml = tbx::export(&g);
    well_formed(&xml);
    assert!(!xml.contains("SECRET"), "{xml}");
    let back = tbx::import(&xml, &tbx::ImportOptions::default()).unwrap();
    assert_eq!(meaning_1_1(&back.glossary), meaning_1_1(&g));
    let again = load(&exchange::to_toml(&back.glossary));
    assert_eq!(meaning_1_1(&again), meaning_1_1(&g));
    let c = csv::export(&g).unwrap();
    assert!(!c.contains("SECRET"), "{c}");
    let back = csv::import(
        &c,
        &csv::ImportOptions {
            name: Some("UN".into()),
            language: None,
        },
    )
    .unwrap();
    assert_eq!(back.glossary.terms[0].avoid[0].text, "Turkish Republic");
}
