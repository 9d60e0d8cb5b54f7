//! Open documents and LSP positions: byte offsets of the engine to the
//! line and character of the negotiated encoding (UTF-16 code units by
//! default, UTF-8 bytes when the client offers it), and incremental edits
//! applied to the stored text.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// How a client counts characters in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
}

/// Line starts of a text, split as LSP splits lines: at `\n`, `\r\n` and
/// a lone `\r`; and UTF-16 counts at fixed intervals, so a position on a
/// very long line (a 50 MB minified HTML file is one line) costs one
/// interval, not the line.
#[derive(Debug, Clone)]
pub(crate) struct Lines {
    starts: Vec<usize>,
    /// UTF-16 units in `text[..k * BLOCK]`, for every k.
    utf16_at: Vec<usize>,
}

const BLOCK: usize = 4096;

/// UTF-16 units of UTF-8 bytes, counted per byte (so it adds up across
/// any split): every byte that starts a character is one unit, and a
/// four-byte character is one more.
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(j) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + j;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
            if i >= bytes.len() {
                break;
            }
        }
        let mut utf16_at = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut total = 0;
        utf16_at.push(0);
        for block in bytes.chunks(BLOCK) {
            total += utf16_units(block);
            utf16_at.push(total);
        }
        Self { starts, utf16_at }
    }

    /// UTF-16 units in `text[..offset]` (`offset` on a character boundary).
    fn utf16_before(&self, text: &str, offset: usize) -> usize {
        let k = offset / BLOCK;
        self.utf16_at[k] + utf16_units(&text.as_bytes()[k * BLOCK..offset])
    }

    /// The position of byte `offset` (clamped to the text, moved back to
    /// a character boundary).
    pub(crate) fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => self.utf16_before(text, offset) - self.utf16_before(text, start),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub(crate) fn range(&self, text: &str, start: usize, end: usize, enc: Encoding) -> Range {
        Range::new(
            self.position(text, start, enc),
            self.position(text, end, enc),
        )
    }

    /// The byte offset of `pos`. A character past the end of its line
    /// means the end of the line (as the protocol says); a line past the
    /// end means the end of the text. A position inside a character
    /// (half of a surrogate pair) is moved back to its start.
    pub(crate) fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.content_end(text, line);
        let want = pos.character as usize;
        if enc == Encoding::Utf8 {
            let mut at = (start + want).min(end);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        // Start from the last checkpoint before the wanted unit, then walk.
        let base = self.utf16_before(text, start);
        let target = base + want;
        let k = self
            .utf16_at
            .partition_point(|&u| u <= target)
            .saturating_sub(1);
        let mut from = (k * BLOCK).clamp(start, end);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let mut used = self.utf16_before(text, from) - base;
        for (i, c) in text[from..end].char_indices() {
            if used >= want {
                return from + i;
            }
            used += c.len_utf16();
            if used > want {
                return from + i;
            }
        }
        end
    }

    /// The end of `line`'s content, before its line break.
    fn content_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        let mut end = next;
        if end > self.starts[line] && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > self.starts[line] && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An open document: its text, as the client last sent it.
#[derive(Debug)]
pub(crate) struct OpenDoc {
    pub(crate) text: String,
    pub(crate) version: i32,
    pub(crate) language: String,
}

impl OpenDoc {
    /// Applies the changes of one `didChange`, in order. A change with
    /// no range replaces the whole text.
    pub(crate) fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(r) => {
                    let lines = Lines::new(&self.text);
                    let start = lines.offset(&self.text, r.start, enc);
                    let end = lines.offset(&self.text, r.end, enc).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
        }
        self.version = version;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_code_units_and_utf8_bytes() {
        let text = "Côte d’Ivoire 😀 Ivory Coast\nsecond";
        let lines = Lines::new(text);
        let at = text.find("Ivory").unwrap_or(0);
        // "Côte d’Ivoire " is 14 characters; the emoji is 2 UTF-16 units.
        assert_eq!(
            lines.position(text, at, Encoding::Utf16),
            Position::new(0, 17)
        );
        assert_eq!(
            lines.position(text, at, Encoding::Utf8),
            Position::new(0, at as u32)
        );
        let second = text.find("second").unwrap_or(0);
        assert_eq!(
            lines.position(text, second + 3, Encoding::Utf16),
            Position::new(1, 3)
        );
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for off in [0, at, second, second + 3, text.len()] {
                assert_eq!(lines.offset(text, lines.position(text, off, enc), enc), off);
            }
        }
    }

    #[test]
    fn long_lines_use_checkpoints_and_agree_with_counting() {
        let mut text = "aô😀’ ".repeat(3000);
        text.push('\n');
        text.push_str(&"x😀".repeat(2000));
        let lines = Lines::new(&text);
        let naive = |o: usize| {
            let start = text[..o].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..o].matches('\n').count() as u32;
            Position::new(line, text[start..o].encode_utf16().count() as u32)
        };
        for (o, _) in text.char_indices().step_by(37).chain([(text.len(), ' ')]) {
            let p = lines.position(&text, o, Encoding::Utf16);
            assert_eq!(p, naive(o), "offset {o}");
            assert_eq!(lines.offset(&text, p, Encoding::Utf16), o);
        }
        // Inside a surrogate pair: the character's start.
        let emoji = text
            .match_indices('😀')
            .map(|(i, _)| i)
            .find(|&i| i > 9000)
            .unwrap_or(0);
        let p = lines.position(&text, emoji, Encoding::Utf16);
        let inside = Position::new(p.line, p.character + 1);
        assert_eq!(lines.offset(&text, inside, Encoding::Utf16), emoji);
    }

    #[test]
    fn lines_split_like_the_protocol() {
        let text = "a\r\nb\rc\nd";
        let lines = Lines::new(text);
        assert_eq!(
            lines.position(text, 3, Encoding::Utf16),
            Position::new(1, 0)
        );
        assert_eq!(
            lines.position(text, 5, Encoding::Utf16),
            Position::new(2, 0)
        );
        assert_eq!(
            lines.position(text, 7, Encoding::Utf16),
            Position::new(3, 0)
        );
        // Past the end of a line: its end, before the break.
        assert_eq!(lines.offset(text, Position::new(0, 99), Encoding::Utf16), 1);
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn incremental_edits_apply_in_order() {
        let mut doc = OpenDoc {
            text: "Côte d’Ivoire\nIvory Coast\n".to_owned(),
            version: 1,
            language: "plaintext".to_owned(),
        };
        let change = |l1, c1, l2, c2, t: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: t.to_owned(),
        };
        doc.apply(
            2,
            vec![change(0, 13, 0, 13, "!"), change(1, 0, 1, 5, "the Ivory")],
            Encoding::Utf16,
        );
        assert_eq!(doc.text, "Côte d’Ivoire!\nthe Ivory Coast\n");
        assert_eq!(doc.version, 2);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Text with every kind of line break and characters of 1 to 4
        /// UTF-8 bytes (2 UTF-16 units for the last).
        fn text() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    Just("a"),
                    Just("\n"),
                    Just("\r\n"),
                    Just("\r"),
                    Just("ô"),
                    Just("’"),
                    Just("😀"),
                    Just(" ")
                ],
                0..40,
            )
            .prop_map(|v| v.concat())
        }

        proptest! {
            #[test]
            fn positions_round_trip(t in text(), enc_utf8 in any::<bool>()) {
                let enc = if enc_utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                let lines = Lines::new(&t);
                let mut last = Position::new(0, 0);
                for (o, _) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
                    let p = lines.position(&t, o, enc);
                    prop_assert!(p >= last);
                    last = p;
                    // A break's second byte (\n of \r\n) shares its
                    // position with the \r.
                    if !(o > 0 && t.as_bytes()[o - 1] == b'\r' && t.as_bytes().get(o) == Some(&b'\n')) {
                        prop_assert_eq!(lines.offset(&t, p, enc), o);
                    }
                }
            }

            #[test]
            fn incremental_edits_match_byte_edits(
                t in text(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>(),
                ins in text(),
            ) {
                let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
                let (s, e) = {
                    let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
                    (x.min(y), x.max(y))
                };
                let lines = Lines::new(&t);
                for enc in [Encoding::Utf8, Encoding::Utf16] {
                    let range = lines.range(&t, s, e, enc);
                    let (s2, e2) = (lines.offset(&t, range.start, enc), lines.offset(&t, range.end, enc));
                    let mut doc = OpenDoc { text: t.clone(), version: 0, language: String::new() };
                    doc.apply(1, vec![TextDocumentContentChangeEvent {
                        range: Some(range), range_length: None, text: ins.clone(),
                    }], enc);
                    let mut want = t.clone();
                    want.replace_range(s2..e2, &ins);
                    prop_assert_eq!(doc.text, want);
                }
            }
        }
    }
}
