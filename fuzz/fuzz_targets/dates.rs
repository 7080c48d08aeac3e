//! Fuzz target: date strings from feeds and pages must parse or give nothing, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(date) = marsad_dates::parse_machine(text)
    {
        let _ = date.to_contract_string();
    }
});
