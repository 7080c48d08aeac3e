//! `/api/v1/sources` and `/api/v1/feeds`: the outlets and their feeds with health. Feeds are
//! added with the admin token; everything else here is read-only.

use super::articles::{Listed, path_id};
use super::{ApiError, ApiQuery, ApiResult, PageParams, Paged, authorize, rfc3339_ms};
use crate::AppState;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use marsad_model::{Feed, FeedId, Source, SourceId};
use serde::{Deserialize, Serialize};

/// A source (outlet).
#[derive(Debug, Serialize)]
pub(crate) struct SourceItem {
    id: i64,
    name: String,
    homepage: Option<String>,
}

impl From<Source> for SourceItem {
    fn from(s: Source) -> SourceItem {
        SourceItem {
            id: s.id.0,
            name: s.name,
            homepage: s.homepage,
        }
    }
}

/// A source with its figures, feeds and a page of its articles.
#[derive(Debug, Serialize)]
pub(crate) struct SourceDetail {
    #[serde(flatten)]
    source: SourceItem,
    /// Articles stored from the outlet.
    articles_total: i64,
    /// Of those, copies of another outlet's article.
    copies_of_others: i64,
    /// The share of its articles that are its own, from 0 to 1.
    originality: f64,
    /// Its feeds.
    feeds: Vec<FeedItem>,
    /// A page of its articles, newest first.
    articles: Paged<Listed>,
}

/// A list with no pagination (sources and feeds are few).
#[derive(Debug, Serialize)]
pub(crate) struct List<T> {
    data: Vec<T>,
}

/// A feed with its health.
#[derive(Debug, Serialize)]
pub(crate) struct FeedItem {
    id: i64,
    url: String,
    title: Option<String>,
    source_id: i64,
    source_name: String,
    /// `ok`, `failing`, `new` (never fetched) or `paused`.
    status: &'static str,
    paused: bool,
    /// Consecutive failed fetches.
    error_count: i64,
    last_status: Option<i64>,
    last_error: Option<String>,
    last_fetch_at: Option<String>,
    last_ok_at: Option<String>,
    next_fetch_at: String,
    interval_secs: i64,
    articles: i64,
    failed_items: i64,
}

/// The one-word health of a feed, as the admin and the metrics name it.
pub(crate) fn feed_status(f: &Feed) -> &'static str {
    if f.paused {
        "paused"
    } else if f.error_count > 0 {
        "failing"
    } else if f.last_fetch_at.is_none() {
        "new"
    } else {
        "ok"
    }
}

impl From<Feed> for FeedItem {
    fn from(f: Feed) -> FeedItem {
        FeedItem {
            status: feed_status(&f),
            id: f.id.0,
            url: f.url,
            title: f.title,
            source_id: f.source_id.0,
            source_name: f.source_name,
            paused: f.paused,
            error_count: f.error_count,
            last_status: f.last_status,
            last_error: f.last_error,
            last_fetch_at: f.last_fetch_at.map(|t| t.to_rfc3339()),
            last_ok_at: f.last_ok_at.map(|t| t.to_rfc3339()),
            next_fetch_at: rfc3339_ms(f.next_fetch_at.timestamp_millis()).unwrap_or_default(),
            interval_secs: f.interval_secs,
            articles: f.article_count,
            failed_items: f.failed_items,
        }
    }
}

/// `GET /api/v1/sources`.
pub(crate) async fn sources(State(s): State<AppState>) -> ApiResult<Json<List<SourceItem>>> {
    let list = s.store.list_sources().await.map_err(ApiError::store)?;
    Ok(Json(List {
        data: list.into_iter().map(SourceItem::from).collect(),
    }))
}

/// `GET /api/v1/sources/{id}`: a source, its originality figure, its feeds and a page of its
/// articles.
pub(crate) async fn source(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<SourceDetail>> {
    let page = q.check()?;
    let id = SourceId(path_id(&id, "source")?);
    let profile = s
        .store
        .source_profile(id)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(|| ApiError::not_found("source"))?;
    let list = s
        .store
        .source_articles(
            id,
            i64::from(page.limit) + 1,
            i64::try_from(page.offset()).unwrap_or(i64::MAX),
        )
        .await
        .map_err(ApiError::store)?;
    let o = profile.originality;
    Ok(Json(SourceDetail {
        source: profile.source.into(),
        articles_total: o.articles,
        copies_of_others: o.copies_of_others,
        originality: o.share_original,
        feeds: profile.feeds.into_iter().map(FeedItem::from).collect(),
        articles: Paged::from_probe(list.into_iter().map(Listed::from).collect(), page),
    }))
}

/// `GET /api/v1/feeds`.
pub(crate) async fn feeds(State(s): State<AppState>) -> ApiResult<Json<List<FeedItem>>> {
    let list = s.store.list_feeds().await.map_err(ApiError::store)?;
    Ok(Json(List {
        data: list.into_iter().map(FeedItem::from).collect(),
    }))
}

/// `GET /api/v1/feeds/{id}`.
pub(crate) async fn feed(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<FeedItem>> {
    let id = FeedId(path_id(&id, "feed")?);
    let feed = s
        .store
        .get_feed(id)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(|| ApiError::not_found("feed"))?;
    Ok(Json(feed.into()))
}

/// The body of `POST /api/v1/feeds`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewFeed {
    /// The feed's address.
    url: String,
    /// The outlet's name; the feed's host when absent.
    source: Option<String>,
}

/// The answer to `POST /api/v1/feeds`.
#[derive(Debug, Serialize)]
pub(crate) struct AddedFeed {
    id: i64,
    /// False when the feed was already in the list (it is left as it was).
    created: bool,
}

/// The longest feed URL accepted.
const MAX_URL_BYTES: usize = 2048;

/// `POST /api/v1/feeds` with `Authorization: Bearer TOKEN`: adds a feed. 201 when new, 200
/// when it was already there.
pub(crate) async fn add_feed(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<NewFeed>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<AddedFeed>)> {
    authorize(&s, &headers)?;
    let Json(body) = body.map_err(|e| ApiError::bad_request(e.body_text()))?;
    if body.url.len() > MAX_URL_BYTES {
        return Err(ApiError::bad_request("url is too long"));
    }
    let source = body
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if source.is_some_and(|s| s.chars().count() > 200) {
        return Err(ApiError::bad_request("source is too long"));
    }
    match marsad_pipeline::add_feed(s.store.as_ref(), &body.url, source, None).await {
        Ok((id, created)) => Ok((
            if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            },
            Json(AddedFeed { id: id.0, created }),
        )),
        Err(marsad_pipeline::PipelineError::InvalidUrl(_)) => Err(ApiError::bad_request(
            "url must be an absolute http or https address",
        )),
        Err(e) => Err(ApiError::internal("API could not add a feed", &e)),
    }
}
