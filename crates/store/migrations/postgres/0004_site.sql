-- The reading site's indexes (see sqlite/0004_site.sql): articles newest first by publication
-- time, else ingestion time, overall and per source; active stories; a feed's articles.
CREATE INDEX article_time ON article ((COALESCE(published_at, ingested_at)) DESC, id DESC);
CREATE INDEX article_source_time ON article (source_id, (COALESCE(published_at, ingested_at)) DESC, id DESC);
CREATE INDEX story_last ON story (last_published_at);
CREATE INDEX article_feed ON article (feed_id);
