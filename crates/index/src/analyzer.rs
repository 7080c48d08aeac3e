//! Marsad's analyzers for tantivy, registered in one place: the folded key of each word, and
//! the folded key with the light stem. Both come from `marsad-text`, so that the index,
//! the queries and the highlighting agree on what a word is.
//!
//! Token offsets point into the original text, so that a highlight covers the word as it was
//! written, vowel marks and tatweel included.

use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name of the folded-key analyzer.
pub const KEY: &str = "marsad_key";

/// Name of the folded-key-and-stem analyzer.
pub const STEM: &str = "marsad_stem";

/// What an analyzer makes of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    /// The folded key: spelling variants meet (أحمد/احمد, مسؤول/مسئول, ٢٠٢٥/2025).
    Key,
    /// The folded key, stemmed; stop words are left out.
    Stem,
}

/// One analysed word: its term and its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The indexed form.
    pub text: String,
    /// Byte offset of the word in the analysed text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Position of the word among the text's words (stop words count).
    pub position: usize,
}

/// The terms of a text under an analysis.
pub fn terms(text: &str, analysis: Analysis) -> Vec<Term> {
    let mut out = Vec::new();
    for (position, token) in marsad_text::tokens(text).enumerate() {
        let key = marsad_text::key(token.text);
        if key.is_empty() {
            continue;
        }
        let term = match analysis {
            Analysis::Key => key,
            Analysis::Stem => {
                if marsad_text::is_stop_word(&key) {
                    continue;
                }
                marsad_text::stem(&key).to_string()
            }
        };
        out.push(Term {
            text: term,
            start: token.start,
            end: token.end,
            position,
        });
    }
    out
}

/// The terms of a text under both analyses at once, reading and folding each word once: the
/// indexing path, where the same text fills a key field and a stem field.
pub fn both(text: &str) -> (Vec<Term>, Vec<Term>) {
    let (mut keys, mut stems) = (Vec::new(), Vec::new());
    for (position, token) in marsad_text::tokens(text).enumerate() {
        let key = marsad_text::key(token.text);
        if key.is_empty() {
            continue;
        }
        if !marsad_text::is_stop_word(&key) {
            stems.push(Term {
                text: marsad_text::stem(&key).to_string(),
                start: token.start,
                end: token.end,
                position,
            });
        }
        keys.push(Term {
            text: key,
            start: token.start,
            end: token.end,
            position,
        });
    }
    (keys, stems)
}

/// Terms as tantivy's pre-tokenized text of a field that is indexed, not stored.
pub fn pre_tokenized(terms: Vec<Term>) -> tantivy::tokenizer::PreTokenizedString {
    tantivy::tokenizer::PreTokenizedString {
        // The field is not stored: only the tokens are read.
        text: String::new(),
        tokens: terms
            .into_iter()
            .map(|t| Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: t.text,
                position_length: 1,
            })
            .collect(),
    }
}

/// A tantivy tokenizer running one of Marsad's analyses.
#[derive(Debug, Clone)]
pub struct MarsadTokenizer(pub Analysis);

/// The terms of one text, handed to tantivy one at a time.
pub struct MarsadTokens {
    terms: std::vec::IntoIter<Term>,
    token: Token,
}

impl Tokenizer for MarsadTokenizer {
    type TokenStream<'a> = MarsadTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MarsadTokens {
        MarsadTokens {
            terms: terms(text, self.0).into_iter(),
            token: Token::default(),
        }
    }
}

impl TokenStream for MarsadTokens {
    fn advance(&mut self) -> bool {
        let Some(t) = self.terms.next() else {
            return false;
        };
        self.token = Token {
            offset_from: t.start,
            offset_to: t.end,
            position: t.position,
            text: t.text,
            position_length: 1,
        };
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Registers Marsad's analyzers with an index.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(KEY, TextAnalyzer::from(MarsadTokenizer(Analysis::Key)));
    manager.register(STEM, TextAnalyzer::from(MarsadTokenizer(Analysis::Stem)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_meet_and_offsets_cover_the_written_word() {
        let text = "أَحمـــد المسئول عن ٢٠٢٥";
        let keys: Vec<String> = terms(text, Analysis::Key)
            .into_iter()
            .map(|t| t.text)
            .collect();
        let plain: Vec<String> = terms("احمد المسؤول عن 2025", Analysis::Key)
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(keys, plain);
        let first = &terms(text, Analysis::Key)[0];
        assert_eq!(&text[first.start..first.end], "أَحمـــد");
    }

    #[test]
    fn the_stem_analysis_drops_stop_words_and_the_article_but_keeps_positions() {
        let stems = terms("الوزير في المدارس", Analysis::Stem);
        assert_eq!(stems.len(), 2, "في is a stop word: {stems:?}");
        assert_eq!(stems[1].position, 2);
        let bare = terms("مدارس", Analysis::Stem);
        assert_eq!(stems[1].text, bare[0].text, "the article is stripped");
    }

    #[test]
    fn both_analyses_at_once_equal_each_analysis() {
        let text = "قال الوزيرُ إن المدارس ستُغلق، والمسئول عن ٢٠٢٥ في القاهرة";
        assert_eq!(
            both(text),
            (terms(text, Analysis::Key), terms(text, Analysis::Stem))
        );
    }
}
