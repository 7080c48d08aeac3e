//! `/api/v1/search?q=`: the search query language over the index, with highlights and facets.

use super::{ApiError, ApiQuery, ApiResult, Page, PageParams, rfc3339_ms};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use marsad_index::{Results, SearchOptions, Sort};
use serde::{Deserialize, Serialize};

/// The query string of a search.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchParams {
    /// The query, in the query language of `marsad search`.
    q: Option<String>,
    /// `relevance` (default), `newest` or `recent` (relevance decayed by age).
    sort: Option<String>,
    /// Whether copies stay separate results (`true`) or fold into their original (default).
    all_copies: Option<bool>,
    // Not `#[serde(flatten)]`: flattened query fields arrive as strings and numbers fail.
    limit: Option<u32>,
    page: Option<u32>,
}

/// One search result.
#[derive(Debug, Serialize)]
pub(crate) struct HitItem {
    id: u64,
    href: String,
    url: String,
    title: String,
    /// Byte ranges of `title` that matched.
    title_highlights: Vec<(usize, usize)>,
    snippet: SnippetItem,
    published_at: Option<String>,
    source_id: u64,
    story_id: u64,
    /// Matching copies of this article folded into it.
    copies: usize,
    score: f32,
}

/// An extract of the text with the matched words as byte ranges.
#[derive(Debug, Serialize)]
struct SnippetItem {
    text: String,
    highlights: Vec<(usize, usize)>,
}

/// A facet value with its count.
#[derive(Debug, Serialize)]
pub(crate) struct Count<K> {
    key: K,
    count: u64,
}

/// Counts of the matching articles.
#[derive(Debug, Serialize)]
pub(crate) struct Facets {
    /// Per source id.
    sources: Vec<Count<u64>>,
    /// Per day (UTC, `YYYY-MM-DD`).
    days: Vec<Count<String>>,
}

/// The answer to a search.
#[derive(Debug, Serialize)]
pub(crate) struct SearchAnswer {
    query: String,
    /// Matching articles, copies included.
    total: usize,
    page: u32,
    limit: u32,
    next_page: Option<u32>,
    data: Vec<HitItem>,
    facets: Facets,
}

fn answer(query: String, results: Results, page: Page) -> SearchAnswer {
    let shown = page.offset() as usize + results.hits.len();
    SearchAnswer {
        query,
        total: results.total,
        page: page.page,
        limit: page.limit,
        // The total counts copies that fold away, so a short page is the last one too.
        next_page: (results.hits.len() == page.limit as usize && shown < results.total)
            .then_some(page.page + 1),
        data: results
            .hits
            .into_iter()
            .map(|h| HitItem {
                href: format!("/article/{}", h.id),
                id: h.id,
                url: h.url,
                title: h.title,
                title_highlights: h.title_highlights,
                snippet: SnippetItem {
                    text: h.snippet.text,
                    highlights: h.snippet.highlights,
                },
                published_at: h.published_ms.and_then(rfc3339_ms),
                source_id: h.source_id,
                story_id: h.story,
                copies: h.copies,
                score: h.score,
            })
            .collect(),
        facets: Facets {
            sources: results
                .by_source
                .into_iter()
                .map(|(key, count)| Count { key, count })
                .collect(),
            days: results
                .by_day
                .into_iter()
                .filter_map(|(day, count)| {
                    Some(Count {
                        key: chrono::DateTime::from_timestamp(day.checked_mul(86_400)?, 0)?
                            .format("%Y-%m-%d")
                            .to_string(),
                        count,
                    })
                })
                .collect(),
        },
    }
}

/// `GET /api/v1/search?q=…`.
pub(crate) async fn search(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchAnswer>> {
    let page = PageParams {
        limit: p.limit,
        page: p.page,
    }
    .check()?;
    let q = p.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Err(ApiError::bad_request(
            "q is required: the words to look for",
        ));
    }
    let now = chrono::Utc::now();
    let parsed = marsad_index::parse(&q, now)
        .map_err(|e| ApiError::bad_request(format!("cannot understand the query: {e}")))?;
    let sort = match p.sort.as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("newest") => Sort::Newest,
        Some("recent") => Sort::Blend {
            half_life_days: 7.0,
        },
        Some(_) => {
            return Err(ApiError::bad_request(
                "sort must be relevance, newest or recent",
            ));
        }
    };
    let Some(index) = s.index.clone() else {
        return Err(ApiError::internal(
            "API search without an index",
            &"this server keeps no search index",
        ));
    };
    let options = SearchOptions {
        limit: page.limit as usize,
        offset: page.offset() as usize,
        sort,
        collapse_copies: !p.all_copies.unwrap_or(false),
        now_ms: now.timestamp_millis(),
    };
    // A search reads index files and scores documents: blocking work, off the async threads.
    let results = tokio::task::spawn_blocking(move || index.search(&parsed, &options))
        .await
        .map_err(|e| ApiError::internal("search task failed", &e))?
        .map_err(|e| ApiError::internal("search failed", &e))?;
    Ok(Json(answer(q, results, page)))
}
