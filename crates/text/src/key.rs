//! The folded key: the form of text used for search and fingerprints, never for display.
//!
//! Every mapping is listed with its reason in `docs/arabic-text.md`; the tests in this file
//! check each row. Folding is per character, so a token's key can be computed from the token
//! alone and offsets into the original text stay valid.

use unicode_normalization::UnicodeNormalization;

/// Options of the key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyOptions {
    /// The text is Persian or Urdu: keep their own letters (ک ی ہ ۀ) instead of mapping them
    /// to the Arabic letters they resemble, which would merge distinct words of those languages.
    pub persian_or_urdu: bool,
}

/// What one character becomes in a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded {
    /// The character itself.
    Keep(char),
    /// Another character.
    Map(char),
    /// Nothing (marks, tatweel, invisible controls).
    Drop,
    /// A presentation form or compatibility character: its NFKC decomposition, then folded.
    Decompose,
}

/// Folds one character (see the table in `docs/arabic-text.md`).
#[inline]
pub fn fold_char(c: char, opts: KeyOptions) -> Folded {
    use Folded::*;
    match c {
        'A'..='Z' => Map(c.to_ascii_lowercase()),
        '\u{0000}'..='\u{007F}' => Keep(c),
        // Alef with hamza above/below, madda, wasla, wavy hamza: one alef.
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => {
            Map('\u{0627}')
        }
        '\u{0649}' => Map('\u{064A}'), // alef maksura -> yeh
        '\u{0629}' => Map('\u{0647}'), // teh marbuta -> heh
        // Hamza on waw and on yeh -> bare hamza, so that the two accepted spellings of one word
        // (مسؤول / مسئول) meet. See the spec for why this differs from DESIGN.md's first table.
        '\u{0624}' | '\u{0626}' => Map('\u{0621}'),
        // Harakat, tanween, shadda, sukun, combining hamza/madda, superscript alef.
        '\u{064B}'..='\u{065F}' | '\u{0670}' => Drop,
        // Quranic annotation marks.
        '\u{0610}'..='\u{061A}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' => Drop,
        '\u{0640}' => Drop, // tatweel
        // Zero-width and bidirectional controls, soft hyphen, byte-order mark.
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Drop,
        // Eastern Arabic and Persian digits.
        '\u{0660}'..='\u{0669}' => Map(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Map(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // Arabic punctuation to its ASCII counterpart.
        '\u{060C}' => Map(','),
        '\u{061B}' => Map(';'),
        '\u{061F}' => Map('?'),
        '\u{066A}' => Map('%'),
        '\u{066B}' => Map('.'), // decimal separator
        '\u{066C}' => Map(','), // thousands separator
        '\u{06D4}' => Map('.'), // Urdu full stop
        '\u{00AB}' | '\u{00BB}' => Map('"'),
        // Persian and Urdu letters that Arabic text borrows by keyboard accident.
        '\u{06A9}' if !opts.persian_or_urdu => Map('\u{0643}'), // keheh -> kaf
        '\u{06CC}' if !opts.persian_or_urdu => Map('\u{064A}'), // farsi yeh -> yeh
        '\u{06C1}' | '\u{06C0}' if !opts.persian_or_urdu => Map('\u{0647}'), // heh goal/with yeh -> heh
        // Arabic presentation forms (including lam-alef ligatures): back to base letters.
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => Decompose,
        _ if c.is_uppercase() => Map(c.to_lowercase().next().unwrap_or(c)),
        _ => Keep(c),
    }
}

fn push_folded(out: &mut String, c: char, opts: KeyOptions) {
    match fold_char(c, opts) {
        Folded::Keep(k) | Folded::Map(k) => out.push(k),
        Folded::Drop => {}
        Folded::Decompose => {
            // Isolated harakat forms decompose to a space and the mark: neither belongs in a
            // key. A decomposition never yields another presentation form: one level suffices.
            for d in std::iter::once(c).nfkc().filter(|d| !d.is_whitespace()) {
                match fold_char(d, opts) {
                    Folded::Keep(k) | Folded::Map(k) => out.push(k),
                    Folded::Drop | Folded::Decompose => {}
                }
            }
        }
    }
}

/// The key of an Arabic (or any non-Persian) text: folded characters, whitespace runs as one
/// space, trimmed.
pub fn key(text: &str) -> String {
    key_with(text, KeyOptions::default())
}

/// The key with explicit options.
pub fn key_with(text: &str, opts: KeyOptions) -> String {
    let mut out = String::with_capacity(text.len());
    key_into(text, opts, &mut out);
    out
}

/// What each character of the Arabic block U+0600–U+06FF becomes, for each option set:
/// the hot path of the key reads this table instead of matching.
static ARABIC_BLOCK: std::sync::LazyLock<[[Folded; 256]; 2]> = std::sync::LazyLock::new(|| {
    let mut tables = [[Folded::Drop; 256]; 2];
    for (t, persian_or_urdu) in [(0, false), (1, true)] {
        for (i, slot) in tables[t].iter_mut().enumerate() {
            let c = char::from_u32(0x0600 + i as u32).unwrap_or('\u{FFFD}');
            *slot = fold_char(c, KeyOptions { persian_or_urdu });
        }
    }
    tables
});

/// Whether a character might make the key depend on composition. Latin-1, the Arabic block
/// (whose combining marks the key drops, so أ and ا+U+0654 already meet), the presentation
/// forms (decomposed by the key itself) and general punctuation never do; for anything else
/// the text is checked properly.
fn may_need_composition(c: char) -> bool {
    !matches!(c,
        '\u{0000}'..='\u{02FF}'
        | '\u{0600}'..='\u{06FF}'
        | '\u{2000}'..='\u{206F}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

/// Appends the key of `text` to `out`, so that a hot loop can reuse one buffer.
pub fn key_into(text: &str, opts: KeyOptions, out: &mut String) {
    let base = out.len();
    fold_into(text, opts, out);
    // The folded text is composed (NFC) last, so that decomposed and precomposed spellings
    // meet (e + U+0301 and é) and so that removing a character between a letter and a
    // combining mark cannot leave a key that a second pass would change.
    if out[base..].chars().any(may_need_composition)
        && unicode_normalization::is_nfc_quick(out[base..].chars())
            != unicode_normalization::IsNormalized::Yes
    {
        let composed: String = out[base..].nfc().collect();
        out.truncate(base);
        out.push_str(&composed);
    }
}

fn fold_into(text: &str, opts: KeyOptions, out: &mut String) {
    let table = &ARABIC_BLOCK[usize::from(opts.persian_or_urdu)];
    let bytes = text.as_bytes();
    let base = out.len();
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() || b == 0x0B {
                pending_space = out.len() > base;
            } else {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
            i += 1;
            continue;
        }
        // Two-byte UTF-8 sequences with lead bytes D8–DB are exactly U+0600–U+06FF.
        if (0xD8..=0xDB).contains(&b) && i + 1 < bytes.len() {
            let index = (usize::from(b & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F);
            match table[index] {
                Folded::Drop => {}
                folded => {
                    if pending_space {
                        out.push(' ');
                        pending_space = false;
                    }
                    match folded {
                        Folded::Keep(_) => out.push_str(&text[i..i + 2]),
                        Folded::Map(m) => out.push(m),
                        _ => push_folded(
                            out,
                            char::from_u32(0x0600 + index as u32).unwrap_or(' '),
                            opts,
                        ),
                    }
                }
            }
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        i += c.len_utf8();
        if c.is_whitespace() {
            pending_space = out.len() > base;
            continue;
        }
        let before = out.len();
        if pending_space {
            out.push(' ');
        }
        push_folded(out, c, opts);
        if pending_space {
            // The space is only kept if something follows it: a run of dropped marks after
            // a space must not leave a trailing space behind.
            if out.len() == before + 1 {
                out.truncate(before);
            } else {
                pending_space = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_spec_table() {
        let rows = [
            ("آ", "ا"),
            ("أ", "ا"),
            ("إ", "ا"),
            ("ٱ", "ا"),
            ("ٲ", "ا"),
            ("ٳ", "ا"),
            ("ى", "ي"),
            ("ة", "ه"),
            ("ؤ", "ء"),
            ("ئ", "ء"),
            ("ء", "ء"),
            ("بَ", "ب"),
            ("بً", "ب"),
            ("بُ", "ب"),
            ("بٌ", "ب"),
            ("بِ", "ب"),
            ("بٍ", "ب"),
            ("بّ", "ب"),
            ("بْ", "ب"),
            ("ٰ", ""),
            ("بٓ", "ب"),
            ("بٔ", "ب"),
            ("بٕ", "ب"),
            ("ۖ", ""),
            ("ؐ", ""),
            ("ـ", ""),
            ("\u{200B}", ""),
            ("\u{200C}", ""),
            ("\u{200D}", ""),
            ("\u{200E}", ""),
            ("\u{200F}", ""),
            ("\u{061C}", ""),
            ("\u{202B}", ""),
            ("\u{2067}", ""),
            ("\u{FEFF}", ""),
            ("\u{00AD}", ""),
            ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
            ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
            ("،", ","),
            ("؛", ";"),
            ("؟", "?"),
            ("٪", "%"),
            ("٫", "."),
            ("٬", ","),
            ("۔", "."),
            ("«»", "\"\""),
            ("ک", "ك"),
            ("ی", "ي"),
            ("ہ", "ه"),
            ("ۀ", "ه"),
            ("ﻻ", "لا"),
            ("ﷲ", "الله"),
            ("ﺏ", "ب"),
            ("ﻫ", "ه"),
            ("ABC", "abc"),
            ("Ünal", "ünal"),
        ];
        for (input, expected) in rows {
            assert_eq!(key(input), expected, "key({input:?})");
        }
    }

    #[test]
    fn spelling_variants_meet() {
        assert_eq!(key("إقرأ أيضاً"), key("اقرأ ايضا"));
        assert_eq!(key("المسئول"), key("المسؤول"));
        assert_eq!(key("رئيس المؤتمر"), "رءيس المءتمر");
        assert_eq!(key("٢٠٢٥"), key("2025"));
        assert_eq!(key("مُحَمَّدٌ"), key("محمد"));
        assert_eq!(key("الـــقـــاهـــرة"), key("القاهره"));
    }

    #[test]
    fn persian_keeps_its_letters_when_asked() {
        let p = KeyOptions {
            persian_or_urdu: true,
        };
        assert_eq!(key_with("کتاب", p), "کتاب");
        assert_eq!(key_with("یک", p), "یک");
        assert_eq!(key("کتاب"), "كتاب");
    }

    #[test]
    fn a_removed_tatweel_cannot_leave_a_key_that_changes_again() {
        // Found by the fuzz target: r, tatweel, combining dot above.
        let once = key("\u{0407}r\u{0640}\u{0307}");
        assert_eq!(key(&once), once);
        assert_eq!(once, "\u{0457}\u{1E59}");
    }

    #[test]
    fn whitespace_collapses_and_nfd_latin_meets_nfc() {
        assert_eq!(key("  عاجل \u{00A0}\t خبر  "), "عاجل خبر");
        assert_eq!(key("cafe\u{0301}"), key("café"));
    }

    proptest::proptest! {
        #[test]
        fn key_is_idempotent(s in "\\PC{0,40}") {
            let once = key(&s);
            proptest::prop_assert_eq!(key(&once), once);
        }

        #[test]
        fn arabic_key_is_idempotent(s in "[\u{0600}-\u{06FF}\u{FB50}-\u{FEFF} ]{0,40}") {
            let once = key(&s);
            proptest::prop_assert_eq!(key(&once), once);
        }
    }
}
