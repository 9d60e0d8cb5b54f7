//! Source languages. Each language is one module with its context rules;
//! its stemmer comes from rust-stemmers by the glossary's
//! `source_language` ([`super::stem::algorithm_for`]). A language without
//! a module matches by forms and stems alone.

mod ru;

use super::stem::Word;

/// The matched form of a place term, for [`Language::not_the_place`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    /// The form, lower case, when it is one word.
    pub(crate) form: Option<&'a str>,
    /// The term is a country (not a city or region).
    pub(crate) country: bool,
}

/// The source language of a glossary's `source` forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    /// Russian (`ru`), or Cyrillic forms with no `source_language`.
    Russian,
    /// Any other language: no context rules.
    Other,
}

impl Language {
    /// The language of a glossary's source forms: its `source_language`,
    /// else Russian when the forms are Cyrillic.
    pub(crate) fn of(tag: Option<&str>, cyrillic_forms: bool) -> Self {
        let russian = match tag {
            Some(t) => t
                .split(['-', '_'])
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case("ru")),
            None => cyrillic_forms,
        };
        if russian {
            Language::Russian
        } else {
            Language::Other
        }
    }

    /// True when a mention of a place (words `s..e` of `text`) is, by its
    /// context, something else.
    pub(crate) fn not_the_place(
        self,
        text: &str,
        words: &[Word],
        covered: &[bool],
        s: usize,
        e: usize,
        place: Place<'_>,
    ) -> bool {
        match self {
            Language::Russian => ru::not_the_place(text, words, covered, s, e, place),
            Language::Other => false,
        }
    }
}

/// True for a Cyrillic letter.
pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}
