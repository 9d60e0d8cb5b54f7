//! Reading inputs and writing user files, safely.
//!
//! [`read`] is the only way an input document's bytes are read: it refuses
//! devices, FIFOs and files over a size limit before reading them, and
//! recognizes binary files from their first bytes. [`mod@write`] is the only
//! way a user's file is written: atomically, under a lock, keeping owner,
//! mode and extended attributes, and never over a change made meanwhile.

pub mod read;
pub mod write;

pub use read::{Limits, ReadError, read_path, read_stdin};
pub use write::{Expect, WriteError, write_file};
