//! Marsad Arabic-first text: script, direction and language of a text, whitespace.
//!
//! Everything here is pure and works on `&str` with plain `char` ranges; no tables from
//! external crates. The functions are deliberately simple foundations that later issues
//! deepen (normalization, tokenizing, stemming, whatlang-based language identification).

use std::fmt;

/// The writing system of a letter, as far as Marsad cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Arabic script letters (Arabic, Arabic Supplement, Arabic Extended-A and the
    /// presentation forms blocks).
    Arabic,
    /// Latin letters (ASCII, Latin-1 Supplement, Latin Extended-A/B, Latin Extended Additional).
    Latin,
    /// Any other alphabetic character (Hebrew, Cyrillic, CJK, …).
    Other,
}

/// Number of letters of each script in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Arabic-script letters.
    pub arabic: usize,
    /// Latin letters.
    pub latin: usize,
    /// Letters of any other script.
    pub other: usize,
}

impl ScriptCounts {
    /// Total number of letters counted.
    pub fn total(&self) -> usize {
        self.arabic + self.latin + self.other
    }

    /// The script with the most letters, or `None` when the text has no letters.
    /// Ties go to Arabic first, then Latin.
    pub fn dominant(&self) -> Option<Script> {
        if self.total() == 0 {
            None
        } else if self.arabic >= self.latin && self.arabic >= self.other {
            Some(Script::Arabic)
        } else if self.latin >= self.other {
            Some(Script::Latin)
        } else {
            Some(Script::Other)
        }
    }
}

/// True when `c` lies in one of the Arabic blocks Marsad counts
/// (U+0600–06FF, U+0750–077F, U+08A0–08FF, U+FB50–FDFF, U+FE70–FEFF).
pub fn is_arabic_block(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

/// True when `c` is an Arabic-script letter: in an Arabic block and alphabetic, which
/// excludes Arabic-Indic digits, punctuation (، ؛ ؟), harakat and tatweel.
pub fn is_arabic_letter(c: char) -> bool {
    is_arabic_block(c) && c.is_alphabetic() && !is_arabic_mark(c) && c != '\u{0640}'
}

/// True for Arabic combining marks (harakat, Quranic annotation marks, superscript alef).
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}')
}

/// True when `c` is a Latin letter.
pub fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic()
        && matches!(c,
            'A'..='Z' | 'a'..='z'
            | '\u{00C0}'..='\u{024F}'
            | '\u{1E00}'..='\u{1EFF}')
        && c != '\u{00D7}'
        && c != '\u{00F7}'
}

/// The script of one character, or `None` when it is not a letter.
pub fn script_of(c: char) -> Option<Script> {
    if is_arabic_letter(c) {
        Some(Script::Arabic)
    } else if is_latin_letter(c) {
        Some(Script::Latin)
    } else if c.is_alphabetic() && !is_arabic_block(c) && !c.is_ascii() {
        Some(Script::Other)
    } else {
        None
    }
}

/// Counts the letters of each script in `text` (digits, punctuation and marks are not letters).
pub fn script_counts(text: &str) -> ScriptCounts {
    let mut counts = ScriptCounts::default();
    for c in text.chars() {
        match script_of(c) {
            Some(Script::Arabic) => counts.arabic += 1,
            Some(Script::Latin) => counts.latin += 1,
            Some(Script::Other) => counts.other += 1,
            None => {}
        }
    }
    counts
}

/// Base writing direction of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Right to left (Arabic script).
    Rtl,
    /// Left to right.
    Ltr,
}

impl Dir {
    /// The HTML `dir` attribute value: `"rtl"` or `"ltr"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Rtl => "rtl",
            Dir::Ltr => "ltr",
        }
    }
}

impl fmt::Display for Dir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Direction of a text from the majority of its strong letters: `Rtl` when Arabic-script
/// letters are at least as many as all other letters (and there is at least one),
/// otherwise `Ltr` (also for a text without letters).
pub fn direction(text: &str) -> Dir {
    let c = script_counts(text);
    if c.arabic > 0 && c.arabic >= c.latin + c.other {
        Dir::Rtl
    } else {
        Dir::Ltr
    }
}

const EN_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "as", "are", "by",
    "it", "from", "at", "this", "be", "have", "has", "said", "were", "will", "an", "which",
];
const FR_WORDS: &[&str] = &[
    "le", "la", "les", "des", "et", "du", "une", "un", "est", "dans", "pour", "que", "qui", "sur",
    "au", "aux", "avec", "pas", "par", "ce", "sont", "été", "il", "elle", "à",
];

/// A simple, honest guess of the ISO 639-1 language of `text`:
/// `"ar"` when Arabic-script letters dominate, `"en"` or `"fr"` for Latin-script text whose
/// English or French function words clearly dominate, otherwise `None`.
///
/// Persian (`"fa"`) and Urdu (`"ur"`) are told apart from Arabic by the letters only they
/// use; a later version uses whatlang.
pub fn language(text: &str) -> Option<&'static str> {
    let counts = script_counts(text);
    match counts.dominant()? {
        Script::Arabic => {
            if counts.arabic < 3 {
                return None;
            }
            Some(arabic_script_language(text))
        }
        Script::Latin => {
            let mut en = 0usize;
            let mut fr = 0usize;
            let mut words = 0usize;
            for w in text
                .split(|c: char| !(c.is_alphabetic() || c == '\''))
                .filter(|w| !w.is_empty())
            {
                words += 1;
                let lw = w.to_lowercase();
                // French elisions: l'homme, d'un, qu'il
                let core = lw.split('\'').next().unwrap_or("");
                if lw.contains('\'') && matches!(core, "l" | "d" | "qu" | "n" | "s" | "j" | "c") {
                    fr += 1;
                    continue;
                }
                if EN_WORDS.contains(&lw.as_str()) {
                    en += 1;
                }
                if FR_WORDS.contains(&lw.as_str()) {
                    fr += 1;
                }
            }
            if words == 0 {
                return None;
            }
            let threshold = words.div_ceil(20).max(1);
            if en >= threshold && en > fr {
                Some("en")
            } else if fr >= threshold && fr > en {
                Some("fr")
            } else {
                None
            }
        }
        Script::Other => None,
    }
}

/// Arabic, Persian or Urdu, from letters only these languages use: Persian writes ی (U+06CC)
/// and ک (U+06A9) for ي and ك, and has پ چ ژ گ; Urdu adds ٹ ڈ ڑ ں ے ہ.
fn arabic_script_language(text: &str) -> &'static str {
    let (mut arabic_only, mut persian, mut urdu) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            // ي ك ة and tanween-bearing letters are Arabic spellings.
            '\u{064A}' | '\u{0643}' | '\u{0629}' => arabic_only += 1,
            '\u{06CC}' | '\u{06A9}' | '\u{067E}' | '\u{0686}' | '\u{0698}' | '\u{06AF}' => {
                persian += 1
            }
            '\u{0679}' | '\u{0688}' | '\u{0691}' | '\u{06BA}' | '\u{06D2}' | '\u{06C1}' => {
                urdu += 1
            }
            _ => {}
        }
    }
    if urdu > 0 && urdu * 4 >= arabic_only && urdu + persian > arabic_only {
        "ur"
    } else if persian > arabic_only {
        "fa"
    } else {
        "ar"
    }
}

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
    }
}
