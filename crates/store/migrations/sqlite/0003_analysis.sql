-- Ingestion runs the analysis of `marsad analyze` (near-copies, stories, tags) one article at
-- a time. The MinHash signature goes into the `minhash` column that 0001 reserved for it; the
-- version of the hashing scheme is kept beside it, so that a changed scheme is recognised and
-- the signature recomputed instead of compared with incompatible ones.
ALTER TABLE article ADD COLUMN minhash_version INTEGER;
-- The pipeline warms its analysis state from the articles of the last days at start.
CREATE INDEX article_ingested ON article (ingested_at);
-- A late original re-points its group of copies by `duplicate_of`.
CREATE INDEX article_duplicate ON article (duplicate_of);
-- Articles by tag, newest first, for tag pages and related reading.
CREATE INDEX article_tag_tag ON article_tag (tag_id, article_id);
-- How many articles carry each tag: related reading weighs a shared tag by its rarity.
ALTER TABLE tag ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
