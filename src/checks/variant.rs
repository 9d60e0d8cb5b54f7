//! `variant` and `avoid`: a form listed (or derived) as a variant of a
//! term, an approved form used outside its dates, or a form to avoid.

use super::{Check, Context, context, variant_replacement};
use crate::date::Date;
use crate::finding::{Finding, Fix, Kind};
use crate::glossary::{FormKind, Term};

/// Reports variant forms, with the preferred form as a safe fix that keeps
/// the case shape and the inflection ending of what it replaces (unless
/// the glossary says `fix = false`), and avoided forms, with no fix.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct VariantCheck;

impl Check for VariantCheck {
    fn name(&self) -> &'static str {
        "variant"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (part, m) in cx.matches() {
            let avoid = matches!(m.kind, FormKind::Avoid(_));
            let variant = matches!(m.kind, FormKind::Variant(_));
            if !(variant || avoid || m.expired) || cx.matcher.in_exception(m, &part.folded) {
                continue;
            }
            let term = cx.set.term(m.term);
            if (!term.exception_rules.is_empty()
                && context::excepted(&term.exception_rules, &cx.doc.text, part.region, m.span))
                || context::mentioned(&cx.doc.text, part.region, m.span)
            {
                continue;
            }
            // A form wrong only since a renaming (a variant's `valid_from`,
            // an approved form's `valid_until`) is right in a sentence
            // about the time before: "the liberation of Byelorussia in 1944".
            let form = term.listed_form(m.kind).map(|f| f.valid);
            let renamed = form.and_then(|v| if m.expired { v.until } else { v.from });
            if m.dated
                && renamed.is_some_and(|day| {
                    context::dated_before(&cx.doc.text, part.region, m.span, day)
                })
            {
                continue;
            }
            let found_base = cx.text(m.base);
            let mut finding = if avoid {
                let message = format!(
                    "avoid '{found_base}' (term '{}'); there is no automatic replacement",
                    term.preferred.text
                );
                cx.finding(m.term, Kind::Avoid, m.span, message, None)
            } else {
                // Wrong at any date, in a sentence about the time before a
                // renaming: the fix is the name of that time ("the
                // Belarussian front" of 1939 is the Belorussian Front, not
                // the Belarusian one).
                let earlier = (variant && !m.dated && !m.expired)
                    .then(|| {
                        earlier_name(term, found_base, |day| {
                            context::dated_before(&cx.doc.text, part.region, m.span, day)
                        })
                    })
                    .flatten();
                let replacement = variant_replacement(
                    term,
                    m,
                    found_base,
                    cx.text(m.ending()),
                    earlier.map(|(f, _)| f),
                );
                let message = match (&m.derived, m.expired, earlier) {
                    (_, false, Some((name, day))) => format!(
                        "variant rendering of '{}'; before {day} the name was '{name}'",
                        term.preferred.text
                    ),
                    (_, true, _) => format!(
                        "'{found_base}' is approved only {}: variant rendering of '{}'",
                        term.form(m.kind).valid.describe(),
                        term.preferred.text
                    ),
                    (Some(how), _, _) => {
                        format!("variant rendering of '{}' ({how})", term.preferred.text)
                    }
                    (None, _, _) => format!("variant rendering of '{}'", term.preferred.text),
                };
                let fix = replacement
                    .filter(|r| term.fix_allowed(m.kind) && cx.text(m.span) != r)
                    .map(|r| Fix::safe(m.span, r));
                cx.finding(m.term, Kind::Variant, m.span, message, fix)
            };
            cx.date_finding(m, &mut finding);
            out.push(finding);
        }
    }
}

/// Of the term's variants that are right until a renaming (a
/// `valid_from`), those whose renaming the text's sentence is dated before
/// (`before`), the one closest to `found`, with its renaming day; only
/// when it is at least as close as every approved form, so the text reads
/// as a slip on that name ("Belarussian" for "Belorussian") and not on the
/// present one ("Republic of Northern Macedonia" stays a slip on "Republic
/// of North Macedonia").
fn earlier_name<'t>(
    term: &'t Term,
    found: &str,
    before: impl Fn(Date) -> bool,
) -> Option<(&'t str, Date)> {
    let found = found.to_lowercase();
    let distance = |text: &str| strsim::levenshtein(&found, &text.to_lowercase());
    let (text, day) = term
        .variants
        .iter()
        .filter(|f| f.valid.until.is_none())
        .filter_map(|f| Some((f.text.as_str(), f.valid.from?)))
        .filter(|&(_, day)| before(day))
        .min_by_key(|(text, _)| distance(text))?;
    let earlier = distance(text);
    let approved = std::iter::once(&term.preferred)
        .chain(term.admitted.iter().filter(|f| f.valid.is_always()))
        .map(|f| distance(&f.text))
        .min()
        .unwrap_or(usize::MAX);
    (earlier <= approved).then_some((text, day))
}

#[cfg(test)]
mod tests {
    use crate::checks::{test_checker, test_findings};
    use crate::date::DateSource;
    use crate::text::Document;

    const TURKIYE: &str = r#"
[[term]]
id = "turkiye"
preferred = "Türkiye"
variants = [{ form = "Turkey", valid_from = "2022-06-01", case = "sensitive" }]
exceptions = ["Turkey Point"]
exception_rules = ["preceded-by-capitalized", "in-quotation"]
"#;

    const BELARUSIAN: &str = r#"
[[term]]
id = "belarusian"
preferred = "Belarusian"
variants = [{ form = "Belorussian", valid_from = "1991-09-19" }, "Belarussian"]
"#;

    #[test]
    fn a_form_wrong_at_any_date_is_fixed_to_the_name_of_its_sentence_time() {
        let c = test_checker(BELARUSIAN, Some("2021-01-01"));
        assert_eq!(
            test_findings(&c, "In 1939 the Belarussian front moved west."),
            ["variant Belarussian -> Belorussian"]
        );
        // The time of the sentence, not of the document, decides.
        assert_eq!(
            test_findings(&c, "The Belarussian delegation arrived."),
            ["variant Belarussian -> Belarusian"]
        );
        let doc = crate::text::Document::new("a.txt", "In 1939 the Belarussian front moved west.");
        let f = &c.check(&doc)[0];
        assert!(
            f.message
                .ends_with("before 1991-09-19 the name was 'Belorussian'"),
            "{}",
            f.message
        );
        // A slip on the present name keeps the present name as its fix.
        let c = test_checker(
            r#"
[[term]]
id = "north-macedonia"
preferred = "Republic of North Macedonia"
variants = [
  { form = "former Yugoslav Republic of Macedonia", valid_from = "2019-02-12" },
  "Republic of Northern Macedonia",
]
"#,
            Some("2021-01-01"),
        );
        assert_eq!(
            test_findings(&c, "In 2018 the Republic of Northern Macedonia voted."),
            ["variant Republic of Northern Macedonia -> Republic of North Macedonia"]
        );
    }

    #[test]
    fn a_dated_variant_is_flagged_from_its_first_day_only() {
        let text = "Talks in Turkey ended.";
        for (date, expected) in [
            ("2022-05-31", vec![]),
            ("2022-06-01", vec!["variant Turkey -> Türkiye"]),
            ("2023-05-01", vec!["variant Turkey -> Türkiye"]),
        ] {
            let c = test_checker(TURKIYE, Some(date));
            assert_eq!(test_findings(&c, text), expected, "{date}");
        }
    }

    #[test]
    fn a_dated_finding_names_its_date_and_source() {
        let c = test_checker(TURKIYE, None);
        let doc = Document::new("a.md", "---\ndate: 2023-05-01\n---\nTalks in Turkey.\n");
        let f = &c.check(&doc)[0];
        let d = f.date.unwrap();
        assert_eq!(
            (d.value.to_string(), d.source),
            ("2023-05-01".to_owned(), DateSource::FrontMatter)
        );
        assert!(
            f.message
                .ends_with("(document dated 2023-05-01 from front matter)"),
            "{}",
            f.message
        );
        let doc = Document::new("a.md", "---\ndate: 2021-05-01\n---\nTalks in Turkey.\n");
        assert!(c.check(&doc).is_empty());
    }

    #[test]
    fn a_renamed_form_is_right_in_a_sentence_about_the_time_before() {
        let c = test_checker(TURKIYE, Some("2023-01-01"));
        for ok in [
            "Turkey joined NATO in 1952.",
            "Turkey stayed neutral for most of the Second World War.",
        ] {
            assert_eq!(test_findings(&c, ok), Vec::<String>::new(), "{ok}");
        }
        for bad in [
            "Talks in Turkey have gone on since 1952.",
            "It was 1952. Talks in Turkey ended.",
        ] {
            assert_eq!(
                test_findings(&c, bad),
                ["variant Turkey -> Türkiye"],
                "{bad}"
            );
        }
        // An admitted form that expired: right in a sentence about its time.
        let body = "[[term]]\npreferred = \"Sergey Shoigu\"\n\
                    admitted = [{ form = \"Defence Minister Sergey Shoigu\", valid_until = \"2024-05-12\" }]\n";
        let c = test_checker(body, Some("2025-01-01"));
        assert_eq!(
            test_findings(&c, "In 2019 Defence Minister Sergey Shoigu visited Syria."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_sensitive_form_and_the_exception_rules() {
        let c = test_checker(TURKIYE, Some("2023-01-01"));
        for ok in [
            "roast turkey for dinner",
            "the Turkey Point plant",
            "a bottle of Wild Turkey",
            "He said: \"Turkey will not agree\".",
        ] {
            assert_eq!(test_findings(&c, ok), Vec::<String>::new(), "{ok}");
        }
        assert_eq!(
            test_findings(&c, "In Turkey, talks."),
            ["variant Turkey -> Türkiye"]
        );
        let revel = test_checker(
            "[[term]]\npreferred = \"Tallinn\"\nvariants = [{ form = \"Revel\", case = \"sensitive\" }]\n",
            None,
        );
        assert_eq!(
            test_findings(&revel, "They revel in it."),
            Vec::<String>::new()
        );
        assert_eq!(
            test_findings(&revel, "They sailed to Revel."),
            ["variant Revel -> Tallinn"]
        );
    }

    #[test]
    fn term_dates_are_inclusive_then_exclusive() {
        let body = r#"
[[term]]
id = "astana-before"
preferred = "Astana"
variants = ["Nur-Sultan"]
valid_until = "2019-03-23"
[[term]]
id = "nur-sultan"
preferred = "Nur-Sultan"
variants = ["Astana"]
valid_from = "2019-03-23"
valid_until = "2022-09-17"
[[term]]
id = "astana-after"
preferred = "Astana"
variants = ["Nur-Sultan"]
valid_from = "2022-09-17"
"#;
        let text = "Astana and Nur-Sultan.";
        for (date, expected) in [
            ("2019-03-22", "variant Nur-Sultan -> Astana"),
            ("2019-03-23", "variant Astana -> Nur-Sultan"),
            ("2022-09-16", "variant Astana -> Nur-Sultan"),
            ("2022-09-17", "variant Nur-Sultan -> Astana"),
        ] {
            let c = test_checker(body, Some(date));
            assert_eq!(test_findings(&c, text), [expected], "{date}");
        }
    }

    #[test]
    fn an_admitted_form_outside_its_dates_is_a_variant() {
        let body = "[[term]]\npreferred = \"Sergey Shoigu\"\n\
                    admitted = [{ form = \"Defence Minister Sergey Shoigu\", valid_until = \"2024-05-12\" }]\n";
        let text = "Defence Minister Sergey Shoigu spoke.";
        let c = test_checker(body, Some("2024-05-11"));
        assert_eq!(test_findings(&c, text), Vec::<String>::new());
        let c = test_checker(body, Some("2024-05-12"));
        let f = c.check(&Document::new("d", text));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("approved only before 2024-05-12"),
            "{}",
            f[0].message
        );
        assert!(f[0].date.is_some());
    }

    #[test]
    fn avoid_and_fix_false_give_findings_without_fixes() {
        let body = r#"
[[term]]
preferred = "Presidential Executive Office"
variants = ["Kremlin administration", { form = "Presidential Administration", fix = false }]
avoid = ["Putin regime"]
[[term]]
preferred = "Netherlands"
variants = ["Holland"]
fix = false
"#;
        let c = test_checker(body, None);
        assert_eq!(
            test_findings(
                &c,
                "The Kremlin administration, the Presidential Administration, the Putin regime, Holland."
            ),
            [
                "variant Kremlin administration -> Presidential Executive Office",
                "variant Presidential Administration -> none",
                "avoid Putin regime -> none",
                "variant Holland -> none",
            ]
        );
    }
}

#[cfg(test)]
mod near_miss_dates {
    use crate::checks::{CheckOptions, Checker};
    use crate::date::{Date, Dating};
    use crate::glossary::{GlossarySet, parse};
    use crate::text::Document;

    #[test]
    fn a_term_out_of_force_suggests_no_near_miss() {
        let text = "[glossary]\nname = \"t\"\nlanguage = \"en\"\n[[term]]\n\
                    preferred = \"Organization for Security and Co-operation in Europe\"\n\
                    valid_from = \"2019-03-23\"\nvalid_until = \"2022-09-17\"\n";
        let set = GlossarySet::new(vec![parse("t.toml", text).glossary.unwrap()]).unwrap();
        let opts = CheckOptions::all(&set);
        let mut c = Checker::with_options(set, &opts).unwrap();
        let doc = Document::new(
            "d",
            "The Organisation for Securty and Cooperation in Europa met.",
        );
        let near = |c: &Checker| {
            c.check(&doc)
                .iter()
                .filter(|f| f.kind.as_str() == "near-miss")
                .count()
        };
        c.set_dating(Dating::fixed(Date::parse("2020-01-01").unwrap()));
        assert_eq!(near(&c), 1);
        c.set_dating(Dating::fixed(Date::parse("2023-01-01").unwrap()));
        assert_eq!(near(&c), 0);
    }
}
