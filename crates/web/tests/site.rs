//! Every route of the reading site and the feeds out, over a real SQLite store and a real
//! search index filled with our own fixture articles: status, direction, language, content,
//! copies collapsed, errors in the reader's language.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{DateTime, Duration, TimeZone, Utc};
use marsad_index::SearchIndex;
use marsad_model::{ArticleId, NewArticle, SourceId, StoryId, url_key};
use marsad_store::{
    ArticleAnalysis, ArticleCommit, ArticleStore, FeedStore, NewDocument, SourceStore, SqliteStore,
    Tag,
};
use marsad_web::{AppState, router};
use std::sync::Arc;
use tower::ServiceExt;

/// The time of the fixture's main story.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap()
}

fn tag(name: &str, kind: &str) -> Tag {
    Tag {
        name: name.into(),
        key: name.into(),
        kind: kind.into(),
    }
}

struct World {
    _dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    index: Arc<SearchIndex>,
    /// Outlets: 0 publishes the original, 1..=5 copy it, 6 writes its own article.
    sources: Vec<SourceId>,
    story: StoryId,
    original: ArticleId,
    copies: Vec<ArticleId>,
    own: ArticleId,
    /// An older story sharing the rare tag "ميناء الشمال" with the original.
    related: StoryId,
}

struct Spec<'a> {
    source: SourceId,
    n: usize,
    title: &'a str,
    text: &'a str,
    key: &'a str,
    at: DateTime<Utc>,
    analysis: ArticleAnalysis,
}

async fn put(store: &SqliteStore, s: Spec<'_>) -> (ArticleId, StoryId) {
    let url = format!("https://site{}.example/news/{}", s.source.0, s.n);
    let a = NewArticle {
        source_id: s.source,
        feed_id: None,
        url: url.clone(),
        canonical_url: url.clone(),
        url_key: url_key(&url).unwrap(),
        alias_keys: vec![],
        title: Some(s.title.into()),
        description: None,
        authors: vec!["هالة منصور".into()],
        published_at: Some(s.at),
        published_offset: Some(3 * 3600),
        published_precision: Some(marsad_model::Precision::Minute),
        updated_at: None,
        lang: Some("ar".into()),
        dir: "rtl".into(),
        text: s.text.into(),
        html_sanitized: format!("<p>{}</p>", s.text),
        image: None,
        credit: None,
        page_tags: vec![],
        related_links: vec![],
        site_name: None,
        extractor_version: 1,
        content_key: s.key.into(),
    };
    let doc = NewDocument {
        url: url.clone(),
        final_url: url,
        fetched_at: s.at,
        status: 200,
        content_type: None,
        charset: None,
        body: vec![],
    };
    match store
        .commit_analyzed_article(None, &doc, &a, &s.analysis)
        .await
        .unwrap()
    {
        ArticleCommit::Inserted { id, story_id, .. } => (id, story_id),
        ArticleCommit::Existing(_) => panic!("stored twice"),
    }
}

const PORT_TEXT: &str =
    "أعلنت وزارة النقل توسعة ميناء الشمال لاستقبال السفن الكبيرة خلال العام المقبل.";

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("marsad.db"))
        .await
        .unwrap();
    let mut sources = Vec::new();
    for name in [
        "صحيفة الفجر",
        "موقع البوابة",
        "شبكة الأخبار",
        "جريدة الغد",
        "نافذة المدينة",
        "بوابة الخليج",
        "إذاعة الساحل",
    ] {
        sources.push(store.ensure_source(name, None).await.unwrap());
    }
    let port_tags = || ArticleAnalysis {
        tags: vec![tag("ميناء الشمال", "place"), tag("وزارة النقل", "org")],
        ..Default::default()
    };
    // Filler news of other days, so that the port's tag is rare in the archive.
    for i in 0..60 {
        put(
            &store,
            Spec {
                source: sources[i % 7],
                n: 100 + i,
                title: "أخبار متفرقة من المدينة",
                text: "تقرير يومي عن أحوال الطقس والأسواق في المدينة.",
                key: &format!("filler-{i}"),
                at: t0() - Duration::days(3) - Duration::hours(i as i64),
                analysis: ArticleAnalysis {
                    tags: vec![tag("المدينة", "place")],
                    ..Default::default()
                },
            },
        )
        .await;
    }
    let (_, related) = put(
        &store,
        Spec {
            source: sources[6],
            n: 1,
            title: "دراسة لتعميق ممر ميناء الشمال",
            text: "بدأت دراسة لتعميق الممر الملاحي.",
            key: "older-port",
            at: t0() - Duration::days(2),
            analysis: ArticleAnalysis {
                tags: vec![tag("ميناء الشمال", "place")],
                ..Default::default()
            },
        },
    )
    .await;
    let (original, story) = put(
        &store,
        Spec {
            source: sources[0],
            n: 2,
            title: "توسعة ميناء الشمال",
            text: PORT_TEXT,
            key: "port",
            at: t0(),
            analysis: port_tags(),
        },
    )
    .await;
    let mut copies = Vec::new();
    for (i, &source) in sources.iter().enumerate().take(6).skip(1) {
        let (id, s) = put(
            &store,
            Spec {
                source,
                n: 10 + i,
                title: "توسعة ميناء الشمال",
                text: PORT_TEXT,
                key: "port",
                at: t0() + Duration::minutes(10 * i as i64),
                analysis: port_tags(),
            },
        )
        .await;
        assert_eq!(s, story);
        copies.push(id);
    }
    let (own, s) = put(
        &store,
        Spec {
            source: sources[6],
            n: 3,
            title: "الوزير: توسعة الميناء توفر ألف وظيفة",
            text: "قال وزير النقل إن توسعة ميناء الشمال توفر ألف وظيفة.",
            key: "own",
            at: t0() + Duration::hours(2),
            analysis: ArticleAnalysis {
                story: Some(story),
                ..port_tags()
            },
        },
    )
    .await;
    assert_eq!(s, story);
    store
        .add_feed(sources[0], "https://site1.example/rss.xml", None)
        .await
        .unwrap();
    // The index, written from the store by the pipeline's follower.
    let index = SearchIndex::open(&dir.path().join("index")).unwrap();
    marsad_pipeline::sync_index(&store, &index, false, &mut |_| {})
        .await
        .unwrap();
    World {
        _dir: dir,
        store: Arc::new(store),
        index: Arc::new(index),
        sources,
        story,
        original,
        copies,
        own,
        related,
    }
}

impl World {
    fn app(&self) -> axum::Router {
        router(AppState::new(self.store.clone()).with_index(self.index.clone()))
    }
}

struct Answer {
    status: StatusCode,
    content_language: String,
    vary: String,
    content_type: String,
    cookies: Vec<String>,
    body: String,
}

async fn get_with(app: &axum::Router, path: &str, cookie: Option<&str>) -> Answer {
    let mut req = Request::get(path).header("host", "marsad.example");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let header = |name: &str| -> Vec<String> {
        resp.headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    };
    let content_type = header("content-type").pop().unwrap_or_default();
    let cookies = header("set-cookie");
    let content_language = header("content-language").pop().unwrap_or_default();
    let vary = header("vary").join(", ");
    let body = axum::body::to_bytes(resp.into_body(), 4 << 20)
        .await
        .unwrap();
    Answer {
        status,
        content_language,
        vary,
        content_type,
        cookies,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

async fn get(app: &axum::Router, path: &str) -> Answer {
    get_with(app, path, None).await
}

/// Percent-encodes a path segment or query value the way the site writes tag addresses.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn has(html: &str, parts: &[&str]) {
    for p in parts {
        assert!(html.contains(p), "page lacks {p:?}");
    }
}

#[tokio::test]
async fn the_home_page_ranks_the_story_of_seven_outlets_first() {
    let w = world().await;
    let a = get(&w.app(), "/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.content_type.starts_with("text/html"));
    has(
        &a.body,
        &[
            r#"<html lang="ar" dir="rtl">"#,
            "أهم الأخبار",
            &format!(r#"<a href="/story/{}">توسعة ميناء الشمال</a>"#, w.story.0),
            "7 مصادر",
            "7 مقالات",
            "صحيفة الفجر",
            "وسوم رائجة",
            // The port's tags trend: seven articles on the last day, none the week before.
            &format!("/tag/{}", enc("وزارة النقل")),
            "آخر الأخبار",
            r##"href="#main""##,
            r#"<main id="main""#,
            r#"type="application/atom+xml""#,
        ],
    );
    let first_story = a.body.find("/story/").unwrap();
    assert!(a.body[first_story..].starts_with(&format!("/story/{}\"", w.story.0)));
    // The cached copy is served the same.
    let again = get(&w.app(), "/").await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("7 مصادر"));
}

#[tokio::test]
async fn a_story_collapses_its_five_copies_under_the_original() {
    let w = world().await;
    let a = get(&w.app(), &format!("/story/{}", w.story.0)).await;
    assert_eq!(a.status, StatusCode::OK);
    has(
        &a.body,
        &[
            r#"dir="rtl""#,
            "التغطية الكاملة",
            "نشره أولاً",
            "<details class=\"copies\">",
            "<summary>نشرته أيضاً 5 مواقع</summary>",
            "التسلسل الزمني للتغطية",
            "الوزير: توسعة الميناء توفر ألف وظيفة",
        ],
    );
    // Two originals (the wire story and the own article), the copies inside the first.
    assert_eq!(a.body.matches(r#"<li class="covered"#).count(), 2);
    let details = &a.body[a.body.find("<details").unwrap()..a.body.find("</details>").unwrap()];
    for c in &w.copies {
        assert!(details.contains(&format!("/article/{}\"", c.0)));
    }
    assert!(!details.contains(&format!("/article/{}\"", w.own.0)));
    // The timeline lists all seven, earliest first.
    let timeline = &a.body[a.body.find("timeline-h").unwrap()..];
    assert_eq!(timeline.matches("<li>").count(), 7);
    assert!(
        timeline.find(&format!("/article/{}\"", w.original.0))
            < timeline.find(&format!("/article/{}\"", w.own.0))
    );
    for bad in ["/story/0", "/story/999999", "/story/abc", "/story/-3"] {
        let a = get(&w.app(), bad).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(a.body.contains("الصفحة غير موجودة"));
    }
}

#[tokio::test]
async fn the_article_page_has_tags_related_reading_and_other_coverage() {
    let w = world().await;
    let a = get(&w.app(), &format!("/article/{}", w.original.0)).await;
    assert_eq!(a.status, StatusCode::OK);
    has(
        &a.body,
        &[
            r#"lang="ar" dir="rtl">توسعة ميناء الشمال</h1>"#,
            &format!("<p>{PORT_TEXT}</p>"),
            "تاريخ النشر",
            "10 مارس 2026، 12:00 م",
            "كلمات دلالية",
            &format!(r#"href="/tag/{}""#, enc("ميناء الشمال")),
            "اقرأ أيضاً",
            &format!(
                r#"<a href="/story/{}" dir="auto">دراسة لتعميق ممر ميناء الشمال</a>"#,
                w.related.0
            ),
            "من مصادر أخرى",
            "الوزير: توسعة الميناء توفر ألف وظيفة",
            r#"href="https://site1.example/news/2""#,
            "اقرأ المقال على موقع",
            "أظهر التاريخ الهجري",
        ],
    );
    // Other coverage is other outlets' own articles: the copies say the same thing.
    let others = &a.body[a.body.find("others-h").unwrap()..];
    for c in &w.copies {
        assert!(!others.contains(&format!("/article/{}\"", c.0)));
    }
    assert!(!a.body.contains("هـ)"), "no Hijri date unless asked");
    // A copy says what it copies.
    let copy = get(&w.app(), &format!("/article/{}", w.copies[0].0)).await;
    has(
        &copy.body,
        &[
            "هذا المقال نسخة من",
            &format!(r#"<a href="/article/{}">"#, w.original.0),
        ],
    );
}

#[tokio::test]
async fn the_hijri_date_appears_on_request_and_is_remembered() {
    let w = world().await;
    let path = format!("/article/{}", w.original.0);
    let a = get(&w.app(), &format!("{path}?hijri=1")).await;
    assert_eq!(a.status, StatusCode::OK);
    // 10 March 2026 was 21 Ramadan 1447 in the Umm al-Qura calendar.
    has(&a.body, &["(21 رمضان 1447 هـ)", "أخفِ التاريخ الهجري"]);
    assert!(a.cookies.iter().any(|c| c.starts_with("hijri=1;")));
    let b = get_with(&w.app(), &path, Some("hijri=1")).await;
    assert!(b.body.contains("21 رمضان 1447 هـ"));
    let c = get_with(&w.app(), &format!("{path}?hijri=0"), Some("hijri=1")).await;
    assert!(!c.body.contains("1447 هـ"));
}

#[tokio::test]
async fn english_is_a_switch_away_and_articles_keep_their_own_direction() {
    let w = world().await;
    let a = get(&w.app(), &format!("/article/{}?lang=en", w.original.0)).await;
    assert_eq!(a.status, StatusCode::OK);
    has(
        &a.body,
        &[
            r#"<html lang="en" dir="ltr">"#,
            r#"lang="ar" dir="rtl">توسعة ميناء الشمال</h1>"#,
            "Published",
            "10 March 2026, 12:00 PM",
            "<h2 id=\"tags-h\">Tags</h2>",
            "Read also",
            "From other sources",
            // The switch back is written in Arabic, right to left.
            r#"lang="ar" dir="rtl" hreflang="ar">العربية</a>"#,
        ],
    );
    assert!(a.cookies.iter().any(|c| c.starts_with("lang=en;")));
    assert_eq!(a.content_language, "en");
    assert_eq!(a.vary, "Cookie");
    let home = get_with(&w.app(), "/", Some("lang=en")).await;
    has(
        &home.body,
        &[r#"<html lang="en" dir="ltr">"#, "Top stories", "7 outlets"],
    );
    let story = get_with(&w.app(), &format!("/story/{}", w.story.0), Some("lang=en")).await;
    assert!(
        story
            .body
            .contains("<summary>Also published by 5 sites</summary>")
    );
    let missing = get_with(&w.app(), "/article/424242", Some("lang=en")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    has(
        &missing.body,
        &[r#"<html lang="en" dir="ltr">"#, "Page not found"],
    );
}

#[tokio::test]
async fn tag_pages_chart_volume_and_list_co_occurring_tags() {
    let w = world().await;
    let a = get(&w.app(), &format!("/tag/{}", enc("ميناء الشمال"))).await;
    assert_eq!(a.status, StatusCode::OK);
    has(
        &a.body,
        &[
            r#"<h1 dir="auto">ميناء الشمال</h1>"#,
            "مكان",
            "8 مقالات",
            r#"<svg class="chart""#,
            "<title>2026-03-10: 7</title>",
            "<title>2026-03-08: 1</title>",
            "وسوم مرتبطة",
            "وزارة النقل",
            "/feeds/tag/",
        ],
    );
    assert_eq!(a.body.matches(r#"<li class="card">"#).count(), 8);
    let missing = get(&w.app(), &format!("/tag/{}", enc("لا"))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("الصفحة غير موجودة"));
    let bad = get(&w.app(), &format!("/tag/{}?page=abc", enc("ميناء الشمال"))).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("طلب غير صالح"));
}

#[tokio::test]
async fn source_pages_show_feed_health_originality_and_paging() {
    let w = world().await;
    let a = get(&w.app(), &format!("/source/{}", w.sources[1].0)).await;
    assert_eq!(a.status, StatusCode::OK);
    // One of its ten articles copies another outlet's: 90 % its own.
    has(
        &a.body,
        &[
            "موقع البوابة",
            "الأصالة",
            "90% من مقالاته من إنتاجه",
            r#"<svg class="chart""#,
        ],
    );
    let b = get(&w.app(), &format!("/source/{}", w.sources[0].0)).await;
    has(
        &b.body,
        &[
            "الخلاصات",
            "https://site1.example/rss.xml",
            "لم تُجلب بعد",
            "100%",
        ],
    );
    let latest = get(&w.app(), "/latest").await;
    assert_eq!(latest.status, StatusCode::OK);
    assert_eq!(latest.body.matches(r#"<li class="card">"#).count(), 30);
    assert!(
        latest
            .body
            .contains(r#"<a rel="next" href="/latest?page=2">"#)
    );
    let third = get(&w.app(), "/latest?page=3").await;
    assert_eq!(third.body.matches(r#"<li class="card">"#).count(), 8);
    assert!(
        third
            .body
            .contains(r#"<a rel="prev" href="/latest?page=2">"#)
    );
    assert!(!third.body.contains(r#"rel="next""#));
    assert_eq!(
        get(&w.app(), "/latest?page=0").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&w.app(), "/source/99999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&w.app(), "/source/x").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn search_highlights_folds_copies_and_offers_facets() {
    let w = world().await;
    let a = get(&w.app(), &format!("/search?q={}", enc("توسعة"))).await;
    assert_eq!(a.status, StatusCode::OK);
    has(
        &a.body,
        &[
            "<mark>توسعة</mark>",
            "ومعه 5 نسخ",
            "حسب المصدر",
            "حسب اليوم",
            "2026-03-10",
            r#"value="توسعة""#,
            "/feeds/search.atom?q=",
        ],
    );
    // The wire story and its five copies are one result; the minister's article another.
    assert_eq!(a.body.matches(r#"<li class="hit">"#).count(), 2);
    let form = get(&w.app(), "/search").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"role="search""#));
    let bad = get(&w.app(), &format!("/search?q={}", enc("\"ميناء"))).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("علامة تنصيص"));
    let bad_en = get(&w.app(), "/search?q=from%3Ablah+x&lang=en").await;
    assert_eq!(bad_en.status, StatusCode::BAD_REQUEST);
    assert!(bad_en.body.contains("is not a date"));
    assert_eq!(
        get(&w.app(), "/search?q=x&page=999").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&w.app(), "/search?q=x&sort=up").await.status,
        StatusCode::BAD_REQUEST
    );
    // Without an index the page says so.
    let bare = router(AppState::new(w.store.clone()));
    let off = get(&bare, "/search?q=x").await;
    assert_eq!(off.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(off.body.contains("البحث غير متاح حالياً"));
}

#[tokio::test]
async fn feeds_out_parse_back_in_every_syntax() {
    let w = world().await;
    let tag_feed = format!("/feeds/tag/{}.atom", enc("وزارة النقل"));
    let search_feed = format!("/feeds/search.json?q={}", enc("توسعة"));
    let own_title = "الوزير: توسعة الميناء توفر ألف وظيفة";
    for (path, mime, entries, first) in [
        (
            "/feeds/top.atom",
            "application/atom+xml",
            1,
            "توسعة ميناء الشمال",
        ),
        (
            "/feeds/top.rss",
            "application/rss+xml",
            1,
            "توسعة ميناء الشمال",
        ),
        (
            "/feeds/top.json",
            "application/feed+json",
            1,
            "توسعة ميناء الشمال",
        ),
        (tag_feed.as_str(), "application/atom+xml", 7, own_title),
        ("/feeds/source/7.rss", "application/rss+xml", 10, own_title),
        (search_feed.as_str(), "application/feed+json", 2, ""),
    ] {
        let a = get(&w.app(), path).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(
            a.content_type.starts_with(mime),
            "{path}: {}",
            a.content_type
        );
        let feed = marsad_feed::parse_feed(a.body.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        assert_eq!(feed.items.len(), entries, "{path}");
        let item = &feed.items[0];
        if !first.is_empty() {
            assert_eq!(item.title.as_deref(), Some(first), "{path}");
        }
        let link = item.url.as_deref().unwrap();
        assert!(link.starts_with("http://marsad.example/"), "{path}: {link}");
        assert!(item.published.is_some(), "{path}");
    }
    assert_eq!(
        get(&w.app(), "/feeds/top.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&w.app(), "/feeds/tag/nothing.atom").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&w.app(), "/feeds/source/abc.rss").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&w.app(), "/feeds/search.atom?q=%22x").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn cached_pages_keep_each_reader_s_language_and_calendar() {
    let w = world().await;
    // One application, so that its page caches serve the repeated requests.
    let app = w.app();
    let path = format!("/article/{}", w.original.0);
    for _ in 0..2 {
        let ar = get(&app, &path).await;
        assert!(ar.body.contains(r#"<html lang="ar" dir="rtl">"#));
        assert!(!ar.body.contains("1447 هـ"));
        let en = get_with(&app, &path, Some("lang=en")).await;
        assert!(en.body.contains(r#"<html lang="en" dir="ltr">"#));
        let hijri = get_with(&app, &path, Some("hijri=1")).await;
        assert!(hijri.body.contains("21 رمضان 1447 هـ"));
        let asked = get(&app, &format!("{path}?lang=en")).await;
        assert!(asked.cookies.iter().any(|c| c.starts_with("lang=en;")));
        assert!(asked.body.contains(r#"<html lang="en" dir="ltr">"#));
        let home_en = get_with(&app, "/", Some("lang=en")).await;
        assert!(home_en.body.contains("Top stories"));
        let home_ar = get(&app, "/").await;
        assert!(home_ar.body.contains("أهم الأخبار"));
    }
}
