//! Source-language words: splitting folded text into words, the keys a
//! word is matched by (lower case, ё folded to е, stress marks dropped,
//! Snowball stem), and the rules for acronyms and their case endings.
//!
//! Words are compared whole (a stem is never looked for inside a longer
//! word): two words match when their stems are equal, which is what lets
//! "неделимости" and "неделимой" match "неделимость" while "мировой" does
//! not match "мир".

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;

use crate::text::{Folded, is_word_char};

/// The Snowball algorithm for a BCP 47 tag (its primary subtag), if
/// rust-stemmers has one. Languages without one match whole words.
pub fn algorithm_for(tag: &str) -> Option<Algorithm> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Reduces words to the keys they are matched by, for one language.
pub struct WordKeys {
    algorithm: Option<Algorithm>,
    stemmer: Option<Stemmer>,
}

impl std::fmt::Debug for WordKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordKeys")
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

impl WordKeys {
    /// Keys for a language (`None`: whole words, no stemming).
    pub fn new(algorithm: Option<Algorithm>) -> Self {
        Self {
            algorithm,
            stemmer: algorithm.map(Stemmer::create),
        }
    }

    /// The algorithm in use.
    pub fn algorithm(&self) -> Option<Algorithm> {
        self.algorithm
    }

    /// The stem of a lower-cased, ё-folded word.
    pub fn stem(&self, lower: &str) -> String {
        match &self.stemmer {
            Some(s) => s.stem(lower).into_owned(),
            None => lower.to_owned(),
        }
    }
}

/// One word of a folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Folded byte range.
    pub start: usize,
    /// Folded byte end.
    pub end: usize,
    /// The word with ё/Ё folded to е/Е and combining marks (stress) removed,
    /// case kept.
    pub cased: String,
    /// `cased` in lower case.
    pub lower: String,
    /// The separator up to the next word, reduced by [`separator_key`].
    pub sep_after: String,
}

impl Word {
    /// True when the word starts with a lower-case letter.
    pub fn starts_lower(&self) -> bool {
        self.cased.chars().next().is_some_and(char::is_lowercase)
    }
}

/// Russian noun case endings (singular and plural, ё folded; with the
/// adjectival ones of surnames in -ов/-ин: "Лавровым"): what may
/// follow the stem of a name in an inflected mention ("России",
/// "Россией", "Лаврову"). Derivational suffixes ("-ян", "-ский", "-ный")
/// are not among them.
const NAME_ENDINGS: &[&str] = &[
    "", "а", "я", "у", "ю", "е", "и", "ы", "ь", "й", "ой", "ей", "ою", "ею", "ом", "ем", "ам",
    "ям", "ами", "ями", "ах", "ях", "ов", "ев", "ий", "ия", "ию", "ии", "ией", "иею", "иям", "иях",
    "иями", "ью", "ьи", "ье", "ья", "ьей", "ым", "ых", "ыми",
];

/// True when `ending` (what follows a stem in a lower-case word) is a
/// Russian noun case ending.
pub fn is_name_ending(ending: &str) -> bool {
    NAME_ENDINGS.contains(&ending)
}

/// Case endings of a singular noun whose nominative ends in a hard
/// consonant ("Николаев" -> "Николаева", "Николаеве", "Николаевом"; with
/// the surname endings "-ым" and "-ой"): written after the whole
/// nominative, or after it less its fleeting vowel ("Египет" -> "Египта");
/// "-ем" after a hushing consonant ("Гутеррешем").
const CONSONANT_SINGULAR_ENDINGS: &[&str] = &["", "а", "у", "ом", "ем", "е", "ым", "ой", "ою"];

/// True when `word` (lower case) can be a case form of the one-word name
/// `form` (lower case, its nominative), beyond sharing its stem. A name
/// names one thing, so it has no plural forms, and Russian declension is
/// regular enough to say which words cannot be its forms:
///
/// - a name ending in a consonant and -о, -у, -ю, -е, -э or -и ("Перу",
///   "Мали", "Того", "Шойгу") does not decline, unless it is a Russian
///   neuter in -ство ("Королевство"): only the form itself ("Пери",
///   "Малой" are other words);
/// - a name in -а/-я keeps an ending: the bare stem is a genitive plural
///   ("Доминик", "Куб", "Росси" are not Dominica, Cuba, Russia);
/// - a plural name in -ы takes plural endings only ("Штату" is a state,
///   not the United States);
/// - a name in a hard consonant keeps the whole nominative and adds a
///   singular case ending ("Николаем" is Nikolai, not Николаев;
///   "Ермаков" is another surname than "Ермак"; "Лисичанский" an
///   adjective of "Лисичанск").
///
/// `fleeting` is the form without its fleeting vowel, if it has one.
pub fn inflects_as_name(form: &str, word: &str, fleeting: Option<&str>) -> bool {
    let mut rev = form.chars().rev();
    let (Some(last), before) = (rev.next(), rev.next()) else {
        return true;
    };
    let consonant = |c: char| "бвгджзклмнпрстфхцчшщ".contains(c);
    // Russian neuters in -ство ("Королевство") do decline.
    if "оуюеэи".contains(last) && before.is_some_and(consonant) && !form.ends_with("ство")
    {
        return word == form;
    }
    if matches!(last, 'а' | 'я') {
        return word.chars().count() >= form.chars().count();
    }
    // A plural name ("Штаты", "Филиппины") takes plural endings only.
    if last == 'ы' && before.is_some_and(consonant) {
        let base: String = form.chars().take(form.chars().count() - 1).collect();
        return word
            .strip_prefix(base.as_str())
            .is_some_and(|ending| ["ы", "", "ов", "ам", "ами", "ах"].contains(&ending));
    }
    if consonant(last) {
        return std::iter::once(form)
            .chain(fleeting)
            .filter_map(|base| word.strip_prefix(base))
            .any(|ending| CONSONANT_SINGULAR_ENDINGS.contains(&ending));
    }
    true
}

/// Splits a folded (case-preserving) text into words.
pub fn words(folded: &Folded) -> Vec<Word> {
    let text = folded.text.as_str();
    let mut out: Vec<Word> = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let inside = i < text.len() && is_word_char(c);
        match (start, inside) {
            (None, true) => {
                if let Some(prev) = out.last_mut() {
                    prev.sep_after = separator_key(&text[last_end..i]);
                }
                start = Some(i);
            }
            (Some(s), false) => {
                let cased = fold_word(&text[s..i]);
                let lower = cased.to_lowercase();
                out.push(Word {
                    start: s,
                    end: i,
                    cased,
                    lower,
                    sep_after: String::new(),
                });
                last_end = i;
                start = None;
            }
            _ => {}
        }
    }
    if let Some(prev) = out.last_mut() {
        prev.sep_after = separator_key(&text[last_end..]);
    }
    out
}

/// ё/Ё to е/Е (Russian print mostly omits the dots) and combining marks
/// (stress accents in teaching texts) dropped.
pub fn fold_word(w: &str) -> String {
    w.chars()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'ё' => 'е',
            'Ё' => 'Е',
            c => c,
        })
        .collect()
}

/// What separates two words, as compared between a form and a text: white
/// space and quotation marks do not count, punctuation does ("Россия-НАТО"
/// needs the hyphen; a comma or full stop between two words breaks a
/// match).
pub fn separator_key(sep: &str) -> String {
    sep.chars()
        .filter(|c| !c.is_whitespace() && !is_quote(*c))
        .collect()
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '«' | '»' | '‹' | '›' | '„' | '“' | '”' | '‚' | '‘' | '’'
    )
}

/// A Russian noun's stem without its fleeting vowel, which drops in every
/// case but the nominative ("порядок" / "порядка", "конец" / "конца",
/// "день" / "дня"): the key its oblique forms stem to. `None` when the
/// word does not end in consonant, о/е, consonant (and an optional ь).
pub fn without_fleeting_vowel(lower: &str) -> Option<String> {
    let chars: Vec<char> = lower.chars().collect();
    let soft = chars.last() == Some(&'ь');
    let n = chars.len() - usize::from(soft);
    if n < 3 {
        return None;
    }
    let (c1, v, c2) = (chars[n - 3], chars[n - 2], chars[n - 1]);
    let consonant = |c: char| "бвгджзклмнпрстфхцчшщ".contains(c);
    if !(consonant(c1) && matches!(v, 'о' | 'е') && consonant(c2)) {
        return None;
    }
    Some(chars[..n - 2].iter().chain(&chars[n - 1..n]).collect())
}

/// True for a word written as an acronym: two or more capital letters
/// ("ОБСЕ", "ЕврАзЭС", "НАТОцентризм"). Acronyms are matched in their own
/// case and are not stemmed.
pub fn is_acronym(cased: &str) -> bool {
    cased.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Russian case endings an acronym may carry, written on directly
/// ("МИДа", "МИДом") or after a hyphen ("МИД-а").
pub const CASE_ENDINGS: &[&str] = &[
    "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах", "ой", "и", "ей", "ям", "ями", "ях", "ю",
    "ою", "ем",
];

/// True when `tail` is one of the [`CASE_ENDINGS`].
pub fn is_case_ending(tail: &str) -> bool {
    CASE_ENDINGS.contains(&tail)
}

/// Beginnings of derivational suffixes: a hyphenated tail starting with
/// one ("НАТО-шный", "ООН-овский", "СНГ-овец") makes a new word, which is
/// not a mention of the acronym's term.
const DERIVATIONAL: &[&str] = &[
    "ш", "овск", "евск", "ск", "овец", "овц", "ец", "ц", "ист", "изм", "ник",
];

/// True when a hyphenated lower-case tail derives a new word from an
/// acronym rather than inflecting or compounding it.
pub fn is_derivational(tail: &str) -> bool {
    DERIVATIONAL.iter().any(|d| tail.starts_with(d))
}

/// The acronyms `word` may be an inflected form of: itself, and itself
/// minus each case ending it ends with ("МИДом" -> "МИД").
pub fn acronym_bases(word: &str) -> impl Iterator<Item = &str> {
    std::iter::once(word).chain(CASE_ENDINGS.iter().filter_map(move |e| {
        let base = word.strip_suffix(e)?;
        // The base must itself end in a capital (or digit): "МИДа" -> "МИД",
        // never "Ира" -> "Ир".
        base.chars()
            .next_back()
            .filter(|c| c.is_uppercase() || c.is_numeric())
            .map(|_| base)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn ws(s: &str) -> Vec<(String, String)> {
        words(&fold(s, 0, false))
            .into_iter()
            .map(|w| (w.cased, w.sep_after))
            .collect()
    }

    #[test]
    fn splits_words_and_keys_separators() {
        assert_eq!(
            ws("Совет Россия–НАТО, «Большая двадцатка»."),
            [
                ("Совет".to_owned(), String::new()),
                ("Россия".to_owned(), "-".to_owned()),
                ("НАТО".to_owned(), ",".to_owned()),
                ("Большая".to_owned(), String::new()),
                ("двадцатка".to_owned(), ".".to_owned()),
            ]
        );
    }

    #[test]
    fn folds_yo_and_stress() {
        assert_eq!(fold_word("Трёхсторонняя"), "Трехсторонняя");
        assert_eq!(fold_word("ЁЛКА"), "ЕЛКА");
        assert_eq!(fold_word("вы\u{301}боры"), "выборы");
    }

    #[test]
    fn russian_stems_conflate_cases_not_other_words() {
        let k = WordKeys::new(algorithm_for("ru"));
        assert_eq!(k.stem("неделимости"), k.stem("неделимость"));
        assert_eq!(k.stem("неделимой"), k.stem("неделимость"));
        assert_eq!(k.stem("безопасностью"), k.stem("безопасность"));
        assert_ne!(k.stem("мировой"), k.stem("мир"));
        assert_ne!(k.stem("советник"), k.stem("совет"));
    }

    #[test]
    fn fleeting_vowels() {
        let k = WordKeys::new(algorithm_for("ru"));
        let key = |w: &str| without_fleeting_vowel(w);
        assert_eq!(key("порядок").as_deref(), Some("порядк"));
        assert_eq!(key("порядок"), Some(k.stem("порядка")));
        assert_eq!(key("конец"), Some(k.stem("конца")));
        assert_eq!(key("день").as_deref(), Some("дн"));
        assert_eq!(key("мир"), None);
        assert_eq!(key("безопасность"), None);
    }

    #[test]
    fn names_decline_as_singular_nouns() {
        let fleeting = |w: &str| without_fleeting_vowel(w);
        let ok = |form: &str, word: &str| inflects_as_name(form, word, fleeting(form).as_deref());
        // Indeclinable: only the form itself.
        assert!(ok("мали", "мали") && !ok("мали", "малой") && !ok("перу", "пери"));
        assert!(ok("королевство", "королевстве"));
        // -а/-я: never the bare stem (a genitive plural).
        assert!(ok("куба", "кубе") && ok("россия", "россией"));
        assert!(!ok("доминика", "доминик") && !ok("россия", "росси"));
        // Hard consonant: the whole nominative plus a singular ending.
        assert!(ok("николаев", "николаеве") && ok("лавров", "лавровым"));
        assert!(ok("египет", "египта") && ok("гутерреш", "гутеррешем"));
        assert!(!ok("николаев", "николаем") && !ok("ермак", "ермаков"));
        assert!(!ok("лисичанск", "лисичанский"));
        // A plural name: plural endings only.
        assert!(ok("штаты", "штатах") && ok("филиппины", "филиппин"));
        assert!(!ok("штаты", "штату"));
        // Soft endings and adjectives are left to the stem rules.
        assert!(ok("израиль", "израиля") && ok("арабские", "арабских"));
    }

    #[test]
    fn languages() {
        assert_eq!(algorithm_for("ru-RU"), Some(Algorithm::Russian));
        assert_eq!(algorithm_for("DE"), Some(Algorithm::German));
        assert_eq!(algorithm_for("uk"), None);
        assert_eq!(WordKeys::new(None).stem("мира"), "мира");
    }

    #[test]
    fn acronym_rules() {
        assert!(is_acronym("ОБСЕ"));
        assert!(is_acronym("ЕврАзЭС"));
        assert!(!is_acronym("Совет"));
        assert!(!is_acronym("G20"));
        assert!(is_case_ending("ом"));
        assert!(!is_case_ending("шный"));
        assert!(is_derivational("шный"));
        assert!(is_derivational("овский"));
        assert!(!is_derivational("ориентированный"));
        let bases: Vec<_> = acronym_bases("МИДом").collect();
        assert_eq!(bases, ["МИДом", "МИД"]);
        assert_eq!(acronym_bases("Ира").count(), 1);
    }
}
