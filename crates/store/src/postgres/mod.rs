//! The PostgreSQL backend: one connection pool per process, shared by any number of worker and
//! web processes on any number of machines.
//!
//! The SQL is the SQLite backend's wherever the dialects agree. Where they differ: the job
//! queue claims under `FOR UPDATE SKIP LOCKED`, an article's URL key is settled by its unique
//! index (`ON CONFLICT DO NOTHING`, then the winner is read), commits of exact copies are
//! serialized by an advisory lock on their content key, and list parameters are arrays.

mod copy;
mod site;

pub use copy::{CopyReport, copy_sqlite_to_postgres};

use crate::migrate::Migration;
use crate::sql::*;
use crate::{
    ArticleAnalysis, ArticleCommit, ArticleStore, ChangePosition, FeedFetchOk, FeedStore, ItemJob,
    Job, JobCounts, JobQueue, NewDocument, NewJob, Originality, RecentArticle, RelatedCandidate,
    Result, SharedTag, SourceStore, StoreError, Tag,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use marsad_model::{
    Article, ArticleId, ArticleSummary, Feed, FeedId, FeedKind, JobId, JobKind, NewArticle,
    Precision, RelatedLink, Source, SourceId, StoryId,
};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{ConnectOptions, Connection, Postgres, Row, Transaction};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The PostgreSQL migrations, in order; their numbers match the SQLite migrations that make
/// the same schema. A released migration is never edited: add a new file.
pub const POSTGRES_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init.sql",
        sql: include_str!("../../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_job_ordinal.sql",
        sql: include_str!("../../migrations/postgres/0002_job_ordinal.sql"),
    },
    Migration {
        version: 3,
        name: "0003_analysis.sql",
        sql: include_str!("../../migrations/postgres/0003_analysis.sql"),
    },
    Migration {
        version: 4,
        name: "0004_site.sql",
        sql: include_str!("../../migrations/postgres/0004_site.sql"),
    },
    Migration {
        version: 5,
        name: "0005_change_seq.sql",
        sql: include_str!("../../migrations/postgres/0005_change_seq.sql"),
    },
    Migration {
        version: 6,
        name: "0006_tag_link.sql",
        sql: include_str!("../../migrations/postgres/0006_tag_link.sql"),
    },
    Migration {
        version: 7,
        name: "0007_digest.sql",
        sql: include_str!("../../migrations/postgres/0007_digest.sql"),
    },
    Migration {
        version: 8,
        name: "0008_compression.sql",
        sql: include_str!("../../migrations/postgres/0008_compression.sql"),
    },
    Migration {
        version: 9,
        name: "0009_content_key_order.sql",
        sql: include_str!("../../migrations/postgres/0009_content_key_order.sql"),
    },
    Migration {
        version: 10,
        name: "0010_commit_function.sql",
        sql: include_str!("../../migrations/postgres/0010_commit_function.sql"),
    },
    Migration {
        version: 11,
        name: "0011_generic_plans.sql",
        sql: include_str!("../../migrations/postgres/0011_generic_plans.sql"),
    },
    Migration {
        version: 12,
        name: "0012_write_costs.sql",
        sql: include_str!("../../migrations/postgres/0012_write_costs.sql"),
    },
];

/// First key of the advisory lock that serializes migrations of one database.
const MIGRATION_LOCK: i64 = 0x6d61_7273_6164_0001;

/// First key of the advisory locks on content keys (the second is the key's hash).
const CONTENT_LOCK: i32 = 0x6d72_0002;

/// The advisory lock that serializes joins of copy groups ([`ArticleStore::join_copies`]):
/// they are rare, and one at a time cannot deadlock with another.
const JOIN_LOCK: i64 = 0x6d61_7273_6164_0003;

/// The SQLSTATE `marsad_commit_article` raises when another worker stored the article's URL
/// key first.
const URL_KEY_LOST: &str = "MR001";

/// One call of `marsad_commit_article` (migration 0010), its parameters in its order.
const COMMIT_ARTICLE: &str = "SELECT r_outcome, r_article, r_original, r_story, r_tags
    FROM marsad_commit_article($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
        $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33,
        $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45)";

/// Attempts of a transaction that PostgreSQL aborted for a deadlock or a serialization failure.
const TRANSACTION_ATTEMPTS: usize = 4;

/// How to reach a PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgConfig {
    /// `postgres://user:password@host:port/database`.
    pub url: String,
    /// Connections in this process's pool.
    pub max_connections: u32,
    /// Longest a statement may run before the server cancels it (set on every connection).
    pub statement_timeout: Duration,
    /// Longest to wait for a connection, at start and from the pool.
    pub connect_timeout: Duration,
    /// The schema to use instead of `public` (created if missing): lets tests and several
    /// installations share one database. Letters, digits and `_` only.
    pub schema: Option<String>,
}

impl PgConfig {
    /// The defaults for `url`: 16 connections, 60 s statement timeout, 10 s connect timeout.
    pub fn new(url: impl Into<String>) -> PgConfig {
        PgConfig {
            url: url.into(),
            max_connections: 16,
            statement_timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            schema: None,
        }
    }
}

/// `url` with its password replaced by `***`, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let user_info = &authority[..at];
    match user_info.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &user_info[..colon],
            &rest[at..]
        ),
        None => url.to_string(),
    }
}

/// The PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Tag-count increments not yet written ([`PgStore::count_tags`]).
    tag_counts: Arc<Mutex<HashMap<i64, i64>>>,
}

/// How long a tag-count increment waits to be written with the others of its second.
const TAG_COUNT_DELAY: Duration = Duration::from_secs(1);

/// Whether PostgreSQL aborted the transaction for a deadlock (40P01) or a serialization
/// failure (40001): the transaction did nothing and may simply run again.
fn is_retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Database(sqlx::Error::Database(db)) => {
            matches!(db.code().as_deref(), Some("40P01" | "40001"))
        }
        _ => false,
    }
}

impl PgStore {
    /// Connects, creates the schema if one is configured, and applies pending migrations. An
    /// unreachable server is reported with the URL (password hidden) within the connect timeout.
    pub async fn open(config: &PgConfig) -> Result<PgStore> {
        let store = PgStore::connect(config).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without migrating (for `marsad copy`'s checks and for tools).
    pub async fn connect(config: &PgConfig) -> Result<PgStore> {
        let shown = redact_url(&config.url);
        let mut options: PgConnectOptions =
            config
                .url
                .parse()
                .map_err(|e: sqlx::Error| StoreError::BadUrl {
                    url: shown.clone(),
                    detail: e.to_string(),
                })?;
        // A transaction left open (a stalled client) would also hold back every follower of
        // the store (see migration 0005): it is ended as a statement would be.
        let timeout = config.statement_timeout.as_millis().to_string();
        let mut parameters = vec![
            ("statement_timeout", timeout.clone()),
            ("idle_in_transaction_session_timeout", timeout),
        ];
        if let Some(schema) = &config.schema {
            if schema.is_empty()
                || !schema
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StoreError::BadUrl {
                    url: shown,
                    detail: format!("schema name {schema:?} is not letters, digits and _"),
                });
            }
            parameters.push(("search_path", schema.clone()));
        }
        options = options
            .options(parameters)
            .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(5));
        // One connection first, so that an unreachable server is reported with its cause
        // (refused, unknown host, bad password) rather than as a pool timeout.
        let unreachable = |source| StoreError::Unreachable {
            url: shown.clone(),
            source,
        };
        match tokio::time::timeout(config.connect_timeout, options.connect()).await {
            Ok(Ok(connection)) => connection.close().await.map_err(unreachable)?,
            Ok(Err(e)) => return Err(unreachable(e)),
            Err(_) => return Err(unreachable(sqlx::Error::PoolTimedOut)),
        }
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections.max(1))
            .acquire_timeout(config.connect_timeout)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Unreachable {
                url: shown.clone(),
                source,
            })?;
        if let Some(schema) = &config.schema {
            // Validated above: letters, digits and `_` only.
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .execute(&pool)
            .await?;
        }
        Ok(PgStore {
            pool,
            tag_counts: Arc::default(),
        })
    }

    /// Applies pending migrations; returns the versions applied. Processes starting at once
    /// migrate one after the other (an advisory lock), and each migration is one transaction.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        let known = POSTGRES_MIGRATIONS.last().map_or(0, |m| m.version);
        let mut applied = Vec::new();
        loop {
            let mut tx = self.pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *tx)
                .await?;
            sqlx::raw_sql(
                "CREATE TABLE IF NOT EXISTS schema_migration (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at BIGINT NOT NULL)",
            )
            .execute(&mut *tx)
            .await?;
            let current: i64 =
                sqlx::query("SELECT COALESCE(MAX(version), 0)::BIGINT AS v FROM schema_migration")
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("v")?;
            if current > known {
                return Err(StoreError::SchemaTooNew {
                    found: current,
                    known,
                });
            }
            let Some(m) = POSTGRES_MIGRATIONS.iter().find(|m| m.version > current) else {
                tx.commit().await?;
                return Ok(applied);
            };
            let wrap = |source| StoreError::Migration {
                version: m.version,
                name: m.name,
                source,
            };
            sqlx::raw_sql(sqlx::AssertSqlSafe(m.sql))
                .execute(&mut *tx)
                .await
                .map_err(wrap)?;
            sqlx::query(
                "INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(ms(Utc::now()))
            .execute(&mut *tx)
            .await
            .map_err(wrap)?;
            tx.commit().await.map_err(wrap)?;
            applied.push(m.version);
        }
    }

    /// The schema version of the database.
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COALESCE(MAX(version), 0)::BIGINT AS v FROM schema_migration")
                .fetch_one(&self.pool)
                .await?
                .try_get("v")?,
        )
    }

    /// Writes the pending tag counts, then closes the pool.
    pub async fn close(&self) {
        self.settle_tag_counts().await;
        self.pool.close().await;
    }

    /// The connection pool, for `marsad copy` and for tests.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

pub(crate) const FEED_COLUMNS: &str = "f.id, f.source_id, s.name AS source_name, f.url, f.title,
    f.kind, f.etag, f.last_modified, f.interval_secs, f.next_fetch_at, f.error_count,
    f.last_status, f.last_error, f.last_fetch_at, f.last_ok_at, f.items_seen, f.paused,
    (SELECT COUNT(*) FROM article a WHERE a.feed_id = f.id) AS article_count,
    (SELECT COUNT(*) FROM job j WHERE j.feed_id = f.id AND j.state = 'failed') AS failed_items";

pub(crate) fn feed_from_row(r: &PgRow) -> Result<Feed> {
    Ok(Feed {
        id: FeedId(r.try_get("id")?),
        source_id: SourceId(r.try_get("source_id")?),
        source_name: r.try_get("source_name")?,
        url: r.try_get("url")?,
        title: r.try_get("title")?,
        kind: r
            .try_get::<Option<String>, _>("kind")?
            .as_deref()
            .and_then(FeedKind::parse),
        etag: r.try_get("etag")?,
        last_modified: r.try_get("last_modified")?,
        interval_secs: r.try_get("interval_secs")?,
        next_fetch_at: from_ms(r.try_get("next_fetch_at")?),
        error_count: r.try_get("error_count")?,
        last_status: r.try_get("last_status")?,
        last_error: r.try_get("last_error")?,
        last_fetch_at: opt_ms(r.try_get("last_fetch_at")?),
        last_ok_at: opt_ms(r.try_get("last_ok_at")?),
        items_seen: r.try_get("items_seen")?,
        article_count: r.try_get("article_count")?,
        failed_items: r.try_get("failed_items")?,
        paused: r.try_get::<i64, _>("paused")? != 0,
    })
}

fn article_from_row(r: &PgRow) -> Result<Article> {
    Ok(Article {
        id: ArticleId(r.try_get("id")?),
        source_name: r.try_get("source_name")?,
        fields: NewArticle {
            source_id: SourceId(r.try_get("source_id")?),
            feed_id: r.try_get::<Option<i64>, _>("feed_id")?.map(FeedId),
            url: r.try_get("url")?,
            canonical_url: r.try_get("canonical_url")?,
            url_key: r.try_get("url_key")?,
            alias_keys: Vec::new(),
            title: r.try_get("title")?,
            description: r.try_get("description")?,
            authors: json_vec("article.authors", &r.try_get::<String, _>("authors")?)?,
            published_at: opt_ms(r.try_get("published_at")?),
            published_offset: r.try_get("published_offset")?,
            published_precision: r
                .try_get::<Option<String>, _>("published_precision")?
                .as_deref()
                .and_then(Precision::parse),
            updated_at: opt_ms(r.try_get("updated_at")?),
            lang: r.try_get("lang")?,
            dir: r.try_get("dir")?,
            text: r.try_get("text")?,
            html_sanitized: r.try_get("html_sanitized")?,
            image: r.try_get("image")?,
            credit: r.try_get("credit")?,
            page_tags: json_vec("article.page_tags", &r.try_get::<String, _>("page_tags")?)?,
            related_links: json_vec::<RelatedLink>(
                "article.related_links",
                &r.try_get::<String, _>("related_links")?,
            )?,
            site_name: r.try_get("site_name")?,
            extractor_version: r.try_get("extractor_version")?,
            content_key: r.try_get("content_key")?,
        },
        duplicate_of: r.try_get::<Option<i64>, _>("duplicate_of")?.map(ArticleId),
        story_id: r.try_get::<Option<i64>, _>("story_id")?.map(StoryId),
        ingested_at: from_ms(r.try_get("ingested_at")?),
    })
}

fn job_from_row(r: &PgRow) -> Result<Job> {
    let kind: String = r.try_get("kind")?;
    let payload: String = r.try_get("payload")?;
    Ok(Job {
        id: JobId(r.try_get("id")?),
        kind: JobKind::parse(&kind).ok_or_else(|| StoreError::Corrupt {
            what: "job.kind",
            detail: kind.clone(),
        })?,
        payload: serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt {
            what: "job.payload",
            detail: e.to_string(),
        })?,
        feed_id: r.try_get::<Option<i64>, _>("feed_id")?.map(FeedId),
        attempts: r.try_get("attempts")?,
        max_attempts: r.try_get("max_attempts")?,
    })
}

/// Queues `job` unless a job with its key is queued already; returns whether it was queued.
async fn insert_job(
    tx: &mut Transaction<'static, Postgres>,
    job: &NewJob,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO job (kind, payload, dedup_key, feed_id, run_at, max_attempts, ordinal,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $8, $7, $7)
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(job.kind.as_str())
    .bind(job.payload.to_string())
    .bind(job.dedup_key.as_deref())
    .bind(job.feed_id.map(|f| f.0))
    .bind(ms(job.run_at))
    .bind(job.max_attempts)
    .bind(now)
    .bind(job.ordinal)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Queues the article jobs of one fetch, in the given order, by one statement: a feed or
/// sitemap lists up to thousands of items, and a statement per item made the items' jobs
/// the largest share of the server's statements after the article commits. An item whose
/// URL key is stored is skipped, and so is a job whose key is queued already (by another
/// fetch, or earlier in `items`). Returns how many were queued.
async fn insert_item_jobs(
    tx: &mut Transaction<'static, Postgres>,
    items: &[&ItemJob],
    now: i64,
) -> Result<u64> {
    if items.is_empty() {
        return Ok(0);
    }
    let done = sqlx::query(
        "INSERT INTO job (kind, payload, dedup_key, feed_id, run_at, max_attempts, ordinal,
            created_at, updated_at)
         SELECT j.kind, j.payload, j.dedup_key, j.feed_id, j.run_at, j.max_attempts, j.ordinal,
            $9, $9
         FROM UNNEST($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::BIGINT[], $5::BIGINT[],
                $6::BIGINT[], $7::BIGINT[], $8::TEXT[])
             WITH ORDINALITY AS j(kind, payload, dedup_key, feed_id, run_at, max_attempts,
                ordinal, url_key, n)
         WHERE NOT EXISTS (SELECT 1 FROM article_url u WHERE u.url_key = j.url_key)
         ORDER BY j.n
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(column(items, |i| i.job.kind.as_str()))
    .bind(column(items, |i| i.job.payload.to_string()))
    .bind(column(items, |i| i.job.dedup_key.as_deref()))
    .bind(column(items, |i| i.job.feed_id.map(|f| f.0)))
    .bind(column(items, |i| ms(i.job.run_at)))
    .bind(column(items, |i| i.job.max_attempts))
    .bind(column(items, |i| i.job.ordinal))
    .bind(column(items, |i| i.url_key.as_str()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// One field of every item, as the array `UNNEST` reads it as a column.
fn column<'a, T>(items: &[&'a ItemJob], field: impl Fn(&'a ItemJob) -> T) -> Vec<T> {
    items.iter().map(|&i| field(i)).collect()
}

async fn delete_job(tx: &mut Transaction<'static, Postgres>, job: Option<JobId>) -> Result<()> {
    if let Some(job) = job {
        sqlx::query("DELETE FROM job WHERE id = $1")
            .bind(job.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl SourceStore for PgStore {
    async fn ensure_source(&self, name: &str, homepage: Option<&str>) -> Result<SourceId> {
        let row = sqlx::query(
            "INSERT INTO source (name, homepage, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET homepage = COALESCE(source.homepage, excluded.homepage)
             RETURNING id",
        )
        .bind(name)
        .bind(homepage)
        .bind(ms(Utc::now()))
        .fetch_one(&self.pool)
        .await?;
        Ok(SourceId(row.try_get("id")?))
    }

    async fn list_sources(&self) -> Result<Vec<Source>> {
        let rows = sqlx::query("SELECT id, name, homepage FROM source ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Source {
                    id: SourceId(r.try_get("id")?),
                    name: r.try_get("name")?,
                    homepage: r.try_get("homepage")?,
                })
            })
            .collect()
    }

    async fn source_originality(&self, source: SourceId) -> Result<Originality> {
        // A copy of the outlet's own earlier article (a re-publication) is not a copy of
        // someone else's.
        let row = sqlx::query(
            "SELECT COUNT(*) AS articles,
                COUNT(*) FILTER (WHERE o.source_id IS NOT NULL AND o.source_id <> a.source_id)
                    AS copies
             FROM article a LEFT JOIN article o ON o.id = a.duplicate_of
             WHERE a.source_id = $1",
        )
        .bind(source.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(Originality {
            articles: row.try_get("articles")?,
            copies_of_others: row.try_get("copies")?,
        })
    }
}

#[async_trait]
impl FeedStore for PgStore {
    async fn add_feed(
        &self,
        source: SourceId,
        url: &str,
        title: Option<&str>,
    ) -> Result<(FeedId, bool)> {
        let now = ms(Utc::now());
        let inserted = sqlx::query(
            "INSERT INTO feed (source_id, url, title, next_fetch_at, created_at)
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (url) DO NOTHING RETURNING id",
        )
        .bind(source.0)
        .bind(url)
        .bind(title)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = inserted {
            return Ok((FeedId(row.try_get("id")?), true));
        }
        let row = sqlx::query("SELECT id FROM feed WHERE url = $1")
            .bind(url)
            .fetch_one(&self.pool)
            .await?;
        Ok((FeedId(row.try_get("id")?), false))
    }

    async fn remove_feed(&self, id: FeedId) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        // Articles keep their place in the archive; they only lose the link to the feed.
        sqlx::query("UPDATE article SET feed_id = NULL WHERE feed_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM job WHERE feed_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM feed WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_feed_paused(&self, id: FeedId, paused: bool) -> Result<bool> {
        let done = sqlx::query("UPDATE feed SET paused = $1 WHERE id = $2")
            .bind(i64::from(paused))
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn list_feeds(&self) -> Result<Vec<Feed>> {
        let sql = format!(
            "SELECT {FEED_COLUMNS} FROM feed f JOIN source s ON s.id = f.source_id ORDER BY s.name, f.url"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(feed_from_row).collect()
    }

    async fn get_feed(&self, id: FeedId) -> Result<Option<Feed>> {
        let sql = format!(
            "SELECT {FEED_COLUMNS} FROM feed f JOIN source s ON s.id = f.source_id WHERE f.id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(feed_from_row).transpose()
    }

    async fn due_feeds(&self, now: DateTime<Utc>) -> Result<Vec<FeedId>> {
        let rows = sqlx::query(
            "SELECT id FROM feed WHERE paused = 0 AND next_fetch_at <= $1 ORDER BY next_fetch_at, id",
        )
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(FeedId(r.try_get("id")?))).collect()
    }

    async fn commit_feed_fetch(
        &self,
        job: Option<JobId>,
        feed: FeedId,
        ok: &FeedFetchOk,
    ) -> Result<u64> {
        let now = ms(Utc::now());
        let mut tx = self.pool.begin().await?;
        // Jobs go in in key order: two feeds listing the same items, fetched at once, then
        // wait for each other's keys in one order and cannot deadlock. (Claims follow each
        // job's ordinal, not the order of insertion.)
        let mut items: Vec<_> = ok.item_jobs.iter().collect();
        items.sort_by(|a, b| (&a.job.dedup_key, &a.url_key).cmp(&(&b.job.dedup_key, &b.url_key)));
        let queued = insert_item_jobs(&mut tx, &items, now).await?;
        sqlx::query(
            "UPDATE feed SET last_status = $1, etag = COALESCE($2, etag),
                last_modified = COALESCE($3, last_modified), kind = COALESCE($4, kind),
                title = COALESCE($5, title), items_seen = items_seen + $6,
                next_fetch_at = $7, error_count = 0, last_error = NULL,
                last_fetch_at = $8, last_ok_at = $8, interval_secs = $10
             WHERE id = $9",
        )
        .bind(i64::from(ok.status))
        .bind(ok.etag.as_deref())
        .bind(ok.last_modified.as_deref())
        .bind(ok.kind.map(FeedKind::as_str))
        .bind(ok.title.as_deref())
        .bind(queued as i64)
        .bind(ms(ok.next_fetch_at))
        .bind(now)
        .bind(feed.0)
        .bind(ok.interval_secs)
        .execute(&mut *tx)
        .await?;
        delete_job(&mut tx, job).await?;
        tx.commit().await?;
        Ok(queued)
    }

    async fn record_feed_failure(
        &self,
        feed: FeedId,
        status: Option<u16>,
        error: &str,
        next_fetch_at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE feed SET last_status = $1, last_error = $2, error_count = error_count + 1,
                next_fetch_at = $3, last_fetch_at = $4 WHERE id = $5",
        )
        .bind(status.map(i64::from))
        .bind(error)
        .bind(ms(next_fetch_at))
        .bind(ms(Utc::now()))
        .bind(feed.0)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// An article's tags as the columns `marsad_commit_article` takes: names, keys, kinds and
/// scores, a tag named twice once, in key order (two commits creating the same tags then wait
/// for each other in one order and cannot deadlock on them). The score keeps the analysis'
/// order: the most important tag scores highest.
fn tag_columns(tags: &[Tag]) -> (Vec<&str>, Vec<&str>, Vec<&str>, Vec<f64>) {
    let mut seen = std::collections::HashSet::new();
    let mut ranked: Vec<(usize, &Tag)> = tags
        .iter()
        .filter(|t| seen.insert(t.key.as_str()))
        .enumerate()
        .collect();
    ranked.sort_by(|a, b| a.1.key.cmp(&b.1.key));
    (
        ranked.iter().map(|(_, t)| t.name.as_str()).collect(),
        ranked.iter().map(|(_, t)| t.key.as_str()).collect(),
        ranked.iter().map(|(_, t)| t.kind.as_str()).collect(),
        ranked
            .iter()
            .map(|(rank, _)| 1.0 / (1.0 + *rank as f64))
            .collect(),
    )
}

/// Keeps a fetched document, compressed; returns its id.
async fn insert_document(
    tx: &mut Transaction<'static, Postgres>,
    d: &NewDocument,
    compressed: &[u8],
) -> Result<i64> {
    let insert = sqlx::query(
        "INSERT INTO document (url, final_url, fetched_at, status, content_type, charset, body_len, body_zstd)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    );
    let row = bind_document(insert, d, compressed)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get("id")?)
}

/// Binds a document's eight columns, in `document`'s column order, as the next parameters.
fn bind_document<'q>(
    q: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    d: &'q NewDocument,
    compressed: &'q [u8],
) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    q.bind(&d.url)
        .bind(&d.final_url)
        .bind(ms(d.fetched_at))
        .bind(i64::from(d.status))
        .bind(d.content_type.as_deref())
        .bind(d.charset.as_deref())
        .bind(d.body.len() as i64)
        .bind(compressed)
}

/// Records URL keys of an article; a key another article holds stays with it. Returns the
/// keys recorded (after waiting for any transaction recording one of them at the same time).
async fn insert_aliases(
    tx: &mut Transaction<'static, Postgres>,
    id: ArticleId,
    keys: impl Iterator<Item = &str>,
) -> Result<Vec<String>> {
    let keys: Vec<&str> = keys.collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query(
        "INSERT INTO article_url (url_key, article_id)
         SELECT k, $2 FROM UNNEST($1::TEXT[]) AS u(k)
         ON CONFLICT (url_key) DO NOTHING
         RETURNING url_key",
    )
    .bind(&keys)
    .bind(id.0)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| Ok(r.try_get("url_key")?))
    .collect()
}

/// What one attempt at storing an article found.
enum Attempt {
    /// Committed.
    Done(ArticleCommit),
    /// Another transaction stored the URL key first; this one was rolled back.
    LostRace,
}

impl PgStore {
    /// One transaction of [`ArticleStore::join_copies`]. Both roots are locked `FOR UPDATE`, in
    /// id order: a commit that is adding a copy to either holds `KEY SHARE` on it, so the join
    /// waits for it and then re-points it with its group; a commit that comes after waits for
    /// the join and follows the new root (step 3 of [`PgStore::try_commit_article`]).
    async fn try_join_copies(&self, a: ArticleId, b: ArticleId) -> Result<Option<ArticleId>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(JOIN_LOCK)
            .execute(&mut *tx)
            .await?;
        let mut roots = Vec::with_capacity(2);
        for _ in 0..TRANSACTION_ATTEMPTS {
            roots.clear();
            for id in [a, b] {
                let Some(r) = sqlx::query(ROOT_OF)
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await?
                else {
                    return Ok(None);
                };
                let root: (i64, Option<i64>, i64) =
                    (r.try_get("id")?, r.try_get("story_id")?, r.try_get("at")?);
                roots.push(root);
            }
            if roots[0].0 == roots[1].0 {
                return Ok(None);
            }
            // A commit may have displaced a root (an earlier copy arrived) before the lock.
            let ids = [roots[0].0, roots[1].0];
            let still = sqlx::query(
                "SELECT id FROM article WHERE id = ANY($1) AND duplicate_of IS NULL
                 ORDER BY id FOR UPDATE",
            )
            .bind(&ids[..])
            .fetch_all(&mut *tx)
            .await?;
            if still.len() == 2 {
                break;
            }
            roots.clear();
        }
        if roots.is_empty() {
            return Ok(None);
        }
        roots.sort_by_key(|&(id, _, at)| (at, id));
        let [(keep, keep_story, _), (gone, gone_story, _)] = [roots[0], roots[1]];
        let mut stories: Vec<i64> = [keep_story, gone_story].into_iter().flatten().collect();
        stories.sort_unstable();
        stories.dedup();
        sqlx::query("SELECT id FROM story WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
            .bind(&stories)
            .execute(&mut *tx)
            .await?;
        sqlx::query(REPOINT_GROUP)
            .bind(keep)
            .bind(gone)
            .bind(keep_story)
            .execute(&mut *tx)
            .await?;
        for &story in &stories {
            sqlx::query(STORY_REFRESH)
                .bind(story)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(s) = gone_story.filter(|&s| Some(s) != keep_story) {
            sqlx::query(DELETE_EMPTY_STORY)
                .bind(s)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(ArticleId(keep)))
    }

    /// One transaction of [`ArticleStore::commit_analyzed_article`]: one call of
    /// `marsad_commit_article` (migration 0010), which takes these steps on the server.
    ///
    /// 1. Exact copies of one wire story reaching two workers at the same moment must end in
    ///    one group and one story: an advisory lock on the content key makes the second
    ///    commit wait for the first, and its statements (each with a fresh snapshot under READ
    ///    COMMITTED) then see the first as the original.
    /// 2. One statement reads whether the URL is stored (then only the aliases are recorded),
    ///    the earliest exact copy (an empty content key means "too little text to compare":
    ///    never a copy) and whether the clusterer's story still exists.
    /// 3. An exact match wins over the pipeline's near-copy; either is followed to its group's
    ///    root (groups are flat), which is locked `FOR KEY SHARE`, the lock a copy's foreign
    ///    key takes on it anyway and which [`ArticleStore::join_copies`]' `FOR UPDATE` waits
    ///    for. A root that a join made a member meanwhile is followed to its new root.
    /// 4. The earliest published member of a group is its original: a late earlier page takes
    ///    that place, and the group is re-pointed to it after its insert. An original's story
    ///    exists (the original's foreign key holds it); the clusterer's story, if gone, is
    ///    replaced by a new one.
    /// 5. The document and the article are inserted by one statement, then the URL keys. A key
    ///    another worker stored meanwhile (as its URL or an alias) makes the function raise
    ///    MR001: the transaction is rolled back and the caller records the winner.
    /// 6. Tags are linked, creating those the article is the first to name; a tag another
    ///    transaction created meanwhile is seen by a second statement.
    /// 7. The job ends, and the story's figures take the article in. The story row is locked
    ///    only now, just before, so that the update (a fresh snapshot) sees every article
    ///    other workers committed to the story, each of which locked the row before it: the
    ///    figures stay exact. Reading only the new article and the row, and whether the story
    ///    already has the article's source, keeps the cost flat however large the story
    ///    grows. (`NO KEY UPDATE`: the foreign keys of articles being stored into the story
    ///    hold `KEY SHARE` locks on it.)
    ///
    /// A tag's count is raised after the commit ([`PgStore::count_tags`]).
    async fn try_commit_article(
        &self,
        job: Option<JobId>,
        document: &NewDocument,
        compressed: &[u8],
        a: &NewArticle,
        analysis: &ArticleAnalysis,
    ) -> Result<Attempt> {
        let (names, keys, kinds, scores) = tag_columns(&analysis.tags);
        let call = sqlx::query(COMMIT_ARTICLE)
            .bind(job.map(|j| j.0))
            .bind(&a.url_key)
            .bind(&a.alias_keys)
            .bind(&a.content_key)
            .bind(analysis.duplicate_of.map(|d| d.0))
            .bind(analysis.story.map(|s| s.0))
            .bind(a.published_at.map(ms))
            .bind(ms(Utc::now()))
            .bind(a.source_id.0)
            .bind(a.feed_id.map(|f| f.0))
            .bind(&a.url)
            .bind(&a.canonical_url)
            .bind(a.title.as_deref())
            .bind(a.description.as_deref())
            .bind(to_json(&a.authors))
            .bind(a.published_offset)
            .bind(a.published_precision.map(Precision::as_str))
            .bind(a.updated_at.map(ms))
            .bind(a.lang.as_deref())
            .bind(&a.dir)
            .bind(&a.text)
            .bind(&a.html_sanitized)
            .bind(a.image.as_deref())
            .bind(a.credit.as_deref())
            .bind(to_json(&a.page_tags))
            .bind(to_json(&a.related_links))
            .bind(a.site_name.as_deref())
            .bind(a.extractor_version)
            .bind(analysis.signature.as_deref())
            .bind(
                analysis
                    .signature
                    .as_ref()
                    .map(|_| analysis.signature_version),
            )
            .bind(analysis.digest.as_deref())
            .bind(analysis.digest.as_ref().map(|_| analysis.digest_version));
        let row = match bind_document(call, document, compressed)
            .bind(&names)
            .bind(&keys)
            .bind(&kinds)
            .bind(&scores)
            .bind(CONTENT_LOCK)
            .fetch_one(&self.pool)
            .await
        {
            Ok(row) => row,
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some(URL_KEY_LOST) => {
                return Ok(Attempt::LostRace);
            }
            Err(e) => return Err(e.into()),
        };
        let id = ArticleId(row.try_get("r_article")?);
        if row.try_get::<String, _>("r_outcome")? == "existing" {
            return Ok(Attempt::Done(ArticleCommit::Existing(id)));
        }
        self.count_tags(&row.try_get::<Vec<i64>, _>("r_tags")?);
        Ok(Attempt::Done(ArticleCommit::Inserted {
            id,
            duplicate_of: row.try_get::<Option<i64>, _>("r_original")?.map(ArticleId),
            story_id: StoryId(row.try_get("r_story")?),
        }))
    }

    /// Counts one more article under each of `tags`, after the article's commit. Inside the
    /// article's transaction the count would lock a common tag's row (a country, a ministry)
    /// until the commit, and every other article naming the tag would queue behind it, even
    /// to check that the tag exists. The increments of a second are summed in the process
    /// and written by one statement a second later ([`PgStore::settle_tag_counts`]): one row
    /// version per tag and second instead of one per article, and one statement instead of
    /// one per article. Counts therefore trail the articles by about a second, and a process
    /// that dies loses its last second of increments; a count orders tag lists, it is not the
    /// article list, and this process's own tag reads settle its increments first.
    fn count_tags(&self, tags: &[i64]) {
        if tags.is_empty() {
            return;
        }
        let first = {
            let mut pending = self.tag_counts.lock().unwrap_or_else(|p| p.into_inner());
            let first = pending.is_empty();
            for &t in tags {
                *pending.entry(t).or_default() += 1;
            }
            first
        };
        if first {
            // The first increment of a batch schedules its write, tried again a second later
            // for as long as it fails.
            let store = self.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(TAG_COUNT_DELAY).await;
                    if store.settle_tag_counts().await {
                        break;
                    }
                }
            });
        }
    }

    /// Writes the pending tag-count increments in one statement, rows locked in id order
    /// (which two statements cannot take in opposite orders). Increments that fail to be
    /// written are kept for the next attempt; returns false then.
    pub(crate) async fn settle_tag_counts(&self) -> bool {
        let batch: Vec<(i64, i64)> = {
            let mut pending = self.tag_counts.lock().unwrap_or_else(|p| p.into_inner());
            let mut batch: Vec<(i64, i64)> = pending.drain().collect();
            batch.sort_unstable();
            batch
        };
        if batch.is_empty() || self.pool.is_closed() {
            return true;
        }
        let (ids, deltas): (Vec<i64>, Vec<i64>) = batch.iter().copied().unzip();
        let written = sqlx::query(
            "UPDATE tag SET article_count = tag.article_count + l.delta
             FROM (SELECT tag.id, u.delta FROM tag JOIN UNNEST($1::BIGINT[], $2::BIGINT[])
                    AS u(id, delta) ON u.id = tag.id
                   ORDER BY tag.id FOR NO KEY UPDATE OF tag) AS l
             WHERE tag.id = l.id",
        )
        .bind(&ids)
        .bind(&deltas)
        .execute(&self.pool)
        .await;
        let Err(e) = written else {
            return true;
        };
        tracing::warn!(tags = batch.len(), error = %e, "could not write tag counts; kept for the next attempt");
        let mut pending = self.tag_counts.lock().unwrap_or_else(|p| p.into_inner());
        for (t, d) in batch {
            *pending.entry(t).or_default() += d;
        }
        false
    }

    /// Records `a`'s aliases on the article that won its URL key, and ends `job`.
    async fn commit_existing(&self, job: Option<JobId>, a: &NewArticle) -> Result<ArticleCommit> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query(
            "SELECT COALESCE(
                (SELECT article_id FROM article_url WHERE url_key = $1),
                (SELECT id FROM article WHERE url_key = $1)) AS id",
        )
        .bind(&a.url_key)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<Option<i64>, _>("id")?
        .ok_or_else(|| StoreError::Corrupt {
            what: "article_url",
            detail: format!("the winner of URL key {:?} is gone", a.url_key),
        })?;
        let id = ArticleId(id);
        insert_aliases(&mut tx, id, a.alias_keys.iter().map(String::as_str)).await?;
        delete_job(&mut tx, job).await?;
        tx.commit().await?;
        Ok(ArticleCommit::Existing(id))
    }
}

/// A `RecentArticle` read with `RECENT_COLUMNS`, and its change position.
fn recent_from_row(r: &PgRow) -> Result<(ChangePosition, RecentArticle)> {
    let bytes: Option<Vec<u8>> = r.try_get("minhash")?;
    let version: Option<i64> = r.try_get("minhash_version")?;
    let id = ArticleId(r.try_get("id")?);
    let position = ChangePosition {
        seq: r.try_get("change_seq")?,
        id,
    };
    Ok((
        position,
        RecentArticle {
            id,
            title: r.try_get("title")?,
            text: r.try_get("text")?,
            digest: r.try_get("digest")?,
            published_ms: r.try_get("published_at")?,
            ingested_ms: r.try_get("ingested_at")?,
            signature: bytes.zip(version),
            duplicate_of: r.try_get::<Option<i64>, _>("duplicate_of")?.map(ArticleId),
            story_id: r.try_get::<Option<i64>, _>("story_id")?.map(StoryId),
        },
    ))
}

#[async_trait]
impl ArticleStore for PgStore {
    async fn article_by_url_key(&self, key: &str) -> Result<Option<ArticleId>> {
        let row = sqlx::query("SELECT article_id FROM article_url WHERE url_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .map(|r| r.try_get::<i64, _>("article_id"))
            .transpose()?
            .map(ArticleId))
    }

    async fn commit_analyzed_article(
        &self,
        job: Option<JobId>,
        document: &NewDocument,
        a: &NewArticle,
        analysis: &ArticleAnalysis,
    ) -> Result<ArticleCommit> {
        let compressed = compress(document)?;
        let mut attempt = 1;
        loop {
            match self
                .try_commit_article(job, document, &compressed, a, analysis)
                .await
            {
                Ok(Attempt::Done(commit)) => return Ok(commit),
                Ok(Attempt::LostRace) => return self.commit_existing(job, a).await,
                Err(e) if attempt < TRANSACTION_ATTEMPTS && is_retryable(&e) => {
                    tracing::debug!(attempt, "article commit retried after {e}");
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn join_copies(&self, a: ArticleId, b: ArticleId) -> Result<Option<ArticleId>> {
        // Both processes that stored two copies apart find the pair, and the second finds
        // them joined: most requests have nothing to do. Groups are never split, so a pair
        // seen in one group now stays in it, and the answer needs no transaction or lock.
        let apart: Option<bool> = sqlx::query_scalar(
            "SELECT COALESCE(x.duplicate_of, x.id) <> COALESCE(y.duplicate_of, y.id)
             FROM article x, article y WHERE x.id = $1 AND y.id = $2",
        )
        .bind(a.0)
        .bind(b.0)
        .fetch_optional(&self.pool)
        .await?;
        if apart != Some(true) {
            return Ok(None);
        }
        let mut attempt = 1;
        loop {
            match self.try_join_copies(a, b).await {
                Err(e) if attempt < TRANSACTION_ATTEMPTS && is_retryable(&e) => attempt += 1,
                other => return other,
            }
        }
    }

    async fn recent_articles(
        &self,
        since_ms: i64,
        after: ArticleId,
        limit: i64,
        digest_version: i64,
    ) -> Result<Vec<RecentArticle>> {
        // As on SQLite: ids grow with ingestion, so the window starts at the first article
        // ingested in it.
        let sql = format!(
            "SELECT {RECENT_COLUMNS} FROM article
             WHERE id > $1
                AND id >= (SELECT MIN(id) FROM article WHERE ingested_at >= $2)
                AND ingested_at >= $2
             ORDER BY id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after.0)
            .bind(since_ms)
            .bind(limit)
            .bind(digest_version)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(recent_from_row(r)?.1)).collect()
    }

    async fn recent_changes(
        &self,
        after: ChangePosition,
        limit: i64,
        digest_version: i64,
    ) -> Result<Vec<(ChangePosition, RecentArticle)>> {
        let sql = format!(
            "SELECT {RECENT_COLUMNS} FROM article
             WHERE (change_seq, id) > ($1, $2)
                AND change_seq < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
             ORDER BY change_seq, id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after.seq)
            .bind(after.id.0)
            .bind(limit)
            .bind(digest_version)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(recent_from_row).collect()
    }

    async fn change_horizon(&self) -> Result<ChangePosition> {
        // Transactions below the snapshot's xmin have ended; the rest write at or above it.
        let seq: i64 =
            sqlx::query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS seq")
                .fetch_one(&self.pool)
                .await?
                .try_get("seq")?;
        Ok(ChangePosition {
            seq,
            id: ArticleId(0),
        })
    }

    async fn article_tags(&self, id: ArticleId) -> Result<Vec<Tag>> {
        let rows = sqlx::query(
            "SELECT t.name, t.key, t.kind FROM article_tag x JOIN tag t ON t.id = x.tag_id
             WHERE x.article_id = $1 ORDER BY x.score DESC, t.id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Tag {
                    name: r.try_get("name")?,
                    key: r.try_get("key")?,
                    kind: r.try_get("kind")?,
                })
            })
            .collect()
    }

    async fn tag_names_of(&self, ids: &[ArticleId]) -> Result<Vec<(ArticleId, String)>> {
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        let rows = sqlx::query(
            "SELECT x.article_id, t.name FROM article_tag x JOIN tag t ON t.id = x.tag_id
             WHERE x.article_id = ANY($1)
             ORDER BY x.article_id, x.score DESC, t.id",
        )
        .bind(&ids)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((ArticleId(r.try_get("article_id")?), r.try_get("name")?)))
            .collect()
    }

    async fn related_candidates(
        &self,
        id: ArticleId,
        tags: i64,
        per_tag: i64,
    ) -> Result<Vec<RelatedCandidate>> {
        // This process's own increments are written before its tag counts are read.
        self.settle_tag_counts().await;
        let own: Option<i64> = sqlx::query("SELECT story_id FROM article WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get("story_id"))
            .transpose()?
            .flatten();
        let mine = sqlx::query(
            "SELECT t.id, t.key, x.score, t.article_count FROM article_tag x
             JOIN tag t ON t.id = x.tag_id
             WHERE x.article_id = $1 ORDER BY x.score DESC, t.id LIMIT $2",
        )
        .bind(id.0)
        .bind(tags)
        .fetch_all(&self.pool)
        .await?;
        let mut found: Vec<RelatedCandidate> = Vec::new();
        let mut at: HashMap<i64, usize> = HashMap::new();
        for tag in &mine {
            let rows = sqlx::query(
                "SELECT a.story_id, COUNT(*) AS n FROM
                    (SELECT article_id FROM article_tag WHERE tag_id = $1
                     ORDER BY article_id DESC LIMIT $2) r
                 JOIN article a ON a.id = r.article_id
                 WHERE a.story_id IS NOT NULL AND a.story_id IS DISTINCT FROM $3
                 GROUP BY a.story_id",
            )
            .bind(tag.try_get::<i64, _>("id")?)
            .bind(per_tag)
            .bind(own)
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                let story: i64 = r.try_get("story_id")?;
                let i = *at.entry(story).or_insert_with(|| {
                    found.push(RelatedCandidate {
                        story: StoryId(story),
                        title: None,
                        last_published_ms: None,
                        article_count: 0,
                        shared: Vec::new(),
                    });
                    found.len() - 1
                });
                found[i].shared.push(SharedTag {
                    key: tag.try_get("key")?,
                    score: tag.try_get("score")?,
                    story_articles: r.try_get("n")?,
                    tag_articles: tag.try_get("article_count")?,
                });
            }
        }
        if found.is_empty() {
            return Ok(found);
        }
        let ids: Vec<i64> = found.iter().map(|c| c.story.0).collect();
        let rows = sqlx::query(
            "SELECT id, title, last_published_at, article_count FROM story WHERE id = ANY($1)",
        )
        .bind(&ids)
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let c = &mut found[at[&r.try_get::<i64, _>("id")?]];
            c.title = r.try_get("title")?;
            c.last_published_ms = r.try_get("last_published_at")?;
            c.article_count = r.try_get("article_count")?;
        }
        Ok(found)
    }

    async fn save_document(&self, document: &NewDocument) -> Result<()> {
        let compressed = compress(document)?;
        let mut tx = self.pool.begin().await?;
        insert_document(&mut tx, document, &compressed).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_article(&self, id: ArticleId) -> Result<Option<Article>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM article a JOIN source s ON s.id = a.source_id WHERE a.id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(article_from_row).transpose()
    }

    async fn latest_articles(&self, limit: i64, offset: i64) -> Result<Vec<ArticleSummary>> {
        let rows = sqlx::query(
            "SELECT a.id, a.title, a.description, s.name AS source_name, a.published_at,
                a.published_offset, a.dir, a.lang, a.duplicate_of
             FROM article a JOIN source s ON s.id = a.source_id
             ORDER BY COALESCE(a.published_at, a.ingested_at) DESC, a.id DESC
             LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ArticleSummary {
                    id: ArticleId(r.try_get("id")?),
                    title: r.try_get("title")?,
                    description: r.try_get("description")?,
                    source_name: r.try_get("source_name")?,
                    published_at: opt_ms(r.try_get("published_at")?),
                    published_offset: r.try_get("published_offset")?,
                    dir: r.try_get("dir")?,
                    lang: r.try_get("lang")?,
                    duplicate_of: r.try_get::<Option<i64>, _>("duplicate_of")?.map(ArticleId),
                })
            })
            .collect()
    }

    async fn articles_after(&self, after: ArticleId, limit: i64) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM article a JOIN source s ON s.id = a.source_id
             WHERE a.id > $1 ORDER BY a.id LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after.0)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(article_from_row).collect()
    }

    async fn changed_articles(
        &self,
        after: ChangePosition,
        limit: i64,
    ) -> Result<Vec<(ChangePosition, Article)>> {
        // Rows of transactions at or above the snapshot's xmin may sit beside rows of a lower
        // sequence that are not committed yet: they wait for a later pass (see migration 0005).
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, a.change_seq FROM article a JOIN source s ON s.id = a.source_id
             WHERE (a.change_seq, a.id) > ($1, $2)
               AND a.change_seq < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
             ORDER BY a.change_seq, a.id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after.seq)
            .bind(after.id.0)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let article = article_from_row(r)?;
                let position = ChangePosition {
                    seq: r.try_get("change_seq")?,
                    id: article.id,
                };
                Ok((position, article))
            })
            .collect()
    }

    async fn count_articles(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM article")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    async fn count_duplicates(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COUNT(*) AS n FROM article WHERE duplicate_of IS NOT NULL")
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?,
        )
    }

    async fn count_stories(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM story")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    async fn document_body(&self, article: ArticleId) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query(
            "SELECT d.body_zstd FROM document d JOIN article a ON a.document_id = d.id WHERE a.id = $1",
        )
        .bind(article.0)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => {
                let blob: Vec<u8> = r.try_get("body_zstd")?;
                Ok(Some(zstd::stream::decode_all(blob.as_slice())?))
            }
        }
    }
}

#[async_trait]
impl JobQueue for PgStore {
    async fn enqueue(&self, job: &NewJob) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let queued = insert_job(&mut tx, job, ms(Utc::now())).await?;
        tx.commit().await?;
        Ok(queued)
    }

    async fn claim_many(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Job>> {
        // Jobs whose lease ran out (a killed worker's) return to the unleased jobs that
        // claims read, found by their lease's end.
        sqlx::query(
            "UPDATE job SET locked_by = NULL, locked_until = NULL
             WHERE state = 'queued' AND locked_by IS NOT NULL AND locked_until < $1",
        )
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        // SKIP LOCKED lets claimers pass over the rows another claimer is taking instead of
        // queueing behind it; a row whose lease a concurrent claim just set is re-checked
        // against the WHERE clause after that claim commits, so no job is claimed twice.
        let rows = sqlx::query(
            "WITH picked AS (
                SELECT id FROM job WHERE state = 'queued' AND locked_by IS NULL AND run_at <= $3
                ORDER BY ordinal, run_at, id LIMIT $4
                FOR UPDATE SKIP LOCKED)
             UPDATE job SET locked_by = $1, locked_until = $2, attempts = attempts + 1,
                updated_at = $3
             FROM picked WHERE job.id = picked.id
             RETURNING job.id, job.kind, job.payload, job.feed_id, job.attempts,
                job.max_attempts, job.ordinal, job.run_at",
        )
        .bind(worker)
        .bind(ms(lease_until))
        .bind(ms(now))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        // RETURNING gives no order: restore the queue's.
        let mut jobs = Vec::with_capacity(rows.len());
        for r in rows {
            let order: (i64, i64) = (r.try_get("ordinal")?, r.try_get("run_at")?);
            jobs.push((order, job_from_row(&r)?));
        }
        jobs.sort_by_key(|(order, job)| (*order, job.id.0));
        Ok(jobs.into_iter().map(|(_, job)| job).collect())
    }

    async fn complete(&self, job: JobId) -> Result<()> {
        sqlx::query("DELETE FROM job WHERE id = $1")
            .bind(job.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn fail(&self, job: JobId, error: &str, retry_at: Option<DateTime<Utc>>) -> Result<()> {
        let now = ms(Utc::now());
        let query = match retry_at {
            Some(at) => sqlx::query(
                "UPDATE job SET state = 'queued', run_at = $1, locked_by = NULL, locked_until = NULL,
                    last_error = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(ms(at)),
            // A job that failed for good keeps its dedup key, so that feeds do not queue it again.
            None => sqlx::query(
                "UPDATE job SET state = 'failed', locked_by = NULL, locked_until = NULL,
                    last_error = $1, updated_at = $2 WHERE id = $3",
            ),
        };
        query
            .bind(error)
            .bind(now)
            .bind(job.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn skip(&self, job: JobId, reason: &str) -> Result<()> {
        sqlx::query(
            "UPDATE job SET state = 'skipped', locked_by = NULL, locked_until = NULL,
                last_error = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(reason)
        .bind(ms(Utc::now()))
        .bind(job.0)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn release_all_leases(&self) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE job SET locked_by = NULL, locked_until = NULL WHERE locked_by IS NOT NULL",
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    async fn make_waiting_ready(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("UPDATE job SET run_at = $1 WHERE state = 'queued' AND run_at > $1")
            .bind(ms(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn has_queued_jobs(&self) -> Result<bool> {
        let r = sqlx::query(HAS_QUEUED_JOBS).fetch_one(&self.pool).await?;
        Ok(r.try_get("queued")?)
    }

    async fn job_counts(&self, now: DateTime<Utc>) -> Result<JobCounts> {
        let r = sqlx::query(
            "SELECT
                COUNT(*) FILTER (WHERE state = 'queued' AND locked_until >= $1) AS running,
                COUNT(*) FILTER (WHERE state = 'queued'
                    AND (locked_until IS NULL OR locked_until < $1) AND run_at <= $1) AS ready,
                COUNT(*) FILTER (WHERE state = 'queued'
                    AND (locked_until IS NULL OR locked_until < $1) AND run_at > $1) AS waiting,
                COUNT(*) FILTER (WHERE state = 'failed') AS failed
             FROM job",
        )
        .bind(ms(now))
        .fetch_one(&self.pool)
        .await?;
        Ok(JobCounts {
            ready: r.try_get("ready")?,
            waiting: r.try_get("waiting")?,
            running: r.try_get("running")?,
            failed: r.try_get("failed")?,
        })
    }

    async fn failed_jobs(&self, limit: i64) -> Result<Vec<(JobId, Option<FeedId>, String)>> {
        let rows = sqlx::query(
            "SELECT id, feed_id, COALESCE(last_error, '') AS e FROM job WHERE state = 'failed'
             ORDER BY updated_at DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    JobId(r.try_get("id")?),
                    r.try_get::<Option<i64>, _>("feed_id")?.map(FeedId),
                    r.try_get("e")?,
                ))
            })
            .collect()
    }

    async fn release(&self, job: JobId) -> Result<()> {
        sqlx::query(
            "UPDATE job SET locked_by = NULL, locked_until = NULL,
                attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
             WHERE id = $1 AND state = 'queued' AND locked_by IS NOT NULL",
        )
        .bind(job.0)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://marsad:s3cret@db.example:5432/marsad"),
            "postgres://marsad:***@db.example:5432/marsad"
        );
        assert_eq!(
            redact_url("postgres://marsad@db/marsad?sslmode=disable"),
            "postgres://marsad@db/marsad?sslmode=disable"
        );
        assert_eq!(
            redact_url("postgres://u:p@ss@h/db"),
            "postgres://u:***@h/db"
        );
    }
}
