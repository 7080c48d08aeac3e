//! Command implementations: each builds its configuration and calls a library function.

mod analyze;
mod copy;
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
use marsad_store::Database;
use std::path::PathBuf;

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
            let at = StoreAt {
                data: cli.data.clone(),
                database: cli.database.as_deref().map(|d| {
                    let mut database = Database::parse(d);
                    if let Database::Postgres(config) = &mut database {
                        config.max_connections = cli.database_connections.max(1);
                    }
                    database
                }),
            };
            runtime.block_on(run_async(&at, command))
        }
    }
}

/// Where a command's store and data directory are.
pub(crate) struct StoreAt {
    /// The data directory (search index, worker lock, and the SQLite file by default).
    pub data: PathBuf,
    /// The store named by `--database`, if any.
    pub database: Option<Database>,
}

impl StoreAt {
    /// The store's location for messages (password hidden).
    fn display(&self) -> String {
        match &self.database {
            Some(database) => database.display(),
            None => self.data.join("marsad.db").display().to_string(),
        }
    }
}

async fn run_async(at: &StoreAt, command: Command) -> Result<()> {
    match command {
        Command::Serve(args) => run::serve(at, args).await,
        Command::Demo(args) => run::demo(args).await,
        Command::Crawl(args) => run::crawl(at, args).await,
        Command::Feeds(cmd) => feeds::run(&open(at).await?, cmd).await,
        Command::Export(args) => feeds::export_articles(&open(at).await?, args).await,
        Command::Search(args) => search::search(&open(at).await?, args).await,
        Command::Reindex => search::reindex(&open(at).await?).await,
        Command::Migrate => {
            let dir = open(at).await?;
            let version = dir.backend.schema_version().await?;
            println!("database {} is at schema version {version}", at.display());
            dir.close().await;
            Ok(())
        }
        Command::Copy(args) => copy::run(args).await,
        Command::Extract(_)
        | Command::Text { .. }
        | Command::Date(_)
        | Command::Analyze(_)
        | Command::Similarity(_) => {
            unreachable!("handled without a runtime")
        }
    }
}

/// Opens the data directory and the store (creating them and applying migrations).
async fn open(at: &StoreAt) -> Result<DataDir> {
    DataDir::open_with(&at.data, at.database.as_ref())
        .await
        .with_context(|| {
            format!(
                "cannot open data directory {} with database {}",
                at.data.display(),
                at.display()
            )
        })
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
        lease: std::time::Duration::from_secs(o.lease_secs.max(1)),
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
