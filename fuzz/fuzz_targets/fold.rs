#![no_main]
//! Folding and offset mapping in every escape mode (see `termcheck_fuzz::fold`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| termcheck_fuzz::fold(data));
