//! Marsad analysis decisions: exact and near-duplicate copies, story clustering, tags,
//! agency credits and related reading.
//!
//! Pure decisions over inputs given to them; `pipeline` does the look-ups and `store` keeps
//! the results. [`batch::analyze`] runs every stage over a batch in published order.

pub mod batch;
pub mod copies;
pub mod credit;
pub mod digest;
pub mod error;
pub mod gazetteer;
pub mod keyphrases;
pub mod minhash;
pub mod related;
pub mod story;
pub mod tags;
pub mod terms;

pub use batch::{
    Analysis, AnalyzeConfig, ArticleInput, Prepared, Reread, analyze, prepare, reread, similarities,
};
pub use error::AnalyzeError;

/// Texts with fewer key characters than this are too short to call two articles copies
/// (a one-line caption or an empty extraction would otherwise match across outlets).
pub const MIN_KEY_CHARS: usize = 80;

/// The exact content key of an article text: a hash of the keys of its word and number
/// tokens (`marsad_text::key`), so that re-typesetting the same copy (line breaks, spacing,
/// vowel marks, tatweel, hamza spellings, digit systems, punctuation) keeps the key.
/// Returns `""` when the text is too short to compare.
pub fn content_key(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for token in marsad_text::tokens(text) {
        marsad_text::key_into(token.text, marsad_text::KeyOptions::default(), &mut folded);
    }
    // Number tokens keep their separators (3.5); only letters and digits count here.
    folded.retain(is_key_char);
    if folded.chars().count() < MIN_KEY_CHARS {
        return String::new();
    }
    format!("x3:{:032x}", xxhash_rust::xxh3::xxh3_128(folded.as_bytes()))
}

/// `char::is_alphanumeric`, answered without Unicode's tables for ASCII and the Arabic letters
/// that make up nearly all of a folded text: the table search was the costliest step of the
/// key. The answer must never differ from `is_alphanumeric`, or stored keys would change.
fn is_key_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        '\u{0621}'..='\u{063a}' | '\u{0641}'..='\u{064a}' => true,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم المزارعين في المناطق الجنوبية، \
        وتشمل الخطة توزيع البذور المحسنة وتوفير قروض ميسرة لمدة خمس سنوات.";

    #[test]
    fn the_fast_key_characters_are_exactly_the_alphanumeric_ones() {
        for c in ('\0'..='\u{07ff}').chain(['\u{fb50}', '\u{fef0}', '\u{1f600}']) {
            assert_eq!(is_key_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn typesetting_does_not_change_the_key() {
        let retyped = BODY
            .replace("، ", "،\n\n")
            .replace("الزراعة", "الزراعـــة")
            .replace("خطة", "خُطّة")
            .replace("أعلنت", "اعلنت")
            .replace("خمس", "خمس\u{200C}");
        assert_eq!(content_key(BODY), content_key(&retyped));
        assert!(content_key(BODY).starts_with("x3:"));
    }

    #[test]
    fn different_words_change_the_key() {
        assert_ne!(content_key(BODY), content_key(&BODY.replace("خمس", "ست")));
    }

    #[test]
    fn short_texts_have_no_key() {
        assert_eq!(content_key("خبر قصير"), "");
        assert_eq!(content_key(""), "");
    }
}
