//! The site over a real SQLite store: lists, article pages, escaping, errors, assets.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{TimeZone, Utc};
use marsad_model::{NewArticle, Precision, RelatedLink, url_key};
use marsad_store::{ArticleCommit, ArticleStore, NewDocument, SourceStore, SqliteStore};
use marsad_web::{AppState, router};
use std::sync::Arc;
use tower::ServiceExt;

async fn store_with_articles() -> (tempfile::TempDir, Arc<SqliteStore>, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("marsad.db"))
        .await
        .unwrap();
    let src = store.ensure_source("جريدة الواحة", None).await.unwrap();
    let mut ids = Vec::new();
    for (i, title) in [
        "افتتاح جسر الميناء الجديد",
        "<script>alert(1)</script> عنوان خطر",
    ]
    .iter()
    .enumerate()
    {
        let url = format!("https://wahat.example/news/{i}");
        let a = NewArticle {
            source_id: src,
            feed_id: None,
            url: url.clone(),
            canonical_url: url.clone(),
            url_key: url_key(&url).unwrap(),
            alias_keys: vec![],
            title: Some(title.to_string()),
            description: Some("ملخص الخبر".into()),
            authors: vec!["ليلى حداد".into()],
            published_at: Some(
                Utc.with_ymd_and_hms(2026, 11, 3, 7, 15, 0).unwrap()
                    + chrono::Duration::hours(i as i64),
            ),
            published_offset: Some(3 * 3600),
            published_precision: Some(Precision::Minute),
            updated_at: None,
            lang: Some("ar".into()),
            dir: "rtl".into(),
            text: "افتتح المحافظ الجسر صباح اليوم.".into(),
            html_sanitized: "<p>افتتح المحافظ الجسر صباح اليوم.</p>".into(),
            image: None,
            credit: Some("وكالة الأنباء".into()),
            page_tags: vec!["الموانئ".into()],
            related_links: vec![RelatedLink {
                title: "خبر ذو صلة".into(),
                url: "https://wahat.example/news/9".into(),
            }],
            site_name: None,
            extractor_version: 1,
            content_key: String::new(),
        };
        let doc = NewDocument {
            url: url.clone(),
            final_url: url,
            fetched_at: Utc::now(),
            status: 200,
            content_type: None,
            charset: None,
            body: vec![],
        };
        let ArticleCommit::Inserted { id, .. } =
            store.commit_article(None, &doc, &a).await.unwrap()
        else {
            panic!("not inserted")
        };
        ids.push(id.0);
    }
    (dir, Arc::new(store), ids)
}

async fn get(app: &axum::Router, path: &str) -> (StatusCode, String, String) {
    let resp = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, ct, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn the_home_page_lists_the_newest_first_right_to_left() {
    let (_dir, store, _) = store_with_articles().await;
    let app = router(AppState::new(store));
    let (status, ct, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/html"));
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
    let newer = html.find("عنوان خطر").expect("second article listed");
    let older = html
        .find("افتتاح جسر الميناء الجديد")
        .expect("first article listed");
    assert!(newer < older, "newest article must come first");
    assert!(
        html.contains("3 نوفمبر 2026، 10:15 ص"),
        "time in the page's offset"
    );
}

#[tokio::test]
async fn titles_are_escaped_and_the_article_page_has_every_part() {
    let (_dir, store, ids) = store_with_articles().await;
    let app = router(AppState::new(store));
    let (_, _, home) = get(&app, "/").await;
    assert!(!home.contains("<script>alert(1)</script>"));
    assert!(home.contains("&#60;script&#62;") || home.contains("&lt;script&gt;"));
    let (status, _, html) = get(&app, &format!("/article/{}", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    for part in [
        r#"dir="rtl">افتتاح جسر الميناء الجديد</h1>"#,
        "<p>افتتح المحافظ الجسر صباح اليوم.</p>",
        "كلمات دلالية",
        "الموانئ",
        "اقرأ أيضاً",
        "https://wahat.example/news/9",
        "المصدر: <bdi>وكالة الأنباء</bdi>",
        "ليلى حداد",
        r#"dir="rtl""#,
    ] {
        assert!(html.contains(part), "article page lacks {part}");
    }
}

#[tokio::test]
async fn unknown_pages_are_404_and_health_is_200() {
    let (_dir, store, _) = store_with_articles().await;
    let app = router(AppState::new(store));
    assert_eq!(get(&app, "/article/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/article/abc").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/nothing/here").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/healthz").await.0, StatusCode::OK);
    let (status, ct, css) = get(&app, "/static/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/css"));
    assert!(css.contains("--font"));
    assert_eq!(
        get(&app, "/static/../../etc/passwd").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_empty_archive_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("m.db")).await.unwrap());
    let (status, _, html) = get(&router(AppState::new(store)), "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("لا توجد أخبار بعد"));
}
