//! Near-duplicate detection: an LSH index over MinHash signatures of recent articles, and the
//! rule that decides when a candidate is a copy.
//!
//! The rule is containment, not Jaccard: a wire story republished with an added paragraph or
//! with its last paragraphs cut shares most of the shorter text's shingles with the longer
//! one, while its Jaccard similarity falls with every added sentence. A copy needs at least
//! [`CopyConfig::min_containment`] of the shorter text inside the longer. When the longer text
//! is many times longer, the shorter one is a section of a roundup about something else, and
//! [`CopyConfig::max_length_ratio`] keeps that from counting as a copy, as does shared text
//! that starts deep inside the longer one (their leads share nothing).
//!
//! Texts written to one template are told apart by what they name: when each of two texts
//! names in its lead a place or person that the other never names (a cable to Tunisia's
//! president and one to the Maldives', an execution in Riyadh and one in Jeddah), they report
//! different occurrences, however much wording they share. A copy's lead names nothing its
//! original lacks, or its original's lead names nothing the copy lacks: an edit adds or
//! drops detail, it does not swap one place for another.
//!
//! A copy group is its original and the articles that copy it, and a new article joins a
//! group only when it is a copy of the original itself, not merely of some member: texts
//! written to one template (two executions announced in the same ministry wording, weather
//! bulletins of successive days) each resemble the one before, and following such a chain
//! would gather a month of different events under the first.

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

/// The names of an article that the copy rule compares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    /// Every entity named in headline or text, sorted and distinct.
    pub all: &'a [&'static str],
    /// The places and people named in the lead of the text, sorted and distinct.
    pub lead: &'a [&'static str],
}

impl Names<'_> {
    /// Whether each of the two leads names a place or person the other text never names.
    pub fn conflict(&self, other: &Names<'_>) -> bool {
        let news =
            |a: &Names<'_>, b: &Names<'_>| a.lead.iter().any(|n| b.all.binary_search(n).is_err());
        news(self, other) && news(other, self)
    }

    fn to_owned(self) -> OwnedNames {
        OwnedNames {
            all: self.all.into(),
            lead: self.lead.into(),
        }
    }
}

/// [`Names`] kept in the index.
#[derive(Debug, Default)]
struct OwnedNames {
    all: Box<[&'static str]>,
    lead: Box<[&'static str]>,
}

impl OwnedNames {
    fn as_names(&self) -> Names<'_> {
        Names {
            all: &self.all,
            lead: &self.lead,
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
    names: OwnedNames,
}

impl Entry {
    fn key(&self) -> (&Signature, Names<'_>) {
        (&self.signature, self.names.as_names())
    }
}

/// An LSH index of the signatures of recent articles.
#[derive(Debug, Default)]
pub struct CopyIndex {
    config: CopyConfig,
    entries: HashMap<u32, Entry>,
    /// The slot of each indexed original, by its id.
    originals: HashMap<u64, u32>,
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

    /// Whether two articles are copies under the rule; the estimated containment if so.
    pub fn is_copy(&self, a: (&Signature, Names<'_>), b: (&Signature, Names<'_>)) -> Option<f64> {
        let ((sa, na), (sb, nb)) = (a, b);
        let (small, large) = (sa.shingles.min(sb.shingles), sa.shingles.max(sb.shingles));
        if f64::from(large) > self.config.max_length_ratio * f64::from(small) {
            return None;
        }
        let c = sa.containment(sb);
        (c >= self.config.min_containment && sa.leads_meet(sb) && !na.conflict(&nb)).then_some(c)
    }

    /// The best copy match for an article with `signature` and `names` among the indexed
    /// articles, if any.
    pub fn find(&self, signature: &Signature, names: Names<'_>) -> Option<CopyMatch> {
        let new = (signature, names);
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
                let Some(c) = self.is_copy(new, e.key()) else {
                    continue;
                };
                // A member's original must be copied too, while it is in the window.
                let of_original = self
                    .originals
                    .get(&e.root)
                    .filter(|&&s| s != slot)
                    .and_then(|s| self.entries.get(s))
                    .is_none_or(|o| self.is_copy(new, o.key()).is_some());
                if of_original {
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

    /// Adds article `id` under `root`, the original it copies (`id` itself when it is an
    /// original). Articles older than the window before `at` leave the index.
    pub fn insert(&mut self, id: u64, root: u64, at: i64, signature: Signature, names: Names<'_>) {
        self.evict_before(at - self.config.window_ms);
        let slot = self.next_slot;
        self.next_slot = self.next_slot.wrapping_add(1);
        for band in signature.bands() {
            let key = band as u32;
            self.bands
                .insert_unique(posting_hash(key), (key, slot), |p| posting_hash(p.0));
        }
        if root == id {
            self.originals.insert(id, slot);
        }
        self.entries.insert(
            slot,
            Entry {
                root,
                at,
                signature,
                names: names.to_owned(),
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
            if self.originals.get(&entry.root) == Some(&slot) {
                self.originals.remove(&entry.root);
            }
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
        index.insert(1, 1, 0, sig(&wire), Names::default());
        let extended = format!("{wire} {}", para(2, 25));
        let m = index
            .find(&sig(&extended), Names::default())
            .expect("copy with an added paragraph");
        assert_eq!(m.original, 1);
        let roundup = format!("{} {wire} {} {}", para(3, 60), para(4, 60), para(5, 60));
        assert!(
            index.find(&sig(&roundup), Names::default()).is_none(),
            "a section of a long roundup"
        );
        assert!(
            index.find(&sig(&para(6, 40)), Names::default()).is_none(),
            "an unrelated text"
        );
    }

    #[test]
    fn shared_text_deep_inside_a_longer_piece_is_not_a_copy() {
        // Two and a half times as long, so the length rule alone would accept it, but the
        // shared text starts a hundred words in: a section of a piece about something else.
        let mut index = CopyIndex::new(CopyConfig::default());
        let item = para(1, 60);
        index.insert(1, 1, 0, sig(&item), Names::default());
        let piece = format!("{} {item}", para(2, 100));
        assert!(index.find(&sig(&piece), Names::default()).is_none());
        let introduced = format!("{} {item}", para(3, 20));
        assert!(
            index.find(&sig(&introduced), Names::default()).is_some(),
            "a short introduction of its own does not hide a copy"
        );
    }

    #[test]
    fn a_group_grows_only_by_copies_of_its_original() {
        // A template filled in three times: each text shares three quarters of its words
        // with the one before, but the third shares only half with the first.
        let (a, b, c, d) = (para(1, 30), para(2, 30), para(3, 30), para(4, 30));
        let first = format!("{a} {b} {c} {}", para(5, 30));
        let second = format!("{a} {b} {c} {}", para(6, 30));
        let third = format!("{a} {} {c} {d}", para(7, 30));
        let mut index = CopyIndex::new(CopyConfig::default());
        index.insert(1, 1, 0, sig(&first), Names::default());
        let m = index.find(&sig(&second), Names::default()).expect("copy");
        assert_eq!(m.original, 1);
        index.insert(2, 1, 1, sig(&second), Names::default());
        let drift = format!("{a} {b} {} {}", para(8, 30), para(6, 30));
        assert!(
            index.find(&sig(&drift), Names::default()).is_none(),
            "a copy of the second text only does not join the first's group"
        );
        assert!(index.find(&sig(&third), Names::default()).is_none());
    }

    #[test]
    fn one_template_naming_different_places_in_the_lead_is_two_events() {
        let cable = para(1, 60);
        let mut index = CopyIndex::new(CopyConfig::default());
        let tunis = Names {
            all: &["تونس", "سلمان بن عبدالعزيز"],
            lead: &["تونس"],
        };
        index.insert(1, 1, 0, sig(&cable), tunis);
        let maldives = Names {
            all: &["المالديف", "سلمان بن عبدالعزيز"],
            lead: &["المالديف"],
        };
        assert!(index.find(&sig(&cable), maldives).is_none());
        // A copy that adds a place the original never named is still a copy: only one side
        // brings a name of its own.
        let both = Names {
            all: &["المالديف", "تونس", "سلمان بن عبدالعزيز"],
            lead: &["المالديف", "تونس"],
        };
        assert!(index.find(&sig(&cable), both).is_some());
        assert!(index.find(&sig(&cable), Names::default()).is_some());
    }

    #[test]
    fn old_articles_leave_the_window() {
        let mut index = CopyIndex::new(CopyConfig {
            window_ms: 1000,
            ..CopyConfig::default()
        });
        let wire = para(1, 40);
        index.insert(1, 1, 0, sig(&wire), Names::default());
        index.insert(2, 2, 5000, sig(&para(2, 40)), Names::default());
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
        assert!(index.find(&sig(&wire), Names::default()).is_none());
    }
}
