//! Bilingual units: `missing` per unit, positions in the file's own bytes,
//! one finding per problem, and the language rule.

use super::*;
use crate::engine::{Engine, FileOutcome, Settings};
use crate::finding::Kind;
use crate::formats::InputFormat;
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

/// The engine's findings and warnings for a bilingual document.
struct Checked {
    findings: Vec<crate::finding::Finding>,
    suppressed: usize,
    diagnostics: Vec<Diagnostic>,
}

fn check_bilingual(glossary: &str, doc: &Document, format: InputFormat) -> Checked {
    let g = parse("t.toml", glossary).glossary.unwrap();
    let mut settings = Settings::new(GlossarySet::new(vec![g]).unwrap());
    settings.checks = crate::checks::CheckOptions::exact();
    match Engine::new(settings)
        .unwrap()
        .check_document(doc.clone(), format)
    {
        FileOutcome::Checked(c) => Checked {
            findings: c.findings,
            suppressed: c.suppressed,
            diagnostics: c.diagnostics,
        },
        other => panic!("{other:?}"),
    }
}

fn run(format: InputFormat, text: &str) -> (Document, Checked) {
    let doc = Document::new("t", text);
    let checked = check_bilingual(GLOSSARY, &doc, format);
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
                f.term_id.to_string(),
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
    assert!(c.findings.iter().all(|f| &*f.term_id != "osce"));
}

#[test]
fn declared_languages_must_agree_with_the_glossary() {
    let de = XLIFF_12.replace("source-language=\"ru-RU\"", "source-language=\"de\"");
    let (_, c) = run(InputFormat::Xliff, &de);
    assert!(c.findings.iter().all(|f| f.kind != Kind::Missing));
    // The variant is still reported; a warning points at the language.
    assert!(c.findings.iter().any(|f| f.kind == Kind::Variant));
    assert_eq!(c.diagnostics.len(), 1);
    let d = &c.diagnostics[0];
    assert_eq!(d.code, "language-mismatch");
    assert_eq!((d.location.line, d.location.column), (3, 25));
    assert!(d.message.contains("`de`"), "{}", d.message);

    let fr = PO.replace("Language: en_US", "Language: fr");
    let (doc, c) = run(InputFormat::Po, &fr);
    assert!(c.findings.iter().all(|f| f.kind != Kind::Missing));
    // The target language: `Language:` names the translation's language.
    let d = &c.diagnostics[0];
    assert!(
        d.message.contains("target language is `fr`"),
        "{}",
        d.message
    );
    let at = doc.text.find("fr\\n").unwrap();
    assert_eq!(d.location.span.start, at);
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

mod properties {
    use super::*;
    use crate::text::{CharRefs, fold_with};
    use proptest::prelude::*;

    #[derive(Debug, Clone, Copy)]
    enum Src {
        /// One of three inflected renderings of the source form.
        Term(usize),
        Word,
        Quote,
        Amp,
        Emoji,
    }

    #[derive(Debug, Clone, Copy)]
    enum Tgt {
        Approved,
        Variant,
        Tagged,
        Quote,
        Amp,
    }

    fn src() -> impl Strategy<Value = Src> {
        prop_oneof![
            (0..3usize).prop_map(Src::Term),
            Just(Src::Word),
            Just(Src::Quote),
            Just(Src::Amp),
            Just(Src::Emoji),
        ]
    }

    fn tgt() -> impl Strategy<Value = Tgt> {
        prop_oneof![
            Just(Tgt::Approved),
            Just(Tgt::Variant),
            Just(Tgt::Tagged),
            Just(Tgt::Quote),
            Just(Tgt::Amp),
        ]
    }

    fn render_src(t: Src, xml: bool) -> &'static str {
        match (t, xml) {
            (Src::Term(0), _) => "неделимость безопасности",
            (Src::Term(1), true) => "неделимости&#32;безопасности",
            (Src::Term(1), false) => "неделимости\\tбезопасности",
            (Src::Term(_), true) => "неделимой\nбезопасности",
            // A PO continuation line inside the form.
            (Src::Term(_), false) => "неделимой \"\n\"безопасности",
            (Src::Word, _) => "мир",
            (Src::Quote, true) => "&quot;",
            (Src::Quote, false) => "\\\"",
            (Src::Amp, true) => "&amp;",
            (Src::Amp, false) => "&",
            (Src::Emoji, _) => "😀",
        }
    }

    fn render_tgt(t: Tgt, xml: bool) -> &'static str {
        match (t, xml) {
            (Tgt::Approved, _) => "indivisible security",
            (Tgt::Variant, _) => "undivided security",
            (Tgt::Tagged, true) => "<g id=\"1\">security</g>",
            (Tgt::Tagged, false) => "security",
            (Tgt::Quote, true) => "&quot;",
            (Tgt::Quote, false) => "\\\"",
            (Tgt::Amp, true) => "&amp;",
            (Tgt::Amp, false) => "&",
        }
    }

    type UnitSpec = (Vec<Src>, Vec<Tgt>);

    /// The file, and each unit's (source, target) byte ranges.
    fn render(units: &[UnitSpec], xml: bool) -> (String, Vec<(Span, Span)>) {
        let mut out = String::new();
        let mut spans = Vec::new();
        out.push_str(if xml {
            "<xliff version=\"1.2\"><file source-language=\"ru\" target-language=\"en\"><body>\n"
        } else {
            "msgid \"\"\nmsgstr \"Language: en\\n\"\n\n"
        });
        for (s, t) in units {
            let source: Vec<&str> = s.iter().map(|&p| render_src(p, xml)).collect();
            let target: Vec<&str> = t.iter().map(|&p| render_tgt(p, xml)).collect();
            out.push_str(if xml {
                "<trans-unit><source>"
            } else {
                "msgid \""
            });
            let s_start = out.len();
            out.push_str(&source.join(" "));
            let s_span = Span::new(s_start, out.len());
            out.push_str(if xml {
                "</source>\n<target>"
            } else {
                "\"\nmsgstr \""
            });
            let t_start = out.len();
            out.push_str(&target.join(" "));
            let t_span = Span::new(t_start, out.len());
            out.push_str(if xml {
                "</target></trans-unit>\n"
            } else {
                "\"\n\n"
            });
            spans.push((s_span, t_span));
        }
        if xml {
            out.push_str("</body></file></xliff>\n");
        }
        (out, spans)
    }

    proptest! {
        #[test]
        fn missing_exactly_where_a_unit_drops_the_term(
            units in prop::collection::vec(
                (prop::collection::vec(src(), 0..5), prop::collection::vec(tgt(), 0..4)),
                0..6,
            ),
        ) {
            for xml in [true, false] {
                let (text, spans) = render(&units, xml);
                let format = if xml { InputFormat::Xliff } else { InputFormat::Po };
                let refs = if xml { CharRefs::Xml } else { CharRefs::PoString };
                let (_, c) = run(format, &text);
                let missing: Vec<_> = c.findings.iter().filter(|f| f.kind == Kind::Missing).collect();
                let mut expected = 0;
                for ((s, t), (s_span, t_span)) in units.iter().zip(&spans) {
                    let mentions = s.iter().any(|p| matches!(p, Src::Term(_)));
                    let rendered = t.iter().any(|p| matches!(p, Tgt::Approved | Tgt::Variant));
                    if !(mentions && !t.is_empty() && !rendered) {
                        continue;
                    }
                    expected += 1;
                    let f = missing.iter().find(|f| t_span.contains(f.span));
                    prop_assert!(f.is_some(), "no missing in unit {:?} of {}", t_span, text);
                    let f = f.unwrap();
                    let src = f.source_span.as_ref().unwrap();
                    prop_assert!(s_span.contains(src.span), "{:?} outside {:?}", src.span, s_span);
                    let words = fold_with(&text[src.span.range()], 0, false, refs).text;
                    prop_assert!(
                        ["неделимость безопасности", "неделимости безопасности", "неделимой безопасности"]
                            .contains(&words.as_str()),
                        "{:?}", words
                    );
                }
                prop_assert_eq!(missing.len(), expected, "{}", text);
            }
        }
    }
}
