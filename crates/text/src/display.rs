//! Lossless normalization for display: nothing a reader would see changes.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Unicode NFC, and Arabic presentation forms (contextual glyph codes some old pages and PDFs
/// carry) replaced by their base letters, which render identically but can be searched and
/// copied. Everything else, tatweel and harakat included, is kept as written. Borrows when
/// nothing changes, which is the common case.
pub fn display(text: &str) -> Cow<'_, str> {
    let nfc = unicode_normalization::is_nfc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes;
    if nfc && !text.chars().any(is_presentation_form) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_presentation_form(c) && c != '\u{FEFF}' {
            // Isolated harakat forms decompose to a space and a mark: keep only the mark.
            out.extend(std::iter::once(c).nfkc().filter(|d| !d.is_whitespace()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out.nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_forms_become_letters_and_nothing_else_changes() {
        assert_eq!(display("ﺍﻟﺴﻼﻡ"), "السلام");
        assert_eq!(display("ﷲ"), "الله");
        let written = "مُحَمَّدٌ الـــقاهرة ٢٠٢٥ \u{200C}";
        assert!(matches!(display(written), Cow::Borrowed(_)));
        assert_eq!(display(written), written);
        // NFC: a decomposed alef with hamza above composes.
        assert_eq!(display("\u{0627}\u{0654}"), "\u{0623}");
        assert_eq!(display("\u{FEFF}x"), "\u{FEFF}x");
    }

    proptest::proptest! {
        #[test]
        fn display_is_idempotent(s in "\\PC{0,40}") {
            let once = display(&s).into_owned();
            proptest::prop_assert_eq!(display(&once).into_owned(), once);
        }
    }
}
