//! The storage conformance suite: one set of behaviours every backend must show, run against a
//! temporary SQLite file always and against PostgreSQL when `MARSAD_TEST_POSTGRES` holds a
//! server URL (each test in a schema of its own, so tests run in parallel). With `CI=true` a
//! missing URL fails the PostgreSQL tests instead of skipping them.

use chrono::{DateTime, Duration, Utc};
use marsad_model::{ArticleId, FeedKind, JobKind, NewArticle, SourceId, StoryId, url_key};
use marsad_store::site::StoryRanking;
use marsad_store::{
    ArticleAnalysis, ArticleCommit, ChangePosition, FeedFetchOk, ItemJob, NewDocument, NewJob,
    PgConfig, PgStore, SqliteStore, Store, Tag,
};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What keeps a test's database alive, and removes it at the end.
enum Place {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { store: PgStore, schema: String },
}

impl Place {
    async fn remove(self) {
        if let Place::Postgres { store, schema } = self {
            // Only letters, digits and `_` (made by `open_postgres`).
            let drop = format!("DROP SCHEMA {schema} CASCADE");
            sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                .execute(store.pool())
                .await
                .unwrap();
            store.close().await;
        }
    }
}

async fn open_sqlite() -> (Place, Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("marsad.db"))
        .await
        .unwrap();
    (Place::Sqlite(dir), Arc::new(store))
}

async fn open_postgres() -> Option<(Place, Arc<dyn Store>)> {
    let url = match std::env::var("MARSAD_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "CI=true but MARSAD_TEST_POSTGRES is not set: the PostgreSQL run must not be skipped"
            )
        }
        _ => return None,
    };
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let schema = format!(
        "conformance_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        Utc::now().timestamp_micros()
    );
    let mut config = PgConfig::new(url);
    config.schema = Some(schema.clone());
    config.max_connections = 8;
    let store = PgStore::open(&config).await.unwrap();
    let place = Place::Postgres {
        store: store.clone(),
        schema,
    };
    Some((place, Arc::new(store)))
}

/// Defines each behaviour once per backend: `sqlite::name` and `postgres::name`.
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let (place, store) = super::open_sqlite().await;
                    super::$name(store).await;
                    place.remove().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some((place, store)) = super::open_postgres().await else {
                        eprintln!("MARSAD_TEST_POSTGRES is not set: PostgreSQL not tested");
                        return;
                    };
                    super::$name(store).await;
                    place.remove().await;
                }
            )*
        }
    };
}

conformance!(
    sources_are_unique_by_name,
    feeds_keep_their_health,
    a_feed_fetch_queues_only_unknown_items,
    articles_round_trip_and_url_keys_are_unique,
    one_url_key_stored_once_under_concurrent_writers,
    copies_join_their_originals_story,
    a_late_earlier_original_takes_over_its_group,
    exact_copies_committed_at_once_share_one_story,
    a_story_s_figures_stay_exact_under_concurrent_out_of_order_commits,
    the_analysis_decides_near_copies_stories_and_tags,
    related_stories_share_tags,
    the_queue_claims_in_order_with_leases,
    an_expired_lease_is_taken_over,
    failures_retry_then_fail_for_good,
    concurrent_claimers_never_take_the_same_job,
    the_site_reads_stories_tags_and_sources,
    followers_see_new_and_changed_articles_in_change_order,
    new_tags_named_by_articles_committed_at_once_link_them_all,
    groups_of_copies_stored_apart_are_joined_under_the_earlier_root,
    a_join_and_copies_committed_at_once_leave_one_flat_group,
);

fn document(url: &str, body: &str) -> NewDocument {
    NewDocument {
        url: url.to_string(),
        final_url: url.to_string(),
        fetched_at: Utc::now(),
        status: 200,
        content_type: Some("text/html; charset=utf-8".into()),
        charset: Some("UTF-8".into()),
        body: body.as_bytes().to_vec(),
    }
}

fn article(source: SourceId, url: &str, text: &str, content_key: &str) -> NewArticle {
    NewArticle {
        source_id: source,
        feed_id: None,
        url: url.to_string(),
        canonical_url: url.to_string(),
        url_key: url_key(url).unwrap(),
        alias_keys: vec![],
        title: Some(format!("خبر: {text}")),
        description: Some("وصف قصير".into()),
        authors: vec!["ليلى حداد".into()],
        published_at: Some(at(0)),
        published_offset: Some(3 * 3600),
        published_precision: Some(marsad_model::Precision::Minute),
        updated_at: None,
        lang: Some("ar".into()),
        dir: "rtl".into(),
        text: text.to_string(),
        html_sanitized: format!("<p>{text}</p>"),
        image: None,
        credit: None,
        page_tags: vec!["اقتصاد".into()],
        related_links: vec![],
        site_name: None,
        extractor_version: 1,
        content_key: content_key.to_string(),
    }
}

/// A fixed time, `minutes` after it: tests never read the clock for what they assert.
fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap() + Duration::minutes(minutes)
}

fn job(key: &str, ordinal: i64) -> NewJob {
    NewJob {
        kind: JobKind::FetchArticle,
        payload: serde_json::json!({"url": key}),
        dedup_key: Some(key.to_string()),
        feed_id: None,
        run_at: at(0),
        max_attempts: 3,
        ordinal,
    }
}

fn tag(name: &str, kind: &str) -> Tag {
    Tag {
        name: name.to_string(),
        key: marsad_text_free_key(name),
        kind: kind.to_string(),
    }
}

/// A tag key for the tests: the name lower-cased (the real folding lives in `text`).
fn marsad_text_free_key(name: &str) -> String {
    name.to_lowercase()
}

async fn insert(store: &dyn Store, a: &NewArticle) -> (ArticleId, Option<ArticleId>, StoryId) {
    insert_with(store, a, &ArticleAnalysis::default()).await
}

async fn insert_with(
    store: &dyn Store,
    a: &NewArticle,
    analysis: &ArticleAnalysis,
) -> (ArticleId, Option<ArticleId>, StoryId) {
    match store
        .commit_analyzed_article(None, &document(&a.url, "<html>نص</html>"), a, analysis)
        .await
        .unwrap()
    {
        ArticleCommit::Inserted {
            id,
            duplicate_of,
            story_id,
        } => (id, duplicate_of, story_id),
        other => panic!("expected an insert of {}, got {other:?}", a.url),
    }
}

async fn sources_are_unique_by_name(store: Arc<dyn Store>) {
    let a = store.ensure_source("وكالة الأنباء", None).await.unwrap();
    let again = store
        .ensure_source("وكالة الأنباء", Some("https://wire.example/"))
        .await
        .unwrap();
    assert_eq!(a, again);
    // A homepage learnt later is kept; one already known is not replaced.
    store
        .ensure_source("وكالة الأنباء", Some("https://other.example/"))
        .await
        .unwrap();
    let b = store.ensure_source("Daily Courier", None).await.unwrap();
    assert_ne!(a, b);
    let sources = store.list_sources().await.unwrap();
    assert_eq!(sources.len(), 2);
    let wire = sources.iter().find(|s| s.id == a).unwrap();
    assert_eq!(wire.homepage.as_deref(), Some("https://wire.example/"));
    assert_eq!(
        store.source_originality(b).await.unwrap().share_original(),
        1.0
    );
}

async fn feeds_keep_their_health(store: Arc<dyn Store>) {
    let src = store.ensure_source("مصدر", None).await.unwrap();
    let (feed, new) = store
        .add_feed(src, "https://a.example/rss", Some("الأخبار"))
        .await
        .unwrap();
    assert!(new);
    let (same, new) = store
        .add_feed(src, "https://a.example/rss", None)
        .await
        .unwrap();
    assert_eq!((same, new), (feed, false));
    // A new feed is due at once.
    assert_eq!(
        store.due_feeds(Utc::now()).await.unwrap(),
        vec![feed],
        "a new feed is due"
    );
    store
        .record_feed_failure(feed, Some(503), "service unavailable", at(60))
        .await
        .unwrap();
    store
        .record_feed_failure(feed, None, "timeout", Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    let f = store.get_feed(feed).await.unwrap().unwrap();
    assert_eq!(f.error_count, 2);
    assert_eq!(f.last_status, None);
    assert_eq!(f.last_error.as_deref(), Some("timeout"));
    assert_eq!(f.source_name, "مصدر");
    assert_eq!(f.title.as_deref(), Some("الأخبار"));
    assert!(store.due_feeds(Utc::now()).await.unwrap().is_empty());
    assert!(store.set_feed_paused(feed, true).await.unwrap());
    assert!(store.get_feed(feed).await.unwrap().unwrap().paused);
    assert!(
        store
            .due_feeds(Utc::now() + Duration::days(1))
            .await
            .unwrap()
            .is_empty(),
        "a paused feed is never due"
    );
    assert!(
        !store
            .set_feed_paused(marsad_model::FeedId(9_999), true)
            .await
            .unwrap()
    );
    assert_eq!(store.list_feeds().await.unwrap().len(), 1);
    assert!(store.remove_feed(feed).await.unwrap());
    assert!(!store.remove_feed(feed).await.unwrap());
    assert!(store.list_feeds().await.unwrap().is_empty());
}

async fn a_feed_fetch_queues_only_unknown_items(store: Arc<dyn Store>) {
    let src = store.ensure_source("مصدر", None).await.unwrap();
    let (feed, _) = store
        .add_feed(src, "https://a.example/rss", None)
        .await
        .unwrap();
    // One item is stored already; one is queued already; two are new.
    assert!(store.enqueue(&job("feed:1", 0)).await.unwrap());
    let known = article(src, "https://a.example/known", "نص", "k0");
    insert(store.as_ref(), &known).await;
    assert!(
        store
            .enqueue(&job("https://a.example/queued", 0))
            .await
            .unwrap()
    );
    assert!(
        !store
            .enqueue(&job("https://a.example/queued", 0))
            .await
            .unwrap()
    );
    let fetch_job = store
        .claim("w", Utc::now(), Utc::now() + Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    // The feed lists one new item twice: its job is queued once.
    let items = ["known", "queued", "new1", "new2", "new1"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let url = format!("https://a.example/{name}");
            ItemJob {
                url_key: url_key(&url).unwrap(),
                job: NewJob {
                    feed_id: Some(feed),
                    ..job(&url, i as i64)
                },
            }
        })
        .collect();
    let ok = FeedFetchOk {
        status: 200,
        etag: Some("\"v1\"".into()),
        last_modified: None,
        kind: Some(FeedKind::Rss),
        title: Some("عنوان الموجز".into()),
        items_seen: 5,
        interval_secs: 600,
        next_fetch_at: Utc::now() + Duration::minutes(10),
        item_jobs: items,
    };
    let queued = store
        .commit_feed_fetch(Some(fetch_job.id), feed, &ok)
        .await
        .unwrap();
    assert_eq!(queued, 2);
    let f = store.get_feed(feed).await.unwrap().unwrap();
    assert_eq!(f.etag.as_deref(), Some("\"v1\""));
    assert_eq!(f.kind, Some(FeedKind::Rss));
    assert_eq!(f.interval_secs, 600);
    assert_eq!(f.items_seen, 2);
    assert_eq!(f.error_count, 0);
    assert_eq!(f.last_status, Some(200));
    // The fetch job ended with the commit: the queued item and the two new ones remain.
    let counts = store.job_counts(Utc::now()).await.unwrap();
    assert_eq!(counts.ready, 3);
    assert_eq!(fetch_job.payload["url"], "feed:1");
    // The item jobs keep their feed and are claimed in their order on the feed.
    let mut claimed = Vec::new();
    while let Some(j) = store
        .claim("w", Utc::now(), Utc::now() + Duration::minutes(5))
        .await
        .unwrap()
    {
        claimed.push((j.payload["url"].as_str().unwrap().to_string(), j.feed_id));
    }
    let new = |name: &str| (format!("https://a.example/{name}"), Some(feed));
    assert_eq!(
        claimed,
        [
            ("https://a.example/queued".to_string(), None),
            new("new1"),
            new("new2")
        ]
    );
}

async fn articles_round_trip_and_url_keys_are_unique(store: Arc<dyn Store>) {
    let src = store.ensure_source("مصدر", None).await.unwrap();
    let url = "https://news.example/a/1";
    let mut a = article(src, url, "نص المقال الكامل", "k1");
    a.alias_keys = vec![url_key("https://news.example/a/1?utm_source=rss&x=1").unwrap()];
    a.published_offset = Some(-5 * 3600);
    a.related_links = vec![marsad_model::RelatedLink {
        url: "https://news.example/a/0".into(),
        title: "خبر سابق".into(),
    }];
    assert!(!store.has_queued_jobs().await.unwrap());
    assert!(store.enqueue(&job(url, 0)).await.unwrap());
    let claimed = store
        .claim("w", Utc::now(), Utc::now() + Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    // A running job is still queued: the queue is not drained.
    assert!(store.has_queued_jobs().await.unwrap());
    let ArticleCommit::Inserted { id, .. } = store
        .commit_article(Some(claimed.id), &document(url, "<p>نص</p>"), &a)
        .await
        .unwrap()
    else {
        panic!("expected an insert")
    };
    // The job ended in the article's transaction.
    assert_eq!(
        store.job_counts(Utc::now()).await.unwrap(),
        Default::default()
    );
    assert!(!store.has_queued_jobs().await.unwrap());
    let mut again = a.clone();
    again.url = format!("{url}?utm_medium=social");
    again.url_key = url_key(&again.url).unwrap();
    again.alias_keys = vec![url_key("https://news.example/amp/1").unwrap()];
    let second = store
        .commit_article(None, &document(url, "x"), &again)
        .await
        .unwrap();
    assert_eq!(second, ArticleCommit::Existing(id));
    assert_eq!(store.count_articles().await.unwrap(), 1);
    for key in [&a.url_key, &a.alias_keys[0], &again.alias_keys[0]] {
        assert_eq!(store.article_by_url_key(key).await.unwrap(), Some(id));
    }
    assert_eq!(store.article_by_url_key("nothing").await.unwrap(), None);
    let stored = store.get_article(id).await.unwrap().unwrap();
    assert_eq!(stored.source_name, "مصدر");
    assert_eq!(stored.fields.text, a.text);
    assert_eq!(stored.fields.authors, a.authors);
    assert_eq!(stored.fields.related_links, a.related_links);
    assert_eq!(stored.fields.published_at, a.published_at);
    assert_eq!(stored.fields.published_offset, Some(-5 * 3600));
    assert_eq!(stored.fields.published_precision, a.published_precision);
    assert_eq!(
        store.document_body(id).await.unwrap().unwrap(),
        "<p>نص</p>".as_bytes()
    );
    // Newest first; then id order for export.
    let mut later = article(src, "https://news.example/a/2", "خبر أحدث", "k2");
    later.published_at = Some(at(30));
    let (id2, _, _) = insert(store.as_ref(), &later).await;
    let latest = store.latest_articles(10, 0).await.unwrap();
    assert_eq!(
        latest.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![id2, id]
    );
    assert_eq!(store.latest_articles(10, 1).await.unwrap().len(), 1);
    let after = store.articles_after(ArticleId(0), 10).await.unwrap();
    assert_eq!(
        after.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![id, id2]
    );
    assert_eq!(store.articles_after(id, 10).await.unwrap().len(), 1);
    store
        .save_document(&document("https://news.example/broken", "<html>"))
        .await
        .unwrap();
    assert_eq!(store.count_articles().await.unwrap(), 2);
}

async fn one_url_key_stored_once_under_concurrent_writers(store: Arc<dyn Store>) {
    let src = store.ensure_source("مصدر", None).await.unwrap();
    let url = "https://news.example/race";
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        // Each writer has its own content key, so that nothing but the URL key orders them.
        let mut a = article(src, url, &format!("نسخة {i}"), &format!("race-{i}"));
        a.alias_keys = vec![url_key(&format!("https://news.example/race?v={i}")).unwrap()];
        tasks.push(tokio::spawn(async move {
            store
                .commit_article(None, &document(url, "<p>race</p>"), &a)
                .await
                .unwrap()
        }));
    }
    let mut inserted = Vec::new();
    let mut existing = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            ArticleCommit::Inserted { id, .. } => inserted.push(id),
            ArticleCommit::Existing(id) => existing.push(id),
        }
    }
    assert_eq!(inserted.len(), 1, "exactly one writer stores the page");
    assert!(existing.iter().all(|id| *id == inserted[0]));
    assert_eq!(store.count_articles().await.unwrap(), 1);
    assert_eq!(store.count_stories().await.unwrap(), 1);
    // Every writer's alias leads to the one article.
    for i in 0..8 {
        let key = url_key(&format!("https://news.example/race?v={i}")).unwrap();
        assert_eq!(
            store.article_by_url_key(&key).await.unwrap(),
            Some(inserted[0])
        );
    }
}

async fn copies_join_their_originals_story(store: Arc<dyn Store>) {
    let a = store.ensure_source("أ", None).await.unwrap();
    let b = store.ensure_source("ب", None).await.unwrap();
    let (o, none, s1) = insert(
        store.as_ref(),
        &article(a, "https://a.example/1", "نص الوكالة", "same"),
    )
    .await;
    assert_eq!(none, None);
    let mut copy = article(b, "https://b.example/9", "نص الوكالة", "same");
    copy.published_at = Some(at(20));
    let (_, dup, s2) = insert(store.as_ref(), &copy).await;
    let (_, other_dup, s3) = insert(
        store.as_ref(),
        &article(b, "https://b.example/10", "خبر آخر", "other"),
    )
    .await;
    // An empty content key is never an exact copy.
    let (_, empty_dup, s4) = insert(
        store.as_ref(),
        &article(b, "https://b.example/11", "قصير", ""),
    )
    .await;
    let (_, empty_dup2, _) = insert(
        store.as_ref(),
        &article(a, "https://a.example/12", "قصير", ""),
    )
    .await;
    assert_eq!(dup, Some(o));
    assert_eq!(s1, s2);
    assert_eq!(other_dup, None);
    assert_ne!(s1, s3);
    assert_eq!((empty_dup, empty_dup2), (None, None));
    assert_ne!(s4, s1);
    assert_eq!(store.count_duplicates().await.unwrap(), 1);
    assert_eq!(store.count_stories().await.unwrap(), 4);
    let originality = store.source_originality(b).await.unwrap();
    assert_eq!(originality.articles, 3);
    assert_eq!(originality.copies_of_others, 1);
    let story = store.story(s1).await.unwrap().unwrap();
    assert_eq!(story.articles, 2);
    assert_eq!(story.sources, 2);
    assert_eq!(story.origin, Some(o));
    assert_eq!(story.first_published, Some(at(0)));
    assert_eq!(story.last_published, Some(at(20)));
}

async fn a_late_earlier_original_takes_over_its_group(store: Arc<dyn Store>) {
    let a = store.ensure_source("أ", None).await.unwrap();
    let mut copy = article(a, "https://a.example/copy", "نص", "k");
    copy.published_at = Some(at(60));
    let mut copy2 = article(a, "https://a.example/copy2", "نص", "k");
    copy2.published_at = Some(at(120));
    let mut orig = article(a, "https://a.example/orig", "نص", "k");
    orig.published_at = Some(at(0));
    let (c1, _, story) = insert(store.as_ref(), &copy).await;
    let (c2, d2, _) = insert(store.as_ref(), &copy2).await;
    assert_eq!(d2, Some(c1));
    let (o, d, s) = insert(store.as_ref(), &orig).await;
    assert_eq!((d, s), (None, story));
    for id in [c1, c2] {
        assert_eq!(
            store.get_article(id).await.unwrap().unwrap().duplicate_of,
            Some(o)
        );
    }
    let summary = store.story(story).await.unwrap().unwrap();
    assert_eq!(summary.origin, Some(o));
    assert_eq!(summary.articles, 3);
}

/// The ids of the first `n` articles changed after `after`, read a page of two at a time as
/// a follower reads them, and the last position read. On PostgreSQL a follower waits for
/// every transaction older than its snapshot (other tests' included) before it may read a
/// change, so it asks again until `n` have come, for at most ten seconds.
async fn follow(
    store: &dyn Store,
    mut after: ChangePosition,
    n: usize,
) -> (Vec<ArticleId>, ChangePosition) {
    let mut ids = Vec::new();
    let started = std::time::Instant::now();
    while ids.len() < n {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "only {ids:?} of {n} changes came"
        );
        let page = store.changed_articles(after, 2).await.unwrap();
        if page.is_empty() {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        for (position, article) in &page {
            assert!(*position > after, "positions grow");
            assert_eq!(position.id, article.id);
            after = *position;
            ids.push(article.id);
        }
    }
    (ids, after)
}

async fn followers_see_new_and_changed_articles_in_change_order(store: Arc<dyn Store>) {
    let a = store.ensure_source("أ", None).await.unwrap();
    let (feed, _) = store
        .add_feed(a, "https://a.example/rss", None)
        .await
        .unwrap();
    let mut copy = article(a, "https://a.example/copy", "نص", "k");
    copy.published_at = Some(at(60));
    copy.feed_id = Some(feed);
    let (c, _, _) = insert(store.as_ref(), &copy).await;
    let (x, _, _) = insert(
        store.as_ref(),
        &article(a, "https://a.example/x", "س", "k2"),
    )
    .await;
    let (y, _, _) = insert(
        store.as_ref(),
        &article(a, "https://a.example/y", "ص", "k3"),
    )
    .await;
    let (ids, last) = follow(store.as_ref(), ChangePosition::START, 3).await;
    assert_eq!(ids, vec![c, x, y]);
    // A late earlier original re-points the copy: both are news to a follower, the copy
    // after the position it had already read past.
    let mut orig = article(a, "https://a.example/orig", "نص", "k");
    orig.published_at = Some(at(0));
    let (o, _, _) = insert(store.as_ref(), &orig).await;
    let (ids, last) = follow(store.as_ref(), last, 2).await;
    assert_eq!(
        ids.iter().copied().collect::<HashSet<_>>(),
        HashSet::from([o, c])
    );
    // Removing a feed keeps its articles as they were: the next change is the next article.
    assert!(store.remove_feed(feed).await.unwrap());
    let (z, _, _) = insert(
        store.as_ref(),
        &article(a, "https://a.example/z", "ض", "k4"),
    )
    .await;
    let (ids, last) = follow(store.as_ref(), last, 1).await;
    assert_eq!(ids, vec![z]);
    assert!(store.changed_articles(last, 10).await.unwrap().is_empty());
    // From the start, every article once.
    let (all, _) = follow(store.as_ref(), ChangePosition::START, 5).await;
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), 5);
}

async fn new_tags_named_by_articles_committed_at_once_link_them_all(store: Arc<dyn Store>) {
    // Eight different reports of one event, stored at the same moment, are the first to name
    // the same two tags: one transaction creates each tag, every article is linked to both.
    let src = store.ensure_source("أ", None).await.unwrap();
    let analysis = ArticleAnalysis {
        tags: vec![tag("Gaza", "place"), tag("Aid", "topic")],
        ..Default::default()
    };
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        let analysis = analysis.clone();
        let a = article(
            src,
            &format!("https://a.example/{i}"),
            "نص",
            &format!("k{i}"),
        );
        tasks.push(tokio::spawn(async move {
            insert_with(store.as_ref(), &a, &analysis).await.0
        }));
    }
    for t in tasks {
        let id = t.await.unwrap();
        let names: Vec<String> = store
            .article_tags(id)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, vec!["Gaza", "Aid"]);
    }
    for key in ["gaza", "aid"] {
        assert_eq!(store.tag_by_key(key).await.unwrap().unwrap().articles, 8);
    }
}

async fn a_story_s_figures_stay_exact_under_concurrent_out_of_order_commits(store: Arc<dyn Store>) {
    // Two outlets, three copies each of one wire text, published an hour apart in an order
    // that is not the order of storing, all stored at the same moment.
    let a = store.ensure_source("الأولى", None).await.unwrap();
    let b = store.ensure_source("الثانية", None).await.unwrap();
    let hours = [3i64, 5, 1, 4, 2, 6];
    let mut tasks = Vec::new();
    for (i, h) in hours.into_iter().enumerate() {
        let store = store.clone();
        let mut x = article(
            if i % 2 == 0 { a } else { b },
            &format!("https://o{i}.example/wire"),
            "نص البرقية الثانية",
            "wire-two",
        );
        x.published_at = Some(at(h * 60));
        x.title = Some(format!("عنوان {h}"));
        tasks.push(tokio::spawn(async move {
            (h, insert(store.as_ref(), &x).await)
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let story = results[0].1.2;
    assert!(results.iter().all(|r| r.1.2 == story), "{results:?}");
    let earliest = results.iter().find(|r| r.0 == 1).unwrap().1.0;
    let summary = store.story(story).await.unwrap().unwrap();
    assert_eq!((summary.articles, summary.sources), (6, 2));
    assert_eq!(summary.first_published, Some(at(60)));
    assert_eq!(summary.last_published, Some(at(360)));
    assert_eq!(summary.origin, Some(earliest));
    assert_eq!(summary.title.as_deref(), Some("عنوان 1"));
}

async fn exact_copies_committed_at_once_share_one_story(store: Arc<dyn Store>) {
    // Eight outlets publish the same wire text; eight workers store them at the same moment.
    let mut sources = Vec::new();
    for i in 0..8 {
        sources.push(
            store
                .ensure_source(&format!("مصدر {i}"), None)
                .await
                .unwrap(),
        );
    }
    let mut tasks = Vec::new();
    for (i, src) in sources.into_iter().enumerate() {
        let store = store.clone();
        let a = article(
            src,
            &format!("https://s{i}.example/wire"),
            "نص البرقية",
            "wire",
        );
        tasks.push(tokio::spawn(
            async move { insert(store.as_ref(), &a).await },
        ));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let originals: Vec<_> = results.iter().filter(|r| r.1.is_none()).collect();
    assert_eq!(originals.len(), 1, "one original: {results:?}");
    let (root, _, story) = *originals[0];
    assert!(
        results.iter().all(|r| r.2 == story),
        "one story: {results:?}"
    );
    assert!(results.iter().all(|r| r.1.is_none() || r.1 == Some(root)));
    assert_eq!(store.count_stories().await.unwrap(), 1);
    let summary = store.story(story).await.unwrap().unwrap();
    assert_eq!((summary.articles, summary.sources), (8, 8));
}

async fn the_analysis_decides_near_copies_stories_and_tags(store: Arc<dyn Store>) {
    let a = store.ensure_source("أ", None).await.unwrap();
    let b = store.ensure_source("ب", None).await.unwrap();
    let signature = vec![1u8, 2, 3, 250];
    let first = ArticleAnalysis {
        tags: vec![tag("Amman", "place"), tag("Water", "topic")],
        signature: Some(signature.clone()),
        signature_version: 7,
        digest: Some(vec![9, 8, 7]),
        digest_version: 3,
        ..Default::default()
    };
    let (o, _, s1) = insert_with(
        store.as_ref(),
        &article(a, "https://a.example/1", "نص أول", "k1"),
        &first,
    )
    .await;
    // A near-copy of the original (named through any member) joins its group and story.
    let near = ArticleAnalysis {
        duplicate_of: Some(o),
        story: None,
        ..Default::default()
    };
    let mut late = article(b, "https://b.example/1", "نص أول معدل", "k2");
    late.published_at = Some(at(5));
    let (n, d, s) = insert_with(store.as_ref(), &late, &near).await;
    assert_eq!((d, s), (Some(o), s1));
    let via_member = ArticleAnalysis {
        duplicate_of: Some(n),
        ..Default::default()
    };
    let mut third = article(b, "https://b.example/2", "نص أول معدل ثانية", "k3");
    third.published_at = Some(at(6));
    let (_, d, _) = insert_with(store.as_ref(), &third, &via_member).await;
    assert_eq!(d, Some(o), "a near-copy is followed to its group's root");
    // A follow-up the clusterer put in the story joins it without being a copy.
    let follow = ArticleAnalysis {
        story: Some(s1),
        tags: vec![tag("Water", "topic")],
        ..Default::default()
    };
    let (_, d, s) = insert_with(
        store.as_ref(),
        &article(a, "https://a.example/2", "متابعة", "k4"),
        &follow,
    )
    .await;
    assert_eq!((d, s), (None, s1));
    // A story that no longer exists starts a new one.
    let stale = ArticleAnalysis {
        story: Some(StoryId(987_654)),
        ..Default::default()
    };
    let (_, _, s) = insert_with(
        store.as_ref(),
        &article(a, "https://a.example/3", "آخر", "k5"),
        &stale,
    )
    .await;
    assert_ne!(s, s1);
    assert!(store.story(s).await.unwrap().is_some());
    // Tags in the analysis' order, signature stored.
    let tags = store.article_tags(o).await.unwrap();
    assert_eq!(
        tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        vec!["Amman", "Water"]
    );
    assert_eq!(tags[0].kind, "place");
    let recent = store
        .recent_articles(0, ArticleId(0), 100, 3)
        .await
        .unwrap();
    assert_eq!(recent.len(), 5);
    assert_eq!(recent[0].signature, Some((signature, 7)));
    // A digest of the version asked for comes instead of the text; one of another version,
    // or none, leaves the text to be read.
    assert_eq!(
        (recent[0].digest.as_deref(), recent[0].text.as_str()),
        (Some(&[9u8, 8, 7][..]), "")
    );
    assert_eq!(
        (recent[1].digest.as_deref(), recent[1].text.as_str()),
        (None, "نص أول معدل")
    );
    let other = store.recent_articles(0, ArticleId(0), 1, 4).await.unwrap();
    assert_eq!(
        (other[0].digest.as_deref(), other[0].text.as_str()),
        (None, "نص أول")
    );
    let changes = store
        .recent_changes(ChangePosition::START, 1, 3)
        .await
        .unwrap();
    assert_eq!(changes[0].1.digest.as_deref(), Some(&[9u8, 8, 7][..]));
    assert_eq!(recent[1].duplicate_of, Some(o));
    assert_eq!(recent[1].story_id, Some(s1));
    let paged = store.recent_articles(0, recent[1].id, 2, 3).await.unwrap();
    assert_eq!(
        paged.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![recent[2].id, recent[3].id]
    );
    assert!(
        store
            .recent_articles(i64::MAX, ArticleId(0), 10, 3)
            .await
            .unwrap()
            .is_empty()
    );
    let names = store
        .tag_names_of(&[recent[3].id, recent[1].id, o])
        .await
        .unwrap();
    assert_eq!(
        names,
        vec![
            (o, "Amman".to_string()),
            (o, "Water".to_string()),
            (recent[3].id, "Water".to_string())
        ]
    );
    assert_eq!(
        store.tag_names_of(&[recent[3].id]).await.unwrap(),
        vec![(recent[3].id, "Water".to_string())]
    );
    assert!(store.tag_names_of(&[]).await.unwrap().is_empty());
    let water = store.tag_by_key("water").await.unwrap().unwrap();
    assert_eq!(water.articles, 2);
}

async fn related_stories_share_tags(store: Arc<dyn Store>) {
    let a = store.ensure_source("أ", None).await.unwrap();
    let tagged = |tags: &[&str]| ArticleAnalysis {
        tags: tags.iter().map(|t| tag(t, "topic")).collect(),
        ..Default::default()
    };
    let (me, _, _) = insert_with(
        store.as_ref(),
        &article(a, "https://a.example/1", "أ", "k1"),
        &tagged(&["gaza", "aid"]),
    )
    .await;
    let (_, _, s2) = insert_with(
        store.as_ref(),
        &article(a, "https://a.example/2", "ب", "k2"),
        &tagged(&["aid"]),
    )
    .await;
    let (_, _, s3) = insert_with(
        store.as_ref(),
        &article(a, "https://a.example/3", "ج", "k3"),
        &tagged(&["gaza", "aid"]),
    )
    .await;
    insert_with(
        store.as_ref(),
        &article(a, "https://a.example/4", "د", "k4"),
        &tagged(&["sport"]),
    )
    .await;
    let mut found = store.related_candidates(me, 5, 50).await.unwrap();
    found.sort_by_key(|c| c.story);
    assert_eq!(
        found.iter().map(|c| c.story).collect::<Vec<_>>(),
        vec![s2, s3]
    );
    let s3c = &found[1];
    assert_eq!(s3c.article_count, 1);
    assert_eq!(s3c.title.as_deref(), Some("خبر: ج"));
    let mut keys: Vec<_> = s3c.shared.iter().map(|t| t.key.as_str()).collect();
    keys.sort();
    assert_eq!(keys, vec!["aid", "gaza"]);
    let gaza = s3c.shared.iter().find(|t| t.key == "gaza").unwrap();
    assert_eq!(
        (gaza.score, gaza.tag_articles, gaza.story_articles),
        (1.0, 2, 1)
    );
}

async fn the_queue_claims_in_order_with_leases(store: Arc<dyn Store>) {
    let now = at(0);
    for (key, ordinal) in [("c", 2), ("a", 0), ("b", 1), ("a2", 0)] {
        assert!(store.enqueue(&job(key, ordinal)).await.unwrap());
    }
    let mut later = job("later", 0);
    later.run_at = at(30);
    store.enqueue(&later).await.unwrap();
    let claimed = store
        .claim_many("w1", now, now + Duration::minutes(5), 3)
        .await
        .unwrap();
    let keys: Vec<String> = claimed
        .iter()
        .map(|j| j.payload["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        keys,
        vec!["a", "a2", "b"],
        "lowest ordinal first, then oldest"
    );
    assert!(
        claimed
            .iter()
            .all(|j| j.attempts == 1 && j.max_attempts == 3)
    );
    assert_eq!(
        store.job_counts(now).await.unwrap(),
        marsad_store::JobCounts {
            ready: 1,
            waiting: 1,
            running: 3,
            failed: 0
        }
    );
    // A leased job is not handed out again while its lease lasts.
    let rest = store
        .claim_many("w2", now, now + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert!(
        store
            .claim("w2", now, now + Duration::minutes(5))
            .await
            .unwrap()
            .is_none()
    );
    // Complete, skip, release.
    store.complete(claimed[0].id).await.unwrap();
    store.skip(claimed[1].id, "a listing page").await.unwrap();
    store.release(claimed[2].id).await.unwrap();
    let again = store
        .claim("w3", now, now + Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.id, claimed[2].id);
    assert_eq!(
        again.attempts, 1,
        "a released claim does not count as an attempt"
    );
    // A skipped job keeps its dedup key: the page is not queued again.
    assert!(!store.enqueue(&job("a2", 0)).await.unwrap());
    // A completed job's key is free.
    assert!(store.enqueue(&job("a", 0)).await.unwrap());
    assert_eq!(store.make_waiting_ready(now).await.unwrap(), 1);
    assert_eq!(store.release_all_leases().await.unwrap(), 2);
    assert_eq!(store.job_counts(now).await.unwrap().ready, 4);
}

async fn an_expired_lease_is_taken_over(store: Arc<dyn Store>) {
    let now = at(0);
    store.enqueue(&job("x", 0)).await.unwrap();
    let first = store
        .claim("killed-worker", now, now + Duration::seconds(30))
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .claim(
                "w2",
                now + Duration::seconds(29),
                now + Duration::seconds(60)
            )
            .await
            .unwrap()
            .is_none()
    );
    // The worker died: after its lease ends another worker takes the job over.
    let taken = store
        .claim(
            "w2",
            now + Duration::seconds(31),
            now + Duration::seconds(90),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taken.id, first.id);
    assert_eq!(taken.attempts, 2);
    assert_eq!(
        store
            .job_counts(now + Duration::seconds(31))
            .await
            .unwrap()
            .running,
        1
    );
}

async fn failures_retry_then_fail_for_good(store: Arc<dyn Store>) {
    let now = at(0);
    store.enqueue(&job("flaky", 0)).await.unwrap();
    let j = store
        .claim("w", now, now + Duration::minutes(1))
        .await
        .unwrap()
        .unwrap();
    store
        .fail(j.id, "HTTP 503", Some(now + Duration::minutes(10)))
        .await
        .unwrap();
    let counts = store.job_counts(now).await.unwrap();
    assert_eq!((counts.ready, counts.waiting, counts.running), (0, 1, 0));
    assert!(
        store
            .claim("w", now, now + Duration::minutes(1))
            .await
            .unwrap()
            .is_none()
    );
    let j = store
        .claim(
            "w",
            now + Duration::minutes(11),
            now + Duration::minutes(12),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(j.attempts, 2);
    store.fail(j.id, "HTTP 404", None).await.unwrap();
    assert_eq!(store.job_counts(now).await.unwrap().failed, 1);
    let failed = store.failed_jobs(10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!((failed[0].0, failed[0].2.as_str()), (j.id, "HTTP 404"));
    assert!(
        store
            .claim("w", now + Duration::days(1), now + Duration::days(2))
            .await
            .unwrap()
            .is_none()
    );
    // A failed job keeps its dedup key, so that feeds do not queue it again.
    assert!(!store.enqueue(&job("flaky", 0)).await.unwrap());
}

async fn concurrent_claimers_never_take_the_same_job(store: Arc<dyn Store>) {
    const JOBS: usize = 300;
    for i in 0..JOBS {
        store
            .enqueue(&job(&format!("j{i}"), (i % 7) as i64))
            .await
            .unwrap();
    }
    let now = at(0);
    let mut claimers = Vec::new();
    for w in 0..8 {
        let store = store.clone();
        claimers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let batch = store
                    .claim_many(&format!("w{w}"), now, now + Duration::minutes(5), 4)
                    .await
                    .unwrap();
                if batch.is_empty() {
                    return mine;
                }
                mine.extend(batch.into_iter().map(|j| j.id));
            }
        }));
    }
    let mut all = Vec::new();
    for c in claimers {
        all.extend(c.await.unwrap());
    }
    let distinct: HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), JOBS, "every job claimed");
    assert_eq!(distinct.len(), JOBS, "no job claimed twice");
    assert_eq!(store.job_counts(now).await.unwrap().running, JOBS as i64);
}

async fn the_site_reads_stories_tags_and_sources(store: Arc<dyn Store>) {
    let a = store
        .ensure_source("أ", Some("https://a.example/"))
        .await
        .unwrap();
    let b = store.ensure_source("ب", None).await.unwrap();
    store
        .add_feed(a, "https://a.example/rss", None)
        .await
        .unwrap();
    let tagged = |tags: &[&str]| ArticleAnalysis {
        tags: tags.iter().map(|t| tag(t, "topic")).collect(),
        ..Default::default()
    };
    let (o, _, story) = insert_with(
        store.as_ref(),
        &article(a, "https://a.example/1", "نص", "same"),
        &tagged(&["oil", "opec"]),
    )
    .await;
    let mut copy = article(b, "https://b.example/1", "نص", "same");
    copy.published_at = Some(at(90));
    let (c, _, _) = insert_with(store.as_ref(), &copy, &tagged(&["oil"])).await;
    let mut next_day = article(a, "https://a.example/2", "غدا", "k2");
    next_day.published_at = Some(at(24 * 60 + 10));
    let (d, _, other) = insert_with(store.as_ref(), &next_day, &tagged(&["opec"])).await;

    let latest = store.latest(10, 0).await.unwrap();
    assert_eq!(
        latest.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![d, c, o]
    );
    assert_eq!(latest[1].duplicate_of, Some(o));
    assert_eq!(
        store.listed_article(c).await.unwrap().unwrap().source_name,
        "ب"
    );
    let coverage = store.story_coverage(story).await.unwrap().unwrap();
    assert_eq!(coverage.story.articles, 2);
    assert_eq!(coverage.timeline.len(), 2);
    let mut ids = store
        .stories(&[other, story])
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect::<Vec<_>>();
    ids.sort();
    assert_eq!(ids, vec![story, other]);
    assert!(store.stories(&[]).await.unwrap().is_empty());
    let ranking = StoryRanking::at(at(24 * 60 + 20));
    let top = store.top_stories(&ranking, 10).await.unwrap();
    assert_eq!(top.len(), 2);
    assert!(top.iter().all(|s| s.score > 0.0));
    // Stories dated more than two hours ahead of the clock carry a wrong date and do not rank.
    let early = store
        .top_stories(&StoryRanking::at(at(-200)), 10)
        .await
        .unwrap();
    assert!(early.is_empty(), "{early:?}");

    let oil = store.tag_by_key("oil").await.unwrap().unwrap();
    assert_eq!(oil.articles, 2);
    assert_eq!(store.tags_of(o).await.unwrap().len(), 2);
    assert_eq!(
        store
            .tag_articles(oil.id, 10, 0)
            .await
            .unwrap()
            .iter()
            .map(|x| x.id)
            .collect::<Vec<_>>(),
        vec![c, o]
    );
    let day0 = at(0).timestamp_millis() / 86_400_000;
    let volume = store
        .tag_volume(
            oil.id,
            at(-60).timestamp_millis(),
            at(3 * 24 * 60).timestamp_millis(),
        )
        .await
        .unwrap();
    assert_eq!(
        volume
            .iter()
            .map(|v| (v.day, v.articles))
            .collect::<Vec<_>>(),
        vec![(day0, 2)]
    );
    let co = store.co_tags(oil.id, 100, 10).await.unwrap();
    assert_eq!(
        co.iter()
            .map(|t| (t.tag.key.as_str(), t.together))
            .collect::<Vec<_>>(),
        vec![("opec", 1)]
    );
    let trending = store
        .trending_tags(at(24 * 60 + 20).timestamp_millis(), 1, 10)
        .await
        .unwrap();
    // Each tag has one article in the last day and one in the week before.
    assert_eq!(
        trending
            .iter()
            .map(|t| (t.tag.key.as_str(), t.last_day, t.week_before))
            .collect::<Vec<_>>(),
        vec![("oil", 1, 1), ("opec", 1, 1)]
    );
    assert!(
        store
            .trending_tags(at(24 * 60 + 20).timestamp_millis(), 2, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let profile = store.source_profile(a).await.unwrap().unwrap();
    assert_eq!(
        profile.source.homepage.as_deref(),
        Some("https://a.example/")
    );
    assert_eq!(profile.feeds.len(), 1);
    assert!(
        store
            .source_profile(SourceId(9_999))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .source_articles(a, 10, 0)
            .await
            .unwrap()
            .iter()
            .map(|x| x.id)
            .collect::<Vec<_>>(),
        vec![d, o]
    );
    let volume = store
        .source_volume(
            a,
            at(-60).timestamp_millis(),
            at(3 * 24 * 60).timestamp_millis(),
        )
        .await
        .unwrap();
    assert_eq!(
        volume
            .iter()
            .map(|v| (v.day, v.articles))
            .collect::<Vec<_>>(),
        vec![(day0, 1), (day0 + 1, 1)]
    );
    let tags = store.source_tags(a, 10, 10).await.unwrap();
    assert_eq!(tags[0].tag.key, "opec");
    assert_eq!(tags[0].together, 2);
    assert_eq!(store.article_id_bound().await.unwrap(), d.0);
    assert_eq!(
        store.newest_article_ms().await.unwrap(),
        Some(at(24 * 60 + 10).timestamp_millis())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_follower_never_passes_a_transaction_still_open() {
    let Some((place, store)) = open_postgres().await else {
        eprintln!("MARSAD_TEST_POSTGRES is not set: PostgreSQL not tested");
        return;
    };
    let Place::Postgres { store: pg, .. } = &place else {
        unreachable!()
    };
    let a = store.ensure_source("أ", None).await.unwrap();
    // A slow writer: a transaction that took its id before the next article's commit and
    // has not ended. Its rows could carry a lower sequence than the article's, so reading
    // the article now and recording its position could skip them for good.
    let mut slow = pg.pool().begin().await.unwrap();
    sqlx::query("SELECT pg_current_xact_id()")
        .execute(&mut *slow)
        .await
        .unwrap();
    let (id, _, _) = insert(
        store.as_ref(),
        &article(a, "https://a.example/1", "نص", "k"),
    )
    .await;
    assert!(
        store
            .changed_articles(ChangePosition::START, 10)
            .await
            .unwrap()
            .is_empty(),
        "an article committed after a transaction still open is held back"
    );
    slow.commit().await.unwrap();
    let (ids, _) = follow(store.as_ref(), ChangePosition::START, 1).await;
    assert_eq!(ids, vec![id]);
    place.remove().await;
}

#[tokio::test]
async fn the_earliest_exact_copy_is_found_through_an_index_before_any_analyze() {
    let Some((place, store)) = open_postgres().await else {
        eprintln!("MARSAD_TEST_POSTGRES is not set: PostgreSQL not tested");
        return;
    };
    let Place::Postgres { store: pg, .. } = &place else {
        unreachable!()
    };
    let a = store.ensure_source("أ", None).await.unwrap();
    // A table loaded faster than autovacuum analyzes it: no statistics, many rows. The plan
    // that walked the primary key and tested every row grew with the table.
    sqlx::query(
        "INSERT INTO article (source_id, url, canonical_url, url_key, dir, text, html_sanitized,
            extractor_version, content_key, ingested_at)
         SELECT $1, 'u' || i, 'u' || i, 'k' || i, 'rtl', '', '', 1, 'c' || (i % 5000), 0
         FROM generate_series(1, 20000) AS i",
    )
    .bind(a.0)
    .execute(pg.pool())
    .await
    .unwrap();
    let plan: Vec<String> = sqlx::query_scalar(
        "EXPLAIN SELECT (SELECT id FROM article WHERE 'c7' <> '' AND content_key = 'c7'
            ORDER BY id LIMIT 1)",
    )
    .fetch_all(pg.pool())
    .await
    .unwrap();
    let plan = plan.join("\n");
    assert!(
        plan.contains("article_content_key_id") && !plan.contains("Filter"),
        "the content key and the order come from one index:\n{plan}"
    );
    place.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_counts_are_written_a_second_later_and_on_close() {
    let Some((place, store)) = open_postgres().await else {
        eprintln!("MARSAD_TEST_POSTGRES is not set: PostgreSQL not tested");
        return;
    };
    let Place::Postgres { store: pg, schema } = &place else {
        unreachable!()
    };
    let a = store.ensure_source("أ", None).await.unwrap();
    let tagged = ArticleAnalysis {
        tags: vec![tag("gaza", "topic")],
        ..Default::default()
    };
    // The count as another process reads it: straight from the table.
    let stored = || async {
        sqlx::query_scalar::<_, i64>("SELECT article_count FROM tag WHERE key = 'gaza'")
            .fetch_optional(pg.pool())
            .await
            .unwrap()
    };
    for i in 0..3 {
        let url = format!("https://a.example/{i}");
        insert_with(
            store.as_ref(),
            &article(a, &url, "نص", &format!("k{i}")),
            &tagged,
        )
        .await;
    }
    let mut waited = 0;
    while stored().await != Some(3) {
        assert!(waited < 100, "three increments written within ten seconds");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    // A second process that stores an article and closes at once writes its increment.
    let mut config = PgConfig::new(std::env::var("MARSAD_TEST_POSTGRES").unwrap());
    config.schema = Some(schema.clone());
    let other = PgStore::connect(&config).await.unwrap();
    insert_with(
        &other,
        &article(a, "https://a.example/9", "نص", "k9"),
        &tagged,
    )
    .await;
    other.close().await;
    assert_eq!(stored().await, Some(4));
    place.remove().await;
}

#[tokio::test]
async fn an_unreachable_server_is_named_without_its_password() {
    // Nothing listens on port 1 of the loopback interface; the pool retries until its connect
    // timeout, then gives up.
    let mut config = PgConfig::new("postgres://marsad:hunter2@127.0.0.1:1/marsad");
    config.connect_timeout = std::time::Duration::from_secs(1);
    let err = PgStore::open(&config).await.unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("postgres://marsad:***@127.0.0.1:1/marsad"),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
    assert!(matches!(err, marsad_store::StoreError::Unreachable { .. }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sqlite_installation_is_copied_to_postgres_without_loss() {
    use marsad_store::{ArticleStore, FeedStore, JobQueue, SiteStore, SourceStore};
    let Some((place, target)) = open_postgres().await else {
        eprintln!("MARSAD_TEST_POSTGRES is not set: copy not tested");
        return;
    };
    let Place::Postgres { store: pg, .. } = &place else {
        unreachable!("open_postgres makes a PostgreSQL place")
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(&dir.path().join("marsad.db"))
        .await
        .unwrap();
    let a = sqlite
        .ensure_source("أ", Some("https://a.example/"))
        .await
        .unwrap();
    let b = sqlite.ensure_source("ب", None).await.unwrap();
    let (feed, _) = sqlite
        .add_feed(a, "https://a.example/rss", Some("موجز"))
        .await
        .unwrap();
    sqlite
        .record_feed_failure(feed, Some(500), "خطأ", at(5))
        .await
        .unwrap();
    // A copy stored before its original: its `duplicate_of` points forward in id order.
    let mut copy = article(b, "https://b.example/1", "نص", "same");
    copy.published_at = Some(at(30));
    copy.feed_id = Some(feed);
    let (c, _, _) = insert(&sqlite, &copy).await;
    let original = ArticleAnalysis {
        tags: vec![tag("Oil", "topic"), tag("Opec", "org")],
        signature: Some(vec![9, 8, 7]),
        signature_version: 2,
        ..Default::default()
    };
    let mut orig = article(a, "https://a.example/1", "نص", "same");
    orig.alias_keys = vec![url_key("https://a.example/amp/1").unwrap()];
    let (o, _, story) = insert_with(&sqlite, &orig, &original).await;
    assert_eq!(
        sqlite.get_article(c).await.unwrap().unwrap().duplicate_of,
        Some(o)
    );
    sqlite
        .enqueue(&job("https://a.example/2", 1))
        .await
        .unwrap();
    let failed = job("https://a.example/3", 0);
    sqlite.enqueue(&failed).await.unwrap();
    let claimed = sqlite.claim("w", at(0), at(1)).await.unwrap().unwrap();
    sqlite.fail(claimed.id, "HTTP 410", None).await.unwrap();
    sqlite
        .save_document(&document("https://a.example/broken", "<html>"))
        .await
        .unwrap();

    let mut seen = Vec::new();
    let report = marsad_store::postgres::copy_sqlite_to_postgres(&sqlite, pg, &mut |t, _| {
        seen.push(t.to_string())
    })
    .await
    .unwrap();
    let rows: std::collections::HashMap<_, _> = report.tables.iter().copied().collect();
    assert_eq!(rows["article"], 2);
    assert_eq!(rows["document"], 3);
    assert_eq!(rows["article_url"], 3);
    assert_eq!(rows["article_tag"], 2);
    assert_eq!(rows["job"], 2);

    // Every read gives the same answer on both.
    assert_eq!(
        target.articles_after(ArticleId(0), 100).await.unwrap(),
        sqlite.articles_after(ArticleId(0), 100).await.unwrap()
    );
    assert_eq!(
        target.list_feeds().await.unwrap(),
        sqlite.list_feeds().await.unwrap()
    );
    assert_eq!(
        target.list_sources().await.unwrap(),
        sqlite.list_sources().await.unwrap()
    );
    assert_eq!(
        target.article_tags(o).await.unwrap(),
        sqlite.article_tags(o).await.unwrap()
    );
    assert_eq!(
        target.story(story).await.unwrap(),
        sqlite.story(story).await.unwrap()
    );
    assert_eq!(
        target
            .recent_articles(0, ArticleId(0), 10, 1)
            .await
            .unwrap(),
        sqlite
            .recent_articles(0, ArticleId(0), 10, 1)
            .await
            .unwrap()
    );
    assert_eq!(
        target.job_counts(at(0)).await.unwrap(),
        sqlite.job_counts(at(0)).await.unwrap()
    );
    assert_eq!(
        target.failed_jobs(10).await.unwrap(),
        sqlite.failed_jobs(10).await.unwrap()
    );
    assert_eq!(
        target.document_body(o).await.unwrap(),
        sqlite.document_body(o).await.unwrap()
    );
    assert_eq!(
        target
            .article_by_url_key(&orig.alias_keys[0])
            .await
            .unwrap(),
        Some(o)
    );
    // The sequences continue after the copied ids.
    let (next, _, _) = insert(
        target.as_ref(),
        &article(a, "https://a.example/new", "جديد", "new"),
    )
    .await;
    assert!(next.0 > o.0.max(c.0));
    let new_source = target.ensure_source("ج", None).await.unwrap();
    assert!(new_source.0 > b.0);
    // A second copy into the now filled database is refused.
    assert!(
        marsad_store::postgres::copy_sqlite_to_postgres(&sqlite, pg, &mut |_, _| {})
            .await
            .is_err()
    );
    sqlite.close().await;
    place.remove().await;
}

async fn groups_of_copies_stored_apart_are_joined_under_the_earlier_root(store: Arc<dyn Store>) {
    // Two workers stored copies of one wire story apart: group X (an original and its exact
    // copy, in a story with a follow-up) and group Y, published earlier, alone in its story.
    let a = store.ensure_source("أ", None).await.unwrap();
    let b = store.ensure_source("ب", None).await.unwrap();
    let mut x = article(a, "https://a.example/x", "نص البرقية", "x");
    x.published_at = Some(at(60));
    let (x, _, sx) = insert(store.as_ref(), &x).await;
    let mut x2 = article(b, "https://b.example/x2", "نص البرقية", "x");
    x2.published_at = Some(at(90));
    let (x2, d, _) = insert(store.as_ref(), &x2).await;
    assert_eq!(d, Some(x));
    let follow = ArticleAnalysis {
        story: Some(sx),
        ..Default::default()
    };
    let mut f = article(a, "https://a.example/f", "متابعة", "f");
    f.published_at = Some(at(120));
    let (f, _, _) = insert_with(store.as_ref(), &f, &follow).await;
    let mut y = article(b, "https://b.example/y", "نص البرقية معدلا", "y");
    y.published_at = Some(at(0));
    let (y, _, sy) = insert(store.as_ref(), &y).await;
    assert_ne!(sx, sy);

    // Named through any member, the groups join under the earlier root, in its story.
    assert_eq!(store.join_copies(x2, y).await.unwrap(), Some(y));
    for id in [x, x2] {
        let got = store.get_article(id).await.unwrap().unwrap();
        assert_eq!((got.duplicate_of, got.story_id), (Some(y), Some(sy)));
    }
    let joined = store.story(sy).await.unwrap().unwrap();
    assert_eq!((joined.articles, joined.sources), (3, 2));
    assert_eq!(joined.origin, Some(y));
    assert_eq!(joined.last_published, Some(at(90)));
    // The follow-up is no copy: it stays, and its story's figures lose the copies.
    let left = store.story(sx).await.unwrap().unwrap();
    assert_eq!((left.articles, left.origin), (1, Some(f)));
    assert_eq!(left.first_published, Some(at(120)));
    // Once joined, nothing more to join; unknown articles join nothing.
    assert_eq!(store.join_copies(y, x).await.unwrap(), None);
    assert_eq!(
        store.join_copies(x, ArticleId(999_999)).await.unwrap(),
        None
    );

    // Later copies, exact or near, of the joined-away root land in the joined group.
    let mut x3 = article(a, "https://a.example/x3", "نص البرقية", "x");
    x3.published_at = Some(at(150));
    let (x3, d, _) = insert(store.as_ref(), &x3).await;
    assert_eq!(d, Some(y));
    let near = ArticleAnalysis {
        duplicate_of: Some(x),
        ..Default::default()
    };
    let mut x4 = article(b, "https://b.example/x4", "نص البرقية بتصرف", "x4");
    x4.published_at = Some(at(160));
    let (_, d, s) = insert_with(store.as_ref(), &x4, &near).await;
    assert_eq!((d, s), (Some(y), sy));

    // A story left with no article goes.
    let mut z = article(a, "https://a.example/z", "برقية أخرى", "z");
    z.published_at = Some(at(30));
    let (z, _, sz) = insert(store.as_ref(), &z).await;
    let stories = store.count_stories().await.unwrap();
    assert_eq!(store.join_copies(z, x3).await.unwrap(), Some(y));
    assert_eq!(store.count_stories().await.unwrap(), stories - 1);
    assert!(store.story(sz).await.unwrap().is_none());
    assert_eq!(store.story(sy).await.unwrap().unwrap().articles, 6);
}

async fn a_join_and_copies_committed_at_once_leave_one_flat_group(store: Arc<dyn Store>) {
    // Two groups stored apart are joined while six workers store more copies of both.
    let a = store.ensure_source("أ", None).await.unwrap();
    let mut x = article(a, "https://a.example/x", "نص", "x");
    x.published_at = Some(at(10));
    let (x, _, _) = insert(store.as_ref(), &x).await;
    let mut y = article(a, "https://a.example/y", "نص معدل", "y");
    y.published_at = Some(at(20));
    let (y, _, _) = insert(store.as_ref(), &y).await;
    let mut tasks = Vec::new();
    for i in 0..6 {
        let store = store.clone();
        let mut c = article(
            a,
            &format!("https://c{i}.example/copy"),
            "نص",
            if i % 2 == 0 { "x" } else { "y" },
        );
        c.published_at = Some(at(30 + i));
        tasks.push(tokio::spawn(
            async move { insert(store.as_ref(), &c).await.0 },
        ));
    }
    let joiner = {
        let store = store.clone();
        tokio::spawn(async move { store.join_copies(y, x).await.unwrap() })
    };
    let mut ids = vec![x, y];
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    assert_eq!(joiner.await.unwrap(), Some(x));
    let mut stories = std::collections::HashSet::new();
    for id in ids {
        let got = store.get_article(id).await.unwrap().unwrap();
        if id != x {
            assert_eq!(
                got.duplicate_of,
                Some(x),
                "article {id} is not in x's group"
            );
        }
        stories.insert(got.story_id);
    }
    assert_eq!(stories.len(), 1, "{stories:?}");
    let s = store
        .story(stories.into_iter().next().unwrap().unwrap())
        .await;
    assert_eq!(s.unwrap().unwrap().articles, 8);
}
