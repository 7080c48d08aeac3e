//! Fuzz target: the search query parser never panics, and a query it accepts has something
//! to look for.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default();
    if let Ok(q) = marsad_index::parse(text, now) {
        assert!(!q.all.is_empty() || q.from_ms.is_some() || q.to_ms.is_some());
    }
});
