//! Marsad web: the right-to-left reading site, health check and embedded assets.
//!
//! The web reads through `marsad-store` only; it never fetches or extracts (DESIGN.md
//! invariant 5). Every route is declared in `router.rs`.

mod pages;
mod router;
mod time;

pub use router::router;

use marsad_store::Store;
use std::sync::Arc;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// The store to read from.
    pub store: Arc<dyn Store>,
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
