//! The PostgreSQL implementation of `SiteStore`: the SQLite statements, with arrays for id
//! lists and aggregates spelled out where PostgreSQL does not take an output name.

use super::{FEED_COLUMNS, PgStore, feed_from_row};
use crate::site::{
    CoTag, DayCount, ListedArticle, MAX_STORY_ARTICLES, SiteStore, SourceProfile, StoryCoverage,
    StoryRanking, StorySummary, TagInfo, TrendingTag, bounded,
};
use crate::sql::*;
use crate::{Result, SourceStore};
use async_trait::async_trait;
use marsad_model::{ArticleId, Source, SourceId, StoryId};
use sqlx::Row;
use sqlx::postgres::PgRow;

fn listed_from_row(r: &PgRow) -> Result<ListedArticle> {
    Ok(ListedArticle {
        id: ArticleId(r.try_get("id")?),
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        source_id: SourceId(r.try_get("source_id")?),
        source_name: r.try_get("source_name")?,
        url: r.try_get("canonical_url")?,
        published_at: opt_ms(r.try_get("published_at")?),
        published_offset: r.try_get("published_offset")?,
        ingested_at: from_ms(r.try_get("ingested_at")?),
        dir: r.try_get("dir")?,
        lang: r.try_get("lang")?,
        duplicate_of: r.try_get::<Option<i64>, _>("duplicate_of")?.map(ArticleId),
        story_id: r.try_get::<Option<i64>, _>("story_id")?.map(StoryId),
    })
}

fn story_from_row(r: &PgRow) -> Result<StorySummary> {
    Ok(StorySummary {
        id: StoryId(r.try_get("id")?),
        title: r.try_get("title")?,
        origin: r
            .try_get::<Option<i64>, _>("origin_article_id")?
            .map(ArticleId),
        origin_source: r.try_get::<Option<i64>, _>("origin_source")?.map(SourceId),
        origin_source_name: r.try_get("origin_source_name")?,
        lang: r.try_get("lang")?,
        dir: r.try_get("dir")?,
        sources: r.try_get("source_count")?,
        articles: r.try_get("article_count")?,
        first_published: opt_ms(r.try_get("first_published_at")?),
        last_published: opt_ms(r.try_get("last_published_at")?),
        score: 0.0,
    })
}

fn tag_from_row(r: &PgRow) -> Result<TagInfo> {
    Ok(TagInfo {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        key: r.try_get("key")?,
        kind: r.try_get("kind")?,
        articles: r.try_get("article_count")?,
    })
}

fn days_from_rows(rows: &[PgRow]) -> Result<Vec<DayCount>> {
    rows.iter()
        .map(|r| {
            Ok(DayCount {
                day: r.try_get("day")?,
                articles: r.try_get("n")?,
            })
        })
        .collect()
}

fn co_tags_from_rows(rows: &[PgRow]) -> Result<Vec<CoTag>> {
    rows.iter()
        .map(|r| {
            Ok(CoTag {
                tag: tag_from_row(r)?,
                together: r.try_get("together")?,
            })
        })
        .collect()
}

impl PgStore {
    /// Runs a statement of list columns with its bound values.
    async fn listed(&self, sql: String, binds: &[i64]) -> Result<Vec<ListedArticle>> {
        // Audited: callers format only constant column lists into `sql`, never a value.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = query.bind(*b);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(listed_from_row)
            .collect()
    }
}

#[async_trait]
impl SiteStore for PgStore {
    async fn top_stories(&self, ranking: &StoryRanking, limit: i64) -> Result<Vec<StorySummary>> {
        let (limit, _) = bounded(limit, 0);
        // The reference time is the earlier of the clock and the newest story's activity (see
        // `StoryRanking`), read first on the `story_last` index, so that the window below is a
        // constant range of that index.
        let latest_allowed = ranking.now_ms + FUTURE_GRACE_MS;
        let newest: Option<i64> = sqlx::query(
            "SELECT MAX(last_published_at) AS t FROM story WHERE last_published_at <= $1",
        )
        .bind(latest_allowed)
        .fetch_one(&self.pool)
        .await?
        .try_get("t")?;
        let reference = newest.map_or(ranking.now_ms, |t| t.min(ranking.now_ms));
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM {STORY_FROM}
             WHERE st.last_published_at >= $1 AND st.last_published_at <= $3
                AND st.article_count > 0
             ORDER BY st.last_published_at DESC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(reference - ranking.window_hours.max(1) * 3_600_000)
            .bind(ranking.candidates.clamp(1, 10_000))
            .bind(latest_allowed)
            .fetch_all(&self.pool)
            .await?;
        let mut stories = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut s = story_from_row(r)?;
            let last = s.last_published.map_or(reference, |t| t.timestamp_millis());
            s.score = ranking.score(s.sources, reference - last);
            stories.push(s);
        }
        stories.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
        stories.truncate(limit as usize);
        Ok(stories)
    }

    async fn story(&self, id: StoryId) -> Result<Option<StorySummary>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM {STORY_FROM} WHERE st.id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(story_from_row)
            .transpose()
    }

    async fn story_coverage(&self, id: StoryId) -> Result<Option<StoryCoverage>> {
        let Some(story) = self.story(id).await? else {
            return Ok(None);
        };
        let articles = self
            .listed(
                format!(
                    "SELECT {LISTED_COLUMNS} FROM article a JOIN source s ON s.id = a.source_id
                     WHERE a.story_id = $1
                     ORDER BY COALESCE(a.published_at, a.ingested_at), a.id LIMIT $2"
                ),
                &[id.0, MAX_STORY_ARTICLES],
            )
            .await?;
        Ok(Some(StoryCoverage::group(story, articles)))
    }

    async fn stories(&self, ids: &[StoryId]) -> Result<Vec<StorySummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = &ids[..ids.len().min(crate::site::MAX_PAGE as usize)];
        let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
        let sql = format!("SELECT {STORY_COLUMNS} FROM {STORY_FROM} WHERE st.id = ANY($1)");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&ids)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(story_from_row)
            .collect()
    }

    async fn latest(&self, limit: i64, offset: i64) -> Result<Vec<ListedArticle>> {
        let (limit, offset) = bounded(limit, offset);
        self.listed(
            format!(
                "SELECT {LISTED_COLUMNS} FROM article a JOIN source s ON s.id = a.source_id
                 ORDER BY COALESCE(a.published_at, a.ingested_at) DESC, a.id DESC
                 LIMIT $1 OFFSET $2"
            ),
            &[limit, offset],
        )
        .await
    }

    async fn listed_article(&self, id: ArticleId) -> Result<Option<ListedArticle>> {
        Ok(self
            .listed(
                format!(
                    "SELECT {LISTED_COLUMNS} FROM article a JOIN source s ON s.id = a.source_id
                     WHERE a.id = $1"
                ),
                &[id.0],
            )
            .await?
            .pop())
    }

    async fn trending_tags(
        &self,
        now_ms: i64,
        min_last_day: i64,
        limit: i64,
    ) -> Result<Vec<TrendingTag>> {
        // This process's own increments are written before its tag counts are read.
        self.settle_tag_counts().await;
        let (limit, _) = bounded(limit, 0);
        // The eight days before `now_ms` are one range of the `article_time` index.
        let sql = format!(
            "SELECT {TAG_COLUMNS},
                COUNT(*) FILTER (WHERE COALESCE(a.published_at, a.ingested_at) >= $1 - {DAY_MS}) AS last_day,
                COUNT(*) FILTER (WHERE COALESCE(a.published_at, a.ingested_at) < $1 - {DAY_MS}) AS week_before
             FROM article a JOIN article_tag x ON x.article_id = a.id JOIN tag t ON t.id = x.tag_id
             WHERE COALESCE(a.published_at, a.ingested_at) >= $1 - 8 * {DAY_MS}
                AND COALESCE(a.published_at, a.ingested_at) < $1
             GROUP BY t.id
             HAVING COUNT(*) FILTER (WHERE COALESCE(a.published_at, a.ingested_at) >= $1 - {DAY_MS}) >= $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now_ms)
            .bind(min_last_day.max(1))
            .fetch_all(&self.pool)
            .await?;
        let mut tags = rows
            .iter()
            .map(|r| {
                let last_day: i64 = r.try_get("last_day")?;
                let week_before: i64 = r.try_get("week_before")?;
                Ok(TrendingTag {
                    tag: tag_from_row(r)?,
                    last_day,
                    week_before,
                    score: last_day as f64 / (1.0 + week_before as f64 / 7.0),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        tags.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.last_day.cmp(&a.last_day))
                .then(a.tag.id.cmp(&b.tag.id))
        });
        tags.truncate(limit as usize);
        Ok(tags)
    }

    async fn tag_by_key(&self, key: &str) -> Result<Option<TagInfo>> {
        // This process's own increments are written before its tag counts are read.
        self.settle_tag_counts().await;
        let sql = format!("SELECT {TAG_COLUMNS} FROM tag t WHERE t.key = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(tag_from_row)
            .transpose()
    }

    async fn tags_of(&self, article: ArticleId) -> Result<Vec<TagInfo>> {
        // This process's own increments are written before its tag counts are read.
        self.settle_tag_counts().await;
        let sql = format!(
            "SELECT {TAG_COLUMNS} FROM article_tag x JOIN tag t ON t.id = x.tag_id
             WHERE x.article_id = $1 ORDER BY x.score DESC, t.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(article.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(tag_from_row)
            .collect()
    }

    async fn tag_articles(&self, tag: i64, limit: i64, offset: i64) -> Result<Vec<ListedArticle>> {
        let (limit, offset) = bounded(limit, offset);
        self.listed(
            format!(
                "SELECT {LISTED_COLUMNS} FROM article_tag x JOIN article a ON a.id = x.article_id
                 JOIN source s ON s.id = a.source_id WHERE x.tag_id = $1
                 ORDER BY COALESCE(a.published_at, a.ingested_at) DESC, a.id DESC
                 LIMIT $2 OFFSET $3"
            ),
            &[tag, limit, offset],
        )
        .await
    }

    async fn tag_volume(&self, tag: i64, from_ms: i64, to_ms: i64) -> Result<Vec<DayCount>> {
        let sql = format!(
            "SELECT COALESCE(a.published_at, a.ingested_at) / {DAY_MS} AS day, COUNT(*) AS n
             FROM article_tag x JOIN article a ON a.id = x.article_id
             WHERE x.tag_id = $1 AND COALESCE(a.published_at, a.ingested_at) >= $2
                AND COALESCE(a.published_at, a.ingested_at) < $3
             GROUP BY day ORDER BY day"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tag)
            .bind(from_ms)
            .bind(to_ms)
            .fetch_all(&self.pool)
            .await?;
        days_from_rows(&rows)
    }

    async fn co_tags(&self, tag: i64, per_tag: i64, limit: i64) -> Result<Vec<CoTag>> {
        // This process's own increments are written before its tag counts are read.
        self.settle_tag_counts().await;
        let (limit, _) = bounded(limit, 0);
        // The tag's newest articles on the (tag_id, article_id) index, then their other tags
        // on the article_tag primary key: bounded by `per_tag` however common the tag is.
        let sql = format!(
            "SELECT {TAG_COLUMNS}, COUNT(*) AS together FROM
                (SELECT article_id FROM article_tag WHERE tag_id = $1
                 ORDER BY article_id DESC LIMIT $2) r
             JOIN article_tag y ON y.article_id = r.article_id AND y.tag_id != $1
             JOIN tag t ON t.id = y.tag_id
             GROUP BY t.id ORDER BY together DESC, t.article_count DESC, t.id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tag)
            .bind(per_tag.clamp(1, 5_000))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        co_tags_from_rows(&rows)
    }

    async fn source_profile(&self, id: SourceId) -> Result<Option<SourceProfile>> {
        let Some(row) = sqlx::query("SELECT id, name, homepage FROM source WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let source = Source {
            id: SourceId(row.try_get("id")?),
            name: row.try_get("name")?,
            homepage: row.try_get("homepage")?,
        };
        let sql = format!(
            "SELECT {FEED_COLUMNS} FROM feed f JOIN source s ON s.id = f.source_id
             WHERE f.source_id = $1 ORDER BY f.url"
        );
        let feeds = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(feed_from_row)
            .collect::<Result<Vec<_>>>()?;
        let originality = self.source_originality(id).await?.into();
        Ok(Some(SourceProfile {
            source,
            feeds,
            originality,
        }))
    }

    async fn source_articles(
        &self,
        id: SourceId,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ListedArticle>> {
        let (limit, offset) = bounded(limit, offset);
        self.listed(
            format!(
                "SELECT {LISTED_COLUMNS} FROM article a JOIN source s ON s.id = a.source_id
                 WHERE a.source_id = $1
                 ORDER BY COALESCE(a.published_at, a.ingested_at) DESC, a.id DESC
                 LIMIT $2 OFFSET $3"
            ),
            &[id.0, limit, offset],
        )
        .await
    }

    async fn source_volume(&self, id: SourceId, from_ms: i64, to_ms: i64) -> Result<Vec<DayCount>> {
        // One range of the `article_source_time` index.
        let sql = format!(
            "SELECT COALESCE(published_at, ingested_at) / {DAY_MS} AS day, COUNT(*) AS n
             FROM article WHERE source_id = $1 AND COALESCE(published_at, ingested_at) >= $2
                AND COALESCE(published_at, ingested_at) < $3
             GROUP BY day ORDER BY day"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(from_ms)
            .bind(to_ms)
            .fetch_all(&self.pool)
            .await?;
        days_from_rows(&rows)
    }

    async fn source_tags(&self, id: SourceId, recent: i64, limit: i64) -> Result<Vec<CoTag>> {
        // This process's own increments are written before its tag counts are read.
        self.settle_tag_counts().await;
        let (limit, _) = bounded(limit, 0);
        let sql = format!(
            "SELECT {TAG_COLUMNS}, COUNT(*) AS together FROM
                (SELECT id FROM article WHERE source_id = $1
                 ORDER BY COALESCE(published_at, ingested_at) DESC, id DESC LIMIT $2) r
             JOIN article_tag y ON y.article_id = r.id
             JOIN tag t ON t.id = y.tag_id
             GROUP BY t.id ORDER BY together DESC, t.article_count DESC, t.id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(recent.clamp(1, 5_000))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        co_tags_from_rows(&rows)
    }

    async fn article_id_bound(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COALESCE(MAX(id), 0)::BIGINT AS n FROM article")
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?,
        )
    }

    async fn newest_article_ms(&self) -> Result<Option<i64>> {
        // Ordered, not MAX(), so that the `article_time` index answers with one row.
        let row = sqlx::query(
            "SELECT COALESCE(published_at, ingested_at) AS t FROM article
             ORDER BY COALESCE(published_at, ingested_at) DESC, id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.try_get("t")).transpose()?)
    }
}
