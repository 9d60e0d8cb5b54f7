#![no_main]
//! `glossary::parse` on arbitrary TOML (see `termcheck_fuzz::glossary`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| termcheck_fuzz::glossary(data));
