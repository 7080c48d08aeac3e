//! Term vectors: weighted, stemmed keys of an article's headline and text, with inverse
//! document frequencies from corpus statistics, and their cosine similarity.
//!
//! Terms are `marsad_text::stem` of `marsad_text::key`, without stop words and one-letter
//! tokens, identified by a stable 64-bit hash. The headline and the lead say what an article
//! is about, so their words weigh more than the body's; term frequencies are damped
//! (1 + ln tf) so that a long article does not win by repeating itself.

use hashbrown::HashMap;

/// Weight of a headline word.
pub const TITLE_WEIGHT: f32 = 3.0;
/// Weight of a word among the first [`LEAD_WORDS`] words of the text.
pub const LEAD_WEIGHT: f32 = 2.0;
/// Words of the text that count as its lead.
pub const LEAD_WORDS: usize = 60;
/// Terms kept per vector, highest weights first; the rest add little and cost time.
pub const MAX_TERMS: usize = 150;

/// Stable identifier of a term: 32 bits of the hash of its stem. Two stems of a vocabulary of
/// a million share an identifier about a hundred times, which moves no decision, and the
/// narrower identifier halves the memory of every centroid and posting.
pub type Term = u32;

/// Weighted term counts of one article, before inverse document frequencies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermCounts(pub HashMap<Term, f32>);

/// A unit-length sparse vector, sorted by term.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermVector(pub Vec<(Term, f32)>);

/// The term of a folded word key, or `None` for stop words and single letters.
pub fn term_of_key(key: &str) -> Option<Term> {
    if key.chars().count() < 2 || marsad_text::is_stop_word(key) {
        return None;
    }
    let stem = marsad_text::stem(key);
    Some(xxhash_rust::xxh3::xxh3_64(stem.as_bytes()) as u32)
}

/// The folded keys of the word tokens of `text`.
fn word_keys(text: &str) -> impl Iterator<Item = String> + '_ {
    marsad_text::tokens(text)
        .filter(|t| t.kind == marsad_text::TokenKind::Word)
        .map(|t| marsad_text::key(t.text))
}

impl TermCounts {
    /// The weighted counts of an article's headline and text.
    pub fn of(title: &str, text: &str) -> TermCounts {
        let (title, text): (Vec<String>, Vec<String>) =
            (word_keys(title).collect(), word_keys(text).collect());
        TermCounts::of_keys(
            title.iter().map(String::as_str),
            text.iter().map(String::as_str),
        )
    }

    /// The weighted counts of the folded keys of the words of an article's headline and text.
    pub fn of_keys<'k>(
        title: impl Iterator<Item = &'k str>,
        text: impl Iterator<Item = &'k str>,
    ) -> TermCounts {
        let mut raw: HashMap<Term, f32> = HashMap::new();
        for t in title.filter_map(term_of_key) {
            *raw.entry(t).or_default() += TITLE_WEIGHT;
        }
        for (i, t) in text.filter_map(term_of_key).enumerate() {
            *raw.entry(t).or_default() += if i < LEAD_WORDS { LEAD_WEIGHT } else { 1.0 };
        }
        for v in raw.values_mut() {
            *v = damped(*v);
        }
        TermCounts(raw)
    }
}

/// The weight of a term from its weighted count in an article: 1 + ln(count), so that a
/// long article does not win by repeating itself.
pub fn damped(count: f32) -> f32 {
    1.0 + count.ln().max(0.0)
}

/// Document frequencies of terms over a corpus.
#[derive(Debug, Clone, Default)]
pub struct DocFreq {
    df: HashMap<Term, u32>,
    docs: u32,
}

impl DocFreq {
    /// Empty statistics.
    pub fn new() -> DocFreq {
        DocFreq::default()
    }

    /// Counts one document.
    pub fn add(&mut self, counts: &TermCounts) {
        self.docs += 1;
        for t in counts.0.keys() {
            *self.df.entry(*t).or_default() += 1;
        }
    }

    /// Documents counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Smoothed inverse document frequency: ln((N + 1) / (df + 1)) + 1.
    pub fn idf(&self, term: Term) -> f32 {
        let df = self.df.get(&term).copied().unwrap_or(0);
        ((f64::from(self.docs) + 1.0) / (f64::from(df) + 1.0)).ln() as f32 + 1.0
    }

    /// The unit-length TF-IDF vector of an article's counts.
    pub fn vector(&self, counts: &TermCounts) -> TermVector {
        let mut v: Vec<(Term, f32)> = counts
            .0
            .iter()
            .map(|(t, w)| (*t, w * self.idf(*t)))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(MAX_TERMS);
        TermVector::normalized(v)
    }
}

impl TermVector {
    /// Sorts by term and scales to unit length.
    pub fn normalized(mut v: Vec<(Term, f32)>) -> TermVector {
        v.sort_by_key(|e| e.0);
        let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for e in &mut v {
                e.1 /= norm;
            }
        }
        TermVector(v)
    }

    /// Cosine similarity with another unit vector.
    pub fn cosine(&self, other: &TermVector) -> f32 {
        TermVector::dot(&self.0, &other.0)
    }

    /// The dot product of two sparse vectors sorted by term.
    pub fn dot(a: &[(Term, f32)], b: &[(Term, f32)]) -> f32 {
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }

    /// The `n` terms of highest weight.
    pub fn top(&self, n: usize) -> Vec<Term> {
        let mut v = self.0.clone();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().take(n).map(|e| e.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_and_respelled_words_meet_and_stop_words_do_not_count() {
        let a = TermCounts::of("الرئيس يزور المدارس", "");
        let b = TermCounts::of("رئيس زار مدرسة", "");
        let shared = a.0.keys().filter(|t| b.0.contains_key(*t)).count();
        assert!(shared >= 1, "stemmed keys should meet");
        assert!(TermCounts::of("في من", "").0.is_empty());
    }

    #[test]
    fn cosine_is_one_for_the_same_text_and_zero_for_disjoint_ones() {
        let mut df = DocFreq::new();
        let a = TermCounts::of(
            "زلزال قوي يضرب الساحل",
            "أعلنت هيئة المساحة أن زلزالا ضرب الساحل",
        );
        let b = TermCounts::of(
            "منتخب الكرة يفوز",
            "فاز المنتخب الوطني في المباراة النهائية",
        );
        df.add(&a);
        df.add(&b);
        let (va, vb) = (df.vector(&a), df.vector(&b));
        assert!((va.cosine(&va) - 1.0).abs() < 1e-5);
        assert_eq!(va.cosine(&vb), 0.0);
    }
}
