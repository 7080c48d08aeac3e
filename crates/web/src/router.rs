//! Every route of the site, in one place.

use crate::AppState;
use crate::feeds_out;
use crate::ui::{self, pages, search};
use axum::Router;
use axum::routing::get;

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
        .route("/static/{file}", get(ui::asset))
        .fallback(ui::not_found)
        .with_state(state)
}
