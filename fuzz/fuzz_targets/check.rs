#![no_main]
//! Matching and checking plain text (see `termcheck_fuzz::check`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| termcheck_fuzz::check(data));
