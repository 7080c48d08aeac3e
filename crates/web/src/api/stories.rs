//! `/api/v1/stories` and `/api/v1/tags`: top stories with their coverage, trending tags and
//! one tag's articles, from the store's site queries.

use super::articles::{Listed, path_id};
use super::{ApiError, ApiQuery, ApiResult, PageParams, Paged};
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use marsad_model::StoryId;
use marsad_store::site::{CoTag, StoryCoverage, StoryRanking, StorySummary, TagInfo, TrendingTag};
use serde::Serialize;

/// A story of a list, with its page on this site.
#[derive(Debug, Serialize)]
pub(crate) struct Story {
    #[serde(flatten)]
    story: StorySummary,
    href: String,
}

impl From<StorySummary> for Story {
    fn from(story: StorySummary) -> Story {
        Story {
            href: format!("/story/{}", story.id),
            story,
        }
    }
}

/// The reference time of trends: now, or just after the newest article when the archive's
/// news stopped earlier (the store clamps rankings the same way). The window ends before its
/// reference time, so the newest article is included by the millisecond after it.
async fn reference_ms(s: &AppState) -> ApiResult<i64> {
    let now = chrono::Utc::now().timestamp_millis();
    let newest = s.store.newest_article_ms().await.map_err(ApiError::store)?;
    Ok(newest.map_or(now, |n| (n + 1).min(now)))
}

/// `GET /api/v1/stories`: top stories, ranked by how many outlets cover them and how recent
/// they are.
pub(crate) async fn list(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<Paged<Story>>> {
    let page = q.check()?;
    let ranking = StoryRanking::at(chrono::Utc::now());
    // Rankings are computed whole: read up to the end of the page (plus one to know whether
    // another follows) and keep the page.
    let upto = page.offset() + u64::from(page.limit) + 1;
    let ranked = s
        .store
        .top_stories(&ranking, i64::try_from(upto).unwrap_or(i64::MAX))
        .await
        .map_err(ApiError::store)?;
    let items = ranked
        .into_iter()
        .skip(page.offset() as usize)
        .map(Story::from)
        .collect();
    Ok(Json(Paged::from_probe(items, page)))
}

/// `GET /api/v1/stories/{id}`: a story's full coverage.
pub(crate) async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<StoryCoverage>> {
    let id = StoryId(path_id(&id, "story")?);
    s.store
        .story_coverage(id)
        .await
        .map_err(ApiError::store)?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("story"))
}

/// The answer of `GET /api/v1/tags`.
#[derive(Debug, Serialize)]
pub(crate) struct Trending {
    data: Vec<TrendingTag>,
}

/// `GET /api/v1/tags`: the trending tags of the last day.
pub(crate) async fn tags(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<Trending>> {
    let page = q.check()?;
    if page.page != 1 {
        return Err(ApiError::bad_request("trending tags have a single page"));
    }
    let at = reference_ms(&s).await?;
    let data = s
        .store
        .trending_tags(at, 1, i64::from(page.limit))
        .await
        .map_err(ApiError::store)?;
    Ok(Json(Trending { data }))
}

/// The answer of `GET /api/v1/tags/{key}`.
#[derive(Debug, Serialize)]
pub(crate) struct TagAnswer {
    tag: TagInfo,
    /// Tags most often seen with it.
    related: Vec<CoTag>,
    /// A page of its articles, newest first.
    articles: Paged<Listed>,
}

/// `GET /api/v1/tags/{key}`: a tag, its co-occurring tags and a page of its articles.
pub(crate) async fn tag(
    State(s): State<AppState>,
    Path(key): Path<String>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<TagAnswer>> {
    let page = q.check()?;
    if key.len() > 200 {
        return Err(ApiError::not_found("tag"));
    }
    let tag = s
        .store
        .tag_by_key(&key)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(|| ApiError::not_found("tag"))?;
    let related = s
        .store
        .co_tags(tag.id, 200, 10)
        .await
        .map_err(ApiError::store)?;
    let list = s
        .store
        .tag_articles(
            tag.id,
            i64::from(page.limit) + 1,
            i64::try_from(page.offset()).unwrap_or(i64::MAX),
        )
        .await
        .map_err(ApiError::store)?;
    Ok(Json(TagAnswer {
        tag,
        related,
        articles: Paged::from_probe(list.into_iter().map(Listed::from).collect(), page),
    }))
}
