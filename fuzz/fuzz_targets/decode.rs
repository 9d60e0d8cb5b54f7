#![no_main]
//! Decoding bytes (see `termcheck_fuzz::decode`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| termcheck_fuzz::decode(data));
