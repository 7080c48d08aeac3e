//! Sentence splitting that knows Arabic punctuation and abbreviations.
//!
//! A sentence ends at `.`, `!`, `?`, the Arabic question mark `؟`, `…` or the Urdu full stop
//! `۔` when whitespace or the end follows (after any closing quotes or brackets), and at every
//! line break (headings and list items stand on their own lines). The Arabic comma `،` and
//! semicolon `؛` join clauses and never end a sentence. A full stop after an abbreviation
//! (د. for doctor, أ. for professor, Dr., U.S.) or before a lower-case Latin letter does not end
//! one, and neither does a full stop inside a number or an address (3.5, news.example).

use std::ops::Range;

/// Abbreviations written with a full stop, as the word before it (key form not needed: these
/// are matched as written, with and without hamza).
const ABBREVIATIONS: &[&str] = &[
    // Arabic titles and references: doctor, professor, engineer, page, part, Hijri/BC year marks.
    "د", "أ", "ا", "م", "ص", "ج", "ق", "هـ", "ه", "ت", "ح", "ط", "أد", "إلخ",
    // English and French.
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "vs", "etc", "No", "Gen", "Col", "Lt", "Sgt",
    "Capt", "Gov", "Sen", "Rep", "Inc", "Ltd", "Co", "Corp", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "M", "Mme", "Mlle", "Pr",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{061F}' | '\u{2026}' | '\u{06D4}')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '»' | '”' | '’' | '\u{FD3F}')
}

/// The word just before byte `at` (letters only), as written.
fn word_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphabetic() || c == '\u{0640}'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// Whether the full stop at byte `dot` ends a sentence.
fn full_stop_ends(text: &str, dot: usize, after: usize) -> bool {
    let word = word_before(text, dot);
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    // Initials: a single Latin capital (J. R. Smith, U.S.).
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_uppercase()
    {
        return false;
    }
    // A lower-case Latin letter next means the sentence goes on (e.g. "approx. five").
    let next = text[after..].trim_start().chars().next();
    !next.is_some_and(|c| c.is_ascii_lowercase())
}

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        let piece = &text[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(from + lead..from + lead + trimmed.len());
        }
    };
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\n' {
            push(start, i, &mut out);
            start = i + 1;
            continue;
        }
        if !is_terminator(c) {
            continue;
        }
        // Take the whole run of terminators and closing quotes: "؟!", "...", ".»".
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = iter.peek() {
            if is_terminator(n) || is_closer(n) {
                end = j + n.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let at_break = text[end..].chars().next().is_none_or(char::is_whitespace);
        if !at_break {
            continue;
        }
        if c == '.' && end == i + 1 && !full_stop_ends(text, i, end) {
            continue;
        }
        push(start, end, &mut out);
        start = end;
    }
    push(start, text.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn arabic_punctuation() {
        assert_eq!(
            split(
                "هل انتهت الأزمة؟ قال الوزير، في مؤتمر صحفي؛ إن المفاوضات مستمرة. وأضاف: «سنعلن النتائج غداً.»"
            ),
            [
                "هل انتهت الأزمة؟",
                "قال الوزير، في مؤتمر صحفي؛ إن المفاوضات مستمرة.",
                "وأضاف: «سنعلن النتائج غداً.»"
            ]
        );
    }

    #[test]
    fn abbreviations_numbers_and_addresses_do_not_split() {
        assert_eq!(
            split("التقى د. سامي الخطيب بالوزير. ارتفع المؤشر 3.5 نقطة وفق news.example اليوم."),
            [
                "التقى د. سامي الخطيب بالوزير.",
                "ارتفع المؤشر 3.5 نقطة وفق news.example اليوم."
            ]
        );
        assert_eq!(
            split("Dr. Smith met U.S. officials. They agreed."),
            ["Dr. Smith met U.S. officials.", "They agreed."]
        );
    }

    #[test]
    fn lines_and_exclamations_end_sentences() {
        assert_eq!(
            split("عنوان فرعي\nنص الفقرة!! ثم جملة…"),
            ["عنوان فرعي", "نص الفقرة!!", "ثم جملة…"]
        );
        assert!(split("   ").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn ranges_are_ordered_boundaries(s in "\\PC{0,80}") {
            let mut last = 0;
            for r in sentences(&s) {
                proptest::prop_assert!(r.start >= last && r.end > r.start);
                proptest::prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
                last = r.end;
            }
        }
    }
}
