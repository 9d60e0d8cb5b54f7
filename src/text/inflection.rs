//! The one list of English inflection endings (contract rule 4) that the
//! matcher, the checks, `review` and `glossary mine` share.

/// Endings the last word of a form may carry, longest first, as they
/// appear in folded text (apostrophes folded to `'`).
pub const INFLECTION_ENDINGS: &[&str] = &["'s", "s'", "es", "s"];

/// The possessive endings among [`INFLECTION_ENDINGS`].
pub const POSSESSIVE_ENDINGS: &[&str] = &["'s", "s'"];

/// The plural endings among [`INFLECTION_ENDINGS`].
pub const PLURAL_ENDINGS: &[&str] = &["es", "s"];

/// Apostrophes an unfolded text may write in a possessive.
const APOSTROPHES: &[char] = &['\'', '\u{2019}', '\u{02BC}'];

/// Each way of reading `word` as a stem plus one of
/// [`INFLECTION_ENDINGS`], longest ending first. Works on unfolded text
/// too: a typographic apostrophe counts as `'`.
pub fn stems(word: &str) -> impl Iterator<Item = &str> {
    INFLECTION_ENDINGS
        .iter()
        .filter_map(move |e| strip_ending(word, e))
}

/// `word` without `ending` (whose `'` matches any apostrophe).
fn strip_ending<'a>(word: &'a str, ending: &str) -> Option<&'a str> {
    let mut rest = word;
    for want in ending.chars().rev() {
        let got = rest.chars().next_back()?;
        let same = got == want || (want == '\'' && APOSTROPHES.contains(&got));
        if !same {
            return None;
        }
        rest = &rest[..rest.len() - got.len_utf8()];
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_of_plurals_and_possessives() {
        assert_eq!(
            stems("Ministry's").collect::<Vec<_>>(),
            ["Ministry", "Ministry'"]
        );
        assert_eq!(stems("NATO\u{2019}s").next(), Some("NATO"));
        assert_eq!(stems("states'").next(), Some("state"));
        assert_eq!(stems("boxes").collect::<Vec<_>>(), ["box", "boxe"]);
        assert_eq!(stems("OSCE").count(), 0);
    }
}
