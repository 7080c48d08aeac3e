//! `/search`: the query language of `marsad-index`, facets per source and per day,
//! highlighted snippets, copies folded into their original, and pages of results.

use super::i18n;
use super::time::{Stamp, stamp};
use super::{FeedLink, Frame, Reader, highlighted};
use crate::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use marsad_index::{QueryError, Results, SearchIndex, SearchOptions, Sort};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Results per page.
pub(crate) const PER_PAGE: usize = 20;
/// The deepest page.
const MAX_PAGE: usize = 50;

/// The query string of a search.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchQuery {
    /// The query, in the index's query language.
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// `relevance` (default) or `newest`.
    pub sort: Option<String>,
}

/// Why a search gave no results page.
#[derive(Debug)]
pub(crate) enum SearchFailure {
    /// The query or a parameter is malformed: 400, with what to fix.
    Bad(Option<QueryError>),
    /// No index, or the index failed: 503.
    Unavailable,
}

impl SearchQuery {
    /// The page number, or `None` when malformed or past [`MAX_PAGE`].
    fn page(&self) -> Option<usize> {
        match self.page.as_deref() {
            None | Some("") => Some(1),
            Some(p) => p.parse().ok().filter(|n| (1..=MAX_PAGE).contains(n)),
        }
    }

    /// Whether results are newest first; `None` for an unknown order.
    fn newest(&self) -> Option<bool> {
        match self.sort.as_deref() {
            None | Some("" | "relevance") => Some(false),
            Some("newest") => Some(true),
            Some(_) => None,
        }
    }
}

/// Runs a search of `q` on the blocking pool: parse, then the page of results.
pub(crate) async fn run(
    index: Option<Arc<SearchIndex>>,
    q: &SearchQuery,
    limit: usize,
) -> Result<Results, SearchFailure> {
    let (Some(page), Some(newest)) = (q.page(), q.newest()) else {
        return Err(SearchFailure::Bad(None));
    };
    let text = q.q.clone().unwrap_or_default();
    let now = chrono::Utc::now();
    let query = marsad_index::parse(&text, now).map_err(|e| SearchFailure::Bad(Some(e)))?;
    let Some(index) = index else {
        return Err(SearchFailure::Unavailable);
    };
    let options = SearchOptions {
        limit,
        offset: (page - 1) * limit,
        sort: if newest {
            Sort::Newest
        } else {
            Sort::Relevance
        },
        collapse_copies: true,
        now_ms: now.timestamp_millis(),
    };
    match tokio::task::spawn_blocking(move || index.search(&query, &options)).await {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "search failed");
            Err(SearchFailure::Unavailable)
        }
        Err(e) => {
            tracing::error!(error = %e, "search task failed");
            Err(SearchFailure::Unavailable)
        }
    }
}

/// One result.
struct HitView {
    id: i64,
    title_html: String,
    snippet_html: String,
    source: String,
    source_id: u64,
    time: Option<Stamp>,
    copies: Option<String>,
}

/// A facet value with its narrowed search.
struct Facet {
    label: String,
    count: u64,
    href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    frame: Frame,
    q: String,
    newest: bool,
    /// "12 results", once a query ran.
    summary: Option<String>,
    /// Why there are no results (bad query, no index).
    problem: Option<String>,
    hits: Vec<HitView>,
    by_source: Vec<Facet>,
    by_day: Vec<Facet>,
    prev: Option<String>,
    next: Option<String>,
}

/// The search address of `q` with the page's order and `page`.
fn search_href(q: &str, newest: bool, page: usize) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", q);
    if newest {
        s.append_pair("sort", "newest");
    }
    if page > 1 {
        s.append_pair("page", &page.to_string());
    }
    format!("/search?{}", s.finish())
}

/// A day since the epoch as `2026-03-10`.
fn day_string(day: i64) -> String {
    chrono::DateTime::from_timestamp(day * 86_400, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `/search?q=`: the form, and the results of a query.
pub(crate) async fn search(
    State(s): State<AppState>,
    reader: Reader,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(q)) = q else {
        return reader.bad_request(None);
    };
    let text = q.q.clone().unwrap_or_default();
    let t = reader.t();
    let newest = q.newest().unwrap_or(false);
    let feed_query = {
        let mut e = url::form_urlencoded::Serializer::new(String::new());
        e.append_pair("q", &text);
        format!("?{}", e.finish())
    };
    let mut page = SearchPage {
        frame: reader.frame(&text, Vec::new()),
        q: text.clone(),
        newest,
        summary: None,
        problem: None,
        hits: Vec::new(),
        by_source: Vec::new(),
        by_day: Vec::new(),
        prev: None,
        next: None,
    };
    if text.trim().is_empty() && q.page.is_none() {
        // The bare form; without an index it already says that search is unavailable.
        if s.index.is_none() {
            page.problem = Some(t.search_unavailable.to_string());
        }
        return reader.respond(StatusCode::OK, &page);
    }
    let results = match run(s.index.clone(), &q, PER_PAGE).await {
        Ok(r) => r,
        Err(SearchFailure::Bad(e)) => {
            page.problem = Some(match e {
                Some(e) => i18n::query_error(reader.lang, &e),
                None => t.bad_request.to_string(),
            });
            return reader.respond(StatusCode::BAD_REQUEST, &page);
        }
        Err(SearchFailure::Unavailable) => {
            page.problem = Some(t.search_unavailable.to_string());
            return reader.respond(StatusCode::SERVICE_UNAVAILABLE, &page);
        }
    };
    let names: HashMap<u64, String> = match s.store.list_sources().await {
        Ok(list) => list.into_iter().map(|s| (s.id.0 as u64, s.name)).collect(),
        Err(e) => return reader.store_error(e),
    };
    let number = q.page().unwrap_or(1);
    page.frame.feeds = FeedLink::all("/feeds/search", &feed_query);
    page.summary = Some(reader.lang.count(results.total as i64, &i18n::RESULTS));
    page.prev = (number > 1).then(|| search_href(&text, newest, number - 1));
    page.next =
        (number * PER_PAGE < results.total && number < MAX_PAGE && results.hits.len() == PER_PAGE)
            .then(|| search_href(&text, newest, number + 1));
    page.hits = results
        .hits
        .iter()
        .map(|h| HitView {
            id: h.id as i64,
            title_html: if h.title.is_empty() {
                highlighted(t.untitled, &[])
            } else {
                highlighted(&h.title, &h.title_highlights)
            },
            snippet_html: highlighted(&h.snippet.text, &h.snippet.highlights),
            source: names.get(&h.source_id).cloned().unwrap_or_default(),
            source_id: h.source_id,
            time: h
                .published_ms
                .and_then(chrono::DateTime::from_timestamp_millis)
                .map(|at| stamp(reader.lang, at, None, false, false)),
            copies: (h.copies > 0).then(|| {
                format!(
                    "{} {}",
                    t.and_copies,
                    reader.lang.count(h.copies as i64, &i18n::COPIES)
                )
            }),
        })
        .collect();
    let mut by_source: Vec<(u64, u64)> = results.by_source.iter().map(|(k, v)| (*k, *v)).collect();
    by_source.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    page.by_source = by_source
        .into_iter()
        .take(12)
        .filter_map(|(id, count)| {
            let name = names.get(&id)?;
            let narrowed = format!("{text} source:\"{}\"", name.replace('"', ""));
            Some(Facet {
                label: name.clone(),
                count,
                href: search_href(&narrowed, newest, 1),
            })
        })
        .collect();
    page.by_day = results
        .by_day
        .iter()
        .rev()
        .take(14)
        .map(|(day, count)| {
            let narrowed = format!(
                "{text} from:{} to:{}",
                day_string(*day),
                day_string(day + 1)
            );
            Facet {
                label: day_string(*day),
                count: *count,
                href: search_href(&narrowed, newest, 1),
            }
        })
        .collect();
    if page.hits.is_empty() {
        page.problem = Some(t.no_results.to_string());
    }
    reader.respond(StatusCode::OK, &page)
}
