//! Fuzz target: the text rules on any string: keys are idempotent, token and sentence
//! offsets are ordered character boundaries, and a stem is a slice of its word.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let key = marsad_text::key(text);
    assert_eq!(marsad_text::key(&key), key);
    let _ = marsad_text::display(text);
    let mut last = 0;
    for t in marsad_text::tokens(text) {
        assert!(t.start >= last && t.end > t.start);
        assert_eq!(&text[t.start..t.end], t.text);
        last = t.end;
        let k = marsad_text::key(t.text);
        let s = marsad_text::stem(&k);
        let (base, start) = (k.as_ptr() as usize, s.as_ptr() as usize);
        assert!(start >= base && start + s.len() <= base + k.len());
    }
    let mut last = 0;
    for r in marsad_text::sentences(text) {
        assert!(r.start >= last && r.end > r.start && text.is_char_boundary(r.start));
        last = r.end;
    }
    let _ = marsad_text::identify(text);
});
