//! Source matching, one row per rule.

use super::*;
use crate::finding::Kind;
use crate::glossary::{GlossarySet, parse};

const GLOSSARY: &str = r#"
[glossary]
name = "t"
language = "en"
source_language = "ru"

[[term]]
id = "indivisible-security"
preferred = "indivisible security"
variants = ["indivisibility of security"]
source = ["неделимость безопасности"]

[[term]]
id = "osce"
preferred = "OSCE"
source = ["ОБСЕ"]

[[term]]
id = "nato"
preferred = "NATO"
source = ["НАТО", "Североатлантический альянс"]

[[term]]
id = "nato-russia-council"
preferred = "NATO-Russia Council"
source = ["Совет Россия-НАТО"]

[[term]]
id = "un-secretary-general"
preferred = "UN Secretary-General"
source = ["генсек ООН"]

[[term]]
id = "un"
preferred = "United Nations"
admitted = ["UN"]
source = ["ООН"]

[[term]]
id = "foreign-ministry"
preferred = "Foreign Ministry"
source = ["МИД", "МИД России"]

[[term]]
id = "mfa-spokeswoman"
preferred = "Russian Foreign Ministry Spokeswoman"
case = "insensitive"
source = ["официальный представитель МИД России"]

[[term]]
id = "lavrov"
preferred = "Sergey Lavrov"
source = ["Лавров"]

[[term]]
id = "trilateral-contact-group"
preferred = "Trilateral Contact Group"
source = ["Трёхсторонняя контактная группа"]

[[term]]
id = "rules-based-order"
preferred = "rules-based order"
source = ["«порядок, основанный на правилах»"]

[[term]]
id = "peace"
preferred = "peace"
source = ["мир"]

[[term]]
id = "togo"
preferred = "Togo"
source = ["Того"]

[[term]]
id = "denmark"
preferred = "Denmark"
source = ["Дания"]

[[term]]
id = "mykolaiv"
preferred = "Mykolaiv"
source = ["Николаев"]

[[term]]
id = "russia"
preferred = "Russian Federation"
source = ["Россия"]

[[term]]
id = "state-of-palestine"
preferred = "State of Palestine"
source = ["Государство Палестина"]
"#;

fn set() -> GlossarySet {
    let loaded = parse("t.toml", GLOSSARY);
    GlossarySet::new(loaded.glossary.into_iter().collect()).unwrap()
}

/// The ids of the terms found in `text`, with the text each matched.
fn found(text: &str) -> Vec<(String, String)> {
    let set = set();
    let m = SourceMatcher::new(&set);
    m.find(text, Span::new(0, text.len()))
        .into_iter()
        .map(|sm| {
            (
                set.qualified_id(sm.term).to_owned(),
                text[sm.span.range()].to_owned(),
            )
        })
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn inflected_forms_match() {
    for t in [
        "неделимость безопасности",
        "принцип неделимости безопасности",
        "о неделимостью безопасности",
        "принципа неделимой безопасности",
        "НЕДЕЛИМОСТЬ БЕЗОПАСНОСТИ",
    ] {
        assert_eq!(ids(t), ["indivisible-security"], "{t}");
    }
}

#[test]
fn match_spans_point_at_original_bytes() {
    assert_eq!(
        found("Принцип неделимой\u{00A0}\nбезопасности."),
        [(
            "indivisible-security".to_owned(),
            "неделимой\u{00A0}\nбезопасности".to_owned()
        )]
    );
}

#[test]
fn never_inside_a_longer_word_or_across_punctuation() {
    assert!(ids("мировой порядок").is_empty());
    assert_eq!(ids("о мире"), ["peace"]);
    assert!(ids("неделимость. Безопасность").is_empty());
    assert!(ids("неделимость и безопасность").is_empty());
}

#[test]
fn yo_and_e_are_one_letter() {
    assert_eq!(
        ids("Трехсторонней контактной группы"),
        ["trilateral-contact-group"]
    );
    assert_eq!(
        ids("Трёхсторонней контактной группой"),
        ["trilateral-contact-group"]
    );
}

#[test]
fn acronyms_whole_words_with_case_endings() {
    assert_eq!(ids("в ОБСЕ"), ["osce"]);
    assert_eq!(ids("заявили в МИДе"), ["foreign-ministry"]);
    assert_eq!(ids("представитель МИДа"), ["foreign-ministry"]);
    assert_eq!(
        found("с МИД-ом"),
        [("foreign-ministry".to_owned(), "МИД-ом".to_owned())]
    );
    assert!(ids("НАТО-шный генерал").is_empty());
    assert!(ids("НАТОвский генерал").is_empty());
    assert!(ids("ОБСЕАН").is_empty());
    assert!(ids("Нато").is_empty(), "acronyms keep their case");
    assert_eq!(ids("НАТО-ориентированный"), ["nato"]);
}

#[test]
fn surnames_in_ov_decline() {
    for t in ["Лавров", "Лаврова", "Лаврову", "Лавровым", "о Лаврове"]
    {
        assert_eq!(ids(t), ["lavrov"], "{t}");
    }
}

#[test]
fn hyphenated_and_quoted_forms() {
    assert_eq!(ids("заседание Совета Россия–НАТО"), ["nato-russia-council"]);
    assert_eq!(
        ids("заседание Совета Россия - НАТО"),
        ["nato-russia-council"]
    );
    assert_eq!(
        ids("так называемого порядка, основанного на правилах"),
        ["rules-based-order"]
    );
    assert_eq!(
        ids("«порядка, основанного на правилах»"),
        ["rules-based-order"]
    );
}

#[test]
fn leftmost_longest_across_terms() {
    assert_eq!(ids("генсек ООН заявил"), ["un-secretary-general"]);
    assert_eq!(ids("в ООН"), ["un"]);
    assert_eq!(ids("Североатлантического альянса"), ["nato"]);
}

fn check(src: &str, tgt: &str, mode: AlignMode) -> Vec<Finding> {
    let set = set();
    let m = SourceMatcher::new(&set);
    let checker = Checker::new(set).unwrap();
    let s = Document::new("s.ru", src);
    let t = Document::new("t.en", tgt);
    check_pair(&checker, &m, &s, &t, mode).unwrap()
}

#[test]
fn missing_in_the_aligned_line_only() {
    let f = check(
        "Лавров выступил.\nРечь о неделимости безопасности.\n",
        "Sergey Lavrov spoke.\nHe spoke of security.\n",
        AlignMode::Auto,
    );
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].kind, Kind::Missing);
    assert_eq!(&*f[0].term_id, "indivisible-security");
    assert_eq!(&*f[0].found, "неделимости безопасности");
    let src = f[0].source_span.as_deref().unwrap();
    assert_eq!((src.line, src.column), (2, 8));
    assert_eq!(
        &"Sergey Lavrov spoke.\nHe spoke of security.\n"[f[0].span.range()],
        "He spoke of security."
    );
}

#[test]
fn a_variant_is_reported_instead_of_missing() {
    let f = check(
        "о неделимости безопасности\n",
        "on the indivisibility of security\n",
        AlignMode::Line,
    );
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].kind, Kind::Variant);
}

#[test]
fn rendering_in_another_line_does_not_count() {
    let f = check(
        "ОБСЕ\nбез терминов\n",
        "no term\nthe OSCE\n",
        AlignMode::Line,
    );
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, Kind::Missing);
}

#[test]
fn document_mode_compares_counts() {
    let src = "ОБСЕ и ОБСЕ.\n\nЕщё раз ОБСЕ.\n";
    let f = check(src, "The OSCE and the OSCE.\n", AlignMode::Document);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("3 times"), "{}", f[0].message);
    assert!(f[0].message.contains("twice"), "{}", f[0].message);
    assert!(f[0].span.is_empty());
    let f = check(src, "OSCE OSCE OSCE", AlignMode::Document);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn a_rendering_inside_a_longer_term_counts() {
    let f = check(
        "Представитель МИД России Мария Захарова заявила\n",
        "Russian Foreign Ministry spokeswoman Maria Zakharova said\n",
        AlignMode::Line,
    );
    assert!(f.is_empty(), "{f:#?}");
    let f = check(
        "Представитель МИД России Мария Захарова заявила\n",
        "A spokeswoman, Maria Zakharova, said\n",
        AlignMode::Line,
    );
    assert_eq!(f.len(), 1, "{f:#?}");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "принципа",
        "неделимой",
        "безопасности",
        "неделимость",
        "ОБСЕ",
        "МИДа",
        "НАТО",
        "мира",
        "мировой",
        "Лаврова",
        "Трёхсторонней",
        "контактной",
        "группы",
        "и",
        "в",
    ];
    const SPACES: &[&str] = &[" ", "\u{00A0}", "\r\n", "\u{2009}", "  \t"];

    fn ids_and_spans(text: &str) -> (Vec<String>, Vec<Span>) {
        let set = set();
        let m = SourceMatcher::new(&set);
        let found = m.find(text, Span::new(0, text.len()));
        (
            found
                .iter()
                .map(|f| set.qualified_id(f.term).to_owned())
                .collect(),
            found.iter().map(|f| f.span).collect(),
        )
    }

    proptest! {
        #[test]
        fn spaces_never_change_what_is_found(
            words in proptest::collection::vec(0..WORDS.len(), 1..12),
            seps in proptest::collection::vec(0..SPACES.len(), 12),
        ) {
            let plain: Vec<&str> = words.iter().map(|&i| WORDS[i]).collect();
            let plain_text = plain.join(" ");
            let mut odd = String::new();
            for (k, w) in plain.iter().enumerate() {
                if k > 0 {
                    odd.push_str(SPACES[seps[k]]);
                }
                odd.push_str(w);
            }
            let (a, _) = ids_and_spans(&plain_text);
            let (b, spans) = ids_and_spans(&odd);
            prop_assert_eq!(a, b);
            for s in spans {
                prop_assert!(odd.is_char_boundary(s.start) && odd.is_char_boundary(s.end));
                let inner = &odd[s.range()];
                prop_assert!(!inner.starts_with(char::is_whitespace));
                prop_assert!(!inner.ends_with(char::is_whitespace));
            }
        }
    }
}

#[test]
fn capitalized_names_match_only_capitalized_words() {
    assert!(ids("после того как данные были получены").is_empty());
    assert_eq!(ids("Президент Того и посол Дании"), ["togo", "denmark"]);
    assert_eq!(ids("ТОГО"), ["togo"]);
    // The first word of a longer name may be lower case in running text.
    assert_eq!(
        ids("признать государство Палестина"),
        ["state-of-palestine"]
    );
    assert!(ids("признать государство палестина").is_empty());
}

#[test]
fn a_name_takes_case_endings_but_no_derivational_suffix() {
    for t in ["Россия", "России", "Россию", "Россией", "о России"] {
        assert_eq!(ids(t), ["russia"], "{t}");
    }
    assert_eq!(ids("посол Дании"), ["denmark"]);
    // Snowball strips these suffixes too, to the same stem.
    for t in ["Николаев", "в Николаеве", "Николаева"] {
        assert_eq!(ids(t), ["mykolaiv"], "{t}");
    }
    for t in ["Россо", "Россиян", "Данный вопрос", "Данные", "Николай"]
    {
        assert!(ids(t).is_empty(), "{t}: {:?}", ids(t));
    }
}
