//! A checked text and its line index.

use std::fmt;
use std::sync::OnceLock;

const BOM: &str = "\u{FEFF}";

/// A 1-based line and column. Columns count Unicode scalar values; a BOM
/// is not counted; a tab counts as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column in scalar values.
    pub column: usize,
}

/// Byte offsets of line starts, for byte → line/column conversion.
///
/// A line ends at LF; a CR before it is not part of the line. Only every
/// 16th line start is kept; a lookup finds the rest with a
/// scan of at most that many lines. The index of a 1 GB file of news is
/// then under a megabyte instead of 13.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Starts of lines 0, `LINE_STRIDE`, 2 × `LINE_STRIDE`, ...
    starts: Starts,
    lines: usize,
    ascii: bool,
    bom: usize,
    /// Scalar values before every `CHAR_BLOCK`-th byte, built on the
    /// first column asked for far into a long non-ASCII line, so columns
    /// on a 200 MB line cost a block's scan, not the line's.
    chars_before: OnceLock<Vec<usize>>,
}

/// Line start offsets: 4 bytes each for texts under 4 GiB (the index of
/// a 1 GB file of short lines is tens of megabytes).
#[derive(Debug, Clone)]
enum Starts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl Default for Starts {
    fn default() -> Self {
        Starts::Narrow(Vec::new())
    }
}

impl Starts {
    fn len(&self) -> usize {
        match self {
            Starts::Narrow(v) => v.len(),
            Starts::Wide(v) => v.len(),
        }
    }

    /// Start of 0-based line `i` (`i < len`).
    fn at(&self, i: usize) -> usize {
        match self {
            Starts::Narrow(v) => v[i] as usize,
            Starts::Wide(v) => v[i],
        }
    }

    /// Number of line starts at or before `offset`.
    fn count_at_most(&self, offset: usize) -> usize {
        match self {
            Starts::Narrow(v) => v.partition_point(|&s| s as usize <= offset),
            Starts::Wide(v) => v.partition_point(|&s| s <= offset),
        }
    }
}

/// Lines between two kept line starts.
const LINE_STRIDE: usize = 16;

/// Bytes between two entries of [`LineIndex::chars_before`].
const CHAR_BLOCK: usize = 4096;

/// Scalar values that start in `bytes` (bytes that are not UTF-8
/// continuation bytes).
fn scalar_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    /// Indexes `text` (the whole file, BOM included).
    pub fn new(text: &str) -> Self {
        // Counted first so the index is allocated once at its size: grown
        // by doubling, a 1 GB file's index would take twice its bytes at
        // the peak.
        let lines = memchr_newlines(text.as_bytes()).count() + 1;
        let kept = lines.div_ceil(LINE_STRIDE);
        let every = || {
            std::iter::once(0)
                .chain(memchr_newlines(text.as_bytes()).map(|i| i + 1))
                .step_by(LINE_STRIDE)
        };
        let starts = match u32::try_from(text.len()) {
            Ok(_) => {
                let mut v = Vec::with_capacity(kept);
                // In range: every offset is at most the text's length.
                v.extend(every().map(|i| i as u32));
                Starts::Narrow(v)
            }
            Err(_) => {
                let mut v = Vec::with_capacity(kept);
                v.extend(every());
                Starts::Wide(v)
            }
        };
        let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
        Self {
            starts,
            lines,
            ascii: text.is_ascii(),
            bom,
            chars_before: OnceLock::new(),
        }
    }

    /// Number of lines (a final line without LF counts).
    pub fn line_count(&self) -> usize {
        self.lines
    }

    /// The 0-based line holding byte `offset` of `text`, and its start.
    fn line_of(&self, text: &str, offset: usize) -> (usize, usize) {
        if self.starts.len() == 0 {
            return (0, 0);
        }
        let kept = self.starts.count_at_most(offset).max(1) - 1;
        let from = self.starts.at(kept);
        let mut line = kept * LINE_STRIDE;
        let mut start = from;
        for nl in memchr_newlines(&text.as_bytes()[from..offset]) {
            line += 1;
            start = from + nl + 1;
        }
        (line, start)
    }

    /// Start of 0-based line `line` (`line < lines`) of `text`.
    fn start_of(&self, text: &str, line: usize) -> usize {
        if self.starts.len() == 0 {
            return 0;
        }
        let mut start = self.starts.at(line / LINE_STRIDE);
        for _ in 0..line % LINE_STRIDE {
            match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
                Some(i) => start += i + 1,
                None => return text.len(),
            }
        }
        start
    }

    /// Line and column of byte `offset` of `text` (the text indexed).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let (line, mut start) = self.line_of(text, offset);
        if line == 0 {
            start = start.max(self.bom.min(offset));
        }
        let column = if self.ascii {
            offset - start
        } else if offset - start <= 2 * CHAR_BLOCK {
            scalar_count(&text.as_bytes()[start..offset])
        } else {
            self.scalars_before(text, offset) - self.scalars_before(text, start)
        };
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Scalar values in `text[..offset]`, from the block table.
    fn scalars_before(&self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let table = self.chars_before.get_or_init(|| {
            let mut total = 0;
            let mut table = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
            for block in bytes.chunks(CHAR_BLOCK) {
                table.push(total);
                total += scalar_count(block);
            }
            if bytes.len().is_multiple_of(CHAR_BLOCK) {
                table.push(total);
            }
            table
        });
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        table.get(block).copied().unwrap_or(0) + scalar_count(&bytes[from.min(offset)..offset])
    }

    /// Byte range of 1-based `line`, without its LF or CR LF.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let idx = line.saturating_sub(1).min(self.lines.max(1) - 1);
        let start = self.start_of(text, idx);
        let mut end = if idx + 1 < self.lines {
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i)
        } else {
            text.len()
        };
        if end > start && text.as_bytes().get(end.saturating_sub(1)) == Some(&b'\r') {
            end -= 1;
        }
        let start = if idx == 0 { start.max(self.bom) } else { start };
        start..end.max(start)
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

/// A document to check: its display path, its full text (BOM included, so
/// byte offsets index the file) and its line index.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as given on the command line, or `-` for standard input.
    pub path: String,
    /// The full text.
    pub text: String,
    /// Line starts of `text`.
    pub index: LineIndex,
    /// Set when the text was decoded from bytes that are not UTF-8: the
    /// encoding and the map back to the original byte offsets.
    pub origin: Option<Box<Origin>>,
}

/// Where a decoded document's bytes came from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The encoding's name (e.g. `UTF-16LE`).
    pub encoding: &'static str,
    /// Decoded byte offset → original byte offset.
    pub offsets: super::OffsetMap,
}

/// Input that is not valid UTF-8, with the position of the first bad byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf8Error {
    /// Byte offset of the first invalid byte.
    pub offset: usize,
    /// Its 1-based line.
    pub line: usize,
    /// Its 1-based column (scalar values before it on the line, plus one).
    pub column: usize,
}

impl fmt::Display for Utf8Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid UTF-8 at line {}, column {} (byte {})",
            self.line, self.column, self.offset
        )
    }
}

impl Document {
    /// A document from text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let index = LineIndex::new(&text);
        Self {
            path: path.into(),
            text,
            index,
            origin: None,
        }
    }

    /// A document from decoded bytes ([`super::decode()`]).
    pub fn from_decoded(path: impl Into<String>, d: super::Decoded) -> Self {
        let mut doc = Self::new(path, d.text);
        if d.encoding != encoding_rs::UTF_8 {
            doc.origin = Some(Box::new(Origin {
                encoding: d.encoding.name(),
                offsets: d.offsets,
            }));
        }
        doc
    }

    /// The offset in the original bytes of byte offset `offset` of
    /// `text` (the same unless the text was decoded from another encoding).
    pub fn original_offset(&self, offset: usize) -> usize {
        self.origin
            .as_ref()
            .map_or(offset, |o| o.offsets.original(offset))
    }

    /// A document from bytes, which must be UTF-8.
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Result<Self, Utf8Error> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(path, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = &e.as_bytes()[..offset];
                // The prefix is valid by construction.
                let prefix = std::str::from_utf8(valid).unwrap_or_default();
                let index = LineIndex::new(prefix);
                let lc = index.line_col(prefix, offset);
                Err(Utf8Error {
                    offset,
                    line: lc.line,
                    column: lc.column,
                })
            }
        }
    }

    /// Byte offset where the content starts (after a BOM).
    pub fn body_start(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.index.line_col(&self.text, offset)
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        &self.text[self.index.line_range(&self.text, line)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(doc: &Document, off: usize) -> (usize, usize) {
        let p = doc.line_col(off);
        (p.line, p.column)
    }

    /// Texts over 4 GiB keep 8-byte line starts; both widths answer alike.
    #[test]
    fn wide_line_starts_answer_like_narrow_ones() {
        let text = "ab\r\ncd é\n\nlast ЖЖ";
        let narrow = Document::new("t", text);
        assert!(matches!(narrow.index.starts, Starts::Narrow(_)));
        let mut wide = narrow.clone();
        wide.index.starts = Starts::Wide(
            (0..narrow.index.starts.len())
                .map(|i| narrow.index.starts.at(i))
                .collect(),
        );
        for off in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(narrow.line_col(off), wide.line_col(off), "offset {off}");
        }
        for line in 1..=5 {
            assert_eq!(narrow.line_text(line), wide.line_text(line), "line {line}");
        }
        assert_eq!(narrow.line_text(2), "cd é");
    }

    /// Line and column by counting, for the property test.
    fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let start = if line == 1 && text.starts_with(BOM) {
            BOM.len().min(offset)
        } else {
            start
        };
        (line, text[start..offset].chars().count() + 1)
    }

    proptest::proptest! {
        /// Past the kept line starts, lookups scan: every offset and line
        /// of texts of many lines (CR LF, BOM, non-ASCII, empty lines)
        /// answer as counting does.
        #[test]
        fn sparse_line_starts_answer_as_counting_does(
            bom in proptest::bool::ANY,
            lines in proptest::collection::vec("[a-cé\r]{0,5}", 0..60),
        ) {
            let text = format!("{}{}", if bom { BOM } else { "" }, lines.join("\n"));
            let doc = Document::new("t", text.clone());
            proptest::prop_assert_eq!(doc.index.line_count(), text.matches('\n').count() + 1);
            for off in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let p = doc.line_col(off);
                proptest::prop_assert_eq!((p.line, p.column), naive_line_col(&text, off), "offset {}", off);
            }
            let body = text.strip_prefix(BOM).unwrap_or(&text);
            for (i, want) in body.split('\n').enumerate() {
                let want = want.strip_suffix('\r').unwrap_or(want);
                proptest::prop_assert_eq!(doc.line_text(i + 1), want, "line {}", i + 1);
            }
        }
    }

    #[test]
    fn ascii_lines() {
        let d = Document::new("t", "ab\ncd\n");
        assert_eq!(lc(&d, 0), (1, 1));
        assert_eq!(lc(&d, 2), (1, 3));
        assert_eq!(lc(&d, 3), (2, 1));
        assert_eq!(lc(&d, 6), (3, 1));
        assert_eq!(d.line_text(2), "cd");
    }

    #[test]
    fn crlf_columns_and_line_text() {
        let d = Document::new("t", "ab\r\ncd\r\n");
        assert_eq!(lc(&d, 4), (2, 1));
        assert_eq!(lc(&d, 5), (2, 2));
        assert_eq!(d.line_text(1), "ab");
        assert_eq!(d.line_text(2), "cd");
    }

    #[test]
    fn bom_is_not_counted() {
        let d = Document::new("t", "\u{FEFF}OSCE");
        assert_eq!(d.body_start(), 3);
        assert_eq!(lc(&d, 3), (1, 1));
        assert_eq!(lc(&d, 7), (1, 5));
        assert_eq!(d.line_text(1), "OSCE");
    }

    /// Columns far into a long non-ASCII line come from the block table;
    /// they must equal a plain count everywhere, block edges included.
    #[test]
    fn columns_on_a_long_non_ascii_line() {
        let mut text = String::from("\u{FEFF}");
        for i in 0..3000 {
            text.push_str(if i % 7 == 0 { "Żé😀 " } else { "ab c " });
        }
        text.push_str("\nsecond ЖЖ");
        let d = Document::new("t", text.clone());
        let mut offsets: Vec<usize> = (0..text.len()).step_by(97).collect();
        offsets.extend((1..4).map(|k| k * CHAR_BLOCK));
        offsets.push(text.len());
        for off in offsets {
            let off = (0..=off).rev().find(|&o| text.is_char_boundary(o)).unwrap();
            let line_start = text[..off].rfind('\n').map_or(3.min(off), |i| i + 1);
            let line = text[..off].matches('\n').count() + 1;
            let col = text[line_start..off].chars().count() + 1;
            assert_eq!(lc(&d, off), (line, col), "offset {off}");
        }
        // A text of whole blocks: the end offset has its own table entry.
        let exact = "é".repeat(CHAR_BLOCK);
        let d = Document::new("t", exact.clone());
        assert_eq!(lc(&d, exact.len()), (1, CHAR_BLOCK + 1));
    }

    #[test]
    fn multibyte_and_astral_columns() {
        let d = Document::new("t", "Żé 😀 x");
        // Ż(2) é(2) space(1) 😀(4) space(1) x
        assert_eq!(lc(&d, 10), (1, 6));
    }

    #[test]
    fn invalid_utf8_position() {
        let err = Document::from_bytes("t", b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert_eq!(err.offset, 5);
        assert_eq!((err.line, err.column), (2, 3));
    }
}
