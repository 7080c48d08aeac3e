//! Marsad web: the right-to-left reading site, feeds out, health check and embedded assets.
//!
//! The web reads through `marsad-store` and `marsad-index` only; it never fetches or extracts
//! (DESIGN.md invariant 5). Every route is declared in `router.rs`.

mod feeds_out;
mod router;
mod ui;

pub use router::router;

use marsad_index::SearchIndex;
use marsad_store::Store;
use std::sync::Arc;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// The store to read from.
    pub store: Arc<dyn Store>,
    /// The search index, following the store; `None` when it could not be opened (the search
    /// page then says that search is unavailable).
    pub index: Option<Arc<SearchIndex>>,
    /// The rendered home page, kept a few seconds.
    home_cache: Arc<ui::PageCache>,
    /// Rendered article pages, kept half a minute.
    article_cache: Arc<ui::PageCache>,
}

impl AppState {
    /// The state of a site over `store`, without search.
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            store,
            index: None,
            home_cache: Arc::new(ui::PageCache::new(ui::pages::HOME_TTL, 16)),
            article_cache: Arc::new(ui::PageCache::new(
                ui::pages::ARTICLE_TTL,
                ui::pages::ARTICLE_CACHE_PAGES,
            )),
        }
    }

    /// The same state with a search index.
    pub fn with_index(mut self, index: Arc<SearchIndex>) -> AppState {
        self.index = Some(index);
        self
    }
}

/// Serves the site on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
