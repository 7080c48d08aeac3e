-- The analysis digest of an article (`marsad_analyze::digest`): what another process needs to
-- enter the article into its analysis state, so that following the store is decoding about
-- two kilobytes instead of reading and tokenizing the text. A digest is read only under the
-- version it was written with; articles stored before this migration have none and are read
-- from their text.
ALTER TABLE article ADD COLUMN digest BLOB;
ALTER TABLE article ADD COLUMN digest_version INTEGER;
-- Two indexes no query reads, each written with every article: `article_source_time` leads
-- with `article_source`'s column and serves every lookup by source, and every listing orders
-- by publication time falling back to ingestion (`article_time`), never by `published_at`
-- alone.
DROP INDEX IF EXISTS article_source;
DROP INDEX IF EXISTS article_published;
