//! Text handling: documents with line/column indexes, and the folding that
//! makes the contract's Unicode equivalences cheap to match while keeping a
//! map back to the original bytes.

mod chars;
pub mod decode;
mod document;
mod inflection;
mod normalize;
mod words;

pub use chars::{is_word_char, sentence_start_before};
pub use decode::{DecodeError, Decoded, OffsetMap, decode, looks_utf16};
pub use document::{Document, LineCol, LineIndex, Origin, Utf8Error};
pub use inflection::{INFLECTION_ENDINGS, PLURAL_ENDINGS, POSSESSIVE_ENDINGS, stems};
pub use normalize::{CharRefs, Folded, fold, fold_key, fold_with};
pub use words::{is_hyphen, words};
