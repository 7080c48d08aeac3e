//! Property tests of the analysis functions over arbitrary text: they never panic, and what
//! they return keeps its invariants whatever the input.

use marsad_analyze::keyphrases::{PhraseStats, keyphrases, phrases};
use marsad_analyze::minhash::Signature;
use marsad_analyze::tags::{MAX_TAGS, tags};
use proptest::prelude::*;

/// Arabic letters, Latin letters, digits, spaces and punctuation, mixed.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[\u{0621}-\u{064A} a-zA-Z0-9،.:!؟\u{0640}\u{064B}-\u{0652}\n]{0,400}",
    )
    .unwrap()
}

proptest! {
    #[test]
    fn phrases_are_runs_of_one_to_four_words_counted_at_least_once(t in text(), x in text()) {
        let found = phrases(&t, &x);
        let mut keys = std::collections::HashSet::new();
        for p in &found {
            prop_assert!(!p.key.is_empty() && !p.name.is_empty());
            prop_assert!((1..=4).contains(&p.word_count()));
            prop_assert_eq!(p.key.split(' ').count(), p.word_count());
            prop_assert!(p.count >= 1);
            prop_assert!(keys.insert(p.key.clone()), "each phrase once");
        }
        let mut stats = PhraseStats::new(64);
        stats.add(&found);
        for p in keyphrases(&found, &stats, &[]) {
            prop_assert!(!p.is_word());
        }
    }

    #[test]
    fn tags_are_few_and_distinct_by_key(t in text(), x in text(), page in proptest::collection::vec(text(), 0..12)) {
        let found = tags(&t, &x, &page);
        prop_assert!(found.len() <= MAX_TAGS);
        let keys: std::collections::HashSet<&str> = found.iter().map(|t| t.key.as_str()).collect();
        prop_assert_eq!(keys.len(), found.len());
    }

    #[test]
    fn signatures_round_trip_through_bytes(x in text()) {
        if let Some(s) = Signature::of_text(&x) {
            prop_assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s));
        }
    }
}
