//! The HTTP side: an axum router serving a [`Site`] and a `serve` helper for a bound listener.

use crate::Site;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// An axum router serving every path of `site` (200 with its content type, 404 otherwise).
pub fn router(site: Arc<Site>) -> Router {
    Router::new().fallback(handle).with_state(site)
}

async fn handle(State(site): State<Arc<Site>>, uri: Uri) -> Response {
    let key = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let found = site.get(key).or_else(|| site.get(uri.path()));
    match found {
        Some(r) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, r.content_type)],
            r.body.clone(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>الصفحة غير موجودة</h1></body></html>",
        )
            .into_response(),
    }
}

/// Serves `site` on an already bound listener until the server fails.
pub async fn serve(listener: tokio::net::TcpListener, site: Arc<Site>) -> std::io::Result<()> {
    axum::serve(listener, router(site)).await
}
