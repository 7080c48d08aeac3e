//! Property test: extraction never panics on arbitrary input.

use marsad_extract::{ExtractOptions, extract};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = extract(&bytes, &ExtractOptions::default());
    }

    #[test]
    fn never_panics_on_tag_soup(parts in proptest::collection::vec(
        prop_oneof![
            Just("<div>".to_string()), Just("</div>".to_string()), Just("<p>".to_string()),
            Just("<br>".to_string()), Just("<a href='/x'>".to_string()), Just("</a>".to_string()),
            Just("اقرأ أيضاً:".to_string()), Just("المصدر: ".to_string()), Just("كلمات دلالية".to_string()),
            Just("<script>".to_string()), Just("<article>".to_string()), Just("<h1>".to_string()),
            "[a-zA-Z ،,.؟ابتثجحخدذرزسشصضطظعغفقكلمنهوي]{0,40}",
        ],
        0..200,
    )) {
        let html = parts.concat();
        let opts = ExtractOptions {
            url: Some("https://example.org/a/b".parse().unwrap()),
            content_type: Some("text/html; charset=utf-8".into()), ..Default::default() };
        let _ = extract(html.as_bytes(), &opts);
    }
}
