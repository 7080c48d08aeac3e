//! Marsad's analyzers for the search index, registered in one place: the folded key of each
//! word, and the folded key with the light stem, stop words left out. Both are
//! `marsad-text`'s rules (its tantivy analyzers), so that the index, the queries and the
//! highlighting ([`terms`]) agree on what a word is.
//!
//! Token offsets point into the original text, so that a highlight covers the word as it was
//! written, vowel marks and tatweel included.

use marsad_text::tantivy::{KeyTokenizer, StemFilter, StopWordFilter};
use tantivy::Index;
use tantivy::tokenizer::TextAnalyzer;

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

/// The terms of a text under an analysis, as the registered analyzer of that name makes
/// them. Positions count the words that have a key, as `marsad_text::tantivy::KeyTokenizer`
/// does, so a stop word left out of the stems still keeps its place.
pub fn terms(text: &str, analysis: Analysis) -> Vec<Term> {
    let mut out = Vec::new();
    let mut position = 0;
    for token in marsad_text::tokens(text) {
        let key = marsad_text::key(token.text);
        if key.is_empty() {
            continue;
        }
        let term = match analysis {
            Analysis::Key => Some(key),
            Analysis::Stem => {
                (!marsad_text::is_stop_word(&key)).then(|| marsad_text::stem(&key).to_string())
            }
        };
        if let Some(text) = term {
            out.push(Term {
                text,
                start: token.start,
                end: token.end,
                position,
            });
        }
        position += 1;
    }
    out
}

/// Registers Marsad's analyzers with an index, under the names its schema uses.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(KEY, TextAnalyzer::from(KeyTokenizer::default()));
    manager.register(
        STEM,
        TextAnalyzer::builder(KeyTokenizer::default())
            .filter(StopWordFilter)
            .filter(StemFilter)
            .build(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registered_analyzers_make_the_terms_highlighting_uses() {
        let (schema, _) = crate::search::schema_for_tests();
        let index = Index::create_in_ram(schema);
        register(&index);
        let text = "قال المسئولُ إنّ الوزراء في المدارس وافقوا على خطة ٢٠٢٥ (Reuters) للتعليم.";
        for (name, analysis) in [(KEY, Analysis::Key), (STEM, Analysis::Stem)] {
            let mut analyzer = index.tokenizers().get(name).expect("registered");
            let mut stream = analyzer.token_stream(text);
            let mut got = Vec::new();
            while let Some(t) = stream.next() {
                got.push(Term {
                    text: t.text.clone(),
                    start: t.offset_from,
                    end: t.offset_to,
                    position: t.position,
                });
            }
            assert_eq!(got, terms(text, analysis), "{name}");
        }
    }

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
    fn the_indexing_terms_equal_the_registered_analyzers() {
        let text = "قال الوزيرُ إن المدارس ستُغلق، والمسئول عن ٢٠٢٥ في القاهرة";
        let dir = tempfile::tempdir().unwrap();
        let (schema, _) = crate::search::schema_for_tests();
        let index = Index::create_in_dir(dir.path(), schema).unwrap();
        register(&index);
        for (name, analysis) in [(KEY, Analysis::Key), (STEM, Analysis::Stem)] {
            let mut analyzer = index.tokenizers().get(name).unwrap();
            let mut stream = analyzer.token_stream(text);
            let mut registered = Vec::new();
            while let Some(t) = stream.next() {
                registered.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            let ours: Vec<_> = terms(text, analysis)
                .into_iter()
                .map(|t| (t.text, t.start, t.end, t.position))
                .collect();
            assert_eq!(ours, registered, "{name}");
        }
    }
}
