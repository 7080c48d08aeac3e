//! The fetcher against a real HTTP server on loopback: guard, limits, redirects, validators.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use marsad_fetch::{Conditional, FetchConfig, FetchError, Fetcher};
use std::io::Write;
use std::time::Duration;
use url::Url;

async fn server() -> String {
    let gzip_bomb = {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![0u8; 8 * 1024 * 1024]).unwrap();
        enc.finish().unwrap()
    };
    let app = Router::new()
        .route("/ok", get(|| async { "مرحبا" }))
        .route("/big", get(|| async { vec![b'x'; 300_000] }))
        .route(
            "/bomb",
            get(move || {
                let body = gzip_bomb.clone();
                async move { ([(header::CONTENT_ENCODING, "gzip")], body) }
            }),
        )
        .route("/loop", get(|| async { Redirect::temporary("/loop2") }))
        .route("/loop2", get(|| async { Redirect::temporary("/loop") }))
        .route("/hop", get(|| async { Redirect::temporary("/ok") }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route(
            "/busy",
            get(|| async {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "120")],
                    "busy",
                )
            }),
        )
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/etag",
            get(|headers: HeaderMap| async move {
                if headers
                    .get(header::IF_NONE_MATCH)
                    .is_some_and(|v| v == "\"v1\"")
                {
                    return StatusCode::NOT_MODIFIED.into_response();
                }
                ([(header::ETAG, "\"v1\"")], "fresh").into_response()
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn fetcher(allow_private: bool) -> Fetcher {
    Fetcher::new(FetchConfig {
        allow_private_addresses: allow_private,
        max_body_bytes: 100_000,
        max_redirects: 5,
        total_timeout: Duration::from_secs(1),
        read_timeout: Duration::from_secs(1),
        ..FetchConfig::default()
    })
    .unwrap()
}

fn url(base: &str, path: &str) -> Url {
    Url::parse(&format!("{base}{path}")).unwrap()
}

async fn fetch(f: &Fetcher, base: &str, path: &str) -> Result<marsad_fetch::Fetched, FetchError> {
    f.get(&url(base, path), &Conditional::default()).await
}

#[tokio::test]
async fn loopback_is_refused_by_default_and_allowed_on_request() {
    let base = server().await;
    let err = fetch(&fetcher(false), &base, "/ok").await.unwrap_err();
    assert!(matches!(err, FetchError::Refused { .. }), "{err}");
    assert!(!err.is_transient());
    let ok = fetch(&fetcher(true), &base, "/ok").await.unwrap();
    assert_eq!(ok.body, "مرحبا".as_bytes());
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused() {
    let base = server().await.replace("127.0.0.1", "localhost");
    let f = fetcher(false);
    let err = fetch(&f, &base, "/ok").await.unwrap_err();
    assert!(matches!(err, FetchError::Refused { .. }), "{err}");
}

#[tokio::test]
async fn bodies_are_capped_after_decompression() {
    let base = server().await;
    let f = fetcher(true);
    assert!(matches!(
        fetch(&f, &base, "/big").await,
        Err(FetchError::TooLarge { .. })
    ));
    assert!(matches!(
        fetch(&f, &base, "/bomb").await,
        Err(FetchError::TooLarge { .. })
    ));
}

#[tokio::test]
async fn redirects_are_followed_and_capped() {
    let base = server().await;
    let f = fetcher(true);
    let hop = fetch(&f, &base, "/hop").await.unwrap();
    assert_eq!(hop.final_url.path(), "/ok");
    let err = fetch(&f, &base, "/loop").await.unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 5, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn slow_answers_time_out_and_statuses_are_classified() {
    let base = server().await;
    let f = fetcher(true);
    let err = fetch(&f, &base, "/slow").await.unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert!(err.is_transient());
    let busy = fetch(&f, &base, "/busy").await.unwrap_err();
    assert_eq!(busy.status(), Some(503));
    assert_eq!(busy.retry_after(), Some(Duration::from_secs(120)));
    assert!(busy.is_transient());
    let gone = fetch(&f, &base, "/gone").await.unwrap_err();
    assert_eq!(gone.status(), Some(404));
    assert!(!gone.is_transient());
}

#[tokio::test]
async fn conditional_get_gives_304_with_the_validator() {
    let base = server().await;
    let f = fetcher(true);
    let first = fetch(&f, &base, "/etag").await.unwrap();
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    let cond = Conditional {
        etag: first.etag.as_deref(),
        last_modified: None,
    };
    let second = f.get(&url(&base, "/etag"), &cond).await.unwrap();
    assert!(second.not_modified());
    assert!(second.body.is_empty());
}

#[tokio::test]
async fn non_http_schemes_are_invalid() {
    let f = fetcher(true);
    let err = f
        .get(
            &Url::parse("file:///etc/passwd").unwrap(),
            &Conditional::default(),
        )
        .await;
    assert!(matches!(err, Err(FetchError::InvalidUrl { .. })));
}
