//! Text handling: documents with line/column indexes, and the folding that
//! makes the contract's Unicode equivalences cheap to match while keeping a
//! map back to the original bytes.

mod chars;
pub mod decode;
mod document;
mod normalize;

pub use chars::{is_word_char, sentence_start_before};
pub use decode::{DecodeError, Decoded, OffsetMap, decode};
pub use document::{Document, LineCol, LineIndex, Origin, Utf8Error};
pub use normalize::{CharRefs, Folded, fold, fold_key, fold_with};
