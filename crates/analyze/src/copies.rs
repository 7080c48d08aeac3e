//! Near-duplicate detection: an LSH index over MinHash signatures of recent articles, and the
//! rule that decides when a candidate is a copy.
//!
//! The rule is containment, not Jaccard: a wire story republished with an added paragraph or
//! with its last paragraphs cut shares most of the shorter text's shingles with the longer
//! one, while its Jaccard similarity falls with every added sentence. A copy needs at least
//! [`CopyConfig::min_containment`] of the shorter text inside the longer. When the longer text
//! is many times longer, the shorter one is a section of a roundup about something else, and
//! [`CopyConfig::max_length_ratio`] keeps that from counting as a copy.

use crate::minhash::Signature;
use std::collections::HashMap;

/// The thresholds of the copy rule and the window of the index.
#[derive(Debug, Clone, Copy)]
pub struct CopyConfig {
    /// Least estimated share of the shorter text's shingles found in the longer.
    pub min_containment: f64,
    /// Most shingles the longer text may have, as a multiple of the shorter's.
    pub max_length_ratio: f64,
    /// How far back (milliseconds) an original may lie; older articles leave the index.
    pub window_ms: i64,
}

impl Default for CopyConfig {
    fn default() -> CopyConfig {
        CopyConfig {
            min_containment: 0.60,
            max_length_ratio: 4.0,
            window_ms: 14 * 24 * 3_600_000,
        }
    }
}

/// A copy found for a new article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CopyMatch {
    /// The earliest article of the group (the root every copy points to).
    pub original: u64,
    /// The estimated containment that made it a copy.
    pub containment: f64,
}

/// One band posting: the low half of the band key and the article's slot. Postings are kept
/// in a flat multimap of 8-byte pairs, because an article has 64 bands and nearly every band
/// key names a single article: a map from key to a vector of slots spent several kilobytes
/// per article. Two keys that share their low half only add a candidate, which the copy rule
/// then rejects.
type Posting = (u32, u32);

/// The hash of a posting's key. The table rehashes from stored postings, so the hash must
/// follow from the stored half; the multiplication spreads it over the high bits that the
/// table probes by.
fn posting_hash(key: u32) -> u64 {
    u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[derive(Debug)]
struct Entry {
    root: u64,
    at: i64,
    signature: Signature,
}

/// An LSH index of the signatures of recent articles.
#[derive(Debug, Default)]
pub struct CopyIndex {
    config: CopyConfig,
    entries: HashMap<u32, Entry>,
    bands: hashbrown::HashTable<Posting>,
    /// Slots in insertion order with their time, for eviction.
    order: std::collections::VecDeque<(i64, u32)>,
    next_slot: u32,
}

impl CopyIndex {
    /// An empty index.
    pub fn new(config: CopyConfig) -> CopyIndex {
        CopyIndex {
            config,
            ..CopyIndex::default()
        }
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether two signatures are copies under the rule.
    pub fn is_copy(&self, a: &Signature, b: &Signature) -> Option<f64> {
        let (small, large) = (a.shingles.min(b.shingles), a.shingles.max(b.shingles));
        if f64::from(large) > self.config.max_length_ratio * f64::from(small) {
            return None;
        }
        let c = a.containment(b);
        (c >= self.config.min_containment).then_some(c)
    }

    /// The best copy match for `signature` among the indexed articles, if any.
    pub fn find(&self, signature: &Signature) -> Option<CopyMatch> {
        let mut seen = std::collections::HashSet::new();
        let mut best: Option<(CopyMatch, i64)> = None;
        for band in signature.bands() {
            let key = band as u32;
            for &(_, slot) in self
                .bands
                .iter_hash(posting_hash(key))
                .filter(|p| p.0 == key)
            {
                if !seen.insert(slot) {
                    continue;
                }
                let Some(e) = self.entries.get(&slot) else {
                    continue;
                };
                if let Some(c) = self.is_copy(signature, &e.signature) {
                    // The closest copy wins; among equals, the earliest.
                    let better = best.is_none_or(|(b, at)| {
                        c > b.containment + 1e-9 || ((c - b.containment).abs() <= 1e-9 && e.at < at)
                    });
                    if better {
                        best = Some((
                            CopyMatch {
                                original: e.root,
                                containment: c,
                            },
                            e.at,
                        ));
                    }
                }
            }
        }
        best.map(|(m, _)| m)
    }

    /// Adds an article under `root`, the original it copies (its own id when it is an
    /// original). Articles older than the window before `at` leave the index.
    pub fn insert(&mut self, root: u64, at: i64, signature: Signature) {
        self.evict_before(at - self.config.window_ms);
        let slot = self.next_slot;
        self.next_slot = self.next_slot.wrapping_add(1);
        for band in signature.bands() {
            let key = band as u32;
            self.bands
                .insert_unique(posting_hash(key), (key, slot), |p| posting_hash(p.0));
        }
        self.entries.insert(
            slot,
            Entry {
                root,
                at,
                signature,
            },
        );
        self.order.push_back((at, slot));
    }

    /// Removes the articles older than `cutoff` together with their band postings, which
    /// their signatures name again; so the work per article stays constant and no posting
    /// ever points to a removed article.
    fn evict_before(&mut self, cutoff: i64) {
        while let Some(&(at, slot)) = self.order.front() {
            if at >= cutoff {
                break;
            }
            self.order.pop_front();
            let Some(entry) = self.entries.remove(&slot) else {
                continue;
            };
            for band in entry.signature.bands() {
                let posting = (band as u32, slot);
                if let Ok(found) = self
                    .bands
                    .find_entry(posting_hash(posting.0), |p| *p == posting)
                {
                    found.remove();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::minhash::tests::para;

    fn sig(t: &str) -> Signature {
        Signature::of_text(t).unwrap()
    }

    #[test]
    fn an_added_paragraph_does_not_hide_a_copy_but_a_roundup_section_is_not_one() {
        let mut index = CopyIndex::new(CopyConfig::default());
        let wire = para(1, 40);
        index.insert(1, 0, sig(&wire));
        let extended = format!("{wire} {}", para(2, 25));
        let m = index
            .find(&sig(&extended))
            .expect("copy with an added paragraph");
        assert_eq!(m.original, 1);
        let roundup = format!("{} {wire} {} {}", para(3, 60), para(4, 60), para(5, 60));
        assert!(
            index.find(&sig(&roundup)).is_none(),
            "a section of a long roundup"
        );
        assert!(
            index.find(&sig(&para(6, 40))).is_none(),
            "an unrelated text"
        );
    }

    #[test]
    fn old_articles_leave_the_window() {
        let mut index = CopyIndex::new(CopyConfig {
            window_ms: 1000,
            ..CopyConfig::default()
        });
        let wire = para(1, 40);
        index.insert(1, 0, sig(&wire));
        index.insert(2, 5000, sig(&para(2, 40)));
        assert_eq!(
            index.bands.len(),
            crate::minhash::BANDS,
            "evicted postings are gone"
        );
        assert!(
            index.bands.iter().all(|p| p.1 == 1),
            "only the live article's postings remain"
        );
        assert_eq!(index.len(), 1);
        assert!(index.find(&sig(&wire)).is_none());
    }
}
