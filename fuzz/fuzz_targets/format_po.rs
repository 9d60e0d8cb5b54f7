#![no_main]
//! The po reader (see `termcheck_fuzz::format`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    termcheck_fuzz::format(termcheck::formats::InputFormat::Po, data)
});
