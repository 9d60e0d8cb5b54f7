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

#[cfg(test)]
mod tests {
    use super::*;

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
