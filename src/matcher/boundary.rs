//! Whole-word and inflection rules, applied to the folded text around an
//! automaton match (contract rules 1 and 4).

pub use crate::text::INFLECTION_ENDINGS;
use crate::text::{POSSESSIVE_ENDINGS, is_word_char};

/// Where a match whose form ends at `end` really ends: `end` itself when a
/// word boundary follows, or after an inflection ending followed by one.
/// `None` when neither holds. Forms that end in punctuation need no
/// boundary.
pub(crate) fn word_end(hay: &str, end: usize, ends_word: bool, inflections: bool) -> Option<usize> {
    if !ends_word {
        return Some(end);
    }
    let rest = &hay[end..];
    let boundary_at = |s: &str| !s.chars().next().is_some_and(is_word_char);
    if boundary_at(rest) {
        // "NATO's" also ends here, but the ending belongs to the match so
        // that fixes keep it.
        if inflections {
            for e in POSSESSIVE_ENDINGS {
                if let Some(after) = rest.strip_prefix(e)
                    && boundary_at(after)
                {
                    return Some(end + e.len());
                }
            }
        }
        return Some(end);
    }
    if inflections {
        for e in INFLECTION_ENDINGS {
            if let Some(after) = rest.strip_prefix(e)
                && boundary_at(after)
            {
                return Some(end + e.len());
            }
        }
    }
    None
}

/// The clitics of English contractions ("they're", "we've", "I'll",
/// "she'd", "it's", "don't", "I'm").
const CLITICS: &[&str] = &["re", "ve", "ll", "d", "s", "t", "m"];

/// True when the word at `start` of the folded text is the clitic of a
/// contraction (a letter and an apostrophe come right before it): it is
/// part of the word before, never a word of its own, so no form matches
/// it ("re" in "they're").
pub(crate) fn is_clitic(hay: &str, start: usize) -> bool {
    let Some(before) = hay[..start].strip_suffix('\'') else {
        return false;
    };
    if !before.chars().next_back().is_some_and(char::is_alphabetic) {
        return false;
    }
    CLITICS.contains(&&hay[start..super::words::token_end(hay, start)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_of_contractions() {
        let at = |s: &str, w: &str| is_clitic(s, s.find(w).unwrap());
        assert!(at("they're here", "re "));
        assert!(at("we've", "ve"));
        assert!(at("don't", "t"));
        assert!(!at("re elected", "re"));
        assert!(!at("the 're' prefix", "re"));
        assert!(!at("cote d'ivoire", "ivoire"));
        assert!(!at("o'neill", "neill"));
    }

    #[test]
    fn ends() {
        assert_eq!(word_end("osce met", 4, true, true), Some(4));
        assert_eq!(word_end("osceans", 4, true, true), None);
        assert_eq!(word_end("osces", 4, true, true), Some(5));
        assert_eq!(word_end("osces", 4, true, false), None);
        assert_eq!(word_end("osce's role", 4, true, true), Some(6));
        assert_eq!(word_end("osce's role", 4, true, false), Some(4));
        assert_eq!(word_end("states' rights", 5, true, true), Some(7));
        assert_eq!(word_end("u.s.a", 4, false, true), Some(4));
    }
}
