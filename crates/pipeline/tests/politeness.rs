//! robots.txt and sitemaps over real HTTP on loopback: a disallowed page is refused and
//! recorded, a sitemap's articles are stored, and a listing page it names is not.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use marsad_fetch::{FetchConfig, Fetcher};
use marsad_pipeline::{CrawlStats, DataDir, PipelineConfig, add_feed, crawl_once};
use std::sync::Arc;
use std::time::Duration;

fn article(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>
<p>{body}</p><p>{body} وأضاف المتحدث أن العمل سيستمر خلال الأسابيع المقبلة.</p></article></body></html>"#
    )
}

fn listing() -> String {
    let teasers: String = (0..15)
        .map(|i| {
            format!(
                "<h3><a href=\"/news/{i}\">عنوان خبر طويل بما يكفي لكي يبدو عنواناً رقم {i}</a></h3>"
            )
        })
        .collect();
    format!(
        "<html><head><meta charset=\"utf-8\"><title>الأخبار</title></head><body><h1>الأخبار</h1>{teasers}</body></html>"
    )
}

async fn site() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    let sitemap = move || {
        let b = b.clone();
        async move {
            let body = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{b}/news/1</loc><lastmod>2026-11-20</lastmod></url>
<url><loc>{b}/news/2</loc></url>
<url><loc>{b}/private/3</loc></url>
<url><loc>{b}/section/</loc></url>
</urlset>"#
            );
            ([(header::CONTENT_TYPE, "application/xml")], body)
        }
    };
    let app = Router::new()
        .route(
            "/robots.txt",
            get(|| async { "User-agent: *\nDisallow: /private/\n" }),
        )
        .route("/sitemap.xml", get(sitemap))
        .route(
            "/news/1",
            get(|| async {
                axum::response::Html(article(
                    "افتتاح مكتبة عامة جديدة في المدينة",
                    "افتتحت البلدية مكتبة عامة جديدة تضم آلاف الكتب.",
                ))
            }),
        )
        .route(
            "/news/2",
            get(|| async {
                axum::response::Html(article(
                    "بدء موسم قطف الزيتون في القرى",
                    "بدأ المزارعون قطف الزيتون في القرى الجبلية.",
                ))
            }),
        )
        .route(
            "/private/3",
            get(|| async {
                axum::response::Html(article("صفحة خاصة", "لا ينبغي جلب هذه الصفحة."))
                    .into_response()
            }),
        )
        .route(
            "/section/",
            get(|| async { axum::response::Html(listing()) }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test]
async fn robots_and_sitemaps_are_obeyed() {
    let base = site().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    let (feed, _) = add_feed(
        dir.store.as_ref(),
        &format!("{base}/sitemap.xml"),
        Some("الموقع"),
        None,
    )
    .await
    .unwrap();
    let fetcher = Fetcher::new(FetchConfig {
        allow_private_addresses: true,
        ..FetchConfig::default()
    })
    .unwrap();
    let config = PipelineConfig {
        workers: 2,
        retry_base: Duration::from_millis(20),
        ..PipelineConfig::default()
    };
    let summary = crawl_once(&dir, fetcher, config, Arc::new(CrawlStats::default()))
        .await
        .unwrap();
    assert_eq!(summary.articles, 2, "{summary:?}");
    assert_eq!(
        summary.errors, 1,
        "the disallowed page is one recorded error"
    );
    let failed = dir.store.failed_jobs(10).await.unwrap();
    assert!(
        failed[0].2.contains("disallowed by robots.txt"),
        "{failed:?}"
    );
    let f = dir.store.get_feed(feed).await.unwrap().unwrap();
    assert_eq!(f.kind, Some(marsad_model::FeedKind::Sitemap));
    assert_eq!(f.failed_items, 1);
    assert_eq!(dir.store.count_articles().await.unwrap(), 2);
}
