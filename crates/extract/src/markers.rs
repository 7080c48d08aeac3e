//! Boilerplate markers ("اقرأ أيضاً", "كلمات دلالية", "المصدر:", "Read more", …) and the
//! light folding used to compare them with page text.

/// What a marker introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Related reading: "اقرأ أيضاً", "Read more", "Related".
    ReadAlso,
    /// A tag list: "كلمات دلالية", "الوسوم", "Tags".
    Tags,
    /// A source credit line: "المصدر:".
    Source,
    /// Share bars and follow-us boxes.
    Social,
}

impl Kind {
    /// Strong markers remove a block whatever follows them; weak ones ("شارك", "Share",
    /// "Related", "مواضيع") only when the block is short or made of links, because they also
    /// start ordinary sentences ("شارك الوزير في …").
    pub fn strong(self, marker: &str) -> bool {
        match self {
            Kind::ReadAlso => {
                marker.starts_with("اقرا")
                    || marker.contains("ذات صله")
                    || marker.contains("ذات علاقه")
            }
            Kind::Tags => !marker.is_ascii() && marker != "مواضيع",
            Kind::Source | Kind::Social => false,
        }
    }
}

/// Markers, already folded with [`fold`].
const MARKERS: &[(&str, Kind)] = &[
    ("اقرا ايضا", Kind::ReadAlso),
    ("اقرا المزيد", Kind::ReadAlso),
    ("اقرا كذلك", Kind::ReadAlso),
    ("اقرا اكثر", Kind::ReadAlso),
    ("شاهد ايضا", Kind::ReadAlso),
    ("طالع ايضا", Kind::ReadAlso),
    ("مواضيع ذات صله", Kind::ReadAlso),
    ("اخبار ذات صله", Kind::ReadAlso),
    ("مقالات ذات صله", Kind::ReadAlso),
    ("ذات صله", Kind::ReadAlso),
    ("ذات علاقه", Kind::ReadAlso),
    ("اخبار ذات علاقه", Kind::ReadAlso),
    ("اخبار متعلقه", Kind::ReadAlso),
    ("مواضيع متعلقه", Kind::ReadAlso),
    ("موضوعات ذات صله", Kind::ReadAlso),
    ("قد يهمك", Kind::ReadAlso),
    ("قد يهمك ايضا", Kind::ReadAlso),
    ("قد يعجبك", Kind::ReadAlso),
    ("قصص مقترحه", Kind::ReadAlso),
    ("مقالات مقترحه", Kind::ReadAlso),
    ("read more", Kind::ReadAlso),
    ("read also", Kind::ReadAlso),
    ("also read", Kind::ReadAlso),
    ("see also", Kind::ReadAlso),
    ("related", Kind::ReadAlso),
    ("more on this", Kind::ReadAlso),
    ("you may also like", Kind::ReadAlso),
    // The same lines in the other languages of the European press: Spanish, Portuguese,
    // French, Italian, German and Polish.
    ("lea también", Kind::ReadAlso),
    ("lee también", Kind::ReadAlso),
    ("lea más", Kind::ReadAlso),
    ("lee más", Kind::ReadAlso),
    ("te puede interesar", Kind::ReadAlso),
    ("le puede interesar", Kind::ReadAlso),
    ("noticias relacionadas", Kind::ReadAlso),
    ("leia também", Kind::ReadAlso),
    ("leia mais", Kind::ReadAlso),
    ("veja também", Kind::ReadAlso),
    ("lire aussi", Kind::ReadAlso),
    ("à lire aussi", Kind::ReadAlso),
    ("voir aussi", Kind::ReadAlso),
    ("sur le même sujet", Kind::ReadAlso),
    ("leggi anche", Kind::ReadAlso),
    ("lesen sie auch", Kind::ReadAlso),
    ("mehr zum thema", Kind::ReadAlso),
    ("zum weiterlesen", Kind::ReadAlso),
    ("auch interessant", Kind::ReadAlso),
    ("das könnte sie auch interessieren", Kind::ReadAlso),
    ("passend zum thema", Kind::ReadAlso),
    ("czytaj też", Kind::ReadAlso),
    ("czytaj także", Kind::ReadAlso),
    ("zobacz też", Kind::ReadAlso),
    ("zobacz także", Kind::ReadAlso),
    ("zobacz również", Kind::ReadAlso),
    ("czytaj również", Kind::ReadAlso),
    ("przeczytaj też", Kind::ReadAlso),
    ("przeczytaj także", Kind::ReadAlso),
    ("przeczytaj również", Kind::ReadAlso),
    ("temas relacionados", Kind::ReadAlso),
    ("artículos relacionados", Kind::ReadAlso),
    ("también te puede interesar", Kind::ReadAlso),
    ("te recomendamos", Kind::ReadAlso),
    ("notícias relacionadas", Kind::ReadAlso),
    ("articles similaires", Kind::ReadAlso),
    ("lire également", Kind::ReadAlso),
    ("à lire également", Kind::ReadAlso),
    ("vous aimerez aussi", Kind::ReadAlso),
    ("articoli correlati", Kind::ReadAlso),
    ("potrebbe interessarti", Kind::ReadAlso),
    ("ti potrebbe interessare", Kind::ReadAlso),
    ("ähnliche beiträge", Kind::ReadAlso),
    ("ähnliche artikel", Kind::ReadAlso),
    ("das könnte dich auch interessieren", Kind::ReadAlso),
    ("auch lesen", Kind::ReadAlso),
    ("schon gelesen", Kind::ReadAlso),
    ("weitere artikel", Kind::ReadAlso),
    ("you might also like", Kind::ReadAlso),
    ("more stories", Kind::ReadAlso),
    ("recommended for you", Kind::ReadAlso),
    ("further reading", Kind::ReadAlso),
    ("editors’ recommendations", Kind::ReadAlso),
    ("editors' recommendations", Kind::ReadAlso),
    ("كلمات دلاليه", Kind::Tags),
    ("الكلمات الدلاليه", Kind::Tags),
    ("الكلمات الداله", Kind::Tags),
    ("كلمات داله", Kind::Tags),
    ("كلمات مفتاحيه", Kind::Tags),
    ("الكلمات المفتاحيه", Kind::Tags),
    ("الوسوم", Kind::Tags),
    ("وسوم", Kind::Tags),
    ("مواضيع", Kind::Tags),
    ("tags", Kind::Tags),
    ("topics", Kind::Tags),
    ("المصدر", Kind::Source),
    ("مصدر الخبر", Kind::Source),
    ("source", Kind::Source),
    ("شارك", Kind::Social),
    ("شاركها", Kind::Social),
    ("شارك الخبر", Kind::Social),
    ("تابعونا", Kind::Social),
    ("تابعنا", Kind::Social),
    ("share", Kind::Social),
    ("share this", Kind::Social),
    ("follow us", Kind::Social),
    ("التالي", Kind::Social),
    ("السابق", Kind::Social),
    ("انتهاي پيام", Kind::Social),
];

/// True for Arabic harakat and Quranic marks that folding removes.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Folds text for marker comparison: drops harakat and tatweel, folds أ إ آ ٱ to ا, ى to ي,
/// ة to ه, lower-cases, and collapses whitespace. Stops after `limit` output characters.
pub fn fold(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut n = 0usize;
    let mut space = false;
    for c in text.chars() {
        if n >= limit {
            break;
        }
        if folds_away(c) {
            continue;
        }
        if marsad_text::is_space(c) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            n += 1;
            space = false;
        }
        let c = unify_letter(c);
        // ASCII and Arabic need no case table: only other scripts pay for `to_lowercase`.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        n += 1;
    }
    out
}

/// The distinct first two characters of [`MARKERS`] (every marker has two or more), sorted:
/// most blocks that share a first letter with some marker are answered from their second.
static FIRST_PAIRS: std::sync::LazyLock<Vec<(char, char)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(char, char)> = MARKERS
        .iter()
        .filter_map(|(m, _)| {
            let mut c = m.chars();
            Some((c.next()?, c.next()?))
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
});

/// The letter [`fold`] writes for `c` before lower-casing: one alef, one yeh, one kaf, and
/// teh marbuta as heh.
fn unify_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        'ة' => 'ه',
        c => c,
    }
}

/// One letter folded as [`fold`] folds it (the first character of its lower case).
fn fold_letter(c: char) -> char {
    let c = unify_letter(c);
    c.to_lowercase().next().unwrap_or(c)
}

/// Whether [`fold`] drops the character.
fn folds_away(c: char) -> bool {
    is_mark(c) || c == '\u{0640}' || c == '\u{200C}' || c == '\u{200D}'
}

/// A marker found at the start of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// What the marker introduces.
    pub kind: Kind,
    /// The marker, folded.
    pub marker: &'static str,
}

/// The marker a text starts with, if any (leading bullets, punctuation and spaces ignored;
/// the marker must end at a word boundary). Longest marker wins.
pub fn starts_with_marker(text: &str) -> Option<Found> {
    // Most texts start with two letters no marker starts with: they are answered without
    // folding (this runs for every block and line of a page). The second character of the
    // folded text is the next one `fold` keeps, a space for a run of spaces; a letter whose
    // lower case is two characters has its second one there, and goes to the whole search.
    let (at, raw_first) = text
        .char_indices()
        .find(|&(_, c)| c.is_alphanumeric() && !folds_away(c))?;
    let first = fold_letter(raw_first);
    if raw_first.to_lowercase().count() == 1 {
        let second = text[at + raw_first.len_utf8()..]
            .chars()
            .find(|&c| !folds_away(c))
            .map(|c| {
                if marsad_text::is_space(c) {
                    ' '
                } else {
                    fold_letter(c)
                }
            })?;
        if FIRST_PAIRS.binary_search(&(first, second)).is_err() {
            return None;
        }
    }
    let folded = fold(text, 40);
    let folded = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut best: Option<Found> = None;
    let first_byte = folded.as_bytes().first().copied();
    for &(marker, kind) in MARKERS {
        // Most markers differ from the text in their first byte.
        if marker.as_bytes().first().copied() != first_byte {
            continue;
        }
        if let Some(rest) = folded.strip_prefix(marker)
            && !rest.starts_with(char::is_alphanumeric)
            && best.is_none_or(|b| b.marker.len() < marker.len())
        {
            best = Some(Found { kind, marker });
        }
    }
    best
}

/// The text after a leading marker and its separator (`:`, `-`, `|`), trimmed; `text` itself
/// when it does not start with the marker. Works on the original (unfolded) text by skipping
/// as many letters as the marker has.
pub fn after_marker(text: &str, found: Found) -> String {
    let want = found.marker.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0usize;
    let mut cut = text.len();
    for (i, c) in text.char_indices() {
        if seen >= want {
            cut = i;
            break;
        }
        if c.is_alphanumeric() && !is_mark(c) && c != '\u{0640}' {
            seen += 1;
        }
    }
    if seen < want {
        return String::new();
    }
    let rest = text.get(cut..).unwrap_or("");
    let rest = rest.trim_start_matches(|c: char| {
        marsad_text::is_space(c)
            || is_mark(c)
            || matches!(
                c,
                '\u{0640}' | ':' | '-' | '–' | '—' | '|' | '.' | '،' | ',' | '؛' | '>'
            )
    });
    marsad_text::collapse_whitespace(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`starts_with_marker`] without its letter filters: the whole search over the folded
    /// text.
    fn search_all(text: &str) -> Option<Found> {
        let folded = fold(text, 40);
        let folded = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
        let mut best: Option<Found> = None;
        for &(marker, kind) in MARKERS {
            if let Some(rest) = folded.strip_prefix(marker)
                && !rest.starts_with(char::is_alphanumeric)
                && best.is_none_or(|b| b.marker.len() < marker.len())
            {
                best = Some(Found { kind, marker });
            }
        }
        best
    }

    proptest! {
        /// The filters on the first two letters never turn a marker away: texts made of
        /// markers, their unfolded spellings, marks, spaces and other words give the answer
        /// of the whole search.
        #[test]
        fn the_letter_filters_agree_with_the_whole_search(
            picks in proptest::collection::vec(0..MARKERS.len() + 12, 1..4),
        ) {
            const OTHER: [&str; 12] = [
                " ", "\u{064E}", "\u{0640}", "• ", ": ", "أ", "إقرأ", "Read", "RELATED", "ﻻ",
                "İstanbul", "x",
            ];
            let text: String = picks
                .iter()
                .map(|&i| MARKERS.get(i).map_or_else(|| OTHER[i - MARKERS.len()], |m| m.0))
                .collect();
            prop_assert_eq!(starts_with_marker(&text), search_all(&text), "text: {:?}", text);
            let upper = text.to_uppercase();
            prop_assert_eq!(starts_with_marker(&upper), search_all(&upper));
        }
    }

    #[test]
    fn every_marker_has_two_characters() {
        assert!(MARKERS.iter().all(|(m, _)| m.chars().count() >= 2));
    }

    #[test]
    fn variants_match() {
        for t in [
            "اقرأ أيضاً: خبر",
            "إقرأ أيضا",
            "اقرأ ايضا",
            "• إِقْرَأْ أَيْضًا",
            "اقـــرأ أيضاً:",
        ] {
            assert_eq!(
                starts_with_marker(t).map(|f| f.kind),
                Some(Kind::ReadAlso),
                "{t}"
            );
        }
        assert_eq!(
            starts_with_marker("كلمات دلالية: أ، ب").map(|f| f.kind),
            Some(Kind::Tags)
        );
        assert_eq!(
            starts_with_marker("المصدر: الأسبوع").map(|f| f.kind),
            Some(Kind::Source)
        );
        assert_eq!(
            starts_with_marker("Read more: x").map(|f| f.kind),
            Some(Kind::ReadAlso)
        );
        for t in [
            "Lea también: x",
            "À lire aussi",
            "Mehr zum Thema:",
            "Czytaj także",
            "أخبار متعلقة",
            "قد يهمك أيضاً",
            "قصص مقترحة",
            "أخبار ذات علاقة",
            "Temas relacionados",
            "Ähnliche Beiträge",
            "Schon gelesen?",
            "Zobacz również",
            "Editors’ Recommendations:",
        ] {
            assert_eq!(
                starts_with_marker(t).map(|f| f.kind),
                Some(Kind::ReadAlso),
                "{t}"
            );
        }
        assert_eq!(
            starts_with_marker("كلمات دالة").map(|f| f.kind),
            Some(Kind::Tags)
        );
        assert_eq!(starts_with_marker("شاركت الوزيرة"), None);
        assert_eq!(starts_with_marker("Shares rose"), None);
        assert_eq!(starts_with_marker("Auch lesenswert ist der Bericht"), None);
        assert_eq!(starts_with_marker("المصدرة للنفط"), None);
    }

    #[test]
    fn text_after_marker() {
        let f = starts_with_marker("المصدر: الأسبوع").unwrap();
        assert_eq!(after_marker("المصدر: الأسبوع", f), "الأسبوع");
        let f = starts_with_marker("إقرأ أيضاً: عنوان").unwrap();
        assert_eq!(after_marker("إقرأ أيضاً: عنوان", f), "عنوان");
        let f = starts_with_marker("Tags: a, b").unwrap();
        assert_eq!(after_marker("Tags: a, b", f), "a, b");
        let f = starts_with_marker("المصدر: (أ ش أ)").unwrap();
        assert_eq!(after_marker("المصدر: (أ ش أ)", f), "(أ ش أ)");
    }
}
