//! Whole-word and inflection rules, applied to the folded text around an
//! automaton match (contract rules 1 and 4).

use std::collections::HashMap;

use crate::text::is_word_char;

/// Endings the last word of a form may carry, longest first (apostrophes
/// are already folded to `'`).
pub const INFLECTION_ENDINGS: &[&str] = &["'s", "s'", "es", "s"];

/// True when no word character stands right before `at`.
pub(crate) fn word_start(hay: &str, at: usize) -> bool {
    !hay[..at].chars().next_back().is_some_and(is_word_char)
}

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
            for e in ["'s", "s'"] {
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

/// The next char boundary after `at`.
pub(crate) fn next_char(hay: &str, at: usize) -> usize {
    hay[at..]
        .chars()
        .next()
        .map_or(hay.len(), |c| at + c.len_utf8())
}

/// Patterns that are proper prefixes of `key` and could match on their own
/// where `key` fails its end boundary: those ending before a non-word
/// character, or where an inflection ending could follow. Longest first.
pub(crate) fn prefixes_of(key: &str, by_key: &HashMap<String, usize>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in key.char_indices() {
        let candidate = match prev {
            None => false,
            Some(p) => !is_word_char(p) || !is_word_char(c) || matches!(c, 's' | 'e' | '\''),
        };
        if candidate && let Some(&pid) = by_key.get(&key[..i]) {
            out.push(pid as u32);
        }
        prev = Some(c);
    }
    out.reverse();
    out
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

    #[test]
    fn starts() {
        assert!(word_start("the osce", 4));
        assert!(!word_start("gosce", 1));
        assert!(word_start("-osce", 1));
    }

    #[test]
    fn prefix_fallbacks() {
        let by: HashMap<String, usize> = [("minsk", 0), ("minsk agreement", 1), ("mins", 2)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(prefixes_of("minsk agreement", &by), vec![0]);
    }
}
