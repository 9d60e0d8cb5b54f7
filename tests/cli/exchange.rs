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
        "{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}\n",
        g.name,
        g.language,
        g.source_language,
        g.version,
        g.description,
        g.defaults,
        g.near_miss_threshold
    );
    for t in &g.terms {
        let texts =
            |v: &[termcheck::glossary::Form]| v.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
        s.push_str(&format!(
            "{} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {} {} {:?} {:?} {:?} {:?} {:?}\n",
            t.id,
            t.derive,
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

const FIXTURE: &str = include_str!("../fixtures/glossary/good.toml");

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
            delimiter: None,
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

/// Every TBX export of a glossary, both generations.
fn tbx_round_trip(g: &Glossary) {
    for version in [tbx::Version::V3, tbx::Version::V2] {
        let xml = tbx::export_as(g, version);
        well_formed(&xml);
        let back = tbx::import(&xml, &tbx::ImportOptions::default())
            .unwrap_or_else(|e| panic!("{version:?}: {e:?}\n{xml}"));
        assert!(back.unmapped.is_empty(), "{version:?}: {:?}", back.unmapped);
        assert!(
            back.violations.is_empty(),
            "{version:?}: {:?}",
            back.violations
        );
        let again = load(&exchange::to_toml(&back.glossary));
        assert_eq!(meaning(&again), meaning(g), "{version:?}");
    }
}

#[test]
fn shipped_glossaries_round_trip_through_both_tbx_generations() {
    for f in termcheck::glossary::BUILTIN_FILES {
        let g = load(f.text);
        tbx_round_trip(&g);
    }
    // The switch that keeps "Rossiya Segodnya" unflagged survives.
    let countries = termcheck::glossary::BUILTIN_FILES
        .iter()
        .find(|f| f.path.ends_with("default/countries.toml"))
        .expect("the default pack has a countries file");
    let g = load(countries.text);
    assert!(!g.defaults.derive.romanization);
    let back = tbx::import(&tbx::export(&g), &tbx::ImportOptions::default()).unwrap();
    assert!(!back.glossary.defaults.derive.romanization);
    assert!(exchange::to_toml(&back.glossary).contains("derive_romanization = false"));
}

#[test]
fn defaults_multi_line_notes_and_term_switches_round_trip() {
    let g = load(
        r#"[glossary]
name = "Edge cases"
language = "en"
source_language = "ru"
version = "2026.12"
description = """
First line of the description.
Second line."""

[defaults]
severity = "error"
case = "sensitive"
inflections = false
fuzzy = false
derive_spelling = false
near_miss_threshold = 0.9

[[term]]
id = "kyiv"
preferred = "Kyiv"
variants = ["Kiev"]
source = ["Киев"]
severity = "warning"
derive_hyphenation = false
derive_spelling = true
note = """
Use Kyiv.
Battle of Kiev stays."""
examples.good = ["Talks in Kyiv."]
examples.bad = ["Talks in Kiev."]
"#,
    );
    tbx_round_trip(&g);
}

#[test]
fn tbx_2008_files_as_translation_tools_write_them_import() {
    // Pontoon's own sample (TBX 2008, <martif type="TBX">, <tig>).
    let text = include_str!("../data/tbx/pontoon-mozilla-terminology.tbx");
    let i = tbx::import(text, &tbx::ImportOptions::default()).unwrap();
    assert_eq!(i.glossary.language, "en-US");
    assert_eq!(i.glossary.source_language.as_deref(), Some("pl"));
    let abort = &i.glossary.terms[1];
    assert_eq!(abort.preferred.text, "abort");
    assert_eq!(abort.source[0].text, "przerwać");
    // Pontoon's TBX v2 export: a DOCTYPE, <ntig>/<termGrp>, definitions in a descripGrp.
    let text = include_str!("../data/tbx/pontoon-export-v2.tbx");
    let i = tbx::import(text, &tbx::ImportOptions::default()).unwrap();
    let t = &i.glossary.terms[0];
    assert_eq!(
        (
            t.preferred.text.as_str(),
            t.source[0].text.as_str(),
            t.note.as_deref()
        ),
        ("Sample Term", "Translation", Some("Sample Definition"))
    );
}

const INVALID: &[(&str, &str, (usize, usize))] = &[
    (
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry><langSec xml:lang="en"><termSec><term>a</term></termSec></langSec></conceptEntry>
<conceptEntry id="ok"><langSec xml:lang="en"><termSec><term>b</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
        "<conceptEntry> needs an `id`",
        (2, 1),
    ),
    (
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>a</term>
  <termNote type="administrativeStatus">preferred</termNote></termSec></langSec></conceptEntry>
<conceptEntry id="ok"><langSec xml:lang="en"><termSec><term>b</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
        "`preferred` is not a value of `administrativeStatus`",
        (3, 3),
    ),
    (
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>a</term>
    <descrip type="subjectField">law</descrip></termSec></langSec></conceptEntry>
<conceptEntry id="ok"><langSec xml:lang="en"><termSec><term>b</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
        "`subjectField` may only stand in conceptEntry, not in <termSec>",
        (3, 5),
    ),
    (
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="c1"><langSec><termSec><term>a</term></termSec></langSec></conceptEntry>
<conceptEntry id="ok"><langSec xml:lang="en"><termSec><term>b</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
        "<langSec> needs an `xml:lang`",
        (2, 23),
    ),
    (
        r#"<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader><text><body>
<termEntry id="c1"><langSet xml:lang="en"><tig><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet></termEntry>
<termEntry id="ok"><langSet xml:lang="en"><tig><term>b</term></tig></langSet></termEntry></body></text></martif>"#,
        "<tig> needs exactly one <term>, not 0",
        (2, 43),
    ),
    (
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:min="http://www.tbxinfo.net/ns/min"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>a</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec></langSec></conceptEntry>
<conceptEntry id="ok"><langSec xml:lang="en"><termSec><term>b</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
        "DCT-style element, not allowed in a document declared style=\"dca\"",
        (2, 69),
    ),
];

#[test]
fn invalid_tbx_is_refused_with_positions_and_lenient_imports_the_rest() {
    for (text, message, (line, column)) in INVALID {
        let errors = tbx::import(text, &tbx::ImportOptions::default()).unwrap_err();
        let e = errors
            .iter()
            .find(|e| e.message.contains(message))
            .unwrap_or_else(|| panic!("{message}: {errors:?}"));
        assert_eq!(
            (e.line, e.column),
            (Some(*line), Some(*column)),
            "{message}"
        );
        let lenient = tbx::import(
            text,
            &tbx::ImportOptions {
                lenient: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(!lenient.violations.is_empty());
        let forms: Vec<&str> = lenient
            .glossary
            .terms
            .iter()
            .map(|t| t.preferred.text.as_str())
            .collect();
        assert_eq!(forms, ["b"], "{message}");
    }
}

#[test]
fn a_doctype_is_accepted_but_never_expanded() {
    let ok = r#"<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "http://example.invalid/TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="c1"><langSet xml:lang="en"><tig><term>Kyiv</term></tig></langSet></termEntry></body></text></martif>"#;
    let i = tbx::import(ok, &tbx::ImportOptions::default()).unwrap();
    assert_eq!(i.glossary.terms[0].preferred.text, "Kyiv");
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE martif [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"> ]>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="c1"><langSet xml:lang="en"><tig><term>&b;</term></tig></langSet></termEntry></body></text></martif>"#;
    let e = tbx::import(laughs, &tbx::ImportOptions::default()).unwrap_err();
    assert!(e[0].message.contains("never expanded"), "{e:?}");
    assert_eq!((e[0].line, e[0].column), (Some(4), Some(66)));
}

#[test]
fn csv_delimiters_bom_and_formulas() {
    let mut g = load(FIXTURE);
    g.terms[0].note = Some("=HYPERLINK(\"http://x\")".to_owned());
    g.terms[0]
        .variants
        .push(termcheck::glossary::Form::new("-minus"));
    for delimiter in [b',', b';', b'\t'] {
        let text = csv::export_with(
            &g,
            csv::ExportOptions {
                bom: true,
                delimiter,
            },
        )
        .unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(
            text.contains("'=HYPERLINK") && text.contains("'-minus"),
            "{text}"
        );
        assert!(!text.lines().any(|l| {
            l.split(delimiter as char)
                .any(|c| c.starts_with(['=', '+', '-', '@']))
        }));
        assert_eq!(
            csv::detect_delimiter(text.trim_start_matches('\u{feff}')),
            delimiter
        );
        let back = csv::import(
            &text,
            &csv::ImportOptions {
                name: Some(g.name.clone()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(back.glossary.terms[0].note, g.terms[0].note);
        assert!(
            back.glossary.terms[0]
                .variants
                .iter()
                .any(|v| v.text == "-minus")
        );
    }
    let plain = csv::export_with(
        &g,
        csv::ExportOptions {
            bom: false,
            delimiter: b',',
        },
    )
    .unwrap();
    assert!(plain.starts_with("term_id,"));
}

#[test]
fn csv_reads_iate_and_unterm_layouts() {
    let iate = "E_ID|E_DOMAINS|L_CODE|T_TERM|T_TYPE|T_RELIABILITY|T_EVALUATION\n\
                3539479|POLITICS|en|Collective Security Treaty Organisation|Term|Reliable|\n\
                3539479|POLITICS|en|CSTO|Abbreviation|Reliable|\n\
                3539479|POLITICS|ru|Организация Договора о коллективной безопасности|Term|Reliable|\n\
                3539479|POLITICS|en|Tashkent Treaty Organisation|Term|Reliable|Deprecated\n";
    let i = csv::import(
        iate,
        &csv::ImportOptions {
            language: Some("en".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let t = &i.glossary.terms[0];
    assert_eq!(t.preferred.text, "Collective Security Treaty Organisation");
    assert_eq!(t.admitted[0].text, "CSTO");
    assert_eq!(t.variants[0].text, "Tashkent Treaty Organisation");
    assert_eq!(t.tags, ["POLITICS"]);
    assert_eq!(i.glossary.source_language.as_deref(), Some("ru"));

    let wide = "ID;English Short;English Formal;Russian Short;Remarks\n\
                1;Türkiye;the Republic of Türkiye;Турция;x\n\
                2;;;Нигде;\n";
    let i = csv::import(wide, &csv::ImportOptions::default()).unwrap();
    assert_eq!(i.glossary.terms.len(), 1);
    let t = &i.glossary.terms[0];
    assert_eq!(t.preferred.text, "Türkiye");
    assert_eq!(t.admitted[0].text, "the Republic of Türkiye");
    assert_eq!(t.source[0].text, "Турция");
    assert!(i.unmapped.iter().any(|n| n.contains("`Remarks`")));
    assert!(i.unmapped.iter().any(|n| n.contains("1 row(s) skipped")));

    let long = "iso2\tlang\tshort_name\tformal_name\nAF\ten\tAfghanistan\tthe Islamic Republic of Afghanistan\nAF\tru\tАфганистан\tИсламская Республика Афганистан\n";
    let i = csv::import(
        long,
        &csv::ImportOptions {
            language: Some("en".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let t = &i.glossary.terms[0];
    assert_eq!(t.preferred.text, "Afghanistan");
    assert_eq!(t.admitted[0].text, "the Islamic Republic of Afghanistan");
    assert_eq!(t.source.len(), 2);
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
        let back = csv::import(&c, &csv::ImportOptions { name: Some("Generated".into()), language: None, delimiter: None }).unwrap();
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
            delimiter: None,
        },
    )
    .unwrap();
    assert!(back.unmapped.is_empty(), "{:?}", back.unmapped);
    assert_eq!(meaning_1_1(&back.glossary), meaning_1_1(&g));
    let again = load(&exchange::to_toml(&back.glossary));
    assert_eq!(meaning_1_1(&again), meaning_1_1(&g));
}

/// Two terms may list the same form for different periods; CSV keeps the
/// dates, so the export imports back (a glossary with the form twice and
/// no dates would be rejected).
#[test]
fn csv_keeps_dates_that_separate_two_terms() {
    let g = load(
        r#"[glossary]
name = "Places"
language = "en"
format = "1.1"

[[term]]
id = "dnipro"
preferred = "Dnipro"
variants = [{ form = "Dnipropetrovsk", valid_from = "2016-05-19" }]

[[term]]
id = "dnipropetrovsk-city"
preferred = "Dnipropetrovsk"
valid_until = "2016-05-19"
"#,
    );
    for delimiter in [b',', b';'] {
        let c = csv::export_with(
            &g,
            csv::ExportOptions {
                bom: true,
                delimiter,
            },
        )
        .unwrap();
        let back = csv::import(&c, &csv::ImportOptions::default()).unwrap();
        assert_eq!(meaning_1_1(&back.glossary), meaning_1_1(&g));
        load(&exchange::to_toml(&back.glossary));
    }
    let c = csv::export(&g)
        .unwrap()
        .replace("2016-05-19", "19 May 2016");
    let e = csv::import(&c, &csv::ImportOptions::default()).unwrap_err();
    assert!(e.message.contains("write YYYY-MM-DD"), "{}", e.message);
    assert!(e.line.is_some());
}

/// Each built-in pack is exportable alone: by its name when it is one
/// file, file by file (`builtin:glossaries/...`) when it has several.
#[test]
fn each_built_in_pack_exports_alone() {
    let run = |args: &[&str]| {
        super::common::termcheck()
            .args(["glossary", "export", "--format", "tbx"])
            .args(args)
            .output()
            .unwrap()
    };
    for f in termcheck::glossary::BUILTIN_FILES {
        let out = run(&[f.path]);
        assert_eq!(out.status.code(), Some(0), "{}", f.path);
        let xml = String::from_utf8(out.stdout).unwrap();
        let back = tbx::import(&xml, &tbx::ImportOptions::default()).unwrap();
        assert_eq!(
            back.glossary.terms.len(),
            load(f.text).terms.len(),
            "{}",
            f.path
        );
    }
    let out = run(&["un"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["default"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("builtin:glossaries/default/"));
}
