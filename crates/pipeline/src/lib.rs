//! Marsad pipeline: job queue, scheduler, workers and the ingest path from feed to stored article.
//!
//! This is the only crate where stages and I/O meet (DESIGN.md invariant 4): workers claim
//! jobs from the store, fetch with `marsad-fetch`, call the pure stages (`feed`, `extract`,
//! `analyze`) and commit each result to the store in one transaction.

mod analysis;
mod datadir;
mod export;
mod feeds;
mod hosts;
mod ingest;
mod robots;
mod run;
mod search;

pub use datadir::{DataDir, WorkerLock};
pub use export::{ExportedArticle, export_articles};
pub use feeds::{ImportReport, add_feed, export_feeds, import_opml};
pub use run::{CrawlStats, CrawlSummary, crawl_once, run_forever};
pub use search::{follow_index, sync_index};

use std::time::Duration;

/// Errors of the pipeline's own operations (job failures are recorded, not returned).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] marsad_store::StoreError),
    /// The search index failed.
    #[error(transparent)]
    Index(#[from] marsad_index::IndexError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Fetch(#[from] marsad_fetch::FetchError),
    /// A file of the data directory could not be used.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// Another process runs workers on the same data directory.
    #[error(
        "data directory {0} is in use by another marsad process that runs workers (serve, crawl or demo)"
    )]
    Locked(String),
    /// A feed list could not be read.
    #[error(transparent)]
    Feed(#[from] marsad_feed::FeedError),
    /// The analysis state could not be rebuilt from the stored articles (a warm-up task
    /// panicked).
    #[error("analysis warm-up failed: {0}")]
    WarmUp(String),
    /// A URL given by the user is not usable.
    #[error("invalid feed URL {0}: must be an absolute http(s) URL")]
    InvalidUrl(String),
}

/// How the workers run. Passed in, never global.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    /// Concurrent workers in this process. Workers are async tasks that spend most of their
    /// time waiting (on servers, on the store's single writer, on an earlier copy's commit),
    /// so there are many more of them than cores: on the full simulated web 16 workers left
    /// 40% of two cores idle, 32 kept them busy and crawled 25% faster, 64 gained nothing.
    pub workers: usize,
    /// Requests in flight to one host at most.
    pub per_host: usize,
    /// How long a claimed job stays leased to its worker.
    pub lease: Duration,
    /// Attempts before a job fails for good.
    pub max_attempts: i64,
    /// First retry delay; doubled at each further attempt.
    pub retry_base: Duration,
    /// Longest wait before a retry, even when the server asks for more.
    pub retry_max: Duration,
    /// Polling interval of a new or failing feed (the base of the backoff).
    pub feed_interval: Duration,
    /// Shortest polling interval, for a feed that publishes all the time.
    pub feed_interval_min: Duration,
    /// Longest polling interval, for a feed that rarely publishes.
    pub feed_interval_max: Duration,
    /// Longest polling interval of a failing feed (the backoff's ceiling).
    pub feed_backoff_max: Duration,
    /// Name of this process in job leases.
    pub worker_id: String,
    /// Obey robots.txt (on by default; off only for tests and the operator's own sites).
    pub respect_robots: bool,
    /// Smallest gap between two request starts on one host.
    pub host_gap: Duration,
    /// Largest robots.txt Crawl-delay or Retry-After honoured; longer ones are capped.
    pub max_host_delay: Duration,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            workers: 32,
            per_host: 4,
            lease: Duration::from_secs(300),
            max_attempts: 4,
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            feed_interval: Duration::from_secs(900),
            feed_interval_min: Duration::from_secs(300),
            feed_interval_max: Duration::from_secs(24 * 3600),
            feed_backoff_max: Duration::from_secs(24 * 3600),
            worker_id: format!("pid-{}", std::process::id()),
            respect_robots: true,
            host_gap: Duration::ZERO,
            max_host_delay: Duration::from_secs(60),
        }
    }
}

impl PipelineConfig {
    /// The settings of a one-shot crawl: retries come quickly, since the run waits for them.
    pub fn for_one_shot(self) -> PipelineConfig {
        PipelineConfig {
            retry_base: Duration::from_secs(1),
            retry_max: Duration::from_secs(30),
            ..self
        }
    }

    /// Delay before attempt `attempts + 1`, honouring the server's wish within `retry_max`.
    pub fn retry_delay(&self, attempts: i64, server_wish: Option<Duration>) -> Duration {
        let exp = self
            .retry_base
            .saturating_mul(1u32 << attempts.clamp(0, 20).saturating_sub(1));
        exp.max(server_wish.unwrap_or_default()).min(self.retry_max)
    }

    /// Next poll of a feed after `errors` consecutive failures (0 when healthy).
    pub fn feed_delay(&self, errors: i64) -> Duration {
        if errors <= 0 {
            return self.feed_interval;
        }
        self.feed_interval
            .saturating_mul(1u32 << errors.clamp(0, 20))
            .min(self.feed_backoff_max)
    }
}

/// The next polling interval of a feed that answered: about half the average gap between its
/// items of the last day (so a new item waits half a gap on average), or, when it published
/// nothing dated in the last day or answered 304, half again the current interval; always
/// within the configured bounds (5 minutes to a day by default).
pub fn next_poll_interval(
    config: &PipelineConfig,
    current: Duration,
    item_dates: &[chrono::DateTime<chrono::Utc>],
    not_modified: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Duration {
    let day = chrono::Duration::hours(24);
    let recent = item_dates
        .iter()
        .filter(|d| **d <= now && now - **d <= day)
        .count() as u32;
    let next = if !not_modified && recent > 0 {
        Duration::from_secs(24 * 3600) / (2 * recent)
    } else {
        current.mul_f64(1.5)
    };
    next.clamp(config.feed_interval_min, config.feed_interval_max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_within_bounds() {
        let c = PipelineConfig::default();
        assert_eq!(c.retry_delay(1, None), Duration::from_secs(30));
        assert_eq!(c.retry_delay(2, None), Duration::from_secs(60));
        assert_eq!(c.retry_delay(3, None), Duration::from_secs(120));
        assert_eq!(
            c.retry_delay(1, Some(Duration::from_secs(90))),
            Duration::from_secs(90)
        );
        assert_eq!(c.retry_delay(30, None), Duration::from_secs(3600));
        assert_eq!(
            c.retry_delay(1, Some(Duration::from_secs(86400))),
            Duration::from_secs(3600)
        );
    }

    #[test]
    fn polling_follows_how_often_a_feed_publishes() {
        let c = PipelineConfig::default();
        let now = chrono::Utc::now();
        let every = |minutes: i64, n: i64| -> Vec<_> {
            (0..n)
                .map(|i| now - chrono::Duration::minutes(i * minutes))
                .collect()
        };
        let cur = Duration::from_secs(900);
        // 48 items a day: one every 30 minutes, polled every 15.
        assert_eq!(
            next_poll_interval(&c, cur, &every(30, 48), false, now),
            Duration::from_secs(900)
        );
        // A flood is polled at the floor; one item a day about every 12 hours.
        assert_eq!(
            next_poll_interval(&c, cur, &every(1, 500), false, now),
            Duration::from_secs(300)
        );
        assert_eq!(
            next_poll_interval(&c, cur, &every(60, 1), false, now),
            Duration::from_secs(12 * 3600)
        );
        // Nothing new, or 304: back off by half, up to a day.
        assert_eq!(
            next_poll_interval(&c, cur, &[], true, now),
            Duration::from_secs(1350)
        );
        assert_eq!(
            next_poll_interval(&c, Duration::from_secs(80_000), &[], true, now),
            Duration::from_secs(86_400)
        );
    }

    #[test]
    fn failing_feeds_are_polled_less_often_up_to_a_day() {
        let c = PipelineConfig::default();
        assert_eq!(c.feed_delay(0), Duration::from_secs(900));
        assert_eq!(c.feed_delay(1), Duration::from_secs(1800));
        assert_eq!(c.feed_delay(10), Duration::from_secs(86400));
    }
}
