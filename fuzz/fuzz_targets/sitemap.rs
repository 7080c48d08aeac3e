//! Fuzz target: sitemap bytes from any server must parse or fail cleanly, never panic, and
//! every entry kept is an absolute http(s) URL within the protocol's entry limit.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = marsad_feed::looks_like_sitemap(data);
    let base = url::Url::parse("https://news.example/sitemap.xml").ok();
    if let Ok(sitemap) = marsad_feed::parse_sitemap(data, base.as_ref()) {
        let entries = match sitemap {
            marsad_feed::Sitemap::Urls(e) | marsad_feed::Sitemap::Index(e) => e,
        };
        assert!(entries.len() <= marsad_feed::MAX_SITEMAP_ENTRIES);
        for entry in entries {
            assert!(entry.url.starts_with("http://") || entry.url.starts_with("https://"));
        }
    }
    let _ = marsad_feed::parse_sitemap(data, None);
});
