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
    /// Ukrainian national system (Cabinet resolution 55, 2010): Volodymyr,
    /// Zelenskyi, Kharkiv. Only identifies a text's spelling; no forms are
    /// derived with it.
    Ukrainian,
    /// French transcription: Sergueï Lavrov, Iouri Ouchakov. Only
    /// identifies a text's spelling; no forms are derived with it.
    French,
    /// ISO 9 typed without its diacritics (š ž č ŝ as s z c s, х as h):
    /// Sojgu, Hrusev, Pasinjan. Only identifies a text's spelling.
    Iso9Plain,
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

    /// Every system a text's spelling is identified by: [`System::ALL`],
    /// then the Ukrainian national, French and plain ISO 9 systems.
    pub const EVERY: [System; 8] = [
        System::BgnPcgn,
        System::Icao,
        System::Scholarly,
        System::LibraryOfCongress,
        System::Duden,
        System::Ukrainian,
        System::French,
        System::Iso9Plain,
    ];

    /// A system made for writing Russian names in English text: BGN/PCGN,
    /// ICAO Doc 9303 and the Library of Congress (not the scholarly,
    /// German, Ukrainian or French ones).
    pub const fn is_english_language(self) -> bool {
        matches!(
            self,
            System::BgnPcgn | System::Icao | System::LibraryOfCongress
        )
    }

    /// The name used in messages.
    pub const fn name(self) -> &'static str {
        match self {
            System::BgnPcgn => "BGN/PCGN",
            System::Icao => "ICAO Doc 9303",
            System::Scholarly => "scholarly/ISO 9",
            System::LibraryOfCongress => "Library of Congress",
            System::Duden => "German (Duden)",
            System::Ukrainian => "Ukrainian national (2010)",
            System::French => "French",
            System::Iso9Plain => "ISO 9 without diacritics",
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
        let latin = letter(system, lower, prev_l, next, after_vowel, word_start);
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
    word_start: bool,
) -> &'static str {
    use System::*;
    let between_vowels = prev.is_some_and(is_vowel) && next.is_some_and(is_vowel);
    let next_l = next.map(|n| n.to_lowercase().next().unwrap_or(n));
    match (system, c) {
        (Ukrainian, _) => ukrainian(c, word_start),
        (French, _) => french(c, prev, next_l, between_vowels),
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
        (Scholarly | Iso9Plain, 'ж') => "z",
        (Duden, 'ж') => "sch",
        (_, 'ж') => "zh",
        (Duden, 'з') => "s",
        (_, 'з') => "z",
        (_, 'и') => "i",
        (BgnPcgn, 'й') => "y",
        (Scholarly | Duden | Iso9Plain, 'й') => "j",
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
        (Iso9Plain, 'х') => "h",
        (_, 'х') => "kh",
        (Scholarly | Iso9Plain, 'ц') => "c",
        (Duden, 'ц') => "z",
        (_, 'ц') => "ts",
        (Scholarly | Iso9Plain, 'ч') => "c",
        (Duden, 'ч') => "tsch",
        (_, 'ч') => "ch",
        (Scholarly | Iso9Plain, 'ш') => "s",
        (Duden, 'ш') => "sch",
        (_, 'ш') => "sh",
        (Scholarly, 'щ') => "sc",
        (Iso9Plain, 'щ') => "s",
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

/// The Ukrainian national romanization (2010): position-dependent only at
/// the start of a word (Yevhen, but Zelenskyi). Russian-only letters take
/// their usual Latin values.
fn ukrainian(c: char, word_start: bool) -> &'static str {
    match c {
        'г' => "h",
        'ґ' => "g",
        'е' | 'э' => "e",
        'є' if word_start => "ye",
        'є' => "ie",
        'ж' => "zh",
        'и' | 'ы' => "y",
        'і' => "i",
        'ї' if word_start => "yi",
        'ї' => "i",
        'й' if word_start => "y",
        'й' => "i",
        'ё' if word_start => "yo",
        'ё' => "io",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' if word_start => "yu",
        'ю' => "iu",
        'я' if word_start => "ya",
        'я' => "ia",
        'ъ' | 'ь' => "",
        _ => letter(System::BgnPcgn, c, None, None, false, false),
    }
}

/// French transcription, diacritics dropped (Sergueï -> Serguei).
fn french(c: char, prev: Option<char>, next: Option<char>, between_vowels: bool) -> &'static str {
    match c {
        // -ий is -i (Iouri, Dmitri).
        'й' if prev == Some('и') => "",
        'г' if matches!(next, Some('е' | 'и' | 'ы' | 'э' | 'ё')) => "gu",
        'г' => "g",
        'ё' => "io",
        'ж' => "j",
        'й' => "i",
        'с' if between_vowels => "ss",
        'у' => "ou",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "tch",
        'ш' => "ch",
        'щ' => "chtch",
        'ю' => "iou",
        'я' => "ia",
        'ы' => "y",
        'ъ' | 'ь' => "",
        _ => letter(System::BgnPcgn, c, None, None, false, false),
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
    fn ukrainian_and_french() {
        assert_eq!(
            romanize("Володимир Зеленський", System::Ukrainian),
            "Volodymyr Zelenskyi"
        );
        assert_eq!(
            romanize("Євген Харків", System::Ukrainian),
            "Yevhen Kharkiv"
        );
        assert_eq!(romanize("Сергей Лавров", System::French), "Serguei Lavrov");
        assert_eq!(romanize("Юрий Ушаков", System::French), "Iouri Ouchakov");
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
        assert_eq!(romanize("Хрущёв", System::Iso9Plain), "Hrusev");
        assert_eq!(
            romanize("Никол Пашинян", System::Iso9Plain),
            "Nikol Pasinjan"
        );
    }
}

/// Longest spellings first: what each stands for in the key.
/// `S` is the hushing class (ш ж ч щ in every system: sh, zh, ch, sch,
/// tsch, tch, shch, š, ž, č), `Z` the hissing class (с з ц: s, z, ts,
/// tz, soft c), `x` is ks.
const KEY_SEQUENCES: &[(&[u8], &[u8])] = &[
    (b"schtsch", b"S"),
    (b"chtch", b"S"),
    (b"shtch", b"S"),
    (b"shch", b"S"),
    (b"tsch", b"S"),
    (b"cks", b"x"),
    (b"dzh", b"S"),
    (b"tch", b"S"),
    (b"sch", b"S"),
    (b"dj", b"S"),
    (b"zh", b"S"),
    (b"sh", b"S"),
    (b"ch", b"S"),
    (b"cz", b"S"),
    (b"sz", b"S"),
    (b"kh", b"g"),
    (b"gh", b"g"),
    (b"ph", b"f"),
    (b"ck", b"k"),
    (b"ks", b"x"),
    (b"ts", b"Z"),
    (b"tz", b"Z"),
    (b"ou", b"u"),
];

/// The romanization key of one word: what the romanization systems
/// (BGN/PCGN, ICAO, ISO 9, Library of Congress, German, French, the
/// Ukrainian national system) and informal spellings disagree on is
/// folded, so every romanization of one Cyrillic name has the same key:
/// y/i/j, ye/e/ie, iy/ii/ij/y at the end, kh/h/g (Г for a foreign H:
/// "Gonduras"), gv/gu before a vowel, ks/x, w/v, final ff/f as
/// v (-off for -ov), ou/u, ph/f, gh/g, gu/g before e or i, c/k/q, the
/// hushing sounds (sh, zh, ch, sch, tsch, tch, shch, dzh, dj, š, ž, č)
/// and the hissing ones (s, z, ts, tz, soft c), doubled i, s and k, and
/// diacritics. `word` may be in any case; `out` is cleared first. A key
/// stands for a spelling only; it says nothing about whether the word
/// is a name.
pub fn key_into(word: &str, buf: &mut Vec<u8>, out: &mut Vec<u8>) {
    buf.clear();
    out.clear();
    for c in word.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase() as u8);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let base: &[u8] = match lower {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => b"a",
            'ç' | 'č' | 'ć' | 'š' | 'ş' | 'ś' | 'ž' | 'ż' | 'ź' => b"sh",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => b"e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => b"i",
            'ñ' | 'ń' | 'ň' => b"n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => b"o",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => b"u",
            'ý' | 'ÿ' => b"y",
            'ğ' => b"g",
            'ł' => b"l",
            'ř' => b"r",
            'ď' => b"d",
            'ť' => b"t",
            'ß' => b"ss",
            '\u{2019}' => b"'",
            _ => {
                let mut tmp = [0; 4];
                buf.extend_from_slice(lower.encode_utf8(&mut tmp).as_bytes());
                continue;
            }
        };
        buf.extend_from_slice(base);
    }
    let b = &buf[..];
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut i = 0;
    while i < b.len() {
        // Every sequence starts with one of these letters.
        if matches!(
            b[i],
            b's' | b'c' | b't' | b'd' | b'z' | b'k' | b'g' | b'p' | b'o'
        ) && let Some((from, to)) = KEY_SEQUENCES.iter().find(|(f, _)| b[i..].starts_with(f))
        {
            push_class(out, to[0]);
            i += from.len();
            continue;
        }
        let next = b.get(i + 1).copied();
        let class = match b[i] {
            // French г before e and i ("Sergueï").
            b'g' if next == Some(b'u')
                && b.get(i + 2)
                    .is_some_and(|&c| matches!(c, b'e' | b'i' | b'y')) =>
            {
                push_class(out, b'g');
                i += 2;
                continue;
            }
            b'c' if next.is_some_and(|c| matches!(c, b'e' | b'i' | b'y')) => b'Z',
            b'c' | b'q' => b'k',
            b's' | b'z' => b'Z',
            // Г for a foreign H ("Gonduras") and the Ukrainian Г as h
            // ("Hrenada").
            b'h' => b'g',
            // -gv- for -gu- before a vowel ("Paragvai", "Urugvai").
            b'v' | b'w' if out.last() == Some(&b'g') && b.get(i + 1).is_some_and(|&c| vowel(c)) => {
                b'u'
            }
            b'w' => b'v',
            b'y' | b'j' => b'i',
            // -off, -of, -eff for -ov, -ev at the end of a word.
            b'f' if (next.is_none() || (next == Some(b'f') && i + 2 == b.len()))
                && i > 0
                && vowel(b[i - 1]) =>
            {
                push_class(out, b'v');
                break;
            }
            c => c,
        };
        push_class(out, class);
        i += 1;
    }
}

/// Appends a key class, collapsing the doubles romanizations write (ii,
/// iy, yy, ss, sch-sch) and ie/ye/je to e. Other doubled letters stay:
/// "Federration" is a typo, not a romanization.
fn push_class(out: &mut Vec<u8>, c: u8) {
    if out.last() == Some(&c) && matches!(c, b'i' | b'S' | b'Z' | b'f' | b'k') {
        return;
    }
    if c == b'e' && out.last() == Some(&b'i') {
        out.pop();
        if out.last() == Some(&b'e') {
            return;
        }
    }
    out.push(c);
}

/// The romanization key of a phrase: each word's key, separated by one
/// space.
pub fn key(text: &str) -> String {
    let (mut buf, mut one, mut all) = (Vec::new(), Vec::new(), Vec::new());
    for w in text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        key_into(w, &mut buf, &mut one);
        if !all.is_empty() {
            all.push(b' ');
        }
        all.extend_from_slice(&one);
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[cfg(test)]
mod key_tests {
    use super::*;

    fn same_key(spellings: &[&str]) {
        let k = key(spellings[0]);
        for s in spellings {
            assert_eq!(key(s), k, "{s} vs {}", spellings[0]);
        }
    }

    #[test]
    fn every_system_folds_to_one_key() {
        for src in [
            "Сергей Лавров",
            "Юрий Ушаков",
            "Алиев",
            "Зеленский",
            "Харьков",
            "Мария Захарова",
            "Евгений Примаков",
            "Щукин",
            "Хрущев",
        ] {
            let got: Vec<String> = System::EVERY.iter().map(|&s| romanize(src, s)).collect();
            let k = key(&got[0]);
            for (sys, r) in System::EVERY.iter().zip(&got) {
                // German and scholarly х is "ch", which English uses for ч:
                // the key reads it as ч, so these spellings of х stay apart.
                if matches!(sys, System::Duden | System::Scholarly) && src.contains(['Х', 'х']) {
                    continue;
                }
                // ISO 9 without its diacritics writes ш ж ч щ ц as s z c:
                // with them (š ž č) the key folds it.
                if matches!(sys, System::Scholarly | System::Iso9Plain)
                    && src.to_lowercase().contains(['ш', 'ж', 'ч', 'щ', 'ц'])
                {
                    continue;
                }
                // Ukrainian г is "h" (Serhiy for Сергій): another name's
                // spelling, not another romanization of the Russian one.
                if *sys == System::Ukrainian && src.contains(['Г', 'г']) {
                    continue;
                }
                // French ж is "j", which the key reads as й.
                if *sys == System::French && src.contains(['Ж', 'ж']) {
                    continue;
                }
                assert_eq!(key(r), k, "{src}: {} {r} vs {}", sys.name(), got[0]);
            }
        }
    }

    #[test]
    fn sequences_start_with_the_letters_the_fast_path_checks() {
        for (from, _) in KEY_SEQUENCES {
            assert!(b"sctdzkgpo".contains(&from[0]), "{from:?}");
        }
    }

    #[test]
    fn informal_spellings_fold_too() {
        same_key(&[
            "Yury Ushakov",
            "Jury Ushakov",
            "Yuri Ushakov",
            "Iurii Ouchakov",
            "Juri Uschakow",
        ]);
        same_key(&["Lavrov", "Lavroff", "Lavrof", "Lawrow"]);
        same_key(&["Aliyev", "Aliyeff", "Aliev", "Alijew"]);
        same_key(&["Alexander", "Aleksander"]);
        same_key(&[
            "Zelenskyy",
            "Zelensky",
            "Zelenskiy",
            "Zelenskij",
            "Zelenskii",
            "Zelenskyi",
            "Selenskij",
        ]);
        same_key(&["Kharkov", "Harkov", "Kharkow"]);
        same_key(&["Haiti", "Gaiti"]);
        same_key(&["Paraguay", "Paragvai", "Paragwaj"]);
        same_key(&["Sergey", "Sergei", "Sergej", "Serguei", "Sergueï"]);
        same_key(&["Türkiye", "Turkiye"]);
        same_key(&["Çavuşoğlu", "Chavushoglu"]);
        same_key(&["Khrushchev", "Khrouchtchev", "Hrushchev"]);
    }

    #[test]
    fn distinct_names_and_english_words_keep_distinct_keys() {
        for (a, b) in [
            ("Iran", "Iraq"),
            ("Austria", "Australia"),
            ("Niger", "Nigeria"),
            ("Lavrov", "Lavrova"),
            ("Hungary", "Hungry"),
            ("China", "Chain"),
            ("Sergey", "Surgery"),
            ("Syria", "Serial"),
            ("Jordan", "Garden"),
            ("Turkey", "Türkiye"),
        ] {
            assert_ne!(key(a), key(b), "{a} {b}");
        }
    }
}
