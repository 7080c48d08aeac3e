-- The analysis digest of an article (`marsad_analyze::digest`): what another process needs to
-- enter the article into its analysis state, so that following the store is decoding a few
-- hundred bytes instead of reading and tokenizing the text. A digest is read only under the
-- version it was written with; articles stored before this migration have none and are read
-- from their text.
ALTER TABLE article ADD COLUMN digest BLOB;
ALTER TABLE article ADD COLUMN digest_version INTEGER;
-- `article_source_time` leads with the same column and serves every lookup by source.
DROP INDEX IF EXISTS article_source;
