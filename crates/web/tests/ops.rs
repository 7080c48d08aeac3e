//! Operations over a real SQLite store: security headers on every answer, the body limit,
//! and `/metrics` with request counts per route and the store's figures.

mod fixture;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture::{get, send};
use marsad_web::{AppState, router};

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let (_dir, store, ids) = fixture::store().await;
    let app = router(AppState::new(store));
    for path in [
        "/".to_string(),
        format!("/article/{}", ids[0]),
        "/article/nope".into(),
        "/no/such/page".into(),
        "/static/style.css".into(),
        "/api/v1/articles".into(),
        "/api/v1/articles/0".into(),
        "/admin".into(),
        "/metrics".into(),
    ] {
        let a = get(&app, &path).await;
        let csp = a
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(
            a.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(a.header("x-frame-options"), Some("DENY"), "{path}");
        assert!(a.header("referrer-policy").is_some(), "{path}");
        assert!(
            a.header("permissions-policy")
                .unwrap()
                .contains("camera=()"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let (_dir, store, _) = fixture::store().await;
    let app = router(AppState::new(store).with_admin_token("a-long-admin-token-for-tests"));
    let big = vec![b'a'; 2 * 1024 * 1024];
    let a = send(
        &app,
        Request::post("/api/v1/feeds")
            .header("content-type", "application/json")
            .header("content-length", big.len())
            .body(Body::from(big))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.header("content-security-policy").is_some());
}

#[tokio::test]
async fn metrics_count_requests_per_route_and_read_the_store() {
    let (_dir, store, ids) = fixture::store().await;
    let stats = std::sync::Arc::new(marsad_pipeline::CrawlStats::default());
    stats
        .articles
        .fetch_add(7, std::sync::atomic::Ordering::Relaxed);
    let app = router(AppState::new(store).with_crawl_stats(stats));
    for id in &ids {
        get(&app, &format!("/article/{id}")).await;
    }
    get(&app, "/article/999999").await;
    get(&app, "/nothing").await;
    let a = get(&app, "/metrics").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let m = a.body;
    for line in [
        "marsad_http_requests_total{method=\"GET\",route=\"/article/{id}\",status=\"200\"} 3",
        "marsad_http_requests_total{method=\"GET\",route=\"/article/{id}\",status=\"404\"} 1",
        "marsad_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
        "marsad_http_request_duration_seconds_count{method=\"GET\",route=\"/article/{id}\"} 4",
        "# TYPE marsad_http_request_duration_seconds histogram",
        "marsad_articles 3",
        "marsad_feeds{status=\"new\"} 3",
        "marsad_feeds{status=\"paused\"} 0",
        "marsad_queue_jobs{state=\"ready\"} 0",
        "marsad_feed_fetch_errors 0",
        "marsad_store_up 1",
        "marsad_crawl_articles_stored_total 7",
        "# TYPE marsad_crawl_feed_fetches_total counter",
    ] {
        assert!(m.contains(line), "metrics lack {line}:\n{m}");
    }
    // Raw paths never become labels: the route pattern keeps the series bounded.
    assert!(!m.contains("/article/999999") && !m.contains("route=\"/nothing\""));
}

#[tokio::test]
async fn the_page_cache_serves_public_pages_again_but_never_the_api_or_admin() {
    use marsad_store::FeedStore;
    let (_dir, store, _) = fixture::store().await;
    let app = router(
        AppState::new(store.clone())
            .with_admin_token("a-long-admin-token-for-tests")
            .with_page_cache(std::time::Duration::from_secs(3600)),
    );
    let feed = store.list_feeds().await.unwrap()[0].clone();
    let page = format!("/source/{}", feed.source_id);
    let before = get(&app, &page).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains(&feed.url));
    assert!(store.remove_feed(feed.id).await.unwrap());
    // The kept page is served again, headers included; the API reads the store.
    let again = get(&app, &page).await;
    assert_eq!(again.body, before.body);
    assert!(again.header("content-security-policy").is_some());
    assert_eq!(again.header("content-type"), before.header("content-type"));
    let api = get(&app, "/api/v1/feeds").await.json();
    assert_eq!(api["data"].as_array().unwrap().len(), 2);
    // Other preferences (another Cookie header) get a page of their own, built afresh.
    let english = send(
        &app,
        Request::get(&page)
            .header("cookie", "lang=en")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(!english.body.contains(&feed.url));
    // Metrics count the answers the cache gave.
    let m = get(&app, "/metrics").await.body;
    assert!(
        m.contains("route=\"/source/{id}\",status=\"200\"} 3"),
        "{m}"
    );
}
