//! The one pipeline every command checks a document through.

pub mod baseline;
pub mod config;
pub mod fix;
pub mod suppress;
pub mod usage;
