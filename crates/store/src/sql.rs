//! SQL text and value conversions that the SQLite and PostgreSQL backends share: the
//! column lists of the read queries (the same SQL on both dialects), times as milliseconds,
//! JSON columns and raw-document compression.

use crate::{NewDocument, Result, StoreError};
use chrono::{DateTime, Utc};

/// zstd level for raw documents. Level 1 compressed the simulated web's pages about 1.8
/// times as fast as level 3, into 5% more bytes; they are kept to be read again by a later
/// extractor, rarely.
pub(crate) const ZSTD_LEVEL: i32 = 1;

/// Compresses a document body. Called before a write transaction begins, so that the
/// compression does not hold the database's one write lock. Each thread keeps its
/// compression context: a new one allocates and clears about a megabyte of tables, which
/// cost more than compressing a page.
pub(crate) fn compress(d: &NewDocument) -> Result<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|c| {
        let c = match c {
            Some(c) => c,
            None => c.insert(zstd::bulk::Compressor::new(ZSTD_LEVEL)?),
        };
        Ok(c.compress(&d.body)?)
    })
}

/// A JSON array column read back; a malformed one is reported as corrupt.
pub(crate) fn json_vec<T: serde::de::DeserializeOwned>(
    what: &'static str,
    s: &str,
) -> Result<Vec<T>> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
        what,
        detail: e.to_string(),
    })
}

/// A value written to a JSON column.
pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> String {
    // Serializing plain strings and structs of strings cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_string())
}

/// A stored time (milliseconds since the epoch).
pub(crate) fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or(DateTime::UNIX_EPOCH)
}

/// A time as stored: milliseconds since the epoch.
pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// An optional stored time.
pub(crate) fn opt_ms(v: Option<i64>) -> Option<DateTime<Utc>> {
    v.map(from_ms)
}

/// The columns of an `Article`, over `article a JOIN source s`.
pub(crate) const ARTICLE_COLUMNS: &str =
    "a.id, s.name AS source_name, a.source_id, a.feed_id, a.url,
    a.canonical_url, a.url_key, a.title, a.description, a.authors, a.published_at,
    a.published_offset, a.published_precision, a.updated_at, a.lang, a.dir, a.text,
    a.html_sanitized, a.image, a.credit, a.page_tags, a.related_links, a.site_name,
    a.extractor_version, a.content_key, a.duplicate_of, a.story_id, a.ingested_at";

/// Whether any job is queued, on the `job_ready` index.
pub(crate) const HAS_QUEUED_JOBS: &str =
    "SELECT EXISTS (SELECT 1 FROM job WHERE state = 'queued') AS queued";

/// The columns of a `RecentArticle`, over `article`, with the digest version wanted as `$4`:
/// an article with a digest of that version comes without its text, which the reader does
/// not need then and which is most of the row.
pub(crate) const RECENT_COLUMNS: &str =
    "id, title, CASE WHEN digest_version = $4 THEN '' ELSE text END AS text,
    CASE WHEN digest_version = $4 THEN digest END AS digest, published_at, ingested_at,
    minhash, minhash_version, duplicate_of, story_id, change_seq";

/// The columns of `ListedArticle`, over `article a JOIN source s`.
pub(crate) const LISTED_COLUMNS: &str =
    "a.id, a.title, a.description, a.source_id, s.name AS source_name,
    a.canonical_url, a.published_at, a.published_offset, a.ingested_at, a.dir, a.lang,
    a.duplicate_of, a.story_id";

/// The columns of `StorySummary`, over `story st LEFT JOIN article o (origin) LEFT JOIN
/// source s`.
pub(crate) const STORY_COLUMNS: &str =
    "st.id, st.title, st.origin_article_id, o.source_id AS origin_source,
    s.name AS origin_source_name, o.lang, o.dir, st.source_count, st.article_count,
    st.first_published_at, st.last_published_at";

/// The tables `STORY_COLUMNS` reads from.
pub(crate) const STORY_FROM: &str = "story st LEFT JOIN article o ON o.id = st.origin_article_id
    LEFT JOIN source s ON s.id = o.source_id";

/// Recomputes the figures of story `$1` from its articles: origin and title of the earliest,
/// first and last times, counts of articles and sources.
pub(crate) const STORY_REFRESH: &str = "UPDATE story SET
    origin_article_id = (SELECT id FROM article WHERE story_id = $1
        ORDER BY COALESCE(published_at, ingested_at), id LIMIT 1),
    title = COALESCE((SELECT title FROM article WHERE story_id = $1
        AND title IS NOT NULL ORDER BY COALESCE(published_at, ingested_at), id
        LIMIT 1), title),
    first_published_at = (SELECT MIN(COALESCE(published_at, ingested_at)) FROM article
        WHERE story_id = $1),
    last_published_at = (SELECT MAX(COALESCE(published_at, ingested_at)) FROM article
        WHERE story_id = $1),
    article_count = (SELECT COUNT(*) FROM article WHERE story_id = $1),
    source_count = (SELECT COUNT(DISTINCT source_id) FROM article WHERE story_id = $1)
 WHERE id = $1";

/// The root of an article's group of copies (itself when it is no copy), with the root's story
/// and time: `$1` is the article.
pub(crate) const ROOT_OF: &str =
    "SELECT r.id, r.story_id, COALESCE(r.published_at, r.ingested_at) AS at
    FROM article a JOIN article r ON r.id = COALESCE(a.duplicate_of, a.id) WHERE a.id = $1";

/// Points every member of group `$2` (its root included) to root `$1`, in story `$3`.
pub(crate) const REPOINT_GROUP: &str =
    "UPDATE article SET duplicate_of = $1, story_id = COALESCE($3, story_id)
    WHERE id = $2 OR duplicate_of = $2";

/// Deletes story `$1` when no article is left in it.
pub(crate) const DELETE_EMPTY_STORY: &str =
    "DELETE FROM story WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM article WHERE story_id = $1)";

/// The columns of a `TagInfo`, over `tag t`.
pub(crate) const TAG_COLUMNS: &str = "t.id, t.name, t.key, t.kind, t.article_count";

/// A day in milliseconds.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// How far in the future a story's latest article may lie and still rank: a page dated later
/// than that carries a wrong date, and would otherwise sit on top until the date comes.
pub(crate) const FUTURE_GRACE_MS: i64 = 2 * 3_600_000;
