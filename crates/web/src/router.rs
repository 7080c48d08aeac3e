//! Every route of the site, in one place, and the layers around them.

use crate::AppState;
use crate::middleware::{self, MAX_BODY_BYTES, REQUEST_TIMEOUT};
use crate::ui::{self, pages, search};
use crate::{admin, api, feeds_out, metrics};
use axum::Router;
use axum::http::StatusCode;
use axum::routing::{any, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The site's routes over `state`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/latest", get(pages::latest))
        .route("/story/{id}", get(pages::story))
        .route("/article/{id}", get(pages::article))
        .route("/tag/{key}", get(pages::tag))
        .route("/source/{id}", get(pages::source))
        .route("/search", get(search::search))
        .route("/feeds/{file}", get(feeds_out::top_or_search))
        .route("/feeds/tag/{file}", get(feeds_out::tag))
        .route("/feeds/source/{file}", get(feeds_out::source))
        .route("/healthz", get(ui::healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/static/{file}", get(ui::asset))
        .route("/admin", get(admin::index))
        .route("/admin/admin.css", get(admin::stylesheet))
        .route("/admin/login", get(admin::login_form).post(admin::login))
        .route("/admin/logout", post(admin::logout))
        .route("/admin/feeds", post(admin::add))
        .route("/admin/feeds/{id}/{action}", post(admin::feed_action))
        .route("/admin/opml", get(admin::export).post(admin::import))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/v1/articles", get(api::articles::list))
        .route("/api/v1/articles/{id}", get(api::articles::get))
        .route("/api/v1/stories", get(api::stories::list))
        .route("/api/v1/stories/{id}", get(api::stories::get))
        .route("/api/v1/tags", get(api::stories::tags))
        .route("/api/v1/tags/{key}", get(api::stories::tag))
        .route("/api/v1/sources", get(api::catalog::sources))
        .route("/api/v1/sources/{id}", get(api::catalog::source))
        .route(
            "/api/v1/feeds",
            get(api::catalog::feeds).post(api::catalog::add_feed),
        )
        .route("/api/v1/feeds/{id}", get(api::catalog::feed))
        .route("/api/v1/search", get(api::search::search))
        .route("/api/{*rest}", any(api::not_found))
        .fallback(ui::not_found)
        // Innermost first. The bounds apply to every handler; the page cache answers repeated
        // reads before them; the observer counts and logs every answer under its route
        // pattern, cached ones, timeouts, panics and refused bodies included; the security
        // headers reach every answer.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::page_cache,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::observe,
        ))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .with_state(state)
}
