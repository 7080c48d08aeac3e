-- PostgreSQL's migration 0010 adds the function that stores an article in one call. SQLite
-- runs in the process, where a statement costs no round trip; this file keeps the two schemas'
-- version numbers in step.
SELECT 1;
