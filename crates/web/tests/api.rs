//! The JSON API over a real SQLite store and a real search index: lists, pagination, one
//! article, sources, feeds, search, writes with the bearer token, and JSON errors.

mod fixture;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture::{get, send};
use marsad_index::SearchIndex;
use marsad_web::{AppState, router};
use std::sync::Arc;

const TOKEN: &str = "a-long-admin-token-for-tests";

async fn app() -> (tempfile::TempDir, axum::Router, Vec<i64>) {
    let (dir, store, ids) = fixture::store().await;
    let index = SearchIndex::open(&dir.path().join("index")).unwrap();
    marsad_pipeline::sync_index(store.as_ref(), &index, false, &mut |_| {})
        .await
        .unwrap();
    let state = AppState::new(store)
        .with_index(Arc::new(index))
        .with_admin_token(TOKEN);
    (dir, router(state), ids)
}

fn assert_error(a: &fixture::Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{}", a.body);
    assert!(
        a.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let j = a.json();
    assert_eq!(j["error"]["code"], code, "{}", a.body);
    assert!(
        j["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn articles_are_listed_newest_first_in_pages() {
    let (_dir, app, ids) = app().await;
    let a = get(&app, "/api/v1/articles?limit=2").await;
    assert_eq!(a.status, StatusCode::OK);
    let j = a.json();
    let got: Vec<i64> = j["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert_eq!(got, [ids[2], ids[1]]);
    assert_eq!(j["next_page"], 2);
    assert_eq!(j["data"][0]["dir"], "ltr");
    assert_eq!(j["data"][1]["href"], format!("/article/{}", ids[1]));
    let last = get(&app, "/api/v1/articles?limit=2&page=2").await.json();
    assert_eq!(last["data"].as_array().unwrap().len(), 1);
    assert_eq!(last["data"][0]["id"], ids[0]);
    assert!(last["next_page"].is_null());
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_json_error() {
    let (_dir, app, _) = app().await;
    for path in [
        "/api/v1/articles?limit=101",
        "/api/v1/articles?limit=0",
        "/api/v1/articles?page=0",
        "/api/v1/articles?limit=abc",
        "/api/v1/search",
        "/api/v1/search?q=",
        "/api/v1/search?q=%22unclosed",
        "/api/v1/search?q=bridge&sort=sideways",
        "/api/v1/search?q=bridge&limit=1000",
        "/api/v1/articles?limit=100&page=102",
        "/api/v1/stories?limit=-1",
        "/api/v1/tags?page=2",
    ] {
        let a = get(&app, path).await;
        assert_error(&a, StatusCode::BAD_REQUEST, "bad_request");
    }
    let a = get(&app, "/api/v1/search?q=%22unclosed").await;
    assert!(
        a.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("quote")
    );
}

#[tokio::test]
async fn one_article_has_its_fields_and_unknown_ids_are_404() {
    let (_dir, app, ids) = app().await;
    let j = get(&app, &format!("/api/v1/articles/{}", ids[0]))
        .await
        .json();
    assert_eq!(j["title"], fixture::ARTICLES[0].1);
    assert_eq!(j["source"]["name"], "جريدة الواحة");
    assert_eq!(j["lang"], "ar");
    assert_eq!(j["dir"], "rtl");
    assert_eq!(j["tags"][0], "الموانئ");
    assert_eq!(j["published_at"], "2026-11-03T07:15:00+00:00");
    assert!(j["html"].as_str().unwrap().starts_with("<p>"));
    for path in [
        "/api/v1/articles/999999",
        "/api/v1/articles/abc",
        "/api/v1/articles/-1",
        "/api/v1/sources/999999",
        "/api/v1/feeds/999999",
        "/api/v1/stories/999999",
        "/api/v1/stories/x",
        "/api/v1/tags/%D9%84%D8%A7-%D9%88%D8%B3%D9%85",
        "/api/v1/nothing",
        "/api/v2/articles",
    ] {
        assert_error(&get(&app, path).await, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn sources_and_feeds_are_listed_with_their_figures() {
    let (_dir, app, _) = app().await;
    let sources = get(&app, "/api/v1/sources").await.json();
    let list = sources["data"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    let wahat = list.iter().find(|s| s["name"] == "جريدة الواحة").unwrap();
    let id = wahat["id"].as_i64().unwrap();
    let one = get(&app, &format!("/api/v1/sources/{id}")).await.json();
    assert_eq!(one["articles_total"], 1);
    assert_eq!(one["originality"], 1.0);
    assert_eq!(one["articles"]["data"][0]["title"], fixture::ARTICLES[0].1);
    assert_eq!(one["feeds"][0]["url"], "https://site0.example/feed.xml");
    let feeds = get(&app, "/api/v1/feeds").await.json();
    assert_eq!(feeds["data"].as_array().unwrap().len(), 3);
    assert_eq!(feeds["data"][0]["status"], "new");
    assert_eq!(feeds["data"][0]["articles"], 1);
    let fid = feeds["data"][0]["id"].as_i64().unwrap();
    assert_eq!(
        get(&app, &format!("/api/v1/feeds/{fid}")).await.json()["id"],
        fid
    );
}

#[tokio::test]
async fn search_finds_arabic_and_english_with_highlights_and_facets() {
    let (_dir, app, ids) = app().await;
    let j = get(&app, "/api/v1/search?q=%D8%AC%D8%B3%D8%B1")
        .await
        .json(); // جسر
    assert_eq!(j["total"], 1);
    assert_eq!(j["data"][0]["id"], ids[0]);
    let title = j["data"][0]["title"].as_str().unwrap();
    let (a, b) = (
        j["data"][0]["title_highlights"][0][0].as_u64().unwrap() as usize,
        j["data"][0]["title_highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&title[a..b], "جسر");
    assert_eq!(j["facets"]["days"][0]["key"], "2026-11-03");
    let en = get(&app, "/api/v1/search?q=harbour&sort=newest")
        .await
        .json();
    assert_eq!(en["data"][0]["id"], ids[2]);
    let none = get(&app, "/api/v1/search?q=zzzqqq").await.json();
    assert_eq!(none["total"], 0);
    assert!(none["data"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn search_without_an_index_is_503_without_detail() {
    let (_dir, store, _) = fixture::store().await;
    let app = router(AppState::new(store));
    let a = get(&app, "/api/v1/search?q=bridge").await;
    assert_error(&a, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    assert!(!a.body.contains("index"), "no internal detail: {}", a.body);
}

fn post_feed(token: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post("/api/v1/feeds").header("content-type", "application/json");
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn feeds_are_added_only_with_the_bearer_token() {
    let (_dir, app, _) = app().await;
    let body = r#"{"url": "https://new.example/rss", "source": "الجديدة"}"#;
    let a = send(&app, post_feed(None, body)).await;
    assert_error(&a, StatusCode::UNAUTHORIZED, "unauthorized");
    assert!(a.header("www-authenticate").unwrap().starts_with("Bearer"));
    let a = send(&app, post_feed(Some("wrong-token-of-some-length"), body)).await;
    assert_error(&a, StatusCode::UNAUTHORIZED, "unauthorized");
    let a = send(&app, post_feed(Some(TOKEN), body)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.json()["created"], true);
    let again = send(&app, post_feed(Some(TOKEN), body)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["id"], a.json()["id"]);
    let listed = get(&app, "/api/v1/feeds").await.json();
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["url"] == "https://new.example/rss" && f["source_name"] == "الجديدة")
    );
    for bad in [
        r#"{"url": "ftp://x.example/"}"#,
        r#"{"url": 5}"#,
        "not json",
        r#"{"url":"https://a.example/","x":1}"#,
    ] {
        let a = send(&app, post_feed(Some(TOKEN), bad)).await;
        assert_error(&a, StatusCode::BAD_REQUEST, "bad_request");
    }
}

#[tokio::test]
async fn writes_are_403_when_the_server_has_no_token() {
    let (_dir, store, _) = fixture::store().await;
    let app = router(AppState::new(store));
    let a = send(
        &app,
        post_feed(
            Some("anything-at-all-here"),
            r#"{"url":"https://x.example/"}"#,
        ),
    )
    .await;
    assert_error(&a, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn the_openapi_document_is_served_as_json() {
    let (_dir, app, _) = app().await;
    let a = get(&app, "/api/openapi.json").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), Some("application/json"));
    let j = a.json();
    assert_eq!(j["openapi"], "3.1.0");
    assert!(j["paths"]["/api/v1/search"]["get"].is_object());
}

#[tokio::test]
async fn stories_and_tags_come_from_the_site_queries() {
    let (_dir, app, ids) = app().await;
    let stories = get(&app, "/api/v1/stories?limit=2").await.json();
    let list = stories["data"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(stories["next_page"], 2);
    // Each fixture article is a story of one outlet: the most recent ranks first.
    assert_eq!(list[0]["origin"], ids[2]);
    assert_eq!(list[0]["sources"], 1);
    let sid = list[0]["id"].as_i64().unwrap();
    assert_eq!(list[0]["href"], format!("/story/{sid}"));
    let story = get(&app, &format!("/api/v1/stories/{sid}")).await.json();
    assert_eq!(story["story"]["id"], sid);
    assert_eq!(story["coverage"][0]["article"]["id"], ids[2]);
    assert_eq!(story["timeline"].as_array().unwrap().len(), 1);

    let tags = get(&app, "/api/v1/tags").await.json();
    assert_eq!(tags["data"][0]["tag"]["name"], "الموانئ");
    assert_eq!(tags["data"][0]["last_day"], 3);
    let key = tags["data"][0]["tag"]["key"].as_str().unwrap();
    let encoded: String = key.bytes().map(|b| format!("%{b:02X}")).collect();
    let tag = get(&app, &format!("/api/v1/tags/{encoded}?limit=2"))
        .await
        .json();
    assert_eq!(tag["tag"]["articles"], 3);
    assert_eq!(tag["articles"]["data"].as_array().unwrap().len(), 2);
    assert_eq!(tag["articles"]["next_page"], 2);
}
