//! Character classes shared by folding, matching and checks.

use unicode_normalization::char::is_combining_mark;

/// Characters that continue a word: letters, digits and combining marks.
///
/// A hyphen or apostrophe ends a word, so "NATO" is found in "NATO-led"
/// and "NATO's" (the latter through the inflection rule).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Dashes and hyphens that fold to `-` (contract rule 2).
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{058A}'
                | '\u{1806}'
    )
}

/// Apostrophes and single quotes that fold to `'`.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\u{2019}'
            | '\u{2018}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{02BC}'
            | '\u{02BB}'
            | '\u{2032}'
            | '\u{0060}'
            | '\u{00B4}'
            | '\u{FF07}'
    )
}

/// Double quotes that fold to `"`.
pub(crate) fn is_double_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}'
    )
}

/// The soft hyphen, which folding drops.
pub(crate) const SOFT_HYPHEN: char = '\u{00AD}';

/// True when the text before byte `at` ends a sentence (or is empty):
/// only white space, opening quotes and brackets stand between `at` and a
/// `.`, `!`, `?`, `:` or a line break.
pub fn sentence_start_before(text: &str, at: usize) -> bool {
    let before = match text.get(..at) {
        Some(b) => b,
        None => return false,
    };
    let mut saw_newline = false;
    for c in before.chars().rev() {
        match c {
            '\n' => saw_newline = true,
            c if c.is_whitespace() => {}
            '"' | '\'' | '(' | '[' | '\u{2018}' | '\u{201C}' | '\u{00AB}' | '-' | '\u{2014}'
            | '\u{2013}' | '*' | '#' | '>' => {}
            '.' | '!' | '?' | ':' | '\u{2026}' => return true,
            _ => return saw_newline,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars() {
        assert!(is_word_char('a'));
        assert!(is_word_char('Ж'));
        assert!(is_word_char('7'));
        assert!(is_word_char('\u{0301}'));
        assert!(!is_word_char('-'));
        assert!(!is_word_char('\''));
        assert!(!is_word_char(' '));
    }

    #[test]
    fn sentence_starts() {
        assert!(sentence_start_before("", 0));
        assert!(sentence_start_before("He left. ", 9));
        assert!(sentence_start_before("He said: \"", 10));
        assert!(sentence_start_before("headline\n", 9));
        assert!(!sentence_start_before("the ", 4));
        assert!(!sentence_start_before("Mr. and the ", 12));
    }
}
