//! Page handlers and their templates.

use crate::AppState;
use crate::time;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use marsad_model::{ArticleId, ArticleSummary, Precision};
use serde::Deserialize;

const PAGE_SIZE: i64 = 30;

/// One article in a list.
struct Card {
    id: i64,
    title: String,
    description: Option<String>,
    source: String,
    time: Option<(String, String)>,
    dir: String,
    lang: String,
    is_copy: bool,
}

impl From<ArticleSummary> for Card {
    fn from(a: ArticleSummary) -> Card {
        Card {
            id: a.id.0,
            title: a.title.unwrap_or_else(|| "(بلا عنوان)".into()),
            description: a.description,
            source: a.source_name,
            time: a.published_at.map(|p| {
                (
                    time::arabic(p, a.published_offset, false),
                    time::machine(p, a.published_offset),
                )
            }),
            dir: a.dir,
            lang: a.lang.unwrap_or_else(|| "ar".into()),
            is_copy: a.duplicate_of.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "latest.html")]
struct LatestPage {
    cards: Vec<Card>,
    page: i64,
    has_next: bool,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    title: String,
    dir: String,
    lang: String,
    source: String,
    url: String,
    time: Option<(String, String)>,
    authors: Vec<String>,
    description: Option<String>,
    image: Option<String>,
    body: String,
    credit: Option<String>,
    tags: Vec<String>,
    related: Vec<marsad_model::RelatedLink>,
    original: Option<i64>,
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    title: String,
    message: String,
}

/// Query string of list pages.
#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    page: Option<i64>,
}

fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

fn message(status: StatusCode, title: &str, message: &str) -> Response {
    let mut r = render(&MessagePage {
        title: title.into(),
        message: message.into(),
    });
    *r.status_mut() = status;
    r
}

fn store_error(e: marsad_store::StoreError) -> Response {
    tracing::error!(error = %e, "store read failed");
    message(
        StatusCode::SERVICE_UNAVAILABLE,
        "تعذّر الوصول إلى البيانات",
        "حدث خطأ أثناء قراءة قاعدة البيانات. حاول مرة أخرى بعد قليل.",
    )
}

/// `/`: the latest articles, newest first.
pub(crate) async fn latest(State(s): State<AppState>, Query(q): Query<PageQuery>) -> Response {
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    match s
        .store
        .latest_articles(PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        .await
    {
        Ok(mut list) => {
            let has_next = list.len() as i64 > PAGE_SIZE;
            list.truncate(PAGE_SIZE as usize);
            render(&LatestPage {
                cards: list.into_iter().map(Card::from).collect(),
                page,
                has_next,
            })
        }
        Err(e) => store_error(e),
    }
}

/// `/article/{id}`: one article.
pub(crate) async fn article(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found().await;
    };
    let a = match s.store.get_article(ArticleId(id)).await {
        Ok(Some(a)) => a,
        Ok(None) => return not_found().await,
        Err(e) => return store_error(e),
    };
    let f = a.fields;
    // Many pages use the first paragraph as their description; showing it twice reads badly.
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let body_start = squash(&f.text);
    let description = f
        .description
        .filter(|d| !body_start.starts_with(&squash(d)));
    render(&ArticlePage {
        title: f.title.unwrap_or_else(|| "(بلا عنوان)".into()),
        lang: f.lang.unwrap_or_else(|| "ar".into()),
        dir: f.dir,
        source: a.source_name,
        url: f.canonical_url,
        time: f.published_at.map(|p| {
            (
                time::arabic(
                    p,
                    f.published_offset,
                    f.published_precision == Some(Precision::Day),
                ),
                time::machine(p, f.published_offset),
            )
        }),
        authors: f.authors,
        description,
        image: f.image,
        body: f.html_sanitized,
        credit: f.credit,
        tags: f.page_tags,
        related: f.related_links,
        original: a.duplicate_of.map(|d| d.0),
    })
}

/// `/healthz`: 200 when the store answers.
pub(crate) async fn healthz(State(s): State<AppState>) -> Response {
    match s.store.count_articles().await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response()
        }
    }
}

/// `/static/{file}`: assets compiled into the binary.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    let (body, content_type): (&'static [u8], &str) = match file.as_str() {
        "style.css" => (
            include_bytes!("../assets/style.css"),
            "text/css; charset=utf-8",
        ),
        "favicon.svg" => (include_bytes!("../assets/favicon.svg"), "image/svg+xml"),
        _ => return not_found().await,
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Any unknown path.
pub(crate) async fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "الصفحة غير موجودة",
        "لم نجد ما تبحث عنه. ربما نُقلت الصفحة أو لم تعد موجودة.",
    )
}
