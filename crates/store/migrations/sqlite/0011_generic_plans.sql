-- PostgreSQL's migration 0011 makes its commit function keep its plans. SQLite has no such
-- function; this file keeps the two schemas' version numbers in step.
SELECT 1;
