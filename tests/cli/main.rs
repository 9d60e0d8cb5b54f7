//! The CLI test binary: one module per area, sharing [`common`].
//!
//! Everything runs the built `termcheck` binary or the library as a user
//! would; the corpus tests read `../shared/corpus` and fail when `CI=true`
//! and it is missing.

mod bilingual_cli;
mod cache;
mod ci;
mod cli_check;
mod common;
mod consumers;
mod corpus_notes;
mod dated_corpus;
mod derive_corpus;
mod engine;
mod exchange;
mod fix_cli;
mod fix_corpus;
mod fix_props;
mod fuzz_corpus;
mod glossaries;
mod glossary_maintenance;
mod glossary_v11_cli;
mod hostile;
mod legitimate_uses;
mod lsp;
mod near_miss_cli;
mod near_miss_props;
mod properties;
mod readme;
mod review_cli;
mod review_tmux;
mod safe_io;
mod snapshots_cli;
mod source_cli;
mod source_corpus;
