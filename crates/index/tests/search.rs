//! Every query feature of the search index over a small archive of articles written for this
//! test: spelling variants, phrases, exclusion, OR, filters, dates, sorting, highlights in
//! the original Arabic, facets, folded copies, pagination and reopening.

use chrono::{DateTime, Utc};
use marsad_index::{IndexDoc, Position, SearchIndex, SearchOptions, Sort, parse};
use proptest::prelude::*;

const DAY: i64 = 86_400_000;

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z")
        .unwrap()
        .to_utc()
}

fn doc(id: u64, day: i64, source: (u64, &str), title: &str, text: &str) -> IndexDoc {
    IndexDoc {
        id,
        url: format!("https://example.test/{id}"),
        title: title.into(),
        description: String::new(),
        text: text.into(),
        tags: vec![],
        source_id: source.0,
        source: source.1.into(),
        lang: Some("ar".into()),
        published_ms: Some(t0().timestamp_millis() + day * DAY),
        story: id,
        duplicate_of: None,
    }
}

const WIRE: (u64, &str) = (1, "وكالة الأنباء");
const PAPER: (u64, &str) = (2, "صحيفة الشرق");

fn archive() -> Vec<IndexDoc> {
    let mut docs = vec![
        doc(
            1,
            0,
            WIRE,
            "وزير الطاقة يعلن خطة ٢٠٢٥ لخفض أسعار الكهرباء",
            "أعلن وزير الطاقة أَحمـــد سالم اليوم خطة جديدة لخفض أسعار الكهرباء على المنازل \
             خلال عام 2025، وقال المسئول إن الخطة تشمل دعم الأسر محدودة الدخل.",
        ),
        doc(
            2,
            1,
            PAPER,
            "ارتفاع أسعار النفط في الأسواق العالمية",
            "ارتفعت أسعار النفط اليوم مع تراجع المخزونات الأمريكية، وقال محللون إن مجلس \
             الإدارة في شركات الطاقة يتابع السوق.",
        ),
        doc(
            3,
            2,
            PAPER,
            "مجلس النواب يقر الموازنة العامة",
            "أقر مجلس النواب الموازنة العامة للدولة بعد نقاش طويل حول أسعار الكهرباء والوقود.",
        ),
        doc(
            4,
            3,
            WIRE,
            "Energy minister announces electricity price cuts",
            "The energy minister announced plans to cut electricity prices for households.",
        ),
    ];
    docs[3].lang = Some("en".into());
    docs[1].tags = vec!["النفط".into(), "الأسواق".into()];
    docs[2].tags = vec!["البرلمان".into()];
    // A copy of the wire story, republished by the paper a day later.
    let mut copy = doc(
        5,
        1,
        PAPER,
        "خطة لخفض أسعار الكهرباء",
        &docs[0].text.clone(),
    );
    copy.duplicate_of = Some(1);
    copy.published_ms = copy.published_ms.map(|p| p + DAY / 2);
    copy.story = 1;
    docs.push(copy);
    docs
}

fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let mut w = index.writer().unwrap();
    for d in archive() {
        w.add(&d).unwrap();
    }
    w.commit(Position { seq: 0, id: 5 }).unwrap();
    (dir, index)
}

fn ids(index: &SearchIndex, q: &str, options: &SearchOptions) -> Vec<u64> {
    let query = parse(q, t0() + chrono::Duration::days(10)).unwrap();
    index
        .search(&query, options)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

fn sorted(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v
}

fn plain() -> SearchOptions {
    SearchOptions {
        collapse_copies: false,
        ..SearchOptions::default()
    }
}

#[test]
fn spelling_variants_and_inflections_meet() {
    let (_d, index) = index();
    let o = plain();
    assert_eq!(
        sorted(ids(&index, "احمد", &o)),
        [1, 5],
        "أَحمـــد is found as احمد"
    );
    assert_eq!(
        sorted(ids(&index, "المسؤول", &o)),
        [1, 5],
        "مسئول and مسؤول meet"
    );
    assert_eq!(
        ids(&index, "2025", &o)[..1],
        [1],
        "٢٠٢٥ in the headline is 2025"
    );
    assert!(ids(&index, "الموازنه", &o).contains(&3), "final ه for ة");
    // Inflection: the stem finds the singular and the plural.
    assert!(ids(&index, "السوق", &o).contains(&2));
    assert_eq!(ids(&index, "prices", &o), [4]);
    assert_eq!(ids(&index, "price", &o), [4], "English plurals meet");
}

#[test]
fn phrases_exclusion_and_or() {
    let (_d, index) = index();
    let o = plain();
    assert_eq!(ids(&index, "\"مجلس النواب\"", &o), [3]);
    let both = ids(&index, "مجلس", &o);
    assert!(both.contains(&2) && both.contains(&3));
    assert_eq!(ids(&index, "أسعار -الكهرباء", &o), [2]);
    let mut either = ids(&index, "النفط OR الموازنة", &o);
    either.sort_unstable();
    assert_eq!(either, [2, 3]);
    assert!(
        ids(&index, "النفط الموازنة", &o).is_empty(),
        "words are all required"
    );
    // A pasted passage with a wrong word still finds its article: most words are enough.
    let passage = "ارتفعت أسعار النفط اليوم مع تراجع المخزونات الأمريكية وقال محللون كلمةخاطئة";
    assert_eq!(ids(&index, passage, &o)[0], 2);
}

#[test]
fn filters_by_source_tag_language_and_dates() {
    let (_d, index) = index();
    let o = plain();
    assert_eq!(ids(&index, "الكهرباء source:\"وكالة الانباء\"", &o), [1]);
    assert_eq!(ids(&index, "tag:النفط", &o), [2]);
    assert_eq!(ids(&index, "lang:en", &o), [4]);
    let mut ranged = ids(&index, "from:2026-11-21 to:2026-11-22", &o);
    ranged.sort_unstable();
    assert_eq!(ranged, [2, 3, 5]);
    // Relative: ten days after t0, "the last 7 days" starts on day 3.
    assert_eq!(ids(&index, "from:7d", &o), [4]);
}

#[test]
fn sorting_by_newest_and_by_relevance_blended_with_recency() {
    let (_d, index) = index();
    let newest = SearchOptions {
        sort: Sort::Newest,
        ..plain()
    };
    assert_eq!(ids(&index, "أسعار", &newest), [3, 5, 2, 1]);
    let blend = SearchOptions {
        sort: Sort::Blend {
            half_life_days: 0.1,
        },
        now_ms: t0().timestamp_millis() + 2 * DAY,
        ..plain()
    };
    assert_eq!(
        ids(&index, "الكهرباء", &blend)[0],
        3,
        "the newest wins a steep decay"
    );
}

#[test]
fn highlights_point_into_the_original_arabic() {
    let (_d, index) = index();
    let query = parse("احمد الكهرباء", t0()).unwrap();
    let results = index.search(&query, &plain()).unwrap();
    let hit = results.hits.iter().find(|h| h.id == 1).unwrap();
    let marked: Vec<&str> = hit
        .snippet
        .highlights
        .iter()
        .map(|&(a, b)| &hit.snippet.text[a..b])
        .collect();
    assert!(marked.contains(&"أَحمـــد"), "{marked:?}");
    assert!(marked.contains(&"الكهرباء"), "{marked:?}");
    let title: Vec<&str> = hit
        .title_highlights
        .iter()
        .map(|&(a, b)| &hit.title[a..b])
        .collect();
    assert_eq!(title, ["الكهرباء"]);
}

#[test]
fn copies_fold_into_one_result_and_facets_count_every_match() {
    let (_d, index) = index();
    let query = parse("خطة أسعار الكهرباء", t0()).unwrap();
    let results = index.search(&query, &SearchOptions::default()).unwrap();
    assert_eq!(results.total, 2);
    assert_eq!(results.hits.len(), 1);
    assert_eq!(results.hits[0].copies, 1);
    assert_eq!(results.by_source.get(&WIRE.0), Some(&1));
    assert_eq!(results.by_source.get(&PAPER.0), Some(&1));
    assert_eq!(results.by_day.values().sum::<u64>(), 2);
}

#[test]
fn pages_do_not_overlap() {
    let (_d, index) = index();
    let page = |offset| SearchOptions {
        limit: 2,
        offset,
        sort: Sort::Newest,
        ..plain()
    };
    let first = ids(&index, "from:2026-11-01", &page(0));
    let second = ids(&index, "from:2026-11-01", &page(2));
    let third = ids(&index, "from:2026-11-01", &page(4));
    assert_eq!(first, [4, 3]);
    assert_eq!(second.len(), 2);
    assert_eq!(third.len(), 1);
    assert!(second.iter().all(|i| !first.contains(i)));
}

#[test]
fn reopening_keeps_the_articles_and_the_last_indexed_id_and_replacing_does_not_double() {
    let (dir, index) = index();
    assert_eq!(index.last_indexed().id, 5);
    drop(index);
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.len(), 5);
    assert_eq!(index.last_indexed().id, 5);
    let mut w = index.writer().unwrap();
    let mut changed = archive().remove(1);
    changed.title = "تراجع أسعار النفط".into();
    w.add(&changed).unwrap();
    w.commit(Position { seq: 0, id: 5 }).unwrap();
    assert_eq!(index.len(), 5);
    assert_eq!(ids(&index, "تراجع", &plain()), [2]);
}

#[test]
fn a_batch_dropped_without_commit_leaves_nothing_behind() {
    let (_dir, index) = index();
    {
        let mut w = index.writer().unwrap();
        w.add(&doc(
            9,
            3,
            WIRE,
            "زلزال يضرب الساحل",
            "ضرب زلزال قوي الساحل الليلة.",
        ))
        .unwrap();
        // Dropped: a failed sync abandons its batch.
    }
    let mut w = index.writer().unwrap();
    w.add(&doc(
        10,
        3,
        WIRE,
        "افتتاح معرض الكتاب",
        "افتتح معرض الكتاب أبوابه اليوم.",
    ))
    .unwrap();
    w.commit(Position { seq: 0, id: 10 }).unwrap();
    assert_eq!(ids(&index, "زلزال", &plain()), Vec::<u64>::new());
    assert_eq!(ids(&index, "معرض", &plain()), [10]);
    assert_eq!(index.last_indexed().id, 10);
}

#[test]
fn a_large_batch_read_on_every_core_is_indexed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let docs: Vec<IndexDoc> = (1..=500)
        .map(|i| {
            doc(
                i,
                0,
                PAPER,
                &format!("تقرير رقم {i}"),
                &format!("نص التقرير الاقتصادي رقم {i} عن الأسواق."),
            )
        })
        .collect();
    let mut w = index.writer().unwrap();
    w.add_all(&docs).unwrap();
    w.commit(Position { seq: 0, id: 500 }).unwrap();
    index.wait_merges().unwrap();
    assert_eq!(index.len(), 500);
    assert_eq!(ids(&index, "\"رقم 377\"", &plain()), [377]);
}

proptest! {
    #[test]
    fn any_query_text_parses_or_gives_an_error_and_never_panics(s in any::<String>()) {
        let _ = parse(&s, t0());
    }

    #[test]
    fn queries_of_query_syntax_never_panic(
        s in "[\"«»a-z:\\- ORorفنطالكهرباء0-9]{0,60}"
    ) {
        static SHARED: std::sync::OnceLock<(tempfile::TempDir, SearchIndex)> =
            std::sync::OnceLock::new();
        let (_, index) = SHARED.get_or_init(index);
        if let Ok(q) = parse(&s, t0()) {
            prop_assert!(index.search(&q, &SearchOptions::default()).is_ok());
        }
    }
}
