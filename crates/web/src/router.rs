//! Every route of the site, in one place.

use crate::AppState;
use crate::pages;
use axum::Router;
use axum::routing::get;

/// The site's routes over `state`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::latest))
        .route("/article/{id}", get(pages::article))
        .route("/healthz", get(pages::healthz))
        .route("/static/{file}", get(pages::asset))
        .fallback(pages::not_found)
        .with_state(state)
}
