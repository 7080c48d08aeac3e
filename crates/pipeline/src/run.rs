//! Running the workers: a one-shot crawl that ends when the queue is drained, and the
//! long-running mode with a scheduler that queues due feeds.

use crate::analysis::AnalysisState;
use crate::datadir::DataDir;
use crate::hosts::HostLimiter;
use crate::ingest::{self, Ctx, FeedPayload, JobFailure};
use crate::robots::RobotsCache;
use crate::{PipelineConfig, PipelineError};
use chrono::Utc;
use marsad_fetch::Fetcher;
use marsad_model::{FeedId, JobKind};
use marsad_store::{Job, NewJob, Store};
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Live counters of a run, read by progress displays and the summary.
#[derive(Debug, Default)]
pub struct CrawlStats {
    /// Feeds fetched successfully.
    pub feeds: AtomicU64,
    /// Article jobs queued from feeds.
    pub queued: AtomicU64,
    /// New articles stored.
    pub articles: AtomicU64,
    /// New articles found to be copies of an earlier one as they were stored.
    pub duplicates: AtomicU64,
    /// Pages that turned out to be stored already (under another address).
    pub existing: AtomicU64,
    /// Listing pages (home, section, tag) that were fetched but are not articles.
    pub listings: AtomicU64,
    /// Jobs that failed for good (feeds and articles).
    pub errors: AtomicU64,
    /// Failed attempts that will be retried.
    pub retries: AtomicU64,
}

/// The one-line summary of `marsad crawl --once` (CONTRACT.md section 5).
#[derive(Debug, Clone, Serialize)]
pub struct CrawlSummary {
    /// Feeds fetched successfully.
    pub feeds: u64,
    /// New articles stored.
    pub articles: u64,
    /// Growth of the number of copies in the archive.
    pub duplicates: u64,
    /// Growth of the number of stories.
    pub stories: u64,
    /// Jobs that failed for good.
    pub errors: u64,
    /// Wall time of the run.
    pub seconds: f64,
}

/// Archive totals, compared before and after a run. Copies and stories are counted from the
/// store rather than from live counters, because a late-arriving original re-points its group:
/// only the final state is independent of the order pages arrived in.
async fn totals(store: &dyn Store) -> Result<[u64; 3], PipelineError> {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok([
        n(store.count_articles().await?),
        n(store.count_duplicates().await?),
        n(store.count_stories().await?),
    ])
}

/// The shared state of the workers. The analysis state is warmed from the store first, so
/// that copies and stories of earlier runs are recognised; on a `shared` store it then
/// follows what the other processes store.
async fn context(
    store: Arc<dyn Store>,
    shared: bool,
    fetcher: Fetcher,
    config: PipelineConfig,
    stats: Arc<CrawlStats>,
) -> Result<Arc<Ctx>, PipelineError> {
    let (analysis, following) = AnalysisState::warm(store.as_ref(), shared).await?;
    Ok(Arc::new(Ctx {
        analysis: std::sync::Mutex::new(analysis),
        following: following.map(tokio::sync::Mutex::new),
        store,
        hosts: HostLimiter::new(config.per_host, config.host_gap, config.max_host_delay),
        robots: config
            .respect_robots
            .then(|| RobotsCache::new(&fetcher.config().user_agent)),
        fetcher,
        config,
        stats,
        ready: tokio::sync::Mutex::new(std::collections::VecDeque::new()),
        extract_slots: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, usize::from),
        ),
    }))
}

fn feed_job(feed: FeedId, config: &PipelineConfig) -> NewJob {
    NewJob {
        kind: JobKind::FetchFeed,
        payload: serde_json::to_value(FeedPayload { feed_id: feed.0 }).unwrap_or_default(),
        dedup_key: Some(format!("feed:{}", feed.0)),
        feed_id: Some(feed),
        run_at: Utc::now(),
        max_attempts: config.max_attempts,
        ordinal: 0,
    }
}

/// Fetches every feed that is not paused once, every new article it names, and returns when
/// nothing is left to do (retries included). Holds the data directory's worker lock.
pub async fn crawl_once(
    data: &DataDir,
    fetcher: Fetcher,
    config: PipelineConfig,
    stats: Arc<CrawlStats>,
) -> Result<CrawlSummary, PipelineError> {
    let started = Instant::now();
    let _lock = data.lock_workers().await?;
    let store: Arc<dyn Store> = data.store.clone();
    let before = totals(store.as_ref()).await?;
    store.make_waiting_ready(Utc::now()).await?;
    for feed in store.list_feeds().await?.into_iter().filter(|f| !f.paused) {
        store.enqueue(&feed_job(feed.id, &config)).await?;
    }
    let ctx = context(
        store.clone(),
        data.backend.is_shared(),
        fetcher,
        config,
        stats.clone(),
    )
    .await?;
    let (_never, stop) = watch::channel(false);
    run_workers(&ctx, stop, true).await?;
    let after = totals(store.as_ref()).await?;
    let grown = |i: usize| after[i].saturating_sub(before[i]);
    Ok(CrawlSummary {
        feeds: stats.feeds.load(Ordering::Relaxed),
        articles: grown(0),
        duplicates: grown(1),
        stories: grown(2),
        errors: stats.errors.load(Ordering::Relaxed),
        seconds: (started.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    })
}

/// Runs the scheduler and the workers until `shutdown` completes. Holds the worker lock.
pub async fn run_forever(
    data: &DataDir,
    fetcher: Fetcher,
    config: PipelineConfig,
    stats: Arc<CrawlStats>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), PipelineError> {
    let _lock = data.lock_workers().await?;
    let ctx = context(
        data.store.clone(),
        data.backend.is_shared(),
        fetcher,
        config,
        stats,
    )
    .await?;
    let (stop_tx, stop) = watch::channel(false);
    let scheduler = tokio::spawn(schedule(ctx.clone(), stop.clone()));
    let workers = run_workers(&ctx, stop, false);
    tokio::pin!(workers);
    tokio::select! {
        () = shutdown => {
            let _ = stop_tx.send(true);
            workers.await?;
        }
        result = &mut workers => result?,
    }
    scheduler.abort();
    release_unstarted(&ctx).await;
    Ok(())
}

/// Gives back the jobs claimed into the shared buffer that no worker started: the workers
/// finish the job in hand when told to stop, and the rest is claimable at once by the next
/// process instead of waiting for its lease or for the next start's release.
async fn release_unstarted(ctx: &Ctx) {
    let left: Vec<Job> = ctx.ready.lock().await.drain(..).collect();
    for job in left {
        if let Err(e) = ctx.store.release(job.id).await {
            tracing::warn!(job = %job.id, error = %e, "could not release a job at shutdown");
        }
    }
}

/// Queues a fetch of every due feed, every few seconds. The dedup key keeps one job per feed.
async fn schedule(ctx: Arc<Ctx>, mut stop: watch::Receiver<bool>) {
    loop {
        match ctx.store.due_feeds(Utc::now()).await {
            Ok(feeds) => {
                for feed in feeds {
                    if let Err(e) = ctx.store.enqueue(&feed_job(feed, &ctx.config)).await {
                        tracing::warn!(error = %e, "could not queue a due feed");
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not read due feeds"),
        }
        tokio::select! {
            _ = stop.changed() => return,
            () = tokio::time::sleep(Duration::from_secs(10)) => {}
        }
    }
}

async fn run_workers(
    ctx: &Arc<Ctx>,
    stop: watch::Receiver<bool>,
    until_drained: bool,
) -> Result<(), PipelineError> {
    let mut handles = Vec::new();
    for _ in 0..ctx.config.workers.max(1) {
        let ctx = ctx.clone();
        let stop = stop.clone();
        handles.push(tokio::spawn(async move {
            worker(ctx, stop, until_drained).await
        }));
    }
    for h in handles {
        match h.await {
            Ok(result) => result?,
            Err(e) => tracing::error!(error = %e, "a worker task ended abnormally"),
        }
    }
    Ok(())
}

/// The next job for a worker of this process. Jobs are claimed in batches of one per worker
/// into a shared buffer: a claim is a write to the database, and claiming one job at a time
/// made the workers queue for the one write lock twice per article.
async fn next_job(ctx: &Ctx) -> Result<Option<Job>, PipelineError> {
    let mut ready = ctx.ready.lock().await;
    if ready.is_empty() {
        let now = Utc::now();
        let lease = chrono::Duration::from_std(ctx.config.lease).unwrap_or_default();
        let batch = ctx.config.workers.max(1);
        ready.extend(
            ctx.store
                .claim_many(&ctx.config.worker_id, now, now + lease, batch)
                .await?,
        );
    }
    Ok(ready.pop_front())
}

async fn worker(
    ctx: Arc<Ctx>,
    stop: watch::Receiver<bool>,
    until_drained: bool,
) -> Result<(), PipelineError> {
    let mut idle = Duration::from_millis(20);
    while !*stop.borrow() {
        let job = match next_job(&ctx).await {
            Ok(job) => job,
            Err(e) => {
                // A busy or briefly unreachable database must not end the worker.
                tracing::warn!(error = %e, "could not claim a job");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        match job {
            Some(job) => {
                idle = Duration::from_millis(20);
                let outcome = ingest::run_job(&ctx, &job).await;
                if let Err(failure) = outcome
                    && let Err(e) = settle_failure(&ctx, &job, failure).await
                {
                    // The store is unreachable: the job keeps its lease and runs again when
                    // the lease ends, here or in another process.
                    tracing::warn!(job = %job.id, error = %e, "could not record a failed attempt");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            None => {
                if until_drained {
                    match ctx.store.has_queued_jobs().await {
                        Ok(false) => return Ok(()),
                        Ok(true) => {}
                        Err(e) => tracing::warn!(error = %e, "could not read the queue"),
                    }
                }
                tokio::time::sleep(idle).await;
                idle = (idle * 2).min(if until_drained {
                    Duration::from_millis(200)
                } else {
                    Duration::from_secs(2)
                });
            }
        }
    }
    Ok(())
}

/// Records a failed attempt: retried later when it may succeed and attempts remain; else the
/// failure stays visible (on the feed, or as a failed article job) and the run goes on.
async fn settle_failure(ctx: &Ctx, job: &Job, f: JobFailure) -> Result<(), PipelineError> {
    let retry = f.transient && job.attempts < job.max_attempts;
    let store = &ctx.store;
    if let (JobKind::FetchFeed, Some(feed)) = (job.kind, job.feed_id) {
        let errors = store.get_feed(feed).await?.map_or(0, |f| f.error_count) + 1;
        let next = Utc::now()
            + chrono::Duration::from_std(ctx.config.feed_delay(errors)).unwrap_or_default();
        store
            .record_feed_failure(feed, f.status, &f.error, next)
            .await?;
    }
    if retry {
        let delay = ctx.config.retry_delay(job.attempts, f.retry_after);
        let at = Utc::now() + chrono::Duration::from_std(delay).unwrap_or_default();
        store.fail(job.id, &f.error, Some(at)).await?;
        ctx.stats.retries.fetch_add(1, Ordering::Relaxed);
        tracing::info!(job = %job.id, attempt = job.attempts, error = %f.error, "will retry");
        return Ok(());
    }
    ctx.stats.errors.fetch_add(1, Ordering::Relaxed);
    tracing::warn!(job = %job.id, kind = job.kind.as_str(), error = %f.error, "job failed");
    match job.kind {
        // A feed's own schedule (with backoff) is its retry; the job itself is done.
        JobKind::FetchFeed => store.complete(job.id).await?,
        JobKind::FetchArticle => store.fail(job.id, &f.error, None).await?,
    }
    Ok(())
}
