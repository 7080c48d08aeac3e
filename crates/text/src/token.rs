//! The tokenizer: words, numbers, URLs, e-mail addresses, hashtags and mentions, each with its
//! byte offsets into the original text.
//!
//! Arabic words keep their harakat, tatweel and inner ZWNJ/ZWJ (so the key of a token is the
//! key of the word a reader sees). A change between Arabic and Latin letters ends a word
//! ("بـGoogle" is two tokens). Numbers take any digit system and keep inner separators
//! (3.5, 1,000, ٣٫٥, ٢٬٠٠٠) only between digits.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word of letters (any script).
    Word,
    /// A number in any digit system.
    Number,
    /// An http(s) or www. address.
    Url,
    /// An e-mail address.
    Email,
    /// `#` and a word (`#مصر_اليوم`).
    Hashtag,
    /// `@` and a handle.
    Mention,
}

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token as written (a slice of the input).
    pub text: &'a str,
    /// Byte offset of its first byte in the input.
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
    /// What it is.
    pub kind: TokenKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Arabic,
    Latin,
    Digit,
    /// Harakat, tatweel and other marks that continue an Arabic word.
    Joiner,
    Other,
}

/// The class of every character of the Arabic block, computed once from [`class_slow`].
static ARABIC_BLOCK: std::sync::LazyLock<[Class; 256]> = std::sync::LazyLock::new(|| {
    let mut table = [Class::Other; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        *slot = class_slow(char::from_u32(0x0600 + i as u32).unwrap_or(' '));
    }
    table
});

/// The class of a character: ASCII and the Arabic block (nearly all of Arabic news text)
/// without a search through ranges.
#[inline]
fn class(c: char) -> Class {
    let cp = c as u32;
    if cp < 0x80 {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Latin,
            '0'..='9' => Class::Digit,
            _ => Class::Other,
        };
    }
    if (0x0600..0x0700).contains(&cp) {
        return ARABIC_BLOCK[(cp - 0x0600) as usize];
    }
    class_slow(c)
}

fn class_slow(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' => Class::Latin,
        '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => Class::Digit,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}' => Class::Joiner,
        '\u{0621}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFC}' => Class::Arabic,
        _ if c.is_ascii() => Class::Other,
        _ if c.is_alphabetic() => Class::Latin, // other alphabets behave like Latin words
        _ if c.is_numeric() => Class::Digit,
        _ => Class::Other,
    }
}

/// Characters that may stand between digits of one number.
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
}

/// Characters that end a URL besides whitespace.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '<' | '>' | '«' | '»' | '\u{060C}' | '\u{061B}')
}

/// Iterator over the tokens of a text.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

/// Tokenizes `text`. Offsets are byte offsets, increasing, on character boundaries.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, pos: 0 }
}

impl<'a> Tokens<'a> {
    fn rest(&self, from: usize) -> &'a str {
        &self.text[from..]
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    /// End of a run of characters of class `cls` (Arabic words also take joiners and ZWNJ/ZWJ
    /// between letters).
    fn run_end(&self, start: usize, cls: Class) -> usize {
        let mut end = start;
        let mut iter = self.rest(start).char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let k = class(c);
            let continues = match cls {
                Class::Arabic => {
                    k == Class::Arabic
                        || k == Class::Joiner
                        || (matches!(c, '\u{200C}' | '\u{200D}')
                            && iter.peek().is_some_and(|&(_, n)| class(n) == Class::Arabic))
                }
                Class::Latin => {
                    k == Class::Latin
                        || k == Class::Digit && c.is_ascii_digit()
                        || ((c == '\'' || c == '\u{2019}' || c == '_')
                            && iter.peek().is_some_and(|&(_, n)| class(n) == Class::Latin))
                }
                Class::Digit => {
                    k == Class::Digit
                        || (is_number_separator(c)
                            && iter.peek().is_some_and(|&(_, n)| class(n) == Class::Digit))
                }
                _ => false,
            };
            if !continues {
                break;
            }
            end = start + i + c.len_utf8();
        }
        end
    }

    /// Whether the character before `at` is a letter or digit.
    fn after_word(&self, at: usize) -> bool {
        self.text[..at]
            .chars()
            .next_back()
            .is_some_and(|p| matches!(class(p), Class::Arabic | Class::Latin | Class::Digit))
    }

    /// End of a hashtag or handle body: letters, digits and underscores of any script.
    fn tag_end(&self, start: usize) -> usize {
        let mut end = start;
        for (i, c) in self.rest(start).char_indices() {
            let k = class(c);
            if matches!(
                k,
                Class::Arabic | Class::Latin | Class::Digit | Class::Joiner
            ) || c == '_'
            {
                end = start + i + c.len_utf8();
            } else {
                break;
            }
        }
        end
    }

    fn url_end(&self, start: usize) -> usize {
        let mut end = self.text.len();
        for (i, c) in self.rest(start).char_indices() {
            if ends_url(c) {
                end = start + i;
                break;
            }
        }
        // Sentence punctuation after an address is not part of it.
        let trimmed =
            self.text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'']);
        start + trimmed.len()
    }

    /// If an e-mail address starts at `start`, its end. Only the run of non-space characters
    /// at `start` is searched, so the cost stays linear in the text.
    fn email_end(&self, start: usize) -> Option<usize> {
        let rest = self.rest(start);
        let run = rest
            .find(|c: char| c.is_whitespace())
            .map_or(rest, |end| &rest[..end]);
        let at = run.find('@')?;
        let local = &rest[..at];
        if local.is_empty()
            || !local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        {
            return None;
        }
        let domain_len = rest[at + 1..]
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .map_or(rest.len() - at - 1, |(i, _)| i);
        let domain = rest[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let (name, tld) = domain.rsplit_once('.')?;
        (!name.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
            .then_some(start + at + 1 + domain.len())
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        while self.pos < self.text.len() {
            let start = self.pos;
            let c = self.char_at(start)?;
            let next = start + c.len_utf8();
            let (end, kind) = match class(c) {
                Class::Latin | Class::Digit if c.is_ascii_alphanumeric() => {
                    let rest = self.rest(start);
                    if rest.starts_with("http://")
                        || rest.starts_with("https://")
                        || rest.starts_with("www.")
                    {
                        (self.url_end(start), TokenKind::Url)
                    } else if let Some(end) = self.email_end(start) {
                        (end, TokenKind::Email)
                    } else if class(c) == Class::Digit {
                        (self.run_end(start, Class::Digit), TokenKind::Number)
                    } else {
                        (self.run_end(start, Class::Latin), TokenKind::Word)
                    }
                }
                Class::Digit => (self.run_end(start, Class::Digit), TokenKind::Number),
                Class::Latin => (self.run_end(start, Class::Latin), TokenKind::Word),
                Class::Arabic => (self.run_end(start, Class::Arabic), TokenKind::Word),
                // "و#قطر" is a conjunction and a hashtag; "name@host" is no mention.
                Class::Other if c == '#' || (c == '@' && !self.after_word(start)) => {
                    let end = self.tag_end(next);
                    if end == next {
                        self.pos = next;
                        continue;
                    }
                    (
                        end,
                        if c == '#' {
                            TokenKind::Hashtag
                        } else {
                            TokenKind::Mention
                        },
                    )
                }
                _ => {
                    self.pos = next;
                    continue;
                }
            };
            self.pos = end.max(next);
            return Some(Token {
                text: &self.text[start..self.pos],
                start,
                end: self.pos,
                kind,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokens(s).map(|t| (t.text, t.kind)).collect()
    }

    #[test]
    fn arabic_words_keep_marks_tatweel_and_zwnj() {
        use TokenKind::*;
        assert_eq!(
            toks("قالَ الـــوزيرُ، إنّ الخطة جاهزة."),
            [
                ("قالَ", Word),
                ("الـــوزيرُ", Word),
                ("إنّ", Word),
                ("الخطة", Word),
                ("جاهزة", Word)
            ]
        );
        assert_eq!(toks("می\u{200C}خواهم"), [("می\u{200C}خواهم", Word)]);
        assert_eq!(toks("كلمة\u{200C} أخرى"), [("كلمة", Word), ("أخرى", Word)]);
    }

    #[test]
    fn numbers_in_every_digit_system() {
        use TokenKind::*;
        assert_eq!(
            toks("ارتفع 3.5% إلى ١٬٢٠٠ و٣٫٥ و۱۴۰۲ عام 2025."),
            [
                ("ارتفع", Word),
                ("3.5", Number),
                ("إلى", Word),
                ("١٬٢٠٠", Number),
                ("و", Word),
                ("٣٫٥", Number),
                ("و", Word),
                ("۱۴۰۲", Number),
                ("عام", Word),
                ("2025", Number)
            ]
        );
        assert_eq!(toks("1,000,000"), [("1,000,000", Number)]);
        assert_eq!(toks("2025م"), [("2025", Number), ("م", Word)]);
    }

    #[test]
    fn urls_emails_hashtags_and_mentions() {
        use TokenKind::*;
        assert_eq!(
            toks(
                "راجع https://news.example/a/1?x=2. أو www.example.org، وراسلنا على info@news.example."
            ),
            [
                ("راجع", Word),
                ("https://news.example/a/1?x=2", Url),
                ("أو", Word),
                ("www.example.org", Url),
                ("وراسلنا", Word),
                ("على", Word),
                ("info@news.example", Email)
            ]
        );
        assert_eq!(
            toks("#مصر_اليوم مع @marsad_news و#قطر"),
            [
                ("#مصر_اليوم", Hashtag),
                ("مع", Word),
                ("@marsad_news", Mention),
                ("و", Word),
                ("#قطر", Hashtag)
            ]
        );
    }

    #[test]
    fn scripts_split_and_latin_words_keep_apostrophes() {
        use TokenKind::*;
        assert_eq!(toks("بـGoogle"), [("بـ", Word), ("Google", Word)]);
        assert_eq!(toks("don't l'homme"), [("don't", Word), ("l'homme", Word)]);
        assert_eq!(toks("COVID-19"), [("COVID", Word), ("19", Number)]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let s = "  «مرحباً» بكم ";
        for t in tokens(s) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
    }

    proptest::proptest! {
        #[test]
        fn offsets_are_monotonic_boundaries(s in "\\PC{0,60}") {
            let mut last = 0;
            for t in tokens(&s) {
                proptest::prop_assert!(t.start >= last && t.end > t.start);
                proptest::prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                proptest::prop_assert_eq!(&s[t.start..t.end], t.text);
                last = t.end;
            }
        }

        #[test]
        fn arabic_soup_never_panics(s in "[\u{0600}-\u{06FF}\u{200C}#@._ 0-9a-z:/]{0,60}") {
            let mut last = 0;
            for t in tokens(&s) {
                proptest::prop_assert!(t.start >= last);
                last = t.end;
            }
        }
    }
}
