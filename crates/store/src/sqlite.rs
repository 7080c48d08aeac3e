//! The SQLite backend: one file in WAL mode, write transactions begun `IMMEDIATE`.

use crate::migrate::{self, SQLITE_MIGRATIONS};
use crate::sql::*;
use crate::{
    ArticleAnalysis, ArticleCommit, ArticleStore, ChangePosition, FeedFetchOk, FeedStore, Job,
    JobCounts, JobQueue, NewDocument, NewJob, Originality, RecentArticle, RelatedCandidate, Result,
    SharedTag, SourceStore, StoreError, Tag,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use marsad_model::{
    Article, ArticleId, ArticleSummary, Feed, FeedId, FeedKind, JobId, JobKind, NewArticle,
    Precision, RelatedLink, Source, SourceId, StoryId,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Row, SqlitePool, Transaction};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Connections for reading; in WAL mode readers never wait for the writer.
    pub(crate) pool: SqlitePool,
    /// The one connection that writes. SQLite admits one writer at a time, and a connection
    /// that finds the write lock taken sleeps in SQLite's busy handler (1, 2, 5, 10 … ms) and
    /// leaves the lock idle meanwhile; queueing writers on this pool instead hands the lock on
    /// the moment it is free.
    writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(path: &Path) -> Result<SqliteStore> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(30))
            .foreign_keys(true)
            // A larger page cache per connection keeps hot index pages out of read() calls.
            // (No mmap: mapped pages count as resident memory in every connection.)
            .pragma("cache_size", "-16384")
            // A checkpoint syncs the disk and runs on the writing connection, holding the one
            // write lock; checkpointing every 64 MiB of log instead of every 4 MiB makes that
            // pause sixteen times rarer. Readers are unaffected; the log is reset afterwards.
            .pragma("wal_autocheckpoint", "16384")
            // Workers routinely wait for the write lock; that is not worth a warning.
            .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(5));
        // The writer connects first, so that it creates the file and sets WAL mode alone.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let store = SqliteStore { pool, writer };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations; returns the versions applied.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        migrate::apply(&self.writer, SQLITE_MIGRATIONS).await
    }

    /// The schema version of the database.
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migration")
                .fetch_one(&self.pool)
                .await?
                .try_get("v")?,
        )
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    async fn write_tx(&self) -> Result<Transaction<'static, sqlx::Sqlite>> {
        // IMMEDIATE takes the write lock up front, so a transaction never fails half-way
        // with SQLITE_BUSY when it upgrades from reading to writing.
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }
}

pub(crate) const FEED_COLUMNS: &str =
    "f.id, f.source_id, s.name AS source_name, f.url, f.title, f.kind,
    f.etag, f.last_modified, f.interval_secs, f.next_fetch_at, f.error_count, f.last_status,
    f.last_error, f.last_fetch_at, f.last_ok_at, f.items_seen, f.paused,
    (SELECT COUNT(*) FROM article a WHERE a.feed_id = f.id) AS article_count,
    (SELECT COUNT(*) FROM job j WHERE j.feed_id = f.id AND j.state = 'failed') AS failed_items";

pub(crate) fn feed_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<Feed> {
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

fn article_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<Article> {
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

fn job_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<Job> {
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

async fn insert_job(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    job: &NewJob,
    unless_url_key: Option<&str>,
    now: i64,
) -> Result<bool> {
    // The WHERE clause also settles SQLite's parsing ambiguity of INSERT … SELECT … ON CONFLICT.
    let done = sqlx::query(
        "INSERT INTO job (kind, payload, dedup_key, feed_id, run_at, max_attempts, ordinal,
            created_at, updated_at)
         SELECT $1, $2, $3, $4, $5, $6, $9, $7, $7
         WHERE $8 IS NULL OR NOT EXISTS (SELECT 1 FROM article_url WHERE url_key = $8)
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(job.kind.as_str())
    .bind(job.payload.to_string())
    .bind(job.dedup_key.as_deref())
    .bind(job.feed_id.map(|f| f.0))
    .bind(ms(job.run_at))
    .bind(job.max_attempts)
    .bind(now)
    .bind(unless_url_key)
    .bind(job.ordinal)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

async fn delete_job(tx: &mut Transaction<'static, sqlx::Sqlite>, job: Option<JobId>) -> Result<()> {
    if let Some(job) = job {
        sqlx::query("DELETE FROM job WHERE id = $1")
            .bind(job.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl SourceStore for SqliteStore {
    async fn ensure_source(&self, name: &str, homepage: Option<&str>) -> Result<SourceId> {
        let row = sqlx::query(
            "INSERT INTO source (name, homepage, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET homepage = COALESCE(source.homepage, excluded.homepage)
             RETURNING id",
        )
        .bind(name)
        .bind(homepage)
        .bind(ms(Utc::now()))
        .fetch_one(&self.writer)
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
                COALESCE(SUM(o.source_id IS NOT NULL AND o.source_id != a.source_id), 0) AS copies
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
impl FeedStore for SqliteStore {
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
        .fetch_optional(&self.writer)
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
        let mut tx = self.write_tx().await?;
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
            .execute(&self.writer)
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
        let mut tx = self.write_tx().await?;
        let mut queued = 0u64;
        for item in &ok.item_jobs {
            if insert_job(&mut tx, &item.job, Some(&item.url_key), now).await? {
                queued += 1;
            }
        }
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
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}

/// Links an article to its tags, most important first, creating the tags it is the first to
/// name. Two statements whatever the number of tags: the commit runs on the one writer
/// connection, where every statement delays every other worker.
async fn insert_tags(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    article: ArticleId,
    tags: &[Tag],
) -> Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let rows = vec!["(?, ?, ?, 1)"; tags.len()].join(", ");
    // The first spelling of a tag names it; a conflicting insert only returns the id.
    let sql = format!(
        "INSERT INTO tag (name, key, kind, article_count) VALUES {rows}
         ON CONFLICT (key) DO UPDATE SET article_count = article_count + 1 RETURNING id, key"
    );
    // Audited: only placeholders are formatted into the statement, never a value.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for tag in tags {
        query = query.bind(&tag.name).bind(&tag.key).bind(&tag.kind);
    }
    let ids: HashMap<String, i64> = query
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("key")?, r.try_get("id")?)))
        .collect::<Result<_>>()?;
    let rows = vec!["(?, ?, ?, 'analysis')"; tags.len()].join(", ");
    let sql = format!(
        "INSERT INTO article_tag (article_id, tag_id, score, origin) VALUES {rows}
         ON CONFLICT (article_id, tag_id) DO NOTHING"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (rank, tag) in tags.iter().enumerate() {
        let tag_id = ids
            .get(&tag.key)
            .copied()
            .ok_or_else(|| StoreError::Corrupt {
                what: "tag",
                detail: format!("{:?} was not returned by its insert", tag.key),
            })?;
        // The score keeps the analysis' order: the most important tag scores highest.
        query = query
            .bind(article.0)
            .bind(tag_id)
            .bind(1.0 / (1.0 + rank as f64));
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

async fn insert_document(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    d: &NewDocument,
    compressed: Vec<u8>,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO document (url, final_url, fetched_at, status, content_type, charset, body_len, body_zstd)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&d.url)
    .bind(&d.final_url)
    .bind(ms(d.fetched_at))
    .bind(i64::from(d.status))
    .bind(d.content_type.as_deref())
    .bind(d.charset.as_deref())
    .bind(d.body.len() as i64)
    .bind(compressed)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

async fn insert_aliases(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    id: ArticleId,
    keys: impl Iterator<Item = &str>,
) -> Result<()> {
    for key in keys {
        sqlx::query(
            "INSERT INTO article_url (url_key, article_id) VALUES ($1, $2) ON CONFLICT (url_key) DO NOTHING",
        )
        .bind(key)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A `RecentArticle` read with `RECENT_COLUMNS`, and its change position.
fn recent_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<(ChangePosition, RecentArticle)> {
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
impl ArticleStore for SqliteStore {
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
        let now = ms(Utc::now());
        let compressed = compress(document)?;
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query("SELECT article_id FROM article_url WHERE url_key = $1")
            .bind(&a.url_key)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = existing {
            let id = ArticleId(row.try_get("article_id")?);
            insert_aliases(&mut tx, id, a.alias_keys.iter().map(String::as_str)).await?;
            delete_job(&mut tx, job).await?;
            tx.commit().await?;
            return Ok(ArticleCommit::Existing(id));
        }
        let document_id = insert_document(&mut tx, document, compressed).await?;
        // An empty content key means "too little text to compare": never an exact copy.
        let exact = if a.content_key.is_empty() {
            None
        } else {
            sqlx::query("SELECT id FROM article WHERE content_key = $1 ORDER BY id LIMIT 1")
                .bind(&a.content_key)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get::<i64, _>("id"))
                .transpose()?
        };
        // An exact match wins over the pipeline's near-copy. Either may name any member of a
        // group (the pipeline's index does not see re-pointing, and a join makes a root a
        // member), so it is followed to the group's root; groups are flat, so one step
        // reaches it.
        let original = match exact.or(analysis.duplicate_of.map(|d| d.0)) {
            Some(near) => {
                sqlx::query(ROOT_OF)
                    .bind(near)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        // The earliest published member of a group of copies is its original. When a page
        // published before the current original arrives late, it takes that place and the
        // group is re-pointed to it (after its insert, below).
        let mut displaced = None;
        let (duplicate_of, story) = match original {
            Some(r) => {
                let (orig, story, at): (i64, Option<i64>, i64) =
                    (r.try_get("id")?, r.try_get("story_id")?, r.try_get("at")?);
                if a.published_at.is_some_and(|p| ms(p) < at) {
                    displaced = Some(orig);
                    (None, story)
                } else {
                    (Some(orig), story)
                }
            }
            // The clusterer's story, if it still exists: a story id from a stale state must
            // not become a dangling reference.
            None => match analysis.story {
                Some(s) => (
                    None,
                    sqlx::query("SELECT id FROM story WHERE id = $1")
                        .bind(s.0)
                        .fetch_optional(&mut *tx)
                        .await?
                        .map(|r| r.try_get::<i64, _>("id"))
                        .transpose()?,
                ),
                None => (None, None),
            },
        };
        let story_id = match story {
            Some(s) => s,
            None => {
                sqlx::query("INSERT INTO story (title, created_at) VALUES ($1, $2) RETURNING id")
                    .bind(a.title.as_deref())
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?
            }
        };
        let row = sqlx::query(
            "INSERT INTO article (source_id, feed_id, document_id, url, canonical_url, url_key,
                title, description, authors, published_at, published_offset, published_precision,
                updated_at, lang, dir, text, html_sanitized, image, credit, page_tags,
                related_links, site_name, extractor_version, content_key, duplicate_of, story_id,
                ingested_at, minhash, minhash_version, digest, digest_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)
             RETURNING id",
        )
        .bind(a.source_id.0)
        .bind(a.feed_id.map(|f| f.0))
        .bind(document_id)
        .bind(&a.url)
        .bind(&a.canonical_url)
        .bind(&a.url_key)
        .bind(a.title.as_deref())
        .bind(a.description.as_deref())
        .bind(to_json(&a.authors))
        .bind(a.published_at.map(ms))
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
        .bind(&a.content_key)
        .bind(duplicate_of)
        .bind(story_id)
        .bind(now)
        .bind(analysis.signature.as_deref())
        .bind(
            analysis
                .signature
                .as_ref()
                .map(|_| analysis.signature_version),
        )
        .bind(analysis.digest.as_deref())
        .bind(analysis.digest.as_ref().map(|_| analysis.digest_version))
        .fetch_one(&mut *tx)
        .await?;
        let id = ArticleId(row.try_get("id")?);
        if let Some(old) = displaced {
            sqlx::query("UPDATE article SET duplicate_of = $1 WHERE id = $2 OR duplicate_of = $2")
                .bind(id.0)
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        insert_aliases(
            &mut tx,
            id,
            std::iter::once(a.url_key.as_str()).chain(a.alias_keys.iter().map(String::as_str)),
        )
        .await?;
        insert_tags(&mut tx, id, &analysis.tags).await?;
        // Story figures are recomputed from its articles, so they can never drift.
        sqlx::query(STORY_REFRESH)
            .bind(story_id)
            .execute(&mut *tx)
            .await?;
        delete_job(&mut tx, job).await?;
        tx.commit().await?;
        Ok(ArticleCommit::Inserted {
            id,
            duplicate_of: duplicate_of.map(ArticleId),
            story_id: StoryId(story_id),
        })
    }

    async fn join_copies(&self, a: ArticleId, b: ArticleId) -> Result<Option<ArticleId>> {
        // The write transaction serializes joins and commits: nothing moves under it.
        let mut tx = self.write_tx().await?;
        let mut roots = Vec::with_capacity(2);
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
        // The earlier published root stays; the lower id among equals.
        roots.sort_by_key(|&(id, _, at)| (at, id));
        let [(keep, keep_story, _), (gone, gone_story, _)] = [roots[0], roots[1]];
        if keep == gone {
            return Ok(None);
        }
        sqlx::query(REPOINT_GROUP)
            .bind(keep)
            .bind(gone)
            .bind(keep_story)
            .execute(&mut *tx)
            .await?;
        let other = gone_story.filter(|&s| Some(s) != keep_story);
        for story in [keep_story, other].into_iter().flatten() {
            sqlx::query(STORY_REFRESH)
                .bind(story)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(s) = other {
            sqlx::query(DELETE_EMPTY_STORY)
                .bind(s)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(ArticleId(keep)))
    }

    async fn recent_articles(
        &self,
        since_ms: i64,
        after: ArticleId,
        limit: i64,
        digest_version: i64,
    ) -> Result<Vec<RecentArticle>> {
        // Ids grow with ingestion, so the window starts at the first article ingested in it
        // (found on the `ingested_at` index): without that bound every page would scan the
        // archive's older rows, texts and all. An article published in the window was ingested
        // in it too, unless its date lay in the future when it was stored.
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
        // One writer at a time: every change to come takes a sequence above the highest.
        let seq: i64 = sqlx::query("SELECT COALESCE(MAX(change_seq), 0) AS seq FROM article")
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
        // The ids travel as one JSON array: a page of articles is hundreds of ids.
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        let rows = sqlx::query(
            "SELECT x.article_id, t.name FROM article_tag x JOIN tag t ON t.id = x.tag_id
             WHERE x.article_id IN (SELECT value FROM json_each($1))
             ORDER BY x.article_id, x.score DESC, t.id",
        )
        .bind(to_json(&ids))
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
            // The tag's newest articles, on the (tag_id, article_id) index, grouped by story:
            // the work is bounded by `per_tag` however common the tag is.
            let rows = sqlx::query(
                "SELECT a.story_id, COUNT(*) AS n FROM
                    (SELECT article_id FROM article_tag WHERE tag_id = $1
                     ORDER BY article_id DESC LIMIT $2) r
                 JOIN article a ON a.id = r.article_id
                 WHERE a.story_id IS NOT NULL AND a.story_id IS NOT $3
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
        // The candidates' figures in one statement. Audited: only placeholders are formatted
        // into it.
        let sql = format!(
            "SELECT id, title, last_published_at, article_count FROM story WHERE id IN ({})",
            vec!["?"; found.len()].join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for c in &found {
            query = query.bind(c.story.0);
        }
        for r in query.fetch_all(&self.pool).await? {
            let c = &mut found[at[&r.try_get::<i64, _>("id")?]];
            c.title = r.try_get("title")?;
            c.last_published_ms = r.try_get("last_published_at")?;
            c.article_count = r.try_get("article_count")?;
        }
        Ok(found)
    }

    async fn save_document(&self, document: &NewDocument) -> Result<()> {
        let compressed = compress(document)?;
        let mut tx = self.write_tx().await?;
        insert_document(&mut tx, document, compressed).await?;
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
        // One writer at a time: the sequence grows in commit order, so every row is final.
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, a.change_seq FROM article a JOIN source s ON s.id = a.source_id
             WHERE (a.change_seq, a.id) > ($1, $2)
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
impl JobQueue for SqliteStore {
    async fn enqueue(&self, job: &NewJob) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let queued = insert_job(&mut tx, job, None, ms(Utc::now())).await?;
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
        // claims read, found by their lease's end. Without statistics SQLite's planner
        // preferred `job_ready`'s equality on the state to both partial indexes, and read
        // every queued job: the indexes are named.
        sqlx::query(
            "UPDATE job INDEXED BY job_leased SET locked_by = NULL, locked_until = NULL
             WHERE state = 'queued' AND locked_by IS NOT NULL AND locked_until < $1",
        )
        .bind(ms(now))
        .execute(&self.writer)
        .await?;
        // One statement, so that two workers can never claim the same job.
        let rows = sqlx::query(
            "UPDATE job SET locked_by = $1, locked_until = $2, attempts = attempts + 1, updated_at = $3
             WHERE id IN (SELECT id FROM job INDEXED BY job_unleased
                 WHERE state = 'queued' AND locked_by IS NULL
                 AND run_at <= $3 ORDER BY ordinal, run_at, id LIMIT $4)
             RETURNING id, kind, payload, feed_id, attempts, max_attempts, ordinal, run_at",
        )
        .bind(worker)
        .bind(ms(lease_until))
        .bind(ms(now))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.writer)
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
            .execute(&self.writer)
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
            .execute(&self.writer)
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
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn release_all_leases(&self) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE job SET locked_by = NULL, locked_until = NULL WHERE locked_by IS NOT NULL",
        )
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    async fn make_waiting_ready(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("UPDATE job SET run_at = $1 WHERE state = 'queued' AND run_at > $1")
            .bind(ms(now))
            .execute(&self.writer)
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
                COALESCE(SUM(CASE WHEN state = 'queued' AND locked_until >= $1 THEN 1 ELSE 0 END), 0) AS running,
                COALESCE(SUM(CASE WHEN state = 'queued' AND (locked_until IS NULL OR locked_until < $1)
                    AND run_at <= $1 THEN 1 ELSE 0 END), 0) AS ready,
                COALESCE(SUM(CASE WHEN state = 'queued' AND (locked_until IS NULL OR locked_until < $1)
                    AND run_at > $1 THEN 1 ELSE 0 END), 0) AS waiting,
                COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS failed
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
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
