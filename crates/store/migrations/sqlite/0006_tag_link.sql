-- PostgreSQL's migration 0006 drops the foreign key from `article_tag` to `tag`, which many
-- concurrent writers made a point of contention. SQLite has one writer at a time, so the key
-- costs nothing here and stays; this file keeps the two schemas' version numbers in step.
SELECT 1;
