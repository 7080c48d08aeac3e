//! `serve`, `crawl` and `demo`: the long-running commands.

use super::{StoreAt, crawl_config, open, shutdown_signal};
use crate::args::{CrawlArgs, CrawlOptions, DemoArgs, Role, ServeArgs};
use crate::progress::CrawlProgress;
use anyhow::{Context, Result};
use marsad_pipeline::{CrawlStats, DataDir};
use marsad_web::AppState;
use std::net::SocketAddr;
use std::sync::Arc;

/// `marsad serve`: the web site, the workers, or both.
pub async fn serve(at: &StoreAt, args: ServeArgs) -> Result<()> {
    let dir = open(at).await?;
    let web = matches!(args.role, Role::All | Role::Web);
    let workers = matches!(args.role, Role::All | Role::Worker);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stop = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    };
    // The workers' counters, shown in the web's /metrics when both run in this process.
    let crawl_stats = Arc::new(CrawlStats::default());
    let mut index_task = None;
    let web_task = if web {
        let listener = bind(args.listen).await?;
        let (mut state, follower) = site_state(&dir, stop());
        index_task = follower;
        if workers {
            state = state.with_crawl_stats(crawl_stats.clone());
        }
        match args.admin_token.as_deref().map(str::trim) {
            Some(token) if token.chars().count() >= MIN_TOKEN_CHARS => {
                state = state.with_admin_token(token);
            }
            Some(_) => {
                anyhow::bail!("the admin token must be at least {MIN_TOKEN_CHARS} characters long")
            }
            None => eprintln!("marsad: no admin token, /admin is disabled"),
        }
        println!("Marsad is serving http://{}/", listener.local_addr()?);
        Some(tokio::spawn(marsad_web::serve(listener, state, stop())))
    } else {
        None
    };
    let worker_task = if workers {
        let (fetcher, config) = crawl_config(&args.crawl)?;
        let dir = dir.clone();
        let stop = stop();
        Some(tokio::spawn(async move {
            marsad_pipeline::run_forever(&dir, fetcher, config, crawl_stats, stop).await
        }))
    } else {
        None
    };
    shutdown_signal().await;
    eprintln!("marsad: stopping (finishing requests and jobs in hand; again to stop at once)");
    let _ = stop_tx.send(true);
    let finish = async {
        if let Some(t) = web_task {
            t.await?.context("web server failed")?;
        }
        if let Some(t) = worker_task {
            t.await?.context("workers failed")?;
        }
        if let Some(t) = index_task {
            t.await?;
        }
        anyhow::Ok(())
    };
    tokio::select! {
        result = finish => result?,
        // A second signal does not wait: leases left behind are freed at the next start,
        // which holds the worker lock.
        () = shutdown_signal() => {
            eprintln!("marsad: stopped without waiting");
            return Ok(());
        }
    }
    dir.close().await;
    Ok(())
}

/// The shortest admin token accepted: a short one could be guessed.
const MIN_TOKEN_CHARS: usize = 16;

/// `marsad crawl`: once with a JSON summary, or until interrupted.
pub async fn crawl(at: &StoreAt, args: CrawlArgs) -> Result<()> {
    let dir = open(at).await?;
    let (fetcher, config) = crawl_config(&args.crawl)?;
    let stats = Arc::new(CrawlStats::default());
    if args.once {
        let progress = CrawlProgress::start(stats.clone());
        let summary =
            marsad_pipeline::crawl_once(&dir, fetcher, config.for_one_shot(), stats).await?;
        drop(progress);
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        marsad_pipeline::run_forever(&dir, fetcher, config, stats, shutdown_signal()).await?;
    }
    dir.close().await;
    Ok(())
}

/// How long a rendered public page is served again before it is rebuilt.
const PAGE_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(10);

/// Seconds between two passes of the task that keeps the search index following the store.
const INDEX_SYNC_SECS: u64 = 5;

/// The web state over a data folder: its store, and its search index kept following the
/// store by a background task until `stop` (one commit per pass), returned with the state.
/// Without an index the site still serves, and its search page says that search is
/// unavailable.
fn site_state(
    dir: &DataDir,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> (AppState, Option<tokio::task::JoinHandle<()>>) {
    let state = AppState::new(dir.store.clone()).with_page_cache(PAGE_CACHE_TTL);
    let index = match super::search::open_index(dir) {
        Ok(index) => Arc::new(index),
        Err(e) => {
            eprintln!("marsad: search is unavailable: {e:#}");
            return (state, None);
        }
    };
    let follower = tokio::spawn(marsad_pipeline::follow_index(
        dir.store.clone(),
        index.clone(),
        std::time::Duration::from_secs(INDEX_SYNC_SECS),
        stop,
    ));
    (state.with_index(index), Some(follower))
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr} (in use? choose another with --listen or --port)")
    })
}

/// `marsad demo`: serves the bundled fictional news web on a loopback port, crawls it through
/// the real pipeline into a fresh temporary data directory, then serves the site over it.
pub async fn demo(args: DemoArgs) -> Result<()> {
    let ui = bind(SocketAddr::from(([127, 0, 0, 1], args.port))).await?;
    let news_listener = bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let news_base = format!("http://{}", news_listener.local_addr()?);
    let site = Arc::new(marsad_demo::Site::build(&news_base));
    let opml = site.opml();
    tokio::spawn(marsad_demo::serve(news_listener, site));
    eprintln!("demo news web: {news_base}/");

    let tmp = tempfile::Builder::new()
        .prefix("marsad-demo-")
        .tempdir()
        .context("cannot create a temporary data directory")?;
    let dir = DataDir::open(tmp.path()).await?;
    let report = marsad_pipeline::import_opml(dir.store.as_ref(), &opml).await?;
    eprintln!("imported {} demo feeds; crawling…", report.added);
    // The demo web lives on loopback, so the demo, and only the demo, allows it.
    let options = CrawlOptions {
        allow_private_addresses: true,
        workers: 8,
        per_host: 4,
        max_body_bytes: 10 * 1024 * 1024,
        user_agent: None,
        host_gap_ms: 0,
        ignore_robots: false,
        lease_secs: 300,
    };
    let (fetcher, config) = crawl_config(&options)?;
    let stats = Arc::new(CrawlStats::default());
    let progress = CrawlProgress::start(stats.clone());
    let summary = marsad_pipeline::crawl_once(&dir, fetcher, config.for_one_shot(), stats).await?;
    drop(progress);
    eprintln!("crawl: {}", serde_json::to_string(&summary)?);

    println!("Marsad demo is ready: http://{}/", ui.local_addr()?);
    println!("Press Ctrl-C to stop.");
    // The demo ends with the process: its index follows the store until then.
    let (state, _) = site_state(&dir, std::future::pending());
    marsad_web::serve(ui, state, shutdown_signal()).await?;
    dir.close().await;
    Ok(())
}
