//! Bilingual units: `missing` per unit, positions in the file's own bytes,
//! one finding per problem, and the language rule.

use super::*;
use crate::finding::Kind;
use crate::glossary::{GlossarySet, parse};

const GLOSSARY: &str = r#"
[glossary]
name = "T"
language = "en"
source_language = "ru"

[[term]]
id = "indivisible-security"
preferred = "indivisible security"
variants = ["indivisibility of security", "undivided security"]
source = ["неделимость безопасности"]

[[term]]
id = "osce"
preferred = "OSCE"
source = ["ОБСЕ"]
"#;

fn checker(glossary: &str) -> Checker {
    let g = parse("t.toml", glossary).glossary.unwrap();
    Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap()
}

fn run(format: InputFormat, text: &str) -> (Document, Checked) {
    let c = checker(GLOSSARY);
    let m = SourceMatcher::new(c.glossaries());
    let doc = Document::new("t", text);
    let checked = check_bilingual(&c, &m, &doc, format).unwrap();
    (doc, checked)
}

/// (kind, term, target text, source text) of each finding.
fn summary(doc: &Document, c: &Checked) -> Vec<(Kind, String, String, String)> {
    c.findings
        .iter()
        .map(|f| {
            let src = f
                .source_span
                .as_ref()
                .map(|s| doc.text[s.span.range()].to_owned())
                .unwrap_or_default();
            (
                f.kind,
                f.term_id.clone(),
                doc.text[f.span.range()].to_owned(),
                src,
            )
        })
        .collect()
}

fn missing(term: &str, target: &str, source: &str) -> (Kind, String, String, String) {
    (
        Kind::Missing,
        term.to_owned(),
        target.to_owned(),
        source.to_owned(),
    )
}

const XLIFF_12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="ru-RU" target-language="en" datatype="plaintext" original="a.txt">
  <body>
   <trans-unit id="1">
    <source>Принцип неделимости безопасности.</source>
    <target>The principle of equal security.</target>
   </trans-unit>
   <trans-unit id="2">
    <source>О неделимой безопасности</source>
    <target>On the indivisibility of security</target>
   </trans-unit>
   <trans-unit id="3">
    <source>Решения &#171;ОБСЕ&#187; и неделимость безопасности <x id="1"/></source>
    <target>OSCE <g id="1">decisions</g> &amp; indivisible security</target>
    <alt-trans><source>ОБСЕ</source><target>nothing</target></alt-trans>
   </trans-unit>
   <trans-unit id="4">
    <source>ОБСЕ</source>
    <target/>
   </trans-unit>
   <trans-unit id="5">
    <source>в рамках ОБСЕ</source>
    <target>within the <g id="2">Organization</g> for Security</target>
   </trans-unit>
  </body>
 </file>
</xliff>
"#;

#[test]
fn xliff_12_missing_per_unit() {
    let (doc, c) = run(InputFormat::Xliff, XLIFF_12);
    assert_eq!(
        summary(&doc, &c),
        [
            missing(
                "indivisible-security",
                "The principle of equal security.",
                "неделимости безопасности"
            ),
            (
                Kind::Variant,
                "indivisible-security".to_owned(),
                "indivisibility of security".to_owned(),
                String::new()
            ),
            // The target spans an inline tag; the finding covers it whole.
            missing(
                "osce",
                "within the <g id=\"2\">Organization</g> for Security",
                "ОБСЕ"
            ),
        ]
    );
    // The source span is in the same file, with its line and column.
    let s = c.findings[0].source_span.as_ref().unwrap();
    assert_eq!((s.path.as_str(), s.line, s.column), ("t", 6, 21));
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
}

#[test]
fn xliff_2_segments_pair_within_a_unit() {
    let text = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"ru\" trgLang=\"en-GB\">\n\
                <file id=\"f\"><unit id=\"u\">\n\
                <segment><source>ОБСЕ.</source><target>The OSCE.</target></segment>\n\
                <ignorable><source> </source><target> </target></ignorable>\n\
                <segment><source>Неделимость безопасности.</source><target>Security.</target></segment>\n\
                </unit></file></xliff>";
    let (doc, c) = run(InputFormat::Xliff, text);
    assert_eq!(
        summary(&doc, &c),
        [missing(
            "indivisible-security",
            "Security.",
            "Неделимость безопасности"
        )]
    );
}

const PO: &str = "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: x\\n\"\n\"Language: en_US\\n\"\n\n\
                  #: a.c:1\nmsgid \"\"\n\"Принцип \\\"неделимости \"\n\"безопасности\\\"\"\nmsgstr \"The \\\"equal security\\\" principle\"\n\n\
                  msgid \"ОБСЕ\"\nmsgstr \"OSCE\"\n\n\
                  msgid \"ОБСЕ\"\nmsgstr \"\"\n\n\
                  msgid \"одна ОБСЕ\"\nmsgid_plural \"%d ОБСЕ\"\nmsgstr[0] \"one organization\"\nmsgstr[1] \"%d OSCEs\"\n\n\
                  msgid \"неделимая безопасность\"\nmsgstr \"undivided security\"\n";

#[test]
fn po_missing_per_entry() {
    let (doc, c) = run(InputFormat::Po, PO);
    assert_eq!(
        summary(&doc, &c),
        [
            // Found across a continuation line and an escaped quote.
            missing(
                "indivisible-security",
                "The \\\"equal security\\\" principle",
                "неделимости \"\n\"безопасности"
            ),
            (
                Kind::Variant,
                "indivisible-security".to_owned(),
                "undivided security".to_owned(),
                String::new()
            ),
        ]
    );
    // msgstr[1] renders the term for the plural entry; the empty msgstr is
    // untranslated and not checked.
    assert!(c.findings.iter().all(|f| f.term_id != "osce"));
}

#[test]
fn declared_languages_must_agree_with_the_glossary() {
    let de = XLIFF_12.replace("source-language=\"ru-RU\"", "source-language=\"de\"");
    let (doc, c) = run(InputFormat::Xliff, &de);
    assert!(c.findings.iter().all(|f| f.kind != Kind::Missing));
    // The variant is still reported; a warning points at the language.
    assert!(c.findings.iter().any(|f| f.kind == Kind::Variant));
    assert_eq!(c.diagnostics.len(), 1);
    let d = &c.diagnostics[0];
    assert_eq!(d.code, "language-mismatch");
    assert_eq!((d.location.line, d.location.column), (3, 25));
    assert!(d.message.contains("`de`"), "{}", d.message);

    let fr = PO.replace("Language: en_US", "Language: fr");
    let (doc2, c) = run(InputFormat::Po, &fr);
    assert!(c.findings.iter().all(|f| f.kind != Kind::Missing));
    let d = &c.diagnostics[0];
    let at = doc2.text.find("fr\\n").unwrap();
    assert_eq!(d.location.span.start, at);
    let _ = doc;
}

#[test]
fn undeclared_languages_are_assumed_to_agree() {
    let none = XLIFF_12.replace(" source-language=\"ru-RU\" target-language=\"en\"", "");
    let (_, c) = run(InputFormat::Xliff, &none);
    assert_eq!(
        c.findings
            .iter()
            .filter(|f| f.kind == Kind::Missing)
            .count(),
        2
    );
    let no_header = &PO[PO.find("#: a.c:1").unwrap()..];
    let (_, c) = run(InputFormat::Po, no_header);
    assert_eq!(
        c.findings
            .iter()
            .filter(|f| f.kind == Kind::Missing)
            .count(),
        1
    );
}

#[test]
fn suppression_comments_cover_missing() {
    let text = "# termcheck: ignore indivisible-security\nmsgid \"неделимость безопасности\"\nmsgstr \"security\"\n";
    let (_, c) = run(InputFormat::Po, text);
    assert!(c.findings.is_empty(), "{:?}", c.findings);
    assert_eq!(c.suppressed, 1);
}
