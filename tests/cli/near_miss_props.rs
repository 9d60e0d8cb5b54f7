//! Property tests for the issue-3 checks: whatever the text (NBSP, CR LF,
//! soft hyphens, homoglyphs, invisible characters, typos), every finding's
//! span lies on char boundaries of the original, `found` is exactly that
//! text, and applying a mixed-script fix removes what it reported.

use proptest::prelude::*;
use termcheck::checks::{CheckOptions, Checker};
use termcheck::finding::{Applicability, Kind};
use termcheck::glossary::{GlossarySet, parse};
use termcheck::text::Document;

const GLOSSARY: &str = r#"
[glossary]
name = "props"
language = "en"
[[term]]
id = "lavrov"
preferred = "Sergey Lavrov"
source = ["Сергей Лавров"]
[[term]]
id = "osce"
preferred = "Organization for Security and Co-operation in Europe"
admitted = ["OSCE"]
[[term]]
id = "indivisible-security"
preferred = "indivisible security"
"#;

fn checker() -> Checker {
    let g = parse("props.toml", GLOSSARY).glossary.unwrap();
    let set = GlossarySet::new(vec![g]).unwrap();
    let opts = CheckOptions::all(&set);
    Checker::with_options(set, &opts).unwrap()
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Sergey Lavrov".to_owned()),
        Just("Sergei Lavrov".to_owned()),
        Just("Sergey Lavrоv".to_owned()),
        Just("Sergey Lav\u{200B}rov".to_owned()),
        Just("indivisable security".to_owned()),
        Just("indivisible\u{00A0}security".to_owned()),
        Just("Organization for Security and Co\u{2011}operation in Eruope".to_owned()),
        Just("OSСE".to_owned()),
        Just("co-operation".to_owned()),
        Just("cooperation".to_owned()),
        Just("organisation".to_owned()),
        Just("organization".to_owned()),
        Just("Minsk agreements".to_owned()),
        Just("Minsk Agreements".to_owned()),
        Just("сar".to_owned()),
        Just("Путин".to_owned()),
        Just("\u{00AD}".to_owned()),
        "[a-zA-Z]{1,9}",
        Just(" ".to_owned()),
        Just("\r\n".to_owned()),
        Just(". ".to_owned()),
        Just("\u{00A0}".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn spans_are_sound(pieces in prop::collection::vec(piece(), 0..40)) {
        let text: String = pieces.join(" ");
        let doc = Document::from_bytes("t.txt".to_owned(), text.clone().into_bytes()).unwrap();
        let checker = checker();
        let findings = checker.check(&doc);
        for f in &findings {
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            prop_assert!(f.span.start < f.span.end);
            prop_assert_eq!(&text[f.span.range()], &*f.found);
            // A near-miss may carry an unsafe fix (applied only with
            // --unsafe-fixes); an inconsistency never carries one.
            if f.kind == Kind::NearMiss {
                prop_assert!(f.fix.as_ref().is_none_or(|x| x.applicability == Applicability::Unsafe));
            }
            if f.kind == Kind::Inconsistent {
                prop_assert!(f.fix.is_none());
            }
            if f.kind == Kind::MixedScript
                && let Some(fix) = &f.fix
            {
                let e = &fix.edits[0];
                let hidden = e.replacement.contains('\u{200B}');
                let cyrillic = e.replacement.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
                prop_assert!(!hidden && !cyrillic, "fix {:?}", e.replacement);
            }
        }
        // Sorted by byte_start, then term id.
        for w in findings.windows(2) {
            prop_assert!((w[0].span.start, &w[0].term_id) <= (w[1].span.start, &w[1].term_id));
        }
    }
}

/// The glossary of `tests/near_miss_cli.rs`'s weak near-miss tests.
const WEAK: &str = include_str!("../fixtures/near-miss/weak.toml");

/// The listed forms of each term of [`WEAK`], lower case.
fn weak_forms(term: &str) -> &'static [&'static str] {
    match term {
        "hungary" => &["hungary"],
        "bulgaria" => &["bulgaria"],
        _ => &["volodymyr zelenskyy", "vladimir zelensky"],
    }
}

fn weak_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Hungary".to_owned()),
        Just("Hungry".to_owned()),
        Just("Hungray".to_owned()),
        Just("Bulgaria".to_owned()),
        Just("Bulgaira".to_owned()),
        Just("Bulgarra".to_owned()),
        Just("Volodymyr Zelenskyy".to_owned()),
        Just("Vladimir Zelensky".to_owned()),
        Just("Vladimir Zelinsky".to_owned()),
        Just("Vladimir Zelenskiy".to_owned()),
        (1usize..400).prop_map(|n| "the talks went on. ".repeat(n)),
        "[a-z]{1,9}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Whatever the text: a one-word near-miss is never an English word,
    /// and a near-miss of a listed variant always has a mention of its
    /// term within 5,000 bytes.
    #[test]
    fn weak_near_misses_have_support(pieces in prop::collection::vec(weak_piece(), 0..30)) {
        let text: String = pieces.join(" ");
        let doc = Document::from_bytes("t.txt".to_owned(), text.clone().into_bytes()).unwrap();
        let g = parse("weak.toml", WEAK).glossary.unwrap();
        let set = GlossarySet::new(vec![g]).unwrap();
        let checker = Checker::with_options(set.clone(), &CheckOptions::all(&set)).unwrap();
        let english = [
            include_str!("../../src/checks/english_words.txt"),
            include_str!("../../src/checks/english_words4.txt"),
        ]
        .concat();
        let lower = text.to_lowercase();
        prop_assume!(lower.len() == text.len());
        for f in checker.check(&doc).iter().filter(|f| f.kind == Kind::NearMiss) {
            let found = f.found.to_lowercase();
            prop_assert!(found.contains(' ') || !english.lines().any(|w| w == found), "{}", f.found);
            let weak = f.message.contains("a variant of");
            if weak {
                // A mention that starts or ends within 5,000 bytes of the
                // near-miss, without overlapping it.
                let near = weak_forms(&f.term_id).iter().any(|form| {
                    lower.match_indices(form).any(|(s, _)| {
                        let e = s + form.len();
                        s <= f.span.end + 5000
                            && e + 5000 >= f.span.start
                            && (e <= f.span.start || s >= f.span.end)
                    })
                });
                prop_assert!(near, "{} has no mention of {} nearby", f.found, f.term_id);
            }
        }
    }
}
