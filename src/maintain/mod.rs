//! Glossary maintenance: extra lint warnings, statistics, explanations,
//! mining a corpus for new entries and measuring a glossary change.
//!
//! Library code: it computes and returns; the CLI prints.

pub mod cross_check;
pub mod explain;
pub mod impact;
pub mod lint;
pub mod mine;
mod spans;
pub mod stats;
