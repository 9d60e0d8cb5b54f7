//! Turning a file's bytes into text: UTF-8 (with or without a BOM),
//! UTF-16 LE/BE (by BOM, or by the pattern of NUL bytes), and encodings
//! declared by an XML declaration or an HTML `<meta charset>`, through
//! `encoding_rs`.
//!
//! Findings are computed on the decoded text, but must point into the
//! bytes the user has: [`Decoded::offsets`] maps a decoded byte offset to
//! the original one. Lines and columns (counted in characters) are the
//! same in both, so only byte offsets need the map.

use std::fmt;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, and where its characters came from.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text. A UTF-8 BOM is kept (it is part of the original bytes);
    /// a UTF-16 BOM is not.
    pub text: String,
    /// The encoding the bytes were read as.
    pub encoding: &'static Encoding,
    /// Decoded byte offset → original byte offset.
    pub offsets: OffsetMap,
}

/// Maps byte offsets in decoded text to byte offsets in the original
/// bytes.
///
/// Kept as runs of characters that are all as wide in both texts (ASCII
/// in UTF-16: 1 byte decoded, 2 original; Cyrillic: 2 and 2), so a long
/// text costs a few entries per change of script, not one per character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Runs in order; empty when the two texts are the same (UTF-8 input).
    runs: Vec<Run>,
    /// Decoded and original lengths.
    ends: (usize, usize),
}

/// Characters from `decoded`/`original` on, each `dw` bytes wide decoded
/// and `ow` bytes wide in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    decoded: usize,
    original: usize,
    dw: u8,
    ow: u8,
}

impl OffsetMap {
    /// The map of UTF-8 input: every offset maps to itself.
    pub fn identity() -> Self {
        Self::default()
    }

    /// Whether every offset maps to itself.
    pub fn is_identity(&self) -> bool {
        self.runs.is_empty()
    }

    /// The original byte offset of decoded byte offset `decoded`. An
    /// offset inside a character maps to the character's start; an
    /// offset at or past the end maps to the end of the original.
    pub fn original(&self, decoded: usize) -> usize {
        if self.runs.is_empty() {
            // Identity (UTF-8), or nothing decoded after a byte order mark:
            // then the end is the end of the original bytes.
            return if self.ends != (0, 0) && decoded >= self.ends.0 {
                self.ends.1
            } else {
                decoded
            };
        }
        if decoded >= self.ends.0 {
            return self.ends.1;
        }
        let i = match self.runs.binary_search_by_key(&decoded, |r| r.decoded) {
            Ok(i) => i,
            Err(0) => return 0,
            Err(i) => i - 1,
        };
        let r = self.runs[i];
        let k = (decoded - r.decoded) / usize::from(r.dw.max(1));
        r.original + k * usize::from(r.ow)
    }

    /// Adds a character at `decoded`/`original`, `dw` and `ow` bytes wide.
    fn push(&mut self, decoded: usize, original: usize, dw: usize, ow: usize) {
        let (dw, ow) = (dw.min(255) as u8, ow.min(255) as u8);
        if let Some(r) = self.runs.last()
            && r.dw == dw
            && r.ow == ow
            && dw > 0
        {
            let k = (decoded - r.decoded) / usize::from(dw);
            if r.decoded + k * usize::from(dw) == decoded
                && r.original + k * usize::from(ow) == original
            {
                return;
            }
        }
        self.runs.push(Run {
            decoded,
            original,
            dw,
            ow,
        });
    }
}

/// Bytes that could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes, and not in the pattern of UTF-16 text.
    Binary,
    /// Invalid in the encoding the bytes were read as.
    Invalid {
        /// Name of that encoding.
        encoding: &'static str,
        /// How it was chosen (e.g. "declared by the XML declaration").
        why: &'static str,
        /// Byte offset of the first byte that could not be decoded.
        offset: usize,
        /// Its 1-based line.
        line: usize,
        /// Its 1-based column (characters before it on the line, plus one).
        column: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Binary => f.write_str("binary data (NUL bytes), not text"),
            Self::Invalid {
                encoding,
                why,
                offset,
                line,
                column,
            } => write!(
                f,
                "invalid {encoding} ({why}) at line {line}, column {column} (byte {offset})"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    /// What to do about it, for an error message.
    pub fn help(&self) -> &'static str {
        match self {
            Self::Binary => "termcheck reads text files: check that this is the file you meant",
            Self::Invalid { .. } => {
                "convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`), \
                 or declare its encoding (`<?xml version=\"1.0\" encoding=\"...\"?>`, \
                 `<meta charset=\"...\">`)"
            }
        }
    }
}

/// How many leading bytes are looked at for NULs, UTF-16 patterns and
/// declarations (the HTML prescan looks at 1024; XML declarations come
/// first).
const SNIFF: usize = 8192;
const PRESCAN: usize = 1024;

/// Decodes `bytes`. `path` is used only for its extension: an HTML meta
/// charset is honoured only in `.htm`/`.html`/`.xhtml` files.
pub fn decode(bytes: Vec<u8>, path: &str) -> Result<Decoded, DecodeError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(&bytes) {
        if enc == UTF_8 {
            return utf8(bytes, "after its UTF-8 byte order mark");
        }
        return Ok(decode_with(&bytes, enc, bom_len));
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if let Some(enc) = utf16_by_nuls(head) {
        return Ok(decode_with(&bytes, enc, 0));
    }
    if head.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let declared = xml_declared(head).map(|e| (e, "declared by its XML declaration"));
    let declared = declared.or_else(|| {
        is_html(path)
            .then(|| html_declared(head))
            .flatten()
            .map(|e| (e, "declared by its <meta charset>"))
    });
    match declared {
        // A UTF-16 label on bytes that are ASCII-compatible is a mistake
        // (the HTML standard reads such files as UTF-8 too).
        Some((enc, _)) if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE => {
            utf8(bytes, "declared or assumed UTF-8")
        }
        Some((enc, why)) => {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
            if had_errors {
                let offset = first_error(&bytes, enc);
                return Err(invalid(&bytes, enc, why, offset));
            }
            let text = text.into_owned();
            if enc.is_single_byte() || text.len() == bytes.len() && text.is_ascii() {
                // Every character is one original byte.
                let offsets = if text.is_ascii() {
                    OffsetMap::identity()
                } else {
                    single_byte_map(&text)
                };
                return Ok(Decoded {
                    text,
                    encoding: enc,
                    offsets,
                });
            }
            Ok(decode_with(&bytes, enc, 0))
        }
        None => utf8(bytes, "no encoding declared, so UTF-8"),
    }
}

fn utf8(bytes: Vec<u8>, why: &'static str) -> Result<Decoded, DecodeError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: UTF_8,
            offsets: OffsetMap::identity(),
        }),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            Err(invalid(e.as_bytes(), UTF_8, why, offset))
        }
    }
}

fn invalid(bytes: &[u8], enc: &'static Encoding, why: &'static str, offset: usize) -> DecodeError {
    // Lines and columns of the valid prefix, decoded the same way.
    let (prefix, _) = enc.decode_without_bom_handling(&bytes[..offset.min(bytes.len())]);
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    DecodeError::Invalid {
        encoding: enc.name(),
        why,
        offset,
        line,
        column,
    }
}

/// UTF-16 without a BOM: text in a Latin script has a NUL in every other
/// byte. Needs at least 8 code units, most of them with one NUL half.
/// Whether the leading bytes are UTF-16 text (a byte order mark, or NUL
/// bytes in the pattern of UTF-16), which holds NUL bytes without being
/// binary.
pub fn looks_utf16(head: &[u8]) -> bool {
    matches!(Encoding::for_bom(head), Some((enc, _)) if enc == UTF_16LE || enc == UTF_16BE)
        || utf16_by_nuls(&head[..head.len().min(SNIFF)]).is_some()
}

fn utf16_by_nuls(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in head.chunks_exact(2) {
        even += usize::from(p[0] == 0 && p[1] != 0);
        odd += usize::from(p[1] == 0 && p[0] != 0);
    }
    let both_nul = head.chunks_exact(2).filter(|p| p == &[0, 0]).count();
    if both_nul * 10 > pairs {
        return None;
    }
    if odd * 10 >= pairs * 6 && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 6 && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes `bytes[skip..]` with `enc`, replacing malformed sequences with
/// U+FFFD (a lone surrogate in UTF-16 is data loss worth a visible mark,
/// not a refusal), and records where every character started.
fn decode_with(bytes: &[u8], enc: &'static Encoding, skip: usize) -> Decoded {
    let input = &bytes[skip.min(bytes.len())..];
    if enc == UTF_16LE || enc == UTF_16BE {
        // Every character is one 2-byte code unit, or a surrogate pair of
        // 4 bytes; a lone surrogate becomes one U+FFFD of 2 bytes.
        let (text, _) = enc.decode_without_bom_handling(input);
        let text = text.into_owned();
        let mut map = OffsetMap::default();
        let mut original = skip;
        for (d, c) in text.char_indices() {
            let ow = if u32::from(c) > 0xFFFF { 4 } else { 2 };
            map.push(d, original, c.len_utf8(), ow);
            original += ow;
        }
        map.ends = (text.len(), bytes.len());
        return Decoded {
            text,
            encoding: enc,
            offsets: map,
        };
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(input.len());
    let mut map = OffsetMap::default();
    let mut char_start = skip;
    let mut tmp = [0u8; 16];
    for (i, b) in input.iter().enumerate() {
        let last = i + 1 == input.len();
        let (_, _, written, _) = decoder.decode_to_utf8(std::slice::from_ref(b), &mut tmp, last);
        if written > 0 {
            // What came out is one character (or a replacement) per
            // completed sequence; all of it starts at `char_start`.
            if let Ok(s) = std::str::from_utf8(&tmp[..written]) {
                let ow = skip + i + 1 - char_start;
                for (j, c) in s.char_indices() {
                    map.push(text.len() + j, char_start, c.len_utf8(), ow);
                }
                text.push_str(s);
            }
            char_start = skip + i + 1;
        }
    }
    map.ends = (text.len(), bytes.len());
    Decoded {
        text,
        encoding: enc,
        offsets: map,
    }
}

/// The map of a single-byte encoding: character `k` is original byte `k`.
fn single_byte_map(text: &str) -> OffsetMap {
    let mut map = OffsetMap::default();
    for (k, (d, c)) in text.char_indices().enumerate() {
        map.push(d, k, c.len_utf8(), 1);
    }
    map.ends = (text.len(), text.chars().count());
    map
}

/// Offset of the first byte `enc` cannot decode.
fn first_error(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = vec![0u8; bytes.len().saturating_mul(3) + 16];
    let (result, read, _) = decoder.decode_to_utf8_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            read.saturating_sub(usize::from(bad) + usize::from(after))
        }
        _ => read,
    }
}

fn is_html(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".html", ".htm", ".xhtml"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The `encoding` of an XML declaration at the very start.
fn xml_declared(head: &[u8]) -> Option<&'static Encoding> {
    let rest = head.strip_prefix(b"<?xml")?;
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = &rest[..end];
    let at = find(decl, b"encoding")?;
    let value = quoted_after_eq(&decl[at + b"encoding".len()..])?;
    Encoding::for_label(value)
}

/// The charset of the first `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">` within
/// the first 1024 bytes.
fn html_declared(head: &[u8]) -> Option<&'static Encoding> {
    let head = &head[..head.len().min(PRESCAN)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let after = &tag[c + b"charset".len()..];
            let value = quoted_after_eq(after).or_else(|| {
                // Inside content="text/html; charset=x": up to a quote or `;`.
                let after = trim_ascii_start(after).strip_prefix(b"=")?;
                let after = trim_ascii_start(after);
                let n = after
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/'))
                    .unwrap_or(after.len());
                Some(&after[..n])
            });
            if let Some(e) = value.and_then(Encoding::for_label) {
                return Some(e);
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

/// `= "value"` or `= 'value'` → `value`.
fn quoted_after_eq(s: &[u8]) -> Option<&[u8]> {
    let s = trim_ascii_start(trim_ascii_start(s).strip_prefix(b"=")?);
    let q = *s.first()?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let body = &s[1..];
    let end = body.iter().position(|&b| b == q)?;
    Some(&body[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        v
    }

    const TEXT: &str = "Lavrov met the Kiev envoy.\nПривет, мир: 😀 done\n";

    #[test]
    fn utf8_is_identity_and_keeps_its_bom() {
        let d = decode(TEXT.as_bytes().to_vec(), "a.txt").unwrap();
        assert_eq!(d.text, TEXT);
        assert!(d.offsets.is_identity());
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(TEXT.as_bytes());
        let d = decode(b, "a.txt").unwrap();
        assert_eq!(d.text, format!("\u{FEFF}{TEXT}"));
        assert_eq!(d.offsets.original(3), 3);
    }

    #[test]
    /// Found by the `decode` fuzz target: a UTF-16 byte order mark and
    /// nothing else; the end of the (empty) text is the end of the file.
    fn a_lone_utf16_bom_maps_the_end_to_the_end() {
        for bom in [[0xFE, 0xFF], [0xFF, 0xFE]] {
            let d = decode(bom.to_vec(), "t.txt").unwrap();
            assert_eq!(d.text, "");
            assert_eq!(d.offsets.original(0), 2);
        }
    }

    #[test]
    fn utf16_with_and_without_bom_maps_offsets_to_the_original_bytes() {
        for (bytes, bom) in [
            (utf16le(TEXT, true), 2),
            (utf16le(TEXT, false), 0),
            (utf16be(TEXT, true), 2),
            (utf16be(TEXT, false), 0),
        ] {
            let d = decode(bytes.clone(), "a.txt").unwrap();
            assert_eq!(d.text, TEXT);
            let kiev = d.text.find("Kiev").unwrap();
            assert_eq!(d.offsets.original(kiev), bom + 2 * "Lavrov met the ".len());
            let emoji = d.text.find('😀').unwrap();
            let units_before = TEXT[..emoji].encode_utf16().count();
            assert_eq!(d.offsets.original(emoji), bom + 2 * units_before);
            assert_eq!(d.offsets.original(emoji + 4), bom + 2 * units_before + 4);
            assert_eq!(d.offsets.original(d.text.len()), bytes.len());
        }
    }

    #[test]
    fn xml_declaration_and_html_meta_are_honoured() {
        let mut b = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<p>".to_vec();
        b.extend_from_slice(&[0xCF, 0xF0, 0xE8]); // "При"
        b.extend_from_slice(b" Kiev</p>");
        let d = decode(b, "a.xlf").unwrap();
        assert!(d.text.contains("При Kiev"));
        let k = d.text.find("Kiev").unwrap();
        assert_eq!(d.offsets.original(k), d.text.find("Kiev").unwrap() - 3);

        let mut h = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body>caf".to_vec();
        h.push(0xE9);
        h.extend_from_slice(b" Kiev</body></html>");
        let d = decode(h.clone(), "page.html").unwrap();
        assert!(d.text.contains("café Kiev"));
        assert_eq!(
            d.offsets.original(d.text.find("Kiev").unwrap()),
            h.len() - "Kiev</body></html>".len()
        );
        // Not HTML: the meta is just text, and the bytes are not UTF-8.
        assert!(matches!(
            decode(h, "page.txt"),
            Err(DecodeError::Invalid { .. })
        ));
    }

    #[test]
    fn undecodable_and_binary_input_are_errors_with_positions() {
        let e = decode(b"ok\nab\xFFcd".to_vec(), "a.txt").unwrap_err();
        assert_eq!(
            e,
            DecodeError::Invalid {
                encoding: "UTF-8",
                why: "no encoding declared, so UTF-8",
                offset: 5,
                line: 2,
                column: 3
            }
        );
        assert_eq!(
            decode(b"\x7FELF\0\0\0\0\x01\x02\0\0\0\0\0\0\0\0".to_vec(), "x").unwrap_err(),
            DecodeError::Binary
        );
    }
}

#[cfg(test)]
mod map_tests {
    use super::*;

    #[test]
    fn runs_stay_few_on_long_texts_and_answer_like_a_full_table() {
        let text = "Kiev talks. ".repeat(5000) + &"Привет мир ".repeat(5000) + "😀 end";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(bytes.clone(), "a.txt").unwrap();
        assert_eq!(d.text, text);
        // ASCII run, Cyrillic run (with ASCII spaces between words: a run
        // per change), the emoji, the tail.
        assert!(d.offsets.runs.len() < 25_000, "{}", d.offsets.runs.len());
        let mut original = 0;
        for (i, c) in text.char_indices() {
            assert_eq!(d.offsets.original(i), original, "at {i}");
            for inside in 1..c.len_utf8() {
                assert_eq!(d.offsets.original(i + inside), original);
            }
            original += c.len_utf16() * 2;
        }
        assert_eq!(d.offsets.original(text.len()), bytes.len());
        let ascii = "Kiev talks. ".repeat(5000);
        let d = decode(
            ascii.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            "a.txt",
        )
        .unwrap();
        assert_eq!(d.offsets.runs.len(), 1);
    }
}
