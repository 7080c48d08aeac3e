//! Whitespace as Marsad understands it (Unicode spaces plus invisible breaks).

/// True for the characters [`collapse_whitespace`] treats as whitespace: Unicode
/// `White_Space` (which includes NBSP U+00A0, U+2000–U+200A, U+202F, U+3000) plus the
/// zero-width space U+200B, the BOM/ZWNBSP U+FEFF and the word joiner U+2060.
/// The zero-width non-joiner U+200C and joiner U+200D are not whitespace.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Replaces every run of whitespace (see [`is_space`]) with one ASCII space and trims both
/// ends. ZWNJ (U+200C) is kept: it is meaningful in Persian and Arabic-script text.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if is_space(c) {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}
