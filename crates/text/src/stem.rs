//! The light stemmer for search: light10 (Larkey, Ballesteros and Connell) with lexicon checks.
//!
//! The stemmer receives one word already in key form (see [`crate::key`]: ة is ه, ى is ي,
//! hamza seats are folded) and returns a subslice of it: affixes are only ever stripped, never
//! rewritten, and nothing is allocated. It is deliberately *not* a root extractor: a stem is
//! what is left once the clitics and the commonest inflectional endings are gone, so
//! فلسطين stays فلسطين (Snowball, ISRI and PostgreSQL's `arabic` turn it into لسط).
//!
//! The rules, in order (lengths are counted in letters, before the step):
//!
//! 1. Words that do not start with an Arabic letter, and words shorter than 3 letters, are
//!    returned unchanged. So are protected proper nouns (`data/proper_nouns.txt`).
//! 2. Conjunction و: stripped when the word has at least 4 letters (3 remain) and the و is not
//!    part of the word, which the lexicon `data/waw_words.txt` decides, in this order: a
//!    listed word keeps its و (وزير, واشنطن); else a protected noun after the و wins
//!    (وسامي → سامي, not وسام + ي); else a word whose light10 stem is that of a listed word
//!    keeps it (وزيرها, ولايات; see `waw_is_radical`); else the و goes (وحسن → حسن). When
//!    the و stays, steps 3 and 4 are skipped (a word whose و is radical carries no article).
//! 3. One definite article, first match of ال, بال, كال, فال, لل, when at least 2 letters
//!    remain. Together with step 2 this strips light10's وال (والحسن → الحسن → حسن) and also
//!    وبال, ولل (وبالتالي → تالي), as in the original light10 (Lucene strips one prefix only).
//! 4. After steps 2 and 3, and after a single proclitic ب ل ك ف, the remainder is looked up
//!    in the proper nouns: a hit ends stemming (بالقاهرة → قاهره, للبنان → لبنان,
//!    بألمانيا → المانيا).
//! 5. Suffixes, one pass in this order, each stripped when at least 2 letters remain:
//!    ها ان ات ون ين يه ه ي (light10's ية and ة are يه and ه in key form). يه and ي are kept
//!    after ا (ولاية, ولايات → ولاي rather than ولا, حماية → حماي rather than حما). Stripping
//!    stops as soon as the stem is a protected proper noun.

use hashbrown::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The conjunction و.
const WAW: &str = "\u{0648}";
/// Words beginning with these letters may be و + ال + word: their waw check is exact only.
const WAW_AL: &str = "\u{0648}\u{0627}\u{0644}";
/// The definite articles of light10 other than وال (which is و followed by ال).
const ARTICLES: [&str; 5] = ["ال", "بال", "كال", "فال", "لل"];
/// Single-letter proclitics tried only in front of a protected proper noun.
const PROCLITICS: [&str; 4] = ["ب", "ل", "ك", "ف"];
/// light10's suffixes in key form, in the order they are tried.
const SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
const ALEF: char = '\u{0627}';
const TEH: &str = "\u{062A}";

const PROPER_NOUNS_TXT: &str = include_str!("../data/proper_nouns.txt");
const WAW_WORDS_TXT: &str = include_str!("../data/waw_words.txt");
const STOPWORDS_TXT: &str = include_str!("../data/stopwords.txt");
const STOPWORDS_EN_TXT: &str = include_str!("../data/stopwords_en.txt");

/// A small multiplicative hasher (the FxHash scheme): the sets hold short keys and are
/// consulted a few times per word on the indexing hot path, where SipHash would dominate.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of key-form words with a pre-filter in front of the hash look-up: most look-ups on
/// the stemming hot path miss, and a miss is usually decided by the word's byte length or
/// by its first and last letters without hashing at all.
struct WordSet {
    words: HashSet<String, BuildHasherDefault<FxHasher>>,
    /// Bit `n` is set when some word is `n` bytes long (`n` < 64; longer words always pass).
    lengths: u64,
    /// Bit `last` of `edges[first]` is set when some word starts and ends with letters whose
    /// final UTF-8 byte has those low six bits (Arabic letters are two-byte sequences).
    edges: [u64; 64],
}

impl Default for WordSet {
    fn default() -> WordSet {
        WordSet {
            words: HashSet::default(),
            lengths: 0,
            edges: [0; 64],
        }
    }
}

impl WordSet {
    fn edge_bits(word: &str) -> (usize, usize) {
        let b = word.as_bytes();
        let first = b.get(1).or(b.first()).copied().unwrap_or(0);
        let last = b.last().copied().unwrap_or(0);
        (usize::from(first & 0x3F), usize::from(last & 0x3F))
    }

    fn insert(&mut self, word: String) -> bool {
        if word.len() < 64 {
            self.lengths |= 1 << word.len();
        } else {
            self.lengths |= 1 << 63;
        }
        let (first, last) = Self::edge_bits(&word);
        self.edges[first] |= 1 << last;
        self.words.insert(word)
    }

    #[inline]
    fn contains(&self, word: &str) -> bool {
        let length_bit = 1u64 << word.len().min(63);
        if self.lengths & length_bit == 0 {
            return false;
        }
        let (first, last) = Self::edge_bits(word);
        self.edges[first] & (1 << last) != 0 && self.words.contains(word)
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> WordSet {
        let mut set = WordSet::default();
        for word in iter {
            set.insert(word);
        }
        set
    }
}

/// The entries of a word list: one per line, `#` starts a comment, blank lines ignored.
fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
}

/// Protected proper nouns in key form. A noun written with the article (البحرين, القاهرة) is
/// stored without it (بحرين, قاهره) so that every prefixed form meets the bare one; a noun
/// whose ال is part of the name is written with أ in the list (ألمانيا) and stored whole.
static PROTECTED: LazyLock<WordSet> = LazyLock::new(|| {
    let mut set = WordSet::default();
    for noun in entries(PROPER_NOUNS_TXT) {
        let folded = crate::key(noun);
        let bare = noun.strip_prefix("ال").map(crate::key);
        match bare {
            Some(bare) if char_len(&bare) >= 3 => set.insert(bare),
            _ => set.insert(folded),
        };
    }
    set
});

/// The waw lexicon: the words themselves (exact) and, for the suffix check, the words and
/// their light10 stems of at least 3 letters.
struct WawLexicon {
    exact: WordSet,
    stems: WordSet,
}

static WAW_WORDS: LazyLock<WawLexicon> = LazyLock::new(|| {
    let mut exact = WordSet::default();
    let mut stems = WordSet::default();
    for word in entries(WAW_WORDS_TXT) {
        let word = crate::key(word);
        let stem = strip_suffixes(&word, char_len(&word), None);
        if char_len(stem) >= 3 {
            stems.insert(stem.to_owned());
        }
        if char_len(&word) >= 3 {
            stems.insert(word.clone());
        }
        exact.insert(word);
    }
    WawLexicon { exact, stems }
});

static STOP_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    entries(STOPWORDS_TXT)
        .chain(entries(STOPWORDS_EN_TXT))
        .map(crate::key)
        .collect()
});

/// Number of characters of `s` (counts the bytes that start a UTF-8 sequence).
#[inline]
fn char_len(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// Letters of an affix: every affix is made of two-byte Arabic letters.
#[inline]
const fn letters(affix: &str) -> usize {
    affix.len() / 2
}

/// Whether the leading و of `word` (key form, starting with و, not itself in the waw
/// lexicon: the caller checks that first) belongs to the word rather than being the
/// conjunction: its light10 stem is a lexicon word or the stem of one (وزيرها, وزراء,
/// ولايات), or that stem ends in the ت that ة becomes before a pronoun (ولايتها → ولايت →
/// ولاي). Words starting with وال are only checked exactly, because و + ال + word
/// (والدين "and the religion") is the commoner reading.
fn waw_is_radical(word: &str, len: usize) -> bool {
    let lexicon = &*WAW_WORDS;
    if word.starts_with(WAW_AL) {
        return false;
    }
    let stem = strip_suffixes(word, len, None);
    if stem.len() < word.len() && lexicon.stems.contains(stem) {
        return true;
    }
    match stem.strip_suffix(TEH) {
        Some(before_teh) if char_len(before_teh) >= 3 => lexicon.stems.contains(before_teh),
        _ => false,
    }
}

/// One light10 pass over the suffixes; stops early at a protected noun when `protected` is
/// given. `len` is the letter count of `word`.
fn strip_suffixes<'a>(word: &'a str, len: usize, protected: Option<&WordSet>) -> &'a str {
    let (mut stem, mut len) = (word, len);
    for suffix in SUFFIXES {
        let n = letters(suffix);
        if len < n + 2 {
            continue;
        }
        let Some(rest) = stem.strip_suffix(suffix) else {
            continue;
        };
        if matches!(suffix, "يه" | "ي") && rest.ends_with(ALEF) {
            continue;
        }
        stem = rest;
        len -= n;
        if protected.is_some_and(|p| p.contains(stem)) {
            break;
        }
    }
    stem
}

/// The singular of a lower-case English plural, by its ending only: "attacks" and "attack"
/// meet, "boxes" and "box", "countries" and "countri" (the singular keeps its y: a light
/// rule may leave two forms apart, never join two words). Words of four letters or fewer,
/// and endings that are not plurals (-ss, -us, -is), are kept; so is any word that is not
/// plain ASCII letters.
fn english_plural(word: &str) -> &str {
    let b = word.as_bytes();
    if b.len() <= 4 || !b.iter().all(u8::is_ascii_lowercase) || b[b.len() - 1] != b's' {
        return word;
    }
    if word.ends_with("ies") {
        return &word[..word.len() - 2];
    }
    if word.ends_with("sses")
        || word.ends_with("xes")
        || word.ends_with("ches")
        || word.ends_with("shes")
        || word.ends_with("zes")
    {
        return &word[..word.len() - 2];
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word;
    }
    &word[..word.len() - 1]
}

/// Returns the stem of one word given in key form (see [`crate::key`]).
///
/// The result is always a subslice of `word`, never empty when `word` is not, and at least
/// two letters long when anything was stripped. The rules are described in the module
/// documentation; English words lose their plural ending, and other
/// words that do not start with an Arabic letter come back unchanged.
pub fn stem(word: &str) -> &str {
    // Arabic letters U+0600–U+06FF start with the bytes D8–DB in UTF-8.
    if !matches!(word.as_bytes().first(), Some(0xD8..=0xDB)) {
        return english_plural(word);
    }
    let mut len = char_len(word);
    if len < 3 {
        return word;
    }
    let protected = &*PROTECTED;
    if protected.contains(word) {
        return word;
    }
    let mut w = word;

    // 2. The conjunction و, unless it belongs to the word.
    if len >= 4
        && let Some(rest) = w.strip_prefix(WAW)
    {
        // A protected name after the و wins over a suffixed reading of a waw word
        // (وسامي is "and Sami" rather than "my medal"), not over a listed word itself.
        if WAW_WORDS.exact.contains(w) {
            return strip_suffixes(w, len, Some(protected));
        }
        if protected.contains(rest) {
            return rest;
        }
        if waw_is_radical(w, len) {
            return strip_suffixes(w, len, Some(protected));
        }
        w = rest;
        len -= 1;
    }

    // 3. One definite article.
    let before_article = (w, len);
    for article in ARTICLES {
        let n = letters(article);
        if len >= n + 2
            && let Some(rest) = w.strip_prefix(article)
        {
            w = rest;
            len -= n;
            if protected.contains(w) {
                return w;
            }
            break;
        }
    }

    // 4. A single proclitic in front of a protected noun (بعمان, للبنان, بألمانيا).
    let (outer, outer_len) = before_article;
    if outer_len >= 4 {
        for proclitic in PROCLITICS {
            if let Some(rest) = outer.strip_prefix(proclitic) {
                if protected.contains(rest) {
                    return rest;
                }
                break;
            }
        }
    }

    // 5. Suffixes.
    strip_suffixes(w, len, Some(protected))
}

/// Whether a key-form word is a stop word of news text.
///
/// The list (`data/stopwords.txt`, whose header gives the reasons) holds Arabic function
/// words only: prepositions and particles, also with attached pronouns or a leading و/ف,
/// pronouns, demonstratives, relatives and auxiliaries. Reporting verbs (قال, اكد, اضاف) are
/// deliberately not stop words. The check is on the word as it appears (key form), before
/// stemming.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(word)
}
