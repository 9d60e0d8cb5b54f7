#![no_main]
//! Reading a document's own date (see `termcheck_fuzz::document_date`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| termcheck_fuzz::document_date(data));
