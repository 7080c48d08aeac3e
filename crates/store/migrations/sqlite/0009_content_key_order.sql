-- PostgreSQL's migration 0009 orders its content-key index by id. SQLite's index on the
-- content key already ends with the rowid, which is the id; this file keeps the two schemas'
-- version numbers in step.
SELECT 1;
