//! The precision rules of near-misses: English words are not names'
//! typos, one-word names need support nearby, capitals must agree, and a
//! match inside a longer name or a derived word is not a near-miss.

use super::*;

/// How far (in bytes of the original) from a weak near-miss the document
/// must name its term: about one long news article. A misspelling sits
/// among correct mentions of the same name; a long file that names the
/// term somewhere (a whole test set, a digest) does not make every
/// look-alike in it a typo (docs/accuracy.md has the figures).
pub(super) const SUPPORT_BYTES: usize = 5000;

/// True when `named` (sorted) holds a mention of `term` within
/// [`SUPPORT_BYTES`] of `span`, other than one overlapping it.
pub(super) fn named_near(named: &[(TermRef, Span)], term: TermRef, span: Span) -> bool {
    let d = SUPPORT_BYTES;
    let from = named.partition_point(|&(t, _)| t < term);
    named[from..]
        .iter()
        .take_while(|&&(t, s)| t == term && s.start <= span.end + d)
        .any(|&(_, s)| s.end + d >= span.start && !s.overlaps(span))
}

/// Ordinary English words of five letters or more, sorted, one a line
/// (from SCOWL via Debian's wamerican and wbritish; see
/// english_words.NOTICE).
pub(super) static ENGLISH_WORDS: &str = include_str!("../english_words.txt");

/// The lower-case four-letter words of the same lists ("iron", "mail",
/// "jury"), for names of four and five letters.
pub(super) static ENGLISH_WORDS_4: &str = include_str!("../english_words4.txt");

/// True when `word` (folded, lower case) is an ordinary English word: a
/// one-word near-miss that is one ("Hungry" for "Hungary") is a word the
/// writer meant, not a misspelt name.
pub(super) fn is_english_word(word: &str) -> bool {
    match word.len() {
        4 => in_sorted_lines(ENGLISH_WORDS_4, word),
        _ => in_sorted_lines(ENGLISH_WORDS, word),
    }
}

/// The capitalized words of four letters or more of the same lists, in
/// lower case: names and words of names ("angela", "cameron", "german",
/// "ivan", "omar", "perm"). A one-word near-miss that is one is the name
/// the writer meant, not a misspelt glossary name.
pub(super) static ENGLISH_NAMES: &str = include_str!("../english_names.txt");

/// True when `word` (folded, lower case) is a name of the English
/// dictionaries ([`ENGLISH_NAMES`]).
pub(super) fn is_dictionary_name(word: &str) -> bool {
    in_sorted_lines(ENGLISH_NAMES, word)
}

/// True when `word` is written in capitals only ("NEPAD"): an acronym,
/// not a misspelt name written in lower case.
pub(super) fn all_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Binary search of `word` in sorted lines.
fn in_sorted_lines(list: &str, word: &str) -> bool {
    let list = list.as_bytes();
    let (mut lo, mut hi) = (0, list.len());
    // Binary search over line starts: `lo` and `hi` always sit at one.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = list[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
            .max(lo);
        let end = list[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(list.len(), |p| start + p);
        match list[start..end].cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// The word tokens of `hay[start..end]`, as folded byte ranges.
pub(super) fn toks_in(hay: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    tokens(&hay[start..end])
        .into_iter()
        .map(|(s, e)| (start + s, start + e))
        .collect()
}

/// True when every capitalized word of the form faces a capitalized word
/// of the text (the original text, since the folded one is lower case).
pub(super) fn keeps_capitals(
    f: &FuzzyForm,
    cx: &Context<'_>,
    part: &Part,
    words: &[(usize, usize)],
) -> bool {
    if f.caps.len() != words.len() {
        return true;
    }
    f.caps.iter().zip(words).all(|(&cap, &(s, e))| {
        !cap || cx
            .text(part.folded.to_original(s, e))
            .chars()
            .next()
            .is_some_and(|c| !c.is_lowercase())
    })
}

/// Capitalized words that do not make a longer name with the name next to
/// them: words capitalized at a sentence start ("The", "In") and titles
/// ("President", "Minister").
const NOT_NAME_PARTS: &[&str] = &[
    "A",
    "About",
    "After",
    "Against",
    "Aide",
    "Also",
    "Ambassador",
    "An",
    "And",
    "As",
    "At",
    "Before",
    "Between",
    "Both",
    "But",
    "By",
    "Chairman",
    "Chancellor",
    "Colonel",
    "Counterpart",
    "Deputy",
    "Director",
    "Dr",
    "During",
    "Emir",
    "Envoy",
    "Every",
    "For",
    "Foreign",
    "From",
    "General",
    "Governor",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "Its",
    "It",
    "King",
    "Leader",
    "Mayor",
    "Minister",
    "Mr",
    "Mrs",
    "Ms",
    "Neither",
    "Nor",
    "Of",
    "On",
    "Or",
    "Our",
    "Premier",
    "President",
    "Presidential",
    "Prime",
    "Prince",
    "Queen",
    "Secretary",
    "Senator",
    "She",
    "Sheikh",
    "Since",
    "So",
    "Speaker",
    "Sultan",
    "That",
    "The",
    "Their",
    "These",
    "They",
    "This",
    "Those",
    "Through",
    "To",
    "Under",
    "Until",
    "We",
    "When",
    "While",
    "With",
    "Yet",
];

/// Lower-case words that join the parts of a personal name ("Ursula von der
/// Leyen", "Abdullah bin Zayed"); a romanized name may hold them too.
pub(super) const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "der", "des", "di", "dos", "du", "el", "ibn", "la",
    "le", "van", "von",
];

/// True when the word at `text[start..end]` stands next to another
/// capitalized word, with one space between ("David Cameron", "Imran
/// Khan"): part of a longer name, which a one-word name of the glossary
/// does not describe, or follows a name particle ("del Toro"). A
/// sentence's first word ("The") and a title ("President") before it do
/// not count.
pub(super) fn inside_longer_name(text: &str, start: usize, end: usize) -> bool {
    let capitalized =
        |w: &str| w.chars().next().is_some_and(char::is_uppercase) && !NOT_NAME_PARTS.contains(&w);
    let before = text[..start]
        .strip_suffix(' ')
        .filter(|b| !b.ends_with(' '))
        .and_then(|b| b.rsplit(|c: char| !is_word_char(c)).next());
    // "Guillermo del Toro", "Ursula von der Leyen".
    if before.is_some_and(|w| NAME_PARTICLES.contains(&w)) {
        return true;
    }
    let after = text[end..]
        .strip_prefix(' ')
        .and_then(|a| a.split(|c: char| !is_word_char(c)).next());
    before.is_some_and(capitalized) || after.is_some_and(capitalized)
}

/// Titles of the clergy, written before a name ("Father Vladimir
/// Zelinsky", "Fr. Vladimir Zelinsky").
const CLERICAL_TITLES: &[&str] = &[
    "Abbot",
    "Archbishop",
    "Archimandrite",
    "Archpriest",
    "Bishop",
    "Cardinal",
    "Deacon",
    "Father",
    "Fr",
    "Hegumen",
    "Hieromonk",
    "Imam",
    "Metropolitan",
    "Mufti",
    "Patriarch",
    "Pope",
    "Rabbi",
    "Rev",
    "Reverend",
];

/// True when the name at `span` of `text` follows a clerical title that
/// the listed name `preferred` does not carry: the text names a cleric,
/// another person than the listed one ("Father Vladimir Zelinsky" is no
/// misspelt "Vladimir Zelensky"; "Patriarch Kiril" stays a near-miss of
/// "Patriarch Kirill").
pub(super) fn after_other_title(text: &str, span: Span, preferred: &str) -> bool {
    let before = text[..span.start].trim_end_matches([' ', '\u{A0}']);
    let before = before.strip_suffix('.').unwrap_or(before);
    let title = before
        .rsplit(|c: char| !is_word_char(c))
        .next()
        .unwrap_or_default();
    CLERICAL_TITLES.contains(&title)
        && !preferred
            .split(|c: char| !is_word_char(c))
            .any(|w| w == title)
}

/// True when the one-word name at `span` of `part` stands next to a
/// capitalized word that makes a longer name with it, unless the word
/// before ends a glossary name ("President of Belarus Lukashenko": a
/// country, then a person).
pub(super) fn in_longer_name(cx: &Context<'_>, part: &Part, span: Span) -> bool {
    inside_longer_name(
        cx.text(part.span),
        span.start - part.span.start,
        span.end - part.span.start,
    ) && {
        // Matches are in text order and do not overlap: the one ending
        // last before the name is the only one that can end right there.
        let i = part.matches.partition_point(|m| m.span.end < span.start);
        i.checked_sub(1)
            .is_none_or(|i| part.matches[i].span.end + 1 != span.start)
    }
}

/// Names this long or shorter lose no letter to a typo (see
/// [`typing_slip`]).
const SHORT_NAME: usize = 5;

/// The rows of a QWERTY keyboard: a mistyped letter is usually one of the
/// keys around the intended one.
const QWERTY: [&[u8]; 3] = [b"qwertyuiop", b"asdfghjkl", b"zxcvbnm"];

/// True when keys `a` and `b` touch on a QWERTY keyboard.
fn keyboard_neighbours(a: u8, b: u8) -> bool {
    let at = |c: u8| {
        QWERTY
            .iter()
            .enumerate()
            .find_map(|(r, row)| row.iter().position(|&k| k == c).map(|k| (r, k)))
    };
    match (at(a), at(b)) {
        (Some((ra, ka)), Some((rb, kb))) => {
            ra.abs_diff(rb) <= 1 && ka.abs_diff(kb) <= 1 && (ra, ka) != (rb, kb)
        }
        _ => false,
    }
}

/// Whether `text` is `form` with one slip of typing: two neighbouring
/// letters swapped, a letter dropped, a letter typed twice, or a letter
/// replaced by a key next to it ("Chnia", "Chna", "Chiina", "Chins" for
/// "China"; no dropped letter in names of five letters or fewer, no
/// replaced one in names of four). Other single edits of a one-word name are usually another
/// word or name ("Chita", "Imran", "Styria", "Turkomen"). Both in lower
/// case; words with letters beyond ASCII pass.
pub(super) fn typing_slip(text: &str, form: &str) -> bool {
    let (t, f) = (text.as_bytes(), form.as_bytes());
    if !text.is_ascii() || !form.is_ascii() {
        return true;
    }
    let p = t.iter().zip(f).take_while(|(a, b)| a == b).count();
    match t.len() as isize - f.len() as isize {
        0 if p + 1 < t.len()
            && t[p] == f[p + 1]
            && t[p + 1] == f[p]
            && t[p + 2..] == f[p + 2..] =>
        {
            true
        }
        // A four-letter name with one key replaced is most often another
        // name ("Peri" for Peru).
        0 => {
            f.len() > 4
                && p < t.len()
                && t[p + 1..] == f[p + 1..]
                && keyboard_neighbours(t[p], f[p])
        }
        // Dropped: the rest of the form follows. A name of five letters or
        // fewer less a letter is most often another name ("Palu", "Benn",
        // "Suda" for Palau, Benin, Sudan).
        -1 => f.len() > SHORT_NAME && t[p..] == f[p + 1..],
        // Typed twice: the extra letter repeats its neighbour.
        1 => t[p + 1..] == f[p..] && ((p > 0 && t[p] == t[p - 1]) || t.get(p + 1) == Some(&t[p])),
        _ => false,
    }
}

/// True when `phrase` occurs in `key` as whole words.
pub(super) fn contains_words(key: &str, phrase: &str) -> bool {
    key.match_indices(phrase).any(|(at, _)| {
        !key[..at].chars().next_back().is_some_and(is_word_char)
            && !key[at + phrase.len()..]
                .chars()
                .next()
                .is_some_and(is_word_char)
    })
}

/// True when `text` begins with the whole words `prefix` ("russian
/// federation" begins with "russian", not with "russia": a misspelt
/// "Russian Federration" is no extension of the short name "Russia").
pub(super) fn starts_with_words(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .is_some_and(|rest| !rest.chars().next().is_some_and(is_word_char))
}

/// English endings that make a related word of a name: demonyms,
/// adjectives, plurals ("Germans" for "Germany", "Honduran" for
/// "Honduras", "Russophobic" for "Russophobia").
pub(super) const DERIVED_ENDINGS: &[&str] = &[
    "s", "an", "ans", "ian", "ians", "ic", "ics", "ese", "ish", "ism", "ist", "ists", "ite", "ites",
];

/// True when `word` is `form` with its last one or two letters replaced by
/// a derivational ending: a related word, not a misspelling.
pub(super) fn derived_word(word: &str, form: &str) -> bool {
    let form_len = form.chars().count();
    form.char_indices()
        .map(|(i, _)| i)
        .skip(form_len.saturating_sub(2).max(4))
        .any(|i| {
            word.get(..i) == Some(&form[..i])
                && word.get(i..).is_some_and(|rest| {
                    // "Eurasiian" only inserts a letter: a typo.
                    DERIVED_ENDINGS.contains(&rest) && !rest.ends_with(&form[i..])
                })
        })
}

/// True when a finding crosses the edges of `span` or covers it; one
/// strictly inside it (a wrongly cased name inside a misspelt title) does
/// not count.
/// Whether `span` overlaps a span of `found` (sorted by start, none longer
/// than `max_len`) other than one strictly inside it. Only spans starting
/// in `span.start - max_len .. span.end` can overlap it.
pub(super) fn overlaps_any(found: &[Span], max_len: usize, span: Span) -> bool {
    let end = found.partition_point(|s| s.start < span.end);
    found[..end]
        .iter()
        .rev()
        .take_while(|s| s.start + max_len > span.start)
        .any(|s| s.overlaps(span) && !(span.contains(*s) && *s != span))
}
