//! MinHash signatures over word shingles of the folded text, and the LSH band keys that
//! find candidate copies without comparing an article with every other.
//!
//! Every hash here is our own and fixed: a shingle is hashed with XXH3-64 (a published,
//! versioned algorithm) and the permutations are multiply-xorshift mixes with constants drawn
//! from a fixed SplitMix64 sequence. A stored signature therefore never changes with a
//! dependency upgrade; changing any constant below means recomputing every stored signature,
//! so [`SIGNATURE_VERSION`] must change with it.

use hashbrown::HashSet;

/// Version of the shingling and hashing scheme and of the stored bytes, kept beside
/// signatures. Version 2 added the lead shingles.
pub const SIGNATURE_VERSION: u32 = 2;
/// Words per shingle. Three words keep lightly edited copies (a changed word every dozen)
/// similar while ordinary phrases shared by unrelated texts stay rare.
pub const SHINGLE_WORDS: usize = 3;
/// Hash functions (permutations) per signature.
pub const PERMUTATIONS: usize = 128;
/// Rows per LSH band. Two rows per band make pairs with a Jaccard similarity of 0.2 (a short
/// text contained in one three times as long) candidates with probability 0.93.
pub const BAND_ROWS: usize = 2;
/// LSH bands per signature.
pub const BANDS: usize = PERMUTATIONS / BAND_ROWS;
/// Texts with fewer distinct shingles than this have no signature: too short to call copies.
pub const MIN_SHINGLES: usize = 12;
/// Shingles at the start of a text kept as its lead: about sixty words, two or three
/// sentences. A republished text may put a short introduction of its own before the shared
/// text, but when none of the shorter text's lead meets the longer's, the shared text sits
/// deep inside a longer piece about something else (a section of a roundup).
pub const LEAD_SHINGLES: usize = 60;

/// The MinHash signature of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The minimum of each permutation over the text's shingles.
    pub mins: [u32; PERMUTATIONS],
    /// How many distinct shingles the text has (for containment estimates).
    pub shingles: u32,
    /// The low halves of the hashes of the first [`LEAD_SHINGLES`] shingles, in text order.
    pub lead: Box<[u32]>,
}

/// The permutation constants: odd multipliers and xor keys from a fixed SplitMix64 stream.
fn constants() -> &'static [(u64, u64); PERMUTATIONS] {
    static CONSTANTS: std::sync::OnceLock<[(u64, u64); PERMUTATIONS]> = std::sync::OnceLock::new();
    CONSTANTS.get_or_init(|| {
        let mut state: u64 = 0x4d41_5253_4144_0001; // "MARSAD" and a version.
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        std::array::from_fn(|_| (next() | 1, next()))
    })
}

fn permute(h: u64, (mul, key): (u64, u64)) -> u32 {
    let mut x = (h ^ key).wrapping_mul(mul);
    x ^= x >> 32;
    x as u32
}

/// The folded keys of the word and number tokens of `text`, in order.
pub fn word_keys(text: &str) -> Vec<String> {
    marsad_text::tokens(text)
        .filter(|t| {
            matches!(
                t.kind,
                marsad_text::TokenKind::Word | marsad_text::TokenKind::Number
            )
        })
        .map(|t| marsad_text::key(t.text))
        .filter(|k| !k.is_empty())
        .collect()
}

/// The shingle hashes of a sequence of word keys, in text order (repeats kept).
pub fn shingle_hashes(words: &[impl AsRef<str>]) -> Vec<u64> {
    let mut out = Vec::with_capacity(words.len());
    let mut buf = String::new();
    for w in words.windows(SHINGLE_WORDS) {
        buf.clear();
        for (i, k) in w.iter().enumerate() {
            if i > 0 {
                buf.push('\u{1f}');
            }
            buf.push_str(k.as_ref());
        }
        out.push(xxhash_rust::xxh3::xxh3_64(buf.as_bytes()));
    }
    out
}

impl Signature {
    /// The signature of a text, or `None` when it is too short to compare.
    pub fn of_text(text: &str) -> Option<Signature> {
        Signature::of_shingles(&shingle_hashes(&word_keys(text)))
    }

    /// The signature of a text's shingle hashes in text order, or `None` for fewer than
    /// [`MIN_SHINGLES`] distinct ones.
    pub fn of_shingles(ordered: &[u64]) -> Option<Signature> {
        let shingles: HashSet<u64> = ordered.iter().copied().collect();
        if shingles.len() < MIN_SHINGLES {
            return None;
        }
        let c = constants();
        let mut mins = [u32::MAX; PERMUTATIONS];
        for &h in &shingles {
            for (m, &k) in mins.iter_mut().zip(c.iter()) {
                let v = permute(h, k);
                if v < *m {
                    *m = v;
                }
            }
        }
        Some(Signature {
            mins,
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
            lead: ordered
                .iter()
                .take(LEAD_SHINGLES)
                .map(|&h| h as u32)
                .collect(),
        })
    }

    /// Whether the two leads share a shingle: the shared text of a copy starts near the
    /// start of both texts.
    pub fn leads_meet(&self, other: &Signature) -> bool {
        self.lead.iter().any(|h| other.lead.contains(h))
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let same = self
            .mins
            .iter()
            .zip(other.mins.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / PERMUTATIONS as f64
    }

    /// Estimated containment: the share of the smaller set's shingles found in the larger,
    /// derived from the Jaccard estimate and the two set sizes.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let small = a.min(b);
        if small == 0.0 {
            return 0.0;
        }
        // |A∩B| = J·|A∪B| and |A∪B| = |A| + |B| − |A∩B|, so |A∩B| = J(|A|+|B|)/(1+J).
        (j * (a + b) / (1.0 + j) / small).min(1.0)
    }

    /// The LSH band keys: one hash per band of [`BAND_ROWS`] minimums, tagged with the band
    /// number so that equal rows in different bands do not meet.
    pub fn bands(&self) -> impl Iterator<Item = u64> + '_ {
        self.mins
            .chunks_exact(BAND_ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = [0u8; 4 * BAND_ROWS + 2];
                bytes[..2].copy_from_slice(&(band as u16).to_le_bytes());
                for (i, r) in rows.iter().enumerate() {
                    bytes[2 + 4 * i..6 + 4 * i].copy_from_slice(&r.to_le_bytes());
                }
                xxhash_rust::xxh3::xxh3_64(&bytes)
            })
    }

    /// The signature as bytes for storage: little-endian minimums, the shingle count, then
    /// the lead.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 * (PERMUTATIONS + 1 + self.lead.len()));
        for m in self
            .mins
            .iter()
            .chain([&self.shingles])
            .chain(self.lead.iter())
        {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    /// Reads a signature written by [`Signature::to_bytes`]; `None` when the length does
    /// not fit the layout.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        let fixed = 4 * (PERMUTATIONS + 1);
        if bytes.len() < fixed
            || !bytes.len().is_multiple_of(4)
            || bytes.len() > fixed + 4 * LEAD_SHINGLES
        {
            return None;
        }
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        Some(Signature {
            mins: std::array::from_fn(|i| word(4 * i)),
            shingles: word(4 * PERMUTATIONS),
            lead: (fixed..bytes.len()).step_by(4).map(word).collect(),
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A made-up word for a number: distinct numbers give distinct words of letters only.
    pub(crate) fn word(mut n: usize) -> String {
        const LETTERS: [char; 20] = [
            'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع',
            'غ', 'ف', 'ق',
        ];
        let mut w = String::from("م");
        loop {
            w.push(LETTERS[n % LETTERS.len()]);
            n /= LETTERS.len();
            if n == 0 {
                return w;
            }
        }
    }

    fn paragraph(seed: usize) -> String {
        para(seed, 40)
    }

    /// `n` distinct made-up words; different seeds share none.
    pub(crate) fn para(seed: usize, n: usize) -> String {
        (0..n)
            .map(|i| word(seed * 10_000 + i))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn signatures_are_stable_across_runs_and_builds() {
        // A stored signature must never change: this pins the scheme's first values.
        let s = Signature::of_text(&paragraph(1)).unwrap();
        let again = Signature::of_text(&paragraph(1)).unwrap();
        assert_eq!(s, again);
        assert_eq!(s.shingles, 38);
        assert_eq!(
            s.mins[0], 17_587_886,
            "pinned value: update SIGNATURE_VERSION if this changes"
        );
        assert_eq!(
            s.lead.len(),
            38,
            "a text shorter than the lead keeps every shingle"
        );
        assert_eq!(
            s.lead[0], PINNED_LEAD,
            "pinned value: update SIGNATURE_VERSION if this changes"
        );
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s));
        let long = Signature::of_text(&para(1, 200)).unwrap();
        assert_eq!(long.lead.len(), LEAD_SHINGLES);
        assert_eq!(Signature::from_bytes(&long.to_bytes()), Some(long));
    }

    const PINNED_LEAD: u32 = 355_565_525;

    #[test]
    fn bytes_of_another_layout_are_refused() {
        let s = Signature::of_text(&paragraph(1)).unwrap();
        let bytes = s.to_bytes();
        assert!(Signature::from_bytes(&bytes[..bytes.len() - 2]).is_none());
        assert!(Signature::from_bytes(&bytes[..4 * PERMUTATIONS]).is_none());
        let too_long = [bytes.as_slice(), &[0u8; 4 * LEAD_SHINGLES]].concat();
        assert!(Signature::from_bytes(&too_long).is_none());
    }

    #[test]
    fn identical_texts_have_jaccard_one_and_unrelated_near_zero() {
        let a = Signature::of_text(&paragraph(1)).unwrap();
        let b = Signature::of_text(&paragraph(2)).unwrap();
        assert_eq!(a.jaccard(&a), 1.0);
        assert!(a.jaccard(&b) < 0.05);
    }

    #[test]
    fn a_text_inside_a_longer_one_has_high_containment_and_shares_a_band() {
        let short = paragraph(1);
        let long = format!("{} {} {}", paragraph(3), short, paragraph(4));
        let (s, l) = (
            Signature::of_text(&short).unwrap(),
            Signature::of_text(&long).unwrap(),
        );
        assert!(s.jaccard(&l) < 0.5);
        assert!(s.containment(&l) > 0.8, "{}", s.containment(&l));
        let bands: HashSet<u64> = s.bands().collect();
        assert!(l.bands().any(|b| bands.contains(&b)));
    }

    #[test]
    fn short_texts_have_no_signature() {
        assert!(Signature::of_text("خبر قصير جدا").is_none());
    }
}
