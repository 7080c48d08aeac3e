//! Tokens of a folded date expression: numbers, words and single punctuation characters.

/// One token of the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A run of ASCII digits: its value (saturated) and its number of digits.
    Num(u32, usize),
    /// A run of letters (any script), already folded and lower-cased.
    Word(String),
    /// Any other visible character.
    Punct(char),
}

impl Tok {
    /// The word, if this is one.
    pub(crate) fn word(&self) -> Option<&str> {
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    /// The number and its digit count, if this is one.
    pub(crate) fn num(&self) -> Option<(u32, usize)> {
        match self {
            Tok::Num(v, n) => Some((*v, *n)),
            _ => None,
        }
    }

    /// Whether this is the punctuation character `c`.
    pub(crate) fn is_punct(&self, c: char) -> bool {
        matches!(self, Tok::Punct(p) if *p == c)
    }

    /// Whether this is the word `w`.
    pub(crate) fn is_word(&self, w: &str) -> bool {
        matches!(self, Tok::Word(x) if x == w)
    }
}

/// Dashes of every width count as `-`, and the Arabic date separator and fraction slashes as `/`.
fn canonical_punct(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{2044}' | '\u{2215}' | '\u{060D}' | '\u{FF0F}' => '/',
        '\u{FF1A}' => ':',
        '\u{FF0B}' => '+',
        c => c,
    }
}

/// Splits folded text (see `marsad_text::key`) into tokens.
pub(crate) fn tokenize(folded: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut value: u32 = c.to_digit(10).unwrap_or(0);
            let mut len = 1;
            while let Some(&d) = chars.peek() {
                let Some(v) = d.is_ascii_digit().then(|| d.to_digit(10)).flatten() else {
                    break;
                };
                value = value.saturating_mul(10).saturating_add(v);
                len += 1;
                chars.next();
            }
            out.push(Tok::Num(value, len));
        } else if c.is_alphabetic() {
            let mut w = String::new();
            w.push(c);
            while let Some(&d) = chars.peek() {
                if d.is_alphabetic() {
                    w.push(d);
                    chars.next();
                } else if d == '\u{200C}' || d == '\u{200D}' {
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(w));
        } else if c.is_whitespace() || c.is_control() {
            continue;
        } else if c.is_alphanumeric() {
            // Digits of other scripts than the ones the key folds: not part of a date.
            out.push(Tok::Word(c.to_string()));
        } else {
            out.push(Tok::Punct(canonical_punct(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_digits_from_letters() {
        let t = tokenize("12 تشرين2 2023");
        assert_eq!(
            t,
            vec![
                Tok::Num(12, 2),
                Tok::Word("تشرين".into()),
                Tok::Num(2, 1),
                Tok::Num(2023, 4)
            ]
        );
        let t = tokenize("1446ه 14h30");
        assert_eq!(t.len(), 5);
        assert_eq!(tokenize("99999999999999999999")[0], Tok::Num(u32::MAX, 20));
    }
}
