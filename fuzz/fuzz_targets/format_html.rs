#![no_main]
//! The html reader (see `termcheck_fuzz::format`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    termcheck_fuzz::format(termcheck::formats::InputFormat::Html, data)
});
