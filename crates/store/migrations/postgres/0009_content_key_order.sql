-- A commit looks up the earliest exact copy with `WHERE content_key = $1 ORDER BY id LIMIT 1`.
-- With an index on the content key alone, a planner without statistics (a new or freshly
-- loaded table, before the first ANALYZE) chose to walk the primary key in id order and test
-- every row: a cost that grew with the table. An index that holds the key and then the id
-- answers the filter and the order at once, whatever the statistics say.
CREATE INDEX article_content_key_id ON article (content_key, id);
DROP INDEX article_content_key;
