//! The ingest path: one feed job queues its new items; one article job fetches, extracts and
//! stores one page in one transaction.

use crate::PipelineConfig;
use crate::hosts::HostLimiter;
use crate::robots::{Denied, RobotsCache};
use crate::run::CrawlStats;
use chrono::{DateTime, Utc};
use marsad_fetch::{Conditional, FetchError, Fetcher};
use marsad_model::{
    FeedId, FeedKind, JobKind, NewArticle, Precision, RelatedLink, SourceId, url_key,
};
use marsad_store::{ArticleCommit, FeedFetchOk, ItemJob, Job, NewDocument, NewJob, Store};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use url::Url;

/// Version of the extraction rules; stored with each article so that `reprocess` can tell
/// which articles an improved extractor should revisit.
pub(crate) const EXTRACTOR_VERSION: i64 = 1;

/// Everything a worker needs, shared by all workers of a process.
pub(crate) struct Ctx {
    pub store: Arc<dyn Store>,
    pub fetcher: Fetcher,
    pub config: PipelineConfig,
    pub hosts: HostLimiter,
    /// `None` when the operator chose to ignore robots.txt.
    pub robots: Option<RobotsCache>,
    pub stats: Arc<CrawlStats>,
    /// One permit per core for extraction. Without it every worker's page would take a
    /// blocking thread at once, and the time-sliced extractions would starve the threads that
    /// drive the network and the store.
    pub extract_slots: tokio::sync::Semaphore,
    /// The near-copy index, story clusterer and document frequencies, shared by the workers.
    /// A plain mutex: it is held only while an article is decided, never across an await.
    pub analysis: std::sync::Mutex<crate::analysis::AnalysisState>,
    /// On a shared store, where this process has read the other processes' articles up to.
    pub following: Option<tokio::sync::Mutex<crate::analysis::Following>>,
    /// Jobs claimed by this process and not yet started.
    pub ready: tokio::sync::Mutex<std::collections::VecDeque<marsad_store::Job>>,
}

/// Payload of a [`JobKind::FetchFeed`] job.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct FeedPayload {
    pub feed_id: i64,
}

/// Payload of a [`JobKind::FetchArticle`] job: the item as the feed gave it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ArticlePayload {
    pub url: String,
    pub source_id: i64,
    pub feed_id: Option<i64>,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

/// Why a job attempt failed, and whether trying again may help.
#[derive(Debug)]
pub(crate) struct JobFailure {
    pub error: String,
    pub transient: bool,
    pub retry_after: Option<Duration>,
    pub status: Option<u16>,
}

impl JobFailure {
    fn permanent(error: impl Into<String>) -> JobFailure {
        JobFailure {
            error: error.into(),
            transient: false,
            retry_after: None,
            status: None,
        }
    }
}

impl From<FetchError> for JobFailure {
    fn from(e: FetchError) -> JobFailure {
        JobFailure {
            transient: e.is_transient(),
            retry_after: e.retry_after(),
            status: e.status(),
            error: e.to_string(),
        }
    }
}

impl From<marsad_store::StoreError> for JobFailure {
    fn from(e: marsad_store::StoreError) -> JobFailure {
        // A store error (a locked or unreachable database) is worth another try.
        JobFailure {
            error: format!("store: {e}"),
            transient: true,
            retry_after: None,
            status: None,
        }
    }
}

fn host_of(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// One request as the crawler makes it: robots.txt permitting, within the host's limits, and
/// pausing the host when it answers 429 or 503.
async fn polite_get(
    ctx: &Ctx,
    url: &Url,
    cond: &Conditional<'_>,
) -> Result<marsad_fetch::Fetched, JobFailure> {
    let host = host_of(url);
    if let Some(robots) = &ctx.robots {
        match robots.check(url, &ctx.fetcher, &ctx.hosts, &host).await {
            Ok(()) => {}
            Err(Denied::Disallowed) => {
                return Err(JobFailure::permanent(format!(
                    "{url} is disallowed by robots.txt"
                )));
            }
            Err(Denied::Unreachable(e)) => {
                let mut f = JobFailure::from(e);
                f.error = format!("robots.txt unreadable: {}", f.error);
                f.transient = true;
                return Err(f);
            }
        }
    }
    let result = {
        let _slot = ctx.hosts.acquire(&host).await;
        ctx.fetcher.get(url, cond).await
    };
    if let Err(e) = &result
        && matches!(e.status(), Some(429 | 503))
    {
        ctx.hosts
            .pause(&host, e.retry_after().unwrap_or(Duration::from_secs(30)));
    }
    Ok(result?)
}

/// Runs one job to its end. `Ok` means its effect is committed and the job is gone.
pub(crate) async fn run_job(ctx: &Ctx, job: &Job) -> Result<(), JobFailure> {
    match job.kind {
        JobKind::FetchFeed => {
            let p: FeedPayload = serde_json::from_value(job.payload.clone())
                .map_err(|e| JobFailure::permanent(format!("bad feed job payload: {e}")))?;
            fetch_feed(ctx, job, FeedId(p.feed_id)).await
        }
        JobKind::FetchArticle => {
            let p: ArticlePayload = serde_json::from_value(job.payload.clone())
                .map_err(|e| JobFailure::permanent(format!("bad article job payload: {e}")))?;
            fetch_article(ctx, job, p).await
        }
    }
}

async fn fetch_feed(ctx: &Ctx, job: &Job, feed_id: FeedId) -> Result<(), JobFailure> {
    let Some(feed) = ctx.store.get_feed(feed_id).await? else {
        // The feed was removed after the job was queued: nothing to do.
        ctx.store.complete(job.id).await?;
        return Ok(());
    };
    let url = Url::parse(&feed.url)
        .map_err(|e| JobFailure::permanent(format!("invalid feed URL {}: {e}", feed.url)))?;
    let cond = Conditional {
        etag: feed.etag.as_deref(),
        last_modified: feed.last_modified.as_deref(),
    };
    let fetched = polite_get(ctx, &url, &cond).await?;
    let current = Duration::from_secs(u64::try_from(feed.interval_secs).unwrap_or(900));
    let mut ok = FeedFetchOk {
        status: fetched.status,
        etag: fetched.etag.clone(),
        last_modified: fetched.last_modified.clone(),
        kind: None,
        title: None,
        items_seen: 0,
        interval_secs: 0,
        next_fetch_at: Utc::now(),
        item_jobs: Vec::new(),
    };
    let mut item_dates = Vec::new();
    if !fetched.not_modified() {
        let items = if marsad_feed::looks_like_sitemap(&fetched.body) {
            ok.kind = Some(FeedKind::Sitemap);
            sitemap_items(ctx, &fetched).await?
        } else {
            let parsed = marsad_feed::parse_feed(&fetched.body, Some(&fetched.final_url))
                .map_err(|e| JobFailure::permanent(e.to_string()))?;
            ok.kind = Some(parsed.kind);
            ok.title = parsed.title;
            parsed
                .items
                .into_iter()
                .filter_map(|i| Some((i.url?, i.title, i.published)))
                .collect()
        };
        ok.items_seen = items.len() as i64;
        for (ordinal, (link, title, published)) in items.into_iter().enumerate() {
            item_dates.extend(published);
            let Ok(key) = url_key(&link) else { continue };
            let payload = ArticlePayload {
                url: link,
                source_id: feed.source_id.0,
                feed_id: Some(feed.id.0),
                title,
                published,
            };
            ok.item_jobs.push(ItemJob {
                job: NewJob {
                    kind: JobKind::FetchArticle,
                    payload: serde_json::to_value(&payload).unwrap_or_default(),
                    dedup_key: Some(format!("article:{key}")),
                    feed_id: Some(feed.id),
                    run_at: Utc::now(),
                    max_attempts: ctx.config.max_attempts,
                    ordinal: i64::try_from(ordinal).unwrap_or(i64::MAX),
                },
                url_key: key,
            });
        }
    }
    let interval = crate::next_poll_interval(
        &ctx.config,
        current,
        &item_dates,
        fetched.not_modified(),
        Utc::now(),
    );
    ok.interval_secs = i64::try_from(interval.as_secs()).unwrap_or(i64::MAX);
    ok.next_fetch_at = Utc::now() + chrono::Duration::from_std(interval).unwrap_or_default();
    let queued = ctx
        .store
        .commit_feed_fetch(Some(job.id), feed.id, &ok)
        .await?;
    ctx.stats.feeds.fetch_add(1, Ordering::Relaxed);
    ctx.stats.queued.fetch_add(queued, Ordering::Relaxed);
    tracing::debug!(feed = %feed.url, status = fetched.status, queued, "feed fetched");
    Ok(())
}

/// Most child sitemaps read from one sitemap index.
const MAX_CHILD_SITEMAPS: usize = 1000;

/// An item to queue: article URL, title, publication time.
type Item = (String, Option<String>, Option<DateTime<Utc>>);

/// The article URLs of a sitemap, or of every child of a sitemap index (one level deep).
async fn sitemap_items(
    ctx: &Ctx,
    fetched: &marsad_fetch::Fetched,
) -> Result<Vec<Item>, JobFailure> {
    use marsad_feed::{Sitemap, SitemapEntry, parse_sitemap};
    let to_items = |entries: Vec<SitemapEntry>| -> Vec<Item> {
        entries
            .into_iter()
            .map(|e| (e.url, e.title, e.published))
            .collect()
    };
    match parse_sitemap(&fetched.body, Some(&fetched.final_url))
        .map_err(|e| JobFailure::permanent(e.to_string()))?
    {
        Sitemap::Urls(entries) => Ok(to_items(entries)),
        Sitemap::Index(children) => {
            let mut items = Vec::new();
            for child in children.into_iter().take(MAX_CHILD_SITEMAPS) {
                let Ok(url) = Url::parse(&child.url) else {
                    continue;
                };
                let body = polite_get(ctx, &url, &Conditional::default()).await?;
                match parse_sitemap(&body.body, Some(&body.final_url)) {
                    Ok(Sitemap::Urls(entries)) => items.extend(to_items(entries)),
                    // Indexes nested in indexes are not followed (the protocol forbids them).
                    Ok(Sitemap::Index(_)) => {}
                    Err(e) => return Err(JobFailure::permanent(format!("{url}: {e}"))),
                }
            }
            Ok(items)
        }
    }
}

/// Whether a `Content-Type` can hold an article page. A missing type is given the benefit of
/// the doubt: the extractor decides.
fn is_page_type(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|ct| {
        let ct = ct.to_ascii_lowercase();
        ct.contains("html") || ct.contains("xml") || ct.starts_with("text/plain")
    })
}

async fn fetch_article(ctx: &Ctx, job: &Job, p: ArticlePayload) -> Result<(), JobFailure> {
    let url = Url::parse(&p.url)
        .map_err(|e| JobFailure::permanent(format!("invalid article URL {}: {e}", p.url)))?;
    let fetched = polite_get(ctx, &url, &Conditional::default()).await?;
    let document = NewDocument {
        url: p.url.clone(),
        final_url: fetched.final_url.to_string(),
        fetched_at: Utc::now(),
        status: fetched.status,
        content_type: fetched.content_type.clone(),
        charset: None,
        body: fetched.body,
    };
    if !is_page_type(document.content_type.as_deref()) {
        ctx.store.save_document(&document).await?;
        return Err(JobFailure::permanent(format!(
            "not an HTML page: Content-Type {}",
            document.content_type.as_deref().unwrap_or("")
        )));
    }
    let options = marsad_extract::ExtractOptions {
        url: Some(fetched.final_url.clone()),
        content_type: document.content_type.clone(),
        fetched_at: Some(document.fetched_at),
        zone: None,
    };
    // Extraction and the per-article analysis are CPU work: keep them off the async workers.
    // The body is moved in and back out, so the page bytes are not copied.
    let slot = ctx.extract_slots.acquire().await;
    let feed_title = p.title.clone();
    let (extracted, body, prepared) = tokio::task::spawn_blocking(move || {
        let result = marsad_extract::extract(&document.body, &options);
        let prepared = match &result {
            Ok(a) if a.page_type != marsad_extract::PageType::Listing => {
                let title = a.title.as_deref().or(feed_title.as_deref()).unwrap_or("");
                Some(crate::analysis::prepare(title, &a.text, &a.tags))
            }
            _ => None,
        };
        (result, document, prepared)
    })
    .await
    .map_err(|e| JobFailure::permanent(format!("extractor crashed: {e}")))?;
    drop(slot);
    let mut document = body;
    let extracted = match extracted {
        Ok(a) => a,
        Err(e) => {
            // The bytes are kept so that a better extractor can read them later.
            ctx.store.save_document(&document).await?;
            return Err(JobFailure::permanent(format!("extraction failed: {e}")));
        }
    };
    document.charset = Some(extracted.charset.clone());
    let Some(prepared) = prepared else {
        // Sitemaps and feeds also name home and section pages: not articles.
        ctx.store
            .skip(job.id, "a listing page, not an article")
            .await?;
        ctx.stats.listings.fetch_add(1, Ordering::Relaxed);
        return Ok(());
    };
    let mut article = build_article(&p, &fetched.final_url, extracted);
    // The agency the text credits, by its canonical name, is what `marsad analyze` reports;
    // the page's own credit line stays when the text credits no known agency.
    if let Some(agency) = prepared.credit {
        article.credit = Some(agency.to_string());
    }
    // A page stored already under another address only gains an alias: it must not be
    // counted twice in the analysis state. (The commit checks again, in its transaction.)
    let commit = if ctx
        .store
        .article_by_url_key(&article.url_key)
        .await?
        .is_some()
    {
        ctx.store
            .commit_article(Some(job.id), &document, &article)
            .await?
    } else {
        if let Some(following) = &ctx.following
            && let Err(e) =
                crate::analysis::catch_up(ctx.store.as_ref(), &ctx.analysis, following).await
        {
            // The article is still decided, on what this process knows.
            tracing::warn!(error = %e, "could not read the other processes' articles");
        }
        crate::analysis::commit(
            ctx.store.as_ref(),
            &ctx.analysis,
            Some(job.id),
            &document,
            &article,
            prepared,
        )
        .await?
    };
    match commit {
        ArticleCommit::Inserted { duplicate_of, .. } => {
            ctx.stats.articles.fetch_add(1, Ordering::Relaxed);
            if duplicate_of.is_some() {
                ctx.stats.duplicates.fetch_add(1, Ordering::Relaxed);
            }
        }
        ArticleCommit::Existing(_) => {
            ctx.stats.existing.fetch_add(1, Ordering::Relaxed);
        }
    }
    Ok(())
}

/// Turns an extraction into the record to store, filling gaps from the feed item.
fn build_article(p: &ArticlePayload, final_url: &Url, a: marsad_extract::Article) -> NewArticle {
    // A canonical URL on another host is not trusted as this article's identity: syndicated
    // copies name the original's address, and taking it would merge a copy into its original.
    let canonical = a
        .url
        .as_deref()
        .and_then(|c| Url::parse(c).ok())
        .filter(|c| c.host_str() == final_url.host_str() && c.port() == final_url.port())
        .unwrap_or_else(|| final_url.clone());
    let canonical_key = url_key(canonical.as_str()).unwrap_or_else(|_| canonical.to_string());
    let mut alias_keys: Vec<String> = [p.url.as_str(), final_url.as_str()]
        .iter()
        .filter_map(|u| url_key(u).ok())
        .filter(|k| *k != canonical_key)
        .collect();
    alias_keys.dedup();
    let (published_at, published_offset, published_precision) = match &a.published {
        Some(d) => (
            Some(d.value.with_timezone(&Utc)),
            Some(d.value.offset().local_minus_utc()),
            Some(precision(d.precision)),
        ),
        None => (p.published, None, p.published.map(|_| Precision::Second)),
    };
    NewArticle {
        source_id: SourceId(p.source_id),
        feed_id: p.feed_id.map(FeedId),
        url: final_url.to_string(),
        canonical_url: canonical.to_string(),
        url_key: canonical_key,
        alias_keys,
        title: a.title.or_else(|| p.title.clone()),
        description: a.description,
        authors: a.authors,
        published_at,
        published_offset,
        published_precision,
        updated_at: a.updated.map(|d| d.value.with_timezone(&Utc)),
        lang: a.lang,
        dir: a.dir,
        content_key: marsad_analyze::content_key(&a.text),
        text: a.text,
        html_sanitized: a.html,
        image: a.image,
        credit: a.credit,
        page_tags: a.tags,
        related_links: a
            .related
            .into_iter()
            .map(|r| RelatedLink {
                title: r.title,
                url: r.url,
            })
            .collect(),
        site_name: a.site_name,
        extractor_version: EXTRACTOR_VERSION,
    }
}

fn precision(p: marsad_dates::Precision) -> Precision {
    match p {
        marsad_dates::Precision::Day => Precision::Day,
        marsad_dates::Precision::Minute => Precision::Minute,
        marsad_dates::Precision::Second => Precision::Second,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_types() {
        assert!(is_page_type(None));
        assert!(is_page_type(Some("text/html; charset=windows-1256")));
        assert!(is_page_type(Some("application/xhtml+xml")));
        assert!(!is_page_type(Some("image/jpeg")));
        assert!(!is_page_type(Some("application/pdf")));
    }
}
