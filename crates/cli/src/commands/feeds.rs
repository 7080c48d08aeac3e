//! `feeds …` and `export`: the feed list and the article archive.

use crate::args::{ExportArgs, FeedsCommand};
use anyhow::{Context, Result, bail};
use marsad_model::FeedId;
use marsad_pipeline::DataDir;
use std::io::Write;
use std::path::Path;

/// Runs a `feeds` subcommand.
pub async fn run(dir: &DataDir, cmd: FeedsCommand) -> Result<()> {
    let store = dir.store.as_ref();
    match cmd {
        FeedsCommand::Add { url, source } => {
            let (id, created) =
                marsad_pipeline::add_feed(store, &url, source.as_deref(), None).await?;
            println!(
                "{} feed {id}: {url}",
                if created { "added" } else { "already had" }
            );
        }
        FeedsCommand::List { json } => list(dir, json).await?,
        FeedsCommand::Remove { id } => {
            if !marsad_store::FeedStore::remove_feed(store, FeedId(id)).await? {
                bail!("no feed with id {id}");
            }
            println!("removed feed {id}");
        }
        FeedsCommand::Pause { id } | FeedsCommand::Resume { id } => {
            let pause = matches!(cmd, FeedsCommand::Pause { .. });
            if !marsad_store::FeedStore::set_feed_paused(store, FeedId(id), pause).await? {
                bail!("no feed with id {id}");
            }
            println!("{} feed {id}", if pause { "paused" } else { "resumed" });
        }
        FeedsCommand::Import { file } => {
            let xml = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let report = marsad_pipeline::import_opml(store, &xml)
                .await
                .with_context(|| format!("cannot import {}", file.display()))?;
            println!(
                "imported {}: {} added, {} already present, {} skipped",
                file.display(),
                report.added,
                report.existing,
                report.skipped.len()
            );
            for (url, why) in report.skipped {
                eprintln!("skipped {url}: {why}");
            }
        }
        FeedsCommand::Export { out } => {
            let xml = marsad_pipeline::export_feeds(store).await?;
            write_out(out.as_deref(), xml.as_bytes())?;
        }
    }
    Ok(())
}

async fn list(dir: &DataDir, json: bool) -> Result<()> {
    let feeds = marsad_store::FeedStore::list_feeds(dir.store.as_ref()).await?;
    // The newest failed items, so the table can say why a feed's articles fail.
    let failed = marsad_store::JobQueue::failed_jobs(dir.store.as_ref(), 1000).await?;
    let mut out = std::io::stdout().lock();
    if json {
        for f in &feeds {
            writeln!(out, "{}", serde_json::to_string(f)?)?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{:>4}  {:<7} {:>6} {:>8} {:>6}  {:<20} url",
        "id", "status", "errors", "articles", "failed", "source"
    )?;
    for f in &feeds {
        let status = if f.paused {
            "paused".to_string()
        } else {
            f.last_status.map_or("new".into(), |s| s.to_string())
        };
        writeln!(
            out,
            "{:>4}  {:<7} {:>6} {:>8} {:>6}  {:<20} {}",
            f.id.0, status, f.error_count, f.article_count, f.failed_items, f.source_name, f.url
        )?;
        if let Some(e) = &f.last_error {
            writeln!(out, "      last error: {e}")?;
        }
        if let Some((_, _, e)) = failed.iter().find(|(_, feed, _)| *feed == Some(f.id)) {
            writeln!(out, "      last failed item: {e}")?;
        }
    }
    Ok(())
}

/// `marsad export`.
pub async fn export_articles(dir: &DataDir, args: ExportArgs) -> Result<()> {
    let store = dir.store.as_ref();
    match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            let n = marsad_pipeline::export_articles(store, &mut w).await?;
            eprintln!("exported {n} articles to {}", path.display());
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            marsad_pipeline::export_articles(store, &mut w).await?;
        }
    }
    Ok(())
}

fn write_out(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => Ok(std::io::stdout().write_all(bytes)?),
    }
}
