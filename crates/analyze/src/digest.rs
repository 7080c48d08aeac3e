//! The analysis digest: the compact stored form of what [`crate::reread`] finds in an
//! article, so that a process entering articles that others stored decodes it (about 1.7 kB
//! on news articles, against 2.6 kB of text) instead of tokenizing the text again.
//!
//! Layout (integers as LEB128 varints unless said otherwise): the number of terms, then per
//! term, in term order, the gap from the previous term and its weight: the weighted count the
//! weight was computed from (see [`TermCounts`]) when that gives it back exactly, which is
//! nearly always and takes a byte, else 0 and the four little-endian bytes of the `f32`; the
//! entities and the lead names, each as a count and then per name its length and UTF-8
//! bytes; the phrase hashes as a count and four little-endian bytes each. A digest is only
//! valid under the [`version`] it was written with.

use crate::batch::{Prepared, Reread};
use crate::gazetteer::Gazetteer;
use crate::keyphrases::Phrase;
use crate::terms::TermCounts;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Bumped when the layout above changes.
const LAYOUT: u8 = 2;

/// A text the version is computed from: its digest changes whenever tokenizing, folding,
/// stemming, stop words, term weights, entity finding or phrase finding change.
const PROBE_TITLE: &str = "وزير الخارجية يبحث في القاهرة مع نظيره الأمريكي أزمة المياه";
const PROBE_TEXT: &str = "القاهرة - بحث وزير الخارجية المصري اليوم الأحد مع نظيره الأمريكي \
    أزمة المياه وسد النهضة، وقال المتحدث باسم الوزارة إن الجانبين اتفقا على مواصلة \
    المشاورات خلال الأسابيع المقبلة، بحضور ممثلين عن الأمم المتحدة والاتحاد الأفريقي. \
    وأضاف أن الوزيرين ناقشا كذلك الأوضاع في السودان وليبيا وغزة، والمساعدات الإنسانية \
    للنازحين، وأسعار القمح والوقود في الأسواق العالمية. The ministers met in Cairo on \
    Sunday and agreed to meet again in Washington next month.";

/// The version of the digests this build writes and reads: a hash of the layout, the
/// bundled gazetteer, the MinHash scheme (a digest replaces the text, from which a stale
/// signature would be recomputed) and the digest of a probe text, so that a change to
/// anything that produces a digest changes it without anyone remembering to. Stored digests
/// of another version are ignored and the article's text is read instead.
pub fn version() -> i64 {
    static VERSION: OnceLock<i64> = OnceLock::new();
    *VERSION.get_or_init(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&[LAYOUT]);
        h.update(crate::gazetteer::BUNDLED.as_bytes());
        h.update(&crate::minhash::SIGNATURE_VERSION.to_le_bytes());
        h.update(&to_bytes(&crate::reread(PROBE_TITLE, PROBE_TEXT)));
        // Positive, to fit every database's signed integer column.
        (h.digest() >> 1) as i64
    })
}

/// The digest of an article's analysis.
pub fn to_bytes(r: &Reread) -> Vec<u8> {
    encode(
        &r.counts,
        [&r.entities, &r.lead_names],
        r.phrase_hashes.iter().copied(),
    )
}

/// The digest of an article just prepared: what [`to_bytes`] gives for what [`crate::reread`]
/// finds in it, written from the preparation without copying it.
pub fn of_prepared(p: &Prepared) -> Vec<u8> {
    encode(
        &p.counts,
        [&p.entities, &p.lead_names],
        p.phrases.iter().map(Phrase::hash),
    )
}

fn encode(
    counts: &TermCounts,
    names: [&Vec<&'static str>; 2],
    phrase_hashes: impl ExactSizeIterator<Item = u32>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(6 * counts.0.len() + 4 * phrase_hashes.len() + 256);
    let mut terms: Vec<(u32, f32)> = counts.0.iter().map(|(t, w)| (*t, *w)).collect();
    terms.sort_unstable_by_key(|e| e.0);
    put_varint(&mut out, terms.len() as u64);
    let mut previous = 0u32;
    for (term, weight) in terms {
        put_varint(&mut out, u64::from(term - previous));
        match count_of(weight) {
            Some(count) => put_varint(&mut out, u64::from(count)),
            None => {
                out.push(0);
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        previous = term;
    }
    for names in names {
        put_varint(&mut out, names.len() as u64);
        for name in names {
            put_varint(&mut out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
        }
    }
    put_varint(&mut out, phrase_hashes.len() as u64);
    for h in phrase_hashes {
        out.extend_from_slice(&h.to_le_bytes());
    }
    out
}

/// The analysis a digest holds, or `None` when the bytes are not a whole digest of this
/// layout or name an entity the bundled gazetteer does not have.
pub fn from_bytes(bytes: &[u8]) -> Option<Reread> {
    let mut r = Reader { bytes, at: 0 };
    let n = r.count(2)?;
    let mut counts = hashbrown::HashMap::with_capacity(n);
    let mut term = 0u32;
    for i in 0..n {
        let gap = u32::try_from(r.varint()?).ok()?;
        // Terms are distinct and ascending: only the first may start at its gap of zero.
        if gap == 0 && i > 0 {
            return None;
        }
        term = term.checked_add(gap)?;
        let weight = match u32::try_from(r.varint()?).ok()? {
            0 => f32::from_le_bytes(r.take::<4>()?),
            count => crate::terms::damped(count as f32),
        };
        counts.insert(term, weight);
    }
    let entities = r.names()?;
    let lead_names = r.names()?;
    let n = r.count(4)?;
    let phrase_hashes = (0..n)
        .map(|_| r.take::<4>().map(u32::from_le_bytes))
        .collect::<Option<Vec<u32>>>()?;
    (r.at == bytes.len()).then_some(Reread {
        counts: TermCounts(counts),
        entities,
        lead_names,
        phrase_hashes,
    })
}

/// The whole weighted count that `weight` is the damped form of, if there is one.
fn count_of(weight: f32) -> Option<u32> {
    let count = (weight - 1.0).exp().round();
    ((1.0..1e6).contains(&count) && crate::terms::damped(count) == weight).then_some(count as u32)
}

/// The bundled gazetteer's canonical names, to give decoded names their static form.
fn canonical(name: &str) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            Gazetteer::bundled()
                .entities()
                .map(|(_, name)| (name, name))
                .collect()
        })
        .get(name)
        .copied()
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A cursor over digest bytes; every read fails on truncated input.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// A count of items of at least `min_size` bytes each, refused when the bytes left could
    /// not hold them (so a corrupt count allocates nothing).
    fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        (n.checked_mul(min_size)? <= self.bytes.len() - self.at).then_some(n)
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let b = self.bytes.get(self.at..self.at.checked_add(N)?)?;
        self.at += N;
        b.try_into().ok()
    }

    fn names(&mut self) -> Option<Vec<&'static str>> {
        let n = self.count(2)?;
        (0..n)
            .map(|_| {
                let len = usize::try_from(self.varint()?).ok()?;
                let b = self.bytes.get(self.at..self.at.checked_add(len)?)?;
                self.at += len;
                canonical(std::str::from_utf8(b).ok()?)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TITLE: &str = "الأمم المتحدة تحذر من مجاعة في السودان";
    const TEXT: &str = "نيويورك - حذرت الأمم المتحدة اليوم من أن ملايين السكان في السودان \
        يواجهون خطر المجاعة، ودعا الأمين العام إلى فتح الممرات الإنسانية في دارفور والخرطوم، \
        وقال برنامج الأغذية العالمي إن قوافل المساعدات تنتظر على الحدود مع تشاد منذ أسابيع.";

    #[test]
    fn a_digest_decodes_to_what_reading_the_text_finds() {
        let read = crate::reread(TITLE, TEXT);
        assert!(!read.entities.is_empty() && !read.phrase_hashes.is_empty());
        let bytes = to_bytes(&read);
        // Every weight of a text is a damped whole count: one byte, besides the term's gap.
        let names: usize = read
            .entities
            .iter()
            .chain(&read.lead_names)
            .map(|n| n.len() + 1)
            .sum();
        let fixed = names + 4 * read.phrase_hashes.len() + 8;
        assert!(
            bytes.len() <= fixed + 6 * read.counts.0.len(),
            "{} bytes",
            bytes.len()
        );
        assert_eq!(from_bytes(&bytes), Some(read.clone()));
        // Terms close together take a byte each: a digest of two bytes per term is whole.
        let mut dense = crate::reread("", "");
        dense.counts.0.extend((1..=500).map(|t| (t, 1.0)));
        assert_eq!(to_bytes(&dense).len(), 2 + 2 * 500 + 3);
        assert_eq!(from_bytes(&to_bytes(&dense)), Some(dense));
        // A weight that is no damped count keeps its four bytes.
        let mut odd = read;
        odd.counts.0.insert(7, 0.125);
        odd.counts.0.insert(u32::MAX, 1.0 + 1e-7);
        assert_eq!(from_bytes(&to_bytes(&odd)), Some(odd));
        let empty = crate::reread("", "");
        assert_eq!(from_bytes(&to_bytes(&empty)), Some(empty));
    }

    #[test]
    fn truncated_padded_and_unknown_digests_are_refused() {
        let bytes = to_bytes(&crate::reread(TITLE, TEXT));
        for cut in 0..bytes.len() {
            assert_eq!(from_bytes(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert_eq!(from_bytes(&padded), None);
        let mut r = crate::reread(TITLE, TEXT);
        r.entities = vec!["لا يوجد كيان بهذا الاسم"];
        assert_eq!(from_bytes(&to_bytes(&r)), None);
    }

    #[test]
    fn the_version_is_stable_within_a_build_and_positive() {
        assert_eq!(version(), version());
        assert!(version() > 0);
    }

    proptest! {
        #[test]
        fn any_bytes_decode_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = from_bytes(&bytes);
        }

        #[test]
        fn any_text_round_trips(title in "[ا-ي ]{0,30}", text in "[ا-ي ،.]{0,300}") {
            let read = crate::reread(&title, &text);
            prop_assert_eq!(from_bytes(&to_bytes(&read)), Some(read));
        }
    }
}
