//! Command implementations: each builds its configuration and calls a library function.

mod analyze;
mod date;
mod extract;
mod feeds;
mod run;
mod search;
mod text;

use crate::args::{Cli, Command, CrawlOptions};
use anyhow::{Context, Result};
use marsad_fetch::{FetchConfig, Fetcher};
use marsad_pipeline::{DataDir, PipelineConfig};
use std::path::Path;

/// Sends logs to stderr; `MARSAD_LOG` (an `EnvFilter` string) overrides `-v`.
pub fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("MARSAD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        // Extraction and text tools are pure and CPU-bound: no runtime, plain threads.
        Command::Extract(args) => extract::run(args),
        Command::Text { tool } => text::run(tool),
        Command::Date(args) => date::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Similarity(args) => analyze::similarity(args),
        command => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("cannot start the async runtime")?;
            runtime.block_on(run_async(&cli.data, command))
        }
    }
}

async fn run_async(data: &Path, command: Command) -> Result<()> {
    match command {
        Command::Serve(args) => run::serve(data, args).await,
        Command::Demo(args) => run::demo(args).await,
        Command::Crawl(args) => run::crawl(data, args).await,
        Command::Feeds(cmd) => feeds::run(&open(data).await?, cmd).await,
        Command::Export(args) => feeds::export_articles(&open(data).await?, args).await,
        Command::Search(args) => search::search(&open(data).await?, args).await,
        Command::Reindex => search::reindex(&open(data).await?).await,
        Command::Migrate => {
            let dir = open(data).await?;
            let version = dir.store.schema_version().await?;
            println!(
                "database {} is at schema version {version}",
                dir.path().join("marsad.db").display()
            );
            Ok(())
        }
        Command::Extract(_)
        | Command::Text { .. }
        | Command::Date(_)
        | Command::Analyze(_)
        | Command::Similarity(_) => {
            unreachable!("handled without a runtime")
        }
    }
}

/// Opens the data directory (creating it and applying migrations).
async fn open(data: &Path) -> Result<DataDir> {
    DataDir::open(data)
        .await
        .with_context(|| format!("cannot open data directory {}", data.display()))
}

/// The fetcher and pipeline settings of the crawl options.
fn crawl_config(o: &CrawlOptions) -> Result<(Fetcher, PipelineConfig)> {
    let mut fetch = FetchConfig {
        allow_private_addresses: o.allow_private_addresses,
        max_body_bytes: o.max_body_bytes,
        ..FetchConfig::default()
    };
    if let Some(ua) = &o.user_agent {
        fetch.user_agent = ua.clone();
    }
    let fetcher = Fetcher::new(fetch).context("cannot build the HTTP client")?;
    let pipeline = PipelineConfig {
        workers: o.workers.max(1),
        per_host: o.per_host.max(1),
        host_gap: std::time::Duration::from_millis(o.host_gap_ms),
        respect_robots: !o.ignore_robots,
        ..PipelineConfig::default()
    };
    Ok((fetcher, pipeline))
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
