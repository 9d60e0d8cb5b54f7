#![no_main]
//! TBX import and round trips (see `termcheck_fuzz::tbx_import`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| termcheck_fuzz::tbx_import(data));
