//! Marsad storage: per-aggregate traits, the SQLite and PostgreSQL backends, numbered migrations.
//!
//! The traits are object-safe (`Arc<dyn Store>`), so the pipeline and the web never name a
//! backend. SQL is written in the dialect SQLite and PostgreSQL share (`$N` placeholders,
//! `ON CONFLICT`, `RETURNING`, integer millisecond times) so that a PostgreSQL backend can
//! reuse it; migrations are numbered `.sql` files per backend.

mod backend;
mod migrate;
pub mod postgres;
pub mod site;
mod sql;
mod sqlite;
mod sqlite_site;

pub use backend::{Backend, Database};
pub use migrate::{Migration, SQLITE_MIGRATIONS};
pub use postgres::{POSTGRES_MIGRATIONS, PgConfig, PgStore};
pub use site::SiteStore;
pub use sqlite::SqliteStore;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use marsad_model::{
    Article, ArticleId, ArticleSummary, Feed, FeedId, FeedKind, JobId, JobKind, NewArticle, Source,
    SourceId, StoryId,
};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database answered with an error or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The database server could not be reached (the URL is shown without its password).
    #[error("cannot reach the database at {url}")]
    Unreachable {
        /// The database URL, password hidden.
        url: String,
        /// Why.
        source: sqlx::Error,
    },
    /// The database URL or its settings are not usable.
    #[error("bad database address {url}: {detail}")]
    BadUrl {
        /// The database URL, password hidden.
        url: String,
        /// What is wrong.
        detail: String,
    },
    /// A migration failed to apply.
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        /// Number of the migration file.
        version: i64,
        /// Name of the migration file.
        name: &'static str,
        /// The database error.
        source: sqlx::Error,
    },
    /// The database was written by a newer Marsad.
    #[error("database schema version {found} is newer than this build knows ({known})")]
    SchemaTooNew {
        /// Highest version applied in the database.
        found: i64,
        /// Highest version this build ships.
        known: i64,
    },
    /// A stored value could not be decoded.
    #[error("corrupt stored value in {what}: {detail}")]
    Corrupt {
        /// Which column or blob.
        what: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// Compressing or decompressing a document failed.
    #[error("document compression failed: {0}")]
    Compression(#[from] std::io::Error),
}

/// Result type of the storage layer.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A place in the order in which articles were stored or last changed. Positions compare by
/// change sequence, then by article id (one transaction may write many articles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChangePosition {
    /// The change sequence of the writing transaction (0 for rows older than the sequence).
    pub seq: i64,
    /// The article.
    pub id: ArticleId,
}

impl ChangePosition {
    /// Before every article.
    pub const START: ChangePosition = ChangePosition {
        seq: 0,
        id: ArticleId(0),
    };
}

/// A raw fetched document to keep.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// The URL requested.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The charset the page was decoded with, if known.
    pub charset: Option<String>,
    /// The body bytes as received (after transfer decompression).
    pub body: Vec<u8>,
}

/// A job to put in the queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// What the job does.
    pub kind: JobKind,
    /// The job's JSON payload.
    pub payload: serde_json::Value,
    /// At most one job with a given key exists at a time; `None` for no such limit.
    pub dedup_key: Option<String>,
    /// The feed the job concerns, so that its failures show on the feed.
    pub feed_id: Option<FeedId>,
    /// Earliest time to run.
    pub run_at: DateTime<Utc>,
    /// Attempts before the job fails for good.
    pub max_attempts: i64,
    /// Position among the jobs queued by one fetch (0 for a lone job). Ready jobs are claimed
    /// lowest ordinal first, which interleaves the pages of many feeds and hosts.
    pub ordinal: i64,
}

/// A claimed job.
#[derive(Debug, Clone)]
pub struct Job {
    /// Store id.
    pub id: JobId,
    /// What the job does.
    pub kind: JobKind,
    /// The job's JSON payload.
    pub payload: serde_json::Value,
    /// The feed the job concerns.
    pub feed_id: Option<FeedId>,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
}

/// The state of the queue, for progress and for knowing when a one-shot crawl is done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// Queued jobs that may run now.
    pub ready: i64,
    /// Queued jobs waiting for a later time (retries, backoff).
    pub waiting: i64,
    /// Jobs under a live lease.
    pub running: i64,
    /// Jobs that failed for good.
    pub failed: i64,
}

/// The result of a successful feed fetch, committed in one transaction with its new items.
#[derive(Debug, Clone)]
pub struct FeedFetchOk {
    /// HTTP status (200, or 304 when unchanged).
    pub status: u16,
    /// New `ETag`, if the answer had one.
    pub etag: Option<String>,
    /// New `Last-Modified`, if the answer had one.
    pub last_modified: Option<String>,
    /// The syntax the feed was in (None on 304).
    pub kind: Option<FeedKind>,
    /// The feed's title (None on 304).
    pub title: Option<String>,
    /// Items in the feed (0 on 304).
    pub items_seen: i64,
    /// The polling interval chosen from how often the feed publishes.
    pub interval_secs: i64,
    /// When to fetch it next.
    pub next_fetch_at: DateTime<Utc>,
    /// Article jobs for the items; those whose URL is already stored or queued are skipped.
    pub item_jobs: Vec<ItemJob>,
}

/// An article job derived from a feed item, skipped when its URL key is already known.
#[derive(Debug, Clone)]
pub struct ItemJob {
    /// Key of the item's URL.
    pub url_key: String,
    /// The job to queue.
    pub job: NewJob,
}

/// What storing an article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleCommit {
    /// A new article was stored.
    Inserted {
        /// Its id.
        id: ArticleId,
        /// The earliest article with the same content, if this one is a copy.
        duplicate_of: Option<ArticleId>,
        /// The story it joined or started.
        story_id: StoryId,
    },
    /// An article with the same URL key was already stored; nothing changed but its aliases.
    Existing(ArticleId),
}

/// A tag of an article, as the analysis names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The display name.
    pub name: String,
    /// The folded key that identifies the tag across spellings (unique in the store).
    pub key: String,
    /// What the tag names: `person`, `place`, `org`, or `topic` for a page's own tag.
    pub kind: String,
}

/// What the analysis decided for an article, committed with it.
///
/// The default is "no decision": not a near-copy, a story of its own, no tags, no signature,
/// which is what ingestion did before analysis ran in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleAnalysis {
    /// The article this one is a near-copy of, as the copy index found it. The store follows
    /// it to the root of its group and applies the earliest-published rule; an exact content
    /// key match takes precedence over it.
    pub duplicate_of: Option<ArticleId>,
    /// The existing story the clusterer chose, or `None` for a new story. Ignored for a copy,
    /// which always joins its original's story; a story that no longer exists starts a new one.
    pub story: Option<StoryId>,
    /// Tags, most important first.
    pub tags: Vec<Tag>,
    /// The MinHash signature bytes of the text, when it is long enough to have one.
    pub signature: Option<Vec<u8>>,
    /// Version of the scheme that computed `signature`.
    pub signature_version: i64,
    /// The analysis digest, which other processes decode instead of reading the text.
    pub digest: Option<Vec<u8>>,
    /// Version of the scheme that wrote `digest`.
    pub digest_version: i64,
}

/// An article of the recent window, as the pipeline needs it to warm its analysis state.
#[derive(Debug, Clone, PartialEq)]
pub struct RecentArticle {
    /// Store id.
    pub id: ArticleId,
    /// Headline.
    pub title: Option<String>,
    /// Plain text; empty when `digest` is given.
    pub text: String,
    /// The stored analysis digest, when it is of the version asked for.
    pub digest: Option<Vec<u8>>,
    /// Publication time, in milliseconds since the epoch.
    pub published_ms: Option<i64>,
    /// Ingestion time, in milliseconds since the epoch.
    pub ingested_ms: i64,
    /// The stored signature bytes and their scheme version, when stored.
    pub signature: Option<(Vec<u8>, i64)>,
    /// The root of its group of copies, when it is a copy.
    pub duplicate_of: Option<ArticleId>,
    /// Its story.
    pub story_id: Option<StoryId>,
}

/// How original an outlet is: of its articles, how many copy another outlet's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Originality {
    /// Articles stored from the outlet.
    pub articles: i64,
    /// Those that are copies of an article of another outlet.
    pub copies_of_others: i64,
}

impl Originality {
    /// The share of the outlet's articles that are its own (1.0 when it has none yet).
    pub fn share_original(&self) -> f64 {
        if self.articles == 0 {
            1.0
        } else {
            1.0 - self.copies_of_others as f64 / self.articles as f64
        }
    }
}

/// A tag an article shares with articles of another story.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedTag {
    /// The tag's folded key.
    pub key: String,
    /// The tag's score on the article (1 for its first tag, then 1/2, 1/3 …).
    pub score: f64,
    /// Articles of the other story carrying the tag, among the tag's recent articles read.
    pub story_articles: i64,
    /// Articles carrying the tag in the whole store.
    pub tag_articles: i64,
}

/// Another story sharing tags with an article: what related reading is ranked from.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedCandidate {
    /// The story.
    pub story: StoryId,
    /// Its headline (its origin article's).
    pub title: Option<String>,
    /// Publication time of its latest article, in milliseconds since the epoch.
    pub last_published_ms: Option<i64>,
    /// Articles in it.
    pub article_count: i64,
    /// Tags it shares with the article.
    pub shared: Vec<SharedTag>,
}

/// Sources (outlets).
#[async_trait]
pub trait SourceStore: Send + Sync {
    /// Returns the id of the source with this name, creating it if needed.
    async fn ensure_source(&self, name: &str, homepage: Option<&str>) -> Result<SourceId>;
    /// Every source, by name.
    async fn list_sources(&self) -> Result<Vec<Source>>;
    /// The originality figure of a source.
    async fn source_originality(&self, source: SourceId) -> Result<Originality>;
}

/// Feeds and their health.
#[async_trait]
pub trait FeedStore: Send + Sync {
    /// Adds a feed; returns its id and whether it is new (an existing URL is kept as it is).
    async fn add_feed(
        &self,
        source: SourceId,
        url: &str,
        title: Option<&str>,
    ) -> Result<(FeedId, bool)>;
    /// Removes a feed (its articles stay); returns whether it existed.
    async fn remove_feed(&self, id: FeedId) -> Result<bool>;
    /// Pauses or resumes a feed; returns whether it exists.
    async fn set_feed_paused(&self, id: FeedId, paused: bool) -> Result<bool>;
    /// Every feed with its health.
    async fn list_feeds(&self) -> Result<Vec<Feed>>;
    /// One feed.
    async fn get_feed(&self, id: FeedId) -> Result<Option<Feed>>;
    /// Feeds not paused whose next fetch time has come.
    async fn due_feeds(&self, now: DateTime<Utc>) -> Result<Vec<FeedId>>;
    /// Records a successful fetch and queues its new items, and ends `job`, in one transaction.
    /// Returns how many article jobs were queued.
    async fn commit_feed_fetch(
        &self,
        job: Option<JobId>,
        feed: FeedId,
        ok: &FeedFetchOk,
    ) -> Result<u64>;
    /// Records a failed fetch on the feed: status, reason, error count and next fetch time.
    async fn record_feed_failure(
        &self,
        feed: FeedId,
        status: Option<u16>,
        error: &str,
        next_fetch_at: DateTime<Utc>,
    ) -> Result<()>;
}

/// Articles, their raw documents and their stories.
#[async_trait]
pub trait ArticleStore: Send + Sync {
    /// The article a URL key (canonical or alias) leads to.
    async fn article_by_url_key(&self, key: &str) -> Result<Option<ArticleId>>;
    /// Stores the document and the article, ends `job`, all in one transaction. An article
    /// whose URL key exists is not stored again. Articles with the same non-empty content key
    /// are copies: the earliest published is the original, the others point to it with
    /// `duplicate_of` (re-pointed when an earlier one arrives late), and all share its story;
    /// an original starts a story of its own.
    async fn commit_article(
        &self,
        job: Option<JobId>,
        document: &NewDocument,
        article: &NewArticle,
    ) -> Result<ArticleCommit> {
        self.commit_analyzed_article(job, document, article, &ArticleAnalysis::default())
            .await
    }
    /// As [`ArticleStore::commit_article`], with the analysis' decisions: a near-copy found by
    /// the pipeline points to the root of its original's group (exact content key matches
    /// still win, and the earliest published member stays the root), a copy always joins its
    /// original's story whatever `analysis.story` says, a non-copy joins `analysis.story` or
    /// starts a new story, and tags and the signature are stored, all in one transaction.
    async fn commit_analyzed_article(
        &self,
        job: Option<JobId>,
        document: &NewDocument,
        article: &NewArticle,
        analysis: &ArticleAnalysis,
    ) -> Result<ArticleCommit>;
    /// Makes the groups of copies of articles `a` and `b` one, when they were stored apart:
    /// two processes that each stored a copy of one wire story at the same moment could not
    /// see each other's. The earlier published of the two roots stays the root; the other
    /// group's members point to it and move to its story, whose figures and those of the story
    /// they left are recomputed (a story left empty is deleted). Returns the root when groups
    /// were joined, `None` when they were already one or an article does not exist.
    async fn join_copies(&self, a: ArticleId, b: ArticleId) -> Result<Option<ArticleId>>;
    /// Articles ingested at or after `since_ms` (milliseconds since the epoch), with ids above
    /// `after`, in id order, at most `limit`: the window the pipeline's analysis state is
    /// warmed from, read a page at a time. (An article published in the window was ingested
    /// in it; a page backfilled with an old date is included, as it is news to the index.)
    /// An article whose digest is of `digest_version` comes with it instead of its text.
    async fn recent_articles(
        &self,
        since_ms: i64,
        after: ArticleId,
        limit: i64,
        digest_version: i64,
    ) -> Result<Vec<RecentArticle>>;
    /// As [`ArticleStore::changed_articles`], the analysis' view of the articles stored or
    /// changed after `after`: how a worker learns what other processes stored.
    /// Digests as in [`ArticleStore::recent_articles`].
    async fn recent_changes(
        &self,
        after: ChangePosition,
        limit: i64,
        digest_version: i64,
    ) -> Result<Vec<(ChangePosition, RecentArticle)>>;
    /// A position that every change not yet visible to a reader will come after: a process
    /// that takes it, then reads the store, and then follows changes from it misses nothing.
    async fn change_horizon(&self) -> Result<ChangePosition>;
    /// The tags of an article, most important first.
    async fn article_tags(&self, id: ArticleId) -> Result<Vec<Tag>>;
    /// The tag names of the articles `ids`, each article's most important first, grouped by
    /// article in id order: one query for a page of articles.
    async fn tag_names_of(&self, ids: &[ArticleId]) -> Result<Vec<(ArticleId, String)>>;
    /// The stories other than the article's own that share its `tags` most important tags,
    /// found among the `per_tag` most recent articles of each tag.
    async fn related_candidates(
        &self,
        id: ArticleId,
        tags: i64,
        per_tag: i64,
    ) -> Result<Vec<RelatedCandidate>>;
    /// Keeps a document whose extraction failed, so that no fetched byte is lost.
    async fn save_document(&self, document: &NewDocument) -> Result<()>;
    /// One article.
    async fn get_article(&self, id: ArticleId) -> Result<Option<Article>>;
    /// Newest articles first (by publication time, then id).
    async fn latest_articles(&self, limit: i64, offset: i64) -> Result<Vec<ArticleSummary>>;
    /// Articles with ids above `after`, in id order, for export and reprocessing.
    async fn articles_after(&self, after: ArticleId, limit: i64) -> Result<Vec<Article>>;
    /// Articles stored or changed after position `after`, in change order, at most `limit`,
    /// each with its position: what a follower of the store (a search index) reads. A
    /// follower that records the last position it read and asks again from there sees every
    /// later change, however many processes write at once (see the 0005 migrations).
    async fn changed_articles(
        &self,
        after: ChangePosition,
        limit: i64,
    ) -> Result<Vec<(ChangePosition, Article)>>;
    /// Number of stored articles.
    async fn count_articles(&self) -> Result<i64>;
    /// Number of stored articles that are copies of another.
    async fn count_duplicates(&self) -> Result<i64>;
    /// Number of stories.
    async fn count_stories(&self) -> Result<i64>;
    /// The raw bytes of an article's document, decompressed.
    async fn document_body(&self, article: ArticleId) -> Result<Option<Vec<u8>>>;
}

/// The persistent job queue.
#[async_trait]
pub trait JobQueue: Send + Sync {
    /// Queues a job; returns false when a job with its dedup key already exists.
    async fn enqueue(&self, job: &NewJob) -> Result<bool>;
    /// Claims up to `limit` ready jobs for `worker` with a lease until `lease_until`: lowest
    /// ordinal first, then oldest. Returned in that order.
    async fn claim_many(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Job>>;
    /// Claims the next ready job, as [`JobQueue::claim_many`] with a limit of one.
    async fn claim(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<Job>> {
        Ok(self
            .claim_many(worker, now, lease_until, 1)
            .await?
            .into_iter()
            .next())
    }
    /// Ends a job that succeeded without another commit to carry it.
    async fn complete(&self, job: JobId) -> Result<()>;
    /// Records a failed attempt: requeued at `retry_at`, or failed for good when `None`.
    async fn fail(&self, job: JobId, error: &str, retry_at: Option<DateTime<Utc>>) -> Result<()>;
    /// Ends a job whose page turned out not to be wanted (a listing page): kept as `skipped`
    /// with the reason, so that its URL is not queued again.
    async fn skip(&self, job: JobId, reason: &str) -> Result<()>;
    /// Frees every lease. Only for a process that holds the data directory's worker lock,
    /// which proves that every other lease belongs to a dead process.
    async fn release_all_leases(&self) -> Result<u64>;
    /// Makes every queued job that waits for a later time ready at `now` (a one-shot crawl
    /// does not wait out backoffs left by an earlier run). Returns how many moved.
    async fn make_waiting_ready(&self, now: DateTime<Utc>) -> Result<u64>;
    /// Counts by state at `now`.
    async fn job_counts(&self, now: DateTime<Utc>) -> Result<JobCounts>;
    /// Whether any job is still queued (ready, running or waiting): one probe of the queue's
    /// index, where [`JobStore::job_counts`] reads every job.
    async fn has_queued_jobs(&self) -> Result<bool>;
    /// Jobs that failed for good, newest first, with their feed and error.
    async fn failed_jobs(&self, limit: i64) -> Result<Vec<(JobId, Option<FeedId>, String)>>;
    /// Gives back a claimed job that never ran (a worker stopping with jobs in hand): its
    /// lease is freed and the claim's attempt is not counted.
    async fn release(&self, job: JobId) -> Result<()>;
}

/// Everything the pipeline and the web need from a backend.
pub trait Store: SourceStore + FeedStore + ArticleStore + JobQueue + SiteStore {}
impl<T: SourceStore + FeedStore + ArticleStore + JobQueue + SiteStore> Store for T {}
