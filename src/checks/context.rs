//! `exception_rules`: reusable contexts in which a variant or avoided form
//! is a proper or historical name, or someone else's words. Each rule looks
//! only at the text around one match, so the cost is per match, not per byte.

use crate::date::Date;
use crate::finding::Span;
use crate::glossary::ExceptionRule;
use crate::text::{is_word_char, sentence_start_before};

/// True when any of `rules` covers the match at `span` of `text`, looking
/// no further than `region` (the checked run of text it lies in).
pub fn excepted(rules: &[ExceptionRule], text: &str, region: Span, span: Span) -> bool {
    rules.iter().any(|r| match r {
        ExceptionRule::FollowedByCapitalized => followed_by_capitalized(text, region, span),
        ExceptionRule::PrecededByCapitalized => preceded_by_capitalized(text, region, span),
        ExceptionRule::InQuotation => in_quotation(text, region, span),
        ExceptionRule::HistoricalName => historical_name(text, region, span),
    })
}

/// Characters between two words of one name: spaces and hyphens.
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{202F}' | '-' | '\u{2010}' | '\u{2011}'
    )
}

/// "Turkey Point", "Kiev Pechersk Lavra", "Kiev-Pechersk Lavra".
fn followed_by_capitalized(text: &str, region: Span, span: Span) -> bool {
    let after = &text[span.end..region.end.max(span.end)];
    let mut chars = after.chars();
    match chars.next() {
        Some(c) if is_joiner(c) => {}
        _ => return false,
    }
    chars
        .find(|c| !is_joiner(*c))
        .is_some_and(char::is_uppercase)
}

/// "Wild Turkey": the previous word is capitalized and is not the first
/// word of a sentence.
fn preceded_by_capitalized(text: &str, region: Span, span: Span) -> bool {
    let before = &text[region.start.min(span.start)..span.start];
    let trimmed = before.trim_end_matches(is_joiner);
    if trimmed.len() == before.len() {
        return false;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map(|(i, _)| i);
    let Some(ws) = word_start else {
        return false;
    };
    let word = &trimmed[ws..];
    let abs = region.start.min(span.start) + ws;
    word.chars().next().is_some_and(char::is_uppercase) && !sentence_start_before(text, abs)
}

/// How far a paragraph reaches on each side of a match. A text without
/// blank lines (one paragraph per line, or one long line) would otherwise
/// make every match scan to the region's ends.
const PARAGRAPH_REACH: usize = 4096;

/// The paragraph around `span` inside `region`: from after the last blank
/// line before it to the next blank line. Where no blank line lies within
/// [`PARAGRAPH_REACH`] bytes, the line is the paragraph (texts that write
/// a paragraph per line); a line longer than that is cut at the reach.
fn paragraph(text: &str, region: Span, span: Span) -> Span {
    let mut lo = region.start.max(span.start.saturating_sub(PARAGRAPH_REACH));
    while lo < span.start && !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = region
        .end
        .min(span.end.saturating_add(PARAGRAPH_REACH))
        .min(text.len())
        .max(span.end);
    while hi > span.end && !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let before = &text[lo.min(span.start)..span.start];
    let start = before
        .rfind("\n\n")
        .or_else(|| before.rfind("\n\r\n"))
        .map(|i| lo + i + 2)
        .or_else(|| {
            (lo > region.start)
                .then(|| before.rfind('\n').map(|i| lo + i + 1))
                .flatten()
        })
        .unwrap_or(lo);
    let after = &text[span.end..hi];
    let end = after
        .find("\n\n")
        .or_else(|| after.find("\r\n\r\n"))
        .or_else(|| (hi < region.end).then(|| after.find('\n')).flatten())
        .map_or(hi, |i| span.end + i);
    Span::new(start.min(span.start), end.max(span.end))
}

/// Inside "...", “...” or «...» in the same paragraph.
fn in_quotation(text: &str, region: Span, span: Span) -> bool {
    let para = paragraph(text, region, span);
    let before = &text[para.start..span.start];
    let after = &text[span.end..para.end];
    // Straight quotes: an odd number before, and one after.
    if before.matches('"').count() % 2 == 1 && after.contains('"') {
        return true;
    }
    let open_pairs = [
        ('\u{201C}', '\u{201D}'),
        ('\u{AB}', '\u{BB}'),
        ('\u{201E}', '\u{201C}'),
    ];
    open_pairs.iter().any(|&(open, close)| {
        let last_open = before.rfind(open);
        let last_close = if open == '\u{201E}' {
            // „...“: the closing mark is also an opening mark elsewhere.
            None
        } else {
            before.rfind(close)
        };
        match (last_open, last_close) {
            (Some(o), Some(c)) if c > o => false,
            (Some(_), _) => after.contains(close),
            (None, _) => false,
        }
    })
}

/// Words that make "<X> of" (before the match) a historical name.
const HISTORICAL_BEFORE: &[&str] = &[
    "Battle of",
    "Battle for",
    "Siege of",
    "Treaty of",
    "Peace of",
    "Principality of",
    "Grand Duchy of",
    "Duchy of",
    "Kievan",
];

/// Words that make "X <word>" (after the match) a historical name.
const HISTORICAL_AFTER: &[&str] = &["pogrom", "Front", "Rus", "Rus'", "Rus\u{2019}"];

/// "Battle of Kiev", "Kishinev pogrom", "1st Belorussian Front",
/// "Treaty of Brest-Litovsk", "Grand Duchy of Lithuania", "Kievan Rus".
fn historical_name(text: &str, region: Span, span: Span) -> bool {
    let before = text[region.start.min(span.start)..span.start].trim_end_matches(is_joiner);
    let before_ok = before.len() < span.start - region.start.min(span.start);
    if before_ok
        && HISTORICAL_BEFORE.iter().any(|p| {
            before.ends_with(p)
                && before[..before.len() - p.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !is_word_char(c))
        })
    {
        return true;
    }
    let after = &text[span.end..region.end.max(span.end)];
    let Some(rest) = after.strip_prefix(is_joiner) else {
        return false;
    };
    HISTORICAL_AFTER.iter().any(|w| {
        rest.strip_prefix(w)
            .is_some_and(|r| r.chars().next().is_none_or(|c| !is_word_char(c)))
    })
}

/// How far a sentence reaches on each side of a match when no sentence
/// end is found (a text without punctuation).
const SENTENCE_REACH: usize = 600;

/// The sentence around `span` inside `region`: from after the last `.`,
/// `!`, `?` or line break before it to the next one after it.
fn sentence(text: &str, region: Span, span: Span) -> Span {
    let ends = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let mut lo = region.start.max(span.start.saturating_sub(SENTENCE_REACH));
    while lo < span.start && !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = region
        .end
        .min(span.end.saturating_add(SENTENCE_REACH))
        .min(text.len())
        .max(span.end);
    while hi > span.end && !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let start = text[lo.min(span.start)..span.start]
        .rfind(ends)
        .map_or(lo, |i| lo + i + 1);
    let end = text[span.end..hi].find(ends).map_or(hi, |i| span.end + i);
    Span::new(start.min(span.start), end.max(span.end))
}

/// Named periods and the last year they lasted: a sentence that names one
/// speaks of a time no later than that year.
const PERIODS: &[(&str, u16)] = &[
    ("Second World War", 1945),
    ("World War II", 1945),
    ("World War Two", 1945),
    ("Great Patriotic War", 1945),
    ("Third Reich", 1945),
    ("Red Army", 1946),
    ("First World War", 1918),
    ("World War I", 1918),
    ("World War One", 1918),
    ("Russian Empire", 1917),
];

/// Words of a commemoration (stems).
const COMMEMORATION: &[&str] = &[
    "anniversar",
    "jubilee",
    "monument",
    "memorial",
    "memory",
    "commemorat",
    "celebrat",
];

/// Words before a year that make it the start of a time reaching to the
/// present ("since 1945", "from 1945 on"), not a time in the past.
const OPEN_ENDED: &[&str] = &["since", "from", "after", "Since", "From", "After"];

/// True when the sentence around `span` dates what it says before `day`:
/// it names a year before `day`'s year ("in 1944", "the 1939 invasion",
/// "the 1940s", but not "since 1945") or a period that ended before it
/// ("the Second World War", "the Red Army"), and is no commemoration
/// (an anniversary, a monument). A form that became wrong only with a
/// later renaming is right in such a sentence.
pub fn dated_before(text: &str, region: Span, span: Span, day: Date) -> bool {
    let s = sentence(text, region, span);
    let sent = &text[s.range()];
    // A commemoration happens now, whatever past it names: "messages to
    // the leaders of Moldavia on the 75th anniversary of Victory in the
    // Great Patriotic War" is a sentence of today.
    let lower = sent.to_lowercase();
    if COMMEMORATION.iter().any(|w| lower.contains(w)) {
        return false;
    }
    let bytes = sent.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && is_word_char(char::from(bytes[i - 1]))) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // A year stands alone: four digits, perhaps a decade's "s", and no
        // number continuing after a separator ("1,944", "1944.5").
        let alone = sent[i..]
            .strip_prefix('s')
            .unwrap_or(&sent[i..])
            .chars()
            .next()
            .is_none_or(|c| !is_word_char(c))
            && !(matches!(bytes.get(i), Some(b'.' | b','))
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        if i - start != 4 || !alone {
            continue;
        }
        let Ok(year) = sent[start..i].parse::<u16>() else {
            continue;
        };
        let open = sent[..start]
            .trim_end()
            .rsplit(|c: char| !is_word_char(c))
            .next()
            .is_some_and(|w| OPEN_ENDED.contains(&w));
        if (1000..day.year).contains(&year) && !open {
            return true;
        }
    }
    PERIODS.iter().any(|&(name, last)| {
        last < day.year
            && sent.match_indices(name).any(|(at, _)| {
                let after = sent[at + name.len()..].chars().next();
                let before = sent[..at].chars().next_back();
                after.is_none_or(|c| !is_word_char(c)) && before.is_none_or(|c| !is_word_char(c))
            })
    })
}

/// Nouns that introduce a word as a word: "the acronym FYROM", "the term
/// Kiev", "the spelling Byelorussia".
const MENTION_NOUNS: &[&str] = &[
    "abbreviation",
    "acronym",
    "designation",
    "form",
    "name",
    "rendering",
    "spelling",
    "term",
    "transliteration",
    "word",
];

/// A form named as a word, not used: "the acronym FYROM", "the term
/// “Kiev”" (a determiner, one of the nouns above, then the match, perhaps
/// in quotation marks). Replacing it would change what the sentence says,
/// so no glossary reports it.
pub fn mentioned(text: &str, region: Span, span: Span) -> bool {
    let from = region.start.min(span.start);
    let before = text[from..span.start]
        .trim_end_matches(['"', '\'', '\u{2018}', '\u{201c}', '\u{ab}'])
        .trim_end_matches([' ', '\u{A0}']);
    let mut words = before
        .rsplit(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty());
    let (Some(noun), Some(det)) = (words.next(), words.next()) else {
        return false;
    };
    // The noun ends the text before the match, and only a space separates
    // it from its determiner ("the formal name, FYROM" is a use).
    let noun_at = before.len() - noun.len();
    before.ends_with(noun)
        && before[..noun_at]
            .trim_end_matches([' ', '\u{A0}'])
            .ends_with(det)
        && before[..noun_at].ends_with([' ', '\u{A0}'])
        && MENTION_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(noun))
        && ["the", "a", "an", "this", "that", "its"]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(det))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `rule` covers the first `needle` in `text`.
    fn covers(rule: ExceptionRule, text: &str, needle: &str) -> bool {
        let start = text.find(needle).unwrap();
        let span = Span::new(start, start + needle.len());
        excepted(&[rule], text, Span::new(0, text.len()), span)
    }

    #[test]
    fn followed_by_a_capitalized_word() {
        let r = ExceptionRule::FollowedByCapitalized;
        assert!(covers(r, "the Turkey Point plant", "Turkey"));
        assert!(covers(r, "the Kiev-Pechersk Lavra", "Kiev"));
        assert!(!covers(r, "talks in Turkey. President", "Turkey"));
        assert!(!covers(r, "talks in Turkey and Iran", "Turkey"));
        assert!(!covers(r, "talks in Turkey", "Turkey"));
    }

    #[test]
    fn preceded_by_a_capitalized_word() {
        let r = ExceptionRule::PrecededByCapitalized;
        assert!(covers(r, "a glass of Wild Turkey bourbon", "Turkey"));
        assert!(!covers(r, "In Turkey the vote", "Turkey"));
        assert!(!covers(r, "He said. Turkey voted", "Turkey"));
        assert!(!covers(r, "visits to Turkey", "Turkey"));
        assert!(!covers(r, "Ankara, Turkey", "Turkey"));
    }

    #[test]
    fn inside_a_quotation() {
        let r = ExceptionRule::InQuotation;
        assert!(covers(r, "He said: \"Kiev is ours\" and left.", "Kiev"));
        assert!(covers(r, "He said: \u{201C}Kiev is ours\u{201D}.", "Kiev"));
        assert!(covers(r, "Он сказал: \u{AB}Kiev\u{BB}.", "Kiev"));
        assert!(!covers(r, "\"Yes,\" he said. Kiev agreed.", "Kiev"));
        assert!(!covers(r, "He said: \"Yes.\n\nKiev agreed\".", "Kiev"));
        assert!(!covers(r, "\u{201C}Yes\u{201D} in Kiev.", "Kiev"));
        // A text far longer than the reach, a paragraph per line: a quote
        // mark in another line does not make the match quoted.
        let filler = "Talks went on for hours and nothing was said. ".repeat(200);
        let text =
            format!("He said \u{201C}yes.\n{filler}\nKiev agreed.\n{filler}\u{201D} and more.");
        assert!(!covers(r, &text, "Kiev agreed"));
        let text = format!("{filler}\nHe said: \"Kiev is ours\" and left.\n{filler}");
        assert!(covers(r, &text, "Kiev is"));
    }

    #[test]
    fn in_a_historical_name() {
        let r = ExceptionRule::HistoricalName;
        assert!(covers(r, "the Battle of Kiev in 1941", "Kiev"));
        assert!(covers(r, "the Kishinev pogrom of 1903", "Kishinev"));
        assert!(covers(r, "the 1st Belorussian Front", "Belorussian"));
        assert!(covers(r, "the Grand Duchy of Lithuania", "Lithuania"));
        assert!(covers(r, "art of Kievan Rus", "Rus"));
        assert!(covers(r, "the Kiev Rus' state", "Kiev"));
        assert!(!covers(r, "the battle for Kiev's airport", "Kiev"));
        assert!(!covers(r, "talks in Kiev on Friday", "Kiev"));
        assert!(!covers(r, "the Kiev frontier", "Kiev"));
        assert!(!covers(r, "the Frontline Battle of Kiev", "Frontline"));
    }

    #[test]
    fn a_sentence_dated_before_a_renaming() {
        let at = |t: &str, form: &str| {
            let s = t.find(form).unwrap();
            let day = Date::new(1991, 9, 19).unwrap();
            dated_before(t, Span::new(0, t.len()), Span::new(s, s + form.len()), day)
        };
        assert!(at("Byelorussia was liberated in 1944.", "Byelorussia"));
        assert!(at("The 1939 invasion of Byelorussia began.", "Byelorussia"));
        assert!(at(
            "Byelorussia lost a quarter of its people in the 1940s.",
            "Byelorussia"
        ));
        assert!(at(
            "The battles brought the liberation of Byelorussia and the end of the Second World War.",
            "Byelorussia"
        ));
        assert!(at("The Red Army entered Byelorussia.", "Byelorussia"));
        // A commemoration is a sentence of today.
        assert!(!at(
            "Messages went to Byelorussia on the 75th anniversary of Victory in the Great Patriotic War.",
            "Byelorussia"
        ));
        assert!(!at(
            "In Byelorussia he laid a wreath at the monument to the victims of 1916.",
            "Byelorussia"
        ));
        // Only the sentence of the match counts.
        assert!(!at(
            "It was 1944. Talks with Byelorussia went well.",
            "Byelorussia"
        ));
        assert!(!at(
            "Byelorussia has been a UN member since 1945.",
            "Byelorussia"
        ));
        assert!(!at(
            "Byelorussia and Russia signed a treaty in 1999.",
            "Byelorussia"
        ));
        assert!(!at("Byelorussia paid 19,440 roubles.", "Byelorussia"));
        assert!(!at("World War III would end Byelorussia.", "Byelorussia"));
        assert!(!at("Byelorussia voted on Friday.", "Byelorussia"));
    }

    #[test]
    fn a_form_named_as_a_word_is_a_mention() {
        let at = |t: &str, form: &str| {
            let s = t.find(form).unwrap();
            mentioned(t, Span::new(0, t.len()), Span::new(s, s + form.len()))
        };
        assert!(at("instead the acronym FYROM should be used", "FYROM"));
        assert!(at("The term \u{201c}Kiev\u{201d} is dated.", "Kiev"));
        assert!(at("the spelling Byelorussia", "Byelorussia"));
        assert!(!at("relations with FYROM developed", "FYROM"));
        assert!(!at("the name of FYROM", "FYROM"));
        assert!(!at("acronym FYROM", "FYROM"));
        assert!(!at("the formal name, FYROM", "FYROM"));
    }
}
