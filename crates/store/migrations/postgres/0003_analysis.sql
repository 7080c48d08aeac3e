-- The analysis committed with each article (see sqlite/0003_analysis.sql): the version of the
-- MinHash scheme beside its signature, and the indexes of the warm-up window, copy groups and
-- tag pages.
ALTER TABLE article ADD COLUMN minhash_version BIGINT;
CREATE INDEX article_ingested ON article (ingested_at);
CREATE INDEX article_duplicate ON article (duplicate_of);
CREATE INDEX article_tag_tag ON article_tag (tag_id, article_id);
ALTER TABLE tag ADD COLUMN article_count BIGINT NOT NULL DEFAULT 0;
