//! Keyphrases: the multiword names and topics an article is about that no gazetteer lists,
//! found from corpus statistics ("أسعار النفط", "سوق عكاظ", "كأس العالم").
//!
//! A candidate is a run of two to four content words of the headline or the first words of
//! the text, with no punctuation, stop word or number inside it and no time or function word
//! at its ends ("العام الماضي", "العثور على" are not topics). A candidate becomes a keyphrase
//! when other articles of the corpus use it too, which is what makes a word sequence a name
//! rather than a passing combination; when it is cohesive, used by a good share of the
//! articles that use its rarest word; when it is not so common that it says nothing; and when
//! the article leans on it: in its headline, or more than once in its text. A phrase that is
//! nearly always part of a longer one ("نائب خادم" in "نائب خادم الحرمين") gives way to it.
//! Phrases are keyed on the folded form.

use crate::gazetteer::Tok;
use hashbrown::{HashMap, HashSet};

/// Words of the text, after the headline, that candidates are taken from.
pub const SCAN_WORDS: usize = 200;

/// Most keyphrases given to one article.
pub const MAX_KEYPHRASES: usize = 3;

/// Least number of articles, this one included, that must use a phrase.
pub const MIN_ARTICLES: u32 = 3;

/// Least share of the articles using a phrase's rarest word that must use the phrase.
pub const MIN_COHESION: f64 = 0.15;

/// Words that date an event, count, or link, rather than name a topic: a phrase may not
/// start or end with one. In key form (see `marsad_text::key`); علي is also the key of على,
/// which the stop words keep for the name Ali.
const EDGE_WORDS: &[&str] = &[
    "اليوم",
    "امس",
    "غدا",
    "الماضي",
    "الماضيه",
    "المقبل",
    "المقبله",
    "الحالي",
    "الحاليه",
    "العام",
    "عام",
    "الشهر",
    "شهر",
    "الاسبوع",
    "اسبوع",
    "السنه",
    "سنه",
    "الساعه",
    "ساعه",
    "صباح",
    "مساء",
    "ظهر",
    "فجر",
    "ليل",
    "ليله",
    "الليله",
    "يوم",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "الاول",
    "الثاني",
    "الاخير",
    "الاخيره",
    "خلال",
    "اكثر",
    "اقل",
    "نحو",
    "حوالي",
    "قبل",
    "بعد",
    "منذ",
    "حتي",
    "وقال",
    "قال",
    "واضاف",
    "اضاف",
    "علي",
    "امام",
    "باسم",
    "بن",
    "ابن",
    "بنت",
    "مقابل",
    "عدم",
    "اول",
    "لاول",
    "مره",
    "الف",
    "مليون",
    "مليار",
    "عبر",
    "ضد",
    "دون",
    "غير",
    "بين",
    "حول",
    "وسط",
    "اثر",
    "جراء",
    "بسبب",
    "ياتي",
    "اجل",
    "شخص",
    "اشخاص",
    "عدد",
    "وجود",
    "الاولي",
    "المره",
    "للمره",
    "بشكل",
    "شكل",
    "معالي",
    "ومعالي",
    "سمو",
    "فخامه",
    "صاحب",
    "today",
    "yesterday",
    "year",
    "week",
    "month",
    "last",
    "next",
    "said",
];

/// Longest phrase, in words.
const MAX_WORDS: usize = 4;

/// A candidate phrase of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// The words as first written in the article.
    pub name: String,
    /// The folded key of the words, joined by spaces.
    pub key: String,
    /// Whether the headline uses it.
    pub in_title: bool,
    /// How often the headline and scanned text use it.
    pub count: u32,
    hash: u32,
    /// The hashes of its words, each a one-word candidate counted by [`PhraseStats`].
    words: Vec<u32>,
}

impl Phrase {
    /// The stable hash of its key, under which [`PhraseStats`] counts it.
    pub fn hash(&self) -> u32 {
        self.hash
    }

    /// Its number of words.
    pub fn word_count(&self) -> usize {
        self.words.len().max(1)
    }

    /// Whether it is a single word: counted for cohesion, never a keyphrase itself.
    pub fn is_word(&self) -> bool {
        self.words.len() <= 1
    }
}

/// 32 bits of a stable hash of a phrase's key: with a million phrases counted, about a hundred
/// pairs share a hash, which merges their counts and moves no choice of keyphrase, and the
/// narrower hash halves the statistics' memory and every article's digest.
fn hash(key: &str) -> u32 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes()) as u32
}

/// The candidate phrases of an article, each once, in order of first use, with its single
/// content words.
pub fn phrases(title: &str, text: &str) -> Vec<Phrase> {
    use crate::gazetteer::tokenize;
    phrases_in(title, &tokenize(title), text, &tokenize(text))
}

/// [`phrases`] over the word and number tokens of headline and text already read.
pub(crate) fn phrases_in(
    title: &str,
    title_toks: &[Tok],
    text: &str,
    text_toks: &[Tok],
) -> Vec<Phrase> {
    static EDGE: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| EDGE_WORDS.iter().copied().collect());
    let edge = &*EDGE;
    let mut found: Vec<Phrase> = Vec::new();
    let mut index: HashMap<u32, usize> = HashMap::new();
    for (source, toks, in_title) in [(title, title_toks, true), (text, text_toks, false)] {
        // The run of consecutive content words being read: (surface, key).
        let mut run: Vec<(&str, &str)> = Vec::new();
        let mut last_end = 0;
        for (read, token) in toks.iter().enumerate() {
            if !in_title && read >= SCAN_WORDS {
                break;
            }
            let key = token.key.as_str();
            let gap = &source[last_end..token.start];
            last_end = token.end;
            let joined = gap.chars().all(char::is_whitespace);
            let content =
                !token.number && key.chars().count() >= 2 && !marsad_text::is_stop_word(key);
            if !joined || !content {
                run.clear();
            }
            if !content {
                continue;
            }
            run.push((&source[token.start..token.end], key));
            for n in 1..=MAX_WORDS {
                if run.len() < n {
                    continue;
                }
                let words = &run[run.len() - n..];
                if n > 1 && (edge.contains(words[0].1) || edge.contains(words[n - 1].1)) {
                    continue;
                }
                let key = words.iter().map(|w| w.1).collect::<Vec<_>>().join(" ");
                let hash = hash(&key);
                match index.get(&hash) {
                    Some(&i) => {
                        found[i].count += 1;
                        found[i].in_title |= in_title;
                    }
                    None => {
                        index.insert(hash, found.len());
                        found.push(Phrase {
                            name: words.iter().map(|w| w.0).collect::<Vec<_>>().join(" "),
                            key,
                            in_title,
                            count: 1,
                            hash,
                            words: if n == 1 {
                                Vec::new()
                            } else {
                                words.iter().map(|w| self::hash(w.1)).collect()
                            },
                        });
                    }
                }
            }
        }
    }
    found
}

/// How many articles of the corpus use each phrase. The table is bounded: past its
/// capacity, the phrases seen in the fewest articles are forgotten, and the floor they were
/// forgotten at is added back as an upper estimate (lossy counting), so a phrase that keeps
/// recurring is never lost.
#[derive(Debug, Clone)]
pub struct PhraseStats {
    df: HashMap<u32, u32>,
    docs: u32,
    capacity: usize,
    floor: u32,
}

impl Default for PhraseStats {
    fn default() -> PhraseStats {
        PhraseStats::new(1 << 20)
    }
}

impl PhraseStats {
    /// Empty statistics keeping at most `capacity` phrases.
    pub fn new(capacity: usize) -> PhraseStats {
        PhraseStats {
            df: HashMap::new(),
            docs: 0,
            capacity: capacity.max(16),
            floor: 0,
        }
    }

    /// Counts one article's phrases.
    pub fn add(&mut self, phrases: &[Phrase]) {
        self.add_hashes(phrases.iter().map(Phrase::hash));
    }

    /// Counts one article's phrases by their [`Phrase::hash`]es, as an analysis digest keeps
    /// them.
    pub fn add_hashes(&mut self, hashes: impl IntoIterator<Item = u32>) {
        self.docs += 1;
        for h in hashes {
            *self.df.entry(h).or_insert(self.floor) += 1;
        }
        if self.df.len() > self.capacity {
            // Forget the rarest phrases until a quarter of the room is free again.
            while self.df.len() > self.capacity * 3 / 4 {
                self.floor += 1;
                let floor = self.floor;
                self.df.retain(|_, n| *n > floor);
            }
        }
    }

    /// Articles counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Articles that used a phrase (an upper estimate once rare phrases were forgotten).
    pub fn articles(&self, phrase: &Phrase) -> u32 {
        self.count(phrase.hash)
    }

    fn count(&self, hash: u32) -> u32 {
        self.df.get(&hash).copied().unwrap_or(0)
    }

    /// The share of the articles using the phrase's rarest word that use the phrase.
    fn cohesion(&self, phrase: &Phrase) -> f64 {
        let rarest = phrase
            .words
            .iter()
            .map(|w| self.count(*w))
            .min()
            .unwrap_or(0);
        f64::from(self.articles(phrase)) / f64::from(rarest.max(1))
    }
}

/// The article's keyphrases, best first, at most [`MAX_KEYPHRASES`], from its candidate
/// phrases and the statistics of a corpus that has counted it. `taken` are the keys of the
/// tags it has already (page tags, entities): a phrase inside one of them, or holding one,
/// adds nothing.
pub fn keyphrases(phrases: &[Phrase], stats: &PhraseStats, taken: &[String]) -> Vec<Phrase> {
    let docs = f64::from(stats.docs().max(1));
    // A phrase on more than one article in fifty (and at least ten) is a common expression.
    let most = (stats.docs() / 50).max(10);
    let mut scored: Vec<(f64, &Phrase)> = phrases
        .iter()
        .filter(|p| !p.is_word() && (p.in_title || p.count >= 2))
        .filter_map(|p| {
            let df = stats.articles(p);
            if df < MIN_ARTICLES || df > most || stats.cohesion(p) < MIN_COHESION {
                return None;
            }
            // Most articles that use it use a longer phrase of this article around it.
            let absorbed = phrases.iter().any(|q| {
                q.word_count() > p.word_count()
                    && q.key.contains(p.key.as_str())
                    && f64::from(stats.articles(q)) >= 0.6 * f64::from(df)
            });
            if absorbed {
                return None;
            }
            let weight = f64::from(p.count) + if p.in_title { 2.0 } else { 0.0 };
            let words = p.word_count() as f64;
            Some((weight * (docs / f64::from(df)).ln().max(0.1) * words, p))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.key.cmp(&b.1.key)));
    let mut chosen: Vec<Phrase> = Vec::new();
    for (_, p) in scored {
        // Keyphrases share no word with each other, and none is inside a tag or holds one.
        let overlaps = |k: &str| k.contains(p.key.as_str()) || p.key.contains(k);
        let shares_word = |c: &Phrase| c.words.iter().any(|w| p.words.contains(w));
        if taken.iter().any(|k| overlaps(k)) || chosen.iter().any(shares_word) {
            continue;
        }
        chosen.push(p.clone());
        if chosen.len() == MAX_KEYPHRASES {
            break;
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(stats: &mut PhraseStats, texts: &[(&str, &str)]) {
        for (t, x) in texts {
            stats.add(&phrases(t, x));
        }
    }

    #[test]
    fn candidates_stop_at_punctuation_stop_words_numbers_and_time_words() {
        let p = phrases(
            "ارتفاع أسعار النفط، وتراجع الذهب",
            "قالت الوزارة في بيان إن أسعار النفط ارتفعت 5 بالمئة العام الماضي.",
        );
        let keys: Vec<&str> = p.iter().map(|p| p.key.as_str()).collect();
        assert!(keys.contains(&"اسعار النفط"), "{keys:?}");
        assert!(keys.contains(&"ارتفاع اسعار النفط"), "{keys:?}");
        assert!(
            !keys.iter().any(|k| k.contains("النفط وتراجع")),
            "a comma breaks a run"
        );
        assert!(
            !keys.iter().any(|k| k.contains(' ') && k.contains("الماضي")),
            "time words do not end one: {keys:?}"
        );
        assert!(keys.contains(&"الماضي"), "single words are counted");
        let oil = p.iter().find(|p| p.key == "اسعار النفط").unwrap();
        assert_eq!((oil.count, oil.in_title), (2, true));
        assert_eq!(oil.name, "أسعار النفط", "the name keeps the written form");
    }

    #[test]
    fn a_recurring_phrase_the_article_leans_on_is_a_keyphrase_and_a_one_off_is_not() {
        let mut stats = PhraseStats::new(1000);
        let filler: Vec<(String, String)> = (0..60)
            .map(|i| {
                (
                    format!("خبر رياضي رقم {i}"),
                    format!("فاز الفريق رقم {i} بالمباراة"),
                )
            })
            .collect();
        for (t, x) in &filler {
            stats.add(&phrases(t, x));
        }
        corpus(
            &mut stats,
            &[
                (
                    "افتتاح سوق عكاظ بالطائف",
                    "افتتح أمير المنطقة سوق عكاظ مساء أمس",
                ),
                ("فعاليات سوق عكاظ", "تتواصل فعاليات سوق عكاظ وسط حضور كبير"),
            ],
        );
        let article = phrases(
            "سوق عكاظ يستقبل الزوار",
            "استقبل سوق عكاظ آلاف الزوار في يومه الثالث وقدمت الفرق عروضا شعبية متنوعة",
        );
        stats.add(&article);
        let keys: Vec<String> = keyphrases(&article, &stats, &[])
            .into_iter()
            .map(|p| p.key)
            .collect();
        assert_eq!(keys, ["سوق عكاظ"], "{keys:?}");
        // A tag the article has already is not repeated as a keyphrase.
        assert!(keyphrases(&article, &stats, &["سوق عكاظ".to_string()]).is_empty());
    }

    #[test]
    fn a_part_of_a_longer_name_gives_way_and_a_loose_combination_is_no_phrase() {
        let mut stats = PhraseStats::new(10_000);
        for i in 0..60 {
            stats.add(&phrases(&format!("خبر رقم {i}"), "نص قصير عن موضوع آخر"));
        }
        for verb in ["يستقبل الوفد", "يزور المنطقة", "يفتتح المعرض", "يرعى الحفل"]
        {
            stats.add(&phrases(&format!("نائب خادم الحرمين الشريفين {verb}"), ""));
        }
        // تعزيز is used everywhere; "تعزيز التعاون" by few of those articles.
        for i in 0..40 {
            stats.add(&phrases(&format!("تعزيز قطاع {i}"), "بهدف تعزيز الأداء"));
        }
        for _ in 0..3 {
            stats.add(&phrases("اتفاق على تعزيز التعاون", ""));
        }
        let article = phrases("نائب خادم الحرمين الشريفين يدشن المشروع", "");
        stats.add(&article);
        let keys: Vec<String> = keyphrases(&article, &stats, &[])
            .into_iter()
            .map(|p| p.key)
            .collect();
        assert_eq!(keys, [marsad_text::key("نائب خادم الحرمين الشريفين")]);
        let loose = phrases("اتفاق على تعزيز التعاون", "");
        assert!(
            !keyphrases(&loose, &stats, &[])
                .iter()
                .any(|p| p.key == "تعزيز التعاون"),
            "a common word's passing combination is not cohesive"
        );
    }

    #[test]
    fn the_statistics_stay_bounded_and_keep_recurring_phrases() {
        let mut stats = PhraseStats::new(64);
        let recurring = phrases("مجلس التعاون الخليجي", "");
        for i in 0..500 {
            stats.add(&phrases(&format!("كلمة{i} اخرى{i} ثالثة{i}"), ""));
            if i % 10 == 0 {
                stats.add(&recurring);
            }
        }
        assert!(stats.df.len() <= 64);
        assert!(stats.articles(&recurring[0]) >= 50);
    }
}
