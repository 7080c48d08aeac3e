//! The reading site's queries (`SiteStore`) on a real SQLite file filled through the store's
//! own write API.

use chrono::{DateTime, Duration, TimeZone, Utc};
use marsad_model::{ArticleId, NewArticle, SourceId, StoryId, url_key};
use marsad_store::site::{MAX_PAGE, StoryRanking};
use marsad_store::{
    ArticleAnalysis, ArticleCommit, ArticleStore, FeedStore, NewDocument, SiteStore, SourceStore,
    SqliteStore, Tag,
};

/// The fixture's clock: the ranking and the trending tags are computed at this time.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

fn tag(name: &str, kind: &str) -> Tag {
    Tag {
        name: name.into(),
        key: name.into(),
        kind: kind.into(),
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: SqliteStore,
    sources: Vec<SourceId>,
    /// The big story: an original, a verbatim copy, and a third outlet's own article.
    big: StoryId,
    original: ArticleId,
    copy: ArticleId,
    own: ArticleId,
    /// A one-outlet story published an hour before `now`.
    fresh: StoryId,
    /// A one-outlet story five days old.
    old: StoryId,
}

async fn put(
    store: &SqliteStore,
    source: SourceId,
    n: usize,
    title: &str,
    content_key: &str,
    at: DateTime<Utc>,
    analysis: ArticleAnalysis,
) -> (ArticleId, StoryId, Option<ArticleId>) {
    let url = format!("https://outlet{}.example/news/{n}", source.0);
    let a = NewArticle {
        source_id: source,
        feed_id: None,
        url: url.clone(),
        canonical_url: url.clone(),
        url_key: url_key(&url).unwrap(),
        alias_keys: vec![],
        title: Some(title.into()),
        description: None,
        authors: vec![],
        published_at: Some(at),
        published_offset: Some(3 * 3600),
        published_precision: Some(marsad_model::Precision::Minute),
        updated_at: None,
        lang: Some("ar".into()),
        dir: "rtl".into(),
        text: format!("{title}. نص الخبر الكامل."),
        html_sanitized: format!("<p>{title}</p>"),
        image: None,
        credit: None,
        page_tags: vec![],
        related_links: vec![],
        site_name: None,
        extractor_version: 1,
        content_key: content_key.into(),
    };
    let doc = NewDocument {
        url: url.clone(),
        final_url: url,
        fetched_at: at,
        status: 200,
        content_type: None,
        charset: None,
        body: vec![],
    };
    match store
        .commit_analyzed_article(None, &doc, &a, &analysis)
        .await
        .unwrap()
    {
        ArticleCommit::Inserted {
            id,
            duplicate_of,
            story_id,
        } => (id, story_id, duplicate_of),
        ArticleCommit::Existing(_) => panic!("article stored twice"),
    }
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("marsad.db"))
        .await
        .unwrap();
    let mut sources = Vec::new();
    for name in ["صحيفة الشروق", "وكالة النهار", "إذاعة الساحل"] {
        sources.push(store.ensure_source(name, None).await.unwrap());
    }
    let t = now();
    let port = || ArticleAnalysis {
        tags: vec![tag("الميناء", "place"), tag("وزارة النقل", "org")],
        ..Default::default()
    };
    let (old_id, old, _) = put(
        &store,
        sources[0],
        1,
        "افتتاح مكتبة عامة",
        "k-old",
        t - Duration::days(5),
        ArticleAnalysis {
            tags: vec![tag("الميناء", "place"), tag("الثقافة", "topic")],
            ..Default::default()
        },
    )
    .await;
    let _ = old_id;
    let (original, big, _) = put(
        &store,
        sources[0],
        2,
        "توسعة الميناء الشمالي",
        "k-port",
        t - Duration::hours(6),
        port(),
    )
    .await;
    let (copy, copy_story, dup) = put(
        &store,
        sources[1],
        3,
        "توسعة الميناء الشمالي",
        "k-port",
        t - Duration::hours(5),
        port(),
    )
    .await;
    assert_eq!(dup, Some(original));
    assert_eq!(copy_story, big);
    let (own, own_story, _) = put(
        &store,
        sources[2],
        4,
        "الوزير يشرح خطة توسعة الميناء",
        "k-own",
        t - Duration::hours(4),
        ArticleAnalysis {
            story: Some(big),
            ..port()
        },
    )
    .await;
    assert_eq!(own_story, big);
    let (_, fresh, _) = put(
        &store,
        sources[1],
        5,
        "هطول أمطار غزيرة",
        "k-rain",
        t - Duration::hours(1),
        ArticleAnalysis {
            tags: vec![tag("الطقس", "topic")],
            ..Default::default()
        },
    )
    .await;
    Fixture {
        _dir: dir,
        store,
        sources,
        big,
        original,
        copy,
        own,
        fresh,
        old,
    }
}

#[tokio::test]
async fn top_stories_rank_outlets_against_age_within_the_window() {
    let f = fixture().await;
    let top = f
        .store
        .top_stories(&StoryRanking::at(now()), 10)
        .await
        .unwrap();
    let ids: Vec<StoryId> = top.iter().map(|s| s.id).collect();
    // Three outlets four hours ago beat one outlet an hour ago; the five-day-old story is out
    // of the 48-hour window.
    assert_eq!(ids, [f.big, f.fresh]);
    let big = &top[0];
    assert_eq!(big.sources, 3);
    assert_eq!(big.articles, 3);
    assert_eq!(big.origin, Some(f.original));
    assert_eq!(big.origin_source_name.as_deref(), Some("صحيفة الشروق"));
    assert_eq!(big.title.as_deref(), Some("توسعة الميناء الشمالي"));
    assert!(big.score > top[1].score);
    // A story dated tomorrow carries a wrong date: it does not rank.
    put(
        &f.store,
        f.sources[2],
        6,
        "خبر بتاريخ خاطئ",
        "k-future",
        now() + Duration::days(1),
        ArticleAnalysis::default(),
    )
    .await;
    let top = f
        .store
        .top_stories(&StoryRanking::at(now()), 10)
        .await
        .unwrap();
    assert_eq!(
        top.iter().map(|s| s.id).collect::<Vec<_>>(),
        [f.big, f.fresh]
    );
    // Years later, the archive still ranks its last days.
    let later = StoryRanking::at(now() + Duration::days(900));
    let top = f.store.top_stories(&later, 10).await.unwrap();
    assert_eq!(top.len(), 3, "by then the once-future story is past too");
    let one = f
        .store
        .top_stories(&StoryRanking::at(now()), 1)
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
}

#[tokio::test]
async fn a_story_s_coverage_collapses_copies_under_their_original() {
    let f = fixture().await;
    let c = f.store.story_coverage(f.big).await.unwrap().unwrap();
    let originals: Vec<ArticleId> = c.coverage.iter().map(|a| a.article.id).collect();
    assert_eq!(originals, [f.original, f.own]);
    assert_eq!(
        c.coverage[0]
            .copies
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        [f.copy]
    );
    assert_eq!(c.coverage[0].copy_sources(), 1);
    let timeline: Vec<ArticleId> = c.timeline.iter().map(|a| a.id).collect();
    assert_eq!(timeline, [f.original, f.copy, f.own]);
    assert_eq!(c.timeline[1].source_name, "وكالة النهار");
    assert!(
        f.store
            .story_coverage(StoryId(999_999))
            .await
            .unwrap()
            .is_none()
    );
    let many = f.store.stories(&[f.big, f.old, StoryId(42)]).await.unwrap();
    assert_eq!(many.len(), 2);
}

#[tokio::test]
async fn latest_is_newest_first_and_bounded() {
    let f = fixture().await;
    let latest = f.store.latest(3, 0).await.unwrap();
    assert_eq!(latest[0].story_id, Some(f.fresh));
    assert_eq!(latest[1].id, f.own);
    assert_eq!(latest[2].id, f.copy);
    assert_eq!(latest[2].duplicate_of, Some(f.original));
    let next = f.store.latest(3, 3).await.unwrap();
    assert_eq!(next.len(), 2);
    assert_eq!(next[0].id, f.original);
    // Absurd pages are clamped, never an error or an unbounded read.
    assert_eq!(f.store.latest(i64::MAX, -5).await.unwrap().len(), 5);
    assert!(f.store.latest(MAX_PAGE, i64::MAX).await.unwrap().is_empty());
    assert_eq!(
        f.store.newest_article_ms().await.unwrap(),
        Some((now() - Duration::hours(1)).timestamp_millis())
    );
    assert_eq!(f.store.article_id_bound().await.unwrap(), 5);
    let one = f.store.listed_article(f.copy).await.unwrap().unwrap();
    assert_eq!(one.url, "https://outlet2.example/news/3");
}

#[tokio::test]
async fn trending_tags_compare_the_last_day_with_the_week_before() {
    let f = fixture().await;
    let trending = f
        .store
        .trending_tags(now().timestamp_millis(), 1, 10)
        .await
        .unwrap();
    let names: Vec<&str> = trending.iter().map(|t| t.tag.name.as_str()).collect();
    // Port and ministry: 3 articles today; the port also had one five days ago. Weather: 1.
    assert_eq!(names, ["وزارة النقل", "الميناء", "الطقس"]);
    assert_eq!(trending[1].last_day, 3);
    assert_eq!(trending[1].week_before, 1);
    assert!(
        f.store
            .trending_tags(now().timestamp_millis(), 2, 10)
            .await
            .unwrap()
            .iter()
            .all(|t| t.last_day >= 2)
    );
}

#[tokio::test]
async fn tag_pages_have_articles_volume_per_day_and_co_occurring_tags() {
    let f = fixture().await;
    let port = f.store.tag_by_key("الميناء").await.unwrap().unwrap();
    assert_eq!(port.kind, "place");
    assert_eq!(port.articles, 4);
    assert!(f.store.tag_by_key("لا يوجد").await.unwrap().is_none());
    let articles = f.store.tag_articles(port.id, 10, 0).await.unwrap();
    assert_eq!(articles.len(), 4);
    assert_eq!(articles[0].id, f.own);
    let from = (now() - Duration::days(30)).timestamp_millis();
    let volume = f
        .store
        .tag_volume(port.id, from, now().timestamp_millis())
        .await
        .unwrap();
    let counts: Vec<i64> = volume.iter().map(|d| d.articles).collect();
    assert_eq!(counts, [1, 3]);
    assert_eq!(volume[1].day, now().timestamp_millis() / 86_400_000);
    let co = f.store.co_tags(port.id, 100, 10).await.unwrap();
    assert_eq!(co[0].tag.name, "وزارة النقل");
    assert_eq!(co[0].together, 3);
    assert_eq!(co[1].tag.name, "الثقافة");
    let tags = f.store.tags_of(f.own).await.unwrap();
    assert_eq!(tags[0].name, "الميناء");
}

#[tokio::test]
async fn source_pages_have_feeds_originality_volume_and_tags() {
    let f = fixture().await;
    let (feed, _) = f
        .store
        .add_feed(f.sources[1], "https://outlet2.example/rss.xml", None)
        .await
        .unwrap();
    let p = f.store.source_profile(f.sources[1]).await.unwrap().unwrap();
    assert_eq!(p.source.name, "وكالة النهار");
    assert_eq!(p.feeds.len(), 1);
    assert_eq!(p.feeds[0].id, feed);
    // One of its two articles copies another outlet's.
    assert_eq!(p.originality.articles, 2);
    assert_eq!(p.originality.copies_of_others, 1);
    assert!((p.originality.share_original - 0.5).abs() < 1e-9);
    assert!(
        f.store
            .source_profile(SourceId(999))
            .await
            .unwrap()
            .is_none()
    );
    let articles = f.store.source_articles(f.sources[1], 10, 0).await.unwrap();
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[1].id, f.copy);
    let volume = f
        .store
        .source_volume(f.sources[0], 0, now().timestamp_millis())
        .await
        .unwrap();
    assert_eq!(volume.iter().map(|d| d.articles).sum::<i64>(), 2);
    assert_eq!(volume.len(), 2);
    let tags = f.store.source_tags(f.sources[0], 50, 10).await.unwrap();
    assert_eq!(tags[0].tag.name, "الميناء");
    assert_eq!(tags[0].together, 2);
}
