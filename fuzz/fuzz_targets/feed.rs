//! Fuzz target: feed bytes from any server must parse or fail cleanly, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = url::Url::parse("https://news.example/feed.xml").ok();
    if let Ok(feed) = marsad_feed::parse_feed(data, base.as_ref()) {
        for item in feed.items {
            assert!(!item.id.is_empty());
        }
    }
});
