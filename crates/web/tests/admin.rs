//! The admin pages over a real SQLite store: disabled without a token, the login with its
//! double-submit token, sessions, CSRF on every POST, feed changes and OPML in and out.

mod fixture;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture::{Answer, get, send};
use marsad_store::FeedStore;
use marsad_web::{AppState, router};

const TOKEN: &str = "a-long-admin-token-for-tests";

/// The value of the first `name="csrf"` field of a page.
fn csrf_of(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

fn form(path: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn with_cookie(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap()
}

/// Logs in; returns the session cookie and the session's CSRF token.
async fn login(app: &axum::Router) -> (String, String) {
    let page = get(app, "/admin/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let login_cookie = page
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("marsad_login="))
        .unwrap();
    let csrf = csrf_of(&page.body);
    let a = send(
        app,
        form(
            "/admin/login",
            &login_cookie,
            &format!("token={TOKEN}&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.header("location"), Some("/admin"));
    let set = a
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("marsad_admin="))
        .expect("a session cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let session = set.split(';').next().unwrap().to_string();
    let admin = send(app, with_cookie("/admin", &session)).await;
    assert_eq!(admin.status, StatusCode::OK);
    assert_eq!(admin.header("cache-control"), Some("no-store"));
    (session.clone(), csrf_of(&admin.body))
}

async fn app_with_token() -> (
    tempfile::TempDir,
    std::sync::Arc<marsad_store::SqliteStore>,
    axum::Router,
) {
    let (dir, store, _) = fixture::store().await;
    let app = router(AppState::new(store.clone()).with_admin_token(TOKEN));
    (dir, store, app)
}

#[tokio::test]
async fn without_a_token_the_admin_is_disabled_and_says_so() {
    let (_dir, store, _) = fixture::store().await;
    let app = router(AppState::new(store).with_admin_token("  "));
    let a = get(&app, "/admin").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(a.body.contains("الإدارة معطّلة"));
    let en = get(&app, "/admin?lang=en").await;
    assert!(en.body.contains("Administration is disabled"));
    assert!(en.body.contains(r#"<html lang="en" dir="ltr">"#));
    assert_eq!(
        get(&app, "/admin/login").await.status,
        StatusCode::FORBIDDEN
    );
    let post = send(
        &app,
        form("/admin/feeds", "", "url=https%3A%2F%2Fx.example%2F"),
    )
    .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_login_needs_the_right_token_and_its_form_token() {
    let (_dir, _store, app) = app_with_token().await;
    let home = get(&app, "/admin").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.header("location"), Some("/admin/login"));
    let page = get(&app, "/admin/login").await;
    assert!(page.body.contains("رمز الإدارة"));
    let login_cookie = page
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("marsad_login="))
        .unwrap();
    let csrf = csrf_of(&page.body);
    let wrong = send(
        &app,
        form(
            "/admin/login",
            &login_cookie,
            &format!("token=not-the-token&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(wrong.header("location"), Some("/admin/login?wrong=1"));
    assert!(
        wrong
            .cookies()
            .iter()
            .all(|c| !c.starts_with("marsad_admin="))
    );
    // The right token without the login form's cookie (a forged cross-site form) is refused.
    let forged = send(
        &app,
        form("/admin/login", "", &format!("token={TOKEN}&csrf={csrf}")),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        forged
            .cookies()
            .iter()
            .all(|c| !c.starts_with("marsad_admin="))
    );
    // A made-up session cookie does not open the admin.
    let fake = send(&app, with_cookie("/admin", "marsad_admin=00ff")).await;
    assert_eq!(fake.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn feeds_are_added_paused_resumed_and_removed_only_with_the_csrf_token() {
    let (_dir, store, app) = app_with_token().await;
    let (session, csrf) = login(&app).await;
    let url = "https%3A%2F%2Fnew.example%2Frss.xml";

    // Without the CSRF token, or with another, nothing happens.
    for body in [format!("url={url}"), format!("url={url}&csrf=0123")] {
        let a = send(&app, form("/admin/feeds", &session, &body)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        assert!(a.body.contains("الطلب مرفوض"));
    }
    // The session's token without the session is refused too.
    let a = send(
        &app,
        form("/admin/feeds", "", &format!("url={url}&csrf={csrf}")),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(store.list_feeds().await.unwrap().len(), 3);

    let a = send(
        &app,
        form(
            "/admin/feeds",
            &session,
            &format!("url={url}&source=%D8%A7%D9%84%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.header("location"), Some("/admin?msg=added"));
    let feeds = store.list_feeds().await.unwrap();
    let added = feeds
        .iter()
        .find(|f| f.url == "https://new.example/rss.xml")
        .unwrap();
    assert_eq!(added.source_name, "الجديدة");
    let page = send(&app, with_cookie("/admin?msg=added", &session)).await;
    assert!(page.body.contains("أُضيفت الخلاصة."));
    assert!(page.body.contains("https://new.example/rss.xml"));

    let bad = send(
        &app,
        form(
            "/admin/feeds",
            &session,
            &format!("url=javascript%3Aalert(1)&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(bad.header("location"), Some("/admin?msg=bad_url"));

    let id = added.id.0;
    let a = send(
        &app,
        form(
            &format!("/admin/feeds/{id}/pause"),
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.header("location"), Some("/admin?msg=paused"));
    assert!(store.get_feed(added.id).await.unwrap().unwrap().paused);
    let page = send(&app, with_cookie("/admin?lang=en", &session)).await;
    assert!(page.cookies().contains(&"lang=en".to_string()));
    assert!(page.body.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(
        page.body
            .contains(&format!(r#"<tr id="feed-{id}" data-status="paused">"#))
    );
    assert!(page.body.contains("Resume"));
    let a = send(
        &app,
        form(&format!("/admin/feeds/{id}/pause"), &session, "csrf="),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(
        &app,
        form(
            &format!("/admin/feeds/{id}/resume"),
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.header("location"), Some("/admin?msg=resumed"));
    assert!(!store.get_feed(added.id).await.unwrap().unwrap().paused);
    let a = send(
        &app,
        form(
            &format!("/admin/feeds/{id}/delete"),
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.header("location"), Some("/admin?msg=removed"));
    assert!(store.get_feed(added.id).await.unwrap().is_none());
    let a = send(
        &app,
        form(
            "/admin/feeds/999999/pause",
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.header("location"), Some("/admin?msg=no_feed"));

    // After logging out the session and its token are dead.
    let out = send(
        &app,
        form("/admin/logout", &session, &format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let a = send(
        &app,
        form(
            &format!("/admin/feeds/{id}/pause"),
            &session,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

fn multipart(cookie: &str, csrf: &str, file: &[u8]) -> Request<Body> {
    let boundary = "marsadboundary7";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.opml\"\r\nContent-Type: text/x-opml\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post("/admin/opml")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("cookie", cookie)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn opml_is_imported_with_the_csrf_token_and_exported() {
    let (_dir, store, app) = app_with_token().await;
    let (session, csrf) = login(&app).await;
    let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="وكالة السهل"><outline type="rss" text="عاجل" xmlUrl="https://sahl.example/rss"/></outline>
<outline type="rss" text="bad" xmlUrl="not a url"/></body></opml>"#;
    let refused = send(&app, multipart(&session, "wrong", opml.as_bytes())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(store.list_feeds().await.unwrap().len(), 3);

    let a = send(&app, multipart(&session, &csrf, opml.as_bytes())).await;
    assert_eq!(
        a.header("location"),
        Some("/admin?msg=imported&added=1&existing=0&skipped=1")
    );
    assert!(
        store
            .list_feeds()
            .await
            .unwrap()
            .iter()
            .any(|f| f.url == "https://sahl.example/rss" && f.source_name == "وكالة السهل")
    );
    let bad = send(&app, multipart(&session, &csrf, b"<not opml")).await;
    assert_eq!(bad.header("location"), Some("/admin?msg=bad_opml"));
    let big = vec![b' '; 600 * 1024];
    let too_large = send(&app, multipart(&session, &csrf, &big)).await;
    assert_eq!(too_large.header("location"), Some("/admin?msg=too_large"));

    let export = send(&app, with_cookie("/admin/opml", &session)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export
            .header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    assert!(export.body.contains("https://sahl.example/rss"));
    let anonymous: Answer = get(&app, "/admin/opml").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}
