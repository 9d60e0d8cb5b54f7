//! Every format: the right regions, positions in the original bytes
//! (multi-byte text and escapes included), and directives.

use super::*;
use crate::engine::{Engine, FileOutcome, Settings};
use crate::glossary::{GlossarySet, parse};

const GLOSSARY: &str = r#"
[glossary]
name = "T"
language = "en"

[[term]]
id = "indivisible-security"
preferred = "indivisible security"
variants = ["indivisibility of security", "undivided security"]

[[term]]
id = "osce"
preferred = "Organization for Security and Co-operation in Europe"
admitted = ["OSCE"]
variants = ["Organization for Security and Cooperation in Europe"]

[[term]]
id = "cote-divoire"
preferred = "Côte d'Ivoire"
variants = ["Ivory Coast"]
"#;

fn checker() -> Engine {
    let g = parse("t.toml", GLOSSARY).glossary.unwrap();
    let mut settings = Settings::new(GlossarySet::new(vec![g]).unwrap());
    settings.checks = crate::checks::CheckOptions::exact();
    Engine::new(settings).unwrap()
}

/// What the engine's pipeline gives for a document read as `format`.
#[derive(Debug)]
struct Checked {
    findings: Vec<crate::finding::Finding>,
    diagnostics: Vec<Diagnostic>,
}

/// The format's own error, else the engine's findings.
fn check(engine: &Engine, doc: &Document, format: InputFormat) -> Result<Checked, FormatError> {
    extract(format, doc)?;
    match engine.check_document(doc.clone(), format) {
        FileOutcome::Checked(c) => Ok(Checked {
            findings: c.findings,
            diagnostics: c.diagnostics,
        }),
        other => panic!("extract succeeded but the engine gave {other:?}"),
    }
}

/// (found, line, column, term) for each finding.
fn run(format: InputFormat, text: &str) -> Vec<(String, usize, usize, String)> {
    let doc = Document::new("t", text);
    let checked = check(&checker(), &doc, format).unwrap();
    checked
        .findings
        .iter()
        .map(|f| {
            let lc = doc.line_col(f.span.start);
            assert_eq!(&doc.text[f.span.range()], &*f.found);
            (
                f.found.to_string(),
                lc.line,
                lc.column,
                f.term_id.to_string(),
            )
        })
        .collect()
}

/// Line and column (1-based, in chars) of the `nth` occurrence of
/// `needle`, counted independently of `LineIndex`.
fn at(text: &str, needle: &str, nth: usize) -> (usize, usize, String) {
    let (off, _) = text.match_indices(needle).nth(nth).unwrap();
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col, needle.to_owned())
}

/// Asserts the findings are exactly the given occurrences, in order.
fn expect(format: InputFormat, text: &str, occurrences: &[(&str, usize)]) {
    let got: Vec<(usize, usize, String)> = run(format, text)
        .into_iter()
        .map(|f| (f.1, f.2, f.0))
        .collect();
    let want: Vec<(usize, usize, String)> =
        occurrences.iter().map(|(n, i)| at(text, n, *i)).collect();
    assert_eq!(got, want);
}

#[test]
fn formats_by_extension() {
    assert_eq!(InputFormat::from_path("a/b.MD"), InputFormat::Markdown);
    assert_eq!(InputFormat::from_path("x.xlf"), InputFormat::Xliff);
    assert_eq!(InputFormat::from_path("x.pot"), InputFormat::Po);
    assert_eq!(InputFormat::from_path("x.htm"), InputFormat::Html);
    assert_eq!(InputFormat::from_path("README"), InputFormat::Text);
    assert_eq!("json".parse::<InputFormat>(), Err(()));
}

#[test]
fn text_positions_after_multibyte_text() {
    let text = "Žádné «déjà vu»: the indivisibility of security.\nIvory Coast\n";
    let f = run(InputFormat::Text, text);
    assert_eq!(f[0].2, 22);
    assert_eq!(f[1].3, "cote-divoire");
    expect(
        InputFormat::Text,
        text,
        &[("indivisibility of security", 0), ("Ivory Coast", 0)],
    );
}

#[test]
fn text_directives_and_directive_lines() {
    let text = "undivided security\n\
                # termcheck-disable-next-line indivisible-security\n\
                undivided security and Ivory Coast\n\
                // termcheck-disable\n\
                Ivory Coast\n\
                termcheck-enable\n\
                Ivory Coast termcheck-disable-line\n";
    let f = run(InputFormat::Text, text);
    let lines: Vec<(usize, &str)> = f.iter().map(|x| (x.1, x.0.as_str())).collect();
    // Line 7's directive is not alone on its line: it is prose.
    assert_eq!(
        lines,
        [
            (1, "undivided security"),
            (3, "Ivory Coast"),
            (7, "Ivory Coast")
        ]
    );
}

#[test]
fn markdown_skips_code_urls_front_matter_and_comments() {
    let text = "---\ntitle: Ivory Coast\n---\n\n# Ivory Coast\n\n\
                `Ivory Coast` and <https://ivory.coast/Ivory-Coast> and \
                [the Ivory Coast](https://example.org/Ivory%20Coast) see https://www.ivory-coast.org/undivided-security.\n\n\
                ```\nIvory Coast\n```\n\n\
                <!-- Ivory Coast -->\n\
                ![Ivory Coast flag](flag.png)\n";
    expect(
        InputFormat::Markdown,
        text,
        &[("Ivory Coast", 1), ("Ivory Coast", 3), ("Ivory Coast", 6)],
    );
}

#[test]
fn markdown_soft_breaks_entities_and_directives() {
    let text = "The indivisibility\nof security &amp; the Organization for Security and Co&#8209;operation in\u{a0}Europe.\n\n\
                <!-- termcheck-disable-next-line -->\nIvory Coast\n\nIvory Coast <!-- termcheck-disable-line cote-divoire -->\n\nIvory Coast\n";
    let f = run(InputFormat::Markdown, text);
    let got: Vec<(usize, usize, &str)> = f.iter().map(|x| (x.1, x.2, x.0.as_str())).collect();
    assert_eq!(
        got,
        [(1, 5, "indivisibility\nof security"), (9, 1, "Ivory Coast")]
    );
}

#[test]
fn html_text_attributes_and_references() {
    let text = "<!DOCTYPE html><html><head><title>Ivory Coast</title>\
                <style>p::after { content: 'Ivory Coast' }</style>\
                <script>var s = \"<p>undivided security</p>\";</script></head>\n\
                <body><p title=\"Ivory&#32;Coast\">Żółć &mdash; the Ivory&nbsp;Coast &amp; \
                Organization for Security and Cooperation in&#x20;Europe</p>\n\
                <img alt='undivided security' src='undivided-security.png'>\
                <code>Ivory Coast</code><!-- termcheck-disable-next-line -->\n<p>Ivory Coast</p></body></html>";
    expect(
        InputFormat::Html,
        text,
        &[
            ("Ivory Coast", 0),
            ("Ivory&#32;Coast", 0),
            ("Ivory&nbsp;Coast", 0),
            (
                "Organization for Security and Cooperation in&#x20;Europe",
                0,
            ),
            ("undivided security", 1),
        ],
    );
}

#[test]
fn html_fix_is_escaped() {
    let doc = Document::new("t.html", "<p>Ivory Coast</p>");
    let c = check(&checker(), &doc, InputFormat::Html).unwrap();
    let fix = c.findings[0].fix.as_ref().unwrap();
    assert_eq!(fix.edits[0].replacement, "Côte d'Ivoire");
}

#[test]
fn xliff_12_targets_only() {
    let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="ru" target-language="en" datatype="plaintext" original="a.txt">
  <body>
   <trans-unit id="1">
    <source>Кот-д’Ивуар</source>
    <target>Ivory Coast &amp; the <g id="1">indivisibility of security</g> <x id="2"/></target>
    <alt-trans><target>Ivory Coast</target></alt-trans>
   </trans-unit>
   <trans-unit id="2">
    <source>ОБСЕ</source>
    <!-- termcheck-disable-next-line -->
    <target>Ivory Coast</target>
   </trans-unit>
   <trans-unit id="3">
    <target>Organization for Security and Co&#x2011;operation in Europe <bpt id="1">&lt;b&gt;Ivory Coast</bpt>Организация — Organization for Security and Cooperation&#160;in Europe</target>
   </trans-unit>
  </body>
 </file>
</xliff>
"#;
    expect(
        InputFormat::Xliff,
        text,
        &[
            ("Ivory Coast", 0),
            ("indivisibility of security", 0),
            (
                "Organization for Security and Cooperation&#160;in Europe",
                0,
            ),
        ],
    );
}

#[test]
fn xliff_2_targets() {
    let text = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"ru\" trgLang=\"en\">\n\
                <file id=\"f\"><unit id=\"u\"><segment><source>x</source>\n\
                <target>«Ivory <pc id=\"1\">Coast</pc>» — undivided<ph id=\"2\"/> security, Ivory Coast</target></segment></unit></file></xliff>";
    // Inline tags split text runs: a term across a tag is not matched.
    expect(InputFormat::Xliff, text, &[("Ivory Coast", 0)]);
}

#[test]
fn xliff_refuses_dtd_and_reports_bad_xml() {
    let dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<xliff><target>&e;</target></xliff>";
    let doc = Document::new("t.xlf", dtd);
    let err = check(&checker(), &doc, InputFormat::Xliff).unwrap_err();
    assert!(err.message.contains("DTD"), "{err:?}");
    let d = err.to_diagnostic(&doc);
    assert_eq!((d.location.line, d.location.column), (2, 1));

    let bad = Document::new("t.xlf", "<xliff>\n<target>Ivory Coast</tar>\n</xliff>");
    let err = check(&checker(), &bad, InputFormat::Xliff).unwrap_err();
    assert_eq!(err.to_diagnostic(&bad).location.line, 2);
}

/// Found by the `format_xliff` fuzz target: quick-xml reported an error
/// inside the second of two byte-order marks, and rendering it sliced
/// through the character.
#[test]
fn format_error_inside_a_multibyte_character_is_rendered() {
    let doc = Document::new("t.xlf", "\u{FEFF}\u{FEFF}\u{1}<");
    let err = check(&checker(), &doc, InputFormat::Xliff).unwrap_err();
    let d = err.to_diagnostic(&doc);
    let span = d.location.span;
    assert!(doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end));
    assert_eq!(d.location.line, 1);
    let odd = FormatError {
        offset: 4,
        message: "m".into(),
        help: "h".to_owned(),
    };
    assert_eq!(odd.to_diagnostic(&doc).location.span, Span::new(3, 6));
}

/// Found twice by the `format_xliff` fuzz target: quick-xml skips one BOM
/// at the start of its input without counting it, so after the file's own
/// BOM a second one (and, once that was handled, a third) shifted every
/// region by three bytes, into characters.
#[test]
fn xliff_after_several_byte_order_marks() {
    for boms in 0..5 {
        let text = format!(
            "{}<target>Ivory Coast \u{FFFD}</target>",
            "\u{FEFF}".repeat(boms)
        );
        let doc = Document::new("t.xlf", &text);
        let ex = extract(InputFormat::Xliff, &doc).unwrap();
        let at = text.find("Ivory").unwrap();
        assert_eq!(
            ex.regions,
            [Span::new(at, text.find("</").unwrap())],
            "{boms} BOMs"
        );
        let found = run(InputFormat::Xliff, &text);
        assert_eq!(found.len(), 1, "{boms} BOMs: {found:?}");
        assert_eq!(found[0].0, "Ivory Coast");
    }
}

#[test]
fn po_msgstr_continuations_and_ignore() {
    let text = "# Translator header\nmsgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\"X-Note: Ivory Coast\\n\"\n\n\
                #: a.c:1\nmsgid \"Кот-д’Ивуар\"\nmsgstr \"Ivory Coast\"\n\n\
                msgid \"x\"\nmsgstr \"\"\n\"the indivisibility of \"\n\"security and \\\"Ivory Coast\\\"\"\n\n\
                # termcheck: ignore cote-divoire\nmsgid \"y\"\nmsgstr \"Ivory Coast, undivided security\"\n\n\
                msgid \"Ivory Coast\"\nmsgid_plural \"Ivory Coasts\"\nmsgstr[0] \"\"\nmsgstr[1] \"Ivory Coasts\"\n\n\
                #~ msgid \"old\"\n#~ msgstr \"Ivory Coast\"\n";
    expect(
        InputFormat::Po,
        text,
        &[
            ("Ivory Coast", 1),
            ("indivisibility of \"\n\"security", 0),
            ("Ivory Coast", 2),
            ("undivided security", 0),
            ("Ivory Coasts", 1),
        ],
    );
}

#[test]
fn po_fix_is_escaped_and_unknown_ids_reported() {
    let doc = Document::new(
        "t.po",
        "# termcheck: ignore cote-d-ivoire\nmsgid \"a\"\nmsgstr \"Ivory Coast\"\n",
    );
    let c = check(&checker(), &doc, InputFormat::Po).unwrap();
    assert_eq!(c.findings.len(), 1);
    assert_eq!(c.diagnostics.len(), 1);
    assert_eq!(c.diagnostics[0].code, "unknown-term-id");
    assert_eq!(
        c.diagnostics[0].help.as_deref(),
        Some("did you mean `cote-divoire`?")
    );
}

#[test]
fn unknown_directive_is_reported() {
    let doc = Document::new("t.md", "<!-- termcheck-disable-nextline -->\nIvory Coast\n");
    let c = check(&checker(), &doc, InputFormat::Markdown).unwrap();
    assert_eq!(c.findings.len(), 1);
    assert_eq!(c.diagnostics[0].code, "unknown-directive");
    assert_eq!(
        c.diagnostics[0].help.as_deref(),
        Some("did you mean `termcheck-disable-next-line`?")
    );
}

#[test]
fn urls_are_cut_out() {
    let text = "see https://osce.org/x, then www.a.org.";
    let r = without_urls(text, &[Span::new(0, text.len())]);
    let parts: Vec<&str> = r.iter().map(|s| &text[s.range()]).collect();
    assert_eq!(parts, ["see ", ", then ", "."]);
}

mod properties {
    use super::*;
    use crate::text::fold_with;
    use proptest::prelude::*;

    /// Pieces of markup and prose whose concatenation exercises escapes,
    /// multi-byte text, tags and line breaks around the term.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "Ivory Coast",
            "Ivory&nbsp;Coast",
            "Ivory&#32;Coast",
            "Żółć ",
            "😀",
            " ",
            "\n",
            "&amp;",
            "<b>",
            "</b>",
            "«",
            "»",
            "the ",
            "x",
        ])
    }

    proptest! {
        #[test]
        fn spans_point_at_the_term_in_every_format(pieces in prop::collection::vec(piece(), 0..24)) {
            let body: String = pieces.concat();
            let checker = checker();
            for (format, text, refs) in [
                (InputFormat::Text, body.clone(), CharRefs::None),
                (InputFormat::Markdown, body.clone(), CharRefs::Html),
                (InputFormat::Html, format!("<p>{body}</p>"), CharRefs::Html),
            ] {
                let doc = Document::new("t", text.as_str());
                let checked = check(&checker, &doc, format).unwrap();
                for f in &checked.findings {
                    prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
                    prop_assert_eq!(&text[f.span.range()], &*f.found);
                    let folded = fold_with(&f.found, 0, true, refs).text;
                    prop_assert_eq!(folded.as_str(), "ivory coast", "{:?} in {:?}", format, text);
                }
            }
        }
    }
}

/// (source texts, target text, source language, target language) of each
/// unit.
type UnitText = (Vec<String>, Option<String>, Option<String>, Option<String>);

fn units(format: InputFormat, text: &str) -> Vec<UnitText> {
    let doc = Document::new("t", text);
    let ex = extract(format, &doc).unwrap();
    ex.units
        .iter()
        .map(|u| {
            let lang = |l: &Option<Language>| {
                l.as_ref().map(|l| {
                    assert_eq!(&text[l.span.range()], l.tag);
                    l.tag.clone()
                })
            };
            (
                u.source
                    .iter()
                    .map(|s| text[s.range()].to_owned())
                    .collect(),
                u.target.map(|t| text[t.range()].to_owned()),
                lang(&u.source_language),
                lang(&u.target_language),
            )
        })
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn xliff_12_units_pair_source_and_target() {
    let text = r#"<xliff version="1.2">
 <file original="a" target-language = 'en-US' source-language="ru">
  <body><group>
   <trans-unit id="1">
    <source>Один <g id="1">два</g> <x id="2"/>три <bpt id="3">&lt;b&gt;</bpt>четыре</source>
    <seg-source><mrk mtype="seg" mid="1">Один</mrk></seg-source>
    <target>One <g id="1">two</g> three</target>
    <alt-trans><source>Один</source><target>Uno</target></alt-trans>
   </trans-unit>
   <trans-unit id="2"><source>Пять</source></trans-unit>
   <trans-unit id="3"><source>Шесть</source><target/></trans-unit>
  </group></body>
 </file>
 <file original="b" source-language="uk">
  <body><trans-unit id="4"><source><![CDATA[Сім]]></source><target><![CDATA[Seven]]></target></trans-unit></body>
 </file>
</xliff>"#;
    let ru = || Some("ru".to_owned());
    let en = || Some("en-US".to_owned());
    assert_eq!(
        units(InputFormat::Xliff, text),
        [
            (
                strings(&["Один ", "два", " ", "три ", "четыре"]),
                Some("One <g id=\"1\">two</g> three".to_owned()),
                ru(),
                en()
            ),
            (strings(&["Пять"]), None, ru(), en()),
            (strings(&["Шесть"]), None, ru(), en()),
            (
                strings(&["Сім"]),
                Some("Seven".to_owned()),
                Some("uk".to_owned()),
                en()
            ),
        ]
    );
}

#[test]
fn xliff_2_segments_are_units() {
    let text = "<xliff version=\"2.0\" srcLang=\"ru\" trgLang=\"en\"><file id=\"f\">\
                <unit id=\"1\"><segment><source>А</source><target>A</target></segment>\
                <ignorable><source> </source></ignorable>\
                <segment><source>Б <pc id=\"1\">В</pc></source><target>B <pc id=\"1\">C</pc></target></segment></unit>\
                </file></xliff>";
    let ru = || Some("ru".to_owned());
    let en = || Some("en".to_owned());
    assert_eq!(
        units(InputFormat::Xliff, text),
        [
            (strings(&["А"]), Some("A".to_owned()), ru(), en()),
            (strings(&[" "]), None, ru(), en()),
            (
                strings(&["Б ", "В"]),
                Some("B <pc id=\"1\">C".to_owned()),
                ru(),
                en()
            ),
        ]
    );
}

#[test]
fn po_entries_are_units_with_header_languages() {
    let text = "msgid \"А\"\nmsgstr \"A\"\n\n\
                msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: x\\n\"\n\"Language:  pt_BR\\n\"\n\"X-Source-Language: ru\\n\"\n\n\
                msgctxt \"menu\"\nmsgid \"Б\"\n\"В\"\nmsgid_plural \"Г\"\nmsgstr[0] \"B\"\nmsgstr[1] \"C\"\n\n\
                msgid \"Д\"\nmsgstr \"\"\n\n\
                #~ msgid \"Е\"\n#~ msgstr \"E\"\n";
    let ru = || Some("ru".to_owned());
    let pt = || Some("pt_BR".to_owned());
    assert_eq!(
        units(InputFormat::Po, text),
        [
            (strings(&["А"]), Some("A".to_owned()), ru(), pt()),
            (
                strings(&["Б\"\n\"В", "Г"]),
                Some("B\"\nmsgstr[1] \"C".to_owned()),
                ru(),
                pt()
            ),
            (strings(&["Д"]), None, ru(), pt()),
        ]
    );
}

#[test]
fn language_tags_compare_by_primary_subtag() {
    let l = |tag: &str| Language {
        tag: tag.to_owned(),
        span: Span::new(0, 0),
    };
    assert!(l("en-US").same_as("en"));
    assert!(l("EN_gb").same_as("en-US"));
    assert!(l("ru").same_as("RU"));
    assert!(!l("uk").same_as("ru"));
    assert!(!l("en").same_as("eng"));
}
