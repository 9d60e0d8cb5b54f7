//! Writes of whole files the command line creates or replaces without
//! having read them first (`init`, `glossary import -o`,
//! `--write-baseline`): the crate's one safe writer with no expectation
//! about the old content.

use std::path::Path;

use termcheck::io::write::{Expect, WriteError, write_file};

/// Creates or replaces `path` with `bytes` (see [`termcheck::io::write`]).
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_file(path, Expect::Any, bytes)
}

/// Replaces `path`, which held `before` when it was read, with `bytes`;
/// refused when the file changed meanwhile.
pub(crate) fn write_replacing(path: &Path, before: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    write_file(path, Expect::Content(before), bytes)
}
