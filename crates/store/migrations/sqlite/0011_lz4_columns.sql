-- PostgreSQL's migration 0011 changes how the server compresses some article columns. SQLite
-- stores them as they are; this file keeps the two schemas' version numbers in step.
SELECT 1;
