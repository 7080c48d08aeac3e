//! tantivy analyzers built from Marsad's own rules, so that the search index, the fingerprints
//! and `marsad text` read Arabic the same way.
//!
//! [`KeyTokenizer`] emits the key of each token of [`crate::tokens`] with offsets into the
//! original text; [`StemFilter`] replaces each key with its light stem; [`StopWordFilter`]
//! drops stop words. Chain them with tantivy's `TextAnalyzer::builder`.

use crate::{is_stop_word, key, stem, tokens};
use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

/// Tokenizes with [`crate::tokens`] and emits each token's key.
#[derive(Debug, Clone, Default)]
pub struct KeyTokenizer {
    token: Token,
}

/// The token stream of [`KeyTokenizer`].
pub struct KeyTokenStream<'a> {
    inner: crate::token::Tokens<'a>,
    token: &'a mut Token,
}

impl Tokenizer for KeyTokenizer {
    type TokenStream<'a> = KeyTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KeyTokenStream<'a> {
        self.token.reset();
        KeyTokenStream {
            inner: tokens(text),
            token: &mut self.token,
        }
    }
}

impl TokenStream for KeyTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for t in self.inner.by_ref() {
            let folded = key(t.text);
            if folded.is_empty() {
                continue;
            }
            self.token.text = folded;
            self.token.offset_from = t.start;
            self.token.offset_to = t.end;
            // `reset` leaves the position at usize::MAX, so the first token lands on 0.
            self.token.position = self.token.position.wrapping_add(1);
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Replaces each token's text (a key) with its light stem.
#[derive(Debug, Clone, Copy, Default)]
pub struct StemFilter;

/// A tokenizer wrapped by [`StemFilter`].
#[derive(Debug, Clone)]
pub struct StemTokenizer<T>(T);

/// The token stream of [`StemTokenizer`].
pub struct StemTokenStream<S>(S);

impl TokenFilter for StemFilter {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemTokenizer<T> {
        StemTokenizer(tokenizer)
    }
}

impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemTokenStream(self.0.token_stream(text))
    }
}

impl<S: TokenStream> TokenStream for StemTokenStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        let stemmed = stem(&token.text);
        if stemmed.len() != token.text.len() {
            // A stem is a slice of its word: copy it to the front and cut the rest.
            let (start, len) = (
                stemmed.as_ptr() as usize - token.text.as_ptr() as usize,
                stemmed.len(),
            );
            token.text.replace_range(..start, "");
            token.text.truncate(len);
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Drops stop words (tokens must already be keys).
#[derive(Debug, Clone, Copy, Default)]
pub struct StopWordFilter;

/// A tokenizer wrapped by [`StopWordFilter`].
#[derive(Debug, Clone)]
pub struct StopWordTokenizer<T>(T);

/// The token stream of [`StopWordTokenizer`].
pub struct StopWordTokenStream<S>(S);

impl TokenFilter for StopWordFilter {
    type Tokenizer<T: Tokenizer> = StopWordTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopWordTokenizer<T> {
        StopWordTokenizer(tokenizer)
    }
}

impl<T: Tokenizer> Tokenizer for StopWordTokenizer<T> {
    type TokenStream<'a> = StopWordTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopWordTokenStream(self.0.token_stream(text))
    }
}

impl<S: TokenStream> TokenStream for StopWordTokenStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if !is_stop_word(&self.0.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T: Tokenizer>(mut t: T, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = t.token_stream(text);
        while stream.advance() {
            let tok = stream.token();
            out.push((
                tok.text.clone(),
                tok.offset_from,
                tok.offset_to,
                tok.position,
            ));
        }
        out
    }

    #[test]
    fn keys_with_offsets_into_the_original() {
        let text = "إقرأ أيضاً: المسئول";
        let got = run(KeyTokenizer::default(), text);
        assert_eq!(
            got.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            ["اقرا", "ايضا", "المسءول"]
        );
        for (_, from, to, _) in &got {
            assert!(text.is_char_boundary(*from) && text.is_char_boundary(*to));
        }
        assert_eq!(&text[got[1].1..got[1].2], "أيضاً");
        assert_eq!(got.iter().map(|t| t.3).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn filters_chain_like_tantivy_filters() {
        let chained = StopWordFilter.transform(StemFilter.transform(KeyTokenizer::default()));
        let got = run(chained, "والمعلمون في المدارس");
        // Whatever the stemmer's exact rules, every emitted text is a stem of its key.
        for (text, from, to, _) in &got {
            let original = key(&"والمعلمون في المدارس"[*from..*to]);
            assert_eq!(text, stem(&original));
            assert!(!is_stop_word(text));
        }
    }
}
