//! The one tokenizer of the crate: words of a text as byte spans. The
//! consistency tally, near-miss search and `glossary mine` all cut text
//! with it (the matcher's trie has its own word scan, fused with hashing).

use super::is_word_char;
use crate::finding::Span;

/// Hyphens that join the parts of a word ("co-operation", and the
/// non-breaking hyphen of typeset text).
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The words of `text` as spans offset by `base`: runs of word characters,
/// joined by a hyphen between two word characters. An apostrophe splits,
/// so a possessive ending ("Ministry's") is a word of its own.
pub fn words(text: &str, base: usize) -> Vec<Span> {
    // Byte by byte over ASCII (most of the text), decoding only non-ASCII
    // characters: this runs over every byte of every document.
    let bytes = text.as_bytes();
    let char_at = |i: usize| text[i..].chars().next().unwrap_or(' ');
    // Length of the word character at `i`, if it is one.
    let word_at = |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b.is_ascii() {
            b.is_ascii_alphanumeric().then_some(1)
        } else {
            let c = char_at(i);
            is_word_char(c).then(|| c.len_utf8())
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(n) = word_at(i) else {
            i += if bytes[i].is_ascii() {
                1
            } else {
                char_at(i).len_utf8()
            };
            continue;
        };
        let start = i;
        i += n;
        loop {
            while i < bytes.len() {
                if bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                } else if bytes[i].is_ascii() {
                    break;
                } else {
                    match word_at(i) {
                        Some(n) => i += n,
                        None => break,
                    }
                }
            }
            // A hyphen between word characters joins ("co-operation").
            if i < bytes.len() {
                let c = char_at(i);
                let after = i + c.len_utf8();
                if is_hyphen(c) && after < bytes.len() && word_at(after).is_some() {
                    i = after;
                    continue;
                }
            }
            break;
        }
        out.push(Span::new(base + start, base + i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as first written, one `char` at a time.
    fn tokens_reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut prev_word = false;
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let w = is_word_char(c);
            let joiner =
                is_hyphen(c) && prev_word && it.peek().is_some_and(|&(_, n)| is_word_char(n));
            if w || joiner {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                out.push((s, i));
            }
            prev_word = w;
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn tokens_equal_the_char_by_char_reference(
            text in "[a-zA-Z0-9 \\-\u{2010}\u{2011}\u{2013}éÜж\u{301}.,']{0,40}"
        ) {
            let fast: Vec<(usize, usize)> =
                words(&text, 0).iter().map(|t| (t.start, t.end)).collect();
            proptest::prop_assert_eq!(fast, tokens_reference(&text));
        }
    }

    #[test]
    fn tokens_keep_hyphens() {
        let s = "Co-operation and co\u{2011}operation - end";
        let t: Vec<&str> = words(s, 0).iter().map(|t| &s[t.start..t.end]).collect();
        assert_eq!(t, ["Co-operation", "and", "co\u{2011}operation", "end"]);
    }
}
