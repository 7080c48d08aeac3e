//! Marsad Arabic-first text: normalization (display and key), tokens with byte offsets, the
//! light stemmer, stop words, sentences, script, direction and language.
//!
//! Everything here is pure. `docs/arabic-text.md` is the specification: every mapping of the
//! key and every rule of the tokenizer and the stemmer, with the reason for it.

mod display;
mod key;
mod lang;
mod script;
mod sentence;
mod space;
mod stem;
mod token;

#[cfg(feature = "tantivy")]
pub mod tantivy;

pub use display::display;
pub use key::{Folded, KeyOptions, fold_char, key, key_into, key_with};
pub use lang::{LangGuess, identify, language};
pub use script::{
    Dir, Script, ScriptCounts, direction, is_arabic_block, is_arabic_letter, is_arabic_mark,
    is_latin_letter, script_counts, script_of,
};
pub use sentence::sentences;
pub use space::{collapse_whitespace, is_space};
pub use stem::{is_stop_word, stem};
pub use token::{Token, TokenKind, tokens};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_arabic_letters_only() {
        let c = script_counts("مرحبا، ١٢٣ كيف؟ ـ");
        assert_eq!(c.arabic, 8);
        assert_eq!(c.latin, 0);
        assert_eq!(c.other, 0);
    }

    #[test]
    fn counts_harakat_not_letters() {
        // أَيْضًا: 4 letters + 3 marks
        let c = script_counts("أَيْضًا");
        assert_eq!(c.arabic, 4);
    }

    #[test]
    fn counts_mixed() {
        let c = script_counts("NATO الناتو Привет 2025");
        assert_eq!(c.latin, 4);
        assert_eq!(c.arabic, 6);
        assert_eq!(c.other, 6);
        assert_eq!(c.total(), 16);
        assert_eq!(c.dominant(), Some(Script::Arabic));
    }

    #[test]
    fn presentation_forms_are_arabic() {
        assert_eq!(script_counts("\u{FEFB}\u{FB50}").arabic, 2);
    }

    #[test]
    fn direction_by_majority() {
        assert_eq!(direction("الناتو والاتحاد الأوروبي NATO"), Dir::Rtl);
        assert_eq!(direction("The NATO summit الناتو"), Dir::Ltr);
        assert_eq!(direction(""), Dir::Ltr);
        assert_eq!(direction("123 !"), Dir::Ltr);
        assert_eq!(Dir::Rtl.as_str(), "rtl");
        assert_eq!(Dir::Ltr.to_string(), "ltr");
    }

    #[test]
    fn language_guesses() {
        assert_eq!(language("يبحث الوزراء تعزيز التعاون المشترك"), Some("ar"));
        assert_eq!(
            language("The ministers said that the talks will continue in the spring."),
            Some("en")
        );
        assert_eq!(
            language("Les ministres ont annoncé que les discussions reprendront dans la semaine."),
            Some("fr")
        );
        assert_eq!(language("Xyzzy plugh frobozz"), None);
        assert_eq!(language(""), None);
        assert_eq!(language("1234 !!"), None);
        assert_eq!(language("Привет мир"), None);
        assert_eq!(
            language("این یک خبر کوتاه درباره بازار بورس است"),
            Some("fa")
        );
        assert_eq!(
            language("یہ ایک مختصر خبر ہے جو بازار کے بارے میں ہے"),
            Some("ur")
        );
        assert_eq!(
            language("كانت الشركة قد أعلنت أرباحاً كبيرة في السنة الماضية"),
            Some("ar")
        );
    }

    #[test]
    fn collapse_handles_unicode_spaces() {
        assert_eq!(
            collapse_whitespace("  a\u{00A0}\u{00A0}b\t\nc\u{2003}d\u{200B} "),
            "a b c d"
        );
        assert_eq!(collapse_whitespace("\u{202F}\u{3000}"), "");
        assert_eq!(collapse_whitespace("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(collapse_whitespace(""), "");
    }

    proptest! {
        #[test]
        fn collapse_is_idempotent_and_trimmed(s in "\\PC*") {
            let once = collapse_whitespace(&s);
            prop_assert_eq!(collapse_whitespace(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
            prop_assert!(!once.contains("  "));
            prop_assert!(!once.chars().any(|c| is_space(c) && c != ' '));
        }

        #[test]
        fn counts_never_exceed_chars(s in any::<String>()) {
            let c = script_counts(&s);
            prop_assert!(c.total() <= s.chars().count());
            let _ = language(&s);
            let _ = direction(&s);
        }

        #[test]
        fn the_spelling_shortcut_gives_the_full_guess(
            s in "[\u{0621}-\u{064A}\u{067E}\u{0686}\u{06A9}\u{06AF}\u{06CC}\u{06D2}\u{06BE} a-z]{0,60}"
        ) {
            prop_assert_eq!(language(&s), crate::lang::identify(&s).map(|g| g.code));
        }
    }
}
