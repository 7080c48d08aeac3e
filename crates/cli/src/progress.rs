//! Progress display: bars on a terminal, nothing in pipes.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_pipeline::CrawlStats;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// A bar over `len` items, drawn on stderr only when it is a terminal.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(Some(len), target());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

fn target() -> ProgressDrawTarget {
    if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// A spinner that shows the crawl counters until dropped.
pub struct CrawlProgress {
    bar: ProgressBar,
    task: tokio::task::JoinHandle<()>,
}

impl CrawlProgress {
    /// Starts drawing `stats` (must be called inside a tokio runtime).
    pub fn start(stats: Arc<CrawlStats>) -> CrawlProgress {
        let bar = ProgressBar::with_draw_target(None, target());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        let b = bar.clone();
        let task = tokio::spawn(async move {
            loop {
                let g = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
                b.set_message(format!(
                    "feeds {} · queued {} · articles {} · copies {} · retries {} · errors {}",
                    g(&stats.feeds),
                    g(&stats.queued),
                    g(&stats.articles),
                    g(&stats.duplicates),
                    g(&stats.retries),
                    g(&stats.errors)
                ));
                b.tick();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        });
        CrawlProgress { bar, task }
    }
}

impl Drop for CrawlProgress {
    fn drop(&mut self) {
        self.task.abort();
        self.bar.finish_and_clear();
    }
}
