//! Fuzz target: Marsad's HTML tokenizer takes any text without panicking in either mode, and
//! builds the same document as html5ever's tokenizer on pages shallow enough for its nesting
//! cap and free of the cases where they knowingly differ (NUL characters, scripts, and `</>`,
//! after which html5ever keeps a `<pre>`'s first newline).
#![no_main]
use libfuzzer_sys::fuzz_target;
use marsad_extract::parse::{Keep, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(page) = std::str::from_utf8(data) else {
        return;
    };
    let read = parse(page, Keep::Read);
    let all = parse(page, Keep::All).html();
    drop(read);
    let simple = !page.contains('\0')
        && !page.contains("</>")
        && !page.to_ascii_lowercase().contains("<script")
        && page.matches('<').count() < marsad_extract::parse::MAX_DEPTH;
    if simple {
        assert_eq!(all, dom_query::Document::from(page).html());
    }
});
