//! The whole ingest path over real HTTP on loopback, with the demo news web as the world:
//! feeds -> items -> pages -> extraction -> store, failures recorded, crashes recovered.

use chrono::Utc;
use marsad_demo::Site;
use marsad_fetch::{FetchConfig, Fetcher};
use marsad_pipeline::{
    CrawlStats, DataDir, PipelineConfig, crawl_once, export_articles, import_opml,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

async fn demo_web() -> Arc<Site> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let site = Arc::new(Site::build(&base));
    tokio::spawn(marsad_demo::serve(listener, site.clone()));
    site
}

fn fetcher(allow_private: bool) -> Fetcher {
    Fetcher::new(FetchConfig {
        allow_private_addresses: allow_private,
        total_timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    })
    .unwrap()
}

fn config() -> PipelineConfig {
    PipelineConfig {
        workers: 4,
        retry_base: Duration::from_millis(50),
        retry_max: Duration::from_millis(200),
        host_gap: Duration::ZERO,
        ..PipelineConfig::default()
    }
}

async fn crawl(dir: &DataDir) -> marsad_pipeline::CrawlSummary {
    crawl_once(
        dir,
        fetcher(true),
        config(),
        Arc::new(CrawlStats::default()),
    )
    .await
    .unwrap()
}

async fn exported(dir: &DataDir) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    export_articles(dir.store.as_ref(), &mut out).await.unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn the_demo_web_is_crawled_completely_once_with_copies_in_their_original_story() {
    let site = demo_web().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    let report = import_opml(dir.store.as_ref(), &site.opml()).await.unwrap();
    assert_eq!(report.added, site.feed_urls().len());

    let first = crawl(&dir).await;
    assert_eq!(first.errors, 0, "{first:?}");
    assert_eq!(first.articles as usize, site.articles().len());
    let articles = exported(&dir).await;
    assert_eq!(articles.len(), site.articles().len());

    // Every truth page is stored once, under its own URL, with its body paragraphs.
    let by_url: HashMap<&str, &serde_json::Value> = articles
        .iter()
        .map(|a| (a["url"].as_str().unwrap(), a))
        .collect();
    for truth in site.articles() {
        let a = by_url
            .get(truth.url.as_str())
            .unwrap_or_else(|| panic!("{} not stored", truth.url));
        let text = a["text"].as_str().unwrap();
        for p in &truth.paragraphs {
            assert!(
                text.contains(p.as_str()),
                "{}: paragraph missing: {p}",
                truth.url
            );
        }
        assert_eq!(a["dir"], "rtl");
    }
    // Verbatim wire copies point to their original and share its story.
    let mut copies = 0;
    for truth in site.articles().iter().filter(|t| t.copy_of.is_some()) {
        let copy = by_url[truth.url.as_str()];
        let original = by_url[truth.copy_of.as_deref().unwrap()];
        if copy["duplicate_of"].is_null() {
            continue;
        }
        copies += 1;
        assert_eq!(copy["story"], original["story"], "{}", truth.url);
    }
    assert!(copies >= 10, "only {copies} wire copies were recognised");

    // A second run finds nothing new and fetches feeds only.
    let second = crawl(&dir).await;
    assert_eq!((second.articles, second.errors), (0, 0), "{second:?}");
    assert_eq!(
        dir.store.count_articles().await.unwrap() as usize,
        site.articles().len()
    );
}

#[tokio::test]
async fn broken_feeds_are_recorded_and_do_not_stop_the_others() {
    let site = demo_web().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    let store = dir.store.as_ref();
    let good = &site.feed_urls()[0];
    let base = site.base_url();
    marsad_pipeline::add_feed(store, good, Some("جيد"), None)
        .await
        .unwrap();
    // A 404, a page that is not a feed, and a port where nothing listens.
    let (missing, _) = marsad_pipeline::add_feed(
        store,
        &format!("{base}/no/such/feed.xml"),
        Some("مفقود"),
        None,
    )
    .await
    .unwrap();
    let (not_xml, _) =
        marsad_pipeline::add_feed(store, &format!("{base}/"), Some("ليس خلاصة"), None)
            .await
            .unwrap();
    let (closed, _) =
        marsad_pipeline::add_feed(store, "http://127.0.0.1:9/feed", Some("مغلق"), None)
            .await
            .unwrap();

    let summary = crawl(&dir).await;
    assert_eq!(summary.errors, 3, "{summary:?}");
    assert!(
        summary.articles > 0,
        "the good feed's articles must be stored"
    );
    let health = |id| async move { store.get_feed(id).await.unwrap().unwrap() };
    let f = health(missing).await;
    assert_eq!(f.last_status, Some(404));
    assert!(f.last_error.as_deref().unwrap().contains("404"));
    assert!(f.next_fetch_at > Utc::now(), "a failing feed is backed off");
    let f = health(not_xml).await;
    assert!(
        f.last_error.as_deref().unwrap().contains("not a feed"),
        "{:?}",
        f.last_error
    );
    let f = health(closed).await;
    assert!(f.error_count >= 1 && f.last_error.is_some());
    assert_eq!(f.last_status, None);
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed_and_the_refusal_is_visible() {
    let site = demo_web().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    let (feed, _) = marsad_pipeline::add_feed(dir.store.as_ref(), &site.feed_urls()[0], None, None)
        .await
        .unwrap();
    let summary = crawl_once(&dir, fetcher(false), config(), Arc::default())
        .await
        .unwrap();
    assert_eq!((summary.articles, summary.errors), (0, 1));
    let f = dir.store.get_feed(feed).await.unwrap().unwrap();
    assert!(
        f.last_error.as_deref().unwrap().contains("loopback"),
        "{:?}",
        f.last_error
    );
}

#[tokio::test]
async fn a_job_leased_by_a_dead_process_runs_again() {
    let site = demo_web().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    import_opml(dir.store.as_ref(), &site.opml()).await.unwrap();
    let first = crawl(&dir).await;
    // Simulate a crash: a feed job claimed by a process that died, with a long lease.
    let feed = dir.store.list_feeds().await.unwrap()[0].id;
    dir.store
        .enqueue(&marsad_store::NewJob {
            kind: marsad_model::JobKind::FetchFeed,
            payload: serde_json::json!({"feed_id": feed.0}),
            dedup_key: Some(format!("feed:{}", feed.0)),
            feed_id: Some(feed),
            run_at: Utc::now(),
            max_attempts: 3,
            ordinal: 0,
        })
        .await
        .unwrap();
    let now = Utc::now();
    dir.store
        .claim("dead-process", now, now + chrono::Duration::hours(1))
        .await
        .unwrap()
        .unwrap();
    let again = crawl(&dir).await;
    assert_eq!(again.errors, 0);
    let counts = dir.store.job_counts(Utc::now()).await.unwrap();
    assert_eq!(
        (counts.ready, counts.running, counts.waiting),
        (0, 0, 0),
        "the dead lease was not taken back"
    );
    assert_eq!(
        dir.store.count_articles().await.unwrap() as u64,
        first.articles
    );
}

#[tokio::test]
async fn a_second_process_cannot_run_workers_on_the_same_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    let _held = dir.lock_workers().await.unwrap();
    let other = DataDir::open(tmp.path()).await.unwrap();
    assert!(matches!(
        other.lock_workers().await,
        Err(marsad_pipeline::PipelineError::Locked(_))
    ));
}

#[tokio::test]
async fn the_index_follows_the_store_until_told_to_stop() {
    let site = demo_web().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    import_opml(dir.store.as_ref(), &site.opml()).await.unwrap();
    let summary = crawl(&dir).await;
    let index = Arc::new(marsad_index::SearchIndex::open(&tmp.path().join("index")).unwrap());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let follower = tokio::spawn(marsad_pipeline::follow_index(
        dir.store.clone(),
        index.clone(),
        Duration::from_millis(20),
        async {
            let _ = stop_rx.await;
        },
    ));
    // A bound on the wait, not a timed assertion: the first pass indexes everything.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while index.len() < summary.articles {
        assert!(
            std::time::Instant::now() < deadline,
            "the index did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop_tx.send(()).unwrap();
    follower.await.unwrap();
    assert_eq!(index.len(), summary.articles);
}
