//! Standard romanizations of Russian Cyrillic, without diacritics: the
//! spellings a translator produces when transliterating a name instead of
//! using the approved one ("Sergei", "Sergej", "Lawrow" for "Sergey Lavrov").

/// A romanization system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// BGN/PCGN (1947), diacritics dropped: Sergey, Yuriy, Zakharova.
    BgnPcgn,
    /// ICAO Doc 9303 (passports since 2013): Sergei, Iurii, Mariia.
    Icao,
    /// Scholarly / ISO 9 without diacritics: Sergej, Jurij, Zacharova.
    Scholarly,
    /// Library of Congress without diacritics: Sergei, Iurii, Mariia.
    LibraryOfCongress,
    /// German (Duden) style: Sergej Lawrow, Jurij, Sacharowa.
    Duden,
}

impl System {
    /// All systems, in the order derived forms are tried.
    pub const ALL: [System; 5] = [
        System::BgnPcgn,
        System::Icao,
        System::Scholarly,
        System::LibraryOfCongress,
        System::Duden,
    ];

    /// The name used in messages.
    pub const fn name(self) -> &'static str {
        match self {
            System::BgnPcgn => "BGN/PCGN",
            System::Icao => "ICAO Doc 9303",
            System::Scholarly => "scholarly/ISO 9",
            System::LibraryOfCongress => "Library of Congress",
            System::Duden => "German (Duden)",
        }
    }
}

/// True for Russian Cyrillic letters.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я'
    )
}

/// Romanizes `text` with `system`; characters that are not Cyrillic are
/// kept. The case of each Cyrillic letter carries over to its first Latin
/// letter (all of them inside an all-capitals word).
pub fn romanize(text: &str, system: System) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if !is_cyrillic(lower) {
            out.push(c);
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let prev_l = prev.map(|p| p.to_lowercase().next().unwrap_or(p));
        let word_start = !prev.is_some_and(char::is_alphabetic);
        let after_vowel =
            word_start || prev.is_some_and(is_vowel) || matches!(prev_l, Some('ъ' | 'ь'));
        let latin = letter(system, lower, prev_l, next, after_vowel);
        let upper = c.is_uppercase();
        let word_caps =
            upper && (next.is_some_and(char::is_uppercase) || prev.is_some_and(char::is_uppercase));
        if word_caps {
            out.push_str(&latin.to_uppercase());
        } else if upper {
            let mut it = latin.chars();
            if let Some(f) = it.next() {
                out.extend(f.to_uppercase());
                out.extend(it);
            }
        } else {
            out.push_str(latin);
        }
    }
    out
}

fn letter(
    system: System,
    c: char,
    prev: Option<char>,
    next: Option<char>,
    after_vowel: bool,
) -> &'static str {
    use System::*;
    let between_vowels = prev.is_some_and(is_vowel) && next.is_some_and(is_vowel);
    match (system, c) {
        (_, 'а') => "a",
        (_, 'б') => "b",
        (Duden, 'в') => "w",
        (_, 'в') => "v",
        (_, 'г') => "g",
        (_, 'д') => "d",
        (BgnPcgn, 'е') if after_vowel => "ye",
        (Duden, 'е') if after_vowel => "je",
        (_, 'е') => "e",
        (BgnPcgn, 'ё') if after_vowel => "yo",
        (BgnPcgn, 'ё') => "e",
        (Duden, 'ё') if matches!(prev, Some('ж' | 'ч' | 'ш' | 'щ')) => "o",
        (Duden, 'ё') => "jo",
        (_, 'ё') => "e",
        (Scholarly, 'ж') => "z",
        (Duden, 'ж') => "sch",
        (_, 'ж') => "zh",
        (Duden, 'з') => "s",
        (_, 'з') => "z",
        (_, 'и') => "i",
        (BgnPcgn, 'й') => "y",
        (Scholarly | Duden, 'й') => "j",
        (_, 'й') => "i",
        (_, 'к') => "k",
        (_, 'л') => "l",
        (_, 'м') => "m",
        (_, 'н') => "n",
        (_, 'о') => "o",
        (_, 'п') => "p",
        (_, 'р') => "r",
        (Duden, 'с') if between_vowels => "ss",
        (_, 'с') => "s",
        (_, 'т') => "t",
        (_, 'у') => "u",
        (_, 'ф') => "f",
        (Scholarly | Duden, 'х') => "ch",
        (_, 'х') => "kh",
        (Scholarly, 'ц') => "c",
        (Duden, 'ц') => "z",
        (_, 'ц') => "ts",
        (Scholarly, 'ч') => "c",
        (Duden, 'ч') => "tsch",
        (_, 'ч') => "ch",
        (Scholarly, 'ш') => "s",
        (Duden, 'ш') => "sch",
        (_, 'ш') => "sh",
        (Scholarly, 'щ') => "sc",
        (Duden, 'щ') => "schtsch",
        (_, 'щ') => "shch",
        (Icao, 'ъ') => "ie",
        (_, 'ъ') => "",
        (_, 'ы') => "y",
        (_, 'ь') => "",
        (_, 'э') => "e",
        (BgnPcgn, 'ю') => "yu",
        (Icao | LibraryOfCongress, 'ю') => "iu",
        (_, 'ю') => "ju",
        (BgnPcgn, 'я') => "ya",
        (Icao | LibraryOfCongress, 'я') => "ia",
        (_, 'я') => "ja",
        (_, 'і') => "i",
        (_, 'ї') => "yi",
        (_, 'є') => "ye",
        (_, 'ґ') => "g",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lavrov_in_every_system() {
        let got: Vec<String> = System::ALL
            .iter()
            .map(|&s| romanize("Сергей Лавров", s))
            .collect();
        assert_eq!(
            got,
            [
                "Sergey Lavrov",
                "Sergei Lavrov",
                "Sergej Lavrov",
                "Sergei Lavrov",
                "Sergej Lawrow"
            ]
        );
    }

    #[test]
    fn context_rules() {
        assert_eq!(romanize("Мария Захарова", System::Icao), "Mariia Zakharova");
        assert_eq!(
            romanize("Мария Захарова", System::BgnPcgn),
            "Mariya Zakharova"
        );
        assert_eq!(
            romanize("Мария Захарова", System::Duden),
            "Marija Sacharowa"
        );
        assert_eq!(romanize("Евгений", System::BgnPcgn), "Yevgeniy");
        assert_eq!(romanize("Ельцин", System::Duden), "Jelzin");
        assert_eq!(romanize("Щукин", System::Icao), "Shchukin");
        assert_eq!(romanize("ОДКБ", System::BgnPcgn), "ODKB");
        assert_eq!(romanize("ШОС", System::BgnPcgn), "SHOS");
        assert_eq!(romanize("Шойгу", System::Scholarly), "Sojgu");
    }
}
