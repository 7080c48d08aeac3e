//! `/api/v1/articles`: the latest articles, and one article in full.

use super::{ApiError, ApiQuery, ApiResult, PageParams, Paged};
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use marsad_model::{Article, ArticleId, RelatedLink};
use marsad_store::site::ListedArticle;
use serde::Serialize;

/// An article of a list, with its page on this site.
#[derive(Debug, Serialize)]
pub(crate) struct Listed {
    #[serde(flatten)]
    article: ListedArticle,
    href: String,
}

impl From<ListedArticle> for Listed {
    fn from(article: ListedArticle) -> Listed {
        Listed {
            href: format!("/article/{}", article.id),
            article,
        }
    }
}

/// One article in full.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleDetail {
    id: i64,
    url: String,
    canonical_url: String,
    title: Option<String>,
    description: Option<String>,
    authors: Vec<String>,
    published_at: Option<String>,
    /// The publication time's precision: `day`, `minute` or `second`.
    published_precision: Option<&'static str>,
    updated_at: Option<String>,
    lang: Option<String>,
    dir: String,
    source: SourceRef,
    feed_id: Option<i64>,
    text: String,
    /// The sanitized article HTML, as the site displays it.
    html: String,
    image: Option<String>,
    credit: Option<String>,
    /// Tags the analysis found, most important first.
    tags: Vec<String>,
    /// Tags the page itself lists.
    page_tags: Vec<String>,
    related_links: Vec<RelatedLink>,
    duplicate_of: Option<i64>,
    story_id: Option<i64>,
    ingested_at: String,
}

/// A source named by an article.
#[derive(Debug, Serialize)]
struct SourceRef {
    id: i64,
    name: String,
}

impl ArticleDetail {
    fn new(a: Article, tags: Vec<String>) -> ArticleDetail {
        let f = a.fields;
        ArticleDetail {
            id: a.id.0,
            url: f.url,
            canonical_url: f.canonical_url,
            title: f.title,
            description: f.description,
            authors: f.authors,
            published_at: f.published_at.map(|t| t.to_rfc3339()),
            published_precision: f.published_precision.map(|p| p.as_str()),
            updated_at: f.updated_at.map(|t| t.to_rfc3339()),
            lang: f.lang,
            dir: f.dir,
            source: SourceRef {
                id: f.source_id.0,
                name: a.source_name,
            },
            feed_id: f.feed_id.map(|id| id.0),
            text: f.text,
            html: f.html_sanitized,
            image: f.image,
            credit: f.credit,
            tags,
            page_tags: f.page_tags,
            related_links: f.related_links,
            duplicate_of: a.duplicate_of.map(|d| d.0),
            story_id: a.story_id.map(|s| s.0),
            ingested_at: a.ingested_at.to_rfc3339(),
        }
    }
}

/// `GET /api/v1/articles`: the latest articles, newest first.
pub(crate) async fn list(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<Paged<Listed>>> {
    let page = q.check()?;
    let offset = i64::try_from(page.offset()).unwrap_or(i64::MAX);
    let items = s
        .store
        .latest(i64::from(page.limit) + 1, offset)
        .await
        .map_err(ApiError::store)?;
    Ok(Json(Paged::from_probe(
        items.into_iter().map(Listed::from).collect(),
        page,
    )))
}

/// The numeric id in a path, or a 404 (a malformed id names no resource).
pub(crate) fn path_id(raw: &str, what: &str) -> ApiResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::not_found(what))
}

/// `GET /api/v1/articles/{id}`.
pub(crate) async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ArticleDetail>> {
    let id = ArticleId(path_id(&id, "article")?);
    let article = s
        .store
        .get_article(id)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(|| ApiError::not_found("article"))?;
    let tags = s
        .store
        .article_tags(id)
        .await
        .map_err(ApiError::store)?
        .into_iter()
        .map(|t| t.name)
        .collect();
    Ok(Json(ArticleDetail::new(article, tags)))
}
