//! `/metrics` in the Prometheus text format: HTTP requests and latencies per route, counted
//! in this process, and the store's figures (articles, feeds by status, fetch errors, queue
//! depth by job state), read from the store at scrape time.

use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The latency histogram of one route.
#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Requests at or under each bucket's bound (not cumulative; summed when rendered).
    buckets: [u64; BUCKETS.len()],
    /// Requests slower than the last bound.
    over: u64,
    /// Sum of the latencies, in seconds.
    sum: f64,
}

#[derive(Debug, Default)]
struct Counts {
    /// Requests by (method, route, status).
    requests: BTreeMap<(String, String, u16), u64>,
    /// Latencies by (method, route).
    latency: BTreeMap<(String, String), Histogram>,
}

/// Request counters and latency histograms of this process.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    counts: Mutex<Counts>,
}

impl Metrics {
    /// Counts one answered request. `route` is the route pattern, so the label set is bounded.
    pub(crate) fn observe_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        let mut c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *c.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let h = c
            .latency
            .entry((method.to_string(), route.to_string()))
            .or_default();
        match BUCKETS.iter().position(|&b| secs <= b) {
            Some(i) => h.buckets[i] += 1,
            None => h.over += 1,
        }
        h.sum += secs;
    }

    /// The request metrics in the text format.
    fn render_requests(&self, out: &mut String) {
        let c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str("# HELP marsad_http_requests_total HTTP requests answered, by route pattern and status.\n");
        out.push_str("# TYPE marsad_http_requests_total counter\n");
        for ((method, route, status), n) in &c.requests {
            let _ = writeln!(
                out,
                "marsad_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(method),
                label(route)
            );
        }
        out.push_str("# HELP marsad_http_request_duration_seconds Time to answer an HTTP request, by route pattern.\n");
        out.push_str("# TYPE marsad_http_request_duration_seconds histogram\n");
        for ((method, route), h) in &c.latency {
            let labels = format!("method=\"{}\",route=\"{}\"", label(method), label(route));
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "marsad_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let count = cumulative + h.over;
            let _ = writeln!(
                out,
                "marsad_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "marsad_http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "marsad_http_request_duration_seconds_count{{{labels}}} {count}"
            );
        }
    }
}

/// A label value escaped as the text format requires.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn gauge(out: &mut String, name: &str, help: &str, samples: &[(&str, i64)]) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
    for (labels, value) in samples {
        if labels.is_empty() {
            let _ = writeln!(out, "{name} {value}");
        } else {
            let _ = writeln!(out, "{name}{{{labels}}} {value}");
        }
    }
}

/// The store's figures in the text format.
async fn render_store(state: &AppState, out: &mut String) -> marsad_store::Result<()> {
    let store = state.store.as_ref();
    let articles = store.count_articles().await?;
    let copies = store.count_duplicates().await?;
    let stories = store.count_stories().await?;
    let feeds = store.list_feeds().await?;
    let jobs = store.job_counts(chrono::Utc::now()).await?;

    gauge(
        out,
        "marsad_articles",
        "Articles stored.",
        &[("", articles)],
    );
    gauge(
        out,
        "marsad_article_copies",
        "Stored articles that copy another.",
        &[("", copies)],
    );
    gauge(out, "marsad_stories", "Stories.", &[("", stories)]);

    let (mut paused, mut failing, mut new, mut ok) = (0, 0, 0, 0);
    let mut fetch_errors = 0;
    let mut failed_items = 0;
    for f in &feeds {
        fetch_errors += f.error_count;
        failed_items += f.failed_items;
        match crate::api::catalog::feed_status(f) {
            "paused" => paused += 1,
            "failing" => failing += 1,
            "new" => new += 1,
            _ => ok += 1,
        }
    }
    gauge(
        out,
        "marsad_feeds",
        "Feeds by status.",
        &[
            ("status=\"ok\"", ok),
            ("status=\"failing\"", failing),
            ("status=\"new\"", new),
            ("status=\"paused\"", paused),
        ],
    );
    gauge(
        out,
        "marsad_feed_fetch_errors",
        "Consecutive failed fetches, summed over the feeds.",
        &[("", fetch_errors)],
    );
    gauge(
        out,
        "marsad_failed_articles",
        "Article jobs that failed for good.",
        &[("", failed_items)],
    );
    gauge(
        out,
        "marsad_queue_jobs",
        "Jobs in the queue by state.",
        &[
            ("state=\"ready\"", jobs.ready),
            ("state=\"waiting\"", jobs.waiting),
            ("state=\"running\"", jobs.running),
            ("state=\"failed\"", jobs.failed),
        ],
    );
    Ok(())
}

/// The counters of this process's workers since it started.
fn render_crawl(stats: &marsad_pipeline::CrawlStats, out: &mut String) {
    use std::sync::atomic::Ordering::Relaxed;
    let counters = [
        ("feed_fetches", "Feeds fetched successfully.", &stats.feeds),
        ("articles_stored", "New articles stored.", &stats.articles),
        (
            "copies_stored",
            "New articles stored as copies of an earlier one.",
            &stats.duplicates,
        ),
        (
            "pages_known",
            "Fetched pages already stored under another address.",
            &stats.existing,
        ),
        (
            "listing_pages",
            "Fetched pages that were listings, not articles.",
            &stats.listings,
        ),
        ("jobs_failed", "Jobs that failed for good.", &stats.errors),
        ("retries", "Failed attempts to be retried.", &stats.retries),
    ];
    for (name, help, value) in counters {
        let _ = writeln!(out, "# HELP marsad_crawl_{name}_total {help}");
        let _ = writeln!(out, "# TYPE marsad_crawl_{name}_total counter");
        let _ = writeln!(out, "marsad_crawl_{name}_total {}", value.load(Relaxed));
    }
}

/// `/metrics`.
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let mut out = String::with_capacity(8 * 1024);
    state.metrics.render_requests(&mut out);
    if let Some(stats) = &state.crawl {
        render_crawl(stats, &mut out);
    }
    let status = match render_store(&state, &mut out).await {
        Ok(()) => {
            gauge(
                &mut out,
                "marsad_store_up",
                "Whether the store answered.",
                &[("", 1)],
            );
            StatusCode::OK
        }
        Err(e) => {
            tracing::error!(error = %e, "metrics could not read the store");
            gauge(
                &mut out,
                "marsad_store_up",
                "Whether the store answered.",
                &[("", 0)],
            );
            StatusCode::OK
        }
    };
    (
        status,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_labels_escaped() {
        let m = Metrics::default();
        m.observe_request("GET", "/a\"b", 200, Duration::from_micros(500));
        m.observe_request("GET", "/a\"b", 200, Duration::from_millis(30));
        m.observe_request("GET", "/a\"b", 404, Duration::from_secs(20));
        let mut out = String::new();
        m.render_requests(&mut out);
        assert!(out.contains(
            "marsad_http_requests_total{method=\"GET\",route=\"/a\\\"b\",status=\"200\"} 2"
        ));
        assert!(out.contains("le=\"0.001\"} 1\n"));
        assert!(out.contains("le=\"0.05\"} 2\n"));
        assert!(out.contains("le=\"10\"} 2\n"));
        assert!(out.contains("le=\"+Inf\"} 3\n"));
        assert!(out.contains("_count{method=\"GET\",route=\"/a\\\"b\"} 3\n"));
    }
}
