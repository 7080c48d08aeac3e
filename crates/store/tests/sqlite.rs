//! Integration tests of the SQLite store on a real database file.

use chrono::{Duration, Utc};
use marsad_model::{JobKind, NewArticle, SourceId, url_key};
use marsad_store::{
    ArticleAnalysis, ArticleCommit, ArticleStore, FeedFetchOk, FeedStore, ItemJob, JobQueue,
    NewDocument, NewJob, SourceStore, SqliteStore, Tag,
};

async fn open() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("marsad.db"))
        .await
        .unwrap();
    (dir, store)
}

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
        title: Some("عنوان الخبر".into()),
        description: None,
        authors: vec!["سلمى الراشد".into()],
        published_at: Some(Utc::now()),
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

fn job(kind: JobKind, key: Option<&str>) -> NewJob {
    NewJob {
        kind,
        payload: serde_json::json!({"k": key}),
        dedup_key: key.map(String::from),
        feed_id: None,
        run_at: Utc::now() - Duration::seconds(1),
        max_attempts: 3,
        ordinal: 0,
    }
}

#[tokio::test]
async fn reopening_applies_no_migration_twice_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marsad.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let src = store.ensure_source("مصدر", None).await.unwrap();
    store.close().await;
    let store = SqliteStore::open(&path).await.unwrap();
    assert!(store.migrate().await.unwrap().is_empty());
    assert_eq!(
        store.schema_version().await.unwrap(),
        marsad_store::SQLITE_MIGRATIONS.len() as i64
    );
    assert_eq!(store.ensure_source("مصدر", None).await.unwrap(), src);
}

#[tokio::test]
async fn the_same_url_is_stored_once_and_its_aliases_lead_to_it() {
    let (_dir, store) = open().await;
    let src = store.ensure_source("مصدر", None).await.unwrap();
    let url = "https://news.example/a/1";
    let mut a = article(src, url, "نص", "k1");
    a.alias_keys = vec![url_key("https://news.example/a/1?utm_source=rss&x=1").unwrap()];
    let first = store
        .commit_article(None, &document(url, "<p>نص</p>"), &a)
        .await
        .unwrap();
    let ArticleCommit::Inserted {
        id,
        duplicate_of: None,
        ..
    } = first
    else {
        panic!("expected an insert, got {first:?}")
    };
    // The same page reached through a tracking-parameter variant is not stored again.
    let mut again = a.clone();
    again.url = format!("{url}?utm_medium=social");
    again.url_key = url_key(&again.url).unwrap();
    let second = store
        .commit_article(None, &document(url, "x"), &again)
        .await
        .unwrap();
    assert_eq!(second, ArticleCommit::Existing(id));
    assert_eq!(store.count_articles().await.unwrap(), 1);
    assert_eq!(
        store.article_by_url_key(&a.alias_keys[0]).await.unwrap(),
        Some(id)
    );
    let stored = store.get_article(id).await.unwrap().unwrap();
    assert_eq!(stored.fields.authors, vec!["سلمى الراشد".to_string()]);
    assert_eq!(stored.fields.page_tags, vec!["اقتصاد".to_string()]);
    assert_eq!(stored.source_name, "مصدر");
    assert_eq!(
        store.document_body(id).await.unwrap().unwrap(),
        "<p>نص</p>".as_bytes()
    );
}

#[tokio::test]
async fn a_copy_points_to_the_original_and_joins_its_story() {
    let (_dir, store) = open().await;
    let a = store.ensure_source("أ", None).await.unwrap();
    let b = store.ensure_source("ب", None).await.unwrap();
    let orig = store
        .commit_article(
            None,
            &document("https://a.example/1", ""),
            &article(a, "https://a.example/1", "نص الوكالة", "same"),
        )
        .await
        .unwrap();
    let copy = store
        .commit_article(
            None,
            &document("https://b.example/9", ""),
            &article(b, "https://b.example/9", "نص الوكالة", "same"),
        )
        .await
        .unwrap();
    let other = store
        .commit_article(
            None,
            &document("https://b.example/10", ""),
            &article(b, "https://b.example/10", "خبر آخر", "other"),
        )
        .await
        .unwrap();
    let (
        ArticleCommit::Inserted {
            id: o,
            story_id: s1,
            ..
        },
        ArticleCommit::Inserted {
            duplicate_of,
            story_id: s2,
            ..
        },
        ArticleCommit::Inserted {
            story_id: s3,
            duplicate_of: None,
            ..
        },
    ) = (orig, copy, other)
    else {
        panic!("all three must be inserted")
    };
    assert_eq!(duplicate_of, Some(o));
    assert_eq!(s1, s2);
    assert_ne!(s1, s3);
    assert_eq!(store.count_duplicates().await.unwrap(), 1);
    assert_eq!(store.count_stories().await.unwrap(), 2);
}

#[tokio::test]
async fn a_late_arriving_earlier_original_takes_over_the_group() {
    let (_dir, store) = open().await;
    let a = store.ensure_source("أ", None).await.unwrap();
    let mut copy = article(a, "https://a.example/copy", "نص", "k");
    copy.published_at = Some(Utc::now());
    let mut copy2 = article(a, "https://a.example/copy2", "نص", "k");
    copy2.published_at = Some(Utc::now() + Duration::hours(1));
    let mut orig = article(a, "https://a.example/orig", "نص", "k");
    orig.published_at = Some(Utc::now() - Duration::hours(2));
    let mut ids = Vec::new();
    for art in [&copy, &copy2, &orig] {
        match store
            .commit_article(None, &document(&art.url, ""), art)
            .await
            .unwrap()
        {
            ArticleCommit::Inserted { id, .. } => ids.push(id),
            other => panic!("{other:?}"),
        }
    }
    let orig_id = ids[2];
    for id in &ids[..2] {
        let stored = store.get_article(*id).await.unwrap().unwrap();
        assert_eq!(stored.duplicate_of, Some(orig_id));
    }
    let stored = store.get_article(orig_id).await.unwrap().unwrap();
    assert_eq!(stored.duplicate_of, None);
    assert_eq!(store.count_duplicates().await.unwrap(), 2);
    assert_eq!(store.count_stories().await.unwrap(), 1);
}

#[tokio::test]
async fn empty_content_keys_never_make_copies() {
    let (_dir, store) = open().await;
    let a = store.ensure_source("أ", None).await.unwrap();
    for i in 0..2 {
        let url = format!("https://a.example/{i}");
        store
            .commit_article(None, &document(&url, ""), &article(a, &url, "", ""))
            .await
            .unwrap();
    }
    assert_eq!(store.count_duplicates().await.unwrap(), 0);
}

#[tokio::test]
async fn jobs_are_claimed_once_retried_and_failed_for_good() {
    let (_dir, store) = open().await;
    assert!(
        store
            .enqueue(&job(JobKind::FetchArticle, Some("article:x")))
            .await
            .unwrap()
    );
    assert!(
        !store
            .enqueue(&job(JobKind::FetchArticle, Some("article:x")))
            .await
            .unwrap()
    );
    let now = Utc::now();
    let lease = now + Duration::seconds(60);
    let j = store.claim("w1", now, lease).await.unwrap().unwrap();
    assert_eq!(j.attempts, 1);
    assert!(
        store.claim("w2", now, lease).await.unwrap().is_none(),
        "leased job was claimed twice"
    );
    // A lease that expires makes the job claimable again (a worker that died).
    let later = lease + Duration::seconds(1);
    let j2 = store
        .claim("w2", later, later + Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((j2.id, j2.attempts), (j.id, 2));
    store
        .fail(j2.id, "HTTP 503", Some(later + Duration::seconds(30)))
        .await
        .unwrap();
    let counts = store.job_counts(later).await.unwrap();
    assert_eq!((counts.ready, counts.waiting, counts.running), (0, 1, 0));
    store.fail(j2.id, "HTTP 404", None).await.unwrap();
    let counts = store.job_counts(later).await.unwrap();
    assert_eq!(counts.failed, 1);
    assert_eq!(store.failed_jobs(10).await.unwrap()[0].2, "HTTP 404");
    // A job that failed for good still blocks its key, so feeds do not queue it again.
    assert!(
        !store
            .enqueue(&job(JobKind::FetchArticle, Some("article:x")))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn batch_claims_interleave_feeds_by_ordinal_and_never_hand_out_a_job_twice() {
    let (_dir, store) = open().await;
    // Two feeds each queue three pages, one feed after the other.
    for feed in ["a", "b"] {
        for ordinal in 0..3 {
            let mut j = job(JobKind::FetchArticle, Some(&format!("{feed}{ordinal}")));
            j.ordinal = ordinal;
            assert!(store.enqueue(&j).await.unwrap());
        }
    }
    let now = Utc::now();
    let lease = now + Duration::seconds(60);
    let first = store.claim_many("w", now, lease, 4).await.unwrap();
    let keys: Vec<String> = first
        .iter()
        .map(|j| j.payload["k"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        keys,
        ["a0", "b0", "a1", "b1"],
        "claims must alternate feeds"
    );
    let rest = store.claim_many("w2", now, lease, 4).await.unwrap();
    assert_eq!(rest.len(), 2, "only the two unleased jobs remain");
    assert!(rest.iter().all(|j| first.iter().all(|f| f.id != j.id)));
    assert!(
        store
            .claim_many("w3", now, lease, 4)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn released_leases_let_a_restarted_process_take_its_jobs_back() {
    let (_dir, store) = open().await;
    store
        .enqueue(&job(JobKind::FetchFeed, Some("feed:1")))
        .await
        .unwrap();
    let now = Utc::now();
    store
        .claim("dead", now, now + Duration::hours(1))
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .claim("new", now, now + Duration::hours(1))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.release_all_leases().await.unwrap(), 1);
    assert!(
        store
            .claim("new", now, now + Duration::hours(1))
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_feed_fetch_queues_only_unknown_items_and_records_health() {
    let (_dir, store) = open().await;
    let src = store
        .ensure_source("أ", Some("https://a.example/"))
        .await
        .unwrap();
    let (feed, created) = store
        .add_feed(src, "https://a.example/rss", None)
        .await
        .unwrap();
    assert!(created);
    assert_eq!(
        store
            .add_feed(src, "https://a.example/rss", None)
            .await
            .unwrap(),
        (feed, false)
    );
    // One article is already stored: its item must not be queued again.
    let known = "https://a.example/1";
    store
        .commit_article(None, &document(known, ""), &article(src, known, "نص", "k"))
        .await
        .unwrap();
    let item = |u: &str| ItemJob {
        url_key: url_key(u).unwrap(),
        job: job(
            JobKind::FetchArticle,
            Some(&format!("article:{}", url_key(u).unwrap())),
        ),
    };
    let ok = FeedFetchOk {
        status: 200,
        etag: Some("\"v1\"".into()),
        last_modified: None,
        kind: Some(marsad_model::FeedKind::Rss),
        title: Some("الأخبار".into()),
        items_seen: 3,
        interval_secs: 600,
        next_fetch_at: Utc::now() + Duration::minutes(15),
        item_jobs: vec![
            item(known),
            item("https://a.example/2"),
            item("https://a.example/2"),
        ],
    };
    assert_eq!(store.commit_feed_fetch(None, feed, &ok).await.unwrap(), 1);
    let f = store.get_feed(feed).await.unwrap().unwrap();
    assert_eq!(
        (f.last_status, f.etag.as_deref(), f.items_seen),
        (Some(200), Some("\"v1\""), 1)
    );
    assert!(f.last_ok_at.is_some() && f.last_error.is_none());
    assert!(store.due_feeds(Utc::now()).await.unwrap().is_empty());

    store
        .record_feed_failure(feed, Some(500), "HTTP 500", Utc::now())
        .await
        .unwrap();
    let f = store.get_feed(feed).await.unwrap().unwrap();
    assert_eq!(
        (f.error_count, f.last_error.as_deref()),
        (1, Some("HTTP 500"))
    );
    assert_eq!(
        f.etag.as_deref(),
        Some("\"v1\""),
        "a failure keeps the validators"
    );
    assert_eq!(store.due_feeds(Utc::now()).await.unwrap(), vec![feed]);

    assert!(store.set_feed_paused(feed, true).await.unwrap());
    assert!(store.due_feeds(Utc::now()).await.unwrap().is_empty());
    assert!(store.remove_feed(feed).await.unwrap());
    assert_eq!(
        store.count_articles().await.unwrap(),
        1,
        "removing a feed keeps its articles"
    );
}

/// Commits an article with the analysis' decisions and returns its id, root and story.
async fn commit_analyzed(
    store: &SqliteStore,
    art: &NewArticle,
    analysis: &ArticleAnalysis,
) -> (
    marsad_model::ArticleId,
    Option<marsad_model::ArticleId>,
    marsad_model::StoryId,
) {
    match store
        .commit_analyzed_article(None, &document(&art.url, ""), art, analysis)
        .await
        .unwrap()
    {
        ArticleCommit::Inserted {
            id,
            duplicate_of,
            story_id,
        } => (id, duplicate_of, story_id),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn near_copies_follow_their_root_and_always_join_its_story() {
    let (_dir, store) = open().await;
    let a = store.ensure_source("أ", None).await.unwrap();
    let (orig, _, s1) = commit_analyzed(
        &store,
        &article(a, "https://a.example/1", "نص أول", "k1"),
        &ArticleAnalysis {
            tags: vec![Tag {
                name: "الخرطوم".into(),
                key: "الخرطوم".into(),
                kind: "place".into(),
            }],
            signature: Some(vec![1, 2, 3]),
            signature_version: 1,
            ..ArticleAnalysis::default()
        },
    )
    .await;
    let (_, _, s2) = commit_analyzed(
        &store,
        &article(a, "https://a.example/2", "نص ثان", "k2"),
        &ArticleAnalysis::default(),
    )
    .await;
    assert_ne!(s1, s2);
    // The pipeline names a copy and, wrongly, another story: the original's story wins.
    let (copy, dup, s) = commit_analyzed(
        &store,
        &article(a, "https://a.example/3", "نص أول معدل", "k3"),
        &ArticleAnalysis {
            duplicate_of: Some(orig),
            story: Some(s2),
            ..ArticleAnalysis::default()
        },
    )
    .await;
    assert_eq!((dup, s), (Some(orig), s1));
    // A copy of the copy points to the root of the group.
    let (_, dup, s) = commit_analyzed(
        &store,
        &article(a, "https://a.example/4", "نص أول معدل مرة أخرى", "k4"),
        &ArticleAnalysis {
            duplicate_of: Some(copy),
            ..ArticleAnalysis::default()
        },
    )
    .await;
    assert_eq!((dup, s), (Some(orig), s1));
    // A non-copy joins the story the clusterer chose; a vanished story starts a new one.
    let (_, dup, s) = commit_analyzed(
        &store,
        &article(a, "https://a.example/5", "تقرير آخر", "k5"),
        &ArticleAnalysis {
            story: Some(s2),
            ..ArticleAnalysis::default()
        },
    )
    .await;
    assert_eq!((dup, s), (None, s2));
    let (_, _, s) = commit_analyzed(
        &store,
        &article(a, "https://a.example/6", "خبر مختلف", "k6"),
        &ArticleAnalysis {
            story: Some(marsad_model::StoryId(9999)),
            ..ArticleAnalysis::default()
        },
    )
    .await;
    assert!(s != s1 && s != s2 && s.0 != 9999);
    assert_eq!(store.count_stories().await.unwrap(), 3);
    assert_eq!(store.count_duplicates().await.unwrap(), 2);

    let tags = store.article_tags(orig).await.unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(
        (tags[0].name.as_str(), tags[0].kind.as_str()),
        ("الخرطوم", "place")
    );
    let recent = store
        .recent_articles(
            Utc::now().timestamp_millis() - 60_000,
            marsad_model::ArticleId(0),
            100,
            1,
        )
        .await
        .unwrap();
    assert_eq!(recent.len(), 6);
    assert_eq!(recent[0].signature, Some((vec![1, 2, 3], 1)));
    assert_eq!(recent[3].duplicate_of, Some(orig));
}

#[tokio::test]
async fn a_released_job_is_claimable_at_once_without_losing_an_attempt() {
    let (_dir, store) = open().await;
    store
        .enqueue(&job(JobKind::FetchArticle, Some("page:1")))
        .await
        .unwrap();
    let now = Utc::now();
    let lease = now + Duration::hours(1);
    let held = store.claim("stopping", now, lease).await.unwrap().unwrap();
    assert_eq!(held.attempts, 1);
    store.release(held.id).await.unwrap();
    let again = store.claim("next", now, lease).await.unwrap().unwrap();
    assert_eq!(again.id, held.id);
    assert_eq!(
        again.attempts, 1,
        "the released claim must not count as an attempt"
    );
}
