//! Fuzz target: OPML files given by users must import or fail cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = marsad_feed::parse_opml(text);
    }
});
