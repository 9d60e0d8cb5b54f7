//! `missing`: a source segment mentions a term and its aligned target
//! segment holds none of the term's approved forms.
//!
//! The check runs after every other check and stays quiet where any other
//! finding for the term already lies in the segment: a variant or a
//! near-miss says more precisely what is wrong than "missing" would.

use std::collections::HashMap;

use super::{Check, Context, Part};
use crate::finding::{Finding, Kind, SourceSpan, Span};
use crate::glossary::TermRef;
use crate::text::{fold_key, is_word_char};

/// A term the source segment mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The term.
    pub term: TermRef,
    /// How many times the source segment mentions it.
    pub count: usize,
    /// The first mention as written in the source.
    pub found: String,
    /// Where the first mention stands in the source file.
    pub source: SourceSpan,
}

/// Reports terms of the source that the aligned target does not render.
#[derive(Debug, Clone, Default)]
pub struct MissingCheck {
    /// Target segment -> the terms its source segment mentions. A segment
    /// is an original byte span covering one or more checked regions.
    expected: HashMap<Span, Vec<Expected>>,
    /// Whole-document alignment: compare counts rather than presence.
    counts: bool,
}

impl MissingCheck {
    /// A check for these target segments. With `counts` (whole-document
    /// alignment) a term is missing when the target renders it fewer times
    /// than the source mentions it; otherwise when the segment renders it
    /// not at all.
    pub fn new(expected: impl IntoIterator<Item = (Span, Vec<Expected>)>, counts: bool) -> Self {
        let mut map: HashMap<Span, Vec<Expected>> = HashMap::new();
        for (span, list) in expected {
            map.entry(span).or_default().extend(list);
        }
        Self {
            expected: map,
            counts,
        }
    }
}

impl Check for MissingCheck {
    fn name(&self) -> &'static str {
        "missing"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut added = Vec::new();
        let mut segments: Vec<(&Span, &Vec<Expected>)> = self.expected.iter().collect();
        segments.sort_by_key(|(s, _)| (s.start, s.end));
        for (&seg, list) in segments {
            // The checked parts inside this segment: one for plain text,
            // several where markup (inline tags, URLs) splits a segment.
            let from = cx.parts.partition_point(|p| p.span.start < seg.start);
            let parts: Vec<&Part> = cx.parts[from..]
                .iter()
                .take_while(|p| p.span.start <= seg.end)
                .filter(|p| seg.contains(p.span))
                .collect();
            if parts.is_empty() {
                continue;
            }
            for e in list {
                // A term not in force on the document's date is not expected.
                let valid = cx.set.term(e.term).valid;
                if !valid.is_always() && !valid.contains(cx.date().value) {
                    continue;
                }
                let id = cx.set.qualified_id(e.term);
                let mut rendered = parts
                    .iter()
                    .flat_map(|p| &p.matches)
                    .filter(|m| m.term == e.term && m.kind.is_approved() && !m.expired)
                    .count();
                if rendered == 0
                    && parts.iter().any(|p| {
                        renders_inside_another_term(cx, &p.folded.text, e.term)
                            || renders_as_adjective(cx, &p.folded.text, e.term)
                            || renders_as_irregular_demonym(cx, p, e.term)
                    })
                {
                    // "Russian Foreign Ministry Spokeswoman" renders the
                    // ministry too, though the match belongs to the longer
                    // term.
                    rendered = 1;
                }
                let flagged = out
                    .iter()
                    .filter(|f| *f.term_id == *id && seg.contains(f.span))
                    .count();
                let preferred = &cx.set.term(e.term).preferred.text;
                let src = &e.source;
                let at = format!("{}:{}:{}", src.path, src.line, src.column);
                let (span, message) = if self.counts {
                    if rendered + flagged >= e.count {
                        continue;
                    }
                    (
                        Span::new(seg.start, seg.start),
                        format!(
                            "the source mentions '{preferred}' {} (first as '{}' at {at}); the translation renders it {}",
                            times(e.count),
                            e.found,
                            times(rendered + flagged)
                        ),
                    )
                } else {
                    if rendered > 0 || flagged > 0 {
                        continue;
                    }
                    (
                        trimmed(cx.text(seg), seg),
                        format!(
                            "'{}' in the source ({at}) has no approved rendering in this segment: expected '{preferred}'",
                            e.found
                        ),
                    )
                };
                let mut f = cx.finding(e.term, Kind::Missing, span, message, None);
                f.found = e.found.as_str().into();
                f.source_span = Some(Box::new(src.clone()));
                added.push(f);
            }
        }
        out.extend(added);
    }
}

/// True when an approved form of `term` occurs as whole words in the
/// folded segment, even where leftmost-longest gave the words to a longer
/// term's match.
fn renders_inside_another_term(cx: &Context<'_>, folded: &str, term: TermRef) -> bool {
    let t = cx.set.term(term);
    std::iter::once(&t.preferred)
        .chain(&t.admitted)
        .map(|f| fold_key(&f.text))
        .filter(|k| !k.is_empty())
        .any(|key| {
            folded.match_indices(key.as_str()).any(|(at, _)| {
                let before = folded[..at].chars().next_back();
                let rest = &folded[at + key.len()..];
                let rest = crate::text::INFLECTION_ENDINGS
                    .iter()
                    .find_map(|e| rest.strip_prefix(e))
                    .filter(|r| !r.chars().next().is_some_and(is_word_char))
                    .unwrap_or(rest);
                !before.is_some_and(is_word_char) && !rest.chars().next().is_some_and(is_word_char)
            })
        })
}

/// Endings that make a name's adjective or demonym ("Italian", "Chinese",
/// "Iraqi", "Turkish").
const DEMONYM_ENDINGS: &[&str] = &["n", "an", "ian", "ean", "ese", "ish", "i", "ic"];

/// Adjectives and demonyms the suffix rule cannot derive from a country's
/// English name ("French", "Dutch", "Swiss"): a closed set, keyed by the
/// approved name (short name or an admitted form) they stand for. Plurals
/// in -s are accepted as for derived forms.
const IRREGULAR_DEMONYMS: &[(&str, &[&str])] = &[
    ("afghanistan", &["Afghan"]),
    ("argentina", &["Argentine"]),
    ("azerbaijan", &["Azeri"]),
    ("britain", &["British", "Briton", "Brit"]),
    ("united kingdom", &["British", "Briton"]),
    ("congo", &["Congolese"]),
    ("costa rica", &["Costa Rican"]),
    ("croatia", &["Croat"]),
    ("cyprus", &["Cypriot"]),
    ("czechia", &["Czech"]),
    ("czech republic", &["Czech"]),
    ("denmark", &["Danish", "Dane"]),
    ("el salvador", &["Salvadoran", "Salvadorean"]),
    ("finland", &["Finnish", "Finn"]),
    (
        "france",
        &["French", "Frenchman", "Frenchmen", "Frenchwoman"],
    ),
    ("germany", &["German"]),
    ("greece", &["Greek", "Hellenic"]),
    ("ireland", &["Irish", "Irishman", "Irishmen"]),
    ("kazakhstan", &["Kazakh"]),
    ("kyrgyzstan", &["Kyrgyz"]),
    ("madagascar", &["Malagasy"]),
    ("monaco", &["Monegasque"]),
    ("netherlands", &["Dutch", "Dutchman", "Dutchmen"]),
    ("new zealand", &["New Zealander"]),
    ("norway", &["Norwegian"]),
    ("peru", &["Peruvian"]),
    ("philippines", &["Philippine", "Filipino", "Filipina"]),
    ("poland", &["Polish", "Pole"]),
    ("portugal", &["Portuguese"]),
    ("saudi arabia", &["Saudi"]),
    ("slovakia", &["Slovak"]),
    ("spain", &["Spanish", "Spaniard"]),
    ("sweden", &["Swedish", "Swede"]),
    ("switzerland", &["Swiss"]),
    ("tajikistan", &["Tajik"]),
    ("thailand", &["Thai"]),
    ("türkiye", &["Turkish", "Turk"]),
    ("turkmenistan", &["Turkmen"]),
    ("united arab emirates", &["Emirati"]),
    ("united states", &["American"]),
    ("united states of america", &["American"]),
    ("uzbekistan", &["Uzbek"]),
];

/// True when the segment holds, capitalized and as a whole word (or its
/// plural in -s), an irregular adjective or demonym of one of the term's
/// approved names ([`IRREGULAR_DEMONYMS`]).
fn renders_as_irregular_demonym(cx: &Context<'_>, part: &Part, term: TermRef) -> bool {
    let t = cx.set.term(term);
    let folded = &part.folded.text;
    std::iter::once(&t.preferred)
        .chain(&t.admitted)
        .filter_map(|f| {
            let key = fold_key(&f.text);
            IRREGULAR_DEMONYMS
                .iter()
                .find(|(name, _)| fold_key(name) == key)
        })
        .flat_map(|(_, words)| words.iter())
        .any(|word| {
            let key = fold_key(word);
            folded.match_indices(key.as_str()).any(|(at, _)| {
                let before = folded[..at].chars().next_back();
                let rest = &folded[at + key.len()..];
                let rest = rest.strip_prefix('s').unwrap_or(rest);
                let whole = !before.is_some_and(is_word_char)
                    && !rest.chars().next().is_some_and(is_word_char);
                // "Polish", not "polish"; "Turkish", not "turkish".
                whole
                    && cx
                        .text(part.folded.to_original(at, at + key.len()))
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
            })
        })
}

/// True when the segment renders a one-word name by its adjective or
/// demonym: "сборной Италии" is "the Italian national team", which says
/// Italy without the word. The adjective is a name's stem (the name, or the
/// name less one or two final letters, at least four letters long) plus a
/// demonym ending, optionally plural.
fn renders_as_adjective(cx: &Context<'_>, folded: &str, term: TermRef) -> bool {
    let t = cx.set.term(term);
    let names: Vec<String> = std::iter::once(&t.preferred)
        .chain(&t.admitted)
        .filter(|f| {
            let s = f.text.trim();
            s.chars().next().is_some_and(char::is_uppercase) && s.chars().all(is_word_char)
        })
        .map(|f| fold_key(&f.text))
        .collect();
    if names.is_empty() {
        return false;
    }
    folded
        .split(|c: char| !is_word_char(c))
        .filter(|w| w.len() > 4)
        .any(|w| {
            let w = w.strip_suffix('s').unwrap_or(w);
            names.iter().any(|name| {
                (0..=2).any(|drop| {
                    let Some(cut) = name
                        .char_indices()
                        .rev()
                        .nth(drop.max(1) - 1)
                        .map(|(i, _)| i)
                    else {
                        return false;
                    };
                    let stem = if drop == 0 {
                        name.as_str()
                    } else {
                        &name[..cut]
                    };
                    stem.chars().count() >= 4
                        && w.strip_prefix(stem)
                            .is_some_and(|rest| DEMONYM_ENDINGS.contains(&rest))
                })
            })
        })
}

fn times(n: usize) -> String {
    match n {
        0 => "not at all".to_owned(),
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// `span` without leading and trailing white space (an empty span at its
/// start when nothing else is left).
fn trimmed(text: &str, span: Span) -> Span {
    let lead = text.len() - text.trim_start().len();
    let body = text.trim();
    if body.is_empty() {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + lead, span.start + lead + body.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_segments() {
        assert_eq!(trimmed("  ab \n", Span::new(10, 16)), Span::new(12, 14));
        assert_eq!(trimmed("   ", Span::new(3, 6)), Span::new(3, 3));
        assert_eq!(trimmed("ab", Span::new(0, 2)), Span::new(0, 2));
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(times(0), "not at all");
        assert_eq!(times(2), "twice");
        assert_eq!(times(5), "5 times");
    }
}
