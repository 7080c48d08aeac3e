//! Script and writing direction of letters and texts.

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
    // The 28 letters and hamza forms (U+0621–U+064A, less tatweel) need no table search.
    if matches!(c, '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}') {
        return true;
    }
    is_arabic_block(c) && !is_arabic_mark(c) && c != '\u{0640}' && c.is_alphabetic()
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
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        && c != '\u{00D7}'
        && c != '\u{00F7}'
        && c.is_alphabetic()
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
