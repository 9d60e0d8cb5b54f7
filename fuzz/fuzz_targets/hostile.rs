#![no_main]
//! Structure-aware hostile input with a time budget (see
//! `termcheck_fuzz::hostile`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    termcheck_fuzz::hostile(data, termcheck_fuzz::HOSTILE_BUDGET)
});
