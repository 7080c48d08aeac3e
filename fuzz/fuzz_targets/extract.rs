//! Fuzz target: any page bytes, with or without a declared charset, must extract or fail
//! cleanly, and the extracted text must be valid paragraphs.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = marsad_extract::ExtractOptions {
        url: url::Url::parse("https://news.example/a/1").ok(),
        content_type: Some("text/html".into()), ..Default::default() };
    if let Ok(article) = marsad_extract::extract(data, &options) {
        assert!(!article.text.contains("\n\n\n"));
    }
});
