//! Layers around every route: security headers, request logs and metrics, and the bounds on a
//! request's size and time.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::{Duration, Instant};

/// The largest request body accepted (an OPML upload is the largest legitimate one).
pub(crate) const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The longest a request may take before it is answered 503.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The Content-Security-Policy of every response. No inline script or style is allowed;
/// images may come from the outlets (lead images and images in article bodies), nothing
/// else leaves the site, and no other site may frame it.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' https: http: data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Headers set on every response unless the handler set them itself.
const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    // Links to the originals tell the outlet that the reader came from Marsad, not the page.
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
    ("cross-origin-opener-policy", "same-origin"),
];

/// Adds the security headers to a response.
pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers
            .entry(HeaderName::from_static(name))
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// Logs each request as one structured line and counts it in the metrics, under its route
/// pattern (`/article/{id}`), never its raw path, so that the metrics stay bounded.
pub(crate) async fn observe(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state
        .metrics
        .observe_request(method.as_str(), &route, status, elapsed);
    tracing::info!(
        target: "marsad_web::request",
        method = %method,
        route = %route,
        path = %path,
        status,
        micros = elapsed.as_micros() as u64,
        "request"
    );
    response
}

/// The answer to a request whose handler panicked: no detail of the panic reaches the reader.
pub(crate) fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "internal error\n",
    )
        .into_response()
}

/// Rendered answers of the public pages, kept a few seconds: a page costs a dozen store
/// queries to build, and under load most requests ask for the same few pages. Only GETs of
/// the reading site and its feeds are kept (never the admin, the API, metrics or health), only
/// 200 answers that set no cookie, keyed by the whole request target and the Cookie header
/// (the reader's language and calendar live there), so that no reader ever gets a page made
/// for other preferences.
#[derive(Debug)]
pub(crate) struct ResponseCache {
    ttl: Duration,
    entries: std::sync::Mutex<std::collections::HashMap<String, Cached>>,
}

#[derive(Debug, Clone)]
struct Cached {
    until: Instant,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
}

/// Pages kept at most; past it, expired pages go first and a full cache stores nothing new.
const CACHE_ENTRIES: usize = 2048;
/// The largest page kept.
const CACHE_BODY_BYTES: usize = 512 * 1024;

impl ResponseCache {
    /// A cache keeping pages for `ttl`.
    pub(crate) fn new(ttl: Duration) -> ResponseCache {
        ResponseCache {
            ttl,
            entries: Default::default(),
        }
    }

    fn get(&self, key: &str) -> Option<Cached> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).filter(|c| c.until > Instant::now()).cloned()
    }

    fn put(&self, key: String, headers: axum::http::HeaderMap, body: axum::body::Bytes) {
        let now = Instant::now();
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= CACHE_ENTRIES {
            map.retain(|_, c| c.until > now);
            if map.len() >= CACHE_ENTRIES {
                return;
            }
        }
        map.insert(
            key,
            Cached {
                until: now + self.ttl,
                headers,
                body,
            },
        );
    }
}

/// Whether answers to `path` may be kept.
fn cacheable(path: &str) -> bool {
    !["/admin", "/api", "/metrics", "/healthz"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// Answers repeated GETs of public pages from the page cache, when the state has one.
pub(crate) async fn page_cache(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(cache) = state.page_cache.clone() else {
        return next.run(request).await;
    };
    if request.method() != axum::http::Method::GET || !cacheable(request.uri().path()) {
        return next.run(request).await;
    }
    let cookie = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let key = format!("{}\n{cookie}", request.uri());
    if let Some(hit) = cache.get(&key) {
        let mut response = Response::new(axum::body::Body::from(hit.body));
        *response.headers_mut() = hit.headers;
        return response;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, CACHE_BODY_BYTES).await {
        Ok(bytes) => {
            cache.put(key, parts.headers.clone(), bytes.clone());
            Response::from_parts(parts, axum::body::Body::from(bytes))
        }
        // A body too large to keep was consumed in part: answer with an error rather than a
        // truncated page. Handlers build pages far below the bound.
        Err(e) => {
            tracing::error!(error = %e, "a page too large for the page cache");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
