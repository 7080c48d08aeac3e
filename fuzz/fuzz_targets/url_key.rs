//! Fuzz target: URLs from feeds and pages must key or fail cleanly, and keys are stable.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(key) = marsad_model::url_key(text)
    {
        assert_eq!(marsad_model::url_key(text).ok(), Some(key));
    }
});
