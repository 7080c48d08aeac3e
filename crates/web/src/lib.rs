//! Marsad web: the right-to-left reading site, feeds out, the JSON API, the admin pages,
//! metrics, health check and embedded assets.
//!
//! The web reads through `marsad-store` and `marsad-index`; it never fetches or extracts
//! (DESIGN.md invariant 5). The admin's feed operations (add, import, export) are the
//! pipeline's own functions, so that the CLI and the admin treat a feed list alike. Every
//! route is declared in `router.rs`.

mod admin;
mod api;
mod feeds_out;
mod metrics;
mod middleware;
mod router;
mod ui;

pub use api::OPENAPI_JSON;
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
    /// page then says that search is unavailable, the API answers 503).
    pub index: Option<Arc<SearchIndex>>,
    /// The admin token; `None` disables the admin pages and every write through the API.
    admin_token: Option<Arc<str>>,
    /// Admin sessions of this process.
    sessions: Arc<admin::Sessions>,
    /// Request counters and latency histograms.
    metrics: Arc<metrics::Metrics>,
    /// Rendered public pages kept a few seconds, when enabled.
    page_cache: Option<Arc<middleware::ResponseCache>>,
    /// The counters of the workers of this process, when it runs some.
    crawl: Option<Arc<marsad_pipeline::CrawlStats>>,
}

impl AppState {
    /// The state of a site over `store`, without search and with the admin disabled.
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            store,
            index: None,
            admin_token: None,
            sessions: Arc::default(),
            metrics: Arc::default(),
            page_cache: None,
            crawl: None,
        }
    }

    /// The same state with a search index.
    pub fn with_index(mut self, index: Arc<SearchIndex>) -> AppState {
        self.index = Some(index);
        self
    }

    /// The same state keeping rendered public pages for `ttl` (a server under load answers
    /// repeated requests without rebuilding the page; readers see news at most `ttl` late).
    pub fn with_page_cache(mut self, ttl: std::time::Duration) -> AppState {
        self.page_cache = Some(Arc::new(middleware::ResponseCache::new(ttl)));
        self
    }

    /// The same state reporting the counters of the workers of this process in `/metrics`.
    pub fn with_crawl_stats(mut self, stats: Arc<marsad_pipeline::CrawlStats>) -> AppState {
        self.crawl = Some(stats);
        self
    }

    /// The same state with the admin enabled behind `token`. An empty token leaves the admin
    /// disabled: an empty secret would let anyone in.
    pub fn with_admin_token(mut self, token: &str) -> AppState {
        let token = token.trim();
        self.admin_token = (!token.is_empty()).then(|| Arc::from(token));
        self
    }
}

/// Serves the site on `listener` until `shutdown` completes; requests under way are finished
/// first (each is bounded by the request timeout).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
