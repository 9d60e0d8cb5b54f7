//! Russian: the context rules that tell a mention of a place from
//! something else (a currency, a subdivision, a region, part of a person's
//! name).

use super::Place;
use crate::source::stem::{self, Word};

/// Words that name a currency unit, with the case endings they take
/// ("долларов США" is the US dollar, not the country; "долл." is the
/// abbreviation).
const CURRENCY_UNITS: &[&str] = &["доллар", "цент"];

/// Nouns for a country's subdivision: a country's name after one is the
/// subdivision's ("округ Колумбия" is the District of Columbia, "штат
/// Джорджия" the US state).
const SUBDIVISIONS: &[&str] = &["округ", "штат", "провинци", "графств"];

/// True when `word` (lower case) is a currency unit.
fn is_currency_unit(word: &str, sep_after: &str) -> bool {
    (word == "долл" && sep_after == ".")
        || CURRENCY_UNITS.iter().any(|u| {
            word.strip_prefix(u).is_some_and(|ending| {
                ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"].contains(&ending)
            })
        }) && sep_after.is_empty()
}

/// True when word `a` opens a sentence (so a capital there says nothing).
fn opens_sentence(text: &str, words: &[Word], a: usize) -> bool {
    a == 0
        || text
            .get(words[a - 1].end..words[a].start)
            .is_some_and(|sep| sep.contains(['.', '!', '?', '…', ':', '\n']))
}

/// True for a capitalized word with an adjective's ending ("Западной",
/// "Северная"): before a country's name it makes another name, a region
/// ("Западная Австралия", "Северная Ирландия").
fn capitalized_adjective(w: &Word) -> bool {
    // Hard endings only: soft ones are also those of nouns and first
    // names ("Музей", "Сергей", "Дмитрий").
    const ADJECTIVE_ENDINGS: &[&str] = &[
        "ая", "ой", "ый", "ую", "ое", "ые", "ых", "ым", "ого", "ому", "ыми",
    ];
    !w.starts_lower()
        && !stem::is_acronym(&w.cased)
        && w.lower.chars().count() > 4
        && ADJECTIVE_ENDINGS.iter().any(|e| w.lower.ends_with(e))
}

/// True when `word` (lower case) is one of the [`SUBDIVISIONS`], inflected.
fn is_subdivision(word: &str) -> bool {
    SUBDIVISIONS.iter().any(|u| {
        word.strip_prefix(u).is_some_and(|ending| {
            [
                "", "а", "у", "ом", "е", "и", "я", "ю", "ей", "о", "ах", "ы", "ам",
            ]
            .contains(&ending)
        })
    })
}

/// True when a mention of a place (words `s..e`) is, by its context,
/// something else:
///
/// - a currency: the word before is a currency unit ("100 долларов США");
/// - a subdivision, for a country written as its form (the nominative, as
///   in apposition): the word before names one ("округ Колумбия", "штат
///   Джорджия"; but "провинция Индонезии" is Indonesia's);
/// - a region: a one-word name after a capitalized adjective that does
///   not open the sentence ("Западной Австралии", "Северной Ирландии");
/// - part of a person's name: a one-word mention written as the source
///   form itself (the nominative) that forms, with one capitalized
///   neighbour, a run of exactly two capitalized words, where the mention
///   either comes first ("Доминика Тиана", "Сальвадор Адаме") or comes
///   second and the form ends in a consonant like a surname ("Андриян
///   Николаев"). A place in the genitive ("президента Франции Макрона",
///   "Конституции Египта") and a run of three ("Франции Эммануэль
///   Макрон") still count.
///   The neighbour must not be an acronym, not a mention of a term
///   ("Эстонии Таллине"), and not capitalized only because it opens a
///   sentence.
pub(super) fn not_the_place(
    text: &str,
    words: &[Word],
    covered: &[bool],
    s: usize,
    e: usize,
    place: Place<'_>,
) -> bool {
    if s > 0 && is_currency_unit(&words[s - 1].lower, &words[s - 1].sep_after) {
        return true;
    }
    if e != s + 1 {
        return false;
    }
    let w = &words[s];
    // Written as the form itself: the nominative.
    let nominative = place.form == Some(w.lower.as_str());
    if s > 0
        && place.country
        && nominative
        && words[s - 1].sep_after.is_empty()
        && is_subdivision(&words[s - 1].lower)
    {
        return true;
    }
    if stem::is_acronym(&w.cased) || w.starts_lower() {
        return false;
    }
    if s > 0
        && words[s - 1].sep_after.is_empty()
        && capitalized_adjective(&words[s - 1])
        && !opens_sentence(text, words, s - 1)
    {
        return true;
    }
    // Only white space between two words.
    let spaced = |a: usize| {
        words.get(a + 1).is_some_and(|b| {
            text.get(words[a].end..b.start)
                .is_some_and(|sep| !sep.is_empty() && sep.chars().all(char::is_whitespace))
        })
    };
    let opens_sentence = |a: usize| opens_sentence(text, words, a);
    let name_like = |a: usize| {
        words.get(a).is_some_and(|x| {
            !x.starts_lower()
                && x.cased.chars().next().is_some_and(char::is_alphabetic)
                && !stem::is_acronym(&x.cased)
        })
    };
    // A capitalized word that is neither sentence-initial nor (other than
    // the mention itself) part of a term's mention.
    let capital_run = |a: usize| {
        name_like(a) && !opens_sentence(a) && (a == s || !covered.get(a).copied().unwrap_or(false))
    };
    // The two words of the pair: (first, second).
    let pair = |first: usize| {
        let second = first + 1;
        spaced(first)
            && capital_run(second)
            && (capital_run(first) || (first == s && name_like(first)))
            && !(first > 0 && spaced(first - 1) && capital_run(first - 1))
            && !(spaced(second) && capital_run(second + 1))
    };
    let surname_like = place
        .form
        .and_then(|f| f.chars().next_back())
        .is_some_and(|c| "бвгджзклмнпрстфхцчшщ".contains(c));
    nominative
        && ((!opens_sentence(s) && name_like(s) && pair(s))
            || (surname_like && s > 0 && capital_run(s - 1) && pair(s - 1)))
}
