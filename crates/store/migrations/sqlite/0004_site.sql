-- The reading site lists articles newest first by publication time, else ingestion time: the
-- home page, source pages and the charts of volume per day read these indexes in order
-- instead of sorting the archive on every request.
CREATE INDEX article_time ON article (COALESCE(published_at, ingested_at) DESC, id DESC);
CREATE INDEX article_source_time ON article (source_id, COALESCE(published_at, ingested_at) DESC, id DESC);
-- Top stories are the stories active in the last hours.
CREATE INDEX story_last ON story (last_published_at);
-- A feed's article count (feed health on source and admin pages) and a feed's removal.
CREATE INDEX article_feed ON article (feed_id);
