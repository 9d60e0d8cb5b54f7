//! Folding: the contract's equivalences (NFKC, dashes, quotes, white space,
//! soft hyphens and, optionally, case) applied to a text, with a map from
//! every folded byte range back to the original bytes.
//!
//! The map is sparse. Where folding keeps byte lengths (ASCII, a single
//! `\n` folded to a space, a letter whose lower case has the same UTF-8
//! length) positions correspond one to one and nothing is stored; only the
//! places where lengths change (a CR LF run, an NBSP, a decomposed accent,
//! a dropped soft hyphen) are recorded as chunks. Plain news text therefore
//! costs one copy and no map.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::chars::{SOFT_HYPHEN, is_apostrophe, is_dash, is_double_quote};
use crate::finding::Span;

/// A folded text and its map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    chunks: Vec<Chunk>,
    base: usize,
    refs: CharRefs,
}

/// Markup escapes that folding decodes, each to the characters it stands
/// for, recorded as one chunk so offsets still map to the original bytes
/// (`&amp;` is one `&`; a match covering it spans all five bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub enum CharRefs {
    /// Plain text: nothing is decoded.
    #[default]
    None,
    /// XML: `&#NNN;`, `&#xHH;` and the five predefined entities.
    Xml,
    /// HTML: numeric references and every HTML5 named entity.
    Html,
    /// The inside of a gettext PO string: `\n`, `\t`, `\"`, `\\`
    /// escapes, and `"` + line break + `"` between continuation strings
    /// (which stands for nothing).
    PoString,
}

/// A place where folding changed the length: folded `f_start..f_end`
/// came from original `o_start..o_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Chunk {
    f_start: usize,
    f_end: usize,
    o_start: usize,
    o_end: usize,
}

impl Folded {
    /// Original byte offset for a folded START offset. Inside a chunk it
    /// snaps to the chunk's start.
    pub fn orig_start(&self, f: usize) -> usize {
        let i = self.chunks.partition_point(|c| c.f_start <= f);
        if i == 0 {
            return self.base + f;
        }
        let c = self.chunks[i - 1];
        if f < c.f_end {
            c.o_start
        } else {
            c.o_end + (f - c.f_end)
        }
    }

    /// [`Self::orig_start`] of each of `starts` (ascending): one walk over
    /// the map instead of a binary search per offset.
    pub fn orig_starts<'a>(
        &'a self,
        starts: impl Iterator<Item = usize> + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        let mut i = 0;
        starts.map(move |f| {
            while self.chunks.get(i).is_some_and(|c| c.f_start <= f) {
                i += 1;
            }
            match i.checked_sub(1).map(|k| self.chunks[k]) {
                None => self.base + f,
                Some(c) if f < c.f_end => c.o_start,
                Some(c) => c.o_end + (f - c.f_end),
            }
        })
    }

    /// Original byte offset for a folded END offset (exclusive). Inside a
    /// chunk it snaps to the chunk's end.
    pub fn orig_end(&self, f: usize) -> usize {
        let i = self.chunks.partition_point(|c| c.f_start < f);
        if i == 0 {
            return self.base + f;
        }
        let c = self.chunks[i - 1];
        if f <= c.f_end {
            c.o_end
        } else {
            c.o_end + (f - c.f_end)
        }
    }

    /// The original span of folded `start..end`.
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        if start == end {
            let o = self.orig_start(start);
            return Span::new(o, o);
        }
        Span::new(self.orig_start(start), self.orig_end(end))
    }

    /// For each of `spans` (folded, sorted, disjoint), its original span
    /// when no place where folding changed a length lies within one byte
    /// of it (there the original bytes are the folded ones up to case, so
    /// a word of one is the same word of the other), else `None`.
    pub(crate) fn map_clear<'a>(
        &'a self,
        spans: impl Iterator<Item = (usize, usize)> + 'a,
    ) -> impl Iterator<Item = Option<Span>> + 'a {
        let mut ci = 0;
        spans.map(move |(s, e)| {
            while self.chunks.get(ci).is_some_and(|c| c.f_end + 1 < s) {
                ci += 1;
            }
            if self.chunks.get(ci).is_some_and(|c| c.f_start <= e) {
                return None;
            }
            let shift = |f: usize| match ci.checked_sub(1) {
                Some(k) => self.chunks[k].o_end + (f - self.chunks[k].f_end),
                None => self.base + f,
            };
            Some(Span::new(shift(s), shift(e)))
        })
    }

    /// The original spans of the places where folding changed a length.
    pub(crate) fn changed(&self) -> impl Iterator<Item = Span> + '_ {
        self.chunks.iter().map(|c| Span::new(c.o_start, c.o_end))
    }

    /// True when folding changed no length (the map is the identity).
    pub fn is_identity(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Which markup escapes this text was folded with.
    pub fn refs(&self) -> CharRefs {
        self.refs
    }

    /// Folds a piece of the same original text the same way (same escapes
    /// decoded), e.g. to compare a match's case with a glossary form.
    pub fn refold(&self, original: &str, lowercase: bool) -> String {
        fold_with(original, 0, lowercase, self.refs).text
    }
}

/// Folds `text`, whose first byte is at `base` in the original, applying
/// the equivalences; `lowercase` also folds case.
pub fn fold(text: &str, base: usize, lowercase: bool) -> Folded {
    fold_with(text, base, lowercase, CharRefs::None)
}

/// Like [`fold`], also decoding the markup escapes `refs` names, each
/// recorded as a chunk so positions map back exactly.
pub fn fold_with(text: &str, base: usize, lowercase: bool, refs: CharRefs) -> Folded {
    let mut f = Folder {
        out: String::with_capacity(text.len()),
        chunks: Vec::new(),
        base,
        lowercase,
        refs,
    };
    f.run(text);
    Folded {
        text: f.out,
        chunks: f.chunks,
        base,
        refs,
    }
}

/// Folds a glossary form to its matching key: equivalences, lower case,
/// trimmed.
pub fn fold_key(form: &str) -> String {
    fold(form.trim(), 0, true).text.trim().to_owned()
}

struct Folder {
    out: String,
    chunks: Vec<Chunk>,
    base: usize,
    lowercase: bool,
    refs: CharRefs,
}

/// What an escape at some position stands for.
enum Decoded {
    /// Characters (usually one).
    Chars(std::borrow::Cow<'static, str>),
    /// Nothing (a PO continuation break).
    Nothing,
}

impl Folder {
    fn run(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let escapes = self.refs != CharRefs::None;
        let mut i = 0;
        while i < bytes.len() {
            // The hot path: a run of printable ASCII that folds to itself
            // (but for case) is copied in one go.
            let end = plain_run_end(text, i, escapes);
            if end > i {
                let at = self.out.len();
                self.out.push_str(&text[i..end]);
                if self.lowercase {
                    self.out[at..].make_ascii_lowercase();
                }
                i = end;
                continue;
            }
            let b = bytes[i];
            if (b == b'&' || b == b'\\' || b == b'"')
                && let Some((decoded, len)) = self.decode_at(text, i)
            {
                i = self.escape(text, i, len, decoded);
                continue;
            }
            if b.is_ascii() {
                if (b as char).is_whitespace() {
                    i = self.whitespace(text, i);
                    continue;
                }
                // An ASCII letter followed by a combining mark composes.
                if bytes.get(i + 1).is_some_and(|&n| !n.is_ascii())
                    && text[i + 1..].chars().next().is_some_and(is_combining_mark)
                {
                    i = self.cluster(text, i);
                    continue;
                }
                let c = match b {
                    b'`' => '\'',
                    _ if self.lowercase => b.to_ascii_lowercase() as char,
                    _ => b as char,
                };
                self.out.push(c);
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if c.is_whitespace() {
                i = self.whitespace(text, i);
            } else if c == SOFT_HYPHEN {
                self.chunk(i, i + c.len_utf8(), self.out.len());
                i += c.len_utf8();
            } else {
                i = self.cluster(text, i);
            }
        }
    }

    /// Records that original `o_start..o_end` produced folded
    /// `f_start..self.out.len()`.
    fn chunk(&mut self, o_start: usize, o_end: usize, f_start: usize) {
        self.chunks.push(Chunk {
            f_start,
            f_end: self.out.len(),
            o_start: self.base + o_start,
            o_end: self.base + o_end,
        });
    }

    /// The escape starting at `i`, if `refs` decodes one there, and its
    /// length in bytes.
    fn decode_at(&self, text: &str, i: usize) -> Option<(Decoded, usize)> {
        let rest = &text[i..];
        match self.refs {
            CharRefs::None => None,
            CharRefs::Xml | CharRefs::Html => {
                let body = rest.strip_prefix('&')?;
                // The longest HTML5 entity name has 31 characters.
                let semi = body.bytes().take(40).position(|b| b == b';')?;
                let name = &body[..semi];
                let decoded = if let Some(num) = name.strip_prefix('#') {
                    let c = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse::<u32>().ok(),
                    }
                    .and_then(char::from_u32)?;
                    std::borrow::Cow::Owned(c.to_string())
                } else if self.refs == CharRefs::Html {
                    std::borrow::Cow::Borrowed(quick_xml::escape::resolve_html5_entity(name)?)
                } else {
                    std::borrow::Cow::Borrowed(quick_xml::escape::resolve_xml_entity(name)?)
                };
                Some((Decoded::Chars(decoded), semi + 2))
            }
            CharRefs::PoString => {
                if let Some(esc) = rest.strip_prefix('\\') {
                    let c = match esc.as_bytes().first()? {
                        b'n' => "\n",
                        b't' => "\t",
                        b'r' => "\r",
                        b'"' => "\"",
                        b'\\' => "\\",
                        _ => return None,
                    };
                    return Some((Decoded::Chars(std::borrow::Cow::Borrowed(c)), 2));
                }
                // `"` white space (with a line break) `"`: the seam
                // between two continuation strings.
                let after = rest.strip_prefix('"')?;
                let ws = after.len() - after.trim_start().len();
                let gap = &after[..ws];
                if gap.contains('\n') && after[ws..].starts_with('"') {
                    Some((Decoded::Nothing, 1 + ws + 1))
                } else {
                    None
                }
            }
        }
    }

    /// Folds one decoded escape at `start` (`len` bytes), returning where
    /// folding goes on.
    fn escape(&mut self, text: &str, start: usize, len: usize, decoded: Decoded) -> usize {
        let f_start = self.out.len();
        let Decoded::Chars(chars) = decoded else {
            self.chunk(start, start + len, f_start);
            return start + len;
        };
        if chars.chars().all(char::is_whitespace) {
            return self.whitespace(text, start);
        }
        for c in chars.chars() {
            if c == SOFT_HYPHEN {
                continue;
            }
            if let Some(m) = map_punct(c) {
                self.push_cased(m);
            } else {
                let mut buf = [0u8; 4];
                for n in c.encode_utf8(&mut buf).nfkc() {
                    match map_punct(n) {
                        Some(m) => self.push_cased(m),
                        None => self.push_cased(n),
                    }
                }
            }
        }
        self.chunk(start, start + len, f_start);
        start + len
    }

    /// The white-space character or white-space escape at `i`, with its
    /// length in the original.
    fn space_at(&self, text: &str, i: usize) -> Option<usize> {
        let c = text[i..].chars().next()?;
        if c.is_whitespace() {
            return Some(c.len_utf8());
        }
        if matches!(c, '&' | '\\' | '"')
            && let Some((Decoded::Chars(s), len)) = self.decode_at(text, i)
            && !s.is_empty()
            && s.chars().all(char::is_whitespace)
        {
            return Some(len);
        }
        None
    }

    /// A run of white space (escaped or not) folds to one space.
    fn whitespace(&mut self, text: &str, start: usize) -> usize {
        let mut end = start;
        while let Some(len) = self.space_at(text, end) {
            end += len;
        }
        if end == start {
            end = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        let f_start = self.out.len();
        self.out.push(' ');
        if end - start != 1 {
            self.chunk(start, end, f_start);
        }
        end
    }

    /// A starter and its combining marks: mapped, NFKC-normalized, cased.
    fn cluster(&mut self, text: &str, start: usize) -> usize {
        let mut it = text[start..].char_indices();
        let first = it.next().map_or('\u{FFFD}', |(_, c)| c);
        let mut end = start + first.len_utf8();
        for (off, c) in it {
            if is_combining_mark(c) {
                end = start + off + c.len_utf8();
            } else {
                break;
            }
        }
        let src = &text[start..end];
        let f_start = self.out.len();
        let single = end - start == first.len_utf8();
        if single && let Some(m) = map_punct(first) {
            self.push_cased(m);
        } else if is_nfkc_quick(src.chars()) == IsNormalized::Yes {
            for c in src.chars() {
                self.push_cased(c);
            }
        } else {
            for c in src.nfkc() {
                match map_punct(c) {
                    Some(m) => self.push_cased(m),
                    None => self.push_cased(c),
                }
            }
        }
        let produced = &self.out[f_start..];
        let same_shape = single && produced.len() == src.len() && produced.chars().count() == 1;
        // Identical output keeps positions one to one, so needs no chunk.
        if !same_shape && produced != src {
            self.chunk(start, end, f_start);
        }
        end
    }

    fn push_cased(&mut self, c: char) {
        if self.lowercase && c.is_uppercase() {
            self.out.extend(c.to_lowercase());
        } else {
            self.out.push(c);
        }
    }
}

/// End of the run of bytes from `i` that fold to themselves (but for ASCII
/// case): printable ASCII other than the backtick (and, when escapes are
/// decoded, `&`, `\\` and `"`), and single spaces followed by such a byte.
/// The last byte is left out when a combining mark follows it, since the
/// two compose.
/// Per byte: bit 0 when [`plain_run_end`] takes it with escapes off, bit 1
/// when it takes it with escapes on. One table load per byte of text keeps
/// the hot loop short.
static PLAIN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0x21;
    while b < 0x7f {
        if b != b'`' as usize {
            t[b] = if matches!(b as u8, b'&' | b'\\' | b'"') {
                1
            } else {
                3
            };
        }
        b += 1;
    }
    t
};

#[inline]
fn plain_run_end(text: &str, i: usize, escapes: bool) -> usize {
    let bytes = text.as_bytes();
    let bit = if escapes { 2 } else { 1 };
    let plain = |b: u8| PLAIN[b as usize] & bit != 0;
    let mut j = i;
    loop {
        while j < bytes.len() && plain(bytes[j]) {
            j += 1;
        }
        // A single space is taken when a plain byte (or the end) follows.
        if j < bytes.len() && bytes[j] == b' ' {
            match bytes.get(j + 1) {
                None => j += 1,
                Some(&n) if plain(n) => {
                    j += 2;
                    continue;
                }
                Some(_) => {}
            }
        }
        break;
    }
    before_combining_mark(text, i, j)
}

/// `j`, the end of a plain run from `i`, less its last byte when a
/// combining mark follows (the two compose).
fn before_combining_mark(text: &str, i: usize, j: usize) -> usize {
    if j > i
        && j < text.len()
        && !text.as_bytes()[j].is_ascii()
        && text[j..].chars().next().is_some_and(is_combining_mark)
    {
        j - 1
    } else {
        j
    }
}

/// The punctuation equivalences, applied before NFKC so that, e.g., `″`
/// becomes one `"` and `´` one `'`; and the Romanian letters with a
/// cedilla, which legacy encodings put for those with a comma below
/// ("Chişinău" is "Chișinău").
fn map_punct(c: char) -> Option<char> {
    match c {
        '\u{15E}' => return Some('\u{218}'),
        '\u{15F}' => return Some('\u{219}'),
        '\u{162}' => return Some('\u{21A}'),
        '\u{163}' => return Some('\u{21B}'),
        _ => {}
    }
    if is_dash(c) {
        Some('-')
    } else if is_apostrophe(c) {
        Some('\'')
    } else if is_double_quote(c) {
        Some('"')
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`plain_run_end`] by its definition, a byte at a time.
    fn plain_run_end_by_definition(text: &str, i: usize, escapes: bool) -> usize {
        let bytes = text.as_bytes();
        let plain = |b: u8| {
            (0x21..0x7f).contains(&b) && b != b'`' && !(escapes && matches!(b, b'&' | b'\\' | b'"'))
        };
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            if plain(b) || (b == b' ' && bytes.get(j + 1).is_none_or(|&n| plain(n))) {
                j += 1;
            } else {
                break;
            }
        }
        before_combining_mark(text, i, j)
    }

    proptest::proptest! {
        /// The table-driven scan takes the bytes the definition takes.
        #[test]
        fn plain_runs_end_where_the_definition_says(
            text in "[a-z &`\\\\\"\\t\\ne\u{301}\u{e9}]{0,40}",
            escapes in proptest::bool::ANY,
        ) {
            for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                proptest::prop_assert_eq!(
                    plain_run_end(&text, i, escapes),
                    plain_run_end_by_definition(&text, i, escapes),
                    "at {}", i
                );
            }
        }
    }

    proptest::proptest! {
        /// The walk over the map gives every offset the binary search gives.
        #[test]
        fn a_walk_maps_offsets_as_one_search_each(
            text in "[a-zA-Z \u{a0}\u{ad}\r\n\u{2019}e\u{301}&;#]{0,40}",
            base in 0usize..8,
        ) {
            let t = fold_with(&text, base, true, CharRefs::Html);
            let starts: Vec<usize> = (0..=t.text.len()).collect();
            let walked: Vec<usize> = t.orig_starts(starts.iter().copied()).collect();
            let searched: Vec<usize> = starts.iter().map(|&f| t.orig_start(f)).collect();
            proptest::prop_assert_eq!(walked, searched);
        }
    }

    fn f(s: &str) -> String {
        fold(s, 0, true).text
    }

    #[test]
    fn equivalences() {
        assert_eq!(f("Co\u{2011}operation"), "co-operation");
        assert_eq!(f("a\u{2013}b"), "a-b");
        assert_eq!(f("Russia\u{2019}s"), "russia's");
        assert_eq!(f("Chi\u{15F}in\u{103}u"), f("Chi\u{219}in\u{103}u"));
        assert_eq!(f("\u{162}ara"), f("\u{21A}ara"));
        assert_eq!(f("\u{201C}x\u{201D}"), "\"x\"");
        assert_eq!(f("a \u{00A0}\r\n\tb"), "a b");
        assert_eq!(f("indi\u{00AD}visible"), "indivisible");
        assert_eq!(f("Tu\u{0308}rkiye"), "türkiye");
        assert_eq!(f("\u{FB01}nal"), "final");
        assert_eq!(f("x\u{2033}"), "x\"");
        assert_eq!(f("x\u{00B4}s"), "x's");
        assert_eq!(fold("OSCE", 0, false).text, "OSCE");
        assert_eq!(fold_key("  Sergey   Lavrov "), "sergey lavrov");
    }

    #[test]
    fn identity_for_plain_text() {
        let t = fold("The OSCE met.\nIn Vienna", 0, true);
        assert!(t.is_identity());
        assert_eq!(t.text, "the osce met. in vienna");
    }

    #[test]
    fn map_back_through_chunks() {
        let src = "a\u{00A0}b\r\nc\u{00AD}d e\u{0301}f";
        let t = fold(src, 0, true);
        assert_eq!(t.text, "a b cd éf");
        let find = |needle: &str| {
            let s = t.text.find(needle).unwrap();
            let sp = t.to_original(s, s + needle.len());
            &src[sp.range()]
        };
        assert_eq!(find("a b"), "a\u{00A0}b");
        assert_eq!(find("b c"), "b\r\nc");
        assert_eq!(find("cd"), "c\u{00AD}d");
        assert_eq!(find("d"), "d");
        assert_eq!(find("éf"), "e\u{0301}f");
        assert_eq!(find("é"), "e\u{0301}");
    }

    #[test]
    fn html_references_decode_as_chunks() {
        let src = "Co&#8209;operation&nbsp;in&#x20;Europe &amp; N&Aacute;TO &bogus; &";
        let t = fold_with(src, 0, true, CharRefs::Html);
        assert_eq!(t.text, "co-operation in europe & náto &bogus; &");
        let s = t.text.find("co-operation in").unwrap();
        let sp = t.to_original(s, s + "co-operation in europe".len());
        assert_eq!(&src[sp.range()], "Co&#8209;operation&nbsp;in&#x20;Europe");
        let s = t.text.find("náto").unwrap();
        let sp = t.to_original(s, s + "náto".len());
        assert_eq!(&src[sp.range()], "N&Aacute;TO");
        assert_eq!(t.refold("N&Aacute;TO", false), "NÁTO");
    }

    #[test]
    fn xml_references_only_predefined() {
        let t = fold_with("a&amp;b &nbsp; &#160;c", 0, false, CharRefs::Xml);
        assert_eq!(t.text, "a&b &nbsp; c");
    }

    #[test]
    fn plain_text_keeps_references() {
        assert_eq!(fold("a&amp;b", 0, true).text, "a&amp;b");
    }

    #[test]
    fn po_strings_join_continuations() {
        let src = "indivisibility of \"\n\"security \\\"x\\\" a\\nb";
        let t = fold_with(src, 5, true, CharRefs::PoString);
        assert_eq!(t.text, "indivisibility of security \"x\" a b");
        let s = t.text.find("of security").unwrap();
        let sp = t.to_original(s, s + "of security".len());
        assert_eq!(&src[sp.start - 5..sp.end - 5], "of \"\n\"security");
    }

    #[test]
    fn base_offset_is_added() {
        let t = fold("x\u{00A0}y", 10, true);
        assert_eq!(t.to_original(0, 3), Span::new(10, 14));
        assert_eq!(t.to_original(2, 3), Span::new(13, 14));
    }
}
