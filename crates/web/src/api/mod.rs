//! The JSON API under `/api/v1`: its errors, pagination, authorization and the OpenAPI
//! document that describes it.
//!
//! Every answer is JSON. Errors are `{"error": {"code": "...", "message": "..."}}` with the
//! status that fits (400 bad parameters, 401/403 for writes, 404 unknown ids, 503 when the
//! store or the index cannot answer); messages never carry internal detail.

pub(crate) mod articles;
pub(crate) mod catalog;
pub(crate) mod search;
pub(crate) mod stories;

use crate::AppState;
use axum::Json;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The OpenAPI 3.1 document of the API, written by hand and compiled into the binary.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// Items per page when the request does not say.
const DEFAULT_LIMIT: u32 = 20;
/// The most items one page may hold.
const MAX_LIMIT: u32 = 100;
/// The deepest page served: deep offsets are slow and no reader goes there.
const MAX_PAGE: u32 = 10_000;
/// The most items skipped before a page (the store refuses to skip more).
const MAX_OFFSET: u64 = marsad_store::site::MAX_OFFSET as u64;

/// An error answer of the API.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    /// 400: a parameter is missing or wrong; `message` says which and why.
    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: message.into(),
        }
    }

    /// 404: no such resource.
    pub(crate) fn not_found(what: &str) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: format!("no such {what}"),
        }
    }

    /// 503: the store could not answer. The cause goes to the log, not to the client.
    pub(crate) fn store(e: marsad_store::StoreError) -> ApiError {
        tracing::error!(error = %e, "API store read failed");
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "unavailable",
            message: "the data store is unavailable; try again shortly".into(),
        }
    }

    /// 503 for another internal failure, logged with `context`.
    pub(crate) fn internal(context: &str, e: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %e, "{context}");
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "unavailable",
            message: "the service could not answer; try again shortly".into(),
        }
    }

    fn with(status: StatusCode, code: &'static str, message: &str) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(ErrorBody {
                error: ErrorDetail {
                    code: self.code,
                    message: &self.message,
                },
            }),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"marsad\""),
            );
        }
        response
    }
}

/// Result of an API handler.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// The query string, decoded into `T`, with a JSON 400 when it does not decode.
pub(crate) struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            // serde's message names the parameter and what was expected; it holds no secret.
            Err(e) => Err(ApiError::bad_request(e.body_text())),
        }
    }
}

/// Page parameters: `limit` (1 to 100) and `page` (from 1).
#[derive(Debug, Clone, Copy, serde::Deserialize)]
pub(crate) struct PageParams {
    pub(crate) limit: Option<u32>,
    pub(crate) page: Option<u32>,
}

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    /// Items per page.
    pub(crate) limit: u32,
    /// Page number, from 1.
    pub(crate) page: u32,
}

impl Page {
    /// Items to skip.
    pub(crate) fn offset(self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.limit)
    }
}

impl PageParams {
    /// The page asked for, or a 400 that says what is wrong.
    pub(crate) fn check(self) -> ApiResult<Page> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let page = self.page.unwrap_or(1);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(ApiError::bad_request(format!(
                "page must be between 1 and {MAX_PAGE}"
            )));
        }
        let checked = Page { limit, page };
        if checked.offset() > MAX_OFFSET {
            return Err(ApiError::bad_request(format!(
                "pages reach back at most {MAX_OFFSET} items: ask for an earlier page"
            )));
        }
        Ok(checked)
    }
}

/// A page of items with the address of the next page, when there is one.
#[derive(Debug, Serialize)]
pub(crate) struct Paged<T> {
    /// The items.
    pub(crate) data: Vec<T>,
    /// The page number.
    pub(crate) page: u32,
    /// Items per page.
    pub(crate) limit: u32,
    /// The next page's `page` number, `null` on the last page.
    pub(crate) next_page: Option<u32>,
}

impl<T> Paged<T> {
    /// A page from `items`, which holds up to one more than the limit to tell whether a next
    /// page exists.
    pub(crate) fn from_probe(mut items: Vec<T>, page: Page) -> Paged<T> {
        let more = items.len() > page.limit as usize;
        items.truncate(page.limit as usize);
        Paged {
            data: items,
            page: page.page,
            limit: page.limit,
            next_page: more.then_some(page.page + 1),
        }
    }
}

/// Checks the `Authorization: Bearer TOKEN` of a write: 403 when writes are disabled (no
/// admin token configured), 401 when the header is missing or the token is wrong.
pub(crate) fn authorize(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(expected) = state.admin_token.as_deref() else {
        return Err(ApiError::with(
            StatusCode::FORBIDDEN,
            "forbidden",
            "writes are disabled: the server has no admin token",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if crate::admin::same_secret(token, expected) => Ok(()),
        Some(_) => Err(ApiError::with(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the bearer token is wrong",
        )),
        None => Err(ApiError::with(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this request needs an Authorization: Bearer header with the admin token",
        )),
    }
}

/// `/api/openapi.json`.
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

/// Any unknown path under `/api`.
pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("API route; see /api/openapi.json")
}

/// Milliseconds since the epoch as RFC 3339, for JSON.
pub(crate) fn rfc3339_ms(ms: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `/api/v1` routes of router.rs with their methods, read from its source.
    fn routed() -> BTreeSet<(String, String)> {
        let source = include_str!("../router.rs");
        let mut out = BTreeSet::new();
        // Each `.route(` call up to the next one, so that a call rustfmt wraps still counts.
        for call in source.split(".route(").skip(1) {
            let call = call.split(".fallback(").next().unwrap_or(call);
            let Some(rest) = call.trim_start().strip_prefix("\"/api/v1") else {
                continue;
            };
            let (path, handlers) = rest.split_once('"').expect("a quoted path");
            for method in ["get", "post", "put", "patch", "delete"] {
                if handlers.contains(&format!("{method}(")) {
                    out.insert((format!("/api/v1{path}"), method.to_string()));
                }
            }
        }
        out
    }

    #[test]
    fn the_openapi_document_names_every_route_and_no_other() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                documented.insert((path.clone(), method.clone()));
            }
        }
        let routes = routed();
        assert!(routes.len() >= 8, "router.rs was not read: {routes:?}");
        assert_eq!(routes, documented);
    }

    #[test]
    fn every_schema_reference_resolves() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let text = OPENAPI_JSON;
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(schemas.contains_key(name), "unresolved $ref {name}");
        }
    }

    #[test]
    fn pages_are_checked() {
        let p = |limit, page| PageParams { limit, page }.check();
        assert_eq!(p(None, None).unwrap(), Page { limit: 20, page: 1 });
        assert_eq!(p(Some(100), Some(3)).unwrap().offset(), 200);
        assert!(p(Some(0), None).is_err());
        assert!(p(Some(101), None).is_err());
        assert!(p(None, Some(0)).is_err());
    }
}
