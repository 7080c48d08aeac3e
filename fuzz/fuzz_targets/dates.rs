//! Fuzz target: date strings from feeds and pages (machine forms and written expressions)
//! must parse or give nothing, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(date) = marsad_dates::parse_machine(text) {
        let _ = date.to_contract_string();
    }
    let reference = chrono::DateTime::parse_from_rfc3339("2025-02-02T12:00:00+02:00")
        .expect("a valid reference");
    let mut ctx = marsad_dates::Context::new(reference);
    for zone in ["Africa/Cairo", "+03:00"] {
        ctx.zone = marsad_dates::Zone::parse(zone).expect("a valid zone");
        if let Some(e) = marsad_dates::parse_expression(text, &ctx) {
            let _ = (e.value_string(), e.precision_str(), e.to_page_date(&ctx));
        }
    }
});
