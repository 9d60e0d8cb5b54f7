//! Table tests for the matching rules, one group per contract rule.

use super::*;
use crate::glossary::{GlossarySet, parse};

fn matcher(terms: &str) -> (GlossarySet, Matcher) {
    let text = format!("[glossary]\nname = \"T\"\nlanguage = \"en\"\n{terms}");
    let loaded = parse("t.toml", &text);
    let g = loaded
        .glossary
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let set = GlossarySet::new(vec![g]).unwrap();
    let m = MatcherBuilder::new().glossaries(&set).build().unwrap();
    (set, m)
}

/// Runs the matcher and renders each match as `text[kind:id]`.
fn run(terms: &str, text: &str) -> Vec<String> {
    let (set, m) = matcher(terms);
    let folded = fold(text, 0, true);
    m.find_all(text, &folded)
        .iter()
        .map(|tm| {
            format!(
                "{}[{}:{}]",
                &text[tm.span.range()],
                tm.kind.label(),
                set.term(tm.term).id
            )
        })
        .collect()
}

const T: &str = r#"
[[term]]
id = "osce"
preferred = "OSCE"
[[term]]
id = "is"
preferred = "indivisible security"
variants = ["indivisibility of security"]
[[term]]
id = "nato"
preferred = "NATO"
[[term]]
id = "nc"
preferred = "NATO-centrism"
variants = ["NATO centrism"]
[[term]]
id = "lavrov"
preferred = "Sergey Lavrov"
variants = ["Sergei Lavrov"]
[[term]]
id = "us"
preferred = "US"
case = "sensitive"
[[term]]
id = "sgun"
preferred = "Secretary-General"
variants = ["General Secretary"]
exceptions = ["General Secretary of the Communist Party"]
[[term]]
id = "minsk"
preferred = "Minsk agreements"
inflections = false
"#;

macro_rules! table {
    ($($name:ident: $text:expr => [$($want:expr),*];)*) => {
        $(
            #[test]
            fn $name() {
                let got = run(T, $text);
                let want: Vec<String> = vec![$($want.to_owned()),*];
                assert_eq!(got, want, "text: {:?}", $text);
            }
        )*
    };
}

table! {
    // Rule 1: whole words, across line breaks.
    r1_whole_word: "OSCEAN and OSCE." => ["OSCE[preferred:osce]"];
    r1_not_inside: "theosce, osceola" => [];
    r1_line_break: "the indivisibility of\nsecurity" => ["indivisibility of\nsecurity[variant:is]"];
    r1_crlf_and_spaces: "indivisibility  of \r\n security" => ["indivisibility  of \r\n security[variant:is]"];
    r1_hyphen_is_boundary: "NATO-led forces" => ["NATO[preferred:nato]"];
    // Rule 2: equivalences.
    r2_nbhyphen: "NATO\u{2011}centrism" => ["NATO\u{2011}centrism[preferred:nc]"];
    r2_en_dash: "NATO\u{2013}centrism" => ["NATO\u{2013}centrism[preferred:nc]"];
    r2_nbsp: "Sergei\u{00A0}Lavrov" => ["Sergei\u{00A0}Lavrov[variant:lavrov]"];
    r2_soft_hyphen: "indivisi\u{00AD}bility of security" => ["indivisi\u{00AD}bility of security[variant:is]"];
    r2_curly_possessive: "Lavrov\u{2019}s aide Sergey Lavrov\u{2019}s" => ["Sergey Lavrov\u{2019}s[preferred:lavrov]"];
    // Rule 3: case modes.
    r3_smart_any_case: "INDIVISIBLE SECURITY, Osce" => ["INDIVISIBLE SECURITY[preferred:is]", "Osce[preferred:osce]"];
    r3_sensitive_exact_only: "us and US" => ["US[preferred:us]"];
    // Rule 4: inflections.
    r4_plural: "two NATOs" => ["NATOs[preferred:nato]"];
    r4_possessive: "NATO's role" => ["NATO's[preferred:nato]"];
    r4_plural_possessive: "the Sergei Lavrovs' era" => ["Sergei Lavrovs'[variant:lavrov]"];
    r4_off: "Minsk agreementss, Minsk agreements" => ["Minsk agreements[preferred:minsk]"];
    // Rule 5: leftmost-longest; approved forms hide variants inside them.
    r5_longest: "NATO-centrism" => ["NATO-centrism[preferred:nc]"];
    r5_fallback_to_prefix: "NATO-centrismus" => ["NATO[preferred:nato]"];
    r5_variant: "NATO centrism" => ["NATO centrism[variant:nc]"];
    // Rule 6 is applied by the checks; the matcher still reports the match.
    r6_match_found: "General Secretary of the Communist Party" => ["General Secretary[variant:sgun]"];
}

#[test]
fn exceptions_are_detected() {
    let (_, m) = matcher(T);
    for (text, want) in [
        ("the General Secretary of the Communist Party", true),
        ("UN General Secretary Guterres", false),
    ] {
        let folded = fold(text, 0, true);
        let tm = m.find_all(text, &folded).pop().unwrap();
        assert_eq!(m.in_exception(&tm, &folded), want, "{text}");
    }
}

#[test]
fn derived_forms_never_override_listed_ones() {
    let (set, _) = matcher(T);
    let r = set.find_id("nc").unwrap();
    let mut b = MatcherBuilder::new().glossaries(&set);
    let how: Arc<str> = Arc::from("hyphenation");
    assert!(!b.derived(
        r,
        FormKind::Variant(0),
        "NATO centrism",
        CaseMode::Smart,
        true,
        how.clone()
    ));
    assert!(b.derived(
        r,
        FormKind::Variant(0),
        "NATOcentrism",
        CaseMode::Smart,
        true,
        how
    ));
    let m = b.build().unwrap();
    let text = "NATOcentrism";
    let tm = m.find_all(text, &fold(text, 0, true)).pop().unwrap();
    assert_eq!(tm.derived.as_deref(), Some("hyphenation"));
}

/// The scan before the root filter: a walk at every token start.
fn find_all_unfiltered(m: &Matcher, original: &str, folded: &Folded) -> Vec<TermMatch> {
    let hay = folded.text.as_str();
    let (mut out, mut candidates, mut at) = (Vec::new(), Vec::new(), 0);
    while at < hay.len() {
        let next = words::token_end(hay, at);
        if boundary::is_clitic(hay, at) {
            at = next;
            continue;
        }
        m.trie.walk(hay, at, next, &mut candidates);
        if !candidates.is_empty()
            && let Some(tm) = m.resolve(original, folded, at, &candidates, None)
        {
            at = tm.folded_end.max(next);
            out.push(tm);
            continue;
        }
        at = next;
    }
    out
}

mod filter {
    use proptest::prelude::*;

    use super::*;

    /// Words of forms and text: ASCII, non-ASCII, plural-looking, digits.
    const WORDS: &[&str] = &[
        "nato",
        "natos",
        "nato's",
        "osce",
        "es",
        "s",
        "côte",
        "d'ivoire",
        "türkiye",
        "minsk",
        "agreement",
        "agreements",
        "press",
        "g20",
        "états",
        "ès",
        "x",
    ];
    const SEPS: &[&str] = &[" ", "-", ", ", "\u{a0}", " «", "» ", "\n", "'", "."];

    fn phrase(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(
            (prop::sample::select(WORDS), prop::sample::select(SEPS)),
            1..max,
        )
        .prop_map(|parts| {
            let mut s = String::new();
            for (i, (w, sep)) in parts.iter().enumerate() {
                if i > 0 {
                    s.push_str(sep);
                }
                s.push_str(w);
            }
            s
        })
    }

    proptest! {
        /// The filter in front of the walk only skips token starts where
        /// no form can begin: the matches equal a walk at every token.
        #[test]
        fn filtered_scan_equals_a_walk_at_every_token(
            forms in prop::collection::vec(phrase(4), 1..6),
            text in phrase(40),
            upper in any::<bool>(),
        ) {
            let mut terms = String::new();
            for (i, f) in forms.iter().enumerate() {
                terms.push_str(&format!(
                    "[[term]]\nid = \"t{i}\"\npreferred = \"{}\"\n",
                    f.replace('\n', "\\n")
                ));
            }
            let text = if upper { text.to_uppercase() } else { text };
            let text_ref = text.as_str();
            let loaded = parse("t.toml", &format!("[glossary]\nname = \"T\"\nlanguage = \"en\"\n{terms}"));
            // Two terms with the same form are rightly rejected.
            let Some(g) = loaded.glossary else {
                prop_assume!(false);
                unreachable!()
            };
            let set = GlossarySet::new(vec![g]);
            prop_assume!(set.is_ok());
            let Ok(set) = set else { unreachable!() };
            let m = MatcherBuilder::new().glossaries(&set).build().unwrap();
            let folded = fold(text_ref, 0, true);
            let spans = |v: Vec<TermMatch>| v.iter().map(|t| (t.span, t.term)).collect::<Vec<_>>();
            prop_assert_eq!(
                spans(m.find_all(text_ref, &folded)),
                spans(find_all_unfiltered(&m, text_ref, &folded))
            );
        }
    }
}
