-- Two changes that take contention and growing work out of storing an article when many
-- workers commit at once.
--
-- An article's tags are linked without a foreign key to `tag`. The key check took a KEY
-- SHARE lock on the tag's row for every article naming it, so a common tag (a country, a
-- ministry) collected dozens of concurrent lockers, which PostgreSQL records as a MultiXact;
-- raising the tag's count then had to rewrite that MultiXact under contention, about 4 ms per
-- article on the full simulated web with three workers. Tags are never deleted, and a link
-- is only written with the id its tag statement returned, so every link names a tag.
ALTER TABLE article_tag DROP CONSTRAINT IF EXISTS article_tag_tag_id_fkey;
-- A story's figures now take each new article in instead of being recomputed from all its
-- articles; whether the story already has the article's source is one probe of this index.
CREATE INDEX article_story_source ON article (story_id, source_id);
DROP INDEX IF EXISTS article_story;
