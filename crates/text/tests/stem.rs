//! Tests of the light stemmer and the stop words: Lucene's cases, the word lists, hand-made
//! cases and properties.

use marsad_text::{is_stop_word, key, stem};
use proptest::prelude::*;
use std::collections::BTreeSet;

const LUCENE_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/stemming/lucene/"
);
const DATA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/");

/// Lucene light-stem cases whose expected output we deliberately do not produce, each with
/// its reason. Empty: every case of the file agrees with our rules.
const LUCENE_STEM_DIFFERS: &[(&str, &str)] = &[];

/// Lucene normalization cases whose `key` differs from the expected text. Empty: `key`
/// folds exactly as ArabicNormalizationFilter does on all of them.
const LUCENE_NORMALIZATION_DIFFERS: &[(&str, &str)] = &[];

/// Rows `input<TAB>expected<TAB>name` of a Lucene case file (read at test time, never copied).
fn lucene_cases(file: &str) -> Vec<(String, String, String)> {
    let path = format!("{LUCENE_DIR}{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let rows: Vec<_> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "{path}: bad row {l:?}");
            (cols[0].to_owned(), cols[1].to_owned(), cols[2].to_owned())
        })
        .collect();
    assert!(!rows.is_empty(), "{path} has no cases");
    rows
}

/// Entries of one of our word lists (one per line, `#` comments).
fn list(file: &str) -> Vec<String> {
    let path = format!("{DATA_DIR}{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a protected noun stems to: its key, without the article when written with one.
fn protected_stem(noun: &str) -> String {
    match noun.strip_prefix("ال").map(key) {
        Some(bare) if bare.chars().count() >= 3 => bare,
        _ => key(noun),
    }
}

fn names(cases: &[(&str, &str)]) -> BTreeSet<String> {
    cases.iter().map(|(n, _)| (*n).to_owned()).collect()
}

#[test]
fn lucene_light_stem_cases() {
    let mut differs = BTreeSet::new();
    let mut report = Vec::new();
    for (input, expected, name) in lucene_cases("arabic_light_stem_cases.tsv") {
        let k = key(&input);
        let got = stem(&k);
        if got != key(&expected) {
            report.push(format!("{name}: stem({input}) = {got}, Lucene {expected}"));
            differs.insert(name);
        }
    }
    assert_eq!(
        differs,
        names(LUCENE_STEM_DIFFERS),
        "unexpected differences:\n{}",
        report.join("\n")
    );
}

#[test]
fn lucene_normalization_cases() {
    let mut differs = BTreeSet::new();
    let mut report = Vec::new();
    for (input, expected, name) in lucene_cases("arabic_normalization_cases.tsv") {
        let k = key(&input);
        if k != key(&expected) || k != expected {
            report.push(format!("{name}: key({input}) = {k}, Lucene {expected}"));
            differs.insert(name);
        }
    }
    assert_eq!(
        differs,
        names(LUCENE_NORMALIZATION_DIFFERS),
        "unexpected differences:\n{}",
        report.join("\n")
    );
}

#[test]
fn brief_examples() {
    let cases = [
        ("فلسطين", "فلسطين"),
        ("بيروت", "بيروت"),
        ("فرنسا", "فرنسا"),
        ("لبنان", "لبنان"),
        ("عمان", "عمان"),
        ("علي", "علي"),
        ("سوريا", "سوريا"),
        ("اليمن", "يمن"),
        ("تونس", "تونس"),
        ("عثمان", "عثمان"),
        ("سلمان", "سلمان"),
        ("ماليزيا", "ماليزيا"),
        ("البحرين", "بحرين"),
        ("القاهرة", "قاهره"),
        ("بالقاهرة", "قاهره"),
        ("والقاهرة", "قاهره"),
        ("الرياض", "رياض"),
        ("وزير", "وزير"),
        ("ووزير", "وزير"),
        ("والوزير", "وزير"),
        ("وحسن", "حسن"),
    ];
    for (input, expected) in cases {
        assert_eq!(stem(&key(input)), key(expected), "stem({input})");
    }
}

/// Nouns of proper_nouns.txt whose prefixed forms (و, ب, ل, ك, ف) meet another reading first.
/// Each is a real ambiguity of the written language, not a bug of the rules.
const PROCLITIC_FORM_EXCEPTIONS: &[(&str, &str)] = &[];

#[test]
fn protected_nouns_stem_to_themselves() {
    let nouns = list("proper_nouns.txt");
    assert!(nouns.len() >= 300, "only {} proper nouns", nouns.len());
    let mut failures = Vec::new();
    let mut failing = BTreeSet::new();
    for noun in &nouns {
        let expected = protected_stem(noun);
        let got = stem(&key(noun)).to_owned();
        assert_eq!(got, expected, "stem({noun})");
        let article = noun.strip_prefix("ال").filter(|_| expected != key(noun));
        let forms: Vec<String> = if let Some(rest) = article {
            // With the article: و+ال, ب+ال, ك+ال, ف+ال, and ل+ال written لل.
            vec![
                format!("و{noun}"),
                format!("ب{noun}"),
                format!("ك{noun}"),
                format!("ف{noun}"),
                format!("لل{rest}"),
            ]
        } else {
            vec![format!("و{noun}"), format!("ب{noun}"), format!("ل{noun}")]
        };
        for form in forms {
            let got = stem(&key(&form)).to_owned();
            if got != expected {
                failures.push(format!("stem({form}) = {got}, expected {expected}"));
                failing.insert(form);
            }
        }
    }
    assert_eq!(
        failing,
        names(PROCLITIC_FORM_EXCEPTIONS),
        "prefixed forms of protected nouns:\n{}",
        failures.join("\n")
    );
}

#[test]
fn waw_words_keep_their_waw() {
    let words = list("waw_words.txt");
    assert!(words.len() >= 150, "only {} waw words", words.len());
    for word in &words {
        assert_eq!(
            &key(word),
            word,
            "waw_words.txt entry {word} is not in key form"
        );
        assert!(
            word.starts_with('و'),
            "waw_words.txt entry {word} does not start with و"
        );
        let own = stem(word);
        assert!(own.starts_with('و'), "stem({word}) = {own} lost its و");
        for form in [
            format!("و{word}"),
            format!("ال{word}"),
            format!("وال{word}"),
            format!("بال{word}"),
        ] {
            assert_eq!(stem(&form), own, "stem({form})");
        }
    }
}

#[test]
fn waw_lexicon_examples() {
    let cases = [
        // Suffixed and plural forms of lexicon words keep the و.
        ("وزيرها", "وزير"),
        ("وزيرة", "وزير"),
        ("وزراء", "وزراء"),
        ("وزارة", "وزار"),
        ("والوزارات", "وزار"),
        ("ولاية", "ولاي"),
        ("الولايات", "ولاي"),
        ("وكالة", "وكال"),
        ("وطنية", "وطن"),
        ("وقتها", "وقت"),
        // light10's single suffix pass: ات, then ه (وجه itself is وج too).
        ("وجهات", "وج"),
        ("وجهه", "وجه"),
        ("وفاة", "وفا"),
        ("واشنطن", "واشنطن"),
        ("وهران", "وهران"),
        // The conjunction goes.
        ("وقتل", "قتل"),
        ("وأعلن", "اعلن"),
        ("وبالتالي", "تال"),
        ("وللمرة", "مر"),
        // وال words are matched exactly: والده is "his father", والدين "and the religion".
        ("والدين", "دين"),
        ("والده", "والد"),
        ("والوالدين", "والد"),
        // ت (ة before a pronoun) and past-tense ت still find the lexicon word.
        ("ووصفت", "وصفت"),
        ("ووزارة", "وزار"),
        ("وسوريا", "سوريا"),
        // A protected name after و wins over a suffixed waw word (وسام + ي).
        ("وسامي", "سامي"),
        ("وهنية", "هنيه"),
    ];
    for (input, expected) in cases {
        assert_eq!(stem(&key(input)), key(expected), "stem({input})");
    }
}

#[test]
fn ordinary_affixes_are_stripped() {
    let cases = [
        ("المعلمون", "معلم"),
        ("المعلمين", "معلم"),
        ("معلمة", "معلم"),
        ("المعلمات", "معلم"),
        ("والمدارس", "مدارس"),
        ("بالسيارات", "سيار"),
        ("السيارة", "سيار"),
        ("للحكومة", "حكوم"),
        ("الحكومات", "حكوم"),
        ("فالحكومة", "حكوم"),
        ("كالعادة", "عاد"),
        ("الاقتصادية", "اقتصاد"),
        ("اقتصادي", "اقتصاد"),
        ("الاقتصاديون", "اقتصاد"),
        ("الفلسطينيون", "فلسطين"),
        ("فلسطينية", "فلسطين"),
        ("الفلسطينيين", "فلسطين"),
        ("اللبنانيين", "لبنان"),
        ("لبنانية", "لبنان"),
        ("المصري", "مصر"),
        ("مصرية", "مصر"),
        ("البحريني", "بحرين"),
        ("السعوديون", "سعود"),
        ("اليابانيين", "يابان"),
        ("كتابها", "كتاب"),
        ("الطالبان", "طالبان"),
        ("مسؤولون", "مسءول"),
        ("المسؤولين", "مسءول"),
        ("الانتخابات", "انتخاب"),
        ("انتخابات", "انتخاب"),
        ("المتظاهرون", "متظاهر"),
        ("بالمستشفى", "مستشف"),
        ("الرئيس", "رءيس"),
        ("الرئاسية", "رءاس"),
        ("المفاوضات", "مفاوض"),
        ("والمفاوضات", "مفاوض"),
        ("المجلس", "مجلس"),
        ("للأخبار", "اخبار"),
        ("الشرطة", "شرط"),
        ("بالشرطة", "شرط"),
        ("الحماية", "حماي"),
        ("حماة", "حماه"),
        ("النهاية", "نهاي"),
        ("الأمن", "امن"),
        ("والأمن", "امن"),
    ];
    for (input, expected) in cases {
        assert_eq!(stem(&key(input)), key(expected), "stem({input})");
    }
}

#[test]
fn never_a_root_extractor() {
    for word in [
        "فلسطين",
        "لبنان",
        "البحرين",
        "القدس",
        "مستشفيات",
        "فلسطينيات",
    ] {
        let k = key(word);
        let s = stem(&k);
        assert!(s.chars().count() >= 3, "stem({word}) = {s}");
    }
    assert_ne!(stem(&key("فلسطين")), "لسط");
    assert_ne!(stem(&key("البحرين")), "بحر");
    assert_ne!(stem(&key("لبنان")), "لبن");
}

#[test]
fn short_and_foreign_words_are_unchanged() {
    for word in [
        "",
        "و",
        "ال",
        "في",
        "من",
        "الو",
        "English",
        "NATO",
        "2025",
        "é",
        "日本語",
    ] {
        assert_eq!(stem(word), word);
    }
}

#[test]
fn stop_words() {
    let words = list("stopwords.txt");
    assert!(words.len() >= 150, "only {} stop words", words.len());
    for word in &words {
        assert_eq!(
            &key(word),
            word,
            "stopwords.txt entry {word} is not in key form"
        );
        assert!(is_stop_word(word), "{word}");
    }
    for word in [
        "في",
        "من",
        "الي",
        "عليها",
        "هذه",
        "التي",
        "وقد",
        "كان",
        "ايضا",
    ] {
        assert!(is_stop_word(word), "{word} should be a stop word");
    }
    // Content words, reporting verbs and key-form collisions with names are not stop words.
    for word in [
        "قال",
        "اضاف",
        "اكد",
        "نفي",
        "علي",
        "امام",
        "ام",
        "مني",
        "وزير",
        "حكومه",
        "",
    ] {
        assert!(!is_stop_word(word), "{word} should not be a stop word");
    }
    for noun in list("proper_nouns.txt") {
        let k = key(&noun);
        assert!(!is_stop_word(&k), "proper noun {noun} is a stop word");
        assert!(
            !is_stop_word(stem(&k)),
            "stem of proper noun {noun} is a stop word"
        );
    }
}

/// Whether `inner` lies inside `outer` in memory.
fn is_subslice(outer: &str, inner: &str) -> bool {
    let o = outer.as_bytes().as_ptr_range();
    let i = inner.as_bytes().as_ptr_range();
    o.start <= i.start && i.end <= o.end
}

proptest! {
    #[test]
    fn stem_is_a_nonempty_subslice(s in any::<String>()) {
        let out = stem(&s);
        prop_assert!(is_subslice(&s, out));
        prop_assert_eq!(out.is_empty(), s.is_empty());
        let _ = is_stop_word(&s);
    }

    #[test]
    fn arabic_stem_is_a_nonempty_subslice(s in "[\u{0621}-\u{064A}]{0,12}") {
        let k = key(&s);
        let out = stem(&k);
        prop_assert!(is_subslice(&k, out));
        prop_assert_eq!(out.is_empty(), k.is_empty());
        if out.len() < k.len() {
            prop_assert!(out.chars().count() >= 2);
        }
    }

    #[test]
    fn prefixed_words_are_subslices(
        p in "(و|ال|وال|بال|كال|فال|لل|ب|ل)?",
        s in "[\u{0621}-\u{064A}]{0,10}",
        x in "(ها|ان|ات|ون|ين|يه|ه|ي)?",
    ) {
        let w = key(&format!("{p}{s}{x}"));
        let out = stem(&w);
        prop_assert!(is_subslice(&w, out));
        prop_assert_eq!(out.is_empty(), w.is_empty());
    }

    #[test]
    fn mixed_script_words_are_subslices(s in "[\u{0621}-\u{064A}a-z0-9\u{0300}\u{1F600}\u{FEFB}]{0,12}") {
        let out = stem(&s);
        prop_assert!(is_subslice(&s, out));
        prop_assert_eq!(out.is_empty(), s.is_empty());
        let k = key(&s);
        prop_assert!(is_subslice(&k, stem(&k)));
    }

    #[test]
    fn ascii_words_are_unchanged(s in "[ -~]{0,24}") {
        prop_assert_eq!(stem(&s), s.as_str());
    }
}

#[test]
fn english_plurals_meet_their_singulars_and_function_words_are_stop_words() {
    for (plural, singular) in [
        ("attacks", "attack"),
        ("elections", "election"),
        ("boxes", "box"),
        ("churches", "church"),
        ("witnesses", "witness"),
    ] {
        assert_eq!(stem(plural), stem(singular), "{plural}");
    }
    // Not plurals, or too short to tell.
    for word in ["crisis", "virus", "press", "news", "bus", "gas", "paris"] {
        assert_eq!(stem(word), word);
    }
    assert_eq!(stem("countries"), "countri");
    assert_eq!(
        stem("Attacks"),
        "Attacks",
        "only key-form (lower-case) words are stemmed"
    );
    for word in ["the", "of", "and", "were", "which"] {
        assert!(is_stop_word(word), "{word}");
    }
    assert!(!is_stop_word("said"), "reporting verbs stay content words");
}
