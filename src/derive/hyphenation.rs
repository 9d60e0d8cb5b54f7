//! Hyphenation variants: hyphen, space and closed spellings of the same
//! compound ("co-operation", "co operation", "cooperation").

/// Prefixes split off a closed word only when the rest starts with a
/// vowel ("cooperation" -> "co-operation", never "co-mmon").
const VOWEL_PREFIXES: &[&str] = &["co", "de", "re", "pre"];

/// Prefixes split off a closed word whatever follows ("multipolar").
const PREFIXES: &[&str] = &[
    "anti", "counter", "multi", "inter", "intra", "non", "post", "pan", "trans", "ultra", "neo",
    "socio", "geo", "super", "sub", "extra", "pseudo", "semi",
];

/// Spellings of `form` that differ only in how its compounds are joined:
/// each hyphen as a space or closed, all hyphens at once, a space as a
/// hyphen, and a known prefix split off a closed word. `form` itself is
/// not returned; duplicates are removed.
pub fn variants(form: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if s != form && !out.contains(&s) {
            out.push(s);
        }
    };
    let hyphens: Vec<usize> = inner_hyphens(form);
    for &h in &hyphens {
        push(replace_at(form, h, 1, " "));
        push(replace_at(form, h, 1, ""));
    }
    if hyphens.len() > 1 {
        push(form_with_all(form, &hyphens, " "));
        push(form_with_all(form, &hyphens, ""));
    }
    let spaces: Vec<usize> = form
        .char_indices()
        .filter(|&(i, c)| c == ' ' && between_letters(form, i))
        .map(|(i, _)| i)
        .collect();
    for &s in &spaces {
        push(replace_at(form, s, 1, "-"));
    }
    // Closed words with a known prefix.
    let mut start = 0;
    for word in form.split([' ', '-']) {
        if let Some(p) = split_prefix(word) {
            push(replace_at(form, start + p, 0, "-"));
            push(replace_at(form, start + p, 0, " "));
        }
        start += word.len() + 1;
    }
    out
}

/// Byte offsets of hyphens that join two letters.
fn inner_hyphens(form: &str) -> Vec<usize> {
    form.char_indices()
        .filter(|&(i, c)| c == '-' && between_letters(form, i))
        .map(|(i, _)| i)
        .collect()
}

fn between_letters(s: &str, i: usize) -> bool {
    let before = s[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let after = s[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
    before && after
}

fn replace_at(s: &str, at: usize, len: usize, with: &str) -> String {
    format!("{}{with}{}", &s[..at], &s[at + len..])
}

fn form_with_all(s: &str, at: &[usize], with: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for &i in at {
        out.push_str(&s[last..i]);
        out.push_str(with);
        last = i + 1;
    }
    out.push_str(&s[last..]);
    out
}

/// Where a known prefix ends in a closed, all-letter word, if it has one
/// and the rest is at least four letters long.
fn split_prefix(word: &str) -> Option<usize> {
    if !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let lower = word.to_lowercase();
    if lower.len() != word.len() {
        return None;
    }
    let rest_ok = |p: &str| lower.len() >= p.len() + 4;
    for p in PREFIXES {
        if lower.starts_with(p) && rest_ok(p) {
            return Some(p.len());
        }
    }
    for p in VOWEL_PREFIXES {
        if lower.starts_with(p)
            && rest_ok(p)
            && lower[p.len()..].starts_with(['a', 'e', 'i', 'o', 'u'])
        {
            return Some(p.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphen_to_space_and_closed() {
        let v = variants("Co-operation");
        assert!(v.contains(&"Co operation".to_owned()));
        assert!(v.contains(&"Cooperation".to_owned()));
        let v = variants("NATO-centrism");
        assert!(v.contains(&"NATO centrism".to_owned()));
    }

    #[test]
    fn closed_prefix_words_split() {
        let v = variants("cooperation");
        assert_eq!(v, ["co-operation", "co operation"]);
        assert!(variants("multipolar world").contains(&"multi-polar world".to_owned()));
        assert!(variants("multipolar world").contains(&"multipolar-world".to_owned()));
        // "co" + consonant is not a prefix split; "recognition" neither.
        assert!(variants("common").is_empty());
        assert!(variants("recognition").is_empty());
    }

    #[test]
    fn several_hyphens() {
        let v = variants("Nuclear-Test-Ban");
        assert!(v.contains(&"Nuclear Test Ban".to_owned()));
        assert!(v.contains(&"NuclearTestBan".to_owned()));
        assert!(v.contains(&"Nuclear Test-Ban".to_owned()));
    }

    #[test]
    fn space_to_hyphen() {
        assert!(variants("NATO Secretary General").contains(&"NATO Secretary-General".to_owned()));
    }

    #[test]
    fn edge_hyphens_untouched() {
        assert!(
            variants("confidence- and security-building measures")
                .iter()
                .all(|v| v.starts_with("confidence- ") || v.starts_with("confidence-and"))
        );
    }
}
