//! Derived variants: spellings no glossary lists but that count as the
//! same rendering done wrong. From each approved form: its hyphenation
//! variants and its British/American counterpart; from each Cyrillic
//! `source` name: its standard romanizations. A derived form never
//! overrides a listed one, and a form derived for two terms is dropped.

pub mod hyphenation;
pub mod romanize;
pub mod spelling;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use crate::glossary::{CaseMode, FormKind, GlossarySet, Term, TermRef};
use crate::matcher::MatcherBuilder;
use crate::text::fold_key;

/// The form kind given to derived variants. They are not in the term's
/// `variants` list, so the index points nowhere: use `TermMatch::derived`
/// to tell them apart, never `Term::form`.
pub const DERIVED: FormKind = FormKind::Variant(usize::MAX);

/// One derived spelling of a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// The derived form.
    pub text: String,
    /// How it was derived, for messages ("hyphenation of 'Co-operation'").
    pub how: String,
    /// Its case mode (romanized acronyms are case-sensitive).
    pub case: CaseMode,
}

/// Forms with more words than this get no derived variants.
pub const MAX_DERIVE_WORDS: usize = 16;

/// Every derived spelling of `term` allowed by its switches, deduplicated
/// by matching key, in a stable order. Forms equal to one of the term's
/// own listed forms are left out.
pub fn derive_term(term: &Term) -> Vec<Derivation> {
    let mut out: Vec<Derivation> = Vec::new();
    let mut seen: Vec<String> = term.forms().map(|(_, f)| fold_key(&f.text)).collect();
    let mut push = |text: String, how: String, case: CaseMode| {
        let key = fold_key(&text);
        if key.is_empty() || seen.contains(&key) {
            return;
        }
        seen.push(key);
        out.push(Derivation { text, how, case });
    };
    let sw = term.derive;
    // Variants are derived for names and phrases, not for forms longer
    // than `MAX_DERIVE_WORDS` words (their variants would only cost time).
    let approved = term
        .forms()
        .filter(|(k, f)| k.is_approved() && f.text.split_whitespace().count() <= MAX_DERIVE_WORDS)
        .map(|(_, f)| f.text.trim().to_owned());
    for form in approved {
        let spelled = if sw.spelling {
            spelling::phrase_counterpart(&form)
        } else {
            None
        };
        if let Some(s) = &spelled {
            push(
                s.clone(),
                format!("British/American spelling of '{form}'"),
                term.case,
            );
        }
        if sw.hyphenation {
            for v in hyphenation::variants(&form) {
                push(v, format!("hyphenation of '{form}'"), term.case);
            }
            if let Some(s) = &spelled {
                for v in hyphenation::variants(s) {
                    push(
                        v,
                        format!("spelling and hyphenation of '{form}'"),
                        term.case,
                    );
                }
            }
        }
    }
    if sw.romanization {
        for src in &term.source {
            let src = src.text.trim();
            let Some(case) = romanizable(src, term.case) else {
                continue;
            };
            for sys in romanize::System::ALL {
                let r = romanize::romanize(src, sys);
                push(r, format!("{} romanization of '{src}'", sys.name()), case);
            }
        }
    }
    out
}

/// Whether a source form is a name worth romanizing, and the case mode of
/// its romanizations: capitalized words (names) keep the term's mode;
/// acronyms of four letters or more are matched case-sensitively; phrases
/// in lower case and short acronyms ("ИГ" -> "IG") are skipped.
fn romanizable(src: &str, case: CaseMode) -> Option<CaseMode> {
    if !src.chars().any(romanize::is_cyrillic) {
        return None;
    }
    let words: Vec<&str> = src.split_whitespace().collect();
    if words.is_empty()
        || words
            .iter()
            .any(|w| !w.chars().all(|c| c.is_alphabetic() || c == '-'))
    {
        return None;
    }
    let all_caps = |w: &str| {
        w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    };
    if words.len() == 1 && all_caps(words[0]) {
        return (words[0].chars().count() >= 4).then_some(CaseMode::Sensitive);
    }
    let capitalized = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && !all_caps(w);
    words.iter().all(|w| capitalized(w)).then_some(case)
}

/// Adds the derived variants of every term of `set` to `builder`. A form
/// derived for two different terms is ambiguous and dropped. Returns how
/// many forms were added.
pub fn add_derived(builder: &mut MatcherBuilder, set: &GlossarySet) -> usize {
    let mut all: Vec<(TermRef, Derivation, String)> = Vec::new();
    let mut owners: HashMap<String, TermRef> = HashMap::default();
    let mut ambiguous: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (r, term) in set.terms() {
        for d in derive_term(term) {
            let key = fold_key(&d.text);
            match owners.get(&key) {
                Some(&o) if o != r => {
                    ambiguous.insert(key.clone());
                }
                Some(_) => {}
                None => {
                    owners.insert(key.clone(), r);
                }
            }
            all.push((r, d, key));
        }
    }
    let mut added = 0;
    for (r, d, key) in all {
        if ambiguous.contains(&key) {
            continue;
        }
        let term = set.term(r);
        if builder.derived(
            r,
            DERIVED,
            &d.text,
            d.case,
            term.inflections,
            Arc::from(d.how),
        ) {
            added += 1;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Form;

    fn term(preferred: &str, source: &[&str]) -> Term {
        let mut t = Term::new(preferred);
        t.source = source.iter().map(|s| Form::new(*s)).collect();
        t
    }

    fn texts(t: &Term) -> Vec<String> {
        derive_term(t).into_iter().map(|d| d.text).collect()
    }

    #[test]
    fn romanizations_of_a_name_skip_the_approved_one() {
        let t = term("Sergey Lavrov", &["Сергей Лавров"]);
        let got = texts(&t);
        assert!(got.contains(&"Sergei Lavrov".to_owned()));
        assert!(got.contains(&"Sergej Lavrov".to_owned()));
        assert!(got.contains(&"Sergej Lawrow".to_owned()));
        assert!(!got.contains(&"Sergey Lavrov".to_owned()));
    }

    #[test]
    fn phrases_in_lower_case_and_short_acronyms_are_not_romanized() {
        let t = term("indivisible security", &["неделимая безопасность", "ИГ"]);
        assert!(texts(&t).iter().all(|s| s.is_ascii()));
        assert!(!texts(&t).contains(&"IG".to_owned()));
        let t = term("CSTO", &["ОДКБ"]);
        let d = derive_term(&t);
        assert_eq!(d[0].text, "ODKB");
        assert_eq!(d[0].case, CaseMode::Sensitive);
    }

    #[test]
    fn spelling_and_hyphenation_combine() {
        let t = term(
            "Organisation for Economic Co-operation and Development",
            &[],
        );
        let got = texts(&t);
        assert!(got.contains(&"Organization for Economic Co-operation and Development".to_owned()));
        assert!(got.contains(&"Organization for Economic Cooperation and Development".to_owned()));
        assert!(got.contains(&"Organisation for Economic Cooperation and Development".to_owned()));
    }

    #[test]
    fn switches_turn_derivations_off() {
        let mut t = term("Co-operation Council", &["Сергей Лавров"]);
        t.derive.hyphenation = false;
        t.derive.romanization = false;
        assert!(texts(&t).is_empty());
    }
}
